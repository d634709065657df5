//! YAML → a tree of nodes that remember where they came from.
//!
//! serde-saphyr parses; we deserialize into our own generic [`Node`] (every node wrapped in
//! `Spanned`) instead of typed structs, so validation can report *every* problem of a file with
//! its line and column, not just the first one serde would stop at. Plain scalars keep their
//! source text, so `0123` or `90.10` are seen as written, not as YAML 1.1 would reinterpret them.
//!
//! Documents of the plain shape most of ours have (front matter, records) are read by [`fast`]
//! instead, to the same nodes, several times faster; anything else goes to serde-saphyr.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::Pos;

mod fast;

/// A YAML node with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub pos: Pos,
    /// The node's source text when it is a number or a boolean written in the file (`90.10`,
    /// not `90.1`).
    pub raw: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

/// A mapping key with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Value {
    /// What a user would call this kind of value, for messages ("expected a date, found a list").
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "nothing (empty value)",
            Value::Bool(_) => "true/false",
            Value::Int(_) => "a whole number",
            Value::Float(_) => "a decimal number",
            Value::Str(_) => "text",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping (field: value)",
        }
    }
}

impl Node {
    /// The node as scalar text: strings as they are, numbers and booleans as written in the file.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => self
                .raw
                .clone()
                .or_else(|| Some(scalar_display(&self.value))),
            _ => None,
        }
    }
}

fn scalar_display(v: &Value) -> String {
    match v {
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Str(s) => s.clone(),
        _ => String::new(),
    }
}

/// A YAML syntax error with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct YamlError {
    pub pos: Pos,
    pub message: String,
}

/// How deeply YAML may nest (a statistics file needs 4 levels).
const MAX_DEPTH: usize = 24;

/// Parse one YAML document. `line_offset` is added to every line (front matter starts at line 2).
pub fn parse_yaml(text: &str, line_offset: u32) -> Result<Node, YamlError> {
    if text.trim().is_empty() {
        return Ok(Node {
            value: Value::Null,
            pos: Pos::new(1 + line_offset, 1),
            raw: None,
        });
    }
    if let Some(node) = fast::parse(text, line_offset) {
        return Ok(node);
    }
    parse_general(text, line_offset)
}

/// [`parse_yaml`] by serde-saphyr, for any document.
fn parse_general(text: &str, line_offset: u32) -> Result<Node, YamlError> {
    // bantin's records nest a few levels deep; a low limit keeps hostile input from using
    // much stack (each level costs tens of KB in an unoptimised build).
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = MAX_DEPTH;
    let options = serde_saphyr::options! {
        budget: Some(budget),
        with_snippet: false,
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
    };
    match serde_saphyr::from_str_with_options::<Spanned<RawNode>>(text, options) {
        Ok(spanned) => Ok(convert(spanned, text, line_offset)),
        Err(err) => {
            let pos = err
                .location()
                .map(|l| Pos::new(l.line() as u32 + line_offset, l.column() as u32))
                .unwrap_or(Pos::new(1 + line_offset, 1));
            Err(YamlError {
                pos,
                message: clean_message(&err.to_string()),
            })
        }
    }
}

/// serde-saphyr's message carries `error: line N column M:` and advice aimed at programmers;
/// keep what helps an office user.
fn clean_message(msg: &str) -> String {
    let mut m = msg.lines().next().unwrap_or("").trim();
    m = m.strip_prefix("error:").unwrap_or(m).trim();
    if let Some(rest) = m.strip_prefix("line ")
        && let Some(idx) = rest.find(": ")
        && rest[..idx].contains("column")
    {
        m = &rest[idx + 2..];
    }
    let m = match m.rfind(" at line ") {
        Some(i) if m[i..].contains("column") => &m[..i],
        _ => m,
    };
    let m = m
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(m)
        .trim();
    if m.contains("budget breached") && m.contains("Depth") {
        format!("the data nests more than {MAX_DEPTH} levels deep")
    } else if m.contains("budget breached") {
        "the file is too large or too repetitive to read (aliases or nesting beyond sensible limits)".to_string()
    } else if m.is_empty() {
        "invalid YAML".to_string()
    } else {
        m.to_string()
    }
}

/// The intermediate shape serde gives us; converted into [`Node`] with positions.
enum RawNode {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<RawNode>>),
    Map(Vec<(Spanned<String>, Spanned<RawNode>)>),
}

fn location_pos(loc: &serde_saphyr::Location, line_offset: u32) -> Pos {
    Pos::new(loc.line() as u32 + line_offset, loc.column() as u32)
}

fn raw_text(loc: &serde_saphyr::Location, text: &str) -> Option<String> {
    let span = loc.span();
    let start = span.byte_offset()? as usize;
    let len = span.byte_len()? as usize;
    text.get(start..start + len).map(|s| s.trim().to_string())
}

fn convert(s: Spanned<RawNode>, text: &str, line_offset: u32) -> Node {
    let pos = location_pos(&s.referenced, line_offset);
    let (value, raw) = match s.value {
        RawNode::Null => (Value::Null, None),
        RawNode::Bool(b) => (Value::Bool(b), raw_text(&s.referenced, text)),
        RawNode::Int(i) => (Value::Int(i), raw_text(&s.referenced, text)),
        RawNode::UInt(u) => (
            i64::try_from(u)
                .map(Value::Int)
                .unwrap_or(Value::Float(u as f64)),
            raw_text(&s.referenced, text),
        ),
        RawNode::Float(f) => (Value::Float(f), raw_text(&s.referenced, text)),
        // Text is its own value: no copy of how it was written (quoted or not) is kept.
        RawNode::Str(st) => (Value::Str(st), None),
        RawNode::Seq(items) => (
            Value::Seq(
                items
                    .into_iter()
                    .map(|i| convert(i, text, line_offset))
                    .collect(),
            ),
            None,
        ),
        RawNode::Map(entries) => (
            Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| {
                        (
                            Key {
                                pos: location_pos(&k.referenced, line_offset),
                                name: k.value,
                            },
                            convert(v, text, line_offset),
                        )
                    })
                    .collect(),
            ),
            None,
        ),
    };
    Node { value, pos, raw }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawNode;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<RawNode, E> {
        Ok(RawNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<RawNode, E> {
        Ok(RawNode::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<RawNode, E> {
        Ok(RawNode::UInt(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<RawNode, E> {
        Ok(RawNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<RawNode, E> {
        Ok(RawNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<RawNode, E> {
        Ok(RawNode::Str(v))
    }
    fn visit_unit<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_none<E>(self) -> Result<RawNode, E> {
        Ok(RawNode::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawNode, D::Error> {
        d.deserialize_any(RawVisitor)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<RawNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = a.next_element()? {
            items.push(item);
        }
        Ok(RawNode::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<RawNode, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = a.next_entry()? {
            entries.push(entry);
        }
        Ok(RawNode::Map(entries))
    }
}

impl<'de> Deserialize<'de> for RawNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawNode, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(n: &Node) -> &Vec<(Key, Node)> {
        match &n.value {
            Value::Map(m) => m,
            other => panic!("not a map: {other:?}"),
        }
    }

    #[test]
    fn positions_and_raw_text() {
        let n = parse_yaml("unit: dai-tu\nrate: 90.10\nno_key: no\nk: 0123\n", 0).unwrap();
        let m = map(&n);
        assert_eq!(m[0].0.name, "unit");
        assert_eq!(m[0].0.pos, Pos::new(1, 1));
        assert_eq!(m[0].1.value, Value::Str("dai-tu".into()));
        assert_eq!(m[0].1.pos, Pos::new(1, 7));
        assert_eq!(m[1].1.value, Value::Float(90.1));
        assert_eq!(m[1].1.raw.as_deref(), Some("90.10"));
        assert_eq!(m[2].1.value, Value::Str("no".into()));
        assert_eq!(m[3].1.scalar_text().as_deref(), Some("0123"));
    }

    #[test]
    fn deep_nesting_is_refused_with_a_plain_message() {
        let deep = (0..40)
            .map(|i| format!("{}a:\n", "  ".repeat(i)))
            .collect::<String>();
        let e = parse_yaml(&deep, 0).unwrap_err();
        assert!(
            e.message.contains("nests more than 24 levels"),
            "{}",
            e.message
        );
    }

    #[test]
    fn line_offset_applies() {
        let n = parse_yaml("a: 1\nb: [x]\n", 1).unwrap();
        assert_eq!(map(&n)[1].0.pos, Pos::new(3, 1));
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = parse_yaml("a: 1\na: 2\n", 0).unwrap_err();
        assert_eq!(e.pos, Pos::new(2, 1));
        assert!(e.message.contains("duplicate"), "{}", e.message);
        let e = parse_yaml("tab:\n\t- x\n", 0).unwrap_err();
        assert_eq!(e.pos.line, 2);
        assert!(e.message.contains("tab"), "{}", e.message);
        let e = parse_yaml("a: [1, 2\nb: 3\n", 0).unwrap_err();
        assert!(e.pos.line >= 1);
    }
}
