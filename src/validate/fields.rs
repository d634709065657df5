//! Reading typed fields out of a YAML mapping, reporting every problem with its position.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diag::{Diagnostic, Pos, Severity};
use crate::load::{Key, Node, Value};
use crate::model::{Audience, InternalFields, Unconfirmed};
use crate::text;

/// Collects diagnostics for one run.
#[derive(Default)]
pub struct Diags {
    pub list: Vec<Diagnostic>,
}

impl Diags {
    pub fn error(
        &mut self,
        file: &Path,
        pos: Pos,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.push(Severity::Error, file, pos, message, hint);
    }
    pub fn warning(
        &mut self,
        file: &Path,
        pos: Pos,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.push(Severity::Warning, file, pos, message, hint);
    }
    pub fn push(
        &mut self,
        severity: Severity,
        file: &Path,
        pos: Pos,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        self.list.push(Diagnostic {
            severity,
            file: file.to_path_buf(),
            pos,
            message: message.into(),
            hint,
        });
    }
    pub fn error_count(&self) -> usize {
        self.list
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
}

/// A YAML mapping being read as a record of known fields.
pub struct Fields<'a> {
    pub file: PathBuf,
    pub pos: Pos,
    entries: &'a [(Key, Node)],
    /// What the record is, for messages ("unit", "directive").
    what: &'static str,
}

/// The closest known name to `name`, if close enough to be a likely typo.
pub fn did_you_mean<'n>(name: &str, known: &[&'n str]) -> Option<&'n str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

impl<'a> Fields<'a> {
    /// Start reading `node` as a mapping with the `allowed` fields; reports a non-mapping and
    /// every unknown field. Returns None when the node is not a mapping.
    pub fn new(
        file: &Path,
        node: &'a Node,
        what: &'static str,
        allowed: &[&str],
        d: &mut Diags,
    ) -> Option<Fields<'a>> {
        let Value::Map(entries) = &node.value else {
            d.error(
                file,
                node.pos,
                format!(
                    "expected a {what} (a mapping of `field: value` lines), found {}",
                    node.value.kind_name()
                ),
                Some(format!("fields of a {what}: {}", allowed.join(", "))),
            );
            return None;
        };
        for (key, _) in entries {
            if !allowed.contains(&key.name.as_str()) {
                let hint = match did_you_mean(&key.name, allowed) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("fields of a {what}: {}", allowed.join(", ")),
                };
                d.error(
                    file,
                    key.pos,
                    format!("unknown field `{}` in {what}", key.name),
                    Some(hint),
                );
            }
        }
        Some(Fields {
            file: file.to_path_buf(),
            pos: node.pos,
            entries,
            what,
        })
    }

    pub fn get(&self, name: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null)
    }

    pub fn key_pos(&self, name: &str) -> Pos {
        self.entries
            .iter()
            .find(|(k, _)| k.name == name)
            .map(|(k, _)| k.pos)
            .unwrap_or(self.pos)
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    fn missing(&self, name: &str, d: &mut Diags, example: &str) {
        d.error(
            &self.file,
            self.pos,
            format!("missing required field `{name}` in {}", self.what),
            Some(format!("add a line such as `{name}: {example}`")),
        );
    }

    fn wrong(&self, node: &Node, expected: &str, d: &mut Diags, hint: Option<String>) {
        d.error(
            &self.file,
            node.pos,
            format!("expected {expected}, found {}", node.value.kind_name()),
            hint,
        );
    }

    /// A text field. Numbers written unquoted are accepted as their text.
    pub fn text(&self, name: &str, d: &mut Diags) -> Option<String> {
        let node = self.get(name)?;
        match node.scalar_text() {
            Some(s) if matches!(node.value, Value::Str(_)) => Some(s),
            Some(s) if matches!(node.value, Value::Int(_) | Value::Float(_)) => Some(s),
            _ => {
                self.wrong(node, "text", d, None);
                None
            }
        }
    }

    pub fn required_text(&self, name: &str, d: &mut Diags, example: &str) -> Option<String> {
        if !self.has(name) {
            self.missing(name, d, example);
            return None;
        }
        let t = self.text(name, d)?;
        if t.trim().is_empty() {
            d.error(
                &self.file,
                self.get(name).map(|n| n.pos).unwrap_or(self.pos),
                format!("`{name}` is empty"),
                Some(format!("write it, e.g. `{name}: {example}`")),
            );
            return None;
        }
        Some(t.trim().to_string())
    }

    /// An id: lowercase ASCII letters and digits joined by single hyphens.
    pub fn id(&self, name: &str, d: &mut Diags) -> Option<String> {
        let node = self.get(name)?;
        let t = self.text(name, d)?;
        if is_id(&t) {
            Some(t)
        } else {
            let suggestion = text::slugify(&t);
            d.error(
                &self.file,
                node.pos,
                format!(
                    "`{t}` is not a valid id: use lowercase letters a–z, digits and single hyphens"
                ),
                (!suggestion.is_empty()).then(|| format!("did you mean `{suggestion}`?")),
            );
            None
        }
    }

    pub fn required_id(&self, name: &str, d: &mut Diags, example: &str) -> Option<String> {
        if !self.has(name) {
            self.missing(name, d, example);
            return None;
        }
        self.id(name, d)
    }

    pub fn date(&self, name: &str, d: &mut Diags) -> Option<Date> {
        let node = self.get(name)?;
        date_of(node, &self.file, d)
    }

    pub fn bool(&self, name: &str, d: &mut Diags) -> Option<bool> {
        let node = self.get(name)?;
        match node.value {
            Value::Bool(b) => Some(b),
            _ => {
                self.wrong(
                    node,
                    "true or false",
                    d,
                    Some(format!("write `{name}: true` or `{name}: false`")),
                );
                None
            }
        }
    }

    /// A count or an amount of money: a whole non-negative number (`1234` or `"1.234"`).
    pub fn count(&self, name: &str, d: &mut Diags) -> Option<u64> {
        let node = self.get(name)?;
        count_of(node, &self.file, d)
    }

    /// A percent (0–100) or, with `points`, a signed difference in percentage points.
    pub fn percent(&self, name: &str, points: bool, d: &mut Diags) -> Option<f64> {
        let node = self.get(name)?;
        let v = match &node.value {
            Value::Int(i) => *i as f64,
            Value::Float(f) => *f,
            Value::Str(s) => match text::parse_percent(s) {
                Ok(v) => v,
                Err(e) => {
                    d.error(
                        &self.file,
                        node.pos,
                        format!("`{name}`: {}", e.message),
                        e.hint,
                    );
                    return None;
                }
            },
            _ => {
                self.wrong(node, "a percentage such as 85.71 or \"85,71%\"", d, None);
                return None;
            }
        };
        let (lo, hi) = if points {
            (-100.0, 100.0)
        } else {
            (0.0, 100.0)
        };
        if !v.is_finite() || v < lo || v > hi {
            d.error(
                &self.file,
                node.pos,
                format!("`{name}` is {v}, outside {lo}–{hi}"),
                Some(if points {
                    "`exceeded` is rate − target in percentage points, e.g. 5.57".to_string()
                } else {
                    "a rate is a percentage between 0 and 100, e.g. 85.71".to_string()
                }),
            );
            return None;
        }
        Some(v)
    }

    pub fn text_list(&self, name: &str, d: &mut Diags) -> Vec<(String, Pos)> {
        let Some(node) = self.get(name) else {
            return Vec::new();
        };
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter_map(|n| match n.scalar_text() {
                    Some(s) if !matches!(n.value, Value::Bool(_)) => Some((s, n.pos)),
                    _ => {
                        self.wrong(n, "text", d, None);
                        None
                    }
                })
                .collect(),
            Value::Str(s) => vec![(s.clone(), node.pos)],
            _ => {
                self.wrong(
                    node,
                    "a list",
                    d,
                    Some(format!("write `{name}: [first, second]`")),
                );
                Vec::new()
            }
        }
    }

    pub fn audience(&self, d: &mut Diags) -> Audience {
        match self.text("audience", d).as_deref() {
            None | Some("public") => Audience::Public,
            Some("internal") => Audience::Internal,
            Some(other) => {
                let node = self.get("audience").expect("text was read");
                d.error(
                    &self.file,
                    node.pos,
                    format!("audience must be `public` or `internal`, not `{other}`"),
                    did_you_mean(other, &["public", "internal"])
                        .map(|s| format!("did you mean `{s}`?")),
                );
                Audience::Public
            }
        }
    }

    /// The free-form `internal:` mapping (values flattened to text).
    /// `unconfirmed:`, the facts of the record that are not confirmed yet: a mapping of field
    /// names (of those `allowed`, and present in the record) to a note saying what is known, e.g.
    /// `unconfirmed: { successor: "Suy ra từ địa bàn; chưa có quyết định công bố." }`. The site
    /// marks each such fact "chưa xác nhận", with the note, wherever it shows it.
    pub fn unconfirmed(&self, allowed: &[&str], d: &mut Diags) -> Unconfirmed {
        let mut out = Unconfirmed::new();
        let Some(node) = self.get("unconfirmed") else {
            return out;
        };
        let example = format!(
            "e.g. `unconfirmed: {{ {}: \"Suy ra từ …; chưa có văn bản công bố.\" }}`",
            allowed[0]
        );
        let Value::Map(entries) = &node.value else {
            self.wrong(node, "a mapping of field names to notes", d, Some(example));
            return out;
        };
        for (key, value) in entries {
            if !allowed.contains(&key.name.as_str()) {
                let hint = match did_you_mean(&key.name, allowed) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "fields of a {} that can be unconfirmed: {}",
                        self.what,
                        allowed.join(", ")
                    ),
                };
                d.error(
                    &self.file,
                    key.pos,
                    format!(
                        "`unconfirmed` names `{}`, which a {} cannot mark as unconfirmed",
                        key.name, self.what
                    ),
                    Some(hint),
                );
                continue;
            }
            if !self.has(&key.name) {
                d.error(
                    &self.file,
                    key.pos,
                    format!(
                        "`unconfirmed` names `{}`, which this {} does not have",
                        key.name, self.what
                    ),
                    Some(format!(
                        "add `{}:` or remove it from `unconfirmed`",
                        key.name
                    )),
                );
                continue;
            }
            let note = value
                .scalar_text()
                .map(|t| t.trim().to_string())
                .unwrap_or_default();
            if note.is_empty() {
                d.error(
                    &self.file,
                    value.pos,
                    format!("the unconfirmed `{}` needs a note", key.name),
                    Some("say what is known and what would confirm it, e.g. \"Suy ra từ địa bàn; chưa có quyết định công bố.\"".into()),
                );
                continue;
            }
            out.insert(key.name.clone(), note);
        }
        out
    }

    pub fn internal(&self, d: &mut Diags) -> InternalFields {
        let mut out = InternalFields::new();
        let Some(node) = self.get("internal") else {
            return out;
        };
        match &node.value {
            Value::Map(entries) => {
                for (k, v) in entries {
                    out.insert(k.name.clone(), flatten(v));
                }
            }
            _ => self.wrong(
                node,
                "a mapping of internal fields",
                d,
                Some("e.g. `internal: { judgment: \"12/2019/DS-ST\" }`".into()),
            ),
        }
        out
    }
}

fn flatten(n: &Node) -> String {
    match &n.value {
        Value::Seq(items) => items.iter().map(flatten).collect::<Vec<_>>().join(", "),
        Value::Map(entries) => entries
            .iter()
            .map(|(k, v)| format!("{}: {}", k.name, flatten(v)))
            .collect::<Vec<_>>()
            .join("; "),
        Value::Null => String::new(),
        _ => n.scalar_text().unwrap_or_default(),
    }
}

pub use crate::text::is_id;

pub fn date_of(node: &Node, file: &Path, d: &mut Diags) -> Option<Date> {
    let Some(s) = node.scalar_text() else {
        d.error(
            file,
            node.pos,
            format!("expected a date, found {}", node.value.kind_name()),
            Some("write dates day first: 25/09/2020 (or 2020-09-25)".into()),
        );
        return None;
    };
    match text::parse_date(&s) {
        Ok(date) => Some(date),
        Err(e) => {
            d.error(
                file,
                node.pos,
                e.message,
                e.hint.or(Some(
                    "write dates day first: 25/09/2020 (or 2020-09-25)".into(),
                )),
            );
            None
        }
    }
}

pub fn count_of(node: &Node, file: &Path, d: &mut Diags) -> Option<u64> {
    match &node.value {
        Value::Int(i) if *i >= 0 => Some(*i as u64),
        Value::Int(_) => {
            d.error(file, node.pos, "a count cannot be negative", None);
            None
        }
        Value::Float(_) => {
            let raw = node.raw.clone().unwrap_or_default();
            d.error(
                file,
                node.pos,
                format!("`{raw}` is not a whole number"),
                Some(format!(
                    "counts and money are whole numbers; if `{raw}` means thousands, quote it: \"{raw}\" or write it without dots"
                )),
            );
            None
        }
        Value::Str(s) => match text::parse_count(s) {
            Ok(v) => Some(v),
            Err(e) => {
                d.error(file, node.pos, e.message, e.hint);
                None
            }
        },
        other => {
            d.error(
                file,
                node.pos,
                format!("expected a whole number, found {}", other.kind_name()),
                None,
            );
            None
        }
    }
}
