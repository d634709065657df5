//! Photos of the bulletins (issue 21): every JPEG, PNG or WebP that Markdown shows from
//! `static/` is published as JPEGs of a few widths, turned upright, with no metadata at all.
//!
//! The work is split so that pages never wait for pixels:
//! * [`probe`] (validate, cheap: the header and the EXIF block, no pixels) gives the size as
//!   shown, the orientation, whether the file holds a GPS position, and the content key that
//!   names the derived files (`anh/<key>-<width>.jpg`); pages are written from that alone;
//! * [`produce`] (after render) makes the derived files, from the cache when it has them
//!   ([`cache`]), decoding only what changed.
//!
//! See docs/photos.md.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Pos, Severity};
use crate::model::Photo;

pub mod cache;
pub mod exif;
pub mod process;

/// Widths of the derived files, in pixels: a phone (360–480 CSS px at 1–2×), a tablet or a
/// phone at 2–3×, the picture of a shared link (Open Graph: 1200), and a desktop column of
/// 48rem at 2×.
pub const WIDTHS: [u32; 4] = [480, 960, 1200, 1600];
/// JPEG quality of the derived files: visually clean for photos at about a tenth of a phone's size.
pub const QUALITY: u8 = 80;
/// Folder of the site where the derived files go.
pub const DIR: &str = "anh/";
/// Changes whenever what a key names changes (widths, quality, resizing), so that a cache made
/// by another version is not mistaken for this one's.
const RECIPE: &str = "bantin-photo-1;480,960,1600;q80;fir5-lanczos3";
/// The largest photo accepted (either side, pixels): 12,000 px covers a 100-megapixel camera;
/// decoding is bounded by it and by [`MAX_ALLOC`].
pub const MAX_SIDE: u32 = 12_000;
/// The most pixels accepted (64 megapixels: a 50 MP phone camera fits): one photo decoded takes
/// at most 3 bytes a pixel, ~200 MB, and at most [`PARALLEL`] are decoded at once.
pub const MAX_PIXELS: u64 = 64_000_000;
/// The most a decoder may allocate for one photo.
pub const MAX_ALLOC: u64 = 512 * 1024 * 1024;
/// Photos decoded at once: each may take a few hundred megabytes while it is processed.
const PARALLEL: usize = 4;

/// What a raster file is, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// JPEG, PNG or WebP: processed.
    Raster,
    /// HEIC/HEIF (iPhones): refused, browsers other than Safari cannot show it.
    Heif,
}

/// The kind of a file under `static/` by its extension; `None` for anything else (SVG, PDF…),
/// which is published as it is.
pub fn kind_of(rel: &str) -> Option<Kind> {
    let ext = rel.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" | "jpe" | "png" | "webp" => Some(Kind::Raster),
        "heic" | "heif" | "hif" | "avif" => Some(Kind::Heif),
        _ => None,
    }
}

/// A problem of one photo: what is wrong and what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: String,
}

/// What [`probe`] learns of a photo without decoding it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    /// Content key: names the derived files and the cache entries.
    pub key: String,
    /// Size as shown, after the EXIF orientation.
    pub width: u32,
    pub height: u32,
    /// EXIF orientation (1–8; 1 when absent).
    pub orientation: u8,
    /// The file holds a GPS position.
    pub gps: bool,
}

impl Probe {
    /// The widths of the derived files: those of [`WIDTHS`] under the photo's width, and its own
    /// width when it is under the largest (never upscaled: 700 px gives 480 and 700).
    pub fn widths(&self) -> Vec<u32> {
        widths_for(self.width)
    }
    /// Height of the derived file of `width`, rounded as the resizer does.
    pub fn height_at(&self, width: u32) -> u32 {
        scaled_height(self.width, self.height, width)
    }
}

/// See [`Probe::widths`].
pub fn widths_for(width: u32) -> Vec<u32> {
    let mut out: Vec<u32> = WIDTHS.iter().copied().filter(|&w| w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        out.push(width.max(1));
    } else {
        out.push(WIDTHS[WIDTHS.len() - 1]);
    }
    out.dedup();
    out
}

/// `height` scaled as `width` becomes `to`, at least 1 px.
pub fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    let h = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width.max(1));
    u32::try_from(h).unwrap_or(u32::MAX).max(1)
}

/// Path in the output of the derived file of `key` at `width`.
pub fn output_path(key: &str, width: u32) -> String {
    format!("{DIR}{key}-{width}.jpg")
}

/// What the header and the EXIF block of a photo say; a [`Refusal`] when it is not a photo
/// bantin can publish (HEIC, unknown or broken header, too large).
pub fn probe(rel: &str, bytes: &[u8]) -> Result<Probe, Refusal> {
    let shown = format!("static/{rel}");
    if kind_of(rel) == Some(Kind::Heif) || process::is_heif(bytes) {
        return Err(Refusal {
            message: format!("{shown} is a HEIC/HEIF photo, which most browsers cannot show"),
            hint: "convert it to JPEG (on the phone: Settings › Camera › Formats › Most Compatible; or `heif-convert photo.heic photo.jpg`) and link the .jpg".into(),
        });
    }
    let (w, h) = process::dimensions(bytes).map_err(|why| Refusal {
        message: format!("{shown} cannot be read as a JPEG, PNG or WebP image: {why}"),
        hint: "open it in an image viewer; if it does not open, copy it again from the camera or export it again as JPEG".into(),
    })?;
    if w > MAX_SIDE || h > MAX_SIDE || w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS
    {
        return Err(Refusal {
            message: format!("{shown} is {w} × {h} pixels, more than bantin processes ({MAX_SIDE} px a side, {} megapixels)", MAX_PIXELS / 1_000_000),
            hint: "scale it down to at most 4000 px wide before adding it (a bulletin shows at most 1600 px)".into(),
        });
    }
    let meta = exif::read(bytes);
    let (width, height) = if meta.orientation >= 5 {
        (h, w)
    } else {
        (w, h)
    };
    Ok(Probe {
        key: content_key(bytes),
        width,
        height,
        orientation: meta.orientation,
        gps: meta.gps,
    })
}

/// 16 hex digits of a hash of the recipe and the bytes: the same photo under two names is
/// processed once, and a changed photo gets new file names (no stale copy in a browser cache).
fn content_key(bytes: &[u8]) -> String {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    h.update(RECIPE.as_bytes());
    h.update(bytes);
    format!("{:016x}", h.digest())
}

/// A file the photo stage made: its path in the output and its bytes.
pub struct Produced {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What [`produce`] did.
#[derive(Default)]
pub struct Production {
    pub files: Vec<Produced>,
    pub diagnostics: Vec<Diagnostic>,
    /// Photos decoded (0 on a rebuild with nothing changed).
    pub decoded: usize,
    /// Photos whose derived files are not made yet ([`Mode::Background`]).
    pub pending: usize,
}

/// How [`produce`] treats a photo the cache does not hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Decode it now (`build`, `check`).
    Now,
    /// Publish the original under the derived names for now and make the derived files on
    /// another thread, for the next build (`serve`: a page never waits for a photo).
    Background,
}

/// The derived files of `photos` (`bytes` gives a photo's original by its path under
/// `static/`), from `cache` when it has them. Never panics; a photo that cannot be decoded is
/// an error naming its file.
pub fn produce<'b>(
    photos: &[Photo],
    bytes: &(dyn Fn(&str) -> Option<&'b [u8]> + Sync),
    cache: Option<cache::Cache>,
    mode: Mode,
) -> Production {
    // Two names for the same bytes are one photo (same key, same files).
    let mut seen = std::collections::HashSet::new();
    let photos: Vec<&Photo> = photos.iter().filter(|p| seen.insert(&p.key)).collect();
    let decoded = AtomicUsize::new(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(PARALLEL.min(rayon::current_num_threads()).max(1))
        .build();
    let one = |photo: &&Photo| -> (Vec<Produced>, Option<Diagnostic>, bool) {
        let Some(original) = bytes(&photo.rel) else {
            return (Vec::new(), None, false);
        };
        if let Some(files) = cache::load_all(cache, photo) {
            return (files, None, false);
        }
        if mode == Mode::Background {
            let files = photo
                .widths
                .iter()
                .map(|&w| Produced {
                    path: output_path(&photo.key, w),
                    bytes: original.to_vec(),
                })
                .collect();
            return (files, None, true);
        }
        decoded.fetch_add(1, Ordering::Relaxed);
        match process::derive(original, photo) {
            Ok(files) => {
                cache::store_all(cache, &files);
                (files, None, false)
            }
            Err(why) => (Vec::new(), Some(decode_error(photo, &why)), false),
        }
    };
    let results: Vec<_> = match &pool {
        Ok(pool) => pool.install(|| photos.par_iter().with_max_len(1).map(one).collect()),
        Err(_) => photos.iter().map(one).collect(),
    };
    let mut out = Production::default();
    let mut todo = Vec::new();
    for (photo, (files, diag, pending)) in photos.iter().zip(results) {
        out.files.extend(files);
        out.diagnostics.extend(diag);
        if pending && let Some(original) = bytes(&photo.rel) {
            todo.push(((*photo).clone(), original.to_vec()));
        }
    }
    out.pending = todo.len();
    out.decoded = decoded.into_inner();
    if let Some(cache) = cache
        && cache.write
        && !todo.is_empty()
    {
        fill_in_background(todo, cache.dir.to_path_buf());
    }
    out
}

/// Make the derived files of `todo` into the cache on a thread of their own, one at a time
/// (`serve`): the next build finds them. Problems are reported by that build.
fn fill_in_background(todo: Vec<(Photo, Vec<u8>)>, dir: PathBuf) {
    let spawned = std::thread::Builder::new()
        .name("bantin-photos".into())
        .spawn(move || {
            for (photo, original) in todo {
                if let Ok(files) = process::derive(&original, &photo) {
                    let cache = cache::Cache {
                        dir: &dir,
                        write: true,
                    };
                    cache::store_all(Some(cache), &files);
                }
            }
        });
    // Without a thread the originals stay in place until a `build`.
    drop(spawned);
}

fn decode_error(photo: &Photo, why: &str) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: PathBuf::from("content/static").join(&photo.rel),
        pos: Pos::new(1, 1),
        message: format!("static/{} cannot be decoded: {why}", photo.rel),
        hint: Some("the file is damaged or truncated: copy it again from the camera, or open and export it again as JPEG".into()),
    }
}

#[cfg(test)]
mod tests;
