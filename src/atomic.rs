//! Writing one file so that it is whole or absent: the bytes go to a temporary file beside it,
//! which is synced and then put in place in one step. A failure at any point (a full disk, a
//! kill) leaves the place as it was: no empty or half-written file, and the temporary file is
//! removed (a kill leaves at most a hidden `.<name>.<pid>.bantin-tmp`).

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Write `bytes` as a new file at `path`: fails with [`io::ErrorKind::AlreadyExists`] when
/// something is there, and never replaces it (the file appears by a hard link, which refuses an
/// existing name; where links are not supported, by a rename after checking the name is free).
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    let tmp = write_temp(path, bytes)?;
    let placed = match fs::hard_link(&tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(exists(path)),
        Err(_) if fs::symlink_metadata(path).is_err() => fs::rename(&tmp, path),
        Err(e) => Err(e),
    };
    let _ = fs::remove_file(&tmp);
    placed
}

/// Write `bytes` at `path`, replacing what is there in one step.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = write_temp(path, bytes)?;
    fs::rename(&tmp, path).inspect_err(|_| {
        let _ = fs::remove_file(&tmp);
    })
}

/// `bytes` in a new temporary file beside `path`, synced to the disk; removed again on failure.
fn write_temp(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.bantin-tmp", std::process::id()));
    let written = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
    match written {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// Make the folder `dir` and the missing folders above it: the folders made, outermost first
/// (none when `dir` exists). On failure those made are removed again; a folder that appears
/// meanwhile is an error (`AlreadyExists`), never taken as made here.
pub fn make_dirs(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && fs::symlink_metadata(d).is_err())
        .map(Path::to_path_buf)
        .collect();
    missing.reverse();
    for (i, d) in missing.iter().enumerate() {
        if let Err(e) = fs::create_dir(d) {
            for made in missing[..i].iter().rev() {
                let _ = fs::remove_dir(made);
            }
            return Err(e);
        }
    }
    Ok(missing)
}

fn exists(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{} already exists", path.display()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_new_never_replaces_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.md");
        create_new(&path, b"one").expect("created");
        let again = create_new(&path, b"two").expect_err("refused");
        assert_eq!(again.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).expect("read"), b"one");
        replace(&path, b"three").expect("replaced");
        assert_eq!(fs::read(&path).expect("read"), b"three");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["a.md"]);
    }

    #[test]
    fn folders_are_made_outermost_first_and_only_the_missing_ones() {
        let dir = tempfile::tempdir().expect("temp dir");
        let deep = dir.path().join("a/b/c");
        let made = make_dirs(&deep).expect("made");
        assert_eq!(
            made,
            [dir.path().join("a"), dir.path().join("a/b"), deep.clone()]
        );
        assert!(make_dirs(&deep).expect("there").is_empty());
        // Under a file, nothing can be made, and nothing made is left.
        fs::write(dir.path().join("f"), "x").expect("file");
        assert!(make_dirs(&dir.path().join("f/h/i")).is_err());
        assert!(!dir.path().join("f/h").exists());
    }

    #[test]
    fn a_failed_write_leaves_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("no-such-folder/a.md");
        assert!(create_new(&missing, b"x").is_err());
        assert!(replace(&missing, b"x").is_err());
        assert_eq!(fs::read_dir(dir.path()).expect("list").count(), 0);
    }
}
