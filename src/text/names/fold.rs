//! How one character folds (as [`fold`](crate::text::fold) folds a whole text), read from the
//! bytes of UTF-8: the characters below [`TABLE_END`] from tables made once, and which bytes may
//! end a word. What [`NameFinder`](super::NameFinder) reads a text with.

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::second_slot;

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
/// (`K`, the Kelvin sign, folds to `k`).
pub(super) const TABLE_END: u32 = 0x3000;

/// What a character folds to, packed in a `u32`: the folded character (its first when it folds to
/// several) in the bits of [`CHAR`], and flags.
pub(super) const CHAR: u32 = 0x1F_FFFF;
/// Folds to a letter or a digit (first).
pub(super) const WORD: u32 = 1 << 24;
/// Folds to whitespace.
pub(super) const SPACE: u32 = 1 << 25;
/// Folds to nothing: a combining mark.
pub(super) const NOTHING: u32 = 1 << 26;
/// Folds to several characters: see [`Folded::of`].
pub(super) const MANY: u32 = 1 << 27;

/// How each character below [`TABLE_END`] folds, and which bytes may end a word.
pub(super) struct Tables {
    pub(super) fold: [u32; TABLE_END as usize],
    /// 1 for ASCII other than letters and digits and for the last byte of a character of several
    /// (which may be a space, a quote or a mark after one), else 0.
    pub(super) may_end: [u8; 256],
    /// The characters below [`TABLE_END`] by blocks of 64 (`U+0000–U+003F`, …).
    pub(super) blocks: Vec<Block>,
}

/// What the characters of a block fold to, as the table of pairs of bytes asks (see
/// `NameFinder::pairs`).
pub(super) struct Block {
    /// The ASCII characters that are the first of a fold, as bits.
    pub(super) firsts: u128,
    /// The slots ([`second_slot`]) of the characters as a word's second: a letter or a digit as
    /// itself, anything else that folds to something as 0; every slot when one folds to nothing
    /// or to several characters, or to a character from U+0080 on.
    pub(super) seconds: u128,
    /// Whether one folds to a letter or a digit from U+0080 on first.
    pub(super) others: bool,
}

impl Block {
    fn of(cps: std::ops::Range<u32>) -> Block {
        let mut block = Block {
            firsts: 0,
            seconds: 0,
            others: false,
        };
        for c in cps.filter_map(char::from_u32) {
            let folded = fold_slow(c);
            let Some(first) = folded.first() else {
                block.seconds = u128::MAX; // a mark
                continue;
            };
            if first.is_ascii() {
                block.firsts |= 1 << first as u32;
            } else if first.is_alphanumeric() {
                block.others = true;
            }
            block.seconds |= match folded {
                Folded::One(c) if c.is_ascii_alphanumeric() => 1 << second_slot(c as u32),
                Folded::One(c) if !c.is_alphanumeric() => 1,
                _ => u128::MAX,
            };
        }
        block
    }
}

pub(super) fn tables() -> &'static Tables {
    static TABLES: OnceLock<Box<Tables>> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = Box::new(Tables {
            fold: [0; TABLE_END as usize],
            may_end: [0; 256],
            blocks: (0..TABLE_END / 64)
                .map(|k| Block::of(k * 64..k * 64 + 64))
                .collect(),
        });
        for (cp, e) in (0..TABLE_END).zip(t.fold.iter_mut()) {
            *e = char::from_u32(cp).map_or(NOTHING, |c| pack(&fold_slow(c)));
        }
        for (x, may) in t.may_end.iter_mut().enumerate() {
            *may = u8::from(x >= 0x80 || !(x as u8).is_ascii_alphanumeric());
        }
        t
    })
}

fn pack(f: &Folded) -> u32 {
    let flags = |c: char| {
        (c as u32)
            | if c.is_alphanumeric() { WORD } else { 0 }
            | if c.is_whitespace() { SPACE } else { 0 }
    };
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

    pub(super) fn first(&self) -> Option<char> {
        match self {
            Folded::Nothing => None,
            Folded::One(c) => Some(*c),
            Folded::Many(s) => s.chars().next(),
        }
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
