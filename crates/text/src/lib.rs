//! Vietnamese text helpers: pure functions, no I/O, no panics on any input.
//!
//! * Unicode: [`nfc`], [`is_nfc`], [`fold`] (tone-free lowercase for search), [`slugify`], [`initials`].
//! * Numbers: [`format_decimal`], [`format_percent`], [`format_points`], [`format_int`], [`format_money`],
//!   [`format_money_compact`], and the parsers [`parse_percent`], [`parse_count`], [`parse_money`].
//! * Dates ([`jiff::civil::Date`]): [`format_date`], [`format_date_long`], [`parse_date`].
//! * Collation (ICU, locale `vi`): [`vi_cmp`], [`vi_sort`], [`person_name_cmp`].
//! * Names found by meaning (any case, tones or none, NFC or NFD, across whitespace), as whole
//!   words, many at once: [`NameFinder`].
//! * Labels: the words a reader sees that are not in a template, from `templates/labels.toml`
//!   ([`labels::Labels`]).
//!
//! Conventions follow `domain.md` ("Writing numbers, dates, names"): decimal comma, thousands dot, no space
//! before `%`; web dates `31/03/2024`, formal dates `ngày 05 tháng 7 năm 2023`; day-first input always.
//!
//! Every parser returns [`ParseError`], whose `message` quotes the input and says what was expected and
//! whose `hint` (when there is one) says how to write it instead.

mod collate;
mod date;
pub mod docnum;
mod forbidden;
pub mod labels;
mod names;
mod number;
mod ordinal;

use std::fmt;

use unicode_normalization::UnicodeNormalization;

pub use collate::{person_name_cmp, vi_cmp, vi_sort};
pub use date::{format_date, format_date_long, parse_date};
pub use forbidden::{code_point, has_forbidden, is_forbidden, strip_forbidden};
pub use names::{NameFinder, NameMatch};
pub use number::{
    MAX_DECIMALS, format_decimal, format_int, format_money, format_money_compact, format_percent,
    format_points, parse_count, parse_money, parse_percent,
};
pub use ordinal::ordinal_words;

/// A value that could not be parsed: what went wrong, and how to write it instead.
///
/// The message quotes the offending input (in backticks) and is written for office staff who type
/// Vietnamese-style numbers and dates; the hint, when present, is a concrete corrected spelling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong, quoting the input.
    pub message: String,
    /// How to fix it, e.g. `dates are day first: 25/09/2020`.
    pub hint: Option<String>,
}

impl ParseError {
    /// An error without a hint.
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ParseError {
            message: message.into(),
            hint: None,
        }
    }

    /// Attach a hint.
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for ParseError {
    /// `message`, followed by ` (hint: …)` when there is a hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseError {}

/// Quote user input for an error message: at most 60 characters, in backticks.
pub(crate) fn quote(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        format!("`{s}`")
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("`{head}…`")
    }
}

/// Unicode Normalization Form C (composed).
///
/// The Windows Vietnamese keyboard and some editors produce decomposed text (`a` + U+0301); all text is
/// compared and stored in NFC so that `Đại Từ` typed either way matches.
pub fn nfc(s: &str) -> String {
    if surely_nfc(s) {
        return s.to_string(); // the usual case, found without composing
    }
    s.nfc().collect()
}

/// [`nfc`] of text already owned, without a copy when it is in NFC already.
pub fn nfc_owned(s: String) -> String {
    if surely_nfc(&s) {
        return s;
    }
    s.nfc().collect()
}

/// Whether `s` is in NFC by the quick check, answered first from the characters Vietnamese text
/// is made of: below U+0300 (ASCII, Latin-1, `ơ ư đ`) and the precomposed letters U+1E00–U+1EFF
/// are all starters that NFC keeps as they are.
fn surely_nfc(s: &str) -> bool {
    vietnamese_starters_only(s)
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
}

/// Whether every character of `s` is below U+0300 or in U+1E00–U+1EFF, read from the UTF-8 bytes
/// (a whole archive's text passes through here): a byte rules the text out when it leads a
/// character from U+0300 on (0xCC and above) other than 0xE1 0xB8–0xBB (U+1E00–U+1EFF). Each
/// byte is judged with the next one, without branches, so that the loop is vectorized.
fn vietnamese_starters_only(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(&last) = b.last() else {
        return true;
    };
    let rules_out =
        |x: u8, next: u8| (x >= 0xCC && x != 0xE1) | (x == 0xE1 && !(0xB8..=0xBB).contains(&next));
    // Chunks, so that a text ruled out early is not read to its end.
    const CHUNK: usize = 4096;
    let mut at = 0;
    while at + 1 < b.len() {
        let end = (at + CHUNK).min(b.len() - 1);
        let bad = b[at..end]
            .iter()
            .zip(&b[at + 1..end + 1])
            .fold(false, |bad, (&x, &next)| bad | rules_out(x, next));
        if bad {
            return false;
        }
        at = end;
    }
    last < 0xCC
}

/// Whether `s` is already in NFC (exact answer, not just the quick check).
pub fn is_nfc(s: &str) -> bool {
    unicode_normalization::is_nfc(s)
}

/// A URL slug: lowercase ASCII letters and digits in groups joined by single hyphens.
///
/// The input is normalized to NFC, transliterated with `deunicode` (`đ` → `d`, tones dropped), lowercased,
/// and every run of other characters becomes one hyphen; leading and trailing hyphens are dropped.
/// The result matches `^[a-z0-9]+(-[a-z0-9]+)*$` or is empty (input with no letters or digits).
///
/// `Đại Từ` → `dai-tu`, `33-CT/TU` → `33-ct-tu`, `30/2020/NĐ-CP` → `30-2020-nd-cp`.
pub fn slugify(s: &str) -> String {
    let ascii = deunicode::deunicode(&nfc(s));
    let mut out = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    out
}

/// Whether `s` is an id (SPEC §3): `[a-z0-9]+(-[a-z0-9]+)*`, what [`slugify`] makes.
pub fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|g| {
            !g.is_empty()
                && g.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Fold text for search matching: lowercase, every combining mark (tones, breve, circumflex, horn, and
/// other scripts' diacritics) removed, `đ` → `d`, result in NFC.
///
/// `Đại Từ` → `dai tu`; `hoà` and `hòa` → `hoa`. Spacing and punctuation are kept as they are.
/// `Ð` (U+00D0, an Icelandic letter often typed by mistake for `Đ`) and its lowercase `ð` also fold to `d`.
/// Text written in the Vietnamese alphabet folds to ASCII.
pub fn fold(s: &str) -> String {
    let lower: String = s.chars().flat_map(char::to_lowercase).collect();
    lower
        .nfd()
        .filter(|&c| !unicode_normalization::char::is_combining_mark(c))
        .map(|c| match c {
            'đ' | 'ð' => 'd',
            other => other,
        })
        .nfc()
        .collect()
}

/// The five Vietnamese tone marks as combining characters: huyền, sắc, ngã, hỏi, nặng.
const TONE_MARKS: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];

/// Initials of a person's name, for publishing under the personal-data rules: `Nguyễn Thị Hải` → `N.T.H.`
///
/// For each whitespace-separated word, the first letter or digit is taken, uppercased, and stripped of
/// its **tone mark only**: the letter keeps its Vietnamese identity, so `Đỗ` → `Đ`, `Ánh` → `A`,
/// `Ông` → `Ô`, `Ưng` → `Ư`, `Ằng` → `Ă`. Each initial is followed by a dot. Words without any letter or
/// digit are skipped; a name with none gives the empty string. Input may be NFC or NFD.
/// (The tilde U+0303 is the ngã tone, so a non-Vietnamese `Ñ` becomes `N`.)
pub fn initials(name: &str) -> String {
    let mut out = String::new();
    for word in name.split_whitespace() {
        let word = nfc(word);
        let Some(first) = word.chars().find(|c| c.is_alphanumeric()) else {
            continue;
        };
        let without_tone: String = std::iter::once(first)
            .nfd()
            .filter(|c| !TONE_MARKS.contains(c))
            .nfc()
            .collect();
        out.extend(without_tone.chars().flat_map(char::to_uppercase));
        out.push('.');
    }
    out
}

/// Escape text for HTML or XML element content and double-quoted attribute values. Control
/// characters that XML 1.0 does not allow are dropped, so the result is valid in both.
pub fn escape_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{FFFE}' | '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    const VI_LETTERS: &str = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY";

    #[test]
    fn the_plain_ranges_are_nfc_starters() {
        let plain = ('\0'..'\u{300}').chain('\u{1E00}'..='\u{1EFF}');
        for c in plain {
            let s = c.to_string();
            assert_eq!(
                unicode_normalization::is_nfc_quick(s.chars()),
                unicode_normalization::IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(
                nfc(&format!("{s}\u{301}")),
                format!("{s}\u{301}").nfc().collect::<String>()
            );
        }
    }

    #[test]
    fn nfc_composes_decomposed_vietnamese() {
        let decomposed = "Đa\u{0323}i Tu\u{031B}\u{0300}";
        assert!(!is_nfc(decomposed));
        assert_eq!(nfc(decomposed), "Đại Từ");
        assert!(is_nfc("Đại Từ"));
        assert!(is_nfc(""));
        assert!(is_nfc("plain ascii"));
    }

    #[test]
    fn slug_examples() {
        assert_eq!(slugify("Đại Từ"), "dai-tu");
        assert_eq!(slugify("Thi hành án dân sự"), "thi-hanh-an-dan-su");
        assert_eq!(slugify("33-CT/TU"), "33-ct-tu");
        assert_eq!(slugify("30/2020/NĐ-CP"), "30-2020-nd-cp");
        assert_eq!(
            slugify("  --Chi cục THADS huyện Đại Từ!!  "),
            "chi-cuc-thads-huyen-dai-tu"
        );
        assert_eq!(slugify(""), "");
        assert_eq!(slugify("—/—"), "");
        assert_eq!(slugify(&nfd("Nguyễn Thị Hải")), "nguyen-thi-hai");
    }

    #[test]
    fn fold_examples() {
        assert_eq!(fold("Đại Từ"), "dai tu");
        assert_eq!(fold("hoà"), "hoa");
        assert_eq!(fold("hòa"), "hoa");
        assert_eq!(fold(&nfd("Hoàng Nông")), "hoang nong");
        assert_eq!(fold("ĐỖ VĂN ÁNH"), "do van anh");
        assert_eq!(fold("\u{00D0}ại"), "dai");
        assert_eq!(fold("Thi hành án, 2024!"), "thi hanh an, 2024!");
    }

    #[test]
    fn initials_examples() {
        assert_eq!(initials("Nguyễn Thị Hải"), "N.T.H.");
        assert_eq!(initials("Đỗ Văn Ánh"), "Đ.V.A.");
        assert_eq!(initials("Lê Ông Ưng"), "L.Ô.Ư.");
        assert_eq!(initials("trần ằng"), "T.Ă.");
        assert_eq!(initials(&nfd("Đỗ Văn Ánh")), "Đ.V.A.");
        assert_eq!(initials("  Nguyễn   Văn  Sơn "), "N.V.S.");
        assert_eq!(initials(""), "");
        assert_eq!(initials("- -"), "");
        assert_eq!(initials("(Nguyễn) Hải"), "N.H.");
    }

    #[test]
    fn parse_error_display() {
        let e = ParseError::new("bad").with_hint("do this");
        assert_eq!(e.to_string(), "bad (hint: do this)");
        assert_eq!(ParseError::new("bad").to_string(), "bad");
        assert_eq!(quote(&"x".repeat(100)).chars().count(), 63);
    }

    proptest! {
        #[test]
        fn slug_is_id_or_empty_and_idempotent(s in "\\PC{0,40}") {
            let slug = slugify(&s);
            prop_assert!(slug.is_empty() || is_id(&slug), "{:?} -> {:?}", s, slug);
            prop_assert_eq!(slugify(&slug), slug.clone());
        }

        #[test]
        fn slug_of_vietnamese_is_id_or_empty(s in "[aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵĐ0-9 /.,-]{0,40}") {
            let slug = slugify(&s);
            prop_assert!(slug.is_empty() || is_id(&slug));
            prop_assert_eq!(slugify(&slug), slug.clone());
        }

        #[test]
        fn slug_ignores_normal_form(s in "\\PC{0,40}") {
            prop_assert_eq!(slugify(&nfd(&s)), slugify(&nfc(&s)));
        }

        #[test]
        fn starters_are_found_from_bytes_as_from_characters(
            s in "[\\x{0}-\\x{320}\\x{1DF0}-\\x{1F10}\\x{2212}\\PC]{0,30}"
        ) {
            let plain = |c: char| c < '\u{300}' || ('\u{1E00}'..='\u{1EFF}').contains(&c);
            prop_assert_eq!(vietnamese_starters_only(&s), s.chars().all(plain));
        }

        #[test]
        fn nfc_output_is_nfc(s in "\\PC{0,40}") {
            prop_assert!(is_nfc(&nfc(&s)));
            prop_assert_eq!(is_nfc(&s), nfc(&s) == s);
        }

        #[test]
        fn fold_of_vietnamese_is_ascii(
            words in proptest::collection::vec(
                (proptest::sample::select(VI_LETTERS.chars().collect::<Vec<_>>()),
                 proptest::sample::select(vec!['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}', ' ']),
                 "[a-z]{0,3}"),
                0..8)
        ) {
            // Letters of the alphabet, each optionally followed by a tone mark, composed to NFC.
            let mut s = String::new();
            for (c, mark, tail) in &words {
                s.push(*c);
                if *mark != ' ' { s.push(*mark); }
                s.push_str(tail);
                s.push(' ');
            }
            let s = nfc(&s);
            let folded = fold(&s);
            prop_assert!(folded.is_ascii(), "{:?} -> {:?}", s, folded);
            prop_assert_eq!(fold(&nfd(&s)), folded.clone());
            prop_assert_eq!(fold(&folded), folded);
        }

        #[test]
        fn initials_never_panic(s in "\\PC{0,40}", raw in proptest::collection::vec(any::<char>(), 0..20)) {
            let a = initials(&s);
            let raw: String = raw.into_iter().collect();
            let b = initials(&raw);
            prop_assert!(a.is_empty() || a.ends_with('.'));
            prop_assert!(b.is_empty() || b.ends_with('.'));
        }

        #[test]
        fn fold_never_panics(raw in proptest::collection::vec(any::<char>(), 0..30)) {
            let raw: String = raw.into_iter().collect();
            let _ = fold(&raw);
            let _ = slugify(&raw);
        }
    }
}
