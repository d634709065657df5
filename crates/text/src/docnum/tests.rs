//! Tests of document numbers: parsing, canonical forms, ids, and finding them in text.

use super::parse::{canonical_group, join_groups};
use super::*;
use proptest::prelude::*;

fn p(s: &str) -> DocNumber {
    match parse_doc_number(s) {
        Ok(d) => d,
        Err(e) => panic!("{s:?} should parse: {e}"),
    }
}

fn party(number: &str, type_code: &str, issuer: &str) -> DocNumber {
    DocNumber {
        number: number.into(),
        form: DocForm::Party,
        year: None,
        type_code: Some(type_code.into()),
        issuer: issuer.into(),
    }
}

fn state(number: &str, year: Option<i32>, type_code: Option<&str>, issuer: &str) -> DocNumber {
    DocNumber {
        number: number.into(),
        form: DocForm::State,
        year,
        type_code: type_code.map(Into::into),
        issuer: issuer.into(),
    }
}

fn err(s: &str) -> DocNumberError {
    match parse_doc_number(s) {
        Ok(d) => panic!("{s:?} should not parse, got {d:?}"),
        Err(e) => e,
    }
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

// --- parse: the examples of the brief and of domain.md ----------------------------------------------

#[test]
fn parses_party_numbers() {
    assert_eq!(p("33-CT/TU"), party("33", "CT", "TU"));
    assert_eq!(p("121-CV/HU"), party("121", "CV", "HU"));
    assert_eq!(p("36-HD/VPTW"), party("36", "HD", "VPTW"));
    assert_eq!(p("05-NQ/TW"), party("05", "NQ", "TW"));
    assert_eq!(p("12-CTr/ĐU"), party("12", "CTr", "ĐU"));
    assert_eq!(p("7-BC/BTG-TU"), party("7", "BC", "BTG-TU"));
}

#[test]
fn parses_state_numbers() {
    assert_eq!(p("53/KH-UBND"), state("53", None, Some("KH"), "UBND"));
    assert_eq!(
        p("30/2020/NĐ-CP"),
        state("30", Some(2020), Some("NĐ"), "CP")
    );
    assert_eq!(p("91/2025/QH15"), state("91", Some(2025), None, "QH15"));
    assert_eq!(
        p("3769/BTP-TCTHADS"),
        state("3769", None, None, "BTP-TCTHADS")
    );
    assert_eq!(p("1898/QĐ-BTP"), state("1898", None, Some("QĐ"), "BTP"));
    assert_eq!(
        p("06/2019/TT-BTP"),
        state("06", Some(2019), Some("TT"), "BTP")
    );
    assert_eq!(
        p("17/2019/QĐ-TTg"),
        state("17", Some(2019), Some("QĐ"), "TTg")
    );
    assert_eq!(p("12/CTr-UBND"), state("12", None, Some("CTr"), "UBND"));
    assert_eq!(p("45/TTr-UBND"), state("45", None, Some("TTr"), "UBND"));
    assert_eq!(p("96/2019/QH14"), state("96", Some(2019), None, "QH14"));
    assert_eq!(
        p("13/2023/NĐ-CP"),
        state("13", Some(2023), Some("NĐ"), "CP")
    );
    assert_eq!(p("120/UBND-VX"), state("120", None, None, "UBND-VX"));
    assert_eq!(p("01/CĐ-TTg"), state("01", None, Some("CĐ"), "TTg"));
}

#[test]
fn keeps_leading_zeros() {
    assert_eq!(p("06/2019/TT-BTP").number, "06");
    assert_eq!(p("005-NQ/TW").number, "005");
    assert_eq!(p("06/2019/TT-BTP").canonical(), "06/2019/TT-BTP");
}

#[test]
fn tolerates_prefixes() {
    for s in [
        "Số 33-CT/TU",
        "Số: 33-CT/TU",
        "số 33-CT/TU",
        "số:33-CT/TU",
        "SỐ: 33-CT/TU",
        "Số:  33-CT/TU",
        "Số. 33-CT/TU",
        "Số33-CT/TU",
        "  Số: 33-CT/TU  ",
    ] {
        assert_eq!(p(s), party("33", "CT", "TU"), "{s:?}");
    }
    assert_eq!(p("Số: 53/KH-UBND"), state("53", None, Some("KH"), "UBND"));
}

#[test]
fn tolerates_stray_spaces() {
    assert_eq!(
        p("44 /2005/QĐ-UBND"),
        state("44", Some(2005), Some("QĐ"), "UBND")
    );
    assert_eq!(p("33 - CT / TU"), party("33", "CT", "TU"));
    assert_eq!(p(" 53 / KH - UBND "), state("53", None, Some("KH"), "UBND"));
    assert_eq!(
        p("30 / 2020 / NĐ - CP"),
        state("30", Some(2020), Some("NĐ"), "CP")
    );
    assert_eq!(p("33\u{a0}-\u{a0}CT/TU"), party("33", "CT", "TU"));
    assert_eq!(p("33-CT/TU\n"), party("33", "CT", "TU"));
}

#[test]
fn tolerates_typographic_dashes() {
    for s in ["33–CT/TU", "33 – CT/TU", "33‐CT/TU", "33‑CT/TU", "33−CT/TU"] {
        assert_eq!(p(s), party("33", "CT", "TU"), "{s:?}");
    }
    assert_eq!(p("53/KH–UBND"), state("53", None, Some("KH"), "UBND"));
}

#[test]
fn normalizes_nfd_input() {
    let nfd: String = "Số: 30/2020/NĐ-CP".nfd().collect();
    assert_ne!(nfd, "Số: 30/2020/NĐ-CP");
    assert_eq!(p(&nfd), state("30", Some(2020), Some("NĐ"), "CP"));
    let nfd: String = "số 33-CT/TU".nfd().collect();
    assert_eq!(p(&nfd), party("33", "CT", "TU"));
}

#[test]
fn lowercase_codes_get_canonical_spelling() {
    assert_eq!(p("53/kh-ubnd"), state("53", None, Some("KH"), "UBND"));
    assert_eq!(p("33-ct/tu"), party("33", "CT", "TU"));
    assert_eq!(
        p("30/2020/nđ-cp"),
        state("30", Some(2020), Some("NĐ"), "CP")
    );
    assert_eq!(
        p("30/2020/Nđ-CP"),
        state("30", Some(2020), Some("NĐ"), "CP")
    );
    assert_eq!(p("12/ctr-ubnd"), state("12", None, Some("CTr"), "UBND"));
    assert_eq!(p("12/CTR-UBND"), state("12", None, Some("CTr"), "UBND"));
    assert_eq!(p("45/TTR-UBND"), state("45", None, Some("TTr"), "UBND"));
    assert_eq!(p("12-ctr/tu"), party("12", "CTr", "TU"));
    assert_eq!(
        p("17/2019/qđ-ttg"),
        state("17", Some(2019), Some("QĐ"), "TTg")
    );
    assert_eq!(
        p("17/2019/QĐ-TTG"),
        state("17", Some(2019), Some("QĐ"), "TTg")
    );
    assert_eq!(
        p("3769/btp-tcthads"),
        state("3769", None, None, "BTP-TCTHADS")
    );
    // Issuer groups that start with a capital are kept as printed.
    assert_eq!(p("91/2025/QH15").issuer, "QH15");
}

#[test]
fn unknown_party_type_is_kept() {
    let d = p("9-XYZ/TU");
    assert_eq!(d, party("9", "XYZ", "TU"));
    assert_eq!(d.kind_name(), None);
    assert_eq!(d.canonical(), "9-XYZ/TU");
}

// --- canonical, slug, id --------------------------------------------------------------------------------

#[test]
fn canonical_slug_and_id_of_examples() {
    let cases: &[(&str, &str, &str, i32, &str)] = &[
        ("33-CT/TU", "33-CT/TU", "33-ct-tu", 2020, "33-ct-tu-2020"),
        (
            "121-CV/HU",
            "121-CV/HU",
            "121-cv-hu",
            2021,
            "121-cv-hu-2021",
        ),
        (
            "36-HD/VPTW",
            "36-HD/VPTW",
            "36-hd-vptw",
            2018,
            "36-hd-vptw-2018",
        ),
        ("05-NQ/TW", "05-NQ/TW", "05-nq-tw", 2016, "05-nq-tw-2016"),
        (
            "53/KH-UBND",
            "53/KH-UBND",
            "53-kh-ubnd",
            2023,
            "53-kh-ubnd-2023",
        ),
        (
            "30/2020/NĐ-CP",
            "30/2020/NĐ-CP",
            "30-2020-nd-cp",
            2020,
            "30-2020-nd-cp",
        ),
        (
            "91/2025/QH15",
            "91/2025/QH15",
            "91-2025-qh15",
            2025,
            "91-2025-qh15",
        ),
        (
            "3769/BTP-TCTHADS",
            "3769/BTP-TCTHADS",
            "3769-btp-tcthads",
            2022,
            "3769-btp-tcthads-2022",
        ),
        (
            "1898/QĐ-BTP",
            "1898/QĐ-BTP",
            "1898-qd-btp",
            2019,
            "1898-qd-btp-2019",
        ),
        (
            "06/2019/TT-BTP",
            "06/2019/TT-BTP",
            "06-2019-tt-btp",
            2019,
            "06-2019-tt-btp",
        ),
        (
            "Số: 44 /2005/QĐ-UBND",
            "44/2005/QĐ-UBND",
            "44-2005-qd-ubnd",
            2005,
            "44-2005-qd-ubnd",
        ),
        (
            "33 - CT / TU",
            "33-CT/TU",
            "33-ct-tu",
            2020,
            "33-ct-tu-2020",
        ),
        (
            "12-CTr/ĐU",
            "12-CTr/ĐU",
            "12-ctr-du",
            2024,
            "12-ctr-du-2024",
        ),
        (
            "17/2019/QĐ-TTg",
            "17/2019/QĐ-TTg",
            "17-2019-qd-ttg",
            2019,
            "17-2019-qd-ttg",
        ),
    ];
    for &(input, canonical, slug, year, id) in cases {
        let d = p(input);
        assert_eq!(d.canonical(), canonical, "canonical of {input:?}");
        assert_eq!(d.to_string(), canonical, "Display of {input:?}");
        assert_eq!(d.slug(), slug, "slug of {input:?}");
        assert!(is_slug(&d.slug()));
        assert_eq!(d.id(year), id, "id of {input:?}");
        assert_eq!(p(canonical), d, "reparse of {canonical:?}");
    }
}

#[test]
fn id_distinguishes_recurring_party_numbers() {
    let d = p("33-CT/TU");
    assert_ne!(d.id(2015), d.id(2020));
}

#[test]
fn from_str_matches_parse() {
    let d: DocNumber = "53/KH-UBND".parse().unwrap();
    assert_eq!(d, p("53/KH-UBND"));
    assert!("abc".parse::<DocNumber>().is_err());
}

// --- kind names ------------------------------------------------------------------------------------------

#[test]
fn kind_names_from_numbers() {
    let cases: &[(&str, Option<&str>)] = &[
        ("33-CT/TU", Some("Chỉ thị")),
        ("121-CV/HU", Some("Công văn")),
        ("36-HD/VPTW", Some("Hướng dẫn")),
        ("05-NQ/TW", Some("Nghị quyết")),
        ("10-KL/TW", Some("Kết luận")),
        ("53/KH-UBND", Some("Kế hoạch")),
        ("30/2020/NĐ-CP", Some("Nghị định")),
        ("06/2019/TT-BTP", Some("Thông tư")),
        ("1898/QĐ-BTP", Some("Quyết định")),
        ("17/2019/QĐ-TTg", Some("Quyết định")),
        ("12/CTr-UBND", Some("Chương trình")),
        ("45/TTr-UBND", Some("Tờ trình")),
        ("7/TB-CCTHADS", Some("Thông báo")),
        ("8/BC-CCTHADS", Some("Báo cáo")),
        ("9/QC-CCTHADS", Some("Quy chế")),
        ("10/PA-UBND", Some("Phương án")),
        ("11/ĐA-UBND", Some("Đề án")),
        ("12/BB-CCTHADS", Some("Biên bản")),
        ("3769/BTP-TCTHADS", Some("Công văn")),
        ("120/UBND-VX", Some("Công văn")),
        ("91/2025/QH15", None),
        ("96/2019/QH14", None),
        ("9-XYZ/TU", None),
        // Party TT is a thông tri, state TT a thông tư.
        ("15-TT/TW", Some("Thông tri")),
        ("01-QĐi/TW", Some("Quy định")),
    ];
    for &(input, kind) in cases {
        assert_eq!(p(input).kind_name(), kind, "kind of {input:?}");
    }
}

#[test]
fn kind_names_for_codes() {
    let cases: &[(&str, &str)] = &[
        ("CT", "Chỉ thị"),
        ("KH", "Kế hoạch"),
        ("CV", "Công văn"),
        ("NQ", "Nghị quyết"),
        ("QĐ", "Quyết định"),
        ("KL", "Kết luận"),
        ("HD", "Hướng dẫn"),
        ("TB", "Thông báo"),
        ("BC", "Báo cáo"),
        ("CTr", "Chương trình"),
        ("QC", "Quy chế"),
        ("PA", "Phương án"),
        ("ĐA", "Đề án"),
        ("BB", "Biên bản"),
        ("TTr", "Tờ trình"),
        ("NĐ", "Nghị định"),
        ("TT", "Thông tư"),
        ("QĐ-TTg", "Quyết định"),
        ("qđ", "Quyết định"),
        ("ctr", "Chương trình"),
        (" KH ", "Kế hoạch"),
    ];
    for &(code, name) in cases {
        assert_eq!(kind_name_for_code(code), Some(name), "{code:?}");
    }
    let nfd: String = "NĐ".nfd().collect();
    assert_eq!(kind_name_for_code(&nfd), Some("Nghị định"));
    for code in ["", "UBND", "TU", "QH15", "XYZ", "-", "/", "C T"] {
        assert_eq!(kind_name_for_code(code), None, "{code:?}");
    }
}

#[test]
fn every_type_code_round_trips() {
    for (code, name) in TYPE_CODES {
        assert_eq!(kind_name_for_code(code), Some(*name));
        let d = p(&format!("1/{code}-UBND"));
        assert_eq!(d.type_code.as_deref(), Some(*code));
        assert_eq!(d.issuer, "UBND");
        let d = p(&format!("1-{code}/TU"));
        assert_eq!(d.type_code.as_deref(), Some(*code));
        assert!(is_slug(&d.slug()));
    }
}

// --- errors ----------------------------------------------------------------------------------------------

#[test]
fn rejects_garbage_with_hints() {
    for s in [
        "",
        "   ",
        "abc",
        "33",
        "/KH",
        "33-CT",
        "Số",
        "Số:",
        "33-",
        "33/",
        "33-CT/",
        "33/KH-",
        "33-CT/TU-",
        "53/KH",
        "33CT/TU",
        "33 CT/TU",
        "53/KH UBND",
        "33/CT/TU",
        "53-KH-UBND",
        "25/9/2020",
        "02/03/2021",
        "1/10 – 31/3",
        "85,71%",
        "33-CT/TU.",
        "33-CT/TU/2020",
        "30/1900/NĐ-CP",
        "30/2200/NĐ-CP",
        "30/20/NĐ-CP",
        "30/02020/NĐ-CP",
        "30/2020",
        "30/2020/",
        "33-2020/TU",
        "33-CT/2020",
        "Số: Ủy ban",
        "33-CT/TƯ",
        "--",
        "//",
        "33--CT/TU",
        "33-CT//TU",
        "33-CT/TU--HU",
        "53/KH-UBND/",
        "x33-CT/TU",
        "33-CT/TU\u{0}",
        "So 33-CT/TU",
    ] {
        let e = err(s);
        assert!(!e.message.is_empty(), "{s:?}");
        assert!(e.hint.is_some(), "{s:?} has a hint");
        let shown = e.to_string();
        assert!(shown.contains("(hint: "), "{shown}");
    }
}

#[test]
fn error_messages_say_what_was_expected() {
    assert_eq!(err("").message, "empty document number");
    assert!(err("abc").message.contains("starts with its number"));
    assert!(err("33").message.contains("no type or issuer"));
    assert!(
        err("/KH")
            .message
            .contains("expected the document's number")
    );
    let e = err("33-CT");
    assert!(e.message.contains("no issuer"), "{}", e.message);
    assert!(e.message.contains("`33-CT`"), "{}", e.message);
    assert_eq!(e.hint.as_deref(), Some(SHAPES_HINT));
    assert!(err("53/KH").message.contains("issuer is missing"));
    assert!(err("30/1900/NĐ-CP").message.contains("out of range"));
    assert!(err("25/9/2020").message.contains("4-digit year"));
    assert!(err("33CT/TU").message.contains("mixes digits and letters"));
    assert!(err("33-CT/TƯ").message.contains("`Ư`"));
    assert!(err("33/CT/TU").hint.unwrap().contains("33-CT/TU"));
    let e = err("53-KH-UBND");
    assert!(e.hint.unwrap().contains("53/KH-UBND"));
    // Long inputs are quoted shortened.
    let long = "x".repeat(500);
    assert!(err(&long).message.chars().count() < 200);
}

#[test]
fn error_display() {
    let e = DocNumberError {
        message: "bad".into(),
        hint: Some("fix".into()),
    };
    assert_eq!(e.to_string(), "bad (hint: fix)");
    let e = DocNumberError {
        message: "bad".into(),
        hint: None,
    };
    assert_eq!(e.to_string(), "bad");
    let _: &dyn std::error::Error = &e;
}

// --- find_doc_numbers ------------------------------------------------------------------------------------

/// The numbers found in `text`, as the slices they cover.
fn found(text: &str) -> Vec<&str> {
    find_doc_numbers(text)
        .into_iter()
        .map(|(r, _)| &text[r])
        .collect()
}

#[test]
fn finds_numbers_in_sentences() {
    assert_eq!(
        found("Thực hiện Chỉ thị số 33-CT/TU ngày 25/9/2020 của Ban Thường vụ Tỉnh ủy"),
        ["33-CT/TU"]
    );
    assert_eq!(
        found("Căn cứ Kế hoạch số 53/KH-UBND, ngày 02/03/2021 của UBND huyện"),
        ["53/KH-UBND"]
    );
    assert_eq!(
        found("Công văn số 121-CV/HU của Huyện ủy về việc tăng cường công tác thi hành án."),
        ["121-CV/HU"]
    );
    assert_eq!(
        found("Theo Nghị định 30/2020/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15."),
        ["30/2020/NĐ-CP", "91/2025/QH15"]
    );
    assert_eq!(
        found("(Công văn 3769/BTP-TCTHADS; Quyết định 1898/QĐ-BTP)"),
        ["3769/BTP-TCTHADS", "1898/QĐ-BTP"]
    );
    assert_eq!(
        found("Thông tư số 06/2019/TT-BTP quy định chế độ báo cáo"),
        ["06/2019/TT-BTP"]
    );
    assert_eq!(
        found("theo Quyết định số 44 /2005/QĐ-UBND của tỉnh"),
        ["44 /2005/QĐ-UBND"]
    );
    assert_eq!(
        found("Hướng dẫn 36-HD/VPTW; Nghị quyết 05-NQ/TW."),
        ["36-HD/VPTW", "05-NQ/TW"]
    );
    assert_eq!(found("Số: 53/KH-UBND"), ["53/KH-UBND"]);
    assert_eq!(found("53/KH-UBND"), ["53/KH-UBND"]);
    assert_eq!(found("Chương trình 12/CTr-UBND."), ["12/CTr-UBND"]);
    assert_eq!(found("Quyết định 17/2019/QĐ-TTg;"), ["17/2019/QĐ-TTg"]);
    assert_eq!(found("Chỉ thị 33 - CT / TU ngày"), ["33 - CT / TU"]);
    assert_eq!(found("Chỉ thị 33–CT/TU của Tỉnh ủy"), ["33–CT/TU"]);
    assert_eq!(found("Chỉ thị\u{a0}33-CT/TU"), ["33-CT/TU"]);
    assert_eq!(found("33-CT/TU33-CT/TU"), Vec::<&str>::new());
    assert_eq!(found("33-CT/TU 33-CT/TU"), ["33-CT/TU", "33-CT/TU"]);
}

#[test]
fn found_numbers_are_parsed() {
    let text = "Chỉ thị số 33-CT/TU ngày 25/9/2020 và Kế hoạch số 53/KH-UBND.";
    let hits = find_doc_numbers(text);
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0].1, party("33", "CT", "TU"));
    assert_eq!(hits[1].1, state("53", None, Some("KH"), "UBND"));
    let (r, _) = &hits[0];
    assert_eq!(&text[r.clone()], "33-CT/TU");
    assert_eq!(text[..r.start].chars().last(), Some(' '));
}

#[test]
fn excludes_trailing_punctuation_and_prose() {
    for (text, want) in [
        ("số 33-CT/TU.", "33-CT/TU"),
        ("số 33-CT/TU,", "33-CT/TU"),
        ("(33-CT/TU)", "33-CT/TU"),
        ("“53/KH-UBND”", "53/KH-UBND"),
        ("53/KH-UBND-", "53/KH-UBND"),
        ("53/KH-UBND - UBND huyện", "53/KH-UBND"),
        ("53/KH-UBND-Xã", "53/KH-UBND"),
        ("33-CT/TU ngày", "33-CT/TU"),
        ("33-CT/TU\nngày", "33-CT/TU"),
    ] {
        assert_eq!(found(text), [want], "{text:?}");
    }
}

#[test]
fn does_not_match_dates_fractions_or_amounts() {
    for text in [
        "ngày 25/9/2020",
        "ngày 02/03/2021",
        "từ 1/10 – 31/3 hằng năm",
        "đạt 85,71% chỉ tiêu",
        "1.250.000.000 đồng",
        "62,3 tỷ đồng",
        "giai đoạn 2021-2025",
        "tỷ lệ 3/4 số việc",
        "Tổ 3/A",
        "tốc độ 60/Km",
        "năm 2020/2021",
        "24/7",
        "QH15",
        "COVID-19",
        "F0/F1",
        "5S/KH",
        "lớp 12A/KH",
        "x33-CT/TU",
        "https://x.gov.vn/2020/KH-UBND",
        "ngày 25/9/2020/QĐ",
        "10/2020/",
        "1 - 2/3",
        "33 -\nCT/TU",
        "53/KH-UBND/abc",
        "/data/33-CT/TU/index.html",
    ] {
        assert_eq!(found(text), Vec::<&str>::new(), "{text:?}");
    }
}

#[test]
fn finds_in_nfd_text() {
    let text: String = "Chỉ thị số 33-CT/TU và Nghị định 30/2020/NĐ-CP được ban hành."
        .nfd()
        .collect();
    assert_eq!(found(&text), ["33-CT/TU", "30/2020/NĐ-CP"]);
    // A code glued to a decomposed letter is not a code.
    let text: String = "Tổ 3/KHÀ".nfd().collect();
    assert_eq!(found(&text), Vec::<&str>::new());
}

#[test]
fn finds_nothing_in_empty_or_plain_text() {
    assert!(find_doc_numbers("").is_empty());
    assert!(find_doc_numbers("Không có số văn bản nào ở đây.").is_empty());
    assert!(find_doc_numbers("33").is_empty());
    assert!(find_doc_numbers("33-").is_empty());
    assert!(find_doc_numbers("33-CT/").is_empty());
}

// --- properties -------------------------------------------------------------------------------------------

fn group() -> impl Strategy<Value = String> {
    "[A-ZĐ][A-Za-zĐđ0-9]{0,6}"
}

fn strict_group() -> impl Strategy<Value = String> {
    "[A-ZĐ]{2,6}[0-9]{0,2}"
}

fn type_code() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(
            TYPE_CODES
                .iter()
                .map(|(c, _)| c.to_string())
                .collect::<Vec<_>>()
        ),
        group(),
    ]
}

fn spaces() -> impl Strategy<Value = String> {
    prop_oneof![Just(""), Just(""), Just(" "), Just("  "), Just("\u{a0}")].prop_map(String::from)
}

fn prefix() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(""),
        Just(""),
        Just("Số "),
        Just("Số: "),
        Just("số "),
        Just("SỐ:")
    ]
    .prop_map(String::from)
}

/// A valid party number as typed, and its expected parse.
fn party_input() -> impl Strategy<Value = (String, DocNumber)> {
    (
        prefix(),
        "[0-9]{1,5}",
        type_code(),
        proptest::collection::vec(group(), 1..4),
        spaces(),
        spaces(),
    )
        .prop_map(|(prefix, number, type_code, issuer, s1, s2)| {
            let input = format!(
                "{prefix}{number}{s1}-{s2}{type_code}{s1}/{s2}{}",
                issuer.join("-")
            );
            let expected = DocNumber {
                number,
                form: DocForm::Party,
                year: None,
                type_code: Some(canonical_group(&type_code, true)),
                issuer: join_groups(&issuer),
            };
            (input, expected)
        })
}

/// A valid state number as typed, and its expected parse.
fn state_input() -> impl Strategy<Value = (String, DocNumber)> {
    (
        prefix(),
        "[0-9]{1,5}",
        proptest::option::of(1945..=2100i32),
        proptest::option::of(proptest::sample::select(
            TYPE_CODES
                .iter()
                .map(|(c, _)| c.to_string())
                .collect::<Vec<_>>(),
        )),
        proptest::collection::vec(group(), 1..4),
        spaces(),
    )
        .prop_filter(
            "an issuer that starts with a type code would be read as a type",
            |t| t.3.is_some() || known_type_code(&t.4[0]).is_none(),
        )
        .prop_map(|(prefix, number, year, type_code, issuer, s)| {
            let mut input = format!("{prefix}{number}{s}/");
            if let Some(y) = year {
                input.push_str(&format!("{s}{y}{s}/"));
            }
            if let Some(t) = &type_code {
                input.push_str(&format!("{t}-"));
            }
            input.push_str(&issuer.join("-"));
            let expected = DocNumber {
                number,
                form: DocForm::State,
                year,
                type_code,
                issuer: join_groups(&issuer),
            };
            (input, expected)
        })
}

fn valid_input() -> impl Strategy<Value = (String, DocNumber)> {
    prop_oneof![party_input(), state_input()]
}

fn check_ranges(text: &str) -> Result<(), TestCaseError> {
    let hits = find_doc_numbers(text);
    let mut last_end = 0;
    for (r, d) in &hits {
        prop_assert!(r.start < r.end && r.end <= text.len());
        prop_assert!(r.start >= last_end, "ranges overlap or are out of order");
        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        let slice = &text[r.clone()];
        let reparsed = parse_doc_number(slice);
        prop_assert_eq!(reparsed.as_ref(), Ok(d));
        prop_assert_eq!(slice.trim(), slice);
        last_end = r.end;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics(s in any::<String>()) {
        if let Ok(d) = parse_doc_number(&s) {
            prop_assert!(is_slug(&d.slug()), "{:?}", d.slug());
            prop_assert_eq!(parse_doc_number(&d.canonical()), Ok(d.clone()));
        }
    }

    #[test]
    fn parse_never_panics_on_number_like_text(s in "[0-9A-Za-zĐđốỐƯ/\\-–: \u{a0}\u{301}.,%]{0,24}") {
        if let Ok(d) = parse_doc_number(&s) {
            prop_assert!(is_slug(&d.slug()), "{:?}", d.slug());
            prop_assert_eq!(parse_doc_number(&d.canonical()), Ok(d.clone()));
            let _ = d.kind_name();
            let _ = d.id(2020);
        }
        let _ = kind_name_for_code(&s);
    }

    #[test]
    fn valid_numbers_parse_and_round_trip((input, expected) in valid_input()) {
        let d = parse_doc_number(&input);
        prop_assert_eq!(d.as_ref(), Ok(&expected), "input {:?}", input);
        let d = d.unwrap();
        let again = parse_doc_number(&d.canonical());
        prop_assert_eq!(again.as_ref(), Ok(&d));
        prop_assert_eq!(again.unwrap().canonical(), d.canonical());
        let nfd: String = input.nfd().collect();
        prop_assert_eq!(parse_doc_number(&nfd), Ok(d.clone()));
        prop_assert_eq!(parse_doc_number(&input.to_lowercase()).map(|x| x.slug()), Ok(d.slug()));
    }

    #[test]
    fn slugs_and_ids_are_url_safe((input, _expected) in valid_input(), year in 1945..=2100i32) {
        let d = parse_doc_number(&input).unwrap();
        prop_assert!(is_slug(&d.slug()), "{:?}", d.slug());
        let id = d.id(year);
        prop_assert!(is_slug(&id), "{:?}", id);
        prop_assert!(id.starts_with(&d.slug()));
    }

    #[test]
    fn find_ranges_are_valid_on_any_text(text in any::<String>()) {
        check_ranges(&text)?;
    }

    #[test]
    fn find_ranges_are_valid_on_number_like_text(
        text in "[0-9A-ZĐđa-zốÀ/\\-–: \u{a0}\u{301}.,%\n]{0,40}"
    ) {
        check_ranges(&text)?;
    }

    #[test]
    fn find_finds_embedded_numbers(
        number in "[1-9][0-9]{0,3}",
        year in proptest::option::of(1945..=2100i32),
        type_code in proptest::sample::select(TYPE_CODES.iter().map(|(c, _)| c.to_string()).collect::<Vec<_>>()),
        issuer in proptest::collection::vec(strict_group(), 1..3),
        party_form in any::<bool>(),
        punct in prop_oneof![Just(""), Just("."), Just(","), Just(";"), Just(")"), Just(" ngày 25/9/2020")],
    ) {
        let doc = if party_form {
            format!("{number}-{type_code}/{}", issuer.join("-"))
        } else if let Some(y) = year {
            format!("{number}/{y}/{type_code}-{}", issuer.join("-"))
        } else {
            format!("{number}/{type_code}-{}", issuer.join("-"))
        };
        let text = format!("Thực hiện văn bản số {doc}{punct} của cấp trên");
        let hits = find_doc_numbers(&text);
        prop_assert_eq!(hits.len(), 1, "{:?}", text);
        prop_assert_eq!(&text[hits[0].0.clone()], doc.as_str());
        prop_assert_eq!(&hits[0].1, &parse_doc_number(&doc).unwrap());
        check_ranges(&text)?;
    }
}
