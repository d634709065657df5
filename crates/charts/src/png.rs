//! A chart's SVG as a PNG, for documents that cannot hold SVG (the Word briefing). Drawn by resvg
//! with the embedded Noto Sans as the only font: no system font is looked up, so the same SVG
//! gives the same pixels on every machine. The compressed bytes also depend on the deflate
//! backend the build links into `flate2` (the `bantin` binary gets zlib-rs through docx-rs's
//! zip): the same lockfile gives the same bytes, but the crate's own tests and the binary differ.
//! The regular face also draws bold text (no bold face is embedded).

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::measure::FONT;

/// The width the Word document renders charts at: 16 cm at 300 dpi (16 / 2.54 × 300 ≈ 1890), so
/// they print sharp at the width the document shows them.
pub const PRINT_WIDTH_PX: u32 = 1890;

/// The font database every render shares: the embedded font alone, answering for every generic
/// family, so whatever a `font-family` list names falls back to it.
fn fonts() -> &'static (Arc<usvg::fontdb::Database>, String) {
    static FONTS: OnceLock<(Arc<usvg::fontdb::Database>, String)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FONT.to_vec());
        // The font checked in with the repository has a family name; a test would fail without it.
        let family = db
            .faces()
            .next()
            .and_then(|f| f.families.first())
            .map(|(name, _)| name.clone())
            .unwrap_or_default();
        db.set_serif_family(family.clone());
        db.set_sans_serif_family(family.clone());
        db.set_cursive_family(family.clone());
        db.set_fantasy_family(family.clone());
        db.set_monospace_family(family.clone());
        (Arc::new(db), family)
    })
}

/// `svg` drawn `width_px` pixels wide (its height follows the aspect ratio of its `viewBox`), as
/// PNG bytes. Errors on SVG that does not parse or a size too large to allocate.
pub fn svg_to_png(svg: &str, width_px: u32) -> Result<Vec<u8>, String> {
    svg_to_pixmap(svg, width_px)?
        .encode_png()
        .map_err(|e| format!("chart PNG: {e}"))
}

/// `svg` drawn `width_px` pixels wide, as pixels (premultiplied RGBA).
pub fn svg_to_pixmap(svg: &str, width_px: u32) -> Result<tiny_skia::Pixmap, String> {
    let (db, family) = fonts();
    let options = usvg::Options {
        font_family: family.clone(),
        fontdb: Arc::clone(db),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("chart SVG: {e}"))?;
    let size = tree.size();
    let scale = width_px as f32 / size.width();
    let height_px = (size.height() * scale).round().max(1.0) as u32;
    let mut pixmap = tiny_skia::Pixmap::new(width_px, height_px)
        .ok_or_else(|| format!("chart PNG: cannot allocate {width_px}×{height_px} pixels"))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}

/// The width and height of a PNG, read from its IHDR chunk; `None` if `png` is not a PNG.
pub fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if png.len() < 24 || !png.starts_with(SIGNATURE) || &png[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&png[16..20]), be(&png[20..24])))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real chart: the yearly snapshot's SVG (after the snapshot's header).
    fn chart_svg() -> &'static str {
        let snap = include_str!("snapshots/bantin_charts__tests__yearly.snap");
        let body = snap.splitn(3, "---\n").nth(2).unwrap_or_default();
        assert!(body.starts_with("<svg") && body.contains("viewBox=\"0 0 560 360\""));
        body
    }

    #[test]
    fn the_png_is_as_wide_as_asked_and_keeps_the_aspect_ratio() {
        let png = svg_to_png(chart_svg(), PRINT_WIDTH_PX).unwrap();
        assert_eq!(png_size(&png), Some((1890, 1215)));
        let small = svg_to_png(chart_svg(), 560).unwrap();
        assert_eq!(png_size(&small), Some((560, 360)));
    }

    #[test]
    fn two_renders_are_byte_identical() {
        let a = svg_to_png(chart_svg(), 800).unwrap();
        let b = svg_to_png(chart_svg(), 800).unwrap();
        assert!(a == b);
    }

    #[test]
    fn text_is_drawn() {
        let svg = chart_svg();
        let mut without = String::new();
        for line in svg.lines() {
            if !line.starts_with("<text") {
                without.push_str(line);
                without.push('\n');
            }
        }
        assert!(without.len() < svg.len() && without.contains("<rect"));
        let with_text = svg_to_png(svg, 600).unwrap();
        let no_text = svg_to_png(&without, 600).unwrap();
        assert_eq!(png_size(&with_text), png_size(&no_text));
        assert!(with_text != no_text);
    }

    #[test]
    fn every_generic_family_is_the_embedded_font() {
        let (db, family) = fonts();
        assert_eq!(family, "Noto Sans");
        assert_eq!(db.len(), 1);
        for generic in [
            usvg::fontdb::Family::Serif,
            usvg::fontdb::Family::SansSerif,
            usvg::fontdb::Family::Monospace,
        ] {
            assert_eq!(db.family_name(&generic), family);
        }
        // A family the SVG names but no machine here is asked for still draws with the font.
        let query = usvg::fontdb::Query {
            families: &[usvg::fontdb::Family::Name("Arial"), generic_sans()],
            ..Default::default()
        };
        assert!(db.query(&query).is_some());
    }

    fn generic_sans() -> usvg::fontdb::Family<'static> {
        usvg::fontdb::Family::SansSerif
    }

    #[test]
    fn broken_svg_is_an_error_and_png_size_reads_only_pngs() {
        assert!(svg_to_png("<svg", 100).is_err());
        assert_eq!(png_size(b"GIF89a"), None);
    }
}
