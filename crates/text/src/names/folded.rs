//! A text folded once for finding names in it, with the way back: [`FoldedText`] holds the text
//! with each character folded on its own ([`fold`](super::fold)) and each run of whitespace as one
//! space, and where each folded byte came from in the text as written.

use std::ops::Range;

use super::fold::{CHAR, Folded, MANY, NOTHING, ROW, SLOW, decode, entry_at, tables};

/// A text folded: lowercased, decomposed, stripped of combining marks, `đ`/`ð` → `d`, character
/// by character (a combining mark folds to nothing); a run of characters that fold to whitespace,
/// with any marks among them, is one space (`Phạm  Thị\nHoa` → `pham thi hoa`).
pub(super) struct FoldedText {
    /// The folded text, UTF-8.
    folded: Vec<u8>,
    /// By byte of `folded`, and one past its end: where the character it was folded from starts
    /// in the text as written (a space: the run's first character); past the end, the text's
    /// length.
    from: Vec<usize>,
}

/// The most bytes one character folds to from the table (a character folds to one character).
const ONE_CHAR: usize = 4;

impl FoldedText {
    /// `text` folded.
    pub(super) fn of(text: &str) -> FoldedText {
        let t = tables();
        let b = text.as_bytes();
        // Written by index, the folded byte `k` at `folded[k]` and `from[k]`: the buffers are
        // kept longer than what is left of the text by `ONE_CHAR`, as most characters fold to no
        // more bytes than they take (ASCII always does); those that may not make room first.
        let mut folded = vec![0; b.len() + ONE_CHAR];
        let mut from = vec![0; b.len() + ONE_CHAR];
        let mut k = 0;
        let mut spaced = false; // the last folded character is a space
        let mut i = 0;
        // Byte by byte, the same steps for each, so that text that mixes ASCII with other
        // characters (as Vietnamese does in every word or two) is read without branching on it:
        // a character is looked up by its first bytes where it starts, and a byte that goes on a
        // character folds to nothing. What the tables of bytes do not hold is folded apart.
        while i + 2 < b.len() {
            let (x, y, z) = (
                usize::from(b[i]),
                usize::from(b[i + 1]),
                usize::from(b[i + 2]),
            );
            let by_first = t.bytes[if x < 0x80 { x } else { x << 8 | y }];
            let by_row = t.rows[(usize::from(by_first) & 0x0F) << 6 | (z & 0x3F)];
            let c = if by_first >= ROW { by_row } else { by_first };
            if c == SLOW {
                (i, k, spaced) = fold_apart(b, i, &mut folded, &mut from, k, spaced);
                continue;
            }
            folded[k] = c;
            from[k] = i;
            // Kept unless nothing or a space after a space.
            let space = c == b' ';
            k += usize::from(c != 0 && !(space && spaced));
            spaced = if c == 0 { spaced } else { space };
            i += 1;
        }
        while i < b.len() {
            (i, k, spaced) = fold_apart(b, i, &mut folded, &mut from, k, spaced);
        }
        folded.truncate(k);
        from.truncate(k);
        from.push(b.len());
        FoldedText { folded, from }
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        &self.folded
    }

    /// Where the folded bytes `range` were in the text as written, when they begin and end where
    /// the folds of characters do (not inside the fold of one character): from the first
    /// character to the last, with the combining marks that follow it.
    pub(super) fn original(&self, range: Range<usize>) -> Option<Range<usize>> {
        let (start, end) = (range.start, range.end);
        let splits = |k: usize| k > 0 && k < self.folded.len() && self.from[k - 1] == self.from[k];
        if splits(start) || splits(end) {
            return None;
        }
        Some(self.from[start]..self.from[end])
    }

    /// Whether the folded character that ends at byte `k` is a letter or a digit.
    pub(super) fn word_before(&self, k: usize) -> bool {
        let mut s = k.saturating_sub(1);
        while s > 0 && (0x80..0xC0).contains(&self.folded[s]) {
            s -= 1;
        }
        is_word(&self.folded[s..k])
    }

    /// Whether the folded character that starts at byte `k` is a letter or a digit.
    pub(super) fn word_at(&self, k: usize) -> bool {
        let n = match self.folded.get(k) {
            Some(0..0x80) => 1,
            Some(0xC0..0xE0) => 2,
            Some(0xE0..0xF0) => 3,
            Some(_) => 4,
            None => 0,
        };
        is_word(&self.folded[k..(k + n).min(self.folded.len())])
    }
}

/// Whether `c`, one character of UTF-8 (or none), is a letter or a digit.
fn is_word(c: &[u8]) -> bool {
    std::str::from_utf8(c)
        .ok()
        .and_then(|c| c.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// The character at byte `i` of `b` folded, at byte `k` of `folded` and `from` (see
/// [`FoldedText::of`]), after a space if `spaced`: where the next character starts, the next
/// folded byte, whether it follows a space. A byte that continues a character folds to nothing.
#[cold]
fn fold_apart(
    b: &[u8],
    i: usize,
    folded: &mut Vec<u8>,
    from: &mut Vec<usize>,
    mut k: usize,
    mut spaced: bool,
) -> (usize, usize, bool) {
    if (0x80..0xC0).contains(&b[i]) {
        return (i + 1, k, spaced);
    }
    let (e, len) = entry_at(tables(), b, i);
    let chars = match e & (NOTHING | MANY) {
        0 => Folded::One(char::from_u32(e & CHAR).unwrap_or('\u{FFFD}')),
        _ => Folded::of(decode(b, i).0),
    };
    for c in chars.chars() {
        room(
            folded,
            from,
            k + c.len_utf8() + (b.len() - i - len) + ONE_CHAR,
        );
        if !c.is_whitespace() {
            k += put(&mut folded[k..], &mut from[k..], c, i);
            spaced = false;
        } else if !spaced {
            k += put(&mut folded[k..], &mut from[k..], ' ', i);
            spaced = true;
        }
    }
    (i + len, k, spaced)
}

/// `folded` and `from` made at least `len` long.
fn room(folded: &mut Vec<u8>, from: &mut Vec<usize>, len: usize) {
    if folded.len() < len {
        folded.resize(len, 0);
        from.resize(len, 0);
    }
}

/// `c` written at the start of `folded`, from the character at `at`; its length in bytes.
fn put(folded: &mut [u8], from: &mut [usize], c: char, at: usize) -> usize {
    let n = c.encode_utf8(folded).len();
    from[..n].fill(at);
    n
}
