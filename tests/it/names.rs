//! SPEC §5, issue 15 item 6: under `privacy.person_names: initials` a party's name is recognised
//! by meaning, not by spelling (any case, across lines and runs of spaces, with or without tones,
//! NFC or NFD): masked in every text bantin renders from the records, warned about in articles.
//!
//! `tests/fixtures/names` names its two parties in every such way: a case title in capitals, a
//! commendation across a line, another with two spaces, `directed_by`, a directive's title and its
//! summary without tones; the articles under `content/articles/ten/` name them in a title, a
//! summary, a caption, an alt text, NFD text and across a line, and one names people whose names
//! only resemble theirs.

use std::fs;

use crate::support::{TempSite, fixture, read_text, read_tree, text_of};

/// The parties of the fixture's cases.
const PARTIES: [&str; 2] = ["Phạm Thị Hoa", "Nguyễn Văn Sơn"];

/// The words of `text` as a reader would search them: folded (lowercase, no tones, `đ` → `d`),
/// split at everything that is not a letter or a digit.
fn folded_words(text: &str) -> Vec<String> {
    bantin::text::fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The files of `site`'s output in which `name`'s words follow each other, folded.
fn files_naming(site: &TempSite, name: &str) -> Vec<String> {
    let name = folded_words(name);
    read_tree(&site.out())
        .into_iter()
        .filter(|(_, bytes)| {
            folded_words(&String::from_utf8_lossy(bytes))
                .windows(name.len())
                .any(|w| w == name.as_slice())
        })
        .map(|(path, _)| path)
        .collect()
}

/// The fixture without the articles that name the parties (a public build shows an article as
/// written: its author is warned instead).
fn records_only() -> TempSite {
    let site = fixture("names");
    fs::remove_dir_all(site.content().join("articles/ten")).unwrap();
    site
}

#[test]
fn public_build_masks_parties_named_in_any_case_spacing_or_tones() {
    let site = records_only();
    site.build(&[]).expect_code(0);
    assert!(read_tree(&site.out()).len() > 10);
    for party in PARTIES {
        let found = files_naming(&site, party);
        assert!(found.is_empty(), "{party} is shown in full in {found:?}");
    }
    // Each text keeps everything but the names, which read as initials.
    let case = text_of(&read_text(
        &site.out(),
        "vu-viec/vu-hoang-nong-2023/index.html",
    ));
    for shown in [
        "VỤ P.T.H.",
        "Ban Chỉ đạo THADS huyện, theo đơn của bà P.T.H.",
        "Bà P.T.H. đã thi hành xong; ông N.V.S. chứng kiến.",
    ] {
        assert!(case.contains(shown), "{shown:?} is not in {case}");
    }
    let other = text_of(&read_text(
        &site.out(),
        "vu-viec/vu-phu-xuyen-2023/index.html",
    ));
    assert!(
        other.contains("Ông N.V.S. đã hợp tác; bà Phạm Thị Hoan, người làm chứng"),
        "{other}"
    );
    let directive = text_of(&read_text(&site.out(), "van-ban/12-kh-hu-2021/index.html"));
    for shown in [
        "Kế hoạch giải quyết dứt điểm vụ N.V.S.",
        "Giao Chi cục vận động bà P.T.H. thi hành án.",
    ] {
        assert!(directive.contains(shown), "{shown:?} is not in {directive}");
    }
}

#[test]
fn internal_and_full_name_builds_show_parties_as_written() {
    let site = records_only();
    site.build(&["--audience", "internal"]).expect_code(0);
    let case = text_of(&read_text(
        &site.out(),
        "vu-viec/vu-hoang-nong-2023/index.html",
    ));
    assert!(case.contains("VỤ PHẠM THỊ HOA"), "{case}");
    assert!(case.contains("ông NGUYEN VAN SON chứng kiến"), "{case}");

    let site = records_only();
    let yaml = fs::read_to_string(site.content().join("site.yaml")).unwrap();
    fs::write(
        site.content().join("site.yaml"),
        format!("{yaml}privacy:\n  person_names: full\n"),
    )
    .unwrap();
    site.build(&[]).expect_code(0);
    let directive = text_of(&read_text(&site.out(), "van-ban/12-kh-hu-2021/index.html"));
    assert!(directive.contains("vụ NGUYỄN VĂN SƠN"), "{directive}");
    assert!(directive.contains("bà Pham Thi Hoa"), "{directive}");
}

#[test]
fn articles_naming_a_party_are_warned_about_where_the_name_is() {
    let site = fixture("names");
    let run = site.check(&[]);
    run.expect_code(0);
    let warnings: Vec<(String, String, String)> = run
        .diagnostics()
        .into_iter()
        .map(|d| {
            let party = PARTIES
                .into_iter()
                .find(|p| d.message.contains(&format!("names `{p}` in full")))
                .unwrap_or_else(|| panic!("unexpected: {} {}", d.location, d.message));
            (d.location, party.to_string(), d.hint.unwrap_or_default())
        })
        .collect();
    let at = |file: &str, line_col: &str, party: &str, initials: &str| {
        (
            format!("content/articles/ten/{file}:{line_col}"),
            party.to_string(),
            format!("write `{initials}` instead"),
        )
    };
    // Columns count the characters of the text as read (NFC): `nfd.md` is decomposed on disk.
    assert_eq!(
        warnings,
        [
            at("chu-thich-anh.md", "8:7", "Nguyễn Văn Sơn", "N.V.S."), // alt text
            at("chu-thich.md", "7:5", "Phạm Thị Hoa", "P.T.H."),       // caption, without tones
            at("nfd.md", "6:23", "Nguyễn Văn Sơn", "N.V.S."),          // decomposed
            at("tieu-de.md", "2:19", "Phạm Thị Hoa", "P.T.H."),        // title, in capitals
            at("tom-tat.md", "5:18", "Phạm Thị Hoa", "P.T.H."),        // summary, across a line
            at("xuong-dong.md", "6:25", "Phạm Thị Hoa", "P.T.H."),     // two spaces, a line
        ],
        "{}",
        run.stderr
    );
}

/// Folding every mark away would take ordinary words for a party whose name folds like them:
/// `lễ văn hóa` (a cultural ceremony) for `Lê Văn Hóa`, `Phạm Thị Hòa` for `Phạm Thị Hoa`. Tones
/// tell Vietnamese words apart: only the name as written, or written without marks, is masked
/// or warned about.
#[test]
fn words_that_fold_like_a_name_but_differ_in_tone_are_left_as_written() {
    let site = records_only();
    let cases = site.content().join("cases/cases.yaml");
    let text = fs::read_to_string(&cases).unwrap();
    fs::write(
        &cases,
        format!(
            "{text}- id: vu-le-van-hoa\n  title: \"Vụ ông Lê Văn Hóa\"\n  unit: dai-tu\n  party: \"Lê Văn Hóa\"\n  resolved: 2023\n  commendation: \"Sau buổi lễ văn hóa của xã, ông Le Van Hoa đã thi hành xong; bà Phạm Thị Hòa chứng kiến.\"\n"
        ),
    )
    .unwrap();
    fs::create_dir_all(site.content().join("articles/2025")).unwrap();
    fs::write(
        site.content().join("articles/2025/le-hoi.md"),
        "---\ntitle: \"Lễ văn hóa ở xã\"\ndate: 2025-01-02\n---\n\nXã tổ chức lễ văn hóa; bà Phạm Thị Hòa dự.\n",
    )
    .unwrap();
    let check = site.check(&[]);
    check.expect_code(0);
    assert!(
        !check.stderr.contains("le-hoi.md"),
        "an article without a party's name is warned about:\n{}",
        check.stderr
    );
    site.build(&[]).expect_code(0);
    let case = text_of(&read_text(&site.out(), "vu-viec/vu-le-van-hoa/index.html"));
    assert!(
        case.contains(
            "Sau buổi lễ văn hóa của xã, ông L.V.H. đã thi hành xong; bà Phạm Thị Hòa chứng kiến."
        ),
        "{case}"
    );
}
