//! Tests of rendering: sitemaps, feed, briefing, pagination, rewrites, determinism.

use super::feeds::{FEED_ENTRIES, SitemapLimits, render_sitemaps};
use super::{build_tera, links_to_index_files, pagination};
use std::collections::HashSet;
use std::path::PathBuf;

/// The snapshot fixture with `n` more bulletins citing each other, a directive and a case,
/// under three tags: enough pages for every kind of job, and tags of several pages.
fn big_site(n: usize) -> Vec<(PathBuf, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(root.join("tests/fixtures/snapshot/content")) {
        let e = e.expect("fixture readable");
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).expect("fixture readable");
            files.push((
                crate::load::rel_path(root.join("tests/fixtures/snapshot").as_path(), e.path()),
                bytes,
            ));
        }
    }
    for i in 0..n {
        let text = format!(
            "---\ntitle: \"Bản tin số {i}\"\ndate: 2024-{:02}-{:02}T08:00:00+07:00\nunit: cho-don\ntags: [chung, nhóm {}]\ndirectives: [\"12-CT/TU\"]\ncases: [vu-bang-lung-2023]\n---\n\nTheo Chỉ thị số 12-CT/TU, xem [bản tin trước](/tin-tuc/ban-tin-so-{}/).\n",
            1 + i % 12,
            1 + i % 28,
            i % 3,
            i.saturating_sub(1)
        );
        files.push((
            PathBuf::from(format!("content/articles/2024/ban-tin-so-{i}.md")),
            text.into_bytes(),
        ));
    }
    files
}

#[test]
fn articles_are_listed_by_the_moment_they_were_published_whatever_the_offset() {
    // 08:00 in Hà Nội is 01:00 UTC: earlier than 05:00Z, though its text sorts after it.
    let mut files = big_site(0);
    for (slug, at) in [
        ("sang-ha-noi", "2024-03-31T08:00:00+07:00"),
        ("sang-utc", "2024-03-31T05:00:00Z"),
    ] {
        files.push((
            PathBuf::from(format!("content/articles/2024/{slug}.md")),
            format!("---\ntitle: \"{slug}\"\nslug: {slug}\ndate: {at}\n---\n\nVăn bản.\n")
                .into_bytes(),
        ));
    }
    let (report, built) = crate::fuzzing::check_files(files, crate::model::Audience::Public, false);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let (site, _) = built.expect("the site builds");
    let order: Vec<&str> = site.articles().iter().map(|a| a.slug.as_str()).collect();
    let utc = order.iter().position(|s| *s == "sang-utc");
    let hanoi = order.iter().position(|s| *s == "sang-ha-noi");
    assert!(utc < hanoi, "{order:?}");
}

#[test]
fn pages_are_the_same_whatever_the_number_of_threads() {
    let build = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("a thread pool");
        pool.install(|| {
            let (report, built) =
                crate::fuzzing::check_files(big_site(120), crate::model::Audience::Public, false);
            assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
            built.expect("the site builds").1
        })
    };
    let one = build(1);
    let four = build(4);
    assert!(one.len() > 150, "{} files", one.len());
    assert!(
        one.iter()
            .any(|f| f.path == "the/chung/trang/12/index.html"),
        "a tag of 120 bulletins has 12 pages"
    );
    assert!(one == four, "a page differs between 1 and 4 threads");
}

const BASE: &str = "https://example.org/";

fn some_page_urls(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("{BASE}tin-tuc/ban-tin-{i}/"))
        .collect()
}

/// The `<loc>` of each entry of a sitemap file, checked to be well-formed XML whose root is
/// `root` in the sitemap namespace, with only `entry` elements in it.
fn sitemap_locs(bytes: &[u8], root: &str, entry: &str) -> Vec<String> {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    let r = doc.root_element();
    assert_eq!(r.tag_name().name(), root, "{text}");
    assert_eq!(
        r.tag_name().namespace(),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    r.children()
        .filter(|n| n.is_element())
        .map(|n| {
            assert_eq!(n.tag_name().name(), entry, "{text}");
            let loc = n.children().find(|c| c.has_tag_name("loc"));
            loc.and_then(|l| l.text()).expect("a <loc>").to_string()
        })
        .collect()
}

/// The files as (path, number of URLs), checked to be an index of urlsets that list `urls`
/// once each, in order.
fn check_sitemaps(files: &[super::OutputFile], urls: &[String]) -> Vec<(String, usize)> {
    let (index, children) = files.split_last().expect("files");
    assert_eq!(index.path, "sitemap.xml", "the index comes last");
    let listed = sitemap_locs(&index.bytes, "sitemapindex", "sitemap");
    let mut all = Vec::new();
    let mut out = Vec::new();
    for (n, (f, loc)) in children.iter().zip(&listed).enumerate() {
        assert_eq!(f.path, format!("sitemap-{}.xml", n + 1));
        assert_eq!(*loc, format!("{BASE}{}", f.path));
        let locs = sitemap_locs(&f.bytes, "urlset", "url");
        out.push((f.path.clone(), locs.len()));
        all.extend(locs);
    }
    assert_eq!(listed.len(), children.len(), "the index lists every file");
    assert_eq!(all, urls, "every URL once, in order");
    out
}

#[test]
fn a_sitemap_of_more_urls_than_the_limit_becomes_an_index() {
    let tera = build_tera(&[]).expect("built-in templates");
    let urls = some_page_urls(7);
    let limits = SitemapLimits {
        urls: 3,
        bytes: usize::MAX,
    };
    let files = render_sitemaps(&tera, BASE, &urls, limits).expect("rendered");
    let sizes = check_sitemaps(&files, &urls);
    assert_eq!(
        sizes,
        [
            ("sitemap-1.xml".to_string(), 3),
            ("sitemap-2.xml".to_string(), 3),
            ("sitemap-3.xml".to_string(), 1)
        ]
    );
}

#[test]
fn a_sitemap_within_the_limit_is_one_urlset() {
    let tera = build_tera(&[]).expect("built-in templates");
    for n in [1, 7] {
        let urls = some_page_urls(n);
        let limits = SitemapLimits {
            urls: 7,
            bytes: usize::MAX,
        };
        let files = render_sitemaps(&tera, BASE, &urls, limits).expect("rendered");
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].path, "sitemap.xml");
        assert_eq!(sitemap_locs(&files[0].bytes, "urlset", "url"), urls);
    }
}

#[test]
fn no_sitemap_file_is_bigger_than_the_limit() {
    let tera = build_tera(&[]).expect("built-in templates");
    let urls = some_page_urls(7);
    let one =
        |urls: &[String], limits| render_sitemaps(&tera, BASE, urls, limits).expect("rendered");
    let unlimited = SitemapLimits {
        urls: 100,
        bytes: usize::MAX,
    };
    // Room for 3 URLs: the 7 are halved (3 + 4), then the second half again (2 + 2).
    let bytes = one(&urls[..3], unlimited)[0].bytes.len();
    let files = one(&urls, SitemapLimits { urls: 100, bytes });
    let sizes = check_sitemaps(&files, &urls);
    assert_eq!(sizes.iter().map(|s| s.1).collect::<Vec<_>>(), [3, 2, 2]);
    assert!(files[..3].iter().all(|f| f.bytes.len() <= bytes));
    // A single URL bigger than the limit still gets its file.
    let files = one(
        &urls,
        SitemapLimits {
            urls: 100,
            bytes: 1,
        },
    );
    assert_eq!(check_sitemaps(&files, &urls).len(), 7);
}

/// The files of a site built in memory from `files`, which must have no error.
fn built(files: Vec<(PathBuf, Vec<u8>)>) -> Vec<super::OutputFile> {
    let (report, built) = crate::fuzzing::check_files(files, crate::model::Audience::Public, false);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    built.expect("the site builds").1
}

fn text_of<'f>(files: &'f [super::OutputFile], path: &str) -> &'f str {
    let f = files.iter().find(|f| f.path == path).expect(path);
    std::str::from_utf8(&f.bytes).expect("UTF-8")
}

#[test]
fn the_feed_has_the_newest_bulletins_only() {
    let files = built(big_site(120));
    let atom = text_of(&files, "atom.xml");
    let doc = roxmltree::Document::parse(atom).expect("well-formed XML");
    let field = |e: roxmltree::Node, name: &str| {
        e.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .expect(name)
            .to_string()
    };
    let entries: Vec<(String, String)> = doc
        .root_element()
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .map(|e| (field(e, "updated"), field(e, "id")))
        .collect();
    assert_eq!(entries.len(), FEED_ENTRIES);
    assert!(entries.windows(2).all(|w| w[0].0 >= w[1].0), "newest first");
    // Every bulletin left out is no newer than the oldest entry.
    let oldest = &entries.last().expect("entries").0;
    let shown: HashSet<&str> = entries.iter().map(|e| e.1.as_str()).collect();
    let mut left_out = 0;
    for i in 0..120 {
        let url = format!("https://thads.backan.example.vn/tin-tuc/ban-tin-so-{i}/");
        if !shown.contains(url.as_str()) {
            left_out += 1;
            let page = text_of(&files, &format!("tin-tuc/ban-tin-so-{i}/index.html"));
            let date = page.split("<time datetime=\"").nth(1).expect("a date");
            assert!(date[..10] <= oldest[..10], "{url} is newer than the feed");
        }
    }
    assert_eq!(shown.len(), FEED_ENTRIES, "each entry once");
    assert!(left_out >= 120 - FEED_ENTRIES);
}

#[test]
fn bytes_are_replaced_everywhere_and_kept_when_absent() {
    use super::replace_bytes;
    assert_eq!(
        replace_bytes(b"a@@b@@".to_vec(), b"@@", b"../"),
        b"a../b../"
    );
    assert_eq!(replace_bytes(b"@@".to_vec(), b"@@", b""), b"");
    assert_eq!(replace_bytes(b"plain".to_vec(), b"@@", b"x"), b"plain");
    assert_eq!(replace_bytes(b"@@@@x@@".to_vec(), b"@@", b"."), b"..x.");
}

proptest::proptest! {
    /// In place (a replacement no longer than the marker) or by copy, the same as
    /// replacing the text.
    #[test]
    fn bytes_are_replaced_like_text(
        text in "[ab@]{0,40}",
        from in "[ab@]{1,4}",
        to in "[ab.]{0,6}",
    ) {
        let got = super::replace_bytes(text.clone().into_bytes(), from.as_bytes(), to.as_bytes());
        proptest::prop_assert_eq!(String::from_utf8(got).unwrap(), text.replace(&from, &to));
    }
}

#[test]
fn archive_links_name_index_files() {
    let html = r##"<a href="../">x</a><a href="tin-tuc/a/#top">y</a><a href="https://e.org/">z</a><a href="style.css">s</a><a href="#m">m</a><a href="./">h</a>"##;
    assert_eq!(
        links_to_index_files(html),
        r##"<a href="../index.html">x</a><a href="tin-tuc/a/index.html#top">y</a><a href="https://e.org/">z</a><a href="style.css">s</a><a href="#m">m</a><a href="./index.html">h</a>"##
    );
}

#[test]
fn pagination_links_a_window_of_pages() {
    let shown = |current, total| {
        pagination(current, total, |n| n.to_string())
            .pages
            .iter()
            .map(|p| format!("{}{}", if p.gap_before { "… " } else { "" }, p.n))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(shown(1, 1), "1");
    assert_eq!(shown(2, 3), "1 2 3");
    assert_eq!(shown(1, 1000), "1 2 3 … 1000");
    assert_eq!(shown(500, 1000), "1 … 498 499 500 501 502 … 1000");
    assert_eq!(shown(4, 6), "1 2 3 4 5 6");
    assert_eq!(shown(999, 1000), "1 … 997 998 999 1000");
}

#[test]
fn every_page_a_family_renders_is_a_page_links_may_name() {
    // Links in bulletins are checked (validate) against `pages::page_urls_of`, before any page
    // is rendered; the families say which pages are rendered. A page kind registered in one and
    // not the other would be a page nothing may link to, or a link to a page that is not there.
    let (report, built) =
        crate::fuzzing::check_files(big_site(25), crate::model::Audience::Public, false);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let (site, _) = built.expect("the site builds");
    let options = super::RenderOptions::default();
    let (_, r, _, (jobs, _)) = super::render_all(&site, &options, None, false)
        .unwrap_or_else(|e| panic!("renders: {e:?}"));
    let rendered: std::collections::BTreeSet<String> = jobs
        .iter()
        .map(|j| j.family().id(&r, j.key))
        .filter(|id| id.ends_with('/') || id.is_empty())
        .collect();
    let linkable = crate::pages::page_urls(&site);
    assert!(rendered.len() > 40, "{rendered:?}");
    assert_eq!(rendered, linkable);
}
