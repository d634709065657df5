//! The photos Markdown shows: each probed once (header and EXIF, no pixels) however many texts
//! show it, and the ones shown listed for the photo stage (see `crate::images`).

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use crate::images::{self, Probe, Refusal};
use crate::markdown::{PhotoHtml, PhotoLookup};
use crate::model::{Photo, ROOT_MARKER, StaticFile};

/// The static files that may be photos, and what has been learnt of those shown so far. Shared
/// by texts rendered in parallel.
pub struct PhotoTable<'s> {
    files: HashMap<&'s str, &'s [u8]>,
    probed: Mutex<HashMap<String, Result<Probe, Refusal>>>,
    shown: Mutex<BTreeMap<String, Photo>>,
}

const GPS_HINT: &str = "the published copies carry no location, but this original in content/ still tells where it was taken (often a debtor's house): remove it, e.g. `exiftool -gps:all= -overwrite_original FILE`";

impl<'s> PhotoTable<'s> {
    pub fn new(static_files: &'s [StaticFile]) -> Self {
        let files = static_files
            .iter()
            .filter(|f| images::kind_of(&f.rel).is_some())
            .map(|f| (f.rel.as_str(), f.bytes.as_slice()))
            .collect();
        PhotoTable {
            files,
            probed: Mutex::new(HashMap::new()),
            shown: Mutex::new(BTreeMap::new()),
        }
    }

    /// The `<img>` of the site-root path `path`, when it names a photo of `static/`.
    pub fn lookup(&self, path: &str) -> Option<PhotoLookup> {
        let rel = path.trim_start_matches('/');
        let bytes = *self.files.get(rel)?;
        let probe = {
            let mut probed = self.probed.lock().ok()?;
            probed
                .entry(rel.to_string())
                .or_insert_with(|| images::probe(rel, bytes))
                .clone()
        };
        let probe = match probe {
            Ok(p) => p,
            Err(Refusal { message, hint }) => return Some(PhotoLookup::Refused { message, hint }),
        };
        let widths = probe.widths();
        if let Ok(mut shown) = self.shown.lock() {
            shown.entry(rel.to_string()).or_insert_with(|| Photo {
                rel: rel.to_string(),
                key: probe.key.clone(),
                widths: widths.clone(),
                heights: widths.iter().map(|&w| probe.height_at(w)).collect(),
                orientation: probe.orientation,
            });
        }
        let url = |w: u32| format!("{ROOT_MARKER}{}", images::output_path(&probe.key, w));
        // `src` for browsers without `srcset`: the middle width, sharp on most screens.
        let src_w = widths
            .iter()
            .copied()
            .filter(|&w| w <= images::WIDTHS[1])
            .max()
            .unwrap_or(widths[0]);
        let warning = probe.gps.then(|| {
            (
                format!("static/{rel} holds the GPS position where it was taken"),
                GPS_HINT.replace("FILE", &format!("content/static/{rel}")),
            )
        });
        Some(PhotoLookup::Shown(PhotoHtml {
            src: url(src_w),
            srcset: widths.iter().map(|&w| (url(w), w)).collect(),
            width: src_w,
            height: probe.height_at(src_w),
            warning,
        }))
    }

    /// The photos shown, sorted by path.
    pub fn into_shown(self) -> Vec<Photo> {
        self.shown
            .into_inner()
            .map(|m| m.into_values().collect())
            .unwrap_or_default()
    }
}
