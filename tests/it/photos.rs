//! Photos (issue 21): a site whose photos carry EXIF (camera, GPS, orientation) built for
//! real. The fixture photos are made here, with the `image` crate and an EXIF block written by
//! hand, so the repository holds no binary fixtures.

use std::fs;
use std::io::Cursor;
use std::path::Path;

use image::{ImageFormat, Rgb, RgbImage};

use crate::support::*;

/// An APP1 segment holding EXIF: camera model, `orientation`, and (when `gps`) a latitude and
/// longitude, little-endian TIFF as phones write it.
fn exif_app1(orientation: u16, gps: bool) -> Vec<u8> {
    let model = b"Phone X1\0\0"; // even length
    let n0: u32 = if gps { 3 } else { 2 };
    let model_off = 8 + 2 + 12 * n0 + 4;
    let gps_off = model_off + model.len() as u32;
    let mut t: Vec<u8> = Vec::new();
    t.extend(b"II*\0");
    t.extend(8u32.to_le_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: [u8; 4]| {
        t.extend(tag.to_le_bytes());
        t.extend(kind.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value);
    };
    t.extend((n0 as u16).to_le_bytes());
    entry(&mut t, 0x0110, 2, 9, model_off.to_le_bytes());
    let o = orientation.to_le_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]);
    if gps {
        entry(&mut t, 0x8825, 4, 1, gps_off.to_le_bytes());
    }
    t.extend(0u32.to_le_bytes());
    t.extend(model);
    if gps {
        let lat_off = gps_off + 2 + 12 * 4 + 4;
        let lon_off = lat_off + 24;
        t.extend(4u16.to_le_bytes());
        entry(&mut t, 1, 2, 2, *b"N\0\0\0");
        entry(&mut t, 2, 5, 3, lat_off.to_le_bytes());
        entry(&mut t, 3, 2, 2, *b"E\0\0\0");
        entry(&mut t, 4, 5, 3, lon_off.to_le_bytes());
        t.extend(0u32.to_le_bytes());
        for (n, d) in [
            (21u32, 1u32),
            (35, 1),
            (1234, 100),
            (105, 1),
            (40, 1),
            (0, 1),
        ] {
            t.extend(n.to_le_bytes());
            t.extend(d.to_le_bytes());
        }
    }
    let mut seg = vec![0xFF, 0xE1];
    seg.extend(((t.len() + 8) as u16).to_be_bytes());
    seg.extend(b"Exif\0\0");
    seg.extend(t);
    seg
}

/// A JPEG of `img` with `app1` right after its start marker.
fn jpeg_with(img: &RgbImage, app1: &[u8]) -> Vec<u8> {
    let mut plain = Vec::new();
    img.write_to(&mut Cursor::new(&mut plain), ImageFormat::Jpeg)
        .unwrap();
    let mut out = plain[..2].to_vec();
    out.extend(app1);
    out.extend(&plain[2..]);
    out
}

/// Stored landscape 800 × 600 with a red top-left quadrant and orientation 6 (turn 90°
/// clockwise to show): shown 600 × 800 with the red at the top right.
fn rotated_photo() -> Vec<u8> {
    let img = RgbImage::from_fn(800, 600, |x, y| {
        if x < 400 && y < 300 {
            Rgb([220, 20, 20])
        } else {
            Rgb([30, 60, 200])
        }
    });
    jpeg_with(&img, &exif_app1(6, true))
}

fn upright_photo() -> Vec<u8> {
    let img = RgbImage::from_fn(2000, 1200, |x, y| {
        Rgb([(x / 8) as u8, (y / 5) as u8, ((x + y) / 13) as u8])
    });
    jpeg_with(&img, &exif_app1(1, true))
}

fn small_png() -> Vec<u8> {
    let img = RgbImage::from_fn(300, 200, |x, _| Rgb([x as u8, 120, 40]));
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

/// A PNG whose header says 20,000 × 20,000 (the pixels are never there).
fn huge_png() -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(20_000u32.to_be_bytes());
    ihdr.extend(20_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    out.extend(13u32.to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(&ihdr);
    out.extend(&ihdr);
    out.extend(crc.sum().to_be_bytes());
    // An empty IDAT: the decoder reads the header up to the first data chunk.
    let mut crc = flate2::Crc::new();
    crc.update(b"IDAT");
    out.extend(0u32.to_be_bytes());
    out.extend(b"IDAT");
    out.extend(crc.sum().to_be_bytes());
    out.extend(0u32.to_be_bytes());
    out.extend(b"IEND\xaeB`\x82");
    out
}

/// A project with one bulletin showing `images` (file name under `static/img/`, bytes).
fn site_with(images: &[(&str, Vec<u8>)]) -> TempSite {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let content = root.join("content");
    fs::create_dir_all(content.join("static/img")).unwrap();
    fs::create_dir_all(content.join("articles/2024")).unwrap();
    fs::write(content.join("site.yaml"), "title: \"Bản tin ảnh\"\n").unwrap();
    let mut body = String::from(
        "---\ntitle: \"Bàn giao tài sản\"\ndate: 2024-05-10\n---\n\nĐoàn công tác bàn giao tài sản.\n\n",
    );
    for (name, bytes) in images {
        fs::write(content.join("static/img").join(name), bytes).unwrap();
        body.push_str(&format!(
            "![Ảnh {name}](/img/{name})\n*Chú thích {name}.*\n\n"
        ));
    }
    fs::write(content.join("articles/2024/ban-giao.md"), body).unwrap();
    TempSite { dir, root }
}

fn good_site() -> TempSite {
    site_with(&[
        ("xoay.jpg", rotated_photo()),
        ("thang.jpg", upright_photo()),
        ("nho.png", small_png()),
    ])
}

/// The output images: path → bytes.
fn output_images(out: &Path) -> Vec<(String, Vec<u8>)> {
    read_tree(out)
        .into_iter()
        .filter(|(p, _)| {
            let p = p.to_ascii_lowercase();
            p.ends_with(".jpg")
                || p.ends_with(".jpeg")
                || p.ends_with(".png")
                || p.ends_with(".webp")
        })
        .collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn photos_are_resized_upright_and_without_metadata() {
    let site = good_site();
    let run = site.build(&[]);
    run.expect_code(0);
    let images = output_images(&site.out());
    // 2000 px → 480, 960, 1200, 1600; 600 px (turned) → 480, 600; 300 px → 300.
    assert_eq!(
        images.len(),
        7,
        "{:?}",
        images.iter().map(|i| &i.0).collect::<Vec<_>>()
    );
    let mut widths = Vec::new();
    for (path, bytes) in &images {
        assert!(path.starts_with("anh/"), "{path}");
        assert!(!contains(bytes, b"Exif\0\0"), "{path} has EXIF");
        assert!(!contains(bytes, b"GPS"), "{path} has GPS");
        assert!(!contains(bytes, b"Phone X1"), "{path} names the camera");
        let img = image::load_from_memory(bytes).unwrap();
        widths.push(img.width());
        assert!(
            [480, 960, 1200, 1600, 600, 300].contains(&img.width()),
            "{path}"
        );
    }
    widths.sort_unstable();
    assert_eq!(widths, [300, 480, 480, 600, 960, 1200, 1600]);
    // The originals (with their GPS) are not published.
    assert!(!site.out().join("img/xoay.jpg").exists());
    assert!(!site.out().join("img/thang.jpg").exists());
}

#[test]
fn photos_rotated_by_exif_come_out_upright() {
    let site = good_site();
    site.build(&[]).expect_code(0);
    let turned: Vec<_> = output_images(&site.out())
        .into_iter()
        .map(|(_, b)| image::load_from_memory(&b).unwrap().to_rgb8())
        .filter(|i| i.width() == 600)
        .collect();
    assert_eq!(turned.len(), 1);
    let img = &turned[0];
    assert_eq!(img.height(), 800);
    let red = |p: &Rgb<u8>| p[0] > 150 && p[2] < 100;
    assert!(
        red(img.get_pixel(450, 200)),
        "top right should be red: {:?}",
        img.get_pixel(450, 200)
    );
    assert!(!red(img.get_pixel(150, 200)), "top left should not be red");
    assert!(
        !red(img.get_pixel(450, 600)),
        "bottom right should not be red"
    );
}

#[test]
fn photos_html_has_srcset_size_and_lazy_loading() {
    let site = good_site();
    site.build(&[]).expect_code(0);
    let html = read_text(&site.out(), "tin-tuc/ban-giao-tai-san/index.html");
    let main = main_of(&html);
    assert_eq!(main.matches("<img ").count(), 3, "{main}");
    assert!(
        main.contains(r#"sizes="(max-width: 48rem) 100vw, 48rem""#),
        "{main}"
    );
    assert!(main.contains(" 480w, ../../anh/"), "{main}");
    assert!(main.contains(r#"width="600" height="800""#), "{main}");
    assert!(main.contains(r#"width="960" height="576""#), "{main}");
    // The first image is on the first screen: not lazy; the others are.
    assert_eq!(main.matches(r#"loading="lazy""#).count(), 2, "{main}");
    assert_eq!(main.matches(r#"decoding="async""#).count(), 3, "{main}");
    assert!(main.contains("<figcaption>"), "{main}");
}

#[test]
fn photos_with_gps_are_warned_about() {
    let site = good_site();
    let run = site.build(&[]);
    run.expect_code(0);
    for name in ["xoay.jpg", "thang.jpg"] {
        assert!(
            run.stderr
                .contains(&format!("static/img/{name} holds the GPS position")),
            "{}",
            run.stderr
        );
    }
    assert!(run.stderr.contains("exiftool -gps:all="), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/articles/2024/ban-giao.md:8:1"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("nho.png holds"), "{}", run.stderr);
}

#[test]
fn photos_second_build_decodes_none_and_is_identical() {
    let site = good_site();
    let first = site.build(&["--timings"]);
    first.expect_code(0);
    assert!(
        first.stderr.contains("3 photos decoded"),
        "{}",
        first.stderr
    );
    let before = output_images(&site.out());
    let second = site.build(&["--timings"]);
    second.expect_code(0);
    assert!(
        second.stderr.contains("0 photos decoded"),
        "{}",
        second.stderr
    );
    assert_eq!(before, output_images(&site.out()));
    // Without the cache (deleted), the same bytes again.
    fs::remove_dir_all(site.root.join(".bantin-cache")).unwrap();
    let third = site.build(&["--timings"]);
    assert!(
        third.stderr.contains("3 photos decoded"),
        "{}",
        third.stderr
    );
    assert_eq!(before, output_images(&site.out()));
}

#[test]
fn photos_broken_or_huge_are_errors_naming_the_file() {
    let mut truncated = upright_photo();
    truncated.truncate(truncated.len() / 3);
    let cases: [(&str, Vec<u8>, &str); 4] = [
        (
            "hong.jpg",
            b"not a photo at all".to_vec(),
            "cannot be read as a JPEG, PNG or WebP",
        ),
        ("khong-lo.png", huge_png(), "20000 × 20000 pixels"),
        (
            "iphone.heic",
            {
                let mut b = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic".to_vec();
                b.extend([0u8; 64]);
                b
            },
            "convert it to JPEG",
        ),
        ("cat.jpg", truncated, "static/img/cat.jpg"),
    ];
    for (name, bytes, expected) in cases {
        let site = site_with(&[(name, bytes)]);
        let run = site.build(&[]);
        assert!(
            run.code == 1 || (run.code == 0 && name == "cat.jpg"),
            "{name}: exit {} {}",
            run.code,
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{name}: {}", run.stderr);
        if run.code == 1 {
            assert!(run.stderr.contains(expected), "{name}: {}", run.stderr);
            assert!(run.stderr.contains(name), "{name}: {}", run.stderr);
        }
    }
}

#[test]
fn photos_check_reads_the_cache_but_writes_nothing() {
    let site = good_site();
    let check = site.check(&["--timings"]);
    check.expect_code(0);
    assert!(
        check.stderr.contains("3 photos decoded"),
        "{}",
        check.stderr
    );
    assert!(!site.root.join(".bantin-cache").exists());
    site.build(&[]).expect_code(0);
    let check = site.check(&["--timings"]);
    assert!(
        check.stderr.contains("0 photos decoded"),
        "{}",
        check.stderr
    );
}
