//! A project of phone-size photos for bench/photos.sh: `photo_corpus DIR N` writes
//! `DIR/content/` with one bulletin showing N photos of 3000 × 4000 px (JPEG, quality 90, a few
//! MB each, like a phone's). Four pictures are drawn; each file gets its own comment segment,
//! so that every file has other bytes (another cache key) and is decoded on its own.

use std::io::Cursor;
use std::path::PathBuf;

use image::{Rgb, RgbImage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().ok_or("usage: photo_corpus DIR N")?);
    let n: usize = args.next().ok_or("usage: photo_corpus DIR N")?.parse()?;
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("static/anh"))?;
    std::fs::create_dir_all(content.join("articles/2024"))?;
    std::fs::write(content.join("site.yaml"), "title: \"Ảnh\"\n")?;
    let bases: Vec<Vec<u8>> = (0..4u32).map(draw).collect::<Result<_, _>>()?;
    let mut body = String::from("---\ntitle: \"Hai trăm ảnh\"\ndate: 2024-05-10\n---\n\nẢnh.\n\n");
    for i in 0..n {
        let base = &bases[i % bases.len()];
        // SOI, then a COM segment naming the copy, then the rest of the file.
        let note = format!("bantin bench photo {i}");
        let mut bytes = base[..2].to_vec();
        bytes.extend([0xFF, 0xFE]);
        bytes.extend(u16::try_from(note.len() + 2)?.to_be_bytes());
        bytes.extend(note.as_bytes());
        bytes.extend(&base[2..]);
        let name = format!("anh-{i:04}.jpg");
        std::fs::write(content.join("static/anh").join(&name), bytes)?;
        body.push_str(&format!("![Ảnh {i}](/anh/{name})\n\n"));
    }
    std::fs::write(content.join("articles/2024/anh.md"), body)?;
    Ok(())
}

/// A 3000 × 4000 picture with gradients and grain (grain makes JPEG sizes and decoding times
/// like a camera's; a flat picture would be far cheaper).
fn draw(seed: u32) -> Result<Vec<u8>, image::ImageError> {
    let mut state = 0x9E37_79B9u32.wrapping_mul(seed + 1);
    let img = RgbImage::from_fn(3000, 4000, |x, y| {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let grain = (state % 24) as i32 - 12;
        let c = |v: u32| (v as i32 + grain).clamp(0, 255) as u8;
        let band = ((x / 150 + y / 200 + seed) % 5) * 20;
        Rgb([
            c(x / 14 + band),
            c(y / 18 + 40),
            c((x + y) / 30 + seed * 30),
        ])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut Cursor::new(&mut out), 90)
        .encode_image(&img)?;
    Ok(out)
}
