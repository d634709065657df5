//! Issue 19: the report a leader signs. `briefing:` in site.yaml, the period, the written
//! assessment, `bantin briefing --docx`, and what reaches a public report.

use std::fs;
use std::io::Read;
use std::path::Path;

use crate::support::{example, fixture, read_text, text_of};

/// Every text entry of a .docx (a zip), decompressed: (name, text).
fn docx_parts(path: &Path) -> Vec<(String, String)> {
    let file = fs::File::open(path).expect("the .docx is there");
    let mut zip = zip::ZipArchive::new(file).expect("a .docx is a zip");
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("a zip entry");
        let name = entry.name().expect("a UTF-8 entry name").to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("readable entry");
        if name.ends_with(".xml") || name.ends_with(".rels") {
            out.push((name, String::from_utf8(bytes).expect("XML is UTF-8")));
        }
    }
    out
}

/// The words of `word/document.xml`: its `<w:t>` runs joined (Word splits text in runs).
fn docx_text(path: &Path) -> String {
    let parts = docx_parts(path);
    let doc = &parts
        .iter()
        .find(|(n, _)| n == "word/document.xml")
        .expect("word/document.xml")
        .1;
    let mut text = String::new();
    for piece in doc.split("<w:t").skip(1) {
        let Some((_, rest)) = piece.split_once('>') else {
            continue;
        };
        if let Some((t, _)) = rest.split_once("</w:t>") {
            text.push_str(t);
        }
        text.push(' ');
    }
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

fn flat(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_example_report_says_the_figures_in_the_register_of_a_report() {
    let site = example();
    let docx = site.dir.path().join("bao-cao.docx");
    let d = docx.to_str().unwrap();
    site.run(&["briefing", "--audience", "internal", "--docx", d])
        .expect_code(0);
    let text = flat(&docx_text(&docx));
    for needle in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "CỤC THI HÀNH ÁN DÂN SỰ TỈNH THÁI NGUYÊN",
        "CHI CỤC THI HÀNH ÁN DÂN SỰ HUYỆN ĐẠI TỪ",
        "BÁO CÁO",
        "Kết quả công tác thi hành án dân sự năm 2023",
        "Năm 2023, tỷ lệ thi hành xong về việc đạt 90,07%, vượt 5,57% so với chỉ tiêu được giao; về tiền đạt 62,28%, vượt 14,28%",
        "theo xếp hạng đã công bố, đứng thứ hai về việc và thứ nhất về tiền",
        "84,50% (suy ra)",
        "Nơi nhận:",
        "- Lưu: VT.",
        "CHI CỤC TRƯỞNG",
        "Nguyễn Văn A",
        "Tài liệu nội bộ",
    ] {
        assert!(
            text.contains(needle) || docx_parts(&docx).iter().any(|(_, x)| x.contains(needle)),
            "the report lacks {needle:?}: {text}"
        );
    }
    // Without --number and --date, the office fills them in by hand.
    assert!(text.contains("Số:"), "{text}");
    assert!(!text.contains("Số: 0"), "{text}");
    // The web page says the same.
    site.build(&["--audience", "internal"]).expect_code(0);
    let page = text_of(&read_text(&site.out(), "bao-cao/index.html"));
    assert!(page.contains("vượt 5,57% so với chỉ tiêu được giao; về tiền đạt 62,28%, vượt 14,28%"));
}

#[test]
fn number_and_date_are_filled_in_as_the_decree_writes_them() {
    let site = example();
    let docx = site.dir.path().join("a.docx");
    let d = docx.to_str().unwrap();
    for (number, date, want_number, want_date) in [
        (
            "5",
            "05/03/2024",
            "Số: 05/BC-CCTHADS",
            "Đại Từ, ngày 05 tháng 3 năm 2024",
        ),
        (
            "112",
            "2024-02-09",
            "Số: 112/BC-CCTHADS",
            "Đại Từ, ngày 09 tháng 02 năm 2024",
        ),
        (
            "12",
            "25/11/2024",
            "Số: 12/BC-CCTHADS",
            "Đại Từ, ngày 25 tháng 11 năm 2024",
        ),
    ] {
        site.run(&[
            "briefing",
            "--audience",
            "internal",
            "--number",
            number,
            "--date",
            date,
            "--docx",
            d,
        ])
        .expect_code(0);
        let text = flat(&docx_text(&docx));
        assert!(text.contains(want_number), "{want_number}: {text}");
        assert!(text.contains(want_date), "{want_date}: {text}");
    }
}

#[test]
fn the_same_report_is_the_same_bytes() {
    let site = example();
    let (a, b) = (
        site.dir.path().join("a.docx"),
        site.dir.path().join("b.docx"),
    );
    for p in [&a, &b] {
        site.run(&[
            "briefing",
            "--audience",
            "internal",
            "--docx",
            p.to_str().unwrap(),
        ])
        .expect_code(0);
    }
    assert_eq!(fs::read(&a).unwrap(), fs::read(&b).unwrap());
}

#[test]
fn without_a_file_name_the_report_is_named_after_its_period() {
    let site = example();
    let out = site.dir.path().join("reports");
    site.run(&[
        "briefing",
        "--audience",
        "internal",
        "--out",
        out.to_str().unwrap(),
    ])
    .expect_code(0);
    assert!(out.join("bao-cao-2023-noi-bo.docx").is_file());
}

#[test]
fn the_public_site_has_no_briefing_unless_site_yaml_says_so() {
    let site = example();
    site.build(&[]).expect_code(0);
    assert!(!site.out().join("bao-cao/index.html").exists());
    let home = read_text(&site.out(), "index.html");
    assert!(
        !home.contains("bao-cao/"),
        "the navigation links to no briefing"
    );
    let sitemap = read_text(&site.out(), "sitemap.xml");
    assert!(!sitemap.contains("bao-cao"));
    // The command refuses a public report of an internal briefing (a usage error), and writes
    // nothing.
    let docx = site.dir.path().join("x.docx");
    let r = site.run(&["briefing", "--docx", docx.to_str().unwrap()]);
    r.expect_code(2);
    assert!(r.stderr.contains("--audience internal"), "{}", r.stderr);
    assert!(!docx.exists());
    // Made public: the page is on the public site, and a public report can be written.
    let config = site.content().join("site.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace("briefing:\n", "briefing:\n  public: true\n"),
    )
    .unwrap();
    site.build(&[]).expect_code(0);
    let page = read_text(&site.out(), "bao-cao/index.html");
    assert!(!page.contains("Tài liệu nội bộ"));
    site.run(&["briefing", "--docx", docx.to_str().unwrap()])
        .expect_code(0);
    assert!(!flat(&docx_text(&docx)).contains("Tài liệu nội bộ"));
}

#[test]
fn a_public_report_holds_no_canary_and_an_internal_one_is_marked() {
    let site = fixture("leak");
    let config = site.content().join("site.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{text}briefing:\n  public: true\n")).unwrap();
    let docx = site.dir.path().join("public.docx");
    site.run(&["briefing", "--docx", docx.to_str().unwrap()])
        .expect_code(0);
    for (name, xml) in docx_parts(&docx) {
        assert!(!xml.to_lowercase().contains("canary"), "{name}: {xml}");
    }
    // The public page of the briefing too.
    site.build(&[]).expect_code(0);
    let page = read_text(&site.out(), "bao-cao/index.html");
    assert!(!page.to_lowercase().contains("canary"), "{page}");
    // The public report covers the latest public period; the internal one the six-month
    // review of 2024, which only the office sees.
    assert!(flat(&docx_text(&docx)).contains("năm 2023"));
    let internal = site.dir.path().join("internal.docx");
    site.run(&[
        "briefing",
        "--audience",
        "internal",
        "--docx",
        internal.to_str().unwrap(),
    ])
    .expect_code(0);
    let text = flat(&docx_text(&internal));
    assert!(text.contains("6 tháng đầu năm thống kê 2024"), "{text}");
    assert!(
        text.contains("từ ngày 01/10/2023 đến ngày 31/03/2024"),
        "{text}"
    );
    let all: String = docx_parts(&internal).into_iter().map(|(_, x)| x).collect();
    assert!(all.contains("Tài liệu nội bộ"));
}

#[test]
fn a_period_without_figures_is_an_error_and_nothing_is_written() {
    let site = example();
    let docx = site.dir.path().join("x.docx");
    let r = site.run(&[
        "briefing",
        "--audience",
        "internal",
        "--period",
        "2024-6t",
        "--docx",
        docx.to_str().unwrap(),
    ]);
    r.expect_code(1);
    let d = &r.diagnostics_but_example_gps()[0];
    assert!(
        d.location.starts_with("content/stats/dai-tu.yaml:"),
        "{}",
        r.stderr
    );
    assert!(
        d.message.contains("no figures for the period 2024-6t"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("2023, 2022, 2021"), "{}", r.stderr);
    assert!(!docx.exists());
    // A period that is not one: a usage error.
    site.run(&["briefing", "--audience", "internal", "--period", "2024-7t"])
        .expect_code(2);
    // In site.yaml: the build fails with the line of `period:`, and the output stays as it was.
    site.build(&[]).expect_code(0);
    let before = crate::support::read_tree(&site.out());
    let config = site.content().join("site.yaml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace("period: \"2023\"", "period: \"2020\""),
    )
    .unwrap();
    let r = site.build(&[]);
    r.expect_code(1);
    let line = text
        .lines()
        .position(|l| l.contains("period: \"2023\""))
        .unwrap()
        + 1;
    let d = &r.diagnostics()[0];
    assert!(
        d.location
            .starts_with(&format!("content/site.yaml:{line}:")),
        "{}",
        r.stderr
    );
    assert_eq!(crate::support::read_tree(&site.out()), before);
}

#[test]
fn each_wrong_briefing_field_has_its_own_diagnostic() {
    let site = example();
    let config = site.content().join("site.yaml");
    let text = fs::read_to_string(&config).unwrap();
    let text = text
        .replace("symbol: \"BC-CCTHADS\"", "symbol: \"12/BC-CCTHADS\"")
        .replace("place: \"Đại Từ\"", "place: \"Đại Từ, ngày 05\"")
        .replace(
            "    position: \"Chi cục trưởng\"\n",
            "    deputy: \"Phó Chi cục trưởng\"\n",
        )
        .replace("period: \"2023\"", "period: \"2023-12t\"")
        .replace(
            "  recipients:",
            "  recipent:\n    - x\n  publik: true\n  recipients:",
        );
    fs::write(&config, &text).unwrap();
    let docx = site.dir.path().join("x.docx");
    let r = site.run(&[
        "briefing",
        "--audience",
        "internal",
        "--docx",
        docx.to_str().unwrap(),
    ]);
    r.expect_code(1);
    let diags = r.diagnostics();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (needle, message) in [
        ("symbol:", "`symbol` must be the report's code"),
        ("place:", "`place` is the place name alone"),
        ("deputy:", "`deputy` needs the head's `position`"),
        ("period:", "`2023-12t` is not a period"),
        ("recipent:", "unknown field `recipent`"),
        ("publik:", "unknown field `publik`"),
    ] {
        let at = format!("content/site.yaml:{}:", line_of(needle));
        assert!(
            diags
                .iter()
                .any(|d| d.location.starts_with(&at) && d.message.contains(message)),
            "no {message:?} at {at}: {}",
            r.stderr
        );
    }
    assert!(
        r.stderr.contains("did you mean `recipients`?"),
        "{}",
        r.stderr
    );
    assert!(!docx.exists());
}

#[test]
fn the_report_lists_the_chains_directives_of_the_period_once_each_and_names_units_without_figures()
{
    let site = example();
    let directives = site.content().join("directives/directives.yaml");
    let mut text = fs::read_to_string(&directives).unwrap();
    text.push_str(concat!(
        "\n- number: \"15-KH/HU\"\n  date: 10/01/2023\n  issuer: \"Ban Thường vụ Huyện ủy Đại Từ\"\n",
        "  title: \"Kế hoạch về công tác thi hành án dân sự năm 2023\"\n  unit: dai-tu\n",
        "  implements: [\"33-CT/TU\", \"121-CV/HU\"]\n",
        "\n- number: \"20/KH-UBND\"\n  date: 15/02/2023\n  issuer: \"UBND huyện Phú Lương\"\n",
        "  title: \"Kế hoạch của một huyện khác\"\n  unit: phu-luong\n",
        "\n- number: \"21/KH-UBND\"\n  date: 15/02/2024\n  issuer: \"UBND huyện Đại Từ\"\n",
        "  title: \"Kế hoạch của kỳ sau\"\n  unit: dai-tu\n",
    ));
    fs::write(&directives, text).unwrap();
    // Võ Nhai has no figures for 2023.
    let stats = site.content().join("stats/vo-nhai.yaml");
    let vo_nhai = fs::read_to_string(&stats).unwrap();
    let cut = vo_nhai.find("  - year: 2023").unwrap();
    fs::write(&stats, &vo_nhai[..cut]).unwrap();
    site.build(&["--audience", "internal"]).expect_code(0);
    let page = text_of(&read_text(&site.out(), "bao-cao/index.html"));
    assert_eq!(page.matches("15-KH/HU").count(), 1, "{page}");
    assert!(!page.contains("20/KH-UBND"), "another unit's plan: {page}");
    assert!(
        !page.contains("21/KH-UBND"),
        "a plan of the next period: {page}"
    );
    assert!(!page.contains("33-CT/TU"), "a directive of 2020: {page}");
    assert!(
        page.contains("Chưa có số liệu năm 2023 của: Chi cục THADS Võ Nhai."),
        "{page}"
    );
    // No link text is printed: the report's lists are words, not links.
    let html = read_text(&site.out(), "bao-cao/index.html");
    let main = crate::support::main_of(&html);
    assert!(!main.contains("<a "), "{main}");
}

#[test]
fn an_assessment_says_no_more_than_the_figures() {
    let site = example();
    let stats = site.content().join("stats/dai-tu.yaml");
    let text = fs::read_to_string(&stats).unwrap();
    // 2023 without its vượt and ranks, with a target: the difference is computed, said so; no rank.
    let text = text.replace(
        "      rate: 90.07\n      exceeded: 5.57\n",
        "      rate: 90.07\n      target: 85\n",
    );
    let text = text.replace(
        "      rate: 62.28\n      exceeded: 14.28\n",
        "      rate: 62.28\n",
    );
    let text = text.replace("    rank: { cases: 2, money: 1 }\n", "");
    fs::write(&stats, text).unwrap();
    site.build(&["--audience", "internal"]).expect_code(0);
    let page = text_of(&read_text(&site.out(), "bao-cao/index.html"));
    assert!(
        page.contains("Năm 2023, tỷ lệ thi hành xong về việc đạt 90,07%, vượt 5,07% so với chỉ tiêu được giao (tính); về tiền đạt 62,28%."),
        "{page}"
    );
    assert!(!page.contains("xếp hạng đã công bố"), "{page}");
    assert!(page.contains("Mức vượt ghi “(tính)”"), "{page}");
    // The position among the units compared is computed, and said to be among those with figures.
    assert!(
        page.contains("có số liệu năm 2023, Chi cục THADS Đại Từ đứng thứ hai về việc"),
        "{page}"
    );
}

#[test]
fn the_report_lists_the_bulletins_of_its_period_but_no_draft() {
    let site = example();
    let dir = site.content().join("articles/2023");
    for (slug, date, draft) in [
        ("tin-trong-ky", "2023-05-10", false),
        ("ban-nhap-trong-ky", "2023-06-10", true),
        ("tin-ky-truoc", "2022-09-30", false),
    ] {
        fs::write(
            dir.join(format!("{slug}.md")),
            format!(
                "---\ntitle: \"Tiêu đề {slug}\"\ndate: {date}\ndraft: {draft}\n---\n\nNội dung.\n"
            ),
        )
        .unwrap();
    }
    site.build(&["--audience", "internal", "--drafts"])
        .expect_code(0);
    let page = text_of(&read_text(&site.out(), "bao-cao/index.html"));
    assert!(page.contains("10/05/2023: Tiêu đề tin-trong-ky"), "{page}");
    assert!(page.contains("Tin bài đăng trong kỳ (1 tin):"), "{page}");
    assert!(!page.contains("ban-nhap-trong-ky"), "a draft: {page}");
    assert!(!page.contains("tin-ky-truoc"), "the period before: {page}");
}
