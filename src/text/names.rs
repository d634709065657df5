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
//! [`NameFinder`] looks for many names in one pass over a text: a name can only start where a word
//! starts, and there it is looked up by its words (hashed as they are folded), so the cost is one
//! fold and one lookup per word of the text, whatever the number of names.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

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
    /// A filter of the hashes of the first words: most words of a text are rejected here.
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
            keys: Vec::new(),
            edges: HashMap::with_hasher(ahash::RandomState::with_seeds(
                0x62616e74, 0x696e, 0x7468, 0x6164,
            )),
            at_node: vec![Vec::new()],
            has_edges: vec![false],
            first_words: Box::new([0; BLOOM_WORDS]),
            others: Vec::new(),
        };
        let mut seen: HashMap<Vec<char>, usize> = HashMap::new();
        for name in names {
            let name = name.as_ref();
            let key = fold_name(name);
            if key.is_empty() || seen.contains_key(&key) {
                continue;
            }
            seen.insert(key.clone(), finder.names.len());
            finder.add(name, key);
        }
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

    /// The names, one spelling of each meaning, in the order first given; a match's `name` is an
    /// index into this list.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Whether there is no name to find.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Every occurrence of every name in `text` (overlapping ones included), by where they start,
    /// the longest first at the same start.
    pub fn find_all(&self, text: &str) -> Vec<NameMatch> {
        let mut found = Vec::new();
        if self.names.is_empty() {
            return found;
        }
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            // Only where a word starts: read it whole, folding and hashing it as it goes.
            if b[i] < 0x80 && !ASCII_WORD[usize::from(b[i])] {
                i += 1;
                continue;
            }
            let (cp, len) = decode(b, i);
            if !folds_to_word_char(cp) {
                i += len;
                continue;
            }
            let (end, hash) = read_word(b, i);
            if self.first_words[bloom_slot(hash) / 64] & (1 << (bloom_slot(hash) % 64)) != 0 {
                self.follow(b, i, end, hash, &mut found);
            }
            i = end;
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
    fn follow(&self, b: &[u8], start: usize, end: usize, hash: u64, found: &mut Vec<NameMatch>) {
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
            while j < b.len() {
                let (cp, len) = decode(b, j);
                match Folded::of(cp).first() {
                    None => {}
                    Some(c) if c.is_whitespace() => spaced = true,
                    Some(_) => break,
                }
                j += len;
            }
            if !spaced || j == b.len() || !folds_to_word_char(decode(b, j).0) {
                return;
            }
            let (word_end, word) = read_word(b, j);
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
                    if !matches!(Folded::of(cp), Folded::Nothing) {
                        break;
                    }
                    j += len;
                }
                let last_is_word = key[key.len() - 1].is_alphanumeric();
                if last_is_word && j < b.len() && folds_to_word_char(decode(b, j).0) {
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

/// One step of a word's hash (FxHash's): the same for the names' words and the text's.
fn mix(h: u64, c: char) -> u64 {
    (h.rotate_left(5) ^ c as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

fn hash_word(word: &[char]) -> u64 {
    word.iter().fold(0, |h, &c| mix(h, c))
}

fn bloom_slot(hash: u64) -> usize {
    ((hash ^ (hash >> 31)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
}

/// The word of the text that starts at `i` (a character folding to a letter or a digit): where it
/// ends (after the marks that follow it) and the hash of its folded letters and digits.
fn read_word(b: &[u8], i: usize) -> (usize, u64) {
    let mut h = 0;
    let mut j = i;
    while j < b.len() {
        let byte = b[j];
        if byte < 0x80 {
            if !ASCII_WORD[usize::from(byte)] {
                break;
            }
            h = mix(h, char::from(byte.to_ascii_lowercase()));
            j += 1;
            continue;
        }
        let (cp, len) = decode(b, j);
        match Folded::of(cp) {
            Folded::Nothing => {}
            Folded::One(c) if c.is_alphanumeric() => h = mix(h, c),
            Folded::One(_) => break,
            Folded::Many(s) => {
                let mut chars = s.chars();
                if !chars.next().is_some_and(|c| c.is_alphanumeric()) {
                    break;
                }
                for c in s.chars() {
                    if !c.is_alphanumeric() {
                        // A word that ends inside a character: no name's word (rare; the names
                        // are checked as a whole anyway).
                        return (j + len, h);
                    }
                    h = mix(h, c);
                }
            }
        }
        j += len;
    }
    (j, h)
}

/// Whether the code point folds to something that starts with a letter or a digit.
fn folds_to_word_char(cp: u32) -> bool {
    if cp < 0x80 {
        return ASCII_WORD[cp as usize];
    }
    Folded::of(cp).first().is_some_and(char::is_alphanumeric)
}

/// ASCII letters and digits.
const ASCII_WORD: [bool; 128] = {
    let mut t = [false; 128];
    let mut i = 0;
    while i < 128 {
        t[i] = (i as u8).is_ascii_alphanumeric();
        i += 1;
    }
    t
};

/// The code point at byte `i` of valid UTF-8 (a character boundary), and its length in bytes.
#[inline]
fn decode(b: &[u8], i: usize) -> (u32, usize) {
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
enum Folded {
    /// A combining mark.
    Nothing,
    One(char),
    /// Several characters (`İ` → `i` + a mark → `i` is one; a Hangul syllable is several).
    Many(String),
}

/// Code points below this are folded once, into [`table`]: Latin letters with their Vietnamese
/// forms (U+1E00–U+1EFF), combining marks and general punctuation (`–`, `“`, `…`).
const TABLE_END: u32 = 0x2070;
const NOTHING: u32 = u32::MAX;
const MANY: u32 = u32::MAX - 1;

fn table() -> &'static [u32] {
    static TABLE: OnceLock<Vec<u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..TABLE_END)
            .map(|cp| match char::from_u32(cp).map(fold_slow) {
                Some(Folded::Nothing) | None => NOTHING,
                Some(Folded::One(c)) => c as u32,
                Some(Folded::Many(_)) => MANY,
            })
            .collect()
    })
}

impl Folded {
    #[inline]
    fn of(cp: u32) -> Folded {
        if cp < 0x80 {
            return Folded::One(char::from(cp as u8).to_ascii_lowercase());
        }
        if cp < TABLE_END {
            match table()[cp as usize] {
                NOTHING => return Folded::Nothing,
                MANY => {}
                c => return Folded::One(char::from_u32(c).unwrap_or('\u{FFFD}')),
            }
        }
        char::from_u32(cp).map_or(Folded::Nothing, fold_slow)
    }

    fn first(&self) -> Option<char> {
        match self {
            Folded::Nothing => None,
            Folded::One(c) => Some(*c),
            Folded::Many(s) => s.chars().next(),
        }
    }

    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        let (one, many) = match self {
            Folded::Nothing => (None, ""),
            Folded::One(c) => (Some(*c), ""),
            Folded::Many(s) => (None, s.as_str()),
        };
        one.into_iter().chain(many.chars())
    }
}

/// [`fold`](super::fold) of one character.
fn fold_slow(c: char) -> Folded {
    let folded: String = c
        .to_lowercase()
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| match c {
            'đ' | 'ð' => 'd',
            other => other,
        })
        .collect();
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (None, _) => Folded::Nothing,
        (Some(c), None) => Folded::One(c),
        _ => Folded::Many(folded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;
    use proptest::prelude::*;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    /// The names found in `text`, as written there.
    fn found<'t>(names: &[&str], text: &'t str) -> Vec<&'t str> {
        NameFinder::new(names)
            .find_all(text)
            .into_iter()
            .map(|m| &text[m.range])
            .collect()
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
        assert_eq!(
            found(&[" pham  THI hoà "], "bà Phạm Thị Hoa"),
            ["Phạm Thị Hoa"]
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
        assert!(found(&["Lê An"], "ông Lê Anh và bà Lê Ân").len() == 1);
        assert_eq!(found(&["Lê An"], "ông Lê Anh, bà Lê An."), ["Lê An"]);
        assert!(found(&["Phạm Thị Hoa"], "Phạm Thị Hoan").is_empty());
        assert!(found(&["Phạm Thị Hoa"], "XPhạm Thị Hoa").is_empty());
        assert!(found(&["Phạm Thị Hoa"], "Phạm Thị Hoa2").is_empty());
        assert!(found(&["Phạm Thị Hoa"], "Phạm ThịHoa").is_empty());
        assert!(found(&["Phạm Thị Hoa"], "Phạm-Thị Hoa").is_empty());
        assert!(found(&["Phạm Thị Hoa"], &nfd("Phạm Thị Hoàn")).is_empty());
        // Punctuation around a name is not part of a word.
        assert_eq!(
            found(&["Phạm Thị Hoa"], "(Phạm Thị Hoa), «PHẠM THỊ HOA»"),
            ["Phạm Thị Hoa", "PHẠM THỊ HOA"]
        );
        // A name ending in a mark keeps it; one followed by a letter after its marks does not match.
        let text = nfd("bà Phạm Thị Hoà.");
        let at = text.find('P').unwrap();
        assert_eq!(found(&["Phạm Thị Hoa"], &text), [&text[at..text.len() - 1]]);
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
        let nfd_text = nfd("«Phạm Thị Hoà»");
        assert_eq!(finder.mask(&nfd_text, |_| "P.T.H."), "«P.T.H.»");
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
            .find_all(text)
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
        ",",
        "(",
        "'",
        "-",
        "\u{301}",
        "x",
        "2",
    ];

    fn pieces(n: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(proptest::sample::select(PIECES), 0..n).prop_map(|p| p.concat())
    }

    proptest! {
        #[test]
        fn names_are_found_like_the_folded_search(
            names in proptest::collection::vec(pieces(4), 1..5),
            text in pieces(30),
        ) {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            prop_assert_eq!(fast(&names, &text), oracle(&names, &text));
        }

        #[test]
        fn names_of_random_characters_are_found_like_the_folded_search(
            names in proptest::collection::vec("[aAăđĐ'( ][aăâĂđ \n(]{0,4}", 1..5),
            text in "[aAăâĂđĐ'( \n\t\u{300}\u{301}\u{323}]{0,40}",
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
}
