//! The manifest of an output folder: the file `.bantin-output`, which marks the folder as
//! bantin's and lists every file bantin wrote there (path, size, hash). Only the files it lists
//! are ever replaced or removed; anything else in the folder (`.git/`, `CNAME`, …) is someone
//! else's and is kept.
//!
//! A file whose size is the listed one and whose modification time is not later than the
//! manifest's is taken as unchanged since bantin wrote it, without being read. The hash is
//! XXH3-128 (not for security: to tell a changed file from an unchanged one).

use std::collections::HashMap;
use std::fs;
use std::path::Path;
use std::time::SystemTime;

/// The manifest's name, in the output folder.
pub const MARKER: &str = ".bantin-output";

/// The first line of a manifest.
const HEADER: &str = "bantin output manifest 1: bantin replaces and removes only the files listed here (size, XXH3-128, path)";

/// A file as bantin wrote it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Listed {
    pub size: u64,
    pub hash: u128,
}

/// The hash of a file's bytes.
pub fn hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// The manifest of a folder as read.
#[derive(Debug, Default)]
pub struct Manifest {
    /// By path (relative, `/`-separated).
    pub files: HashMap<String, Listed>,
    /// The folder's marker is from an older bantin, which did not list its files: every file
    /// is taken as bantin's but those whose names start with `.` at the top and `CNAME`.
    pub legacy: bool,
    /// When the manifest was written.
    pub written: Option<SystemTime>,
}

impl Manifest {
    /// The manifest of the folder `out`, if it has a marker.
    pub fn read(out: &Path) -> Option<Manifest> {
        let path = out.join(MARKER);
        let text = fs::read_to_string(&path).ok()?;
        let written = fs::metadata(&path).and_then(|m| m.modified()).ok();
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return Some(Manifest {
                legacy: true,
                written,
                ..Manifest::default()
            });
        }
        let mut files = HashMap::new();
        for line in lines {
            let mut parts = line.splitn(3, ' ');
            let (Some(size), Some(hash), Some(path)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let (Ok(size), Ok(hash)) = (size.parse(), u128::from_str_radix(hash, 16)) else {
                continue;
            };
            files.insert(path.to_string(), Listed { size, hash });
        }
        Some(Manifest {
            files,
            legacy: false,
            written,
        })
    }

    /// Whether `path` is bantin's: listed (or, in a legacy folder, not someone else's by its
    /// name).
    pub fn owns(&self, path: &str) -> bool {
        if self.legacy {
            return !(path.starts_with('.') || path == "CNAME");
        }
        self.files.contains_key(path)
    }

    /// Whether the file at `path` in `out` is still the one listed as `listed`: its size is the
    /// listed size and it was not modified after the manifest was written.
    pub fn unchanged_on_disk(&self, out: &Path, path: &str, listed: Listed) -> bool {
        if self.files.get(path) != Some(&listed) {
            return false;
        }
        let Ok(meta) = fs::symlink_metadata(out.join(path)) else {
            return false;
        };
        meta.is_file()
            && meta.len() == listed.size
            && meta
                .modified()
                .ok()
                .zip(self.written)
                .is_some_and(|(m, w)| m <= w)
    }
}

/// The text of the manifest of `files` (path, size and hash each), sorted by path.
pub fn text(files: &mut [(String, Listed)]) -> String {
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = String::with_capacity(HEADER.len() + 1 + files.len() * 80);
    out.push_str(HEADER);
    out.push('\n');
    for (path, l) in files.iter() {
        out.push_str(&format!("{} {:032x} {path}\n", l.size, l.hash));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_what_it_lists() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut files = vec![
            (
                "b c/index.html".to_string(),
                Listed {
                    size: 3,
                    hash: hash(b"abc"),
                },
            ),
            ("a.txt".to_string(), Listed { size: 1, hash: 7 }),
        ];
        fs::write(dir.path().join(MARKER), text(&mut files)).expect("write");
        fs::write(dir.path().join("a.txt"), "x").expect("write");
        let m = Manifest::read(dir.path()).expect("a manifest");
        assert!(!m.legacy);
        assert_eq!(m.files.len(), 2);
        assert!(m.owns("b c/index.html") && !m.owns("CNAME") && !m.owns("c"));
        assert_eq!(
            m.files["b c/index.html"],
            Listed {
                size: 3,
                hash: hash(b"abc")
            }
        );
        // Written before the manifest: taken as unchanged without being read.
        assert!(m.unchanged_on_disk(dir.path(), "a.txt", Listed { size: 1, hash: 7 }));
        assert!(!m.unchanged_on_disk(dir.path(), "a.txt", Listed { size: 1, hash: 8 }));
        fs::write(
            dir.path().join(MARKER),
            "This folder is written by bantin.\n",
        )
        .expect("write");
        let legacy = Manifest::read(dir.path()).expect("a marker");
        assert!(legacy.legacy && legacy.owns("tin-tuc/index.html"));
        assert!(!legacy.owns(".git") && !legacy.owns("CNAME"));
    }
}
