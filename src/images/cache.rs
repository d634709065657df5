//! The photo cache: derived files kept by content key under `<project>/.bantin-cache/images/`,
//! so that a rebuild decodes only new or changed photos. Safe to delete at any time; a file
//! that cannot be read or written is made again, never an error.

use std::path::{Path, PathBuf};

use super::{Produced, output_path};
use crate::model::Photo;

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Where derived files are kept, and whether a run may add to it (`check` and `snapshot` write
/// nothing into the project: they read the cache only).
#[derive(Clone, Copy, Debug)]
pub struct Cache<'a> {
    pub dir: &'a Path,
    pub write: bool,
}

/// The folder of the photos in the project's cache folder ([`crate::pipeline::CACHE_DIR`]).
pub const SUBDIR: &str = "images";

/// The cache folder of a project's photos.
pub fn dir_of(root: &Path) -> PathBuf {
    root.join(crate::pipeline::CACHE_DIR).join(SUBDIR)
}

fn file(dir: &Path, path: &str) -> PathBuf {
    // `anh/<key>-<w>.jpg` → `<dir>/<key>-<w>.jpg`
    dir.join(path.rsplit('/').next().unwrap_or(path))
}

/// Every derived file of `photo` from the cache, or `None` if one is missing.
pub fn load_all(cache: Option<Cache>, photo: &Photo) -> Option<Vec<Produced>> {
    let dir = cache?.dir;
    photo
        .widths
        .iter()
        .map(|&w| {
            let path = output_path(&photo.key, w);
            let bytes = std::fs::read(file(dir, &path)).ok()?;
            // A JPEG ends with EOI: a file cut short by a crash is made again.
            bytes
                .ends_with(&[0xFF, 0xD9])
                .then_some(Produced { path, bytes })
        })
        .collect()
}

/// Keep `files` in the cache (written to a temporary name, then renamed, so that a reader
/// never sees half a file). Failing to write is not an error: the next build makes them again.
pub fn store_all(cache: Option<Cache>, files: &[Produced]) {
    let Some(Cache { dir, write: true }) = cache else {
        return;
    };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    for f in files {
        let target = file(dir, &f.path);
        // Unique per process and call: `serve` may fill the cache while a build reads it.
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tmp = target.with_extension(format!("tmp{}-{n}", std::process::id()));
        if std::fs::write(&tmp, &f.bytes).is_ok() && std::fs::rename(&tmp, &target).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}
