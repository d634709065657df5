//! Sharing (issue 21): every page carries Open Graph and Twitter card tags, with absolute URLs
//! under `base_url` and a 1200 × 630 card that exists in the output; cards come from the cache
//! when nothing they show changed, and a site without `base_url` has no card.

use std::collections::BTreeMap;
use std::fs;

use crate::support::{self, read_tree};

const BASE: &str = "https://thads.thainguyen.example.vn/";

/// The `content` of `<meta property|name="key" content="…">` in `html`.
fn meta<'h>(html: &'h str, key: &str) -> Option<&'h str> {
    let at = html
        .find(&format!("property=\"{key}\" content=\""))
        .or_else(|| html.find(&format!("name=\"{key}\" content=\"")))?;
    let rest = &html[at..];
    let start = rest.find("content=\"")? + "content=\"".len();
    let end = rest[start..].find('"')?;
    Some(&rest[start..start + end])
}

fn png_size(png: &[u8]) -> Option<(u32, u32)> {
    if png.len() < 24 || !png.starts_with(b"\x89PNG\r\n\x1a\n") {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&png[16..20]), be(&png[20..24])))
}

fn cards(tree: &BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    tree.iter()
        .filter(|(p, _)| p.starts_with("anh-chia-se/"))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect()
}

#[test]
fn every_page_has_open_graph_tags_with_absolute_urls_and_a_1200_by_630_card() {
    let site = support::example();
    site.build(&[]).expect_code(0);
    let tree = read_tree(&site.out());
    let mut pages = 0;
    let mut photos = 0;
    for (path, bytes) in &tree {
        if !path.ends_with(".html") || path == "404.html" {
            continue;
        }
        pages += 1;
        let html = String::from_utf8_lossy(bytes);
        let url = path.trim_end_matches("index.html");
        assert_eq!(
            meta(&html, "og:url"),
            Some(format!("{BASE}{url}").as_str()),
            "{path}"
        );
        assert_eq!(meta(&html, "og:locale"), Some("vi_VN"), "{path}");
        assert!(
            meta(&html, "og:title").is_some_and(|t| !t.is_empty()),
            "{path}"
        );
        assert!(
            meta(&html, "og:description").is_some_and(|t| !t.is_empty()),
            "{path}"
        );
        assert_eq!(
            meta(&html, "twitter:card"),
            Some("summary_large_image"),
            "{path}"
        );
        let image = meta(&html, "og:image").unwrap_or_else(|| panic!("{path}: no og:image"));
        let file = image
            .strip_prefix(BASE)
            .unwrap_or_else(|| panic!("{path}: {image} is not under base_url"));
        let bytes = tree
            .get(file)
            .unwrap_or_else(|| panic!("{path}: the picture {file} is not in the output"));
        if file.ends_with(".jpg") {
            // A bulletin's photo, 1200 px wide, of the size the tags say.
            photos += 1;
            let (w, h) = image::ImageReader::new(std::io::Cursor::new(bytes))
                .with_guessed_format()
                .unwrap()
                .into_dimensions()
                .unwrap();
            assert_eq!(w, 1200, "{file}");
            assert_eq!(meta(&html, "og:image:type"), Some("image/jpeg"));
            assert_eq!(meta(&html, "og:image:width"), Some("1200"));
            assert_eq!(meta(&html, "og:image:height"), Some(h.to_string().as_str()));
        } else {
            assert_eq!(png_size(bytes), Some((1200, 630)), "{file}");
            assert_eq!(meta(&html, "og:image:type"), Some("image/png"));
            assert_eq!(meta(&html, "og:image:width"), Some("1200"));
            assert_eq!(meta(&html, "og:image:height"), Some("630"));
        }
        let kind = meta(&html, "og:type");
        if url.starts_with("tin-tuc/")
            && (file.starts_with("anh-chia-se/tin-tuc/") || file.ends_with(".jpg"))
        {
            assert_eq!(kind, Some("article"), "{path}");
        } else {
            assert_eq!(kind, Some("website"), "{path}");
        }
    }
    assert!(pages > 20, "{pages} pages");
    assert_eq!(photos, 2, "the two bulletins with a photo share it");
    // A bulletin has its own card; a unit's pages share the unit's.
    let bulletin = String::from_utf8_lossy(
        &tree["tin-tuc/dai-tu-vuot-ca-hai-chi-tieu-thi-hanh-an-nam-2023/index.html"],
    )
    .into_owned();
    assert_eq!(
        meta(&bulletin, "og:image"),
        Some(
            format!(
                "{BASE}anh-chia-se/tin-tuc/dai-tu-vuot-ca-hai-chi-tieu-thi-hanh-an-nam-2023.png"
            )
            .as_str()
        )
    );
    let unit = String::from_utf8_lossy(&tree["don-vi/dai-tu/index.html"]).into_owned();
    let stats = String::from_utf8_lossy(&tree["thong-ke/dai-tu/index.html"]).into_owned();
    assert_eq!(meta(&unit, "og:image"), meta(&stats, "og:image"));
    assert_eq!(
        meta(&unit, "og:image"),
        Some(format!("{BASE}anh-chia-se/don-vi/dai-tu.png").as_str())
    );
}

#[test]
fn cards_come_from_the_cache_until_what_they_show_changes() {
    let site = support::example();
    site.build(&[]).expect_code(0);
    let first = cards(&read_tree(&site.out()));
    let cache = site.root.join(".bantin-cache/cards");
    let cached = read_tree(&cache);
    assert_eq!(cached.len(), first.len(), "one cached file per card");

    // Deleted, the cache gives the same bytes again; kept, it is not written again.
    fs::remove_dir_all(site.root.join(".bantin-cache")).unwrap();
    site.build(&[]).expect_code(0);
    assert_eq!(cards(&read_tree(&site.out())), first);
    let stamps = support::tree_state(&cache);
    site.build(&[]).expect_code(0);
    assert_eq!(
        support::tree_state(&cache),
        stamps,
        "a rebuild draws no card"
    );

    // A new title: that bulletin's card is drawn again, and only it.
    // Its slug comes from the title: kept, so that only the title changes.
    let file = site
        .content()
        .join("articles/2023/dai-tu-vuot-chi-tieu-thi-hanh-an-nam-2023.md");
    let text = fs::read_to_string(&file).unwrap();
    let title_line = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    fs::write(&file, text.replacen(&title_line, "title: \"Đại Từ vượt cả hai chỉ tiêu (sửa)\"\nslug: dai-tu-vuot-ca-hai-chi-tieu-thi-hanh-an-nam-2023", 1)).unwrap();
    site.build(&[]).expect_code(0);
    let after = cards(&read_tree(&site.out()));
    let changed: Vec<&String> = after
        .iter()
        .filter(|(p, b)| first.get(*p) != Some(b))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(
        changed,
        ["anh-chia-se/tin-tuc/dai-tu-vuot-ca-hai-chi-tieu-thi-hanh-an-nam-2023.png"]
    );
    assert_eq!(read_tree(&cache).len(), cached.len() + 1);
}

#[test]
fn a_site_without_base_url_has_no_card_and_no_absolute_tag() {
    let site = support::example();
    let yaml = site.content().join("site.yaml");
    let text = fs::read_to_string(&yaml).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("base_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, text);
    fs::write(&yaml, without).unwrap();
    site.build(&[]).expect_code(0);
    let tree = read_tree(&site.out());
    assert!(cards(&tree).is_empty());
    let home = String::from_utf8_lossy(&tree["index.html"]).into_owned();
    assert!(meta(&home, "og:title").is_some());
    assert_eq!(meta(&home, "og:url"), None);
    assert_eq!(meta(&home, "og:image"), None);
    assert_eq!(meta(&home, "twitter:card"), Some("summary"));
    assert!(!site.root.join(".bantin-cache/cards").exists());
}
