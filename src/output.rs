//! The only writer (SPEC §9): refuses unsafe output folders, never writes outside `--out`,
//! and updates the folder in place — changed files renamed into place, unchanged files
//! untouched, files that no longer belong to the site removed. Builds write while the site
//! renders ([`Writer`]): a new folder ([`NewFolder`]) in a staging folder moved into place when
//! the site is whole; an existing one ([`ExistingFolder`]) by comparing each file as it is made
//! and staging the changed ones, renamed into place when the site is whole. A failed build
//! leaves the disk as it was. [`write_site`] writes files held in memory (snapshots).

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::render::OutputFile;

/// The file that marks a folder as bantin's output, so a later build may update it.
pub const MARKER: &str = ".bantin-output";

/// The hidden folder inside a new output folder where its files are written before they are
/// moved into place.
const STAGING: &str = ".bantin-staging";

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputError {
    /// The folder is not one bantin may write into.
    Unsafe(String),
    Io(String),
    /// A path from content would land outside the output folder.
    BadPath(String),
}

impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            OutputError::Unsafe(m) | OutputError::Io(m) | OutputError::BadPath(m) => f.write_str(m),
        }
    }
}

/// What a write changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
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

/// Refuse an output folder that is the project root, `content/`, `templates/`, an ancestor of
/// them, `/`, the home folder, or a non-empty folder bantin did not create.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), OutputError> {
    let out_abs = absolute(out);
    let root_abs = absolute(root);
    let home = std::env::var_os("HOME").map(|h| absolute(Path::new(&h)));
    let refuse = |why: &str| {
        Err(OutputError::Unsafe(format!(
            "refusing to write the site into {}: {why}",
            out.display()
        )))
    };
    if out_abs.parent().is_none() {
        return refuse("it is the file system root");
    }
    if home.as_ref() == Some(&out_abs) {
        return refuse("it is your home folder");
    }
    for protected in [
        root_abs.clone(),
        root_abs.join("content"),
        root_abs.join("templates"),
    ] {
        let protected = absolute(&protected);
        if protected.starts_with(&out_abs) {
            return refuse(&format!(
                "it holds {} (bantin replaces what is in its output folder)",
                protected.display()
            ));
        }
        if out_abs.starts_with(&protected) && protected != root_abs {
            return refuse(&format!("it is inside {}", protected.display()));
        }
    }
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

/// A path from the site is safe when it is relative, has no `..`, no NUL and no empty parts.
pub fn safe_relative(path: &str) -> Result<PathBuf, OutputError> {
    let bad = || OutputError::BadPath(format!("unsafe output path `{}`", path.escape_debug()));
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

/// Write `files` into `out`, updating it in place.
///
/// Folders are made first, then files are compared and written in parallel (each through its
/// own temporary name); the first error in the files' order is the one reported. A folder this
/// run creates is written in its staging folder instead, files straight away (no earlier version
/// to compare with), then moved into place entry by entry once every file is written.
pub fn write_site(out: &Path, files: &[OutputFile]) -> Result<WriteStats, OutputError> {
    let io = |what: &str, p: &Path, e: std::io::Error| {
        OutputError::Io(format!("{what} {}: {e}", p.display()))
    };
    let checked: Vec<Result<PathBuf, OutputError>> = files
        .par_iter()
        .with_max_len(1024)
        .map(|f| safe_relative(&f.path))
        .collect();
    let rels = checked.into_iter().collect::<Result<Vec<PathBuf>, _>>()?;
    let existed = out.is_dir();
    fs::create_dir_all(out).map_err(|e| io("cannot create", out, e))?;
    mark(out)?;
    // Files come in path order, so most repeats of a folder are next to each other (the others
    // are made twice, which is harmless).
    let mut folders: Vec<&Path> = rels
        .iter()
        .filter_map(|rel| rel.parent())
        .filter(|p| !p.as_os_str().is_empty())
        .collect();
    folders.dedup();
    // A new output folder is written in a hidden folder inside it, whose entries are then moved
    // into place: no page is visible before it is whole, without a rename for every file.
    let base = if existed {
        out.to_path_buf()
    } else {
        let stage = out.join(STAGING);
        fs::create_dir(&stage).map_err(|e| io("cannot create", &stage, e))?;
        stage
    };
    // Folders in parallel; one that needs a file moved out of its way is made again in order.
    let blocked: Vec<&Path> = folders
        .par_iter()
        .filter(|dir| fs::create_dir_all(base.join(dir)).is_err())
        .copied()
        .collect();
    for dir in blocked {
        create_dirs(&base, &base.join(dir))?;
    }
    let outcomes: Vec<Result<bool, OutputError>> = files
        .par_iter()
        .zip(&rels)
        .with_max_len(crate::PAR_BATCH)
        .map(|(f, rel)| {
            if existed {
                write_file(&out.join(rel), &f.bytes)
            } else {
                let dest = base.join(rel);
                fs::write(&dest, &f.bytes)
                    .map(|()| true)
                    .map_err(|e| io("cannot write", &dest, e))
            }
        })
        .collect();
    let mut stats = WriteStats::default();
    for outcome in outcomes {
        if outcome? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    if !existed {
        // Written whole or not at all: an error above leaves the staging folder, which the next
        // build removes as a file that does not belong to the site.
        let tops: BTreeSet<&Path> = rels
            .iter()
            .filter_map(|r| r.components().next())
            .map(|c| Path::new(c.as_os_str()))
            .collect();
        for top in tops {
            fs::rename(base.join(top), out.join(top))
                .map_err(|e| io("cannot move into place", &out.join(top), e))?;
        }
        fs::remove_dir(&base).map_err(|e| io("cannot remove", &base, e))?;
    }
    if existed {
        let mut keep: HashSet<&Path> = rels.iter().map(PathBuf::as_path).collect();
        keep.insert(Path::new(MARKER));
        stats.removed = remove_stale(out, out, &keep)?;
    }
    Ok(stats)
}

/// A new output folder (none stood at `--out`), written while the site is rendered: each file
/// goes into the staging folder as soon as it is made, so no page waits in memory for the
/// others. [`NewFolder::finish`] moves the site into place once it is whole;
/// [`NewFolder::abandon`] leaves the disk as it was (a failed build writes nothing).
pub struct NewFolder {
    out: PathBuf,
    stage: PathBuf,
    /// The first of the folders this build made: `out`, or a missing folder leading to it.
    top: std::sync::OnceLock<PathBuf>,
    /// Whether the folders were made: `None` before the first file.
    begun: std::sync::OnceLock<Result<(), OutputError>>,
    state: std::sync::Mutex<Written>,
    /// Folders of the staging folder made so far.
    folders: std::sync::Mutex<HashSet<PathBuf>>,
}

/// What a [`NewFolder`] was given: its files' paths, and the write errors by path.
#[derive(Default)]
struct Written {
    paths: Vec<String>,
    errors: Vec<(String, OutputError)>,
}

impl NewFolder {
    /// A writer for `out` when no folder stands there (nothing is made before the first file),
    /// or `None`: an existing folder is updated in place by [`write_site`].
    pub fn new(out: &Path) -> Option<NewFolder> {
        (!out.is_dir()).then(|| NewFolder {
            out: out.to_path_buf(),
            stage: out.join(STAGING),
            top: std::sync::OnceLock::new(),
            begun: std::sync::OnceLock::new(),
            state: std::sync::Mutex::new(Written::default()),
            folders: std::sync::Mutex::new(HashSet::new()),
        })
    }

    fn begin(&self) -> Result<(), OutputError> {
        let io = |what: &str, p: &Path, e: std::io::Error| {
            OutputError::Io(format!("{what} {}: {e}", p.display()))
        };
        // The folders leading to `out` that are missing are made too, and removed with it.
        let top = self
            .out
            .ancestors()
            .skip(1)
            .take_while(|a| !a.as_os_str().is_empty() && fs::symlink_metadata(a).is_err())
            .last();
        let _ = self.top.set(top.unwrap_or(&self.out).to_path_buf());
        if let Some(parent) = self.out.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| io("cannot create", parent, e))?;
        }
        // Made here, or not at all: a folder that appeared meanwhile is not this build's.
        fs::create_dir(&self.out).map_err(|e| io("cannot create", &self.out, e))?;
        mark(&self.out)?;
        fs::create_dir(&self.stage).map_err(|e| io("cannot create", &self.stage, e))
    }

    /// Write `file` into the staging folder (from any thread). An error is kept for
    /// [`NewFolder::finish`].
    pub fn put(&self, file: OutputFile) {
        let written = self
            .begun
            .get_or_init(|| self.begin())
            .clone()
            .and_then(|()| safe_relative(&file.path))
            .and_then(|rel| write_staged(&self.stage, &self.folders, &rel, &file.bytes));
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match written {
            Ok(()) => state.paths.push(file.path),
            Err(e) => state.errors.push((file.path, e)),
        }
    }

    /// The paths of the files written so far (in no particular order).
    pub fn paths(&self) -> Vec<String> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.paths.clone()
    }

    /// Move the site into place, entry by entry, once every file is written; or report the
    /// first error (in path order) and leave nothing of the site in place.
    pub fn finish(self) -> Result<WriteStats, OutputError> {
        self.begun.get_or_init(|| self.begin()).clone()?;
        let state = std::mem::take(&mut *self.state.lock().unwrap_or_else(|e| e.into_inner()));
        let failed = state.errors.into_iter().min_by(|a, b| a.0.cmp(&b.0));
        if let Some((_, e)) = failed {
            // The folder is this build's: nothing of it stays.
            self.remove_made();
            return Err(e);
        }
        let tops: BTreeSet<&str> = state
            .paths
            .iter()
            .map(|p| p.split('/').next().unwrap_or(p))
            .collect();
        for top in tops {
            fs::rename(self.stage.join(top), self.out.join(top)).map_err(|e| {
                OutputError::Io(format!(
                    "cannot move into place {}: {e}",
                    self.out.join(top).display()
                ))
            })?;
        }
        fs::remove_dir(&self.stage)
            .map_err(|e| OutputError::Io(format!("cannot remove {}: {e}", self.stage.display())))?;
        Ok(WriteStats {
            written: state.paths.len(),
            unchanged: 0,
            removed: 0,
        })
    }

    /// Remove whatever was written: the build failed, and the disk is left as it was.
    pub fn abandon(self) {
        if self.begun.get().is_some_and(Result::is_ok) {
            self.remove_made();
        }
    }

    /// Remove the output folder and the folders made to hold it: nothing of the build stays.
    fn remove_made(&self) {
        let _ = fs::remove_dir_all(self.top.get().unwrap_or(&self.out));
    }
}

/// An output folder that exists (bantin's, or empty), updated while the site is rendered: each
/// file is compared with the one in place as soon as it is made, and only a changed one is
/// written, into the staging folder. [`ExistingFolder::finish`] then renames the changed files
/// into place and removes the files that no longer belong to the site; [`ExistingFolder::abandon`]
/// removes the staging folder, leaving the output exactly as it was.
pub struct ExistingFolder {
    out: PathBuf,
    stage: PathBuf,
    /// Whether the staging folder was made: `None` before the first changed file.
    begun: std::sync::OnceLock<Result<(), OutputError>>,
    /// The output folder's access and modification times before the staging folder was made,
    /// given back to it when the build fails.
    times: std::sync::OnceLock<Option<(std::time::SystemTime, std::time::SystemTime)>>,
    state: std::sync::Mutex<Updated>,
    /// Folders of the staging folder made so far.
    folders: std::sync::Mutex<HashSet<PathBuf>>,
}

/// What an [`ExistingFolder`] was given: all paths, the changed ones, and write errors by path.
#[derive(Default)]
struct Updated {
    paths: Vec<String>,
    changed: Vec<String>,
    errors: Vec<(String, OutputError)>,
}

impl ExistingFolder {
    /// A writer for the folder at `out`, which exists and which [`check_out_dir`] accepted.
    pub fn new(out: &Path) -> ExistingFolder {
        ExistingFolder {
            out: out.to_path_buf(),
            stage: out.join(STAGING),
            begun: std::sync::OnceLock::new(),
            times: std::sync::OnceLock::new(),
            state: std::sync::Mutex::new(Updated::default()),
            folders: std::sync::Mutex::new(HashSet::new()),
        }
    }

    /// A staging folder of its own (one left by a build that was interrupted is removed).
    fn begin(&self) -> Result<(), OutputError> {
        let _ = self.times.set(
            fs::metadata(&self.out)
                .ok()
                .and_then(|m| Some((m.accessed().ok()?, m.modified().ok()?))),
        );
        if fs::symlink_metadata(&self.stage).is_ok() {
            remove_path(&self.stage)?;
        }
        fs::create_dir(&self.stage)
            .map_err(|e| OutputError::Io(format!("cannot create {}: {e}", self.stage.display())))
    }

    /// Compare `file` with the one in place and stage it when it differs (from any thread). An
    /// error is kept for [`ExistingFolder::finish`].
    pub fn put(&self, file: OutputFile) {
        let outcome = safe_relative(&file.path).and_then(|rel| {
            let dest = self.out.join(&rel);
            if same_file_bytes(&dest, &file.bytes) {
                return Ok(false);
            }
            self.begun.get_or_init(|| self.begin()).clone()?;
            write_staged(&self.stage, &self.folders, &rel, &file.bytes).map(|()| true)
        });
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match outcome {
            Ok(changed) => {
                if changed {
                    state.changed.push(file.path.clone());
                }
                state.paths.push(file.path);
            }
            Err(e) => state.errors.push((file.path, e)),
        }
    }

    /// The paths of the files given so far (in no particular order).
    pub fn paths(&self) -> Vec<String> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.paths.clone()
    }

    /// Rename the changed files into place and remove the files that no longer belong to the
    /// site; or report the first error (in path order), leaving the output as it was.
    pub fn finish(self) -> Result<WriteStats, OutputError> {
        let state = std::mem::take(&mut *self.state.lock().unwrap_or_else(|e| e.into_inner()));
        if let Some((_, e)) = state.errors.into_iter().min_by(|a, b| a.0.cmp(&b.0)) {
            self.remove_stage();
            return Err(e);
        }
        mark(&self.out)?;
        let mut changed = state.changed;
        changed.sort();
        for path in &changed {
            let dest = self.out.join(path);
            if let Some(dir) = dest.parent() {
                create_dirs(&self.out, dir)?;
            }
            if fs::symlink_metadata(&dest).is_ok_and(|m| m.is_dir()) {
                fs::remove_dir_all(&dest).map_err(|e| {
                    OutputError::Io(format!("cannot replace folder {}: {e}", dest.display()))
                })?;
            }
            fs::rename(self.stage.join(path), &dest).map_err(|e| {
                OutputError::Io(format!("cannot rename into {}: {e}", dest.display()))
            })?;
        }
        if fs::symlink_metadata(&self.stage).is_ok() {
            remove_path(&self.stage)?;
        }
        let mut keep: HashSet<&Path> = state.paths.iter().map(Path::new).collect();
        keep.insert(Path::new(MARKER));
        let removed = remove_stale(&self.out, &self.out, &keep)?;
        Ok(WriteStats {
            written: changed.len(),
            unchanged: state.paths.len() - changed.len(),
            removed,
        })
    }

    /// Remove the staging folder: the build failed, and the output is left as it was.
    pub fn abandon(self) {
        self.remove_stage();
    }

    /// Remove the staging folder, and give the output folder back its times.
    fn remove_stage(&self) {
        if self.begun.get().is_some_and(Result::is_ok) {
            let _ = fs::remove_dir_all(&self.stage);
        }
        if let Some(Some((accessed, modified))) = self.times.get()
            && let Ok(dir) = fs::File::open(&self.out)
        {
            let times = fs::FileTimes::new()
                .set_accessed(*accessed)
                .set_modified(*modified);
            let _ = dir.set_times(times);
        }
    }
}

/// Write `bytes` at `rel` in the staging folder `stage`, whose folders made so far are in
/// `folders` (shared by the threads writing). A page's folder is its own: it is made before the
/// file, not after a failed try; a folder that another thread is making may not be there yet,
/// and is then made here too.
fn write_staged(
    stage: &Path,
    folders: &std::sync::Mutex<HashSet<PathBuf>>,
    rel: &Path,
    bytes: &[u8],
) -> Result<(), OutputError> {
    let dest = stage.join(rel);
    let dir = dest.parent().unwrap_or(stage);
    let new_folder = folders
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(dir.to_path_buf());
    let made = if new_folder {
        fs::create_dir_all(dir)
    } else {
        Ok(())
    };
    made.and_then(|()| fs::write(&dest, bytes))
        .or_else(|e| match e.kind() {
            std::io::ErrorKind::NotFound => {
                fs::create_dir_all(dir).and_then(|()| fs::write(&dest, bytes))
            }
            _ => Err(e),
        })
        .map_err(|e| OutputError::Io(format!("cannot write {}: {e}", dest.display())))
}

/// Put the marker file in `out` unless it is there: the folder is bantin's, to update.
fn mark(out: &Path) -> Result<(), OutputError> {
    let marker = out.join(MARKER);
    if marker.is_file() {
        return Ok(());
    }
    fs::write(
        &marker,
        b"This folder is written by bantin; it updates and removes files here.\n",
    )
    .map_err(|e| OutputError::Io(format!("cannot write {}: {e}", marker.display())))
}

/// Whether `dest` is a file holding exactly `bytes`.
fn same_file_bytes(dest: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(dest).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(dest).is_ok_and(|b| b == bytes)
}

/// Remove a file or a folder with what it holds.
fn remove_path(path: &Path) -> Result<(), OutputError> {
    let removed = match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        _ => fs::remove_file(path),
    };
    removed.map_err(|e| OutputError::Io(format!("cannot remove {}: {e}", path.display())))
}

/// Where a build writes its files as they are rendered: a new folder, or one to update.
pub enum Writer {
    New(NewFolder),
    Existing(ExistingFolder),
}

impl Writer {
    /// The writer for `out` (which [`check_out_dir`] accepted).
    pub fn for_folder(out: &Path) -> Writer {
        match NewFolder::new(out) {
            Some(new) => Writer::New(new),
            None => Writer::Existing(ExistingFolder::new(out)),
        }
    }

    pub fn put(&self, file: OutputFile) {
        match self {
            Writer::New(w) => w.put(file),
            Writer::Existing(w) => w.put(file),
        }
    }

    pub fn paths(&self) -> Vec<String> {
        match self {
            Writer::New(w) => w.paths(),
            Writer::Existing(w) => w.paths(),
        }
    }

    pub fn finish(self) -> Result<WriteStats, OutputError> {
        match self {
            Writer::New(w) => w.finish(),
            Writer::Existing(w) => w.finish(),
        }
    }

    pub fn abandon(self) {
        match self {
            Writer::New(w) => w.abandon(),
            Writer::Existing(w) => w.abandon(),
        }
    }
}

/// Write `bytes` to `dest` unless it holds them already; whether it wrote.
fn write_file(dest: &Path, bytes: &[u8]) -> Result<bool, OutputError> {
    let io = |what: &str, p: &Path, e: std::io::Error| {
        OutputError::Io(format!("{what} {}: {e}", p.display()))
    };
    if let Ok(meta) = fs::symlink_metadata(dest) {
        if meta.is_file()
            && meta.len() == bytes.len() as u64
            && fs::read(dest).is_ok_and(|b| b == bytes)
        {
            return Ok(false);
        }
        if meta.is_dir() {
            fs::remove_dir_all(dest).map_err(|e| io("cannot replace folder", dest, e))?;
        }
    }
    let tmp = dest.with_file_name(format!(
        ".{}.bantin-tmp",
        dest.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    ));
    {
        let mut fh = fs::File::create(&tmp).map_err(|e| io("cannot write", &tmp, e))?;
        fh.write_all(bytes)
            .map_err(|e| io("cannot write", &tmp, e))?;
    }
    fs::rename(&tmp, dest).map_err(|e| io("cannot rename into", dest, e))?;
    Ok(true)
}

/// Create the folders leading to `dir`, replacing a file that stands where a folder must be.
fn create_dirs(out: &Path, dir: &Path) -> Result<(), OutputError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut cur = out.to_path_buf();
    for c in dir.strip_prefix(out).unwrap_or(dir).components() {
        cur.push(c);
        if let Ok(m) = fs::symlink_metadata(&cur)
            && !m.is_dir()
        {
            fs::remove_file(&cur)
                .map_err(|e| OutputError::Io(format!("cannot replace {}: {e}", cur.display())))?;
        }
    }
    fs::create_dir_all(dir)
        .map_err(|e| OutputError::Io(format!("cannot create {}: {e}", dir.display())))
}

/// Remove the files under `dir` that are not in `keep`, and the folders left empty; how many
/// files were removed. Folders are visited in parallel; the first error in path order is reported.
fn remove_stale(out: &Path, dir: &Path, keep: &HashSet<&Path>) -> Result<usize, OutputError> {
    remove_stale_in(out, dir, keep).map(|(removed, _)| removed)
}

/// [`remove_stale`], also saying whether `dir` is left empty.
fn remove_stale_in(
    out: &Path,
    dir: &Path,
    keep: &HashSet<&Path>,
) -> Result<(usize, bool), OutputError> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok((0, false));
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    // For each entry: files removed under it, and whether it is gone.
    let outcomes: Vec<Result<(usize, bool), OutputError>> = entries
        .par_iter()
        .map(|e| {
            let path = e.path();
            let Ok(ft) = e.file_type() else {
                return Ok((0, false));
            };
            if ft.is_dir() {
                let (removed, empty) = remove_stale_in(out, &path, keep)?;
                Ok((removed, empty && fs::remove_dir(&path).is_ok()))
            } else if !keep.contains(path.strip_prefix(out).unwrap_or(&path)) {
                fs::remove_file(&path).map_err(|e| {
                    OutputError::Io(format!("cannot remove {}: {e}", path.display()))
                })?;
                Ok((1, true))
            } else {
                Ok((0, false))
            }
        })
        .collect();
    let mut removed = 0;
    let mut empty = true;
    for outcome in outcomes {
        let (n, gone) = outcome?;
        removed += n;
        empty &= gone;
    }
    Ok((removed, empty))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file of the site with text `b` at `p`.
    fn f(p: &str, b: &str) -> OutputFile {
        OutputFile {
            path: p.into(),
            bytes: b.as_bytes().to_vec(),
        }
    }

    #[test]
    fn unsafe_paths_are_refused() {
        for p in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "a\0b",
            "",
            "a//b",
            "C:/x",
            "a\\..\\b",
        ] {
            assert!(safe_relative(p).is_err(), "{p:?}");
        }
        assert!(safe_relative("tin-tuc/a/index.html").is_ok());
    }

    #[test]
    fn in_place_update() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let s = write_site(&out, &[f("a/index.html", "1"), f("b.txt", "2")]).unwrap();
        assert_eq!(
            s,
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let s = write_site(&out, &[f("a/index.html", "1"), f("c.txt", "3")]).unwrap();
        assert_eq!(
            s,
            WriteStats {
                written: 1,
                unchanged: 1,
                removed: 1
            }
        );
        assert!(!out.join("b.txt").exists());
        assert_eq!(fs::read_to_string(out.join("c.txt")).unwrap(), "3");
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_new_output_folder_appears_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        // `a` is both a file and the folder of `a/index.html`: the file cannot be written.
        let broken = [f("a", "0"), f("a/index.html", "1"), f("b.txt", "2")];
        assert!(write_site(&out, &broken).is_err());
        assert_eq!(
            names_in(&out),
            [MARKER, STAGING],
            "nothing of the site is in place"
        );
        write_site(&out, &[f("a/index.html", "1"), f("b.txt", "2")]).unwrap();
        assert_eq!(
            names_in(&out),
            [MARKER, "a", "b.txt"],
            "the staging folder is gone"
        );
        let fresh = dir.path().join("fresh");
        write_site(&fresh, &[f("a/b/index.html", "1"), f("c.txt", "2")]).unwrap();
        assert_eq!(names_in(&fresh), [MARKER, "a", "c.txt"]);
        assert_eq!(
            fs::read_to_string(fresh.join("a/b/index.html")).unwrap(),
            "1"
        );
    }

    #[test]
    fn a_new_folder_written_from_several_threads_appears_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site/output");
        let folder = NewFolder::new(&out).expect("no folder there yet");
        assert!(!out.exists(), "nothing is made before the first file");
        (0..40).into_par_iter().for_each(|i| {
            folder.put(f(&format!("p{}/{i}/index.html", i % 3), &i.to_string()));
        });
        folder.put(f("b.txt", "b"));
        assert_eq!(folder.paths().len(), 41);
        let stats = folder.finish().unwrap();
        assert_eq!(stats.written, 41);
        assert_eq!(names_in(&out), [MARKER, "b.txt", "p0", "p1", "p2"]);
        assert_eq!(
            fs::read_to_string(out.join("p1/7/index.html")).unwrap(),
            "7"
        );
        assert!(
            NewFolder::new(&out).is_none(),
            "an existing folder is updated in place"
        );

        // `a` is both a file and the folder of `a/index.html`: one of them cannot be written,
        // and the folder, which this build made, is removed.
        let broken = dir.path().join("broken");
        let folder = NewFolder::new(&broken).unwrap();
        for file in [f("a", "0"), f("a/index.html", "1"), f("b.txt", "2")] {
            folder.put(file);
        }
        assert!(matches!(folder.finish(), Err(OutputError::Io(_))));
        assert!(!broken.exists());
        // An unsafe path is an error too.
        let folder = NewFolder::new(&broken).unwrap();
        folder.put(f("../escape", "x"));
        assert!(matches!(folder.finish(), Err(OutputError::BadPath(_))));
        assert!(!broken.exists() && !dir.path().join("escape").exists());

        // A failed build abandons what it wrote, with the folders it made to hold it; a folder
        // it never began stays untouched.
        let folder = NewFolder::new(&broken).unwrap();
        folder.put(f("a/index.html", "1"));
        folder.abandon();
        assert!(!broken.exists());
        let deep = dir.path().join("x/y/output");
        let folder = NewFolder::new(&deep).unwrap();
        folder.put(f("a/index.html", "1"));
        folder.abandon();
        assert!(
            !dir.path().join("x").exists(),
            "x/y/ were made for the output"
        );
        fs::create_dir(dir.path().join("x")).unwrap();
        let folder = NewFolder::new(&deep).unwrap();
        folder.put(f("../up", "1"));
        assert!(folder.finish().is_err());
        assert_eq!(
            names_in(&dir.path().join("x")),
            Vec::<String>::new(),
            "x/ was there"
        );
        let folder = NewFolder::new(&broken).unwrap();
        fs::create_dir(&broken).unwrap();
        fs::write(broken.join("mine.txt"), "x").unwrap();
        folder.put(f("a/index.html", "1"));
        assert!(
            folder.finish().is_err(),
            "a folder that appeared meanwhile is not taken"
        );
        assert_eq!(names_in(&broken), ["mine.txt"]);
    }

    #[test]
    fn an_existing_folder_is_updated_from_several_threads_as_files_come() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("output");
        let first = [
            f("a/index.html", "1"),
            f("b.txt", "2"),
            f("c/index.html", "3"),
            f("d", "4"),
        ];
        write_site(&out, &first).unwrap();
        // A build interrupted before left its staging folder.
        fs::create_dir_all(out.join(STAGING).join("old")).unwrap();
        let inode = |p: &str| {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(out.join(p)).unwrap().ino()
        };
        let a_before = inode("a/index.html");
        let Writer::Existing(folder) = Writer::for_folder(&out) else {
            panic!("the folder exists")
        };
        // `a` unchanged, `b.txt` changed, `c` now a file, `d` now a folder, `c/index.html`
        // gone, `e/f/g.txt` new.
        let second = [
            f("a/index.html", "1"),
            f("b.txt", "22"),
            f("c", "33"),
            f("d/index.html", "44"),
            f("e/f/g.txt", "5"),
        ];
        second.into_par_iter().for_each(|file| folder.put(file));
        assert_eq!(
            fs::read_to_string(out.join("b.txt")).unwrap(),
            "2",
            "nothing in place yet"
        );
        let stats = folder.finish().unwrap();
        assert_eq!(
            stats,
            WriteStats {
                written: 4,
                unchanged: 1,
                removed: 0
            }
        );
        assert_eq!(names_in(&out), [MARKER, "a", "b.txt", "c", "d", "e"]);
        assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "22");
        assert_eq!(fs::read_to_string(out.join("c")).unwrap(), "33");
        assert_eq!(fs::read_to_string(out.join("d/index.html")).unwrap(), "44");
        assert_eq!(fs::read_to_string(out.join("e/f/g.txt")).unwrap(), "5");
        assert_eq!(
            inode("a/index.html"),
            a_before,
            "an unchanged file is left alone"
        );

        // Files no longer in the site are removed; a failed build changes nothing.
        let folder = ExistingFolder::new(&out);
        folder.put(f("a/index.html", "1"));
        folder.put(f("b.txt", "22"));
        assert_eq!(
            folder.finish().unwrap(),
            WriteStats {
                written: 0,
                unchanged: 2,
                removed: 3
            }
        );
        assert_eq!(names_in(&out), [MARKER, "a", "b.txt"]);
        let folder = ExistingFolder::new(&out);
        folder.put(f("a/index.html", "changed"));
        folder.put(f("../escape", "x"));
        assert!(matches!(folder.finish(), Err(OutputError::BadPath(_))));
        assert_eq!(names_in(&out), [MARKER, "a", "b.txt"]);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "1");
        let folder = ExistingFolder::new(&out);
        folder.put(f("a/index.html", "changed"));
        folder.abandon();
        assert_eq!(names_in(&out), [MARKER, "a", "b.txt"]);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "1");
    }

    #[test]
    fn refuses_foreign_and_dangerous_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_out_dir(root, root).is_err());
        assert!(check_out_dir(root, &root.join("content")).is_err());
        assert!(check_out_dir(root, Path::new("/")).is_err());
        assert!(check_out_dir(root, &root.join("content/x")).is_err());
        fs::create_dir_all(root.join("docs")).unwrap();
        fs::write(root.join("docs/a.txt"), "x").unwrap();
        assert!(check_out_dir(root, &root.join("docs")).is_err());
        assert!(check_out_dir(root, &root.join("output")).is_ok());
    }
}
