//! The plain shape most of bantin's YAML has, read directly instead of through the general
//! parser: front matter and records of `key: value` lines, block lists, one-line `[…]` and
//! `{…}` lists and mappings of scalars. Every article has front matter, so this is most of the
//! YAML a build reads; it is several times faster than serde-saphyr's event stream.
//!
//! It gives exactly what [`super::parse_yaml`]'s general path gives, positions and number text
//! included, or `None`: anything it is not sure of (comments after values, multi-line scalars,
//! escapes, anchors, tags, block scalars, `yes`/`True`, `1e3`, `0123`, an empty value, a
//! duplicate key, a syntax error …) is left to the general parser, which also words the errors.
//! A property test compares the two on generated documents and on every file of the example
//! site and the test fixtures.
//!
//! Kept because it pays (issue 16 asked for more than 10% of a 10,000-bulletin build): with it,
//! the build takes 1,461 ms (load 148 ms), without it 1,691 ms (load 373 ms), medians of 7
//! alternating runs on /dev/shm (`bantin build --timings`), so it saves 14% of the build.

use super::{Key, Node, Value};
use crate::diag::Pos;

/// Larger texts go to the general parser, whose limits (nodes, events) then apply as before.
const MAX_LEN: usize = 256 * 1024;
/// Deeper nesting goes to the general parser, which refuses it with a message.
const MAX_DEPTH: usize = 12;
/// Longer keys go to the general parser (YAML limits simple keys to 1,024 characters).
const MAX_KEY_LEN: usize = 200;

/// The document `text` (its lines numbered from `line_offset + 1`) when it has the plain
/// shape, else `None`.
pub(super) fn parse(text: &str, line_offset: u32) -> Option<Node> {
    if text.len() > MAX_LEN || !plain_bytes(text.as_bytes()) {
        return None;
    }
    let mut lines = Vec::with_capacity(text.len() / 24 + 1);
    for (i, full) in text.split('\n').enumerate() {
        let indent = full.len() - full.trim_start_matches(' ').len();
        let body = full[indent..].trim_end_matches(' ');
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        lines.push(Line {
            no: line_offset + i as u32 + 1,
            full,
            indent,
            start: indent,
            body,
        });
    }
    let mut p = Parser { lines, at: 0 };
    let first = p.lines.first()?.indent;
    let node = p.block(first, 0)?;
    (p.at == p.lines.len()).then_some(node)
}

/// No byte that YAML forbids or reads specially: control characters (tabs and carriage
/// returns included), DEL, C1 controls (NEL included, a line break to some readers), U+2028,
/// U+2029, U+FFFE, U+FFFF and the byte order mark.
fn plain_bytes(b: &[u8]) -> bool {
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\n' => {}
            0x00..=0x1F | 0x7F => return false,
            0xC2 if matches!(b.get(i + 1), Some(0x80..=0x9F)) => return false,
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => {
                return false;
            }
            0xEF if matches!(
                (b.get(i + 1), b.get(i + 2)),
                (Some(0xBF), Some(0xBE | 0xBF)) | (Some(0xBB), Some(0xBF))
            ) =>
            {
                return false;
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// A line with content (not blank, not a comment).
struct Line<'a> {
    /// Its number in the file.
    no: u32,
    /// The whole line, for columns.
    full: &'a str,
    /// Where its content starts: the indentation, or after `- ` once a list item's mapping is
    /// read as if it were indented there.
    indent: usize,
    /// The byte of `full` where `body` starts.
    start: usize,
    /// Its content, without the trailing spaces.
    body: &'a str,
}

impl Line<'_> {
    /// The position of byte `at` of `body`.
    fn pos(&self, at: usize) -> Pos {
        let before = &self.full.as_bytes()[..self.start + at];
        // Characters are counted by their first bytes (continuation bytes are 0b10xxxxxx).
        let chars = before.iter().filter(|&&b| (b as i8) >= -0x40).count();
        Pos::new(self.no, chars as u32 + 1)
    }
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    /// The next line to read.
    at: usize,
}

impl<'a> Parser<'a> {
    fn indent(&self) -> Option<usize> {
        self.lines.get(self.at).map(|l| l.indent)
    }

    /// The block (list or mapping) whose first line is the current one, indented by `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let line = self.lines.get(self.at)?;
        if line.body == "-" || line.body.starts_with("- ") {
            self.list(indent, depth)
        } else {
            self.mapping(indent, depth)
        }
    }

    fn list(&mut self, indent: usize, depth: usize) -> Option<Node> {
        let pos = self.lines[self.at].pos(0);
        let mut items = Vec::new();
        while self.indent() == Some(indent) {
            let line = &mut self.lines[self.at];
            let rest = line.body.strip_prefix("- ")?;
            let item = rest.trim_start_matches(' ');
            let skip = line.body.len() - item.len();
            if key_end(item).is_some() {
                // `- key: value`, and the item's other keys below it, under `key`.
                line.indent += skip;
                line.start += skip;
                line.body = item;
                let inner = line.indent;
                items.push(self.mapping(inner, depth + 1)?);
            } else {
                items.push(value(line, skip, depth + 1)?);
                self.at += 1;
            }
            // Less indented: the list goes on or ends; more: a continuation or an error.
            if self.indent().is_some_and(|i| i > indent) {
                return None;
            }
        }
        Some(Node {
            value: Value::Seq(items),
            pos,
            raw: None,
        })
    }

    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Node> {
        let pos = self.lines[self.at].pos(0);
        let mut entries: Vec<(Key, Node)> = Vec::new();
        // The keys so far, also in a set once there are many (a repeated key is an error,
        // which the general parser words).
        let mut names: Vec<&'a str> = Vec::new();
        let mut set: Option<std::collections::HashSet<&'a str>> = None;
        while self.indent() == Some(indent) {
            let line = &self.lines[self.at];
            let body: &'a str = line.body;
            let end = key_end(body)?;
            let name = &body[..end];
            let repeated = match &mut set {
                Some(set) => !set.insert(name),
                None => names.contains(&name),
            };
            if repeated {
                return None;
            }
            names.push(name);
            if set.is_none() && names.len() > 16 {
                set = Some(names.iter().copied().collect());
            }
            let key = Key {
                name: name.to_string(),
                pos: line.pos(0),
            };
            let after = &line.body[end + 1..];
            let rest = after.trim_start_matches(' ');
            let node = if rest.is_empty() {
                // The value is the block below, indented further (an empty value is left to the
                // general parser: its position is its own).
                self.at += 1;
                let inner = self.indent().filter(|&i| i > indent)?;
                self.block(inner, depth + 1)?
            } else {
                let node = value(line, end + 1 + after.len() - rest.len(), depth + 1)?;
                self.at += 1;
                node
            };
            entries.push((key, node));
            if self.indent().is_some_and(|i| i > indent) {
                return None;
            }
        }
        Some(Node {
            value: Value::Map(entries),
            pos,
            raw: None,
        })
    }
}

/// Where the `:` after a plain key at the start of `s` is, when `s` starts with one followed by
/// `:` and a space or the end.
fn key_end(s: &str) -> Option<usize> {
    let end = s.find(':')?;
    let key = &s[..end];
    let after = s.as_bytes().get(end + 1);
    (matches!(after, None | Some(b' ')) && plain_key(key)).then_some(end)
}

/// A key of letters, digits, `_` and `-`, starting with a letter or `_`, and not a word YAML
/// may read as something else (`true`, `null`, `yes` …).
fn plain_key(key: &str) -> bool {
    let mut chars = key.chars();
    key.len() <= MAX_KEY_LEN
        && chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && !special_word(key)
}

fn special_word(s: &str) -> bool {
    [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf", "infinity",
    ]
    .iter()
    .any(|w| s.eq_ignore_ascii_case(w))
}

/// The value that makes up the rest of `line` from byte `at` of its body: a scalar or a
/// one-line flow list or mapping.
fn value(line: &Line, at: usize, depth: usize) -> Option<Node> {
    let s = &line.body[at..];
    let (node, len) = match s.as_bytes()[0] {
        b'[' | b'{' => flow(line, at, depth)?,
        _ => scalar(line, at, false)?,
    };
    (len == s.len()).then_some(node)
}

/// A flow list or mapping of scalars starting at byte `at` of the line's body; the node and the
/// bytes it takes.
fn flow(line: &Line, at: usize, depth: usize) -> Option<(Node, usize)> {
    if depth > MAX_DEPTH {
        return None;
    }
    let b = line.body.as_bytes();
    let map = b[at] == b'{';
    let close = if map { b'}' } else { b']' };
    let skip = |mut i: usize| {
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        i
    };
    let mut i = skip(at + 1);
    let mut items = Vec::new();
    let mut entries: Vec<(Key, Node)> = Vec::new();
    if b.get(i) != Some(&close) {
        loop {
            if map {
                let end = i + key_end(&line.body[i..])?;
                let name = &line.body[i..end];
                if entries.iter().any(|(k, _)| k.name == name) {
                    return None;
                }
                let key = Key {
                    name: name.to_string(),
                    pos: line.pos(i),
                };
                let j = skip(end + 1);
                if j == end + 1 {
                    return None; // `{a:b}` or `{a:}`
                }
                let (node, len) = scalar(line, j, true)?;
                entries.push((key, node));
                i = skip(j + len);
            } else {
                let (node, len) = scalar(line, i, true)?;
                items.push(node);
                i = skip(i + len);
            }
            match b.get(i) {
                Some(b',') => {
                    i = skip(i + 1);
                    // A trailing comma, or an empty entry, is left to the general parser.
                    if matches!(b.get(i), None | Some(b',' | b']' | b'}')) {
                        return None;
                    }
                }
                Some(&c) if c == close => break,
                _ => return None,
            }
        }
    }
    let value = if map {
        Value::Map(entries)
    } else {
        Value::Seq(items)
    };
    let node = Node {
        value,
        pos: line.pos(at),
        raw: None,
    };
    Some((node, i + 1 - at))
}

/// A quoted or plain scalar starting at byte `at` of the line's body (`in_flow`: inside `[…]`
/// or `{…}`, where `,` and brackets end it); the node and the bytes it takes.
fn scalar(line: &Line, at: usize, in_flow: bool) -> Option<(Node, usize)> {
    let s = &line.body[at..];
    let pos = line.pos(at);
    let text = |t: &str| Node {
        value: Value::Str(t.to_string()),
        pos,
        raw: None,
    };
    match s.as_bytes().first()? {
        q @ (b'"' | b'\'') => {
            let end = 1 + s[1..].find(*q as char)?;
            let inner = &s[1..end];
            // Escapes (`\`) and doubled quotes (`''`) are left to the general parser.
            if (*q == b'"' && inner.contains('\\')) || s.as_bytes().get(end + 1) == Some(q) {
                return None;
            }
            Some((text(inner), end + 1))
        }
        _ => {
            let len = if in_flow {
                s.find([',', '[', ']', '{', '}']).unwrap_or(s.len())
            } else {
                s.len()
            };
            let t = s[..len].trim_end_matches(' ');
            // A comment, a `: ` (a mapping where none may start) or a `:` at the end are left
            // to the general parser, and so is `:` anywhere in a flow list or mapping.
            if t.contains(" #")
                || t.contains(": ")
                || t.ends_with(':')
                || (in_flow && t.contains(':'))
            {
                return None;
            }
            Some((plain(t, pos)?, len))
        }
    }
}

/// What a plain scalar is, as the general parser reads it with bantin's options: decimal
/// numbers, `true`, `false`, `null`, `~` and text that cannot be anything else.
fn plain(t: &str, pos: Pos) -> Option<Node> {
    let node = |value, raw: bool| Node {
        value,
        pos,
        raw: raw.then(|| t.to_string()),
    };
    match t {
        "true" => return Some(node(Value::Bool(true), true)),
        "false" => return Some(node(Value::Bool(false), true)),
        "null" | "~" => return Some(node(Value::Null, false)),
        _ => {}
    }
    let digits = t.strip_prefix('-').unwrap_or(t);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let decimal = |d: &str, max: usize| {
        !d.is_empty() && d.len() <= max && d.bytes().all(|b| b.is_ascii_digit())
    };
    // No leading zeros (`0123` is text with bantin's options), at most 15 digits a side.
    if decimal(whole, 15) && (whole == "0" || !whole.starts_with('0')) {
        match fraction {
            None => return Some(node(Value::Int(t.parse().ok()?), true)),
            Some(f) if decimal(f, 15) => return Some(node(Value::Float(t.parse().ok()?), true)),
            Some(_) => return None,
        }
    }
    let first = t.chars().next()?;
    let is_text = if first.is_alphabetic() {
        !special_word(t)
    } else if first.is_ascii_digit() {
        // A date (`2024-03-31`: YAML 1.2 has no dates), or a character no number has
        // (`13/06/2017`, `1-CT/TU`, `2024-03-31T07:35`).
        iso_date(t)
            || t.bytes()
                .any(|b| !b.is_ascii_hexdigit() && !b"+-._:xXoO".contains(&b))
    } else {
        first == '/'
    };
    is_text.then(|| Node {
        value: Value::Str(t.to_string()),
        pos,
        raw: None,
    })
}

/// `YYYY-MM-DD`.
fn iso_date(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::super::{Value, parse_general, parse_yaml};
    use proptest::prelude::*;

    /// Scalars of the plain shape (in most places), and others that YAML reads in many ways:
    /// numbers, words, dates, indicators, spaces.
    const SCALARS: &[&str] = &[
        "abc",
        "Vụ Lê Hữu An",
        "an-dong-00133",
        "2015",
        "-3",
        "0",
        "-0",
        "90.10",
        "0.10",
        "-1.5",
        "true",
        "false",
        "null",
        "~",
        "2015-02-18",
        "2015-02-18T20:15:45+07:00",
        "13/06/2017",
        "1-CT/TU",
        "85,71%",
        "a#b",
        "C#",
        "/img/a.svg",
        "a,b",
        "a]b",
        "đ",
        "Đà Lạt",
        "x y  ",
        "ĐỒNG",
        "1 2",
        "999999999999999",
        "it's",
        "say \"hi\"",
        "ß",
        "½",
    ];
    const TRICKY: &[&str] = &[
        "0123",
        "1.",
        ".5",
        "1e3",
        "1_000",
        "0x1F",
        "0o17",
        "True",
        "Null",
        "yes",
        "no",
        "on",
        "y",
        "nan",
        "inf",
        "2015-2-18",
        "20:15",
        "a: b",
        "a:",
        "a #b",
        "x\u{a0}",
        "\u{a0}x",
        "- x",
        "-x",
        "a}b",
        "12345678901234567890",
        "1.2.3",
        "&a x",
        "*a",
        "!t x",
        "|",
        ">-",
        "@x",
        "`x",
        "%x",
        "a\\tb",
        "?x",
        ":x",
        "",
        " ",
    ];
    const KEYS: &[&str] = &[
        "title", "date", "tags", "unit", "a", "b", "x_y", "k-2", "Đà",
    ];
    const ODD_KEYS: &[&str] = &["true", "yes", "2019", "a b", "\"q\"", "'q'", "?", "-k", "_"];

    fn any_scalar() -> impl Strategy<Value = &'static str> {
        prop_oneof![9 => prop::sample::select(SCALARS), 1 => prop::sample::select(TRICKY)]
    }

    fn any_key() -> impl Strategy<Value = &'static str> {
        prop_oneof![19 => prop::sample::select(KEYS), 1 => prop::sample::select(ODD_KEYS)]
    }

    /// How a scalar is written: mostly plain or quoted, sometimes with a comment after it.
    fn any_quoting() -> impl Strategy<Value = u8> {
        prop_oneof![29 => 0u8..3, 1 => Just(3u8)]
    }

    #[derive(Clone, Debug)]
    enum Gen {
        Scalar(&'static str, u8),
        Flow(bool, Vec<(&'static str, &'static str, u8)>),
        Map(Vec<(&'static str, Gen)>),
        List(Vec<Gen>),
    }

    fn documents() -> impl Strategy<Value = Gen> {
        let leaf = prop_oneof![
            (any_scalar(), any_quoting()).prop_map(|(s, q)| Gen::Scalar(s, q)),
            (
                any::<bool>(),
                prop::collection::vec((any_key(), any_scalar(), any_quoting()), 0..4)
            )
                .prop_map(|(m, v)| Gen::Flow(m, v)),
        ];
        leaf.prop_recursive(4, 24, 5, |inner| {
            prop_oneof![
                prop::collection::vec((any_key(), inner.clone()), 1..5).prop_map(Gen::Map),
                prop::collection::vec(inner, 1..4).prop_map(Gen::List),
            ]
        })
    }

    /// A scalar written plain, double-quoted, single-quoted or with a comment after it.
    fn scalar(s: &str, q: u8) -> String {
        match q {
            0 => s.to_string(),
            1 => format!("\"{s}\""),
            2 => format!("'{s}'"),
            _ => format!("{s} # note"),
        }
    }

    /// Written as a value after `key:` or `- ` (`inline`), or as a block at `indent`.
    fn write(g: &Gen, indent: usize, noise: &[u8], n: &mut usize, out: &mut String) {
        let pad = " ".repeat(indent);
        fn extra(noise: &[u8], n: &mut usize) -> u8 {
            *n += 1;
            noise.get(*n % noise.len().max(1)).copied().unwrap_or(0)
        }
        match g {
            Gen::Scalar(s, q) => out.push_str(&format!(" {}\n", scalar(s, *q))),
            Gen::Flow(map, items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|(k, v, q)| {
                        if *map {
                            format!("{k}: {}", scalar(v, *q % 3))
                        } else {
                            scalar(v, *q % 3)
                        }
                    })
                    .collect();
                let (o, c) = if *map { ('{', '}') } else { ('[', ']') };
                out.push_str(&format!(" {o}{}{c}\n", parts.join(", ")));
            }
            Gen::Map(entries) => {
                out.push('\n');
                for (k, v) in entries {
                    match extra(noise, n) {
                        1 => out.push_str(&format!("{pad}# comment\n")),
                        2 => out.push('\n'),
                        3 => out.push(' '),
                        _ => {}
                    }
                    out.push_str(&format!("{pad}{k}:"));
                    write(v, indent + 2, noise, n, out);
                }
            }
            Gen::List(items) => {
                out.push('\n');
                for v in items {
                    out.push_str(&format!("{pad}-"));
                    match v {
                        Gen::Map(entries) if extra(noise, n).is_multiple_of(2) => {
                            // `- key: value`, the other keys under the first.
                            let mut first = true;
                            for (k, v) in entries {
                                let p = if first {
                                    " ".to_string()
                                } else {
                                    " ".repeat(indent + 2)
                                };
                                first = false;
                                out.push_str(&format!("{p}{k}:"));
                                write(v, indent + 4, noise, n, out);
                            }
                        }
                        _ => write(v, indent + 2, noise, n, out),
                    }
                }
            }
        }
    }

    fn document(g: &Gen, noise: &[u8]) -> String {
        let mut out = String::new();
        write(g, 0, noise, &mut 0, &mut out);
        out.trim_start_matches('\n').to_string()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Whenever the fast path reads a document, it reads it as the general parser does.
        #[test]
        fn the_fast_path_reads_as_the_general_parser(
            g in documents(),
            noise in prop::collection::vec(0u8..12, 1..6),
            offset in 0u32..3,
        ) {
            let text = document(&g, &noise);
            if let Some(fast) = super::parse(&text, offset) {
                let general = parse_general(&text, offset);
                prop_assert_eq!(Ok(fast), general, "{}", text);
            }
        }
    }

    fn every_yaml_of(dir: &std::path::Path, out: &mut Vec<(std::path::PathBuf, String, u32)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                every_yaml_of(&path, out);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            match path.extension().and_then(|e| e.to_str()) {
                Some("yaml" | "yml") => out.push((path, text, 0)),
                Some("md") => {
                    if let Some(front) = text
                        .strip_prefix("---\n")
                        .and_then(|rest| rest.find("\n---").map(|end| rest[..end + 1].to_string()))
                    {
                        out.push((path, front, 1));
                    }
                }
                _ => {}
            }
        }
    }

    /// Every YAML document of the example site and of the test fixtures: the same nodes either
    /// way, and the fast path reads most of them (all but block scalars and broken files).
    #[test]
    fn the_fast_path_reads_the_repository_files_as_the_general_parser() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut docs = Vec::new();
        every_yaml_of(&root.join("content"), &mut docs);
        every_yaml_of(&root.join("tests"), &mut docs);
        let mut fast = 0;
        for (path, text, offset) in &docs {
            if let Some(node) = super::parse(text, *offset) {
                fast += 1;
                assert_eq!(Ok(node), parse_general(text, *offset), "{}", path.display());
            }
        }
        assert!(docs.len() > 100, "{} documents", docs.len());
        assert!(
            fast * 10 > docs.len() * 9,
            "{fast} of {} read fast",
            docs.len()
        );
    }

    #[test]
    fn front_matter_is_read_fast_with_positions_and_number_text() {
        let text = "title: \"Đại Từ vượt chỉ tiêu\"\ndate: 2024-03-31\ntags: [kết quả, \"thi hành án\"]\nrate: 90.10\nyears:\n  - year: 2023\n    cases: { total: 12, target: 85.5 }\n";
        let node = super::parse(text, 1).expect("the plain shape");
        assert_eq!(Ok(node.clone()), parse_general(text, 1));
        let Value::Map(m) = &node.value else {
            panic!("{node:?}")
        };
        assert_eq!(m[1].1.value, Value::Str("2024-03-31".into()));
        assert_eq!(m[2].1.pos, crate::diag::Pos::new(4, 7));
        assert_eq!(m[3].1.raw.as_deref(), Some("90.10"));
        // What it is unsure of goes to the general parser, through `parse_yaml`.
        for other in [
            "a: 1e3\n",
            "a: 0123\n",
            "a: x # c\n",
            "a: |\n  x\n",
            "a:\n",
            "a: 1\na: 2\n",
        ] {
            assert_eq!(super::parse(other, 0), None, "{other}");
            assert_eq!(parse_yaml(other, 0), parse_general(other, 0));
        }
    }
}
