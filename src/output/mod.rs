//! The only writer (SPEC §9): refuses unsafe output folders and writes the site into one all at
//! once ([`Writer`]: a new tree beside it, switched with it in one step). Only the files its
//! manifest lists are bantin's; nothing else in the folder is ever removed. [`write_site`]
//! writes files held in memory (snapshots) the same way; [`recover`] cleans up after a build
//! that was interrupted.

mod lock;
mod manifest;
mod recover;
mod settle;
mod switch;
#[cfg(test)]
mod tests;
mod tree;

use std::collections::HashSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::model::OutputFile;

pub use lock::LOCK;
pub use manifest::MARKER;
pub use recover::recover;
pub use switch::Writer;

/// The hidden folder inside an output folder where bantin staged its files before issue 17;
/// one left by an interrupted build is removed.
const LEGACY_STAGING: &str = ".bantin-staging";

use crate::error::EnvError;

/// What a write changed.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    /// Files bantin had written that the site no longer has.
    pub removed: usize,
    /// What in the folder is not bantin's and was kept (paths relative to it).
    pub kept: Vec<String>,
    /// What the writer did besides (a stale lock taken over, leftovers of a build removed…).
    pub notices: Vec<String>,
}

/// The path beside `out` named `.<name>.bantin-<what>` (in the same folder, so on the same file
/// system).
fn beside(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    out.with_file_name(format!(".{name}.bantin-{what}"))
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    // Resolve `..` lexically, then symlinks where the path exists.
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    fs::canonicalize(&out).unwrap_or(out)
}

/// Refuse an output folder that is the project root (when the project is on disk), `content/`,
/// `templates/`, an ancestor of them, `/`, the home folder ([`check_place`]), or a non-empty
/// folder bantin did not create.
pub fn check_out_dir(root: Option<&Path>, out: &Path) -> Result<(), EnvError> {
    check_place(root, out, "write the site into")?;
    let out_abs = absolute(out);
    let refuse = |why: &str| {
        Err(EnvError::Unsafe(format!(
            "refusing to write the site into {}: {why}",
            out.display()
        )))
    };
    if out_abs.exists() {
        if !out_abs.is_dir() {
            return refuse("it is a file, not a folder");
        }
        let empty = fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !out_abs.join(MARKER).is_file() {
            return refuse(&format!(
                "the folder is not empty and was not made by bantin (no {MARKER} file); choose an empty or new folder"
            ));
        }
    }
    Ok(())
}

/// Refuse to `act` (e.g. "write the site into") in a folder that is `/`, the home folder, the
/// project root (when the project is on disk), `content/`, `templates/`, an ancestor of them, or
/// inside `content/` or `templates/`.
pub fn check_place(root: Option<&Path>, out: &Path, act: &str) -> Result<(), EnvError> {
    let out_abs = absolute(out);
    let home = std::env::var_os("HOME").map(|h| absolute(Path::new(&h)));
    let refuse = |why: &str| {
        Err(EnvError::Unsafe(format!(
            "refusing to {act} {}: {why}",
            out.display()
        )))
    };
    if out_abs.parent().is_none() {
        return refuse("it is the file system root");
    }
    if home.as_ref() == Some(&out_abs) {
        return refuse("it is your home folder");
    }
    let root_abs = root.map(absolute);
    let project = root_abs
        .iter()
        .flat_map(|root| [root.clone(), root.join("content"), root.join("templates")]);
    for protected in project {
        let protected = absolute(&protected);
        if protected.starts_with(&out_abs) {
            return refuse(&format!(
                "it holds {} (bantin replaces what is in its output folder)",
                protected.display()
            ));
        }
        if out_abs.starts_with(&protected) && Some(&protected) != root_abs.as_ref() {
            return refuse(&format!("it is inside {}", protected.display()));
        }
    }
    Ok(())
}

/// A path from the site is safe when it is relative, has no `..`, no NUL and no empty parts.
pub fn safe_relative(path: &str) -> Result<PathBuf, EnvError> {
    let bad = || EnvError::BadPath(format!("unsafe output path `{}`", path.escape_debug()));
    if path.is_empty() || path.contains('\0') || path.contains('\\') || path.starts_with('/') {
        return Err(bad());
    }
    let mut out = PathBuf::new();
    for part in path.split('/') {
        if part.is_empty() || part == "." || part == ".." || part.contains(':') {
            return Err(bad());
        }
        out.push(part);
    }
    Ok(out)
}

/// What stops the files of one site from being written, found before anything is written, so
/// that `check` and `build` agree: a path that is not [`safe_relative`], or a file whose path is
/// also a folder of another file (`thong-ke` beside `thong-ke/index.html`). In path order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathProblem {
    Unsafe(String),
    /// (the file, a file under a folder of that name)
    FileIsFolder(String, String),
}

pub fn path_problems<'p>(paths: impl IntoIterator<Item = &'p str>) -> Vec<PathProblem> {
    let mut paths: Vec<&str> = paths.into_iter().collect();
    paths.sort_unstable();
    paths.dedup();
    let files: HashSet<&str> = paths.iter().copied().collect();
    let mut out = Vec::new();
    // A file is reported once, with the first path (in order) that needs it as a folder.
    let mut in_the_way: HashSet<&str> = HashSet::new();
    for &p in &paths {
        if safe_relative(p).is_err() {
            out.push(PathProblem::Unsafe(p.to_string()));
            continue;
        }
        for (at, _) in p.match_indices('/') {
            let folder = &p[..at];
            if files.contains(folder) {
                if in_the_way.insert(folder) {
                    out.push(PathProblem::FileIsFolder(folder.to_string(), p.to_string()));
                }
                break;
            }
        }
    }
    out.sort_by(|a, b| {
        let key = |x: &PathProblem| match x {
            PathProblem::Unsafe(p) | PathProblem::FileIsFolder(p, _) => p.clone(),
        };
        key(a).cmp(&key(b))
    });
    out
}

/// Write `files` held in memory into `out` (snapshots), as a build writes them ([`Writer`]).
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<WriteStats, EnvError> {
    let writer = Writer::for_folder(out)?;
    files
        .par_iter()
        .with_max_len(crate::PAR_BATCH)
        .for_each(|f| writer.put(f));
    writer.finish()
}
