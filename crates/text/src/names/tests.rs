//! Tests of [`NameFinder`](super::NameFinder): examples, and property tests against folding the
//! whole text with [`fold`](crate::fold).

use super::fold::{TABLE_END, fold_slow};
use super::*;
use crate::fold;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

fn nfd(s: &str) -> String {
    s.nfd().collect()
}

/// The names found in `text`, as written there. The text is also searched after 70 bytes of
/// other text, as a long text is read (64 bytes at a time): the same must be found.
fn found<'t>(names: &[&str], text: &'t str) -> Vec<&'t str> {
    let finder = NameFinder::new(names);
    let long = format!("{} {text}", "x".repeat(69));
    let in_long: Vec<&str> = finder
        .find_all(&long)
        .into_iter()
        .map(|m| &long[m.range])
        .collect();
    let found: Vec<&str> = finder
        .find_all(text)
        .into_iter()
        .map(|m| &text[m.range])
        .collect();
    assert_eq!(found, in_long, "{text:?} alone and after other text");
    found
}

#[test]
fn a_name_is_found_in_any_case_with_or_without_tones_and_across_whitespace() {
    let hoa = ["Phạm Thị Hoa"];
    for text in [
        "Phạm Thị Hoa",
        "Pham Thi Hoa",
        "PHẠM THỊ HOA",
        "pHạM tHị HoA",
        "Phạm  Thị\nHoa",
        "Phạm\tThị \u{A0}\n  Hoa",
        &nfd("Phạm Thị Hoa"),
        &nfd("PHẠM  THỊ\nHOA"),
    ] {
        assert_eq!(found(&hoa, text), [text], "{text:?}");
    }
    // The name as given may be spelled any way too.
    // A name given without any mark is compared by its letters only.
    assert_eq!(
        found(&[" pham  THI hoa "], "bà Phạm Thị Hòa"),
        ["Phạm Thị Hòa"]
    );
    assert_eq!(
        found(&[&nfd("Đỗ Văn Ánh")], "ông DO VAN ANH,"),
        ["DO VAN ANH"]
    );
    assert_eq!(
        found(&["Đỗ Văn Ánh"], "ông \u{D0}ỗ Văn Ánh"),
        ["\u{D0}ỗ Văn Ánh"]
    );
}

#[test]
fn a_name_is_found_only_as_whole_words() {
    // `Ân` folds as `An` does, but is another name.
    assert!(found(&["Lê An"], "ông Lê Anh và bà Lê Ân").is_empty());
    assert_eq!(found(&["Lê An"], "ông Lê Anh, bà Lê An."), ["Lê An"]);
    assert!(found(&["Phạm Thị Hoa"], "Phạm Thị Hoan").is_empty());
    assert!(found(&["Phạm Thị Hoa"], "XPhạm Thị Hoa").is_empty());
    assert!(found(&["Phạm Thị Hoa"], "Phạm Thị Hoa2").is_empty());
    assert!(found(&["Phạm Thị Hoa"], "Phạm ThịHoa").is_empty());
    assert!(found(&["Phạm Thị Hoa"], "Phạm-Thị Hoa").is_empty());
    assert!(found(&["Phạm Thị Hoa"], &nfd("Phạm Thị Hoàn")).is_empty());
    // Punctuation around a name is not part of a word, nor are spaces and quotes beyond ASCII,
    // nor a stray mark after them.
    assert_eq!(
        found(&["Phạm Thị Hoa"], "(Phạm Thị Hoa), «PHẠM THỊ HOA»"),
        ["Phạm Thị Hoa", "PHẠM THỊ HOA"]
    );
    assert_eq!(
        found(
            &["Phạm Thị Hoa"],
            "“Phạm Thị Hoa”\u{A0}Pham Thi Hoa–PHAM\u{2003}THI HOA"
        ),
        ["Phạm Thị Hoa", "Pham Thi Hoa", "PHAM\u{2003}THI HOA"]
    );
    assert_eq!(found(&["Lê An"], "“\u{301}Lê An"), ["Lê An"]);
    assert!(found(&["Lê An"], "Ê\u{301}Lê An").is_empty());
    // A name ending in a mark keeps it; one followed by a letter after its marks does not match.
    let text = nfd("bà Phạm Thị Hoà.");
    let at = text.find('P').unwrap();
    assert_eq!(found(&["Phạm Thị Hoà"], &text), [&text[at..text.len() - 1]]);
}

#[test]
fn names_that_are_not_plain_words_are_found_too() {
    assert_eq!(
        found(&["H'Hen Niê"], "bà H'HEN NIE, bà H'Hen Niêm"),
        ["H'HEN NIE"]
    );
    assert_eq!(
        found(&["(Nguyễn) Hải"], "x (nguyen)  Hai"),
        ["(nguyen)  Hai"]
    );
    assert_eq!(
        found(&["Y-Moan Ênuôl"], "ông Y-MOAN ENUOL."),
        ["Y-MOAN ENUOL"]
    );
    assert_eq!(
        found(&["Công ty 3C"], "Công ty 3C, Công ty 3CX"),
        ["Công ty 3C"]
    );
    assert!(NameFinder::new(&["", "  ", "\u{301}"]).is_empty());
}

#[test]
fn no_character_from_u3000_on_folds_to_ascii() {
    // What the tables take for granted: the letters of names written in Latin script are all
    // folded from them (see `fold::TABLE_END`).
    let found: Vec<char> = (TABLE_END..=0x10FFFF)
        .filter_map(char::from_u32)
        .filter(|&c| fold_slow(c).first().is_some_and(|f| f.is_ascii()))
        .collect();
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn every_character_is_folded_from_the_tables_as_on_its_own() {
    // The tables of bytes read a character by its first bytes (`fold::Tables::bytes`), in
    // text, where more follows it; beyond them, characters are folded one by one.
    for c in (0..0x1_0000).filter_map(char::from_u32) {
        let text = format!("{c}xy");
        let mut expected = String::new();
        for f in fold_slow(c).chars() {
            if !f.is_whitespace() {
                expected.push(f);
            } else if !expected.ends_with(' ') {
                expected.push(' ');
            }
        }
        expected.push_str("xy");
        let folded = folded::FoldedText::of(&text);
        assert_eq!(folded.as_bytes(), expected.as_bytes(), "U+{:04X}", c as u32);
    }
}

#[test]
fn names_of_one_meaning_are_one_name() {
    let finder = NameFinder::new(&["Phạm Thị Hoa", "PHAM THI HOA", "Lê An", "Phạm Thị Hòa"]);
    assert_eq!(finder.names(), ["Phạm Thị Hoa", "Lê An"]);
}

#[test]
fn overlapping_names_are_all_found_and_the_longest_is_masked() {
    let finder = NameFinder::new(&["Nguyễn Văn", "Nguyễn Văn An", "Văn An"]);
    let text = "ông Nguyễn Văn An và Nguyễn Văn Anh";
    let all: Vec<(usize, &str)> = finder
        .find_all(text)
        .into_iter()
        .map(|m| (m.name, &text[m.range]))
        .collect();
    assert_eq!(
        all,
        [
            (1, "Nguyễn Văn An"),
            (0, "Nguyễn Văn"),
            (2, "Văn An"),
            (0, "Nguyễn Văn")
        ]
    );
    let initials = ["N.V.", "N.V.A.", "V.A."];
    assert_eq!(finder.mask(text, |k| initials[k]), "ông N.V.A. và N.V. Anh");
}

#[test]
fn masking_replaces_the_occurrence_as_written_and_nothing_else() {
    let finder = NameFinder::new(&["Phạm Thị Hoa"]);
    let text = "Bà Phạm  Thị\nHoa (PHAM THI HOA) ở xã Hoa Sơn;\n\tPhạm Thị Hoan.";
    assert_eq!(
        finder.mask(text, |_| "P.T.H."),
        "Bà P.T.H. (P.T.H.) ở xã Hoa Sơn;\n\tPhạm Thị Hoan."
    );
    let nfd_text = nfd("«Phạm Thị Hoa»");
    assert_eq!(finder.mask(&nfd_text, |_| "P.T.H."), "«P.T.H.»");
    // Another name that folds the same stays: its tone tells it apart.
    assert_eq!(
        finder.mask("bà Phạm Thị Hòa", |_| "P.T.H."),
        "bà Phạm Thị Hòa"
    );
    assert!(matches!(
        finder.mask("không có tên", |_| "x"),
        Cow::Borrowed(_)
    ));
}

#[test]
fn the_first_occurrence_of_each_name_is_given() {
    let finder = NameFinder::new(&["Lê An", "Phạm Thị Hoa", "Trần Bình"]);
    let text = "Lê Anh; PHAM THI HOA; Lê An; Phạm Thị Hoa";
    let at = |s: &str| text.find(s).map(|i| i..i + s.len());
    assert_eq!(
        finder.first_matches(text),
        [
            at("Lê An;").map(|r| r.start..r.end - 1),
            at("PHAM THI HOA"),
            None
        ]
    );
}

/// What [`NameFinder`] must agree with: the whole text and every name folded by [`fold`], and
/// each name compared at every folded character (positions in folded characters).
fn oracle(names: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
    let mut keys: Vec<Vec<char>> = Vec::new();
    for n in names {
        let key: Vec<char> = fold(&n.split_whitespace().collect::<Vec<_>>().join(" "))
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .collect();
        if !key.is_empty() && !keys.contains(&key) {
            keys.push(key);
        }
    }
    let f: Vec<char> = fold(text).chars().collect();
    let word = |c: &char| c.is_alphanumeric();
    let mut out = Vec::new();
    for (k, key) in keys.iter().enumerate() {
        for start in 0..f.len() {
            if word(&key[0]) && start > 0 && word(&f[start - 1]) {
                continue;
            }
            let (mut i, mut j) = (0, start);
            while i < key.len() && j < f.len() {
                if key[i] == ' ' && f[j].is_whitespace() {
                    j += 1;
                    while j < f.len() && f[j].is_whitespace() {
                        j += 1;
                    }
                    i += 1;
                } else if key[i] == f[j] && key[i] != ' ' {
                    i += 1;
                    j += 1;
                } else {
                    break;
                }
            }
            let ends_word = word(&key[key.len() - 1]) && j < f.len() && word(&f[j]);
            if i == key.len() && !ends_word {
                out.push((k, start, j));
            }
        }
    }
    out.sort();
    out
}

/// The finder's matches in folded characters, as [`oracle`] gives them.
fn fast(names: &[&str], text: &str) -> Vec<(usize, usize, usize)> {
    let folded_len = |s: &str| fold(s).chars().count();
    let mut out: Vec<_> = NameFinder::new(names)
        .find_folded(text)
        .into_iter()
        .map(|m| {
            (
                m.name,
                folded_len(&text[..m.range.start]),
                folded_len(&text[..m.range.end]),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn names_are_found_where_the_folded_text_holds_them() {
    let names = ["Lê An", "Phạm Thị Hoa", "Đỗ  Minh Khánh", "An", "H'Hen Niê"];
    for text in [
        "Lê Anh, lê an, LÊ\n\nAN. Phạm Thị Hoan; pham thi hoa",
        "Đỗ Minh Khánh; do  minh\tkhanh; Đỗ Minh Khánhx",
        "An, an, Anh, bAn, H'hen nie, h'henniê",
        "",
    ] {
        assert_eq!(fast(&names, text), oracle(&names, text), "{text:?}");
        let text = nfd(text);
        assert_eq!(fast(&names, &text), oracle(&names, &text), "{text:?}");
    }
}

/// Pieces of text: syllables that are or nearly are names' words, in several spellings,
/// whitespace, punctuation and stray combining marks.
const PIECES: &[&str] = &[
    "Lê",
    "LÊ",
    "le",
    "Lê",
    "An",
    "AN",
    "ân",
    "Anh",
    "anh",
    "Phạm",
    "PHAM",
    "Pha\u{323}m",
    "Thị",
    "thi",
    "THỊ",
    "Hoa",
    "HOÀ",
    "Hoan",
    "hoa\u{300}",
    "Đỗ",
    "do",
    "DO",
    "Ð",
    "đ",
    " ",
    "  ",
    "\n",
    "\t",
    "\u{A0}",
    "“",
    "”",
    ",",
    "(",
    "'",
    "-",
    "\u{301}",
    "x",
    "2",
];

/// Names made of the pieces' words, which texts of pieces often hold.
fn name() -> impl Strategy<Value = String> {
    proptest::sample::select(vec!["Lê An", "Phạm Thị Hoa", "Đỗ Anh", "an", "Lê  Lê"])
        .prop_map(String::from)
}

fn pieces(n: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..n).prop_map(|p| p.concat())
}

proptest! {
    #[test]
    fn names_are_found_like_the_folded_search(
        names in proptest::collection::vec(prop_oneof![pieces(4), name()], 1..5),
        // Long enough to be read 64 bytes at a time, and short ones.
        text in prop_oneof![pieces(30), pieces(150)],
    ) {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        prop_assert_eq!(fast(&names, &text), oracle(&names, &text));
    }

    #[test]
    fn names_of_random_characters_are_found_like_the_folded_search(
        names in proptest::collection::vec("[aAăđĐ'( ][aăâĂđ \n(]{0,4}", 1..5),
        text in "[aAăâĂđĐ'( \n\t\u{300}\u{301}\u{323}]{0,160}",
    ) {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        prop_assert_eq!(fast(&names, &text), oracle(&names, &text));
    }

    #[test]
    fn masked_text_keeps_everything_but_the_names(
        names in proptest::collection::vec(pieces(4), 1..4),
        text in pieces(30),
    ) {
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let finder = NameFinder::new(&names);
        let masked = finder.mask(&text, |_| "#");
        // Taking the masked parts out of both leaves the same text.
        let mut rest = String::new();
        let mut done = 0;
        for m in finder.find_all(&text) {
            if m.range.start >= done {
                rest.push_str(&text[done..m.range.start]);
                rest.push('#');
                done = m.range.end;
            }
        }
        rest.push_str(&text[done..]);
        prop_assert_eq!(masked.as_ref(), rest.as_str());
        // No name is left whole in what was masked (`#` is no word of a name).
        prop_assert!(finder.find_all(&masked).is_empty());
    }

    #[test]
    fn any_text_is_read_without_panic(
        names in proptest::collection::vec("\\PC{0,8}", 1..4),
        raw in proptest::collection::vec(any::<char>(), 0..40),
    ) {
        let text: String = raw.into_iter().collect();
        let finder = NameFinder::new(&names);
        for m in finder.find_all(&text) {
            prop_assert!(text.is_char_boundary(m.range.start) && text.is_char_boundary(m.range.end));
            prop_assert!(m.range.start < m.range.end);
        }
        let _ = finder.mask(&text, |_| "");
    }
}
