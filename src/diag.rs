//! Diagnostics: every problem found in a run, with the place it was found.

use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

pub use crate::model::Pos;

/// One problem: what, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the project root, as the user would type it.
    pub file: PathBuf,
    pub pos: Pos,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    /// `file:line:column`, as editors and terminals understand it.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.file.display(), self.pos.line, self.pos.col)
    }
}

/// Errors first, then warnings; each group in file and position order; repeats removed.
pub fn sort(diags: &mut Vec<Diagnostic>) {
    // Paths compare component by component, which is slow for 10⁵ warnings (a large site can
    // have that many): compare byte strings that sort the same way instead.
    let keys: Vec<Vec<u8>> = diags.iter().map(|d| path_sort_key(&d.file)).collect();
    let mut order: Vec<usize> = (0..diags.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&diags[i], &diags[j]);
        (a.severity, &keys[i], a.pos, &a.message).cmp(&(b.severity, &keys[j], b.pos, &b.message))
    });
    let mut slots: Vec<Option<Diagnostic>> = std::mem::take(diags).into_iter().map(Some).collect();
    diags.extend(order.into_iter().filter_map(|i| slots[i].take()));
    diags.dedup();
}

/// Bytes that order like the path: each component as a tag for its kind (in the order of
/// [`std::path::Component`]), its bytes and a NUL, which no component contains.
fn path_sort_key(path: &std::path::Path) -> Vec<u8> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for c in path.components() {
        key.push(match c {
            Component::Prefix(_) => 1,
            Component::RootDir => 2,
            Component::CurDir => 3,
            Component::ParentDir => 4,
            Component::Normal(_) => 5,
        });
        if matches!(c, Component::Prefix(_) | Component::Normal(_)) {
            key.extend_from_slice(c.as_os_str().as_encoded_bytes());
        }
        key.push(0);
    }
    key
}

/// "2 errors, 1 warning".
pub fn count_line(diags: &[Diagnostic]) -> String {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// Render one diagnostic like a compiler does: the message, `file:line:col`, the line quoted
/// with a caret under the offending text, and the hint.
pub fn render(d: &Diagnostic, sources: &crate::source::SourceMap, color: bool) -> String {
    let path = d.file.display().to_string();
    let line_text = sources.get(&d.file).and_then(|f| f.line(d.pos.line));
    render_snippet(d, &path, line_text, color)
}

/// [`render`] by annotate-snippets.
fn render_snippet(d: &Diagnostic, path: &str, line_text: Option<&str>, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    let level = match d.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(d.message.as_str());
    let mut groups = Vec::new();
    match line_text {
        Some(text) if d.pos.line > 0 => {
            let span = caret_span(text, d.pos.col);
            groups.push(
                title.element(
                    Snippet::source(text)
                        .line_start(d.pos.line as usize)
                        .path(path)
                        .annotation(AnnotationKind::Primary.span(span)),
                ),
            );
        }
        _ => groups.push(
            title.element(
                annotate_snippets::Origin::path(path)
                    .line(d.pos.line.max(1) as usize)
                    .char_column(d.pos.col as usize),
            ),
        ),
    }
    if let Some(h) = &d.hint {
        groups.push(Group::with_title(Level::HELP.secondary_title(h.as_str())));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    renderer.render(&groups)
}

/// The byte range to underline: the word starting at 1-based char column `col`.
fn caret_span(line: &str, col: u32) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    let rest = &line[start..];
    if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'')
        && let Some(end) = rest[1..].find(q)
    {
        return start..start + end + 2; // the whole quoted value
    }
    // A word ends at a space, a flow separator, or a `:` that ends a mapping key.
    let len = rest
        .char_indices()
        .find(|(i, c)| {
            c.is_whitespace()
                || matches!(c, ',' | ']' | '}')
                || (*c == ':' && rest[i + 1..].chars().next().is_none_or(char::is_whitespace))
        })
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    let len = if len == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    start..start + len
}

#[cfg(test)]
mod tests {
    use super::{caret_span, path_sort_key};
    use std::path::Path;

    #[test]
    fn path_keys_sort_like_paths() {
        let paths = [
            "content/a.b",
            "content/a/b",
            "content/a",
            "content/a-b/c",
            "content",
            "content/articles/2024/x.md",
            "content/articles/2024-x.md",
            "content/articles/20240/x.md",
            "/abs/x",
            "../up",
            "./here",
            "z",
            "",
        ];
        let mut by_path: Vec<&Path> = paths.iter().map(Path::new).collect();
        by_path.sort();
        let mut by_key: Vec<&Path> = paths.iter().map(Path::new).collect();
        by_key.sort_by_key(|p| path_sort_key(p));
        assert_eq!(by_path, by_key);
    }

    #[test]
    fn caret_covers_the_offending_word() {
        let line = "  short_nme: \"Chi cục\"";
        assert_eq!(&line[caret_span(line, 3)], "short_nme");
        assert_eq!(&line[caret_span(line, 14)], "\"Chi cục\"");
        let line = "date: 2024-03-31T07:35:00+07:00";
        assert_eq!(&line[caret_span(line, 7)], "2024-03-31T07:35:00+07:00");
        let line = "units: [dai-tu, phu-luong]";
        assert_eq!(&line[caret_span(line, 9)], "dai-tu");
        assert_eq!(caret_span("", 5), 0..0);
    }
}
