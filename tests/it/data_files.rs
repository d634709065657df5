//! Issue 20: the downloadable data files (`du-lieu/`): one CSV and one XLSX per unit with
//! figures, per statistical year and for the whole site; linked beside every table and chart of
//! figures; byte-identical across builds; nothing internal in a public build. The values are
//! checked against the YAML by `scripts/data-check.py` (Python's csv, pandas, openpyxl) in CI.

use std::collections::BTreeMap;
use std::io::Read;

use crate::support::{example, fixture, read_text, read_tree};

/// The text of every entry of an XLSX (a zip of XML parts).
pub fn xlsx_text(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip");
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("zip entry");
        entry
            .read_to_string(&mut all)
            .expect("xlsx entries are text");
    }
    all
}

fn data_files(tree: &BTreeMap<String, Vec<u8>>) -> Vec<&String> {
    tree.keys().filter(|p| p.starts_with("du-lieu/")).collect()
}

#[test]
fn the_example_has_a_csv_and_an_xlsx_per_unit_year_and_site_byte_identical_across_builds() {
    let site = example();
    site.build(&[]).expect_code(0);
    let first = read_tree(&site.out());
    let files = data_files(&first);
    for base in [
        "du-lieu/toan-bo",
        "du-lieu/don-vi/dai-tu",
        "du-lieu/don-vi/cuc-thai-nguyen",
        "du-lieu/nam/2021",
        "du-lieu/nam/2023",
    ] {
        for ext in ["csv", "xlsx"] {
            let path = format!("{base}.{ext}");
            assert!(files.contains(&&path), "{path} missing from {files:?}");
        }
    }
    // Units with figures (5), years (3), the whole site, in two formats.
    assert_eq!(files.len(), (5 + 3 + 1) * 2, "{files:?}");
    let csv = String::from_utf8(first["du-lieu/don-vi/dai-tu.csv"].clone()).unwrap();
    assert!(csv.starts_with('\u{feff}'), "no BOM");
    let mut lines = csv.trim_start_matches('\u{feff}').split("\r\n");
    let head = lines.next().unwrap();
    assert!(head.starts_with("Mã đơn vị [unit_id],"), "{head}");
    assert!(head.contains(",Tỷ lệ về việc (%) [cases_rate],"), "{head}");
    let rows: Vec<&str> = lines.filter(|l| !l.is_empty()).collect();
    assert_eq!(rows.len(), 3, "{csv}");
    // 2021: rate 85.71 and exceeded 1.71 published, the target derived (84), no counts.
    assert!(
        rows[0].starts_with(
            "dai-tu,Chi cục Thi hành án dân sự huyện Đại Từ,2021,12,2020-10-01,2021-09-30,,,,85.71,,84,true,1.71,false,"
        ),
        "{}",
        rows[0]
    );
    assert!(
        rows[2].contains(",2,1,"),
        "the 2023 published ranks: {}",
        rows[2]
    );
    let xlsx = xlsx_text(&first["du-lieu/don-vi/dai-tu.xlsx"]);
    assert!(
        xlsx.contains("0.00%") && xlsx.contains("#,##0"),
        "number formats"
    );
    assert!(
        xlsx.contains("Ghi chú") && xlsx.contains("01/10"),
        "notes sheet"
    );
    assert!(xlsx.contains(r#"<pane ySplit="1""#), "frozen header");

    // A second build, elsewhere, writes the same bytes.
    let again = example();
    again.build(&[]).expect_code(0);
    let second = read_tree(&again.out());
    for f in files {
        assert!(first[f] == second[f], "{f} differs between two builds");
    }
}

#[test]
fn every_table_and_chart_of_figures_links_to_its_data_and_the_links_resolve() {
    let site = example();
    site.build(&[]).expect_code(0);
    let out = site.out();
    let tree = read_tree(&out);
    for (page, wanted) in [
        ("index.html", "du-lieu/don-vi/dai-tu.csv"),
        ("don-vi/dai-tu/index.html", "du-lieu/don-vi/dai-tu.xlsx"),
        ("thong-ke/dai-tu/index.html", "du-lieu/don-vi/dai-tu.csv"),
        ("thong-ke/index.html", "du-lieu/nam/2023.xlsx"),
        ("thong-ke/index.html", "du-lieu/toan-bo.csv"),
    ] {
        let html = read_text(&out, page);
        let root = "../".repeat(page.matches('/').count());
        assert!(
            html.contains(&format!("href=\"{root}{wanted}\"")),
            "{page} has no link to {wanted}"
        );
    }
    // Every link to a data file, on every page, names a file of the build.
    for (path, bytes) in &tree {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        for (at, _) in html.match_indices("du-lieu/") {
            let start = html[..at].rfind('"').unwrap() + 1;
            let end = at + html[at..].find('"').unwrap();
            let href = &html[start..end];
            let mut parts: Vec<&str> = if dir.is_empty() {
                vec![]
            } else {
                dir.split('/').collect()
            };
            for seg in href.split('/') {
                if seg == ".." {
                    parts.pop();
                } else {
                    parts.push(seg);
                }
            }
            let target = parts.join("/");
            assert!(
                tree.contains_key(&target),
                "{path}: {href} → {target} missing"
            );
        }
    }
    // Data files are not pages: not in the sitemap.
    assert!(!read_text(&out, "sitemap.xml").contains("du-lieu/"));
}

#[test]
fn public_data_files_hold_no_canary_and_internal_ones_do() {
    let site = fixture("leak");
    site.build(&[]).expect_code(0);
    let tree = read_tree(&site.out());
    let files = data_files(&tree);
    assert!(
        !files.is_empty(),
        "the leak fixture's public build has no data file"
    );
    let text_of = |path: &str| -> String {
        let bytes = &tree[path];
        if path.ends_with(".xlsx") {
            xlsx_text(bytes)
        } else {
            String::from_utf8(bytes.clone()).unwrap()
        }
    };
    for f in &files {
        let text = text_of(f).to_lowercase();
        assert!(!text.contains("canary"), "a canary leaked into {f}");
    }
    // The check can see one: the internal build's files hold the internal figures' canaries.
    let internal = fixture("leak");
    internal.build(&["--audience", "internal"]).expect_code(0);
    let tree = read_tree(&internal.out());
    let all = xlsx_text(&tree["du-lieu/toan-bo.xlsx"]).to_lowercase()
        + &String::from_utf8_lossy(&tree["du-lieu/toan-bo.csv"]).to_lowercase();
    assert!(
        all.contains("canary"),
        "the internal data files show no internal figure"
    );
}
