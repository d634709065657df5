//! After a build (its previous tree, [`super::settle`]) and after a crash: what an interrupted build left beside an output folder (its next tree, or the
//! previous tree it had not finished removing) is removed by the next bantin command, whichever
//! it is, and the command says so. The folder itself is always a whole site ([`super::Writer`]);
//! where the system had no atomic exchange and the build stopped between its two renames, the
//! previous site, renamed aside, is put back.

use std::fs;
use std::path::{Path, PathBuf};

use super::lock::Lock;
use super::tree;

/// Clean up after an interrupted build of `out`, unless a build of it is running: the notices
/// to show (none when there was nothing to do).
pub fn recover(out: &Path) -> Vec<String> {
    let mut notices = Vec::new();
    let aside = beside_entries(out, "old-");
    if fs::symlink_metadata(out).is_err() {
        // Stopped between the two renames of the fallback: the previous site goes back.
        if let Some(old) = aside.first()
            && fs::rename(old, out).is_ok()
        {
            notices.push(format!(
                "a bantin build of {} was interrupted while it switched sites: the previous site is back in place",
                out.display()
            ));
        }
        return notices;
    }
    if !fs::symlink_metadata(out).is_ok_and(|m| m.is_dir()) {
        return notices;
    }
    let nothing_left = beside_entries(out, "next-").is_empty()
        && beside_entries(out, "prev-").is_empty()
        && aside.is_empty()
        && fs::symlink_metadata(out.join(super::LEGACY_STAGING)).is_err();
    if nothing_left {
        return notices; // the usual case: nothing is written
    }
    let Ok(Ok((_lock, previous))) = Lock::try_take(out) else {
        return notices; // a build is running, or the folder cannot be locked: left to it
    };
    let left = leftovers(out);
    if let Some(pid) = previous.filter(|_| !left.is_empty()) {
        notices.push(format!(
            "a bantin build (pid {pid}) stopped before it finished"
        ));
    }
    notices.extend(left);
    notices
}

/// Remove what interrupted builds left beside `out` and in it (the caller holds its lock): a
/// notice for each thing removed, or that could not be.
pub fn leftovers(out: &Path) -> Vec<String> {
    let mut notices = super::settle::settle(out);
    let mut found = beside_entries(out, "next-");
    found.extend(beside_entries(out, "old-"));
    let staging = out.join(super::LEGACY_STAGING);
    if fs::symlink_metadata(&staging).is_ok() {
        found.push(staging);
    }
    if !found.is_empty() {
        // What is removed may be the site before the one in place, which must be on the disk
        // first (a build killed between its switch and keeping the previous tree).
        let _ = super::settle::sync(out);
    }
    for path in found {
        match tree::remove(&path) {
            Ok(()) => notices.push(format!(
                "removed {}, left by an interrupted build: {} is the site of the last finished build",
                path.display(),
                out.display()
            )),
            Err(e) => notices.push(format!(
                "could not remove {}, left by an interrupted build: {e}",
                path.display()
            )),
        }
    }
    notices
}

/// The entries beside `out` named `.<name>.bantin-<kind>…`.
pub(super) fn beside_entries(out: &Path, kind: &str) -> Vec<PathBuf> {
    let Some(name) = out.file_name() else {
        return Vec::new();
    };
    let prefix = format!(".{}.bantin-{kind}", name.to_string_lossy());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}
