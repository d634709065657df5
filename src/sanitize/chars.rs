//! Characters text may not hold (SPEC §9: text is clean before it is HTML): control characters
//! other than tab and newline (C0, DEL, C1) and Unicode noncharacters (U+FDD0–U+FDEF and the
//! last two code points of every plane). The loader rejects them written as such; Markdown and
//! HTML character references (`&#1;`, `&#x7f;`, `&#x85;`, `&#xFFFE;`) can still make them.

pub use crate::text::{has_forbidden, is_forbidden, strip_forbidden};

/// How character references are written where a text comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refs {
    /// Not decoded (code spans and blocks).
    None,
    /// CommonMark: `&#` 1–7 digits `;` or `&#x` 1–6 hex digits `;`.
    Markdown,
    /// HTML: any number of digits, the `;` optional.
    Html,
}

/// A forbidden character found in source text: where, how long the written form is, the
/// character, and whether it was written as a reference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub at: usize,
    pub len: usize,
    pub code: u32,
    pub reference: bool,
}

impl Found {
    /// What to tell the author.
    pub fn message(&self, source: &str) -> String {
        let what = match self.code {
            0xFDD0..=0xFDEF => "the noncharacter",
            c if c & 0xFFFE == 0xFFFE => "the noncharacter",
            _ => "the control character",
        };
        if self.reference {
            let written = source.get(self.at..self.at + self.len).unwrap_or("");
            format!(
                "`{written}` is {what} U+{:04X}, which text may not contain",
                self.code
            )
        } else {
            format!("{what} U+{:04X} may not appear in text", self.code)
        }
    }
}

pub const HINT: &str = "delete it: it is not a printable character (for a space that does not \
                        break, write `&nbsp;`)";

/// Every forbidden character in `source`, written as such or (by `refs`) as a numeric reference.
pub fn find_forbidden(source: &str, refs: Refs) -> Vec<Found> {
    let mut out = Vec::new();
    let b = source.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'&'
            && refs != Refs::None
            && b.get(i + 1) == Some(&b'#')
            && let Some((len, code)) = numeric_ref(&source[i..], refs)
        {
            let c = char::from_u32(code);
            // `&#0;` names NUL (shown as U+FFFD): a control character all the same.
            if code == 0 || c.is_some_and(is_forbidden) {
                out.push(Found {
                    at: i,
                    len,
                    code,
                    reference: true,
                });
            }
            i += len;
            continue;
        }
        let c = source[i..].chars().next().unwrap_or(' ');
        // A carriage return is a line ending here (the loader turns CRLF into LF).
        if is_forbidden(c) && c != '\r' {
            out.push(Found {
                at: i,
                len: c.len_utf8(),
                code: u32::from(c),
                reference: false,
            });
        }
        i += c.len_utf8();
    }
    out
}

/// A numeric character reference at the start of `s` (which starts with `&#`): its length and
/// value (saturated), or `None` when `s` does not start with one.
fn numeric_ref(s: &str, refs: Refs) -> Option<(usize, u32)> {
    let b = s.as_bytes();
    let hex = matches!(b.get(2), Some(b'x' | b'X'));
    let start = if hex { 3 } else { 2 };
    let radix = if hex { 16 } else { 10 };
    let digits = b[start.min(b.len())..]
        .iter()
        .take_while(|&&d| char::from(d).is_digit(radix))
        .count();
    if digits == 0 {
        return None;
    }
    let end = start + digits;
    let semicolon = b.get(end) == Some(&b';');
    if refs == Refs::Markdown && (!semicolon || digits > if hex { 6 } else { 7 }) {
        return None;
    }
    let value = s[start..end].chars().fold(0u32, |v, d| {
        v.saturating_mul(radix)
            .saturating_add(d.to_digit(radix).unwrap_or(0))
    });
    Some((end + usize::from(semicolon), value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_found_by_their_syntax() {
        let src = "a &#1; b &#x7F; &#X85; &#xFFFE; &#64; &#1 &#00000001; &#0;";
        let md: Vec<(usize, u32)> = find_forbidden(src, Refs::Markdown)
            .iter()
            .map(|f| (f.at, f.code))
            .collect();
        assert_eq!(md, [(2, 1), (9, 0x7f), (16, 0x85), (23, 0xfffe), (54, 0)]);
        // HTML also takes `&#1` without `;` and any number of digits.
        let html = find_forbidden(src, Refs::Html);
        assert_eq!(html.len(), 7);
        assert!(find_forbidden(src, Refs::None).is_empty());
        let lit = find_forbidden("x\u{85}y\u{fdd0}", Refs::None);
        assert_eq!(
            lit,
            [
                Found {
                    at: 1,
                    len: 2,
                    code: 0x85,
                    reference: false
                },
                Found {
                    at: 4,
                    len: 3,
                    code: 0xfdd0,
                    reference: false
                }
            ]
        );
        assert_eq!(
            lit[0].message("x\u{85}"),
            "the control character U+0085 may not appear in text"
        );
        let r = &find_forbidden("&#x1;", Refs::Markdown)[0];
        assert_eq!(
            r.message("&#x1;"),
            "`&#x1;` is the control character U+0001, which text may not contain"
        );
        assert_eq!(strip_forbidden("a\u{1}b\u{ffff}"), "ab");
    }
}
