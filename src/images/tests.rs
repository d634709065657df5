use std::io::Cursor;

use image::{ImageFormat, Rgb, RgbImage};

use super::*;

fn jpeg(w: u32, h: u32) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| Rgb([x as u8, y as u8, 90]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Jpeg)
        .unwrap();
    out
}

#[test]
fn widths_are_never_upscaled() {
    assert_eq!(widths_for(700), [480, 700]);
    assert_eq!(widths_for(480), [480]);
    assert_eq!(widths_for(300), [300]);
    assert_eq!(widths_for(960), [480, 960]);
    assert_eq!(widths_for(1600), [480, 960, 1200, 1600]);
    assert_eq!(widths_for(1100), [480, 960, 1100]);
    assert_eq!(widths_for(4000), [480, 960, 1200, 1600]);
}

#[test]
fn heights_keep_the_aspect_ratio() {
    assert_eq!(scaled_height(4000, 3000, 480), 360);
    assert_eq!(scaled_height(3, 1, 1), 1);
    assert_eq!(scaled_height(0, 10, 5), 50);
}

#[test]
fn kinds_by_name_and_heif_by_content() {
    assert_eq!(kind_of("img/a.JPG"), Some(Kind::Raster));
    assert_eq!(kind_of("img/a.heic"), Some(Kind::Heif));
    assert_eq!(kind_of("img/a.svg"), None);
    assert!(process::is_heif(b"\0\0\0\x18ftypheic\0\0\0\0"));
    assert!(!process::is_heif(b"\xff\xd8\xff"));
}

#[test]
fn probe_reads_size_without_decoding_and_refuses_garbage() {
    let p = probe("a.jpg", &jpeg(64, 48)).unwrap();
    assert_eq!(
        (p.width, p.height, p.orientation, p.gps),
        (64, 48, 1, false)
    );
    assert_eq!(p.key.len(), 16);
    let err = probe("b.jpg", b"garbage").unwrap_err();
    assert!(err.message.contains("static/b.jpg"), "{err:?}");
    let err = probe("c.heic", b"whatever").unwrap_err();
    assert!(err.hint.contains("JPEG"), "{err:?}");
}

#[test]
fn derived_files_are_deterministic_and_bare() {
    let bytes = jpeg(700, 300);
    let p = probe("a.jpg", &bytes).unwrap();
    let photo = Photo {
        rel: "a.jpg".into(),
        key: p.key.clone(),
        widths: p.widths(),
        heights: Vec::new(),
        orientation: 1,
    };
    let a = process::derive(&bytes, &photo).unwrap();
    let b = process::derive(&bytes, &photo).unwrap();
    assert_eq!(a.len(), 2);
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.path, y.path);
        assert_eq!(x.bytes, y.bytes);
        assert!(!x.bytes.windows(6).any(|w| w == b"Exif\0\0"));
    }
    assert_eq!(a[0].path, output_path(&p.key, 480));
    // Truncated: an error or a picture, never a panic.
    let _ = process::derive(&bytes[..bytes.len() / 2], &photo);
}

#[test]
fn background_mode_serves_originals_at_once_and_fills_the_cache_later() {
    let bytes = jpeg(700, 300);
    let p = probe("a.jpg", &bytes).unwrap();
    let photo = Photo {
        rel: "a.jpg".into(),
        key: p.key.clone(),
        widths: p.widths(),
        heights: Vec::new(),
        orientation: 1,
    };
    let dir = std::env::temp_dir().join(format!("bantin-photo-bg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let cache = cache::Cache {
        dir: &dir,
        write: true,
    };
    let get = |rel: &str| (rel == "a.jpg").then_some(bytes.as_slice());
    let first = produce(
        std::slice::from_ref(&photo),
        &get,
        Some(cache),
        Mode::Background,
    );
    assert_eq!((first.decoded, first.pending), (0, 1));
    assert!(first.files.iter().all(|f| f.bytes == bytes));
    // The thread makes them; a later run takes them from the cache without decoding.
    let mut later = None;
    for _ in 0..200 {
        std::thread::sleep(std::time::Duration::from_millis(25));
        if let Some(files) = cache::load_all(Some(cache), &photo) {
            later = Some(files);
            break;
        }
    }
    let later = later.expect("the background thread filled the cache");
    let now = produce(std::slice::from_ref(&photo), &get, Some(cache), Mode::Now);
    assert_eq!((now.decoded, now.pending), (0, 0));
    assert_eq!(now.files.len(), later.len());
    let _ = std::fs::remove_dir_all(&dir);
}
