//! Acceptance tests on the real example site (`content/` of the repository), built into a
//! temporary folder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::support::{element_at, links, main_of, read_text, read_tree, text_of};

const BASE_URL: &str = "https://thads.thainguyen.example.vn/";

/// Build a copy of the repository's example site into a fresh temporary folder (a copy: the
/// build keeps its photo cache in the project, never in the repository).
fn build_example(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let site = crate::support::example();
    let out = site.out();
    site.build(extra).expect_code(0);
    (site.dir, out)
}

fn html_pages(out: &Path) -> Vec<String> {
    read_tree(out)
        .into_keys()
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[track_caller]
fn position(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not found in:\n{haystack}"))
}

#[test]
fn home_shows_the_lead_units_latest_figures_against_targets() {
    let (_t, out) = build_example(&[]);
    let home = read_text(&out, "index.html");
    let main = main_of(&home);
    let figures = element_at(main, position(main, "<div class=\"key-figures\""), "div");
    let text = text_of(figures);
    for rate in ["90,07%", "62,28%"] {
        assert!(text.contains(rate), "{rate} in {text}");
    }
    // Targets derived from rate − exceeded, labelled as such.
    for target in ["84,50% (suy ra)", "48,00% (suy ra)"] {
        assert!(text.contains(target), "{target} in {text}");
    }
    assert!(
        text.contains("vượt 5,57%") && text.contains("vượt 14,28%"),
        "{text}"
    );
    // Ranks as published: 2nd on cases, 1st on money.
    assert!(text.contains("Thứ hai về việc"), "{text}");
    assert!(text.contains("Thứ nhất về tiền"), "{text}");
    // The lead unit has ended: said on the home page, with its successor.
    let text = text_of(main);
    assert!(
        text.contains("Đơn vị đã kết thúc hoạt động ngày 30/06/2025"),
        "{text}"
    );
    assert!(main.contains("<a href=\"don-vi/kv3-thai-nguyen/\">"));
}

#[test]
fn unit_stats_page_shows_all_three_years() {
    let (_t, out) = build_example(&[]);
    let page = read_text(&out, "thong-ke/dai-tu/index.html");
    let main = main_of(&page);
    let mut at = 0;
    for (year, cases, money) in [
        ("2021", "85,71%", "56,49%"),
        ("2022", "88,62%", "53,88%"),
        ("2023", "90,07%", "62,28%"),
    ] {
        // Years in order, each row with its two rates.
        let row = at + position(&main[at..], &format!("<th scope=\"row\">Năm {year}</th>"));
        let end = row + position(&main[row..], "</tr>");
        let cells = text_of(&main[row..end]);
        assert!(cells.contains(cases) && cells.contains(money), "{cells}");
        at = end;
    }
    // Derived targets of the earlier years too.
    let text = text_of(main);
    assert!(text.contains("35,71% (suy ra)"), "{text}");
    assert!(text.contains("43,60% (suy ra)"), "{text}");
}

/// Every chart is on its page twice, the wide layout and the phone's (issue 21), each with its own
/// ids and its own SVG file to download, and the narrow one fits 360 units.
#[test]
fn charts_carry_a_narrow_layout_for_phones() {
    let (_t, out) = build_example(&[]);
    let page = read_text(&out, "thong-ke/dai-tu/index.html");
    let main = main_of(&page);
    let wide = main.matches("class=\"chart-svg chart-wide\"").count();
    assert!(wide >= 1);
    assert_eq!(
        main.matches("class=\"chart-svg chart-narrow\"").count(),
        wide
    );
    assert!(main.contains("viewBox=\"0 0 360 "), "no narrow layout");
    let narrow: Vec<String> = links(main)
        .into_iter()
        .map(|(href, _)| href)
        .filter(|h| h.ends_with("-hep.svg"))
        .collect();
    assert!(!narrow.is_empty(), "no download link of the narrow layout");
    for href in narrow {
        let path = href.trim_start_matches("../../");
        let svg = read_text(&out, path);
        assert!(
            svg.starts_with("<svg ") && svg.contains("viewBox=\"0 0 360 "),
            "{path}"
        );
    }
}

/// Đại Từ publishes only rates: its counts table has no column of dashes for the totals, the
/// eligible and the completed, and says once that they are not published (issue 21). A unit that
/// publishes them (Định Hóa) keeps the columns and has no such note.
#[test]
fn count_columns_without_figures_say_khong_cong_bo_once() {
    let (_t, out) = build_example(&[]);
    let page = read_text(&out, "thong-ke/dai-tu/index.html");
    let text = text_of(main_of(&page));
    assert!(!text.contains("Tổng số phải thi hành"), "{text}");
    assert!(!text.contains("Có điều kiện"), "{text}");
    assert_eq!(
        text.matches(
            "Không công bố: tổng số phải thi hành, số có điều kiện thi hành, số thi hành xong."
        )
        .count(),
        1,
        "{text}"
    );
    let page = read_text(&out, "thong-ke/dinh-hoa/index.html");
    let text = text_of(main_of(&page));
    assert!(text.contains("Tổng số phải thi hành"), "{text}");
    assert!(!text.contains("Không công bố"), "{text}");
}

#[test]
fn directive_timeline_nests_implementing_documents_under_the_directive() {
    let (_t, out) = build_example(&[]);
    let page = read_text(&out, "van-ban/index.html");
    let main = main_of(&page);
    let span = |n: &str| format!("<span class=\"doc-number\">{n}</span>");
    let top = position(main, &span("33-CT/TU"));
    let ct = position(main, &span("121-CV/HU"));
    let kh = position(main, &span("53/KH-UBND"));
    assert!(
        top < ct && ct < kh,
        "33-CT/TU first, then 121-CV/HU, then 53/KH-UBND"
    );

    let timeline = element_at(main, position(main, "<ol class=\"timeline\">"), "ol");
    let first_item = element_at(timeline, position(timeline, "<li"), "li");
    assert!(first_item.contains(&span("33-CT/TU")));
    let nested = element_at(
        first_item,
        position(first_item, "<ol class=\"implements\""),
        "ol",
    );
    assert!(nested.contains(&span("121-CV/HU")), "{nested}");
    assert!(nested.contains(&span("53/KH-UBND")), "{nested}");
    assert!(!nested.contains(&span("33-CT/TU")));
    // Exactly one top-level item: the other two are inside it.
    assert_eq!(timeline.matches("<li").count(), 3);
    let rest = timeline.replacen(first_item, "", 1);
    assert!(
        !rest.contains("<li"),
        "only 33-CT/TU is at the top level: {rest}"
    );
}

#[test]
fn cases_are_listed_with_initials_and_the_full_name_appears_nowhere() {
    let (_t, out) = build_example(&[]);
    let page = read_text(&out, "vu-viec/index.html");
    let main = main_of(&page);
    assert_eq!(main.matches("<article class=\"case-card\">").count(), 3);
    for initials in ["Vụ N.T.H.", "Vụ N.V.H.", "Vụ N.V.S."] {
        assert!(main.contains(initials), "{initials}");
    }
    // Not in any file, in either Unicode normal form.
    let nfc: String = "Nguyễn Thị Hải".nfc().collect();
    let nfd: String = "Nguyễn Thị Hải".nfd().collect();
    for (path, bytes) in read_tree(&out) {
        for name in [&nfc, &nfd] {
            assert!(
                !bytes.windows(name.len()).any(|w| w == name.as_bytes()),
                "{path} contains the full name of a party"
            );
        }
    }
}

#[test]
fn cases_sort_by_given_name_then_family_then_middle() {
    let (_t, out) = build_example(&[]);
    let page = read_text(&out, "vu-viec/index.html");
    // Hải, Hiểu, Sơn (given names in Vietnamese order).
    let hai = position(&page, "vu-hoang-nong-2023/");
    let hieu = position(&page, "vu-khoi-ky-2023/");
    let son = position(&page, "vu-phu-xuyen-2023/");
    assert!(hai < hieu && hieu < son);
}

#[test]
fn an_ended_unit_shows_its_end_date_and_successor() {
    let (_t, out) = build_example(&[]);
    let page = read_text(&out, "don-vi/dai-tu/index.html");
    let main = main_of(&page);
    assert!(
        main.contains("Đơn vị đã kết thúc hoạt động ngày 30/06/2025."),
        "{main}"
    );
    assert!(main.contains(
        "<a href=\"../../don-vi/kv3-thai-nguyen/\">Phòng Thi hành án dân sự khu vực 3 – Thái Nguyên</a>"
    ));
    // Its name as it was.
    assert!(main.contains("Chi cục Thi hành án dân sự huyện Đại Từ</h1>"));
}

#[test]
fn directive_mentions_in_articles_link_relatively_to_the_directive() {
    let (_t, out) = build_example(&[]);
    let page = read_text(
        &out,
        "tin-tuc/phat-huy-vai-tro-lanh-dao-cua-dang-trong-thads-o-dai-tu/index.html",
    );
    let main = main_of(&page);
    let mention = "Chỉ thị số <a href=\"../../van-ban/33-ct-tu-2020/\"";
    let at = position(main, mention) + "Chỉ thị số ".len();
    assert_eq!(text_of(element_at(main, at, "a")), "33-CT/TU");
    assert!(main.contains("<a href=\"../../van-ban/121-cv-hu-2021/\""));
    assert!(main.contains("<a href=\"../../van-ban/53-kh-ubnd-2021/\""));
    // Root links of the Markdown are rewritten relative too.
    assert!(main.contains("href=\"../../vu-viec/vu-hoang-nong-2023/\""));
    assert!(main.contains("src=\"../../img/cuong-che-ky-phu.svg\""));
}

/// Every relative `href`/`src` of every page leads to a file of the output.
#[test]
fn every_relative_link_resolves_to_a_file_of_the_output() {
    let (_t, out) = build_example(&["--drafts"]);
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in html_pages(&out) {
        let html = read_text(&out, &page);
        let folder = Path::new(&page)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for (link, _) in links(&html) {
            if link.starts_with("http:")
                || link.starts_with("https:")
                || link.starts_with("mailto:")
                || link.starts_with('#')
                || link.starts_with('/')
            {
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap();
            let target = normalize(&out.join(&folder).join(path));
            assert!(target.starts_with(&out), "{page}: {link} leaves the site");
            let target = if target.is_dir() {
                target.join("index.html")
            } else {
                target
            };
            checked += 1;
            if !target.is_file() {
                broken.push(format!("{page}: {link}"));
            }
        }
    }
    assert!(checked > 500, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Links between pages are relative; only the canonical link, the feed and external sites are
/// absolute. (404.html is served at any depth and is checked on its own.)
#[test]
fn no_page_links_absolutely_except_canonical_feed_and_external() {
    let (_t, out) = build_example(&[]);
    let mut bad = Vec::new();
    for page in html_pages(&out) {
        if page == "404.html" {
            continue;
        }
        let html = read_text(&out, &page);
        for (link, tag) in links(&html) {
            let absolute = link.starts_with('/') || link.starts_with("http");
            let allowed = tag.starts_with("<link rel=\"canonical\"")
                || tag.starts_with("<link rel=\"alternate\"")
                || (link.starts_with("http") && !link.starts_with(BASE_URL));
            if absolute && !allowed {
                bad.push(format!("{page}: {tag}"));
            }
        }
        // The canonical link is the page's own address.
        let canonical = format!(
            "<link rel=\"canonical\" href=\"{BASE_URL}{}\">",
            page.trim_end_matches("index.html")
        );
        assert!(html.contains(&canonical), "{page} lacks {canonical}");
    }
    assert!(bad.is_empty(), "absolute links:\n{}", bad.join("\n"));
}

#[test]
fn regression_not_found_page_works_at_any_depth() {
    let (_t, out) = build_example(&[]);
    let html = read_text(&out, "404.html");
    let relative: Vec<String> = links(&html)
        .into_iter()
        .map(|(l, _)| l)
        .filter(|l| !(l.starts_with('/') || l.starts_with("http") || l.starts_with('#')))
        .collect();
    assert!(
        relative.is_empty(),
        "relative links in 404.html: {relative:?}"
    );
}

#[test]
fn every_page_is_html5_in_vietnamese() {
    let (_t, out) = build_example(&[]);
    let pages = html_pages(&out);
    assert!(pages.len() > 30, "{} pages", pages.len());
    for page in pages {
        let html = read_text(&out, &page);
        assert!(html.starts_with("<!DOCTYPE html>\n"), "{page}");
        assert!(html.contains("<html lang=\"vi\">"), "{page}");
        assert!(html.contains("<meta charset=\"utf-8\">"), "{page}");
        assert_eq!(html.matches("<main").count(), 1, "{page}");
        assert!(
            !html.contains("@@bantin-root@@"),
            "{page} keeps a link marker"
        );
        assert!(
            !html.contains("<!--bantin-chart"),
            "{page} keeps a chart marker"
        );
    }
}

#[test]
fn sitemap_lists_exactly_the_pages() {
    let (_t, out) = build_example(&[]);
    let sitemap = read_text(&out, "sitemap.xml");
    let listed: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap().to_string())
        .collect();
    let pages: BTreeSet<String> = html_pages(&out)
        .into_iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("{BASE_URL}{}", p.trim_end_matches("index.html")))
        .collect();
    assert_eq!(listed, pages);
    assert_eq!(
        sitemap.matches("<loc>").count(),
        pages.len(),
        "no duplicates"
    );
    let robots = read_text(&out, "robots.txt");
    assert!(robots.contains(&format!("Sitemap: {BASE_URL}sitemap.xml")));
}

#[test]
fn atom_feed_has_one_entry_per_article() {
    for (extra, articles) in [(&[][..], 5), (&["--drafts"][..], 6)] {
        let (_t, out) = build_example(extra);
        let feed = read_text(&out, "atom.xml");
        let pages: BTreeSet<String> = read_tree(&out)
            .into_keys()
            .filter(|p| p.starts_with("tin-tuc/") && p.ends_with("/index.html"))
            .filter(|p| p != "tin-tuc/index.html")
            .filter(|p| !p.starts_with("tin-tuc/trang/"))
            .map(|p| format!("{BASE_URL}{}", p.trim_end_matches("index.html")))
            .collect();
        assert_eq!(pages.len(), articles);
        assert_eq!(feed.matches("<entry>").count(), articles, "{extra:?}");
        let ids: BTreeSet<String> = feed
            .split("<entry>")
            .skip(1)
            .map(|e| {
                e.split("<id>")
                    .nth(1)
                    .unwrap()
                    .split("</id>")
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(ids, pages, "{extra:?}");
        assert!(feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    }
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let slug = "phong-thi-hanh-an-dan-su-khu-vuc-3-thai-nguyen-di-vao-hoat-dong";
    let title = "Phòng Thi hành án dân sự khu vực 3 – Thái Nguyên đi vào hoạt động";
    let (_t, public) = build_example(&[]);
    for (path, bytes) in read_tree(&public) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(slug) && !text.contains(title),
            "{path} mentions the draft"
        );
    }
    let (_t2, drafts) = build_example(&["--drafts"]);
    let page = read_text(&drafts, &format!("tin-tuc/{slug}/index.html"));
    assert!(page.contains(title));
    assert!(read_text(&drafts, "tin-tuc/index.html").contains(slug));
    assert!(read_text(&drafts, "sitemap.xml").contains(slug));
}

#[test]
fn internal_build_is_marked_and_keeps_internal_fields() {
    let (_t, out) = build_example(&["--audience", "internal"]);
    for page in html_pages(&out) {
        let html = read_text(&out, &page);
        assert!(
            html.contains("Tài liệu nội bộ"),
            "{page} is not marked internal"
        );
    }
    let case = read_text(&out, "vu-viec/vu-hoang-nong-2023/index.html");
    assert!(
        case.contains("Bản án số 12/2019/DS-ST"),
        "internal fields are shown"
    );
    // …and none of it reaches the public build.
    let (_t2, public) = build_example(&[]);
    for (path, bytes) in read_tree(&public) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("12/2019/DS-ST"),
            "{path} leaks an internal field"
        );
        if path.ends_with(".html") {
            assert!(
                !text.contains("Tài liệu nội bộ"),
                "{path} is marked internal"
            );
        }
    }
}

/// Issue 15, finding 7: a control character in a title made `atom.xml` ill-formed while the
/// build exited 0 (such text is now an error: `invalid/control_character*`). Every XML file a
/// build writes (feed, sitemaps, charts) must parse, in every audience.
#[test]
fn every_xml_output_is_well_formed() {
    // The parser refuses what the finding produced.
    assert!(roxmltree::Document::parse("<title>Bản tin \u{1}</title>").is_err());
    assert!(roxmltree::Document::parse("<title>Bản tin \u{FFFE}</title>").is_err());
    let mut checked = 0;
    for extra in [&[][..], &["--audience", "internal", "--drafts"][..]] {
        let (_t, out) = build_example(extra);
        for (path, bytes) in read_tree(&out) {
            if !(path.ends_with(".xml") || path.ends_with(".svg")) {
                continue;
            }
            let text = std::str::from_utf8(&bytes).unwrap_or_else(|e| panic!("{path}: {e}"));
            if let Err(e) = roxmltree::Document::parse(text) {
                panic!("{path} ({extra:?}) is not well-formed XML: {e}");
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} XML files");
}
