//! People's names found in text by meaning, not by spelling: in any case, with or without tone
//! marks, in NFC or NFD, across line breaks and runs of whitespace, and only as whole words.
//!
//! A text is read as a stream of *folded* characters, each character folded on its own as
//! [`fold`](super::fold) folds a whole text: lowercased, decomposed, stripped of combining marks,
//! `đ`/`ð` → `d` (a combining mark folds to nothing). A name is its folded words joined by single
//! spaces (`Phạm  Thị Hoa` → `pham thi hoa`); it occurs where the folded text holds those words
//! with one or more whitespace characters for each space, and neither the folded character just
//! before nor the one just after is a letter or a digit (`Lê An` is not in `Lê Anh`). An occurrence
//! covers the text as written, from its first character to its last, with the combining marks
//! that follow it (`Phạm  Thị\nHoa` is one occurrence of `Phạm Thị Hoa`).
//!
//! [`NameFinder`] looks for many names in one pass over a text, whatever their number. A name can
//! only start where a word starts with the first two letters of a name (`ng` for `Nguyễn`). A
//! table of pairs of bytes finds the places where that may be, 64 bytes at a time and without
//! branching; each place found is read precisely: its word is folded, hashed and looked up in a
//! trie of the names' words, and a name reached is compared with the text.

mod fold;
mod spelling;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use fold::{Block, CHAR, Folded, MANY, NOTHING, SPACE, Tables, WORD, decode, entry_at, tables};

/// An occurrence of a name in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NameMatch {
    /// The index of the name in [`NameFinder::names`].
    pub name: usize,
    /// Where the occurrence is, in bytes of the text (character boundaries).
    pub range: Range<usize>,
}

/// Finds many names in a text at once (see the module's documentation for what matches).
pub struct NameFinder {
    /// The names, one spelling of each meaning (the first given), in the order given.
    names: Vec<String>,
    /// Every spelling given of each name: an occurrence must be written as one of them, with
    /// its tones or without ([`spelling::written_as`]).
    spellings: Vec<Vec<String>>,
    /// Each name folded: its folded words joined by single spaces.
    keys: Vec<Vec<char>>,
    /// A trie over the words of names: node 0 is the root; an edge is keyed by the node it leaves
    /// and the hash of a folded word ([`edge_key`]). Hashes that collide only add candidates:
    /// every name reached is checked against the text ([`NameFinder::match_at`]).
    edges: HashMap<u64, u32, ahash::RandomState>,
    /// The names checked where the text's words lead to a node, by node.
    at_node: Vec<Vec<u32>>,
    /// Whether a node has edges to follow.
    has_edges: Vec<bool>,
    /// Whether a name starts with this ASCII letter or digit (folded).
    first_ascii: [bool; 128],
    /// By the first letter of a name (folded, ASCII): its second letters, as bits (see
    /// [`second_slot`]).
    second: [u128; 128],
    /// The first letters of names (folded) from U+0080 on.
    first_other: Vec<char>,
    /// By two bytes of a text: whether a character that starts there may start a word whose first
    /// two letters start a name (see [`NameFinder::pairs`]).
    pairs: Box<[u8; 1 << 16]>,
    /// A filter of the hashes of the first words: most words that start with a first letter are
    /// rejected here.
    first_words: Box<[u64; BLOOM_WORDS]>,
    /// Names that start with neither a letter nor a digit, checked at every character.
    others: Vec<u32>,
}

const BLOOM_WORDS: usize = 64; // 4096 bits

impl NameFinder {
    /// A finder of `names`. Names with the same meaning (the same folded words) are one name,
    /// spelled as first given; names with no letter, digit or other visible character are left out.
    pub fn new<S: AsRef<str>>(names: &[S]) -> Self {
        let mut finder = NameFinder {
            names: Vec::new(),
            spellings: Vec::new(),
            keys: Vec::new(),
            edges: HashMap::with_hasher(ahash::RandomState::with_seeds(
                0x62616e74, 0x696e, 0x7468, 0x6164,
            )),
            at_node: vec![Vec::new()],
            has_edges: vec![false],
            first_ascii: [false; 128],
            second: [0; 128],
            first_other: Vec::new(),
            pairs: Box::new([0; 1 << 16]),
            first_words: Box::new([0; BLOOM_WORDS]),
            others: Vec::new(),
        };
        let mut seen: HashMap<Vec<char>, usize> = HashMap::new();
        for name in names {
            let name = name.as_ref();
            let key = fold_name(name);
            if key.is_empty() {
                continue;
            }
            if let Some(&k) = seen.get(&key) {
                finder.spellings[k].push(name.to_string());
                continue;
            }
            seen.insert(key.clone(), finder.names.len());
            finder.add(name, key);
        }
        finder.pairs = finder.pairs();
        finder
    }

    fn add(&mut self, name: &str, key: Vec<char>) {
        let index = self.names.len() as u32;
        let words: Vec<&[char]> = key.split(|&c| c == ' ').collect();
        // The letters and digits the name starts with: the first word of a text where it occurs.
        let lead = words[0].iter().take_while(|c| c.is_alphanumeric()).count();
        if lead == 0 {
            self.others.push(index);
        } else {
            match words[0][0] {
                c if c.is_ascii() => {
                    let second = if lead > 1 { words[0][1] as u32 } else { 0 };
                    self.first_ascii[c as usize] = true;
                    self.second[c as usize] |= 1 << second_slot(second);
                }
                c if !self.first_other.contains(&c) => self.first_other.push(c),
                _ => {}
            }
            let first = hash_word(&words[0][..lead]);
            self.first_words[bloom_slot(first) / 64] |= 1 << (bloom_slot(first) % 64);
            let mut node = self.child(0, first);
            // Words of letters and digits only are followed in the text's words; the rest of a name
            // (a word with other characters, `H'Hen`) is checked where the trie stops.
            if lead == words[0].len() {
                for w in &words[1..] {
                    if !w.iter().all(|c| c.is_alphanumeric()) {
                        break;
                    }
                    node = self.child(node, hash_word(w));
                }
            }
            self.at_node[node as usize].push(index);
        }
        self.names.push(name.to_string());
        self.spellings.push(vec![name.to_string()]);
        self.keys.push(key);
    }

    /// The node reached from `node` by a word of hash `word`, made when it is new.
    fn child(&mut self, node: u32, word: u64) -> u32 {
        let next = self.at_node.len() as u32;
        let child = *self.edges.entry(edge_key(node, word)).or_insert(next);
        if child == next {
            self.at_node.push(Vec::new());
            self.has_edges.push(false);
        }
        self.has_edges[node as usize] = true;
        child
    }

    /// The table of [`NameFinder::pairs`], by the two bytes `x`, `y` at a place of a text:
    /// * `x` ASCII: a letter or a digit that starts a name, followed by `y`: a letter or a digit
    ///   that follows it in a name, other ASCII when a name's first word is that one letter, the
    ///   lead of a block of two-byte characters one of which may follow it (a mark may), or the
    ///   lead of a longer character;
    /// * `x` the lead of a two-byte character: that character starts a name;
    /// * `x` the lead of a three-byte character: one of the 64 characters of its block does;
    /// * from U+3000 on (three bytes or four), no character folds to ASCII (a test checks): those
    ///   count only for names that start with another letter.
    fn pairs(&self) -> Box<[u8; 1 << 16]> {
        let t = tables();
        let firsts = (0..128).fold(0u128, |m, c| m | u128::from(self.first_ascii[c]) << c);
        let starts = |block: &Block| {
            block.firsts & firsts != 0 || (block.others && !self.first_other.is_empty())
        };
        let mut pairs = Box::new([0; 1 << 16]);
        for (k, pair) in pairs.iter_mut().enumerate() {
            // The bytes `x`, `y` of a text, read as a little-endian `u16`.
            let (x, y) = (k & 0xFF, k >> 8);
            let continues = (0x80..0xC0).contains(&y);
            let may = match x {
                0..0x80 => {
                    let first = (t.fold[x] & CHAR) as usize;
                    let seconds = match y {
                        0..0x80 if t.fold[y] & WORD != 0 => 1 << second_slot(t.fold[y] & CHAR),
                        0..0x80 => 1,
                        0xC2..0xE0 => t.blocks[y & 0x1F].seconds,
                        _ => u128::MAX, // a character of three bytes or more: not known here
                    };
                    self.first_ascii[first] && seconds & self.second[first] != 0
                }
                0xC2..0xE0 if continues => {
                    let e = t.fold[((x & 0x1F) << 6) | (y & 0x3F)];
                    match e & (MANY | NOTHING) {
                        0 => char::from_u32(e & CHAR).is_some_and(|c| self.is_first_letter(c)),
                        _ => starts(&t.blocks[x & 0x1F]), // rare: as for its block
                    }
                }
                0xE0..0xF0 if continues => match t.blocks.get(((x & 0x0F) << 6) | (y & 0x3F)) {
                    Some(block) => starts(block),
                    None => !self.first_other.is_empty(),
                },
                0xF0.. => !self.first_other.is_empty(),
                _ => false, // not where a character starts
            };
            *pair = u8::from(may);
        }
        pairs
    }

    /// The names, one spelling of each meaning, in the order first given; a match's `name` is an
    /// index into this list.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether there is no name to find.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Whether a name starts with the folded character `c` (a letter or a digit).
    fn is_first_letter(&self, c: char) -> bool {
        match self.first_ascii.get(c as usize) {
            Some(&first) => first,
            None => self.first_other.contains(&c),
        }
    }

    /// The names that occur from byte `i` of `b`, a place where one may start (after a byte that
    /// may end a word), into `found`. A word must start there, its first two letters (folded)
    /// start a name, and its hash be that of a name's first word.
    #[inline(always)]
    fn look_at(&self, t: &Tables, b: &[u8], i: usize, found: &mut Vec<NameMatch>) {
        // The byte before, when ASCII, is no letter or digit (it may end a word).
        let starts = i == 0 || b[i - 1] < 0x80 || word_starts(t, b, i);
        let (e, len) = entry_at(t, b, i);
        if !starts || e & (WORD | NOTHING) != WORD {
            return;
        }
        let (end, hash) = match e & (MANY | CHAR) {
            first @ 0..0x80 => {
                if !self.first_ascii[first as usize] {
                    return;
                }
                // The second letter, read with the rest of the word.
                let mut j = i + len;
                while j < b.len() && entry_at(t, b, j).0 & NOTHING != 0 {
                    j += entry_at(t, b, j).1;
                }
                let second = match j < b.len() {
                    true => entry_at(t, b, j).0,
                    false => 0,
                };
                let slot = match second & (WORD | MANY) {
                    WORD => second_slot(second & CHAR),
                    0 => 0,
                    _ => match Folded::of(decode(b, j).0).first() {
                        Some(c) if c.is_alphanumeric() => second_slot(c as u32),
                        _ => 0,
                    },
                };
                if self.second[first as usize] & (1 << slot) == 0 {
                    return;
                }
                read_word(t, b, j, step(0, first))
            }
            first
                if first & MANY == 0
                    && !char::from_u32(first).is_some_and(|c| self.first_other.contains(&c)) =>
            {
                return;
            }
            _ => read_word(t, b, i, 0),
        };
        if self.first_words[bloom_slot(hash) / 64] & (1 << (bloom_slot(hash) % 64)) != 0 {
            self.follow(t, b, i, end, hash, found);
        }
    }

    /// Every occurrence of every name in `text` (overlapping ones included), by where they start,
    /// the longest first at the same start: where the folded text holds the name, written as
    /// the name with its own tones or without ([`spelling::written_as`]).
    pub fn find_all(&self, text: &str) -> Vec<NameMatch> {
        let mut found = self.find_folded(text);
        found.retain(|m| spelling::written_as(&self.spellings[m.name], &text[m.range.clone()]));
        found
    }

    /// [`NameFinder::find_all`] by the folded letters alone.
    fn find_folded(&self, text: &str) -> Vec<NameMatch> {
        let mut found = Vec::new();
        if self.names.is_empty() {
            return found;
        }
        let (t, b) = (tables(), text.as_bytes());
        let n = b.len();
        let pair = |k: usize| {
            let next = b.get(k + 1).copied().unwrap_or(b' ');
            self.pairs[usize::from(u16::from_le_bytes([b[k], next]))] != 0
        };
        if n > 0 && pair(0) {
            self.look_at(t, b, 0, &mut found);
        }
        // The places where a name may start, 64 bytes at a time: a pair of bytes that may start
        // one, after a byte that may end a word.
        let mut k = 1;
        while k + 64 < n {
            let w = &b[k - 1..k + 65];
            let mut places = 0u64;
            for m in 0..64 {
                let pair = u16::from_le_bytes([w[m + 1], w[m + 2]]);
                let at = self.pairs[usize::from(pair)] & t.may_end[usize::from(w[m])];
                places |= u64::from(at) << m;
            }
            while places != 0 {
                self.look_at(t, b, k + places.trailing_zeros() as usize, &mut found);
                places &= places - 1;
            }
            k += 64;
        }
        for k in k..n {
            if t.may_end[usize::from(b[k - 1])] != 0 && pair(k) {
                self.look_at(t, b, k, &mut found);
            }
        }
        for &k in &self.others {
            let first = self.keys[k as usize][0];
            for (at, c) in text.char_indices() {
                if Folded::of(c as u32).first() == Some(first)
                    && let Some(end) = self.match_at(b, at, k as usize)
                {
                    found.push(NameMatch {
                        name: k as usize,
                        range: at..end,
                    });
                }
            }
        }
        found.sort_by(|x, y| {
            (x.range.start, y.range.end, x.name).cmp(&(y.range.start, x.range.end, y.name))
        });
        found
    }

    /// From the word `start..end` of `b` (hashed `hash`), the text's next words along the trie;
    /// the names at each node reached are checked.
    fn follow(
        &self,
        t: &Tables,
        b: &[u8],
        start: usize,
        end: usize,
        hash: u64,
        found: &mut Vec<NameMatch>,
    ) {
        let Some(&first) = self.edges.get(&edge_key(0, hash)) else {
            return;
        };
        let (mut node, mut end) = (first, end);
        loop {
            for &k in &self.at_node[node as usize] {
                if let Some(to) = self.match_at(b, start, k as usize) {
                    found.push(NameMatch {
                        name: k as usize,
                        range: start..to,
                    });
                }
            }
            if !self.has_edges[node as usize] {
                return;
            }
            // The next word, after whitespace.
            let mut j = end;
            let mut spaced = false;
            let next = loop {
                if j == b.len() {
                    return;
                }
                let (e, len) = entry_at(t, b, j);
                if e & SPACE != 0 {
                    spaced = true;
                } else if e & NOTHING == 0 {
                    break e;
                }
                j += len;
            };
            if !spaced || next & WORD == 0 {
                return;
            }
            let (word_end, word) = read_word(t, b, j, 0);
            match self.edges.get(&edge_key(node, word)) {
                Some(&next) => (node, end) = (next, word_end),
                None => return,
            }
        }
    }

    /// Where an occurrence of name `k` that starts at byte `at` of `b` ends, if there is one (the
    /// character before `at` is the caller's to check).
    fn match_at(&self, b: &[u8], at: usize, k: usize) -> Option<usize> {
        let key = &self.keys[k];
        let mut next = 0; // the next character of the key to meet
        let mut spaced = false; // whitespace met for the key's space at `next`
        let mut j = at;
        while j < b.len() {
            let (cp, len) = decode(b, j);
            for c in Folded::of(cp).chars() {
                if next == key.len() {
                    return None; // the name would end inside a character
                }
                if key[next] == ' ' {
                    if c.is_whitespace() {
                        spaced = true;
                        continue;
                    }
                    if !spaced {
                        return None;
                    }
                    spaced = false;
                    next += 1;
                }
                if key[next] != c {
                    return None;
                }
                next += 1;
            }
            j += len;
            if next == key.len() {
                // The marks that follow belong to the last character.
                while j < b.len() {
                    let (cp, len) = decode(b, j);
                    if Folded::of(cp) != Folded::Nothing {
                        break;
                    }
                    j += len;
                }
                let last_is_word = key[key.len() - 1].is_alphanumeric();
                if last_is_word && j < b.len() && entry_at(tables(), b, j).0 & WORD != 0 {
                    return None; // inside a longer word
                }
                return Some(j);
            }
        }
        None
    }

    /// For each name, its first occurrence in `text`.
    pub fn first_matches(&self, text: &str) -> Vec<Option<Range<usize>>> {
        let mut first = vec![None; self.names.len()];
        for m in self.find_all(text) {
            if first[m.name].is_none() {
                first[m.name] = Some(m.range);
            }
        }
        first
    }

    /// `text` with every occurrence of a name replaced by `replacement(name index)`, and nothing
    /// else changed. Where occurrences overlap, the one that starts first wins, then the longest.
    pub fn mask<'t, 'r>(
        &self,
        text: &'t str,
        replacement: impl Fn(usize) -> &'r str,
    ) -> Cow<'t, str> {
        let found = self.find_all(text);
        if found.is_empty() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        for m in found {
            if m.range.start < done {
                continue;
            }
            out.push_str(&text[done..m.range.start]);
            out.push_str(replacement(m.name));
            done = m.range.end;
        }
        out.push_str(&text[done..]);
        Cow::Owned(out)
    }
}

/// A name folded: its words, each folded character by character, joined by single spaces.
fn fold_name(name: &str) -> Vec<char> {
    let mut key = Vec::new();
    for word in name.split_whitespace() {
        let start = key.len();
        if start > 0 {
            key.push(' ');
        }
        for c in word.chars() {
            key.extend(Folded::of(c as u32).chars());
        }
        if key.len() == start + usize::from(start > 0) {
            key.truncate(start); // a word of marks only
        }
    }
    key
}

/// The key of the trie's edge from `node` by a word of hash `word`.
fn edge_key(node: u32, word: u64) -> u64 {
    word ^ (u64::from(node) + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// One step of a word's hash: a word of up to eight ASCII letters and digits is its bytes, which
/// costs less to make than a mixed hash (many words of a text are hashed); [`bloom_slot`] and
/// [`edge_key`] mix it.
#[inline]
fn step(h: u64, c: u32) -> u64 {
    h.rotate_left(8) ^ u64::from(c)
}

fn hash_word(word: &[char]) -> u64 {
    word.iter().fold(0, |h, &c| step(h, c as u32))
}

fn bloom_slot(hash: u64) -> usize {
    ((hash ^ (hash >> 31)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

/// The bit of [`NameFinder::second`] for a word's second letter `c` (folded): ASCII as it is, the
/// others in one slot; 0 for a word of one letter.
fn second_slot(c: u32) -> u32 {
    c.min(127)
}

/// Whether a word starts at byte `i` of `b` (a character that folds to a letter or a digit, or
/// the caller checks): the last character before it that folds to something ends a word.
fn word_starts(t: &Tables, b: &[u8], mut i: usize) -> bool {
    while i > 0 {
        i -= 1;
        while i > 0 && (0x80..0xC0).contains(&b[i]) {
            i -= 1; // to the lead byte
        }
        let (e, _) = entry_at(t, b, i);
        if e & NOTHING == 0 {
            return ends_word(e, b, i);
        }
    }
    true
}

/// Whether the character at byte `i` of `b`, packed `e`, ends a word: what it folds to ends with
/// neither a letter nor a digit (a mark folds to nothing and ends nothing).
fn ends_word(e: u32, b: &[u8], i: usize) -> bool {
    if e & NOTHING != 0 {
        return false;
    }
    if e & MANY != 0 {
        let last = Folded::of(decode(b, i).0).chars().last();
        return !last.is_some_and(char::is_alphanumeric);
    }
    e & WORD == 0
}

/// The word of the text that goes on at `j` (a word starts there with `h = 0`, or its hash up to
/// there is `h`): where it ends (after the marks that follow it) and the hash of its folded
/// letters and digits.
#[inline(always)]
fn read_word(t: &Tables, b: &[u8], j: usize, h: u64) -> (usize, u64) {
    let (mut j, mut h) = (j, h);
    while j < b.len() {
        let (e, len) = entry_at(t, b, j);
        if e & NOTHING != 0 {
            j += len;
            continue;
        }
        if e & WORD == 0 {
            break;
        }
        if e & MANY != 0 {
            for c in Folded::of(decode(b, j).0).chars() {
                if !c.is_alphanumeric() {
                    // The word ends inside this character (none does in Vietnamese): the caller
                    // reads it again.
                    return (j, h);
                }
                h = step(h, c as u32);
            }
        } else {
            h = step(h, e & CHAR);
        }
        j += len;
    }
    (j, h)
}
