//! Characters text may not hold (SPEC §9: text is clean before it is HTML): control characters
//! other than tab and newline (C0, DEL, C1) and Unicode noncharacters (U+FDD0–U+FDEF and the
//! last two code points of every plane). They are invisible in editors and arrive with text
//! copied from Word, PDF or e-mail; in a page they are a parse error, and XML 1.0 forbids them,
//! so one in a title makes `atom.xml` ill-formed. The loader reports them as written
//! (`load::control`), the Markdown renderer as made by character references.

use std::borrow::Cow;

/// Whether `c` may not appear in a page.
pub fn is_forbidden(c: char) -> bool {
    let u = u32::from(c);
    (u < 0x20 && c != '\t' && c != '\n')
        || (0x7F..=0x9F).contains(&u)
        || (0xFDD0..=0xFDEF).contains(&u)
        || u & 0xFFFE == 0xFFFE
}

/// Whether `s` holds a forbidden character, read from the bytes (most text has none): blocks of
/// bytes are first tested for anything that could start one (a test the compiler vectorizes),
/// and only such blocks are looked at closely.
pub fn has_forbidden(s: &str) -> bool {
    let b = s.as_bytes();
    let suspicious =
        |x: u8| (x < 0x20 && x != b'\t' && x != b'\n') | (x == 0x7F) | (x == 0xC2) | (x >= 0xEF);
    let mut start = 0;
    for chunk in b.chunks(64) {
        let end = start + chunk.len();
        if chunk.iter().fold(false, |any, &x| any | suspicious(x)) && exact(s, start, end) {
            return true;
        }
        start = end;
    }
    false
}

/// Whether a forbidden character starts in `s[start..end]` (byte offsets; `start` may fall
/// inside a character, whose continuation bytes are skipped).
fn exact(s: &str, start: usize, end: usize) -> bool {
    let b = s.as_bytes();
    (start..end).any(|i| match b[i] {
        b'\t' | b'\n' => false,
        0x00..=0x1F | 0x7F => true,
        0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
        0xEF..=0xF4 => s
            .get(i..)
            .and_then(|r| r.chars().next())
            .is_some_and(is_forbidden),
        _ => false,
    })
}

/// `s` without its forbidden characters.
pub fn strip_forbidden(s: &str) -> Cow<'_, str> {
    if has_forbidden(s) {
        Cow::Owned(s.chars().filter(|c| !is_forbidden(*c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// How a character is named in a message: `U+0001`.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters() {
        for c in [
            '\u{0}', '\u{1}', '\r', '\u{b}', '\u{7f}', '\u{85}', '\u{9f}',
        ] {
            assert!(is_forbidden(c), "{c:?}");
        }
        for c in [
            '\u{fdd0}',
            '\u{fdef}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            assert!(is_forbidden(c), "{c:?}");
        }
        for c in [
            '\t',
            '\n',
            ' ',
            '\u{a0}',
            'đ',
            '\u{fdcf}',
            '\u{fffd}',
            '\u{1f600}',
        ] {
            assert!(!is_forbidden(c), "{c:?}");
        }
    }

    #[test]
    fn has_forbidden_agrees_with_is_forbidden_on_every_character() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let s = format!("a{c}b");
            assert_eq!(has_forbidden(&s), is_forbidden(c), "{c:?}");
        }
    }
}
