//! Writing the output folder all at once (SPEC §9). A build writes its files, while the site
//! renders, into a new tree beside the folder (`.<name>.bantin-next-<pid>`): changed files are
//! written there, unchanged ones (by the manifest) are hard links to the files in place, and
//! what in the folder is not bantin's (`.git/`, `CNAME`, …) is carried over the same way. When
//! the tree is whole, it is switched with the folder in one step (`renameat2(RENAME_EXCHANGE)`
//! on Linux). The previous tree is kept beside the folder until the next command knows the new
//! one is on the disk ([`super::settle`]); where it cannot be, the tree is synced before the
//! switch and the previous one removed after it.
//!
//! So a reader of the folder (a web server) sees the previous site or the new one, never a mix,
//! whenever the build stops: a kill before the switch leaves the previous site (and a tree
//! beside it that the next command removes), after it the new one. Where the
//! exchange is not available, the folder is renamed aside and the tree renamed into its place:
//! for that moment there is no folder, never a mixed one. A build that changes nothing switches
//! nothing: the folder is left exactly as it was.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use super::lock::{LOCK, Lock};
use super::manifest::{self, Listed, MARKER, Manifest};
use super::settle::{self, sync};
use super::{WriteStats, safe_relative, tree};
use crate::error::EnvError;
use crate::model::OutputFile;

/// Where a build writes its files while the site renders, from any thread (see the module).
pub struct Writer {
    /// The output folder (when `--out` names a symbolic link to a folder, that folder).
    out: PathBuf,
    /// The next tree, beside it.
    next: PathBuf,
    /// What the folder held (its manifest; empty for a new folder).
    old: Manifest,
    /// The outermost folder made to hold the output folder (with it), removed if the build fails.
    made: Option<PathBuf>,
    lock: Lock,
    begun: OnceLock<Result<(), EnvError>>,
    state: Mutex<State>,
    /// Folders of the next tree made so far.
    folders: Mutex<HashSet<PathBuf>>,
    /// Set by [`Writer::settle_later`]: the boot the previous tree is kept under.
    pub(super) later: Option<String>,
    notices: Vec<String>,
}

#[derive(Default)]
struct State {
    /// Every path given, written or not.
    paths: Vec<String>,
    /// Every file given with its size and hash: the next manifest.
    listed: Vec<(String, Listed)>,
    written: usize,
    /// Unchanged files given before the next tree was begun: linked into it when it is.
    pending: Vec<PathBuf>,
    begun: bool,
    errors: Vec<(String, EnvError)>,
}

impl Writer {
    /// The writer for `out` (which [`super::check_out_dir`] accepted): the folder is made when
    /// missing (with the folders leading to it), its lock taken ([`Lock::take`]), and what an
    /// interrupted build left beside it removed.
    pub fn for_folder(out: &Path) -> Result<Writer, EnvError> {
        let out = match fs::symlink_metadata(out) {
            Ok(m) if m.file_type().is_symlink() => {
                fs::canonicalize(out).map_err(|e| EnvError::io("cannot follow", out, e))?
            }
            _ => out.to_path_buf(),
        };
        let made = make_folder(&out)?;
        let taken = (|| {
            refuse_mount_point(&out)?;
            let mut notices = Vec::new();
            let lock = Lock::take(&out, &mut notices)?;
            notices.extend(super::recover::leftovers(&out));
            Ok((lock, notices))
        })();
        let (lock, notices) = match taken {
            Ok(t) => t,
            Err(e) => {
                if let Some(top) = &made {
                    let _ = tree::remove(top);
                }
                return Err(e);
            }
        };
        Ok(Writer {
            next: super::beside(&out, &format!("next-{}", std::process::id())),
            old: Manifest::read(&out).unwrap_or_default(),
            out,
            made,
            lock,
            begun: OnceLock::new(),
            state: Mutex::new(State::default()),
            folders: Mutex::new(HashSet::new()),
            later: None,
            notices,
        })
    }

    /// Switch without waiting for the disk, and keep the previous tree until the next command
    /// settles the folder ([`settle`]), where the system names its boot; else sync first.
    pub fn settle_later(&mut self) {
        self.later = settle::boot_id();
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Write `file` into the next tree (an unchanged one as a link to the file in place). An
    /// error is kept for [`Writer::finish`].
    pub fn put(&self, file: &OutputFile) {
        let outcome = safe_relative(&file.path).and_then(|rel| {
            let listed = Listed {
                size: file.bytes.len() as u64,
                hash: manifest::hash(&file.bytes),
            };
            let unchanged = self.old.unchanged_on_disk(&self.out, &file.path, listed);
            {
                let mut st = self.state();
                st.paths.push(file.path.clone());
                st.listed.push((file.path.clone(), listed));
                if unchanged && !st.begun {
                    st.pending.push(rel);
                    return Ok(());
                }
                st.written += usize::from(!unchanged);
            }
            self.begin()?;
            if unchanged {
                self.link(&rel)
            } else {
                self.write(&rel, &file.bytes)
            }
        });
        if let Err(e) = outcome {
            let mut st = self.state();
            if !st.paths.contains(&file.path) {
                st.paths.push(file.path.clone());
            }
            st.errors.push((file.path.clone(), e));
        }
    }

    /// The paths of the files given so far, written or not (in no particular order).
    pub fn paths(&self) -> Vec<String> {
        self.state().paths.clone()
    }

    /// The next tree, made once, with the unchanged files given before it linked into it.
    fn begin(&self) -> Result<(), EnvError> {
        self.begun
            .get_or_init(|| {
                fs::create_dir(&self.next)
                    .map_err(|e| EnvError::io("cannot create", &self.next, e))?;
                let mut st = self.state();
                st.begun = true;
                for rel in std::mem::take(&mut st.pending) {
                    self.link(&rel)?;
                }
                Ok(())
            })
            .clone()
    }

    /// The folder of `rel` in the next tree, made if this build has not made it yet.
    fn folder_of(&self, rel: &Path) -> Result<PathBuf, EnvError> {
        let dest = self.next.join(rel);
        let dir = dest.parent().unwrap_or(&self.next).to_path_buf();
        let new = self
            .folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(dir.clone());
        if new || !dir.is_dir() {
            fs::create_dir_all(&dir).map_err(|e| EnvError::io("cannot create", &dir, e))?;
        }
        Ok(dest)
    }

    fn write(&self, rel: &Path, bytes: &[u8]) -> Result<(), EnvError> {
        let dest = self.folder_of(rel)?;
        fs::write(&dest, bytes).map_err(|e| EnvError::io("cannot write", &dest, e))
    }

    /// The unchanged file `rel` in the next tree: a hard link to the one in place (a copy where
    /// links cannot be made).
    fn link(&self, rel: &Path) -> Result<(), EnvError> {
        let dest = self.folder_of(rel)?;
        let from = self.out.join(rel);
        fs::hard_link(&from, &dest)
            .or_else(|_| fs::copy(&from, &dest).map(drop))
            .map_err(|e| EnvError::io("cannot write", &dest, e))
    }

    /// Switch the folder to the next tree, with what is not bantin's carried over and the files
    /// that no longer belong to the site left out; or report the first error (in path order) and
    /// leave the folder as it was.
    pub fn finish(mut self) -> Result<WriteStats, EnvError> {
        let mut st = std::mem::take(&mut *self.state());
        if let Some((_, e)) = std::mem::take(&mut st.errors)
            .into_iter()
            .min_by(|a, b| a.0.cmp(&b.0))
        {
            self.undo();
            return Err(e);
        }
        let produced: HashSet<String> = st.listed.iter().map(|(p, _)| p.clone()).collect();
        let foreign = tree::foreign(&self.out, &self.old);
        let removed = self.stale(&produced);
        let mut stats = WriteStats {
            written: st.written,
            unchanged: st.listed.len() - st.written,
            removed,
            kept: foreign.clone(),
            notices: std::mem::take(&mut self.notices),
        };
        let switch = st.begun || removed > 0 || self.old.legacy || self.old.written.is_none();
        if !switch {
            return Ok(stats); // nothing changed: the folder stays exactly as it was
        }
        let outcome = (|| {
            self.begin()?;
            for rel in &foreign {
                if produced.contains(rel) {
                    stats.notices.push(format!(
                        "{} was not written by bantin and the site now has a file there: the site's file replaces it",
                        self.out.join(rel).display()
                    ));
                    continue;
                }
                let to = self.folder_of(Path::new(rel))?;
                tree::carry(&self.out.join(rel), &to)
                    .map_err(|e| EnvError::io("cannot keep", self.out.join(rel), e))?;
            }
            let marker = self.next.join(MARKER);
            fs::write(&marker, manifest::text(&mut st.listed))
                .map_err(|e| EnvError::io("cannot write", &marker, e))?;
            let lock = self.next.join(LOCK);
            fs::hard_link(self.lock.path(), &lock)
                .map_err(|e| EnvError::io("cannot write", &lock, e))?;
            if self.later.is_none() {
                sync(&self.next).map_err(|e| EnvError::io("cannot sync", &self.next, e))?;
            }
            exchange(&self.next, &self.out)
                .map_err(|e| EnvError::io("cannot switch to the new site", &self.out, e))
        })();
        if let Err(e) = outcome {
            self.undo();
            return Err(e);
        }
        // The previous tree is now beside the folder, where the next one was: kept until the
        // folder is on the disk, or removed now that it is.
        let kept = self
            .later
            .as_deref()
            .is_some_and(|boot| settle::keep(&self.next, &self.out, boot).is_ok());
        if !kept {
            if self.later.is_some() {
                let _ = sync(&self.out);
            }
            if let Err(e) = tree::remove(&self.next) {
                stats.notices.push(format!(
                    "could not remove the previous site from {} ({e}); the next bantin command removes it",
                    self.next.display()
                ));
            }
            if let Some(parent) = self.out.parent() {
                let _ = sync(parent);
            }
        }
        Ok(stats)
    }

    /// How many files bantin wrote in the folder that the site no longer has.
    fn stale(&self, produced: &HashSet<String>) -> usize {
        if self.old.legacy {
            return tree::files(&self.out)
                .iter()
                .filter(|p| self.old.owns(p) && !produced.contains(*p))
                .count();
        }
        self.old
            .files
            .keys()
            .filter(|p| !produced.contains(*p))
            .filter(|p| fs::symlink_metadata(self.out.join(p)).is_ok())
            .count()
    }

    /// Leave the folder as it was: the build failed.
    pub fn abandon(self) {
        self.undo();
    }

    fn undo(&self) {
        if self.begun.get().is_some() {
            let _ = tree::remove(&self.next);
        }
        if let Some(top) = &self.made {
            let _ = tree::remove(top);
        }
    }
}

/// Make `out` when it is missing, with the folders leading to it: the outermost made (or none
/// when it was there). A folder that appears meanwhile is not this build's: an error.
fn make_folder(out: &Path) -> Result<Option<PathBuf>, EnvError> {
    let made = crate::atomic::make_dirs(out).map_err(|e| EnvError::io("cannot create", out, e))?;
    Ok(made.into_iter().next())
}

/// Refuse an output folder that is a mount point: its next tree, beside it, would be on
/// another file system, and could not be switched with it.
fn refuse_mount_point(out: &Path) -> Result<(), EnvError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
        let parent = parent.unwrap_or(Path::new("."));
        if let (Ok(o), Ok(p)) = (fs::metadata(out), fs::metadata(parent))
            && o.dev() != p.dev()
        {
            return Err(EnvError::Unsafe(format!(
                "refusing to write the site into {}: it is a mount point, and bantin switches the whole folder at once with a new one made beside it; write into a folder inside it",
                out.display()
            )));
        }
    }
    Ok(())
}

/// Put the tree `next` at `out` and the tree at `out` at `next`, in one step where the system
/// can (Linux); else `out` is renamed aside, `next` renamed into its place, and the aside tree
/// renamed to `next` (if the second rename fails, the first is undone).
pub(super) fn exchange(next: &Path, out: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, next, CWD, out, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
            Err(e) => return Err(e.into()),
        }
    }
    exchange_by_renames(next, out)
}

/// [`exchange`] where the system has no atomic exchange: `out` renamed aside, `next` into its
/// place, the aside tree to `next`.
pub(super) fn exchange_by_renames(next: &Path, out: &Path) -> io::Result<()> {
    let aside = super::beside(out, &format!("old-{}", std::process::id()));
    fs::rename(out, &aside)?;
    if let Err(e) = fs::rename(next, out) {
        let _ = fs::rename(&aside, out);
        return Err(e);
    }
    fs::rename(&aside, next)
}
