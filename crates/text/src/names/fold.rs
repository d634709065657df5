//! How one character folds (as [`fold`](crate::fold) folds a whole text), read from the
//! bytes of UTF-8: the characters below [`TABLE_END`] from tables made once (most of them as one
//! byte, looked up by their first bytes), the others by [`fold_slow`]. What
//! [`FoldedText`](super::folded::FoldedText) folds a text with.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The code point at byte `i` of valid UTF-8 (a character boundary), and its length in bytes.
#[inline]
pub(super) fn decode(b: &[u8], i: usize) -> (u32, usize) {
    let b0 = u32::from(b[i]);
    if b0 < 0x80 {
        return (b0, 1);
    }
    let cont = |k: usize| u32::from(b[i + k]) & 0x3F;
    if b0 < 0xE0 {
        (((b0 & 0x1F) << 6) | cont(1), 2)
    } else if b0 < 0xF0 {
        (((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3)
    } else {
        (
            ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        )
    }
}

/// What one character folds to.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Folded {
    /// A combining mark.
    Nothing,
    One(char),
    /// Several characters (`İ` → `i` + a mark → `i` is one; a Hangul syllable is several).
    Many(String),
}

/// Code points below this are folded once, into [`tables`]: ASCII, Latin letters with their
/// Vietnamese forms (U+1E00–U+1EFF), combining marks, punctuation (`–`, `“`, `…`) and symbols
/// (`K`, the Kelvin sign, folds to `k`). Every character that folds to ASCII is among them (a
/// test checks): the letters of a Vietnamese text are all folded from the table.
pub(super) const TABLE_END: u32 = 0x3000;

/// What a character folds to, packed in a `u32`: the folded character (its first when it folds to
/// several) in the bits of [`CHAR`], and flags.
pub(super) const CHAR: u32 = 0x1F_FFFF;
/// Folds to whitespace.
pub(super) const SPACE: u32 = 1 << 25;
/// Folds to nothing: a combining mark.
pub(super) const NOTHING: u32 = 1 << 26;
/// Folds to several characters: see [`Folded::of`].
pub(super) const MANY: u32 = 1 << 27;

/// How each character below [`TABLE_END`] folds, packed; and, for most of them, as one byte read
/// from the character's first bytes ([`Tables::bytes`]).
pub(super) struct Tables {
    pub(super) fold: [u32; TABLE_END as usize],
    /// By the first byte of a character when it is ASCII, else by its first two (`x << 8 | y`):
    /// what the character folds to as a byte (an ASCII character other than NUL, whitespace as
    /// a space, a combining mark as 0), a row of [`Tables::rows`] ([`ROW`] + the row) for a
    /// character of three bytes, or [`SLOW`]. A byte that goes on a character folds to 0.
    pub(super) bytes: Box<[u8; 1 << 16]>,
    /// By row and the last byte of a character of three bytes (its low six bits): what it folds
    /// to, as in [`Tables::bytes`]. A block of 64 characters has a row when one of them folds to
    /// ASCII (the Vietnamese letters U+1EA0–U+1EF9, the spaces U+2000–U+200A); the others are
    /// [`SLOW`]. Any byte of [`Tables::bytes`] reads a row: there are 16, the last unused.
    pub(super) rows: [u8; 16 * 64],
}

/// In [`Tables::bytes`]: a character folded by [`Folded::of`], not from the tables of bytes (a
/// fold beyond ASCII or of several characters, NUL, four bytes, a block of three without a row).
pub(super) const SLOW: u8 = 0xFF;
/// In [`Tables::bytes`]: from here up to [`SLOW`], a row of [`Tables::rows`].
pub(super) const ROW: u8 = 0xF0;

pub(super) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Box<Tables>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut fold = Box::new([0; TABLE_END as usize]);
        for (cp, e) in (0..TABLE_END).zip(fold.iter_mut()) {
            *e = char::from_u32(cp).map_or(NOTHING, |c| pack(&fold_slow(c)));
        }
        let (bytes, rows) = bytes_and_rows(&fold);
        Box::new(Tables {
            fold: *fold,
            bytes,
            rows,
        })
    })
}

/// [`Tables::bytes`] and [`Tables::rows`], from [`Tables::fold`].
fn bytes_and_rows(fold: &[u32; TABLE_END as usize]) -> (Box<[u8; 1 << 16]>, [u8; 16 * 64]) {
    let byte = |cp: usize| match fold[cp] & CHAR {
        _ if fold[cp] & NOTHING != 0 => 0,
        _ if fold[cp] & (MANY | SPACE) == SPACE => b' ',
        c @ 1..0x80 if fold[cp] & MANY == 0 => c as u8,
        _ => SLOW,
    };
    let (mut bytes, mut rows) = (Box::new([SLOW; 1 << 16]), [SLOW; 16 * 64]);
    let mut row = 0;
    for x in 0..0x80 {
        bytes[x] = byte(x);
    }
    for x in 0x80..0xC0 {
        bytes[x << 8..(x + 1) << 8].fill(0); // goes on a character
    }
    for x in 0xC2..0xF0 {
        for y in 0x80..0xC0 {
            bytes[x << 8 | y] = match x {
                0xC2..0xE0 => byte(((x & 0x1F) << 6) | (y & 0x3F)),
                _ => {
                    let block = ((x & 0x0F) << 12) | ((y & 0x3F) << 6);
                    let folds: Vec<u8> = match (0x800..TABLE_END as usize).contains(&block) {
                        true => (block..block + 64).map(byte).collect(),
                        false => Vec::new(),
                    };
                    if row < usize::from(SLOW - ROW) && folds.iter().any(|&f| f != 0 && f != SLOW) {
                        rows[row * 64..][..64].copy_from_slice(&folds);
                        row += 1;
                        ROW + row as u8 - 1
                    } else {
                        SLOW
                    }
                }
            };
        }
    }
    (bytes, rows)
}

fn pack(f: &Folded) -> u32 {
    let flags = |c: char| (c as u32) | if c.is_whitespace() { SPACE } else { 0 };
    match f {
        Folded::Nothing => NOTHING,
        Folded::One(c) => flags(*c),
        Folded::Many(s) => MANY | s.chars().next().map_or(0, flags),
    }
}

/// The packed fold of the character at byte `i` of `b` (valid UTF-8, a character boundary), and
/// its length in bytes: the characters of Vietnamese text are decoded by hand and looked up in
/// [`tables`].
#[inline(always)]
pub(super) fn entry_at(t: &Tables, b: &[u8], i: usize) -> (u32, usize) {
    let b0 = u32::from(b[i]);
    if b0 < 0x80 {
        return (t.fold[b0 as usize], 1);
    }
    let cont = |k: usize| u32::from(b[i + k]) & 0x3F;
    if b0 < 0xE0 {
        return (t.fold[(((b0 & 0x1F) << 6) | cont(1)) as usize], 2);
    }
    if b0 < 0xF0 {
        let cp = ((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
        if cp < TABLE_END {
            return (t.fold[cp as usize], 3);
        }
    }
    entry_beyond_table(b, i)
}

#[cold]
fn entry_beyond_table(b: &[u8], i: usize) -> (u32, usize) {
    let (cp, len) = decode(b, i);
    (
        char::from_u32(cp).map_or(NOTHING, |c| pack(&fold_slow(c))),
        len,
    )
}

impl Folded {
    pub(super) fn of(cp: u32) -> Folded {
        match tables().fold.get(cp as usize) {
            Some(&e) if e & NOTHING != 0 => Folded::Nothing,
            Some(&e) if e & MANY == 0 => {
                Folded::One(char::from_u32(e & CHAR).unwrap_or('\u{FFFD}'))
            }
            _ => char::from_u32(cp).map_or(Folded::Nothing, fold_slow),
        }
    }

    #[cfg(test)]
    pub(super) fn first(&self) -> Option<char> {
        self.chars().next()
    }

    pub(super) fn chars(&self) -> impl Iterator<Item = char> + '_ {
        let (one, many) = match self {
            Folded::Nothing => (None, ""),
            Folded::One(c) => (Some(*c), ""),
            Folded::Many(s) => (None, s.as_str()),
        };
        one.into_iter().chain(many.chars())
    }
}

/// [`fold`](super::fold) of one character.
pub(super) fn fold_slow(c: char) -> Folded {
    let mut folded = c
        .to_lowercase()
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| match c {
            'đ' | 'ð' => 'd',
            other => other,
        });
    match (folded.next(), folded.next()) {
        (None, _) => Folded::Nothing,
        (Some(c), None) => Folded::One(c),
        (Some(a), Some(b)) => Folded::Many([a, b].into_iter().chain(folded).collect()),
    }
}
