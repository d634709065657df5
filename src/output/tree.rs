//! Whole trees of files: what in an output folder is not bantin's (to be carried into its next
//! tree), carrying it (hard links, symbolic links as they are), and removing a tree.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::lock::LOCK;
use super::manifest::{MARKER, Manifest};

/// What in the folder `out` is not bantin's, by path relative to it (a folder that holds
/// nothing of bantin's is given whole, not its files): sorted.
pub fn foreign(out: &Path, manifest: &Manifest) -> Vec<String> {
    // The folders that hold listed files, so that a folder of someone else's is told apart.
    let mut ours_dirs = std::collections::HashSet::new();
    for path in manifest.files.keys() {
        let mut p = path.as_str();
        while let Some((dir, _)) = p.rsplit_once('/') {
            if !ours_dirs.insert(dir.to_string()) {
                break;
            }
            p = dir;
        }
    }
    let mut found = Vec::new();
    walk_foreign(out, "", manifest, &ours_dirs, &mut found);
    found.sort();
    found
}

fn walk_foreign(
    dir: &Path,
    prefix: &str,
    manifest: &Manifest,
    ours_dirs: &std::collections::HashSet<String>,
    found: &mut Vec<String>,
) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        if prefix.is_empty() && (name == MARKER || name == LOCK || name == super::LEGACY_STAGING) {
            continue;
        }
        let Ok(ft) = e.file_type() else { continue };
        let ours_dir = if manifest.legacy {
            manifest.owns(&rel)
        } else {
            ours_dirs.contains(&rel)
        };
        if ft.is_dir() {
            if ours_dir {
                walk_foreign(&e.path(), &format!("{rel}/"), manifest, ours_dirs, found);
            } else {
                found.push(rel);
            }
        } else if !manifest.owns(&rel) {
            found.push(rel);
        }
    }
}

/// Put `from` (a file, a symbolic link or a folder, not followed) at `to`: files as hard links,
/// links as links to the same target, folders made anew with what they hold carried.
pub fn carry(from: &Path, to: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(from)?;
    if meta.file_type().is_symlink() {
        return symlink(&fs::read_link(from)?, to);
    }
    if meta.is_dir() {
        fs::create_dir(to)?;
        fs::set_permissions(to, meta.permissions())?;
        for e in fs::read_dir(from)? {
            let e = e?;
            carry(&e.path(), &to.join(e.file_name()))?;
        }
        return Ok(());
    }
    fs::hard_link(from, to)
}

#[cfg(unix)]
fn symlink(target: &Path, at: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(target, at)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _at: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "symbolic links are carried on Unix only",
    ))
}

/// Remove the tree at `path` (a folder, a file or a link), folders in parallel.
pub fn remove(path: &Path) -> io::Result<()> {
    let meta = match fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    if !meta.is_dir() {
        return fs::remove_file(path);
    }
    let entries: Vec<PathBuf> = fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|p| remove(p))?;
    fs::remove_dir(path)
}

/// Every file and symbolic link under `dir` (not followed), by path relative to it, but the
/// marker and the lock at its top.
pub fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((d, prefix)) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let rel = format!("{prefix}{}", e.file_name().to_string_lossy());
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push((e.path(), format!("{rel}/"))),
                Ok(_) if rel != MARKER && rel != LOCK => found.push(rel),
                _ => {}
            }
        }
    }
    found
}
