//! Decode, turn upright, resize and encode one photo. Bounded: the decoder's limits stop a
//! photo larger than [`super::MAX_SIDE`] or one that would allocate more than
//! [`super::MAX_ALLOC`] before its pixels are allocated.

use std::io::Cursor;

use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageFormat, ImageReader, Limits, RgbImage};

use super::{MAX_ALLOC, MAX_SIDE, Produced, QUALITY, output_path, scaled_height};
use crate::model::Photo;

/// A HEIF container (HEIC from iPhones, AVIF): an ISO-BMFF `ftyp` box naming a HEIF brand.
pub fn is_heif(bytes: &[u8]) -> bool {
    let Some(brand) = bytes.get(8..12) else {
        return false;
    };
    bytes.get(4..8) == Some(b"ftyp")
        && matches!(
            brand,
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"mif1" | b"msf1" | b"avif"
        )
}

fn reader(bytes: &[u8]) -> Result<ImageReader<Cursor<&[u8]>>, String> {
    let format = image::guess_format(bytes).map_err(|e| e.to_string())?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(format!("{format:?} is not JPEG, PNG or WebP"));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    Ok(reader)
}

/// Width and height as stored, from the header only.
pub fn dimensions(bytes: &[u8]) -> Result<(u32, u32), String> {
    let mut reader = reader(bytes)?;
    // The size is what is checked here: a 20,000 px photo is refused by the caller with its
    // size, not by the decoder with "limits exceeded".
    reader.no_limits();
    reader.into_dimensions().map_err(|e| e.to_string())
}

/// The derived files of `photo` from its original `bytes`: JPEGs at each of its widths, upright,
/// without metadata (the encoder writes none). Same bytes in, same bytes out.
pub fn derive(bytes: &[u8], photo: &Photo) -> Result<Vec<Produced>, String> {
    let image = reader(bytes)?.decode().map_err(|e| e.to_string())?;
    let mut image = flatten(image);
    if let Some(o) = Orientation::from_exif(photo.orientation) {
        image.apply_orientation(o);
    }
    let rgb = image.into_rgb8();
    // Largest first, each from the one before: cheaper than each from the original, and as
    // sharp (every step shrinks by less than 2×… or the filter's support covers it).
    let mut widths = photo.widths.clone();
    widths.sort_unstable_by(|a, b| b.cmp(a));
    let mut files = Vec::with_capacity(widths.len());
    let mut source = rgb;
    for w in widths {
        let h = scaled_height(source.width(), source.height(), w);
        let resized: RgbImage = if (w, h) == source.dimensions() {
            source.clone()
        } else {
            image::imageops::resize(&source, w, h, FilterType::Triangle)
        };
        files.push(Produced {
            path: output_path(&photo.key, w),
            bytes: encode(&resized)?,
        });
        source = resized;
    }
    files.reverse();
    Ok(files)
}

/// Transparent pixels (PNG, WebP) over white, as on the page: JPEG has no alpha.
fn flatten(image: DynamicImage) -> DynamicImage {
    if !image.color().has_alpha() {
        return image;
    }
    let mut rgba = image.into_rgba8();
    for p in rgba.pixels_mut() {
        let a = u16::from(p[3]);
        for c in 0..3 {
            let v = (u16::from(p[c]) * a + 255 * (255 - a) + 127) / 255;
            p[c] = u8::try_from(v).unwrap_or(255);
        }
        p[3] = 255;
    }
    DynamicImage::ImageRgba8(rgba)
}

fn encode(image: &RgbImage) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(image)
        .map_err(|e| e.to_string())?;
    Ok(out)
}
