//! Load: walk `content/` (sorted), read every file, split front matter, parse YAML with positions.
//! No interpretation happens here; see `validate`.

pub mod control;
pub mod decode;
mod walk;
pub mod yaml;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Pos, Severity};
use crate::source::{SharedText, SourceFile, SourceMap};
use decode::{decode, decode_lossy};
pub use yaml::{Key, Node, Value};

/// Which kind of record a YAML file in `content/` holds, from its folder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordKind {
    Unit,
    Stats,
    Directive,
    Case,
}

impl RecordKind {
    fn from_dir(dir: &str) -> Option<RecordKind> {
        match dir {
            "units" => Some(RecordKind::Unit),
            "stats" => Some(RecordKind::Stats),
            "directives" => Some(RecordKind::Directive),
            "cases" => Some(RecordKind::Case),
            _ => None,
        }
    }
}

/// One record as written: a YAML mapping (or something else, which validation will reject).
#[derive(Clone, Debug)]
pub struct RawRecord {
    pub file: PathBuf,
    pub node: Node,
}

/// An article as written: front matter node and Markdown body.
#[derive(Clone, Debug)]
pub struct RawArticle {
    pub file: PathBuf,
    /// The front matter; `None` when the file has no `---` block.
    pub front: Option<Node>,
    /// Shared with the file's text in the source map.
    pub body: SharedText,
    /// 1-based line of the file where the body starts.
    pub body_line: u32,
}

pub use crate::model::StaticFile;

/// Everything read from disk.
#[derive(Debug, Default)]
pub struct RawSite {
    pub site: Option<RawRecord>,
    pub records: Vec<(RecordKind, RawRecord)>,
    pub articles: Vec<RawArticle>,
    pub static_files: Vec<StaticFile>,
    /// Templates of the site's own `templates/` folder: (name, source).
    pub templates: Vec<(String, String)>,
    pub sources: SourceMap,
    /// Kinds of record with a file that could not be read: references to them are not checked
    /// (every one would be reported as dangling, burying the real problem).
    pub unreadable: Vec<RecordKind>,
}

pub use crate::error::EnvError;

/// Read the project under `root`. Problems with individual files become diagnostics; only a
/// missing or unreadable `content/` folder is an environment error.
///
/// Walks `content/` and `templates/` (sorted), reads every file that is not hidden, and hands the
/// lot to [`load_files`], which does all the classification.
pub fn load_site(root: &Path, diags: &mut Vec<Diagnostic>) -> Result<RawSite, EnvError> {
    let files = read_project(root, diags)?;
    Ok(load_files(files, diags))
}

/// The files [`load_site`] reads: (root-relative path, bytes) of `content/` and `templates/`,
/// for a caller that changes some of them in memory before loading (`bantin import`).
pub fn read_project(
    root: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Result<Vec<(PathBuf, Vec<u8>)>, EnvError> {
    let content = root.join("content");
    if !content.is_dir() {
        return Err(EnvError::Project(format!(
            "no content/ folder in {} (use --root to point at the folder that holds content/)",
            root.display()
        )));
    }
    let mut files = Vec::new();
    read_tree(root, &content, true, &mut files, diags);
    let templates = root.join("templates");
    if templates.is_dir() {
        read_tree(root, &templates, false, &mut files, diags);
    }
    Ok(files)
}

/// Read every file under `dir` in sorted walk order as (root-relative path, bytes). Hidden files
/// are skipped unread; walk errors are reported only when `report_walk_errors`. Files are read by
/// many threads at once (see [`crate::with_io_threads`]) and kept in walk order.
fn read_tree(
    root: &Path,
    dir: &Path,
    report_walk_errors: bool,
    files: &mut Vec<(PathBuf, Vec<u8>)>,
    diags: &mut Vec<Diagnostic>,
) {
    let entries = walk::files_under(root, dir, report_walk_errors);
    let read_all = || -> Vec<Result<(PathBuf, Vec<u8>), Diagnostic>> {
        entries
            .into_par_iter()
            .with_max_len(crate::PAR_BATCH)
            .map(|e| match e {
                walk::Entry::Problem(d) => Err(d),
                walk::Entry::File(rel, path) => match std::fs::read(&path) {
                    Ok(bytes) => Ok((rel, bytes)),
                    Err(e) => Err(error(
                        &rel,
                        Pos::new(1, 1),
                        format!("cannot read: {e}"),
                        None,
                    )),
                },
            })
            .collect()
    };
    let read = crate::with_io_threads(read_all);
    for r in read {
        match r {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
}

/// The components of a root-relative path, as text.
fn path_parts(rel: &Path) -> Vec<String> {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect()
}

/// Editor and OS files (`.DS_Store`, `.swp`) that bantin never reads: in `content/`, a file whose
/// name starts with a dot; in `templates/`, anything under a dotted name.
fn is_hidden(rel: &Path) -> bool {
    let parts = path_parts(rel);
    match parts.first().map(String::as_str) {
        Some("templates") => parts[1..].iter().any(|p| p.starts_with('.')),
        _ => parts.last().is_some_and(|n| n.starts_with('.')),
    }
}

/// Classify and parse the files of a project held in memory: (path relative to the project root
/// with `/` separators, bytes), e.g. `content/site.yaml`, `content/stats/a.yaml`,
/// `content/articles/2024/x.md`, `content/static/img/a.jpg`, `templates/base.html`.
/// Files are taken in path order, whatever the order given; hidden files are skipped. This is
/// what [`load_site`] runs after reading the disk, so tests and fuzzing need no files.
pub fn load_files(mut files: Vec<(PathBuf, Vec<u8>)>, diags: &mut Vec<Diagnostic>) -> RawSite {
    files.sort_by(|a, b| a.0.cmp(&b.0));
    // Files are decoded and parsed in parallel, then taken in path order as if one by one.
    // In small batches (the data files, slower to parse than articles, come last).
    let loaded: Vec<Loaded> = files
        .into_par_iter()
        .with_max_len(crate::PAR_BATCH)
        .map(|(rel, bytes)| {
            if is_hidden(&rel) {
                return Loaded::Hidden;
            }
            let parts = path_parts(&rel);
            match parts.first().map(String::as_str) {
                Some("content") if parts.len() > 1 => {
                    Loaded::Content(load_content_file(rel.clone(), &parts[1..], bytes))
                }
                Some("templates") if parts.len() > 1 => {
                    Loaded::Template(parts[1..].join("/"), rel, bytes)
                }
                _ => Loaded::Other(not_content(&rel)),
            }
        })
        .collect();
    let mut raw = RawSite::default();
    let mut templates = Vec::new();
    for l in loaded {
        match l {
            Loaded::Hidden => {}
            Loaded::Content(c) => c.add_to(&mut raw, diags),
            Loaded::Template(name, rel, bytes) => templates.push((name, rel, bytes)),
            Loaded::Other(d) => diags.push(d),
        }
    }
    if raw.site.is_none() && !diags.iter().any(|d| d.file.ends_with("site.yaml")) {
        diags.push(error(
            Path::new("content/site.yaml"),
            Pos::new(1, 1),
            "content/site.yaml is missing".into(),
            Some("create it with at least `title: …`".into()),
        ));
    }
    for (name, rel, bytes) in templates {
        match decode(&rel, &bytes) {
            Ok(src) => raw.templates.push((name, src.text.to_string())),
            Err(d) => diags.push(d),
        }
    }
    raw
}

/// One article file (root-relative path under `content/articles/`), decoded and parsed alone
/// (`serve` after an edit): the article, its source, and the problems found.
pub fn load_article(
    rel: PathBuf,
    bytes: Vec<u8>,
) -> (Option<RawArticle>, Option<SourceFile>, Vec<Diagnostic>) {
    let parts = path_parts(&rel);
    if parts.first().map(String::as_str) != Some("content") || is_hidden(&rel) {
        return (None, None, Vec::new());
    }
    let file = load_content_file(rel, &parts[1..], bytes);
    let article = match file.item {
        ContentItem::Article(a) => Some(a),
        _ => None,
    };
    (article, file.source, file.diags)
}

/// One file as read, before it joins the others.
enum Loaded {
    Hidden,
    Content(ContentFile),
    Template(String, PathBuf, Vec<u8>),
    Other(Diagnostic),
}

/// A file of `content/`, decoded and parsed on its own.
struct ContentFile {
    item: ContentItem,
    diags: Vec<Diagnostic>,
    /// A record file that could not be read.
    unreadable: Option<RecordKind>,
    source: Option<SourceFile>,
}

enum ContentItem {
    Nothing,
    Static(StaticFile),
    Site(RawRecord),
    Records(Vec<(RecordKind, RawRecord)>),
    Article(RawArticle),
}

impl ContentFile {
    fn add_to(self, raw: &mut RawSite, diags: &mut Vec<Diagnostic>) {
        diags.extend(self.diags);
        match self.item {
            ContentItem::Nothing => {}
            ContentItem::Static(f) => raw.static_files.push(f),
            ContentItem::Site(r) => raw.site = Some(r),
            ContentItem::Records(r) => raw.records.extend(r),
            ContentItem::Article(a) => raw.articles.push(a),
        }
        raw.unreadable.extend(self.unreadable);
        if let Some(source) = self.source {
            raw.sources.add(source);
        }
    }
}

fn not_content(rel: &Path) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        file: rel.to_path_buf(),
        pos: Pos::new(1, 1),
        message: "this file is not part of any known content type and is ignored".into(),
        hint: Some("data goes in units/, stats/, directives/, cases/ (*.yaml), write-ups in articles/ (*.md), images and attachments in static/".into()),
    }
}

/// One file of `content/`; `parts` is its path under `content/`.
fn load_content_file(rel: PathBuf, parts: &[String], bytes: Vec<u8>) -> ContentFile {
    let mut out = ContentFile {
        item: ContentItem::Nothing,
        diags: Vec::new(),
        unreadable: None,
        source: None,
    };
    let diags = &mut out.diags;
    let name = parts.last().cloned().unwrap_or_default();
    let top = parts.first().map(String::as_str).unwrap_or("");
    if top == "static" && parts.len() > 1 {
        out.item = ContentItem::Static(StaticFile {
            rel: parts[1..].join("/"),
            bytes,
        });
        return out;
    }
    let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
    let kind = if parts.len() == 1 && (name == "site.yaml" || name == "site.yml") {
        Some(FileKind::Site)
    } else if parts.len() == 2 && is_yaml {
        RecordKind::from_dir(top).map(FileKind::Records)
    } else if top == "articles" && name.ends_with(".md") {
        Some(FileKind::Article)
    } else {
        None
    };
    let Some(kind) = kind else {
        diags.push(not_content(&rel));
        return out;
    };
    let mut source = match decode(&rel, &bytes) {
        Ok(s) => s,
        Err(d) => {
            diags.push(d);
            out.source = Some(decode_lossy(&rel, &bytes));
            if let FileKind::Records(k) = kind {
                out.unreadable = Some(k);
            }
            return out;
        }
    };
    // A file with control characters is reported for them (each at its place), then read with
    // them as spaces, so that they are not reported again as YAML syntax and the rest of the
    // file is still checked; diagnostics quote the file as it is.
    let found = control::in_source(&source);
    let read = if found.is_empty() {
        source.clone()
    } else {
        control::cleaned(&source)
    };
    diags.extend(found);
    let original = std::mem::replace(&mut source, read);
    match kind {
        FileKind::Site => {
            if let Some(node) = parse(&source, 0, diags) {
                out.item = ContentItem::Site(RawRecord { file: rel, node });
            }
        }
        FileKind::Records(kind) => {
            let node = parse(&source, 0, diags);
            if node.is_none() {
                out.unreadable = Some(kind);
            }
            if let Some(node) = node {
                match node.value {
                    Value::Seq(items) => {
                        out.item = ContentItem::Records(
                            items
                                .into_iter()
                                .map(|n| {
                                    (
                                        kind,
                                        RawRecord {
                                            file: rel.clone(),
                                            node: n,
                                        },
                                    )
                                })
                                .collect(),
                        )
                    }
                    Value::Null => diags.push(Diagnostic {
                        severity: Severity::Warning,
                        file: rel.clone(),
                        pos: node.pos,
                        message: "the file is empty".into(),
                        hint: None,
                    }),
                    _ => {
                        out.item = ContentItem::Records(vec![(kind, RawRecord { file: rel, node })])
                    }
                }
            }
        }
        FileKind::Article => {
            if let Some(article) = split_article(&source, diags) {
                out.item = ContentItem::Article(article);
            }
        }
    }
    out.source = Some(original);
    out
}

enum FileKind {
    Site,
    Records(RecordKind),
    Article,
}

fn parse(source: &SourceFile, line_offset: u32, diags: &mut Vec<Diagnostic>) -> Option<Node> {
    parse_text(&source.text, &source.path, line_offset, diags)
}

fn parse_text(
    text: &str,
    file: &Path,
    line_offset: u32,
    diags: &mut Vec<Diagnostic>,
) -> Option<Node> {
    match yaml::parse_yaml(text, line_offset) {
        Ok(n) => {
            if text.contains('\\') {
                // Only a double-quoted escape can make a control character the text lacks.
                control::in_yaml(&n, text, file, diags);
            }
            Some(n)
        }
        Err(mut e) => {
            if e.message.contains("tab")
                && let Some(line) = text
                    .split('\n')
                    .nth(e.pos.line.saturating_sub(line_offset + 1) as usize)
                && let Some(i) = line.find('\t')
            {
                e.pos.col = line[..i].chars().count() as u32 + 1; // point at the tab itself
            }
            let hint = if e.message.contains("tab") {
                Some("YAML indents with spaces, never tabs: replace the tab with two spaces".into())
            } else {
                Some("check the indentation and that every `field: value` has a space after the colon; quote text that contains `: ` or starts with a special character".into())
            };
            diags.push(error(
                file,
                e.pos,
                format!("YAML syntax: {}", e.message),
                hint,
            ));
            None
        }
    }
}

/// Split `---` front matter from the Markdown body.
fn split_article(source: &SourceFile, diags: &mut Vec<Diagnostic>) -> Option<RawArticle> {
    let text = &source.text;
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Some(RawArticle {
            file: source.path.clone(),
            front: None,
            body: SharedText::tail(text, 0),
            body_line: 1,
        });
    }
    let mut offset = first.len();
    let mut line_no = 1u32;
    for line in lines {
        line_no += 1;
        if line.trim_end() == "---" {
            let yaml = &text[first.len()..offset];
            let front = parse_text(yaml, &source.path, 1, diags)?;
            return Some(RawArticle {
                file: source.path.clone(),
                front: Some(front),
                body: SharedText::tail(text, offset + line.len()),
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    diags.push(error(
        &source.path,
        Pos::new(1, 1),
        "the front matter that starts on line 1 with `---` is never closed".into(),
        Some("end the front matter with a line holding only `---`".into()),
    ));
    None
}

/// `root`-relative path with `/` separators, as users type it.
pub fn rel_path(root: &Path, p: &Path) -> PathBuf {
    let r = p.strip_prefix(root).unwrap_or(p);
    PathBuf::from(
        r.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

fn error(file: &Path, pos: Pos, message: String, hint: Option<String>) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_path_buf(),
        pos,
        message,
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use walkdir::WalkDir;

    fn summary(raw: &RawSite) -> String {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            raw.site, raw.records, raw.articles, raw.static_files, raw.templates, raw.unreadable
        )
    }

    #[test]
    fn load_files_reads_what_load_site_reads() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut disk_diags = Vec::new();
        let disk = load_site(root, &mut disk_diags).expect("the example site loads");
        let mut files = Vec::new();
        for dir in ["content", "templates"] {
            for e in WalkDir::new(root.join(dir)).into_iter().flatten() {
                if e.file_type().is_file() {
                    let bytes = std::fs::read(e.path()).expect("readable");
                    files.push((rel_path(root, e.path()), bytes));
                }
            }
        }
        files.reverse(); // the order given does not matter
        let mut mem_diags = Vec::new();
        let mem = load_files(files, &mut mem_diags);
        assert_eq!(summary(&mem), summary(&disk));
        assert_eq!(mem_diags, disk_diags);
        assert!(!mem.records.is_empty() && !mem.articles.is_empty());
    }

    #[test]
    fn load_files_classifies_paths() {
        let f = |p: &str, t: &str| (PathBuf::from(p), t.as_bytes().to_vec());
        let mut diags = Vec::new();
        let raw = load_files(
            vec![
                f("content/units/u.yaml", "- id: a\n- id: b\n"),
                f("content/site.yaml", "title: x\n"),
                f("content/articles/2024/a.md", "---\ntitle: a\n---\nbody\n"),
                f("content/static/img/a.jpg", "\u{ff}"),
                f("content/.DS_Store", "junk"),
                f("content/notes.txt", "x"),
                f("templates/page.html", "{{ x }}"),
                f("templates/.hidden/x.html", "x"),
                f("elsewhere.yaml", "x"),
            ],
            &mut diags,
        );
        assert!(raw.site.is_some());
        assert_eq!(raw.records.len(), 2);
        assert_eq!(raw.articles.len(), 1);
        assert_eq!(raw.articles[0].body_line, 4);
        assert_eq!(raw.static_files[0].rel, "img/a.jpg");
        assert_eq!(raw.templates, vec![("page.html".into(), "{{ x }}".into())]);
        let ignored: Vec<_> = diags.iter().map(|d| d.file.display().to_string()).collect();
        assert_eq!(ignored, ["content/notes.txt", "elsewhere.yaml"]);
    }
}
