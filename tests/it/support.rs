//! Test helpers: copy a fixture site into a temporary folder, run the `bantin` binary on it, read
//! what it wrote, and pick apart its diagnostics. Nothing here ever writes inside the repository.

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use tempfile::TempDir;

/// The repository root (holds the example site in `content/`).
pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<rel>`.
pub fn fixture_path(rel: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(rel)
}

/// A copy of a project folder (`content/`, maybe `templates/`) in a temporary directory.
/// The project is at `root`; `out()` is a sibling folder for the build, outside the project.
pub struct TempSite {
    pub dir: TempDir,
    pub root: PathBuf,
}

impl TempSite {
    /// An output folder beside the project (not created).
    pub fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }
    pub fn content(&self) -> PathBuf {
        self.root.join("content")
    }
    /// Run `bantin` with `args` followed by `--root <root>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.push(OsStr::new("--root"));
        all.push(self.root.as_os_str());
        run_in(self.dir.path(), &all)
    }
    /// `bantin build --root <root> --out <out>` plus `extra`.
    pub fn build(&self, extra: &[&str]) -> Run {
        let out = self.out();
        let mut args = vec!["build", "--out", out.to_str().expect("utf-8 temp path")];
        args.extend_from_slice(extra);
        self.run(&args)
    }
    /// `bantin check --root <root>` plus `extra`.
    pub fn check(&self, extra: &[&str]) -> Run {
        let mut args = vec!["check"];
        args.extend_from_slice(extra);
        self.run(&args)
    }
}

/// The names of the fixtures under `tests/fixtures/<group>/` (one folder a case), sorted.
pub fn fixture_cases(group: &str) -> Vec<String> {
    let mut cases: Vec<String> = std::fs::read_dir(fixture_path(group))
        .unwrap_or_else(|e| panic!("tests/fixtures/{group}: {e}"))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

/// Copy `tests/fixtures/<name>` (its `content/` and optional `templates/`) to a temporary folder.
pub fn fixture(name: &str) -> TempSite {
    copy_project(&fixture_path(name))
}

/// Copy the example site of the repository (`content/` only: the repo's `templates/` is the
/// built-in theme, which the binary carries anyway).
pub fn example() -> TempSite {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    copy_dir(&repo_root().join("content"), &root.join("content"));
    TempSite { dir, root }
}

fn copy_project(from: &Path) -> TempSite {
    assert!(
        from.join("content").is_dir(),
        "fixture {} has no content/",
        from.display()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    copy_dir(&from.join("content"), &root.join("content"));
    if from.join("templates").is_dir() {
        copy_dir(&from.join("templates"), &root.join("templates"));
    }
    TempSite { dir, root }
}

/// Recursive copy (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create dir");
    let mut entries: Vec<_> = fs::read_dir(from)
        .unwrap_or_else(|e| panic!("read {}: {e}", from.display()))
        .map(|e| e.expect("dir entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let ft = e.file_type().expect("file type");
        let dest = to.join(e.file_name());
        if ft.is_dir() {
            copy_dir(&e.path(), &dest);
        } else if ft.is_file() {
            fs::copy(e.path(), &dest).expect("copy file");
        }
    }
}

/// The one warning the example site gives on purpose (issue 21): a bulletin's photo whose
/// original still holds the GPS position where it was taken.
pub const EXAMPLE_GPS_WARNING: &str =
    "static/anh-bai-viet/ban-giao-tai-san-hung-son.jpg holds the GPS position";

/// The outcome of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Panic with the whole output unless the exit code is `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}, got {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }
    /// The last non-empty line of stderr: the summary or the count line.
    pub fn last_line(&self) -> &str {
        self.stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
    }
    pub fn diagnostics(&self) -> Vec<Diag> {
        parse_diagnostics(&self.stderr)
    }
    /// The diagnostics but the warning the example site gives on purpose
    /// ([`EXAMPLE_GPS_WARNING`]).
    pub fn diagnostics_but_example_gps(&self) -> Vec<Diag> {
        self.diagnostics()
            .into_iter()
            .filter(|d| !d.message.contains(EXAMPLE_GPS_WARNING))
            .collect()
    }
}

/// The binary, with colours off and a working directory outside the repository.
pub fn bantin() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("bantin").expect("bantin binary");
    cmd.env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("SOURCE_DATE_EPOCH")
        .current_dir(std::env::temp_dir());
    cmd
}

/// Run the binary with `args` in `cwd`.
pub fn run_in(cwd: &Path, args: &[&OsStr]) -> Run {
    let out = bantin()
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run bantin");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Run the binary with plain string arguments, in the temp dir.
pub fn run(args: &[&str]) -> Run {
    let args: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
    run_in(&std::env::temp_dir(), &args)
}

/// Every file under `dir`: `/`-separated relative path → bytes.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut |rel, path, meta| {
        if meta.is_file() {
            out.insert(rel, fs::read(path).expect("read file"));
        }
    });
    out
}

/// What a file or folder looked like: contents (files), modification time, inode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub is_dir: bool,
    pub bytes: Vec<u8>,
    pub mtime: SystemTime,
    pub inode: u64,
}

/// Every file and folder under `dir` (the folder itself as ""), with bytes, mtime and inode;
/// but an output folder's lock file (`.bantin-lock`), which each build writes its pid into.
pub fn tree_state(dir: &Path) -> BTreeMap<String, Entry> {
    let mut out = BTreeMap::new();
    let meta = fs::metadata(dir).expect("metadata");
    out.insert(String::new(), entry(dir, &meta));
    walk(dir, dir, &mut |rel, path, meta| {
        if !rel.ends_with(".bantin-lock") {
            out.insert(rel, entry(path, meta));
        }
    });
    out
}

fn entry(path: &Path, meta: &fs::Metadata) -> Entry {
    Entry {
        is_dir: meta.is_dir(),
        bytes: if meta.is_file() {
            fs::read(path).expect("read file")
        } else {
            Vec::new()
        },
        mtime: meta.modified().expect("mtime"),
        inode: inode(meta),
    }
}

#[cfg(unix)]
fn inode(meta: &fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &fs::Metadata) -> u64 {
    0
}

/// The inode of a path (0 where the platform has none).
pub fn inode_of(path: &Path) -> u64 {
    inode(&fs::metadata(path).expect("metadata"))
}

fn walk(base: &Path, dir: &Path, f: &mut dyn FnMut(String, &Path, &fs::Metadata)) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let meta = fs::symlink_metadata(&path).expect("metadata");
        let rel = path
            .strip_prefix(base)
            .expect("under base")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        f(rel, &path, &meta);
        if meta.is_dir() {
            walk(base, &path, f);
        }
    }
}

/// Read a built file as text.
#[track_caller]
pub fn read_text(dir: &Path, rel: &str) -> String {
    fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// The `<main …>…</main>` part of a page.
#[track_caller]
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main");
    let end = html[start..].find("</main>").expect("page has </main>") + start + "</main>".len();
    &html[start..end]
}

/// The balanced element starting at byte `start` (which must point at `<tag`), e.g. a nested `<ol>`.
#[track_caller]
pub fn element_at<'h>(html: &'h str, start: usize, tag: &str) -> &'h str {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    assert!(html[start..].starts_with(&open), "no <{tag} at {start}");
    let mut depth = 0usize;
    let mut i = start;
    loop {
        let next_open = html[i..].find(&open).map(|k| k + i);
        let next_close = html[i..]
            .find(&close)
            .map(|k| k + i)
            .unwrap_or_else(|| panic!("unclosed <{tag}> at {start}"));
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                i = o + open.len();
            }
            _ => {
                depth -= 1;
                i = next_close + close.len();
                if depth == 0 {
                    return &html[start..i];
                }
            }
        }
    }
}

/// Values of every `href="…"` and `src="…"` attribute, with the tag they belong to.
pub fn links(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut from = 0;
        while let Some(k) = html[from..].find(attr) {
            let at = from + k;
            // Only a real attribute: preceded by whitespace.
            let preceded = html[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_whitespace);
            let vstart = at + attr.len();
            let vend = html[vstart..]
                .find('"')
                .map(|e| e + vstart)
                .expect("closed attr");
            if preceded {
                let tag_start = html[..at].rfind('<').unwrap_or(0);
                let tag_end = html[at..]
                    .find('>')
                    .map(|e| e + at + 1)
                    .unwrap_or(html.len());
                out.push((
                    unescape(&html[vstart..vend]),
                    html[tag_start..tag_end].to_string(),
                ));
            }
            from = vend;
        }
    }
    out
}

fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// One diagnostic as printed on stderr.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diag {
    /// `error` or `warning`.
    pub severity: String,
    pub message: String,
    /// `file:line:col` from the ` --> ` line.
    pub location: String,
    /// The quoted source line (after `N | `), if any.
    pub quoted: Option<String>,
    /// 1-based character column of the first caret under the quoted line.
    pub caret_col: Option<usize>,
    /// Number of carets.
    pub caret_len: usize,
    pub hint: Option<String>,
}

/// Split compiler-style diagnostics (`error: …`, ` --> f:l:c`, quoted line, carets, `help: …`).
pub fn parse_diagnostics(stderr: &str) -> Vec<Diag> {
    let mut out: Vec<Diag> = Vec::new();
    let mut last_source: Option<(usize, String)> = None;
    for line in stderr.lines() {
        let sev = ["error: ", "warning: "]
            .into_iter()
            .find(|p| line.starts_with(p));
        if let Some(p) = sev {
            out.push(Diag {
                severity: p.trim_end_matches(": ").to_string(),
                message: line[p.len()..].to_string(),
                ..Diag::default()
            });
            last_source = None;
            continue;
        }
        let Some(d) = out.last_mut() else { continue };
        let trimmed = line.trim_start();
        if let Some(loc) = trimmed.strip_prefix("--> ") {
            if d.location.is_empty() {
                d.location = loc.trim().to_string();
            }
        } else if let Some(h) = line.strip_prefix("help: ") {
            d.hint = Some(h.to_string());
        } else if let Some(bar) = line.find(" | ").or_else(|| line.find(" |"))
            && line[..bar].trim().parse::<u32>().is_ok()
            && d.hint.is_none()
            && d.quoted.is_none()
        {
            let text = line.get(bar + 3..).unwrap_or("").to_string();
            d.quoted = Some(text.clone());
            last_source = Some((bar + 3, text));
        } else if let Some((text_start, _)) = &last_source
            && d.caret_col.is_none()
            && let Some(caret) = line.find('^')
            && line.trim_start().starts_with('|')
        {
            // Carets are placed by display column; our fixtures quote no wide characters.
            let col = line[..caret]
                .chars()
                .count()
                .saturating_sub(line[..*text_start.min(&line.len())].chars().count())
                + 1;
            d.caret_col = Some(col);
            d.caret_len = line[caret..].chars().take_while(|c| *c == '^').count();
        }
    }
    out
}

/// Column part of `file:line:col`.
pub fn col_of(location: &str) -> Option<usize> {
    location.rsplit(':').next()?.parse().ok()
}

/// The visible text of some HTML: tags removed, entities decoded, whitespace collapsed. Lets
/// tests check what a reader sees without depending on the theme's markup.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
        .replace("&nbsp;", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
