//! The files of a folder of the project, in sorted walk order, and what to do with symbolic
//! links among them.
//!
//! A link is never silently skipped: each one is a warning naming it and where it points, so
//! that a folder of bulletins linked from elsewhere does not vanish from the site without a
//! word. A link is followed only when it points inside the project root (the folder holding
//! `content/`) but not into the folder being read (whose files are read at their own place),
//! never outside it (a link to `/etc/passwd` in `static/` must not publish it), and never into
//! a folder already being read (a loop).

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{error, is_hidden, rel_path};
use crate::diag::{Diagnostic, Pos, Severity};

/// A file to read: (root-relative path as the user sees it, path to read), or a problem.
pub(super) enum Entry {
    File(PathBuf, PathBuf),
    Problem(Diagnostic),
}

/// Every file under `dir` (sorted, hidden ones left out) with the links' warnings; walk errors
/// only when `report_walk_errors`.
pub(super) fn files_under(root: &Path, dir: &Path, report_walk_errors: bool) -> Vec<Entry> {
    let canonical = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let mut walk = Walk {
        root,
        canonical_root: canonical(root),
        report_walk_errors,
        reading: vec![canonical(dir)],
        entries: Vec::new(),
    };
    walk.folder(dir);
    walk.entries
}

struct Walk<'r> {
    root: &'r Path,
    canonical_root: PathBuf,
    report_walk_errors: bool,
    /// The folders being read (resolved), the outermost first: a link to one of them is a loop.
    reading: Vec<PathBuf>,
    entries: Vec<Entry>,
}

impl Walk<'_> {
    fn folder(&mut self, dir: &Path) {
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    if self.report_walk_errors {
                        let path = e.path().map(|p| rel_path(self.root, p)).unwrap_or_default();
                        self.entries.push(Entry::Problem(error(
                            &path,
                            Pos::new(1, 1),
                            format!("cannot read: {e}"),
                            None,
                        )));
                    }
                    continue;
                }
            };
            let rel = rel_path(self.root, entry.path());
            if is_hidden(&rel) {
                continue;
            }
            if entry.path_is_symlink() && entry.depth() > 0 {
                self.link(entry.path(), rel);
            } else if entry.file_type().is_file() {
                self.entries.push(Entry::File(rel, entry.into_path()));
            }
        }
    }

    /// A symbolic link at `path` (shown as `rel`): followed or not, and said so.
    fn link(&mut self, path: &Path, rel: PathBuf) {
        let written = std::fs::read_link(path)
            .map(|t| t.display().to_string())
            .unwrap_or_else(|_| "?".into());
        let target = match std::fs::canonicalize(path) {
            Ok(t) => t,
            Err(e) => {
                return self.warn(
                    rel,
                    format!("the symbolic link `{}` points to `{written}`, which cannot be read ({e}): it is skipped", display(path, self.root)),
                    "copy the file or folder into content/ instead of linking to it",
                );
            }
        };
        let shown = display(path, self.root);
        let target_shown = target.display();
        if !target.starts_with(&self.canonical_root) {
            return self.warn(
                rel,
                format!("the symbolic link `{shown}` points to `{target_shown}`, outside the project folder: it is not followed, so nothing of it is published"),
                "copy the file or folder into content/ instead of linking to it",
            );
        }
        let within = path
            .parent()
            .and_then(|p| std::fs::canonicalize(p).ok())
            .is_some_and(|here| here.starts_with(&target));
        if target.is_dir() && (within || self.reading.iter().any(|r| r.starts_with(&target))) {
            return self.warn(
                rel,
                format!("the symbolic link `{shown}` points to `{target_shown}`, a folder that contains it: a loop, not followed"),
                "remove the link",
            );
        }
        if self.reading.iter().any(|r| target.starts_with(r)) {
            return self.warn(
                rel,
                format!("the symbolic link `{shown}` points to `{target_shown}`, which is read at its own place: the link is not followed"),
                "remove the link; a file of content/ is read once, where it is",
            );
        }
        self.warn(
            rel.clone(),
            format!("the symbolic link `{shown}` points to `{target_shown}`, inside the project folder: it is followed, and its files are read as if they were here"),
            "links can break when the folder is copied or archived; consider moving the files here",
        );
        if target.is_dir() {
            self.reading.push(target);
            self.folder(path);
            self.reading.pop();
        } else if target.is_file() {
            self.entries.push(Entry::File(rel, path.to_path_buf()));
        }
    }

    fn warn(&mut self, rel: PathBuf, message: String, hint: &str) {
        self.entries.push(Entry::Problem(Diagnostic {
            severity: Severity::Warning,
            file: rel,
            pos: Pos::new(1, 1),
            message,
            hint: Some(hint.to_string()),
        }));
    }
}

fn display(path: &Path, root: &Path) -> String {
    rel_path(root, path).display().to_string()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn outcome(root: &Path) -> (Vec<String>, Vec<String>) {
        let mut files = Vec::new();
        let mut warnings = Vec::new();
        for e in files_under(root, &root.join("content"), true) {
            match e {
                Entry::File(rel, _) => files.push(rel.display().to_string()),
                Entry::Problem(d) => warnings.push(format!("{}: {}", d.file.display(), d.message)),
            }
        }
        (files, warnings)
    }

    #[test]
    fn links_are_followed_inside_the_project_only_and_each_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let articles = root.join("content/articles");
        std::fs::create_dir_all(&articles).unwrap();
        std::fs::create_dir_all(root.join("shared/2026")).unwrap();
        std::fs::write(root.join("shared/2026/a.md"), "x").unwrap();
        std::fs::write(articles.join("b.md"), "x").unwrap();
        std::fs::create_dir_all(dir.path().join("outside")).unwrap();
        std::fs::write(dir.path().join("outside/secret.txt"), "x").unwrap();
        symlink(root.join("shared/2026"), articles.join("2026")).unwrap();
        symlink(
            dir.path().join("outside/secret.txt"),
            articles.join("secret.md"),
        )
        .unwrap();
        symlink(&articles, articles.join("loop")).unwrap();
        symlink(articles.join("b.md"), articles.join("c.md")).unwrap();
        symlink(root.join("nowhere"), articles.join("dangling.md")).unwrap();
        let (files, warnings) = outcome(&root);
        assert_eq!(
            files,
            ["content/articles/2026/a.md", "content/articles/b.md"]
        );
        let said: Vec<&str> = warnings.iter().map(String::as_str).collect();
        assert_eq!(said.len(), 5, "{said:#?}");
        assert!(said[0].starts_with(
            "content/articles/2026: the symbolic link `content/articles/2026` points to"
        ));
        assert!(said[0].ends_with(
            "inside the project folder: it is followed, and its files are read as if they were here"
        ));
        assert!(
            said[1].starts_with("content/articles/c.md: ")
                && said[1].ends_with("which is read at its own place: the link is not followed")
        );
        assert!(
            said[2].starts_with("content/articles/dangling.md: ")
                && said[2].contains("which cannot be read")
        );
        assert!(
            said[3].starts_with("content/articles/loop: ")
                && said[3].ends_with("a folder that contains it: a loop, not followed")
        );
        assert!(
            said[4].starts_with("content/articles/secret.md: ")
                && said[4].ends_with(
                    "outside the project folder: it is not followed, so nothing of it is published"
                )
        );
    }

    #[test]
    fn a_loop_through_two_links_outside_content_is_stopped() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("content/static")).unwrap();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/x.txt"), "x").unwrap();
        symlink(root.join("a"), root.join("content/static/a")).unwrap();
        symlink(root.join("content/static"), root.join("a/back")).unwrap();
        let (files, warnings) = outcome(&root);
        assert_eq!(files, ["content/static/a/x.txt"]);
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
        assert!(
            warnings[1].starts_with("content/static/a/back: ")
                && warnings[1]
                    .ends_with("which is read at its own place: the link is not followed")
        );
    }
}
