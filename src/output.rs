//! The only writer (SPEC §9): refuses unsafe output folders, never writes outside `--out`,
//! and updates the folder in place — changed files renamed into place, unchanged files
//! untouched, files that no longer belong to the site removed. Builds write while the site
//! renders, through a staging folder ([`Writer`]); a failed build leaves the disk as it was.
//! [`write_site`] writes files held in memory (snapshots) the same way.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::model::OutputFile;

/// The file that marks a folder as bantin's output, so a later build may update it.
pub const MARKER: &str = ".bantin-output";

/// The hidden folder inside a new output folder where its files are written before they are
/// moved into place.
const STAGING: &str = ".bantin-staging";

use crate::error::EnvError;

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
    let writer = Writer::for_folder(out);
    files
        .par_iter()
        .with_max_len(crate::PAR_BATCH)
        .for_each(|f| writer.put(f));
    writer.finish()
}

/// Where a build writes its files while the site renders, from any thread: into the hidden
/// staging folder of `out`, so that nothing of the site is in place before it is whole.
///
/// - A new folder (none stood at `out`) gets every file staged; [`Writer::finish`] moves its
///   top-level entries into place. A failed build removes the folder, and the folders made to
///   hold it.
/// - An existing folder (bantin's, or empty) has each file compared with the one in place as
///   soon as it is made, and only a changed one is staged; [`Writer::finish`] renames the
///   changed files into place and removes the files that no longer belong to the site. A failed
///   build removes the staging folder and gives the output folder back its times: the output
///   stays exactly as it was.
pub struct Writer {
    out: PathBuf,
    stage: PathBuf,
    /// Whether a folder stood at `out` (then it is updated in place).
    existed: bool,
    /// Whether the staging folder was made: `None` before the first staged file.
    begun: std::sync::OnceLock<Result<(), EnvError>>,
    /// What a failed build must undo, known once begun.
    undo: std::sync::OnceLock<Undo>,
    state: std::sync::Mutex<Written>,
    /// Folders of the staging folder made so far.
    folders: std::sync::Mutex<HashSet<PathBuf>>,
}

/// How a failed build leaves the disk as it was.
enum Undo {
    /// Remove this folder: the output folder, or the first missing folder made to hold it.
    Remove(PathBuf),
    /// Remove the staging folder and give the output folder back these access and modification
    /// times (making and removing the staging folder changed them).
    Unstage(Option<(std::time::SystemTime, std::time::SystemTime)>),
}

/// What a [`Writer`] was given: all paths, the staged ones, and write errors by path.
#[derive(Default)]
struct Written {
    paths: Vec<String>,
    staged: Vec<String>,
    errors: Vec<(String, EnvError)>,
}

impl Writer {
    /// The writer for `out` (which [`check_out_dir`] accepted). Nothing is made before the first
    /// file is staged.
    pub fn for_folder(out: &Path) -> Writer {
        Writer {
            out: out.to_path_buf(),
            stage: out.join(STAGING),
            existed: out.is_dir(),
            begun: std::sync::OnceLock::new(),
            undo: std::sync::OnceLock::new(),
            state: std::sync::Mutex::new(Written::default()),
            folders: std::sync::Mutex::new(HashSet::new()),
        }
    }

    /// The staging folder (and for a new folder, the folder itself), made once.
    fn begin(&self) -> Result<(), EnvError> {
        self.begun
            .get_or_init(|| {
                let io = |what: &'static str, p: &Path, e: std::io::Error| EnvError::io(what, p, e);
                if self.existed {
                    let times = fs::metadata(&self.out)
                        .ok()
                        .and_then(|m| Some((m.accessed().ok()?, m.modified().ok()?)));
                    let _ = self.undo.set(Undo::Unstage(times));
                    // One left by a build that was interrupted is removed.
                    if fs::symlink_metadata(&self.stage).is_ok() {
                        remove_path(&self.stage)?;
                    }
                } else {
                    // The folders leading to `out` that are missing are made too, and removed
                    // with it.
                    let top = self
                        .out
                        .ancestors()
                        .skip(1)
                        .take_while(|a| {
                            !a.as_os_str().is_empty() && fs::symlink_metadata(a).is_err()
                        })
                        .last()
                        .unwrap_or(&self.out);
                    if let Some(parent) = self.out.parent().filter(|p| !p.as_os_str().is_empty()) {
                        fs::create_dir_all(parent).map_err(|e| io("cannot create", parent, e))?;
                    }
                    // Made here, or not at all: a folder that appeared meanwhile is not this
                    // build's.
                    fs::create_dir(&self.out).map_err(|e| io("cannot create", &self.out, e))?;
                    let _ = self.undo.set(Undo::Remove(top.to_path_buf()));
                    mark(&self.out)?;
                }
                fs::create_dir(&self.stage).map_err(|e| io("cannot create", &self.stage, e))
            })
            .clone()
    }

    /// Stage `file` (in an existing folder, only when it differs from the one in place). An
    /// error is kept for [`Writer::finish`].
    pub fn put(&self, file: &OutputFile) {
        let outcome = safe_relative(&file.path).and_then(|rel| {
            if self.existed && same_file_bytes(&self.out.join(&rel), &file.bytes) {
                return Ok(false);
            }
            self.begin()?;
            write_staged(&self.stage, &self.folders, &rel, &file.bytes).map(|()| true)
        });
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        match outcome {
            Ok(staged) => {
                if staged {
                    state.staged.push(file.path.clone());
                }
                state.paths.push(file.path.clone());
            }
            Err(e) => {
                state.paths.push(file.path.clone());
                state.errors.push((file.path.clone(), e));
            }
        }
    }

    /// The paths of the files given so far, written or not (in no particular order).
    pub fn paths(&self) -> Vec<String> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.paths.clone()
    }

    /// Put the staged files in place and remove the files that no longer belong to the site;
    /// or report the first error (in path order) and leave the disk as it was.
    pub fn finish(self) -> Result<WriteStats, EnvError> {
        let state = std::mem::take(&mut *self.state.lock().unwrap_or_else(|e| e.into_inner()));
        if let Some((_, e)) = state.errors.into_iter().min_by(|a, b| a.0.cmp(&b.0)) {
            self.undo();
            return Err(e);
        }
        let moved = |from: &Path, to: &Path| {
            fs::rename(from, to).map_err(|e| EnvError::io("cannot move into place", to, e))
        };
        let mut stats = WriteStats {
            written: state.staged.len(),
            unchanged: state.paths.len() - state.staged.len(),
            removed: 0,
        };
        if !self.existed {
            // Even a site without files has its folder.
            self.begin()?;
            let tops: BTreeSet<&str> = state
                .staged
                .iter()
                .map(|p| p.split('/').next().unwrap_or(p))
                .collect();
            for top in tops {
                moved(&self.stage.join(top), &self.out.join(top))?;
            }
            return fs::remove_dir(&self.stage)
                .map(|()| stats)
                .map_err(|e| EnvError::io("cannot remove", &self.stage, e));
        }
        mark(&self.out)?;
        let mut staged = state.staged;
        staged.sort();
        for path in &staged {
            let dest = self.out.join(path);
            if let Some(dir) = dest.parent() {
                create_dirs(&self.out, dir)?;
            }
            if fs::symlink_metadata(&dest).is_ok_and(|m| m.is_dir()) {
                fs::remove_dir_all(&dest)
                    .map_err(|e| EnvError::io("cannot replace folder", &dest, e))?;
            }
            moved(&self.stage.join(path), &dest)?;
        }
        if fs::symlink_metadata(&self.stage).is_ok() {
            remove_path(&self.stage)?;
        }
        let mut keep: HashSet<&Path> = state.paths.iter().map(Path::new).collect();
        keep.insert(Path::new(MARKER));
        stats.removed = remove_stale(&self.out, &self.out, &keep)?;
        Ok(stats)
    }

    /// Leave the disk as it was: the build failed.
    pub fn abandon(self) {
        self.undo();
    }

    fn undo(&self) {
        if !self.begun.get().is_some_and(Result::is_ok) {
            return;
        }
        match self.undo.get() {
            Some(Undo::Remove(top)) => {
                let _ = fs::remove_dir_all(top);
            }
            Some(Undo::Unstage(times)) => {
                let _ = fs::remove_dir_all(&self.stage);
                if let Some((accessed, modified)) = times
                    && let Ok(dir) = fs::File::open(&self.out)
                {
                    let times = fs::FileTimes::new()
                        .set_accessed(*accessed)
                        .set_modified(*modified);
                    let _ = dir.set_times(times);
                }
            }
            None => {}
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
) -> Result<(), EnvError> {
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
        .map_err(|e| EnvError::io("cannot write", &dest, e))
}

/// Put the marker file in `out` unless it is there: the folder is bantin's, to update.
fn mark(out: &Path) -> Result<(), EnvError> {
    let marker = out.join(MARKER);
    if marker.is_file() {
        return Ok(());
    }
    fs::write(
        &marker,
        b"This folder is written by bantin; it updates and removes files here.\n",
    )
    .map_err(|e| EnvError::io("cannot write", &marker, e))
}

/// Whether `dest` is a file holding exactly `bytes`.
fn same_file_bytes(dest: &Path, bytes: &[u8]) -> bool {
    fs::symlink_metadata(dest).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && fs::read(dest).is_ok_and(|b| b == bytes)
}

/// Remove a file or a folder with what it holds.
fn remove_path(path: &Path) -> Result<(), EnvError> {
    let removed = match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path),
        _ => fs::remove_file(path),
    };
    removed.map_err(|e| EnvError::io("cannot remove", path, e))
}

/// Create the folders leading to `dir`, replacing a file that stands where a folder must be.
fn create_dirs(out: &Path, dir: &Path) -> Result<(), EnvError> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut cur = out.to_path_buf();
    for c in dir.strip_prefix(out).unwrap_or(dir).components() {
        cur.push(c);
        if let Ok(m) = fs::symlink_metadata(&cur)
            && !m.is_dir()
        {
            fs::remove_file(&cur).map_err(|e| EnvError::io("cannot replace", &cur, e))?;
        }
    }
    fs::create_dir_all(dir).map_err(|e| EnvError::io("cannot create", dir, e))
}

/// Remove the files under `dir` that are not in `keep`, and the folders left empty; how many
/// files were removed. Folders are visited in parallel; the first error in path order is reported.
fn remove_stale(out: &Path, dir: &Path, keep: &HashSet<&Path>) -> Result<usize, EnvError> {
    remove_stale_in(out, dir, keep).map(|(removed, _)| removed)
}

/// [`remove_stale`], also saying whether `dir` is left empty.
fn remove_stale_in(
    out: &Path,
    dir: &Path,
    keep: &HashSet<&Path>,
) -> Result<(usize, bool), EnvError> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok((0, false));
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    // For each entry: files removed under it, and whether it is gone.
    let outcomes: Vec<Result<(usize, bool), EnvError>> = entries
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
                fs::remove_file(&path).map_err(|e| EnvError::io("cannot remove", &path, e))?;
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
    fn unsafe_paths_and_files_named_like_folders_are_found_before_writing() {
        let found = path_problems([
            "thong-ke/index.html",
            "a:b.txt",
            "thong-ke",
            "index.html",
            "index.html/z.txt",
            "thong-ke-2/index.html",
            "x\\y.txt",
            "thong-ke/index.html",
        ]);
        assert_eq!(
            found,
            vec![
                PathProblem::Unsafe("a:b.txt".into()),
                PathProblem::FileIsFolder("index.html".into(), "index.html/z.txt".into()),
                PathProblem::FileIsFolder("thong-ke".into(), "thong-ke/index.html".into()),
                PathProblem::Unsafe("x\\y.txt".into()),
            ]
        );
        assert!(path_problems(["a/b", "a/c", "ab", "a-b/c"]).is_empty());
        assert_eq!(
            path_problems(["a", "a/b", "a/c/d"]),
            vec![PathProblem::FileIsFolder("a".into(), "a/b".into())]
        );
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
        assert!(!out.exists(), "nothing of the site is in place");
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
        let folder = Writer::for_folder(&out);
        assert!(!folder.existed, "no folder there yet");
        assert!(!out.exists(), "nothing is made before the first file");
        (0..40).into_par_iter().for_each(|i| {
            folder.put(&f(&format!("p{}/{i}/index.html", i % 3), &i.to_string()));
        });
        folder.put(&f("b.txt", "b"));
        assert_eq!(folder.paths().len(), 41);
        let stats = folder.finish().unwrap();
        assert_eq!(stats.written, 41);
        assert_eq!(names_in(&out), [MARKER, "b.txt", "p0", "p1", "p2"]);
        assert_eq!(
            fs::read_to_string(out.join("p1/7/index.html")).unwrap(),
            "7"
        );
        assert!(
            Writer::for_folder(&out).existed,
            "an existing folder is updated in place"
        );

        // `a` is both a file and the folder of `a/index.html`: one of them cannot be written,
        // and the folder, which this build made, is removed.
        let broken = dir.path().join("broken");
        let folder = Writer::for_folder(&broken);
        for file in [f("a", "0"), f("a/index.html", "1"), f("b.txt", "2")] {
            folder.put(&file);
        }
        assert!(matches!(folder.finish(), Err(EnvError::Io { .. })));
        assert!(!broken.exists());
        // An unsafe path is an error too.
        let folder = Writer::for_folder(&broken);
        folder.put(&f("../escape", "x"));
        assert!(matches!(folder.finish(), Err(EnvError::BadPath(_))));
        assert!(!broken.exists() && !dir.path().join("escape").exists());

        // A failed build abandons what it wrote, with the folders it made to hold it; a folder
        // it never began stays untouched.
        let folder = Writer::for_folder(&broken);
        folder.put(&f("a/index.html", "1"));
        folder.abandon();
        assert!(!broken.exists());
        let deep = dir.path().join("x/y/output");
        let folder = Writer::for_folder(&deep);
        folder.put(&f("a/index.html", "1"));
        folder.abandon();
        assert!(
            !dir.path().join("x").exists(),
            "x/y/ were made for the output"
        );
        fs::create_dir(dir.path().join("x")).unwrap();
        let folder = Writer::for_folder(&deep);
        folder.put(&f("../up", "1"));
        assert!(folder.finish().is_err());
        assert_eq!(
            names_in(&dir.path().join("x")),
            Vec::<String>::new(),
            "x/ was there"
        );
        let folder = Writer::for_folder(&broken);
        fs::create_dir(&broken).unwrap();
        fs::write(broken.join("mine.txt"), "x").unwrap();
        folder.put(&f("a/index.html", "1"));
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
        let folder = Writer::for_folder(&out);
        assert!(folder.existed, "the folder exists");
        // `a` unchanged, `b.txt` changed, `c` now a file, `d` now a folder, `c/index.html`
        // gone, `e/f/g.txt` new.
        let second = [
            f("a/index.html", "1"),
            f("b.txt", "22"),
            f("c", "33"),
            f("d/index.html", "44"),
            f("e/f/g.txt", "5"),
        ];
        second.par_iter().for_each(|file| folder.put(file));
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
        let folder = Writer::for_folder(&out);
        folder.put(&f("a/index.html", "1"));
        folder.put(&f("b.txt", "22"));
        assert_eq!(
            folder.finish().unwrap(),
            WriteStats {
                written: 0,
                unchanged: 2,
                removed: 3
            }
        );
        assert_eq!(names_in(&out), [MARKER, "a", "b.txt"]);
        let folder = Writer::for_folder(&out);
        folder.put(&f("a/index.html", "changed"));
        folder.put(&f("../escape", "x"));
        assert!(matches!(folder.finish(), Err(EnvError::BadPath(_))));
        assert_eq!(names_in(&out), [MARKER, "a", "b.txt"]);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "1");
        let folder = Writer::for_folder(&out);
        folder.put(&f("a/index.html", "changed"));
        folder.abandon();
        assert_eq!(names_in(&out), [MARKER, "a", "b.txt"]);
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "1");
    }

    #[test]
    fn refuses_foreign_and_dangerous_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content")).unwrap();
        assert!(check_out_dir(Some(root), root).is_err());
        assert!(check_out_dir(Some(root), &root.join("content")).is_err());
        assert!(check_out_dir(Some(root), Path::new("/")).is_err());
        assert!(check_out_dir(Some(root), &root.join("content/x")).is_err());
        fs::create_dir_all(root.join("docs")).unwrap();
        fs::write(root.join("docs/a.txt"), "x").unwrap();
        assert!(check_out_dir(Some(root), &root.join("docs")).is_err());
        assert!(check_out_dir(Some(root), &root.join("output")).is_ok());
    }
}
