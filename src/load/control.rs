//! Text is clean before it becomes HTML: control characters (other than tab and newline) and
//! Unicode noncharacters are errors at their position. They are invisible in most editors and
//! come in from text copied out of Word, PDF or e-mail; in a page they are a parse error, and
//! in `atom.xml` or a sitemap they make the whole file ill-formed (XML 1.0 forbids them), so a
//! feed reader rejects the feed.
//!
//! They are looked for in the file as read (after CRLF became LF) and in YAML text decoded from
//! escapes (`"\u0001"`, `"\x7f"`, `"\N"`). Markdown character references (`&#1;`) are the
//! Markdown renderer's to check.

use std::path::Path;

use super::yaml::{Node, Value};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::source::SourceFile;
use crate::text::{code_point, has_forbidden, is_forbidden};

/// The most control characters reported in one file: a binary file saved as `.md` would
/// otherwise give thousands of errors that all say the same.
const PER_FILE: usize = 10;

const HINT: &str = "delete it: it is invisible in most editors (it often comes with text copied from Word, PDF or e-mail) and would break pages and the feed";

/// Every forbidden character of a file's text, each an error at its line and column.
pub fn in_source(file: &SourceFile) -> Vec<Diagnostic> {
    let text = file.text.as_str();
    if !has_forbidden(text) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut found = 0;
    let (mut line, mut col) = (1u32, 1u32);
    for c in text.chars() {
        if is_forbidden(c) {
            found += 1;
            if found <= PER_FILE {
                out.push(error(
                    &file.path,
                    Pos::new(line, col),
                    format!("control character {} in the text", code_point(c)),
                ));
            }
        }
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    if found > PER_FILE {
        out.push(error(
            &file.path,
            Pos::new(1, 1),
            format!(
                "{} more control characters in this file (the first {PER_FILE} are shown)",
                found - PER_FILE
            ),
        ));
    }
    out
}

/// The file with each forbidden character replaced by a space (one character for one, so
/// that lines and columns stay where they were).
pub fn cleaned(file: &SourceFile) -> SourceFile {
    SourceFile {
        path: file.path.clone(),
        text: std::sync::Arc::new(
            file.text
                .chars()
                .map(|c| if is_forbidden(c) { ' ' } else { c })
                .collect(),
        ),
    }
}

/// Every text of a YAML document (values and keys) that holds a forbidden character written as
/// an escape, such as `"\u0001"`, each an error at its value. (`source`, the document's text:
/// a character found there as it is was reported at its own place by [`in_source`].)
pub fn in_yaml(node: &Node, source: &str, file: &Path, out: &mut Vec<Diagnostic>) {
    let mut check = |s: &str, pos: Pos| {
        if let Some(c) = s.chars().find(|&c| is_forbidden(c) && !source.contains(c)) {
            out.push(error(
                file,
                pos,
                format!(
                    "control character {} in this text (written as an escape)",
                    code_point(c)
                ),
            ));
        }
    };
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.value {
            Value::Str(s) => check(s, n.pos),
            Value::Seq(items) => stack.extend(items.iter().rev()),
            Value::Map(entries) => {
                for (k, v) in entries.iter().rev() {
                    stack.push(v);
                    check(&k.name, k.pos);
                }
            }
            _ => {}
        }
    }
}

fn error(file: &Path, pos: Pos, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_path_buf(),
        pos,
        message,
        hint: Some(HINT.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn source(text: &str) -> SourceFile {
        SourceFile {
            path: "content/a.md".into(),
            text: Arc::new(text.to_string()),
        }
    }

    /// (line, column, message) of each diagnostic.
    fn places(found: &[Diagnostic]) -> Vec<(u32, u32, &str)> {
        found
            .iter()
            .map(|d| (d.pos.line, d.pos.col, d.message.as_str()))
            .collect()
    }

    #[test]
    fn each_control_character_is_an_error_at_its_position() {
        let found = in_source(&source(
            "a\tb\nĐạ\u{1}i\u{7f}\n\u{85}x\u{FFFE}\u{FDD0}\u{1FFFF}",
        ));
        assert_eq!(
            places(&found),
            [
                (2, 3, "control character U+0001 in the text"),
                (2, 5, "control character U+007F in the text"),
                (3, 1, "control character U+0085 in the text"),
                (3, 3, "control character U+FFFE in the text"),
                (3, 4, "control character U+FDD0 in the text"),
                (3, 5, "control character U+1FFFF in the text"),
            ]
        );
        assert!(in_source(&source("Đại Từ\t«85,71%»\u{a0}😀\u{FFFD}\u{FEFF}\n")).is_empty());
    }

    #[test]
    fn a_file_full_of_them_gives_a_bounded_report() {
        let found = in_source(&source(&"\u{0}".repeat(1000)));
        assert_eq!(found.len(), PER_FILE + 1);
        assert_eq!(
            found[PER_FILE].message,
            "990 more control characters in this file (the first 10 are shown)"
        );
    }

    #[test]
    fn yaml_escapes_are_checked_in_values_and_keys() {
        let text =
            "title: \"A\\u0001B\"\nok: \"Đại\\tTừ\"\nlist: [\"\\N\"]\ninternal: { \"\\x7f\": x }\n";
        let node = super::super::yaml::parse_yaml(text, 0).unwrap();
        let mut found = Vec::new();
        in_yaml(&node, text, Path::new("content/site.yaml"), &mut found);
        assert_eq!(
            places(&found),
            [
                (
                    1,
                    8,
                    "control character U+0001 in this text (written as an escape)"
                ),
                (
                    3,
                    8,
                    "control character U+0085 in this text (written as an escape)"
                ),
                (
                    4,
                    13,
                    "control character U+007F in this text (written as an escape)"
                ),
            ]
        );
    }
}
