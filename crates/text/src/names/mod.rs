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
//! [`NameFinder`] looks for many names at once, whatever their number: the text is folded once,
//! each run of whitespace as one space, with where each folded byte came from ([`FoldedText`]);
//! Aho–Corasick automata of the folded names ([`aho_corasick`]) find every place the folded text
//! holds one, overlapping ones included; a place is kept when it begins and ends words, and
//! characters of the text; it is mapped back to the text as written, where
//! [`spelling::written_as`] has the last word.
//!
//! The hand-made multi-pattern matcher this replaced was a little faster on its own (every name of
//! the 10,000-bulletin corpus, 2,000 names in 46 MB: 195 ms against 230 ms, `cargo run --release
//! --example names_scan -- DIR`), which the build does not show (validate 510 ms either way).

mod fold;
mod folded;
mod spelling;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Input, MatchKind};

use folded::FoldedText;

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
    /// By name: whether its folded form starts, and whether it ends, with a letter or a digit
    /// (then it must start, or end, a word of the text).
    words: Vec<(bool, bool)>,
    /// The names folded, as patterns by their index: where occurrences are, leftmost-longest
    /// (a place where one starts and no other starts before it or is longer there).
    regions: AhoCorasick,
    /// The same: every occurrence, overlapping ones too (searched where `regions` found one).
    every: AhoCorasick,
    /// The length of the longest name folded, in bytes.
    longest: usize,
}

impl NameFinder {
    /// A finder of `names`. Names with the same meaning (the same folded words) are one name,
    /// spelled as first given; names with no letter, digit or other visible character are left out.
    pub fn new<S: AsRef<str>>(names: &[S]) -> Self {
        let (mut kept, mut spellings, mut words) =
            (Vec::new(), Vec::<Vec<String>>::new(), Vec::new());
        let mut keys: Vec<String> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for name in names {
            let name = name.as_ref();
            let key = fold_name(name);
            if key.is_empty() {
                continue;
            }
            if let Some(&k) = seen.get(&key) {
                spellings[k].push(name.to_string());
                continue;
            }
            seen.insert(key.clone(), kept.len());
            let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
            words.push((word(key.chars().next()), word(key.chars().next_back())));
            kept.push(name.to_string());
            spellings.push(vec![name.to_string()]);
            keys.push(key);
        }
        NameFinder {
            names: kept,
            spellings,
            words,
            regions: automaton(&keys, MatchKind::LeftmostLongest),
            every: automaton(&keys, MatchKind::Standard),
            longest: keys.iter().map(String::len).max().unwrap_or(0),
        }
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
        if self.names.is_empty() || text.is_empty() {
            return found;
        }
        let folded = FoldedText::of(text);
        let hay = folded.as_bytes();
        // Every occurrence is one of the leftmost-longest, or starts inside one (the search goes
        // on after each): each of those is searched again for all that start in it, which costs
        // little as names are rare, where searching the whole text for overlapping occurrences
        // takes twice as long as for leftmost-longest ones.
        for region in self.regions.find_iter(hay) {
            let reach = (region.end() + self.longest).min(hay.len());
            let input = Input::new(hay).span(region.start()..reach);
            for m in self.every.find_overlapping_iter(input) {
                if m.start() >= region.end() {
                    continue; // in the next region, if anywhere
                }
                let name = m.pattern().as_usize();
                let (starts_word, ends_word) = self.words[name];
                if starts_word && folded.word_before(m.start())
                    || ends_word && folded.word_at(m.end())
                {
                    continue; // inside a longer word
                }
                if let Some(range) = folded.original(m.range()) {
                    found.push(NameMatch { name, range });
                }
            }
        }
        found.sort_by(|x, y| {
            (x.range.start, y.range.end, x.name).cmp(&(y.range.start, x.range.end, y.name))
        });
        found
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

/// An automaton of `keys` that reports matches as `kind` says: a DFA, the fastest to search (its
/// size grows with the names, about 0.5 KB a name), unless one cannot be made of them.
fn automaton(keys: &[String], kind: MatchKind) -> AhoCorasick {
    let builder = |dfa: bool| {
        let mut builder = AhoCorasick::builder();
        builder.match_kind(kind);
        if dfa {
            builder.kind(Some(AhoCorasickKind::DFA));
        }
        builder.build(keys)
    };
    builder(true)
        .or_else(|_| builder(false))
        .expect("an automaton of the names")
}

/// A name folded as a text is ([`FoldedText`]), its words joined by single spaces.
fn fold_name(name: &str) -> String {
    let folded = String::from_utf8_lossy(FoldedText::of(name).as_bytes()).into_owned();
    folded.trim_matches(' ').to_string()
}
