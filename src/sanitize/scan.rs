//! Finds, in an article's raw HTML, every construct the sanitizer removes, with its position, so
//! that each removal can be reported (ammonia removes without saying what).
//!
//! The text is split into tags and comments the way the HTML tokenizer splits it (states of the
//! WHATWG tokenizer: tags and attributes, comments, doctypes, bogus comments, and the raw text of
//! `script`, `style`, `textarea`, `title`, `iframe`, …, script escapes included); each tag found
//! is then read by html5ever's own tokenizer, which decodes its name and attribute values
//! (`&#106;avascript:`) exactly as the parser behind ammonia will. A property test holds the
//! splitting to html5ever's.
//!
//! The fragments of one text are scanned in order with one [`Scanner`], which carries what the
//! tokenizer would carry from one fragment to the next (inside `<script>`, inside a removed
//! element).

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

use super::policy::{self, AttrVerdict, TagRule, VOID};
use crate::diag::Severity;

/// One construct the sanitizer removes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Byte offset in the scanned text.
    pub at: usize,
    pub severity: Severity,
    pub message: String,
    pub hint: &'static str,
}

const COMMENT_HINT: &str = "delete it; keep notes for colleagues outside content/";

/// How the tokenizer reads text between tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Data,
    /// `style`, `xmp`, `iframe`, `noembed`, `noframes`, `noscript`, `title`, `textarea`: text up
    /// to the end tag of the same name.
    Raw,
    /// `script`, whose text has escapes (`<!--`, `<script>` inside).
    Script(ScriptEscape),
    /// `plaintext`: text to the end.
    Plaintext,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ScriptEscape {
    None,
    Escaped,
    DoubleEscaped,
}

/// A tag, comment or doctype found in the text: byte range and what it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Lexeme {
    Start {
        start: usize,
        end: usize,
        name: String,
        self_closing: bool,
        /// Where each attribute's name starts, and the name (lowercase), as written.
        attrs: Vec<(usize, String)>,
    },
    End {
        start: usize,
        name: String,
    },
    Comment {
        start: usize,
    },
    Doctype {
        start: usize,
    },
}

/// Reads the raw HTML fragments of one text, in order.
#[derive(Debug)]
pub struct Scanner {
    mode: Mode,
    /// The element whose end tag ends [`Mode::Raw`] or [`Mode::Script`].
    raw_end: String,
    /// The removed element being read (its content goes with it), and how deeply it is nested.
    dropping: Option<(String, usize)>,
}

impl Default for Scanner {
    fn default() -> Self {
        Scanner {
            mode: Mode::Data,
            raw_end: String::new(),
            dropping: None,
        }
    }
}

impl Scanner {
    /// Whether what follows is inside an element removed with its content (so it is not text of
    /// the page).
    pub fn dropping(&self) -> bool {
        self.dropping.is_some() || self.mode == Mode::Plaintext
    }

    /// What the sanitizer will remove from the fragment `text`.
    pub fn scan(&mut self, text: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some((lexeme, next)) = self.next_lexeme(text, pos) {
            pos = next;
            self.judge(text, lexeme, &mut out);
        }
        out
    }

    fn judge(&mut self, text: &str, lexeme: Lexeme, out: &mut Vec<Finding>) {
        let foreign = self
            .dropping
            .as_ref()
            .is_some_and(|(d, _)| d == "svg" || d == "math");
        match lexeme {
            Lexeme::Comment { start } if self.dropping.is_none() => out.push(Finding {
                at: start,
                severity: Severity::Warning,
                message: "HTML comment is removed: readers could see it in the page source".into(),
                hint: COMMENT_HINT,
            }),
            Lexeme::Doctype { start } if self.dropping.is_none() => out.push(Finding {
                at: start,
                severity: Severity::Warning,
                message: "`<!DOCTYPE>` is removed: the page around the article already has it"
                    .into(),
                hint: "paste only the article's text, not a whole web page",
            }),
            Lexeme::Comment { .. } | Lexeme::Doctype { .. } => {}
            Lexeme::End { name, .. } => {
                if let Some((d, depth)) = &mut self.dropping
                    && *d == name
                {
                    *depth -= 1;
                    if *depth == 0 {
                        self.dropping = None;
                    }
                }
            }
            Lexeme::Start {
                start,
                end,
                name,
                self_closing,
                attrs,
            } => {
                if !foreign {
                    self.switch_mode(&name);
                }
                if let Some((d, depth)) = &mut self.dropping {
                    if *d == name && !self_closing {
                        *depth += 1;
                    }
                    return;
                }
                let tag = text.get(start..end).unwrap_or("");
                match policy::tag_rule(&name) {
                    TagRule::Keep(_) => {
                        for (at, verdict) in verdicts(&name, tag, start, &attrs) {
                            if let AttrVerdict::Drop(severity, why, hint) = verdict {
                                out.push(Finding {
                                    at,
                                    severity,
                                    message: format!("{why} (removed from `<{name}>`)"),
                                    hint,
                                });
                            }
                        }
                    }
                    TagRule::Unwrap(severity, reason) => {
                        out.push(Finding {
                            at: start,
                            severity,
                            message: format!(
                                "`<{name}>` is removed (its content is kept): {}",
                                reason.why
                            ),
                            hint: reason.hint,
                        });
                        // The attributes go with the tag; those that were active are errors.
                        for (at, verdict) in verdicts(&name, tag, start, &attrs) {
                            if let AttrVerdict::Drop(Severity::Error, why, hint) = verdict {
                                out.push(Finding {
                                    at,
                                    severity: Severity::Error,
                                    message: format!("{why} (removed from `<{name}>`)"),
                                    hint,
                                });
                            }
                        }
                    }
                    TagRule::Remove(severity, reason) => {
                        let empty = VOID.contains(&name.as_str())
                            || (self_closing && (name == "svg" || name == "math"));
                        let what = if empty { "" } else { " with its content" };
                        out.push(Finding {
                            at: start,
                            severity,
                            message: format!("`<{name}>` is removed{what}: {}", reason.why),
                            hint: reason.hint,
                        });
                        if !empty {
                            self.dropping = Some((name, 1));
                        }
                    }
                }
            }
        }
    }

    /// After a start tag, the tree builder switches the tokenizer to raw text for some elements.
    fn switch_mode(&mut self, name: &str) {
        let mode = match name {
            "script" => Mode::Script(ScriptEscape::None),
            "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" | "title"
            | "textarea" => Mode::Raw,
            "plaintext" => Mode::Plaintext,
            _ => return,
        };
        self.mode = mode;
        self.raw_end = name.to_string();
    }

    /// The tags, comments and doctypes of `text` (raw text switched by tag name only, as a
    /// tokenizer whose tree builder never leaves HTML would).
    #[cfg(test)]
    pub(crate) fn lexemes(&mut self, text: &str) -> Vec<Lexeme> {
        let mut out = Vec::new();
        let mut pos = 0;
        while let Some((lexeme, next)) = self.next_lexeme(text, pos) {
            pos = next;
            if let Lexeme::Start { name, .. } = &lexeme {
                self.switch_mode(name);
            }
            out.push(lexeme);
        }
        out
    }

    /// The next tag, comment or doctype from `pos`, and where to go on.
    fn next_lexeme(&mut self, text: &str, pos: usize) -> Option<(Lexeme, usize)> {
        match self.mode {
            Mode::Data => next_in_data(text, pos),
            Mode::Plaintext => None,
            Mode::Raw => {
                let at = find_end_tag(text, pos, &self.raw_end)?;
                let (lexeme, next) = read_tag(text, at)?;
                self.mode = Mode::Data;
                Some((lexeme, next))
            }
            Mode::Script(escape) => {
                let (at, escape) = script_end(text, pos, escape, &self.raw_end);
                match at {
                    Some(at) => {
                        let (lexeme, next) = read_tag(text, at)?;
                        self.mode = Mode::Data;
                        Some((lexeme, next))
                    }
                    None => {
                        self.mode = Mode::Script(escape);
                        None
                    }
                }
            }
        }
    }
}

/// Each attribute of a kept or unwrapped tag (decoded by html5ever), where it is, and its verdict.
fn verdicts(
    name: &str,
    tag: &str,
    start: usize,
    located: &[(usize, String)],
) -> Vec<(usize, AttrVerdict)> {
    let Some(decoded) = decode_tag(tag) else {
        return Vec::new();
    };
    decoded
        .attrs
        .iter()
        .map(|a| {
            let attr = a.name.local.to_string();
            let at = located
                .iter()
                .find(|(_, n)| *n == attr)
                .map_or(start, |(at, _)| *at);
            (at, policy::attribute(name, &attr, &a.value))
        })
        .collect()
}

/// Collects the first tag html5ever reads.
struct TagSink(RefCell<Option<Tag>>);

impl TokenSink for TagSink {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            self.0.borrow_mut().get_or_insert(tag);
        }
        TokenSinkResult::Continue
    }
}

/// One tag's text (`<a href=…>`) as html5ever reads it: name and decoded attribute values, the
/// first of repeated attributes.
fn decode_tag(tag: &str) -> Option<Tag> {
    let tokenizer = Tokenizer::new(TagSink(RefCell::new(None)), TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(tag));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.0.take()
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// Data: the next tag, comment or doctype starting at or after `pos`.
fn next_in_data(text: &str, mut pos: usize) -> Option<(Lexeme, usize)> {
    let b = text.as_bytes();
    loop {
        let lt = pos + memchr::memchr(b'<', b.get(pos..)?)?;
        match b.get(lt + 1) {
            Some(b'!') => {
                if b[lt..].starts_with(b"<!--") {
                    return Some((Lexeme::Comment { start: lt }, comment_end(b, lt + 4)));
                }
                let doctype = b
                    .get(lt + 2..lt + 9)
                    .is_some_and(|w| w.eq_ignore_ascii_case(b"doctype"));
                let next = until_gt(b, lt + 2);
                return Some(if doctype {
                    (Lexeme::Doctype { start: lt }, next)
                } else {
                    (Lexeme::Comment { start: lt }, next)
                });
            }
            Some(b'/') => match b.get(lt + 2) {
                Some(c) if c.is_ascii_alphabetic() => return read_tag(text, lt),
                Some(b'>') => pos = lt + 3,
                None => return None,
                Some(_) => return Some((Lexeme::Comment { start: lt }, until_gt(b, lt + 2))),
            },
            Some(b'?') => return Some((Lexeme::Comment { start: lt }, until_gt(b, lt + 1))),
            Some(c) if c.is_ascii_alphabetic() => return read_tag(text, lt),
            _ => pos = lt + 1,
        }
    }
}

/// After the first `>` from `i` (a bogus comment or a doctype), or the end.
fn until_gt(b: &[u8], i: usize) -> usize {
    memchr::memchr(b'>', b.get(i..).unwrap_or(&[])).map_or(b.len(), |k| i + k + 1)
}

/// The end of a comment whose text starts at `i` (after `<!--`): after `-->`, `--!>`, or the
/// abrupt `<!-->` / `<!--->`; the end of the text when it is never closed.
fn comment_end(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b'>') => return i + 1,
        Some(b'-') if b.get(i + 1) == Some(&b'>') => return i + 2,
        _ => {}
    }
    let mut dashes = 0;
    let mut k = i;
    while k < b.len() {
        match b[k] {
            b'-' => dashes += 1,
            b'>' if dashes >= 2 => return k + 1,
            b'!' if dashes >= 2 && b.get(k + 1) == Some(&b'>') => return k + 2,
            _ => dashes = 0,
        }
        k += 1;
    }
    b.len()
}

/// The tag starting at `lt` (`<name` or `</name`): the lexeme and the offset after its `>`, or
/// `None` when the text ends inside it (the tokenizer drops such a tag).
fn read_tag(text: &str, lt: usize) -> Option<(Lexeme, usize)> {
    let b = text.as_bytes();
    let end_tag = b.get(lt + 1) == Some(&b'/');
    let mut i = lt + if end_tag { 2 } else { 1 };
    let name_start = i;
    while i < b.len() && !is_space(b[i]) && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = text.get(name_start..i)?.to_ascii_lowercase();
    let mut attrs: Vec<(usize, String)> = Vec::new();
    let mut self_closing = false;
    // Before an attribute name.
    loop {
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match b.get(i)? {
            b'>' => break,
            b'/' => {
                i += 1;
                if b.get(i)? == &b'>' {
                    self_closing = true;
                    break;
                }
                continue;
            }
            _ => {}
        }
        // An attribute name: a leading `=` belongs to it.
        let attr_start = i;
        i += 1;
        while i < b.len() && !is_space(b[i]) && !matches!(b[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        attrs.push((attr_start, text.get(attr_start..i)?.to_ascii_lowercase()));
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        if b.get(i)? != &b'=' {
            continue;
        }
        i += 1;
        while i < b.len() && is_space(b[i]) {
            i += 1;
        }
        match b.get(i)? {
            q @ (b'"' | b'\'') => {
                let close = memchr::memchr(*q, b.get(i + 1..)?)?;
                i += close + 2;
                // After a quoted value: whitespace, `/`, `>`, or (an error) the next name.
            }
            b'>' => break,
            _ => {
                while i < b.len() && !is_space(b[i]) && b[i] != b'>' {
                    i += 1;
                }
            }
        }
    }
    let next = i + 1;
    Some(if end_tag {
        (Lexeme::End { start: lt, name }, next)
    } else {
        (
            Lexeme::Start {
                start: lt,
                end: next,
                name,
                self_closing,
                attrs,
            },
            next,
        )
    })
}

/// Whether `b[i..]` starts with `name` (ASCII, any case) followed by whitespace, `/` or `>`.
fn names_tag(b: &[u8], i: usize, name: &str) -> bool {
    let n = name.len();
    b.get(i..i + n)
        .is_some_and(|w| w.eq_ignore_ascii_case(name.as_bytes()))
        && b.get(i + n)
            .is_some_and(|&c| is_space(c) || c == b'/' || c == b'>')
}

/// The `</name` that ends raw text from `pos`.
fn find_end_tag(text: &str, mut pos: usize, name: &str) -> Option<usize> {
    let b = text.as_bytes();
    loop {
        let at = pos + memchr::memmem::find(b.get(pos..)?, b"</")?;
        if names_tag(b, at + 2, name) {
            return Some(at);
        }
        pos = at + 2;
    }
}

/// Where the script's end tag starts (if in `text` from `pos`), and the escape state reached.
fn script_end(
    text: &str,
    pos: usize,
    mut escape: ScriptEscape,
    name: &str,
) -> (Option<usize>, ScriptEscape) {
    let b = text.as_bytes();
    let mut i = pos;
    // Dashes just read (a `-->` leaves the escapes).
    let mut dashes = 0;
    while i < b.len() {
        let c = b[i];
        match escape {
            ScriptEscape::None => {
                if c == b'<' {
                    if b[i..].starts_with(b"<!--") {
                        escape = ScriptEscape::Escaped;
                        dashes = 2;
                        i += 4;
                        continue;
                    }
                    if b.get(i + 1) == Some(&b'/') && names_tag(b, i + 2, name) {
                        return (Some(i), escape);
                    }
                }
            }
            ScriptEscape::Escaped | ScriptEscape::DoubleEscaped => match c {
                b'-' => {
                    dashes += 1;
                    i += 1;
                    continue;
                }
                b'>' if dashes >= 2 => escape = ScriptEscape::None,
                b'<' if b.get(i + 1) == Some(&b'/') && names_tag(b, i + 2, "script") => {
                    if escape == ScriptEscape::Escaped {
                        return (Some(i), ScriptEscape::None);
                    }
                    escape = ScriptEscape::Escaped;
                    i += 2 + "script".len();
                    dashes = 0;
                    continue;
                }
                b'<' if escape == ScriptEscape::Escaped && names_tag(b, i + 1, "script") => {
                    escape = ScriptEscape::DoubleEscaped;
                    i += 1 + "script".len();
                    dashes = 0;
                    continue;
                }
                _ => {}
            },
        }
        dashes = 0;
        i += 1;
    }
    (None, escape)
}

#[cfg(test)]
mod tests;
