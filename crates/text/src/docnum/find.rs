//! Finding document numbers in running text (`Chỉ thị số 33-CT/TU`), for links to directives.

use super::parse::{is_code_char, is_dash};
use super::*;

/// A scanner over the original text, in byte offsets, for [`find_doc_numbers`].
pub(crate) struct Scan<'a> {
    text: &'a str,
}

impl Scan<'_> {
    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    /// Skip horizontal whitespace (spaces, tabs, no-break spaces; not line breaks).
    fn skip_spaces(&self, mut i: usize) -> usize {
        while let Some(c) = self.char_at(i) {
            if c.is_whitespace() && c != '\n' && c != '\r' {
                i += c.len_utf8();
            } else {
                break;
            }
        }
        i
    }

    fn digits(&self, i: usize) -> usize {
        let mut j = i;
        while let Some(c) = self.char_at(j) {
            if c.is_ascii_digit() {
                j += 1;
            } else {
                break;
            }
        }
        j
    }

    /// Does a word end at `i`? (Not followed by a letter, digit or combining mark.)
    fn word_ends(&self, i: usize) -> bool {
        self.char_at(i)
            .is_none_or(|c| !(c.is_alphanumeric() || is_combining_mark(c)))
    }

    /// A group `[A-ZĐ][A-Za-zĐđ0-9]*` starting at `i`, ending at a word boundary; returns its end.
    /// With `strict`, the group needs at least two uppercase letters (`KH`, `QH15`, `CTr`) so that
    /// `3/A` or `60/Km` in prose are not taken for numbers.
    fn group(&self, i: usize, strict: bool) -> Option<usize> {
        let first = self.char_at(i)?;
        if !(first.is_ascii_uppercase() || first == 'Đ') {
            return None;
        }
        let mut j = i;
        let mut upper = 0;
        while let Some(c) = self.char_at(j) {
            if is_code_char(c) {
                if c.is_ascii_uppercase() || c == 'Đ' {
                    upper += 1;
                }
                j += c.len_utf8();
            } else {
                break;
            }
        }
        if !self.word_ends(j) || (strict && upper < 2) {
            return None;
        }
        Some(j)
    }

    /// `(-GROUP)*` with plain hyphens and no spaces, so that `53/KH-UBND - UBND huyện` stops at `UBND`.
    fn chain(&self, mut end: usize) -> usize {
        while let Some(c) = self.char_at(end) {
            if !matches!(c, '-' | '\u{2010}' | '\u{2011}') {
                break;
            }
            match self.group(end + c.len_utf8(), false) {
                Some(next) => end = next,
                None => break,
            }
        }
        end
    }

    /// Is `i` a possible start of a number (a digit not inside another number, word, date or code)?
    fn can_start(&self, i: usize) -> bool {
        let before = &self.text[..i];
        let mut rev = before.chars().rev();
        match rev.next() {
            None => true,
            Some(c) if c.is_alphanumeric() || is_combining_mark(c) || c == '/' || is_dash(c) => {
                false
            }
            Some('.' | ',') => !rev.next().is_some_and(|c| c.is_ascii_digit()),
            Some(_) => true,
        }
    }

    /// The end of the document number starting at `i`, if one does. A number glued to a following `/`
    /// (`33-CT/TU33-CT/TU`, a path or URL) is not taken.
    fn number_at(&self, i: usize) -> Option<usize> {
        let end = self.number_end(i)?;
        if self.char_at(end) == Some('/') {
            return None;
        }
        Some(end)
    }

    fn number_end(&self, i: usize) -> Option<usize> {
        let num_end = self.digits(i);
        if num_end == i {
            return None;
        }
        let sep = self.skip_spaces(num_end);
        let c = self.char_at(sep)?;
        if is_dash(c) {
            // Party: NUM-TYPE/ISSUER(-GROUP)*
            let type_start = self.skip_spaces(sep + c.len_utf8());
            let type_end = self.group(type_start, true)?;
            let slash = self.skip_spaces(type_end);
            if self.char_at(slash)? != '/' {
                return None;
            }
            let issuer_start = self.skip_spaces(slash + 1);
            let issuer_end = self.group(issuer_start, true)?;
            Some(self.chain(issuer_end))
        } else if c == '/' {
            // State: NUM/(YEAR/)GROUP(-GROUP)*
            let mut start = self.skip_spaces(sep + 1);
            let year_end = self.digits(start);
            if year_end > start {
                let year: i32 = self.text.get(start..year_end)?.parse().ok()?;
                if year_end - start != 4 || !YEAR_RANGE.contains(&year) {
                    return None;
                }
                let slash = self.skip_spaces(year_end);
                if self.char_at(slash)? != '/' {
                    return None;
                }
                start = self.skip_spaces(slash + 1);
            }
            let first_end = self.group(start, true)?;
            Some(self.chain(first_end))
        } else {
            None
        }
    }
}

/// Find the document numbers mentioned in running text, for auto-linking: `33-CT/TU` in
/// "Chỉ thị số 33-CT/TU ngày 25/9/2020", `53/KH-UBND` in "Kế hoạch số 53/KH-UBND,".
///
/// Returns byte ranges into `text` (on char boundaries, in order, not overlapping, covering exactly the
/// number without surrounding spaces or punctuation) with the parsed number. Dates (`25/9/2020`),
/// fractions and ranges (`1/10 – 31/3`), percentages and amounts are not matched: a number must be followed
/// by a code that starts with a capital and has at least two capitals (`KH`, `QH15`, `CTr`), and must not
/// continue a date or a longer number. Spaces are tolerated around the first `-` or `/` (`44 /2005/QĐ-UBND`),
/// not between issuer groups. Never panics.
pub fn find_doc_numbers(text: &str) -> Vec<(Range<usize>, DocNumber)> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new(); // every number starts with a digit; most runs of text have none
    }
    let scan = Scan { text };
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = scan.char_at(i) else {
            break;
        };
        let hit = if c.is_ascii_digit() && scan.can_start(i) {
            scan.number_at(i).and_then(|end| {
                let doc = parse_doc_number(text.get(i..end)?).ok()?;
                Some((end, doc))
            })
        } else {
            None
        };
        match hit {
            Some((end, doc)) => {
                found.push((i..end, doc));
                i = end;
            }
            None => i += c.len_utf8(),
        }
    }
    found
}
