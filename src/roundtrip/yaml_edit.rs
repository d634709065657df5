//! Figures written into a stats file in place: only the values that change are rewritten, a
//! field removed takes its line with it, a new field or year goes where the usual order puts it
//! (SPEC §3.3: `year`, `cases`, `money`, `rank`, `months`, `as_of`, `source`; `total`,
//! `eligible`, `completed`, `rate`, `target`, `exceeded`), and every other byte (comments, blank lines,
//! quoting, the order of entries) stays as it was. Positions come from the parser's nodes; a
//! value keeps the style it had (`"1.250.000"` or `1250000`, `30/09/2024` or `2024-09-30`).
//!
//! Only block mappings and one-line flow mappings (`rank: { cases: 2, money: 1 }`) are edited;
//! anything else is refused with what to do by hand. The caller checks the result by loading it.

use crate::diag::Pos;
use crate::load::yaml::{Key, Node, Value as Yaml, parse_yaml};

use super::rows::{Field, Value, ValueKind};

/// A field's new value (`None`: remove the field).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldEdit {
    pub(crate) field: Field,
    pub(crate) kind: ValueKind,
    pub(crate) value: Option<Value>,
}

/// The edits of one year entry (added when the file has no entry for its year and months).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EntryEdit {
    pub(crate) year: i32,
    pub(crate) months: u8,
    pub(crate) edits: Vec<FieldEdit>,
}

/// The usual order of a year entry's fields and of a measure's (SPEC §3.3), which new fields
/// follow; `rank`'s two come after a measure's.
const ENTRY_ORDER: &[&str] = crate::validate::records::YEAR_FIELDS;
const CHILD_ORDER: &[&str] = crate::validate::records::MEASURE_FIELDS;
const RANK_ORDER: &[&str] = &["cases", "money"];

fn child_order(parent: &str) -> &'static [&'static str] {
    if parent == "rank" {
        RANK_ORDER
    } else {
        CHILD_ORDER
    }
}

/// A new stats file for `unit` with these entries.
pub(crate) fn new_file(unit: &str, entries: &[EntryEdit]) -> String {
    let mut out = format!("unit: {unit}\nyears:\n");
    let mut sorted: Vec<&EntryEdit> = entries.iter().collect();
    sorted.sort_by_key(|e| (e.year, e.months));
    for e in sorted {
        out.push_str(&entry_block(e, "  - "));
    }
    out
}

/// `text` (the stats file holding `unit`) with the entries edited or added.
pub(crate) fn edit_file(text: &str, unit: &str, entries: &[EntryEdit]) -> Result<String, String> {
    let mut owned = text.to_string();
    if !owned.ends_with('\n') {
        owned.push('\n');
    }
    let root = parse_yaml(&owned, 0).map_err(|e| format!("it has a YAML error: {}", e.message))?;
    let doc = Doc::new(&owned);
    let items = years_of(&root, unit).ok_or("its `years:` list for this unit was not found")?;
    let mut ops: Vec<Op> = Vec::new();
    for e in entries {
        let found = items
            .iter()
            .find(|item| key_of(item) == Some((e.year, e.months)));
        match found {
            Some(item) => edit_entry(&doc, item, &e.edits, &mut ops)?,
            None => add_entry(&doc, items, e, &mut ops)?,
        }
    }
    Ok(doc.apply(ops))
}

/// The `years:` items of `unit`'s record (the file's one record, or one of its list).
fn years_of<'n>(root: &'n Node, unit: &str) -> Option<&'n [Node]> {
    let records: Vec<&Node> = match &root.value {
        Yaml::Map(_) => vec![root],
        Yaml::Seq(items) => items.iter().collect(),
        _ => return None,
    };
    records.into_iter().find_map(|r| {
        let Yaml::Map(fields) = &r.value else {
            return None;
        };
        let is_unit = fields
            .iter()
            .any(|(k, v)| k.name == "unit" && v.scalar_text().as_deref() == Some(unit));
        let (_, years) = fields.iter().find(|(k, _)| k.name == "years")?;
        match (&years.value, is_unit) {
            (Yaml::Seq(items), true) => Some(items.as_slice()),
            _ => None,
        }
    })
}

/// (year, months) of a year entry.
fn key_of(item: &Node) -> Option<(i32, u8)> {
    let Yaml::Map(f) = &item.value else {
        return None;
    };
    let get = |name: &str| {
        f.iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| &v.value)
    };
    let year = match get("year") {
        Some(Yaml::Int(y)) => *y as i32,
        _ => return None,
    };
    let months = match get("months") {
        None => 12,
        Some(Yaml::Int(m)) => *m as u8,
        _ => return None,
    };
    Some((year, months))
}

/// A replacement of bytes `start..end` by `text` (an insertion when empty).
struct Op {
    start: usize,
    end: usize,
    text: String,
}

struct Doc<'t> {
    text: &'t str,
    /// Byte offset of the start of each line (line 1 at index 0), and the text's length last.
    lines: Vec<usize>,
}

impl<'t> Doc<'t> {
    fn new(text: &'t str) -> Doc<'t> {
        let mut lines = vec![0];
        lines.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Doc { text, lines }
    }
    /// The byte offset where line `line` (from 1) starts; past the end: the text's length.
    fn line_start(&self, line: u32) -> usize {
        self.lines
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(self.text.len())
    }
    fn line(&self, line: u32) -> &'t str {
        let s = self.line_start(line);
        let e = self.line_start(line + 1);
        self.text[s..e].trim_end_matches(['\n', '\r'])
    }
    /// The byte offset of a position (columns count characters).
    fn offset(&self, pos: Pos) -> usize {
        let s = self.line_start(pos.line);
        let line = self.line(pos.line);
        s + line
            .char_indices()
            .nth(pos.col.saturating_sub(1) as usize)
            .map_or(line.len(), |(i, _)| i)
    }
    /// The byte span of the scalar that starts at `pos`; `flow`: inside `{ … }`.
    fn scalar_span(&self, pos: Pos, flow: bool) -> (usize, usize) {
        let start = self.offset(pos);
        let line_end = self.line_start(pos.line + 1);
        let rest = self.text[start..line_end].trim_end_matches(['\n', '\r']);
        let len = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => quoted_len(rest, q),
            _ => {
                let mut end = rest.len();
                if let Some(i) = rest.find(" #") {
                    end = end.min(i);
                }
                if flow && let Some(i) = rest.find([',', '}', ']']) {
                    end = end.min(i);
                }
                rest[..end].trim_end().len()
            }
        };
        (start, start + len)
    }
    fn apply(&self, mut ops: Vec<Op>) -> String {
        // From the end, so that earlier offsets stay valid. At one offset: a replacement or
        // removal first (an insertion there must not be swallowed by it), then the insertions,
        // the first made applied last, so that it ends up first.
        let mut order: Vec<usize> = (0..ops.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse((ops[i].start, ops[i].end > ops[i].start, i)));
        let mut out = self.text.to_string();
        for i in order {
            let op = std::mem::replace(
                &mut ops[i],
                Op {
                    start: 0,
                    end: 0,
                    text: String::new(),
                },
            );
            out.replace_range(op.start..op.end, &op.text);
        }
        out
    }
}

/// Length of a quoted scalar at the start of `s`, quotes included.
fn quoted_len(s: &str, q: char) -> usize {
    let mut chars = s.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if q == '"' && c == '\\' {
            chars.next();
        } else if c == q {
            if q == '\'' && chars.peek().map(|(_, c)| *c) == Some('\'') {
                chars.next();
            } else {
                return i + 1;
            }
        }
    }
    s.len()
}

/// The last line of a field: its key's line or the last line of anything under it.
fn end_line(key: &Key, node: &Node) -> u32 {
    fn deepest(n: &Node) -> u32 {
        match &n.value {
            Yaml::Map(f) => f
                .iter()
                .map(|(k, v)| k.pos.line.max(deepest(v)))
                .fold(n.pos.line, u32::max),
            Yaml::Seq(items) => items.iter().map(deepest).fold(n.pos.line, u32::max),
            _ => n.pos.line,
        }
    }
    key.pos.line.max(deepest(node))
}

fn rank_in(order: &[&str], name: &str) -> usize {
    order.iter().position(|n| *n == name).unwrap_or(order.len())
}

/// Where a new field `name` goes among `fields` of a block mapping: after the last field that
/// comes before it in `order` (else before the first field, when that starts its own line).
fn insert_at(doc: &Doc, fields: &[(Key, Node)], order: &[&str], name: &str) -> usize {
    let mine = rank_in(order, name);
    let before = fields
        .iter()
        .filter(|(k, _)| rank_in(order, &k.name) < mine)
        .max_by_key(|(k, v)| end_line(k, v));
    if let Some((k, v)) = before {
        return doc.line_start(end_line(k, v) + 1);
    }
    if let Some((k, _)) = fields.first() {
        let prefix: String = doc
            .line(k.pos.line)
            .chars()
            .take(k.pos.col as usize - 1)
            .collect();
        if prefix.trim().is_empty() {
            return doc.line_start(k.pos.line);
        }
    }
    let last = fields
        .iter()
        .map(|(k, v)| end_line(k, v))
        .max()
        .unwrap_or(1);
    doc.line_start(last + 1)
}

fn indent_of(fields: &[(Key, Node)]) -> String {
    " ".repeat(fields.first().map_or(0, |(k, _)| k.pos.col as usize - 1))
}

/// The lines of a field (key to the end of its value), newline included.
fn remove_field(doc: &Doc, key: &Key, node: &Node) -> Op {
    Op {
        start: doc.line_start(key.pos.line),
        end: doc.line_start(end_line(key, node) + 1),
        text: String::new(),
    }
}

fn edit_entry(
    doc: &Doc,
    item: &Node,
    edits: &[FieldEdit],
    ops: &mut Vec<Op>,
) -> Result<(), String> {
    let Yaml::Map(fields) = &item.value else {
        return Err("a year entry is not a mapping".into());
    };
    let indent = indent_of(fields);
    // Top-level fields first, then each parent with its children's edits.
    let mut parents: Vec<&'static str> = Vec::new();
    for e in edits {
        match e.field.parent {
            None => edit_scalar(doc, fields, ENTRY_ORDER, &indent, e, ops),
            Some(p) if !parents.contains(&p) => parents.push(p),
            Some(_) => {}
        }
    }
    for p in parents {
        let children: Vec<&FieldEdit> =
            edits.iter().filter(|e| e.field.parent == Some(p)).collect();
        match fields.iter().find(|(k, _)| k.name == p) {
            None => {
                let set: Vec<&FieldEdit> =
                    children.into_iter().filter(|e| e.value.is_some()).collect();
                if set.is_empty() {
                    continue;
                }
                let mut block = format!("{indent}{p}:\n");
                for e in sorted(p, set) {
                    block.push_str(&format!(
                        "{indent}  {}: {}\n",
                        e.field.name,
                        format_value(e, None)
                    ));
                }
                ops.push(Op {
                    start: insert_at(doc, fields, ENTRY_ORDER, p),
                    end: insert_at(doc, fields, ENTRY_ORDER, p),
                    text: block,
                });
            }
            Some((key, node)) => edit_parent(doc, key, node, &children, ops)?,
        }
    }
    Ok(())
}

/// A parent's new children in the usual order.
fn sorted<'e>(parent: &str, mut edits: Vec<&'e FieldEdit>) -> Vec<&'e FieldEdit> {
    edits.sort_by_key(|e| rank_in(child_order(parent), e.field.name));
    edits
}

/// One field of a block mapping set, replaced or removed.
fn edit_scalar(
    doc: &Doc,
    fields: &[(Key, Node)],
    order: &[&str],
    indent: &str,
    e: &FieldEdit,
    ops: &mut Vec<Op>,
) {
    match (
        fields.iter().find(|(k, _)| k.name == e.field.name),
        &e.value,
    ) {
        (Some((_, node)), Some(_)) => {
            let (start, end) = doc.scalar_span(node.pos, false);
            let old = &doc.text[start..end];
            ops.push(Op {
                start,
                end,
                text: format_value(e, Some(old)),
            });
        }
        (Some((key, node)), None) => ops.push(remove_field(doc, key, node)),
        (None, Some(_)) => {
            let at = insert_at(doc, fields, order, e.field.name);
            ops.push(Op {
                start: at,
                end: at,
                text: format!("{indent}{}: {}\n", e.field.name, format_value(e, None)),
            });
        }
        (None, None) => {}
    }
}

/// The children of `cases:`, `money:` or `rank:` edited, in block or one-line flow style.
fn edit_parent(
    doc: &Doc,
    key: &Key,
    node: &Node,
    children: &[&FieldEdit],
    ops: &mut Vec<Op>,
) -> Result<(), String> {
    let Yaml::Map(fields) = &node.value else {
        return Err(format!(
            "`{}` (line {}) is not a mapping",
            key.name, key.pos.line
        ));
    };
    // What stays: existing fields not removed, plus the new ones.
    let remaining = fields
        .iter()
        .filter(|(k, _)| {
            !children
                .iter()
                .any(|e| e.field.name == k.name && e.value.is_none())
        })
        .count()
        + children
            .iter()
            .filter(|e| e.value.is_some() && !fields.iter().any(|(k, _)| k.name == e.field.name))
            .count();
    if remaining == 0 {
        ops.push(remove_field(doc, key, node));
        return Ok(());
    }
    let flow = doc.text[doc.offset(node.pos)..].starts_with('{');
    if !flow {
        let indent = indent_of(fields);
        for e in children {
            edit_scalar(doc, fields, child_order(&key.name), &indent, e, ops);
        }
        return Ok(());
    }
    let start = doc.offset(node.pos);
    let line_end = doc.line_start(node.pos.line + 1);
    let close = doc.text[start..line_end]
        .find('}')
        .ok_or_else(|| format!("`{}` (line {}) spans several lines", key.name, key.pos.line))?;
    let mut parts: Vec<(String, String)> = Vec::new();
    for (k, v) in fields {
        if v.pos.line != node.pos.line {
            return Err(format!(
                "`{}` (line {}) spans several lines",
                key.name, key.pos.line
            ));
        }
        let (s, e) = doc.scalar_span(v.pos, true);
        let old = &doc.text[s..e];
        match children.iter().find(|c| c.field.name == k.name) {
            Some(c) if c.value.is_none() => {}
            Some(c) => parts.push((k.name.clone(), format_value(c, Some(old)))),
            None => parts.push((k.name.clone(), old.to_string())),
        }
    }
    for c in children {
        if c.value.is_some() && !fields.iter().any(|(k, _)| k.name == c.field.name) {
            let at = parts
                .iter()
                .position(|(n, _)| {
                    let order = child_order(&key.name);
                    rank_in(order, n) > rank_in(order, c.field.name)
                })
                .unwrap_or(parts.len());
            parts.insert(at, (c.field.name.to_string(), format_value(c, None)));
        }
    }
    let inner: Vec<String> = parts.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    ops.push(Op {
        start,
        end: start + close + 1,
        text: format!("{{ {} }}", inner.join(", ")),
    });
    Ok(())
}

/// A new year entry, placed in year order among `items`.
fn add_entry(doc: &Doc, items: &[Node], e: &EntryEdit, ops: &mut Vec<Op>) -> Result<(), String> {
    let first = items
        .first()
        .ok_or("its `years:` list is empty or written on one line")?;
    let line = doc.line(first.pos.line);
    let prefix: String = line.chars().take(first.pos.col as usize - 1).collect();
    if prefix.trim() != "-" {
        return Err("its entries are not written as `- year: …` lines".into());
    }
    let before = items
        .iter()
        .filter(|i| key_of(i).is_some_and(|k| k < (e.year, e.months)))
        .max_by_key(|i| key_of(i));
    let at = match before {
        Some(item) => {
            let Yaml::Map(f) = &item.value else {
                return Err("a year entry is not a mapping".into());
            };
            let last = f
                .iter()
                .map(|(k, v)| end_line(k, v))
                .max()
                .unwrap_or(item.pos.line);
            doc.line_start(last + 1)
        }
        None => doc.line_start(first.pos.line),
    };
    ops.push(Op {
        start: at,
        end: at,
        text: entry_block(e, &prefix),
    });
    Ok(())
}

/// A year entry as block lines, its first line starting with `prefix` (`  - `), its fields in
/// the usual order.
fn entry_block(e: &EntryEdit, prefix: &str) -> String {
    let indent = " ".repeat(prefix.chars().count());
    let mut out = format!("{prefix}year: {}\n", e.year);
    for &name in ENTRY_ORDER {
        match name {
            "cases" | "money" | "rank" => {
                let set: Vec<&FieldEdit> = e
                    .edits
                    .iter()
                    .filter(|f| f.field.parent == Some(name) && f.value.is_some())
                    .collect();
                if !set.is_empty() {
                    out.push_str(&format!("{indent}{name}:\n"));
                    for f in sorted(name, set) {
                        out.push_str(&format!(
                            "{indent}  {}: {}\n",
                            f.field.name,
                            format_value(f, None)
                        ));
                    }
                }
            }
            "months" if e.months != 12 => {
                out.push_str(&format!("{indent}months: {}\n", e.months));
            }
            _ => {
                let set = e.edits.iter().find(|f| {
                    f.field.parent.is_none() && f.field.name == name && f.value.is_some()
                });
                if let Some(f) = set {
                    out.push_str(&format!("{indent}{name}: {}\n", format_value(f, None)));
                }
            }
        }
    }
    out
}

/// A value as YAML, in the style of the value it replaces (`old`, its source text).
fn format_value(e: &FieldEdit, old: Option<&str>) -> String {
    let dotted = |n: u64| format!("\"{}\"", crate::text::format_int(n));
    match &e.value {
        None => String::new(),
        Some(Value::Int(n)) => {
            let old_dotted = old.is_some_and(|o| o.starts_with(['"', '\'']) || o.contains('.'));
            let new_dotted = old.is_none() && e.kind == ValueKind::Money;
            if (old_dotted || new_dotted) && *n >= 1000 {
                dotted(*n)
            } else {
                n.to_string()
            }
        }
        Some(Value::Num(v)) => super::format_number(*v),
        Some(Value::Date(d)) => {
            if old.is_some_and(|o| o.trim_matches(['"', '\'']).get(4..5) == Some("-")) {
                d.to_string()
            } else {
                crate::text::format_date(*d)
            }
        }
        Some(Value::Text(t)) => yaml_text(t),
    }
}

/// A text as a YAML scalar: plain when it reads back as the same text, else double-quoted.
pub(crate) fn yaml_text(t: &str) -> String {
    let plain = !t.is_empty()
        && t.trim() == t
        && !t.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !t.contains(": ")
        && !t.contains(" #")
        && !t.ends_with(':')
        && !t.chars().any(|c| c.is_control())
        && matches!(parse_yaml(&format!("v: {t}\n"), 0).map(|n| n.value),
            Ok(Yaml::Map(f)) if f.first().is_some_and(|(_, v)| v.value == Yaml::Str(t.to_string())));
    if plain {
        t.to_string()
    } else {
        serde_json::to_string(t).unwrap_or_else(|_| "\"\"".into())
    }
}
