//! `bantin export stats` and `bantin import stats` on a copy of the example site: a fresh export
//! (or the site's own downloaded CSV) imports with no change; an edited cell changes that value
//! only, in place; a broken file names every bad cell at once, exits 1 and writes nothing. The
//! openpyxl round trip and the ten broken workbooks are `scripts/roundtrip-check.py` (CI).

use std::fs;
use std::path::Path;

use crate::support::{self, TempSite, tree_state};

/// The rows of a CSV (BOM dropped), header first.
fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let text = fs::read_to_string(path).expect("the CSV");
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_string();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

fn write_csv(path: &Path, rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(path).expect("a CSV file");
    for r in rows {
        w.write_record(r).expect("a CSV record");
    }
    w.flush().expect("flushed");
}

/// The column of machine name `name` (`… [name]`).
fn col(rows: &[Vec<String>], name: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h.ends_with(&format!("[{name}]")))
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn row_of(rows: &[Vec<String>], unit: &str, year: &str) -> usize {
    rows.iter()
        .position(|r| r[0] == unit && r[2] == year)
        .unwrap_or_else(|| panic!("no row {unit} {year}"))
}

/// The example site, built, with its whole-site CSV copied beside it.
fn site_with_csv() -> (TempSite, std::path::PathBuf) {
    let site = support::example();
    site.build(&[]).expect_code(0);
    let csv = site.dir.path().join("toan-bo.csv");
    fs::copy(site.out().join("du-lieu/toan-bo.csv"), &csv).expect("copied");
    (site, csv)
}

#[test]
fn exporting_then_importing_changes_nothing_and_writes_nothing() {
    let site = support::example();
    let book = site.dir.path().join("so-lieu.xlsx");
    let r = site.run(&["export", "stats", book.to_str().unwrap()]);
    r.expect_code(0);
    assert!(r.stdout.contains("rows"), "{}", r.stdout);
    let before = tree_state(&site.content());
    for args in [
        &["import", "stats"][..],
        &["import", "stats", "--write"][..],
    ] {
        let mut all = args.to_vec();
        all.push(book.to_str().unwrap());
        let r = site.run(&all);
        r.expect_code(0);
        assert!(r.stdout.contains("no change"), "{}", r.stdout);
    }
    assert_eq!(tree_state(&site.content()), before);
}

#[test]
fn the_sites_own_downloaded_csv_imports_with_no_change() {
    let (site, csv) = site_with_csv();
    let r = site.run(&["import", "stats", csv.to_str().unwrap()]);
    r.expect_code(0);
    assert!(r.stdout.contains("no change"), "{}{}", r.stdout, r.stderr);
}

#[test]
fn an_edited_cell_changes_that_value_only_in_place() {
    let (site, csv) = site_with_csv();
    let mut rows = read_csv(&csv);
    let (r, c) = (
        row_of(&rows, "cuc-thai-nguyen", "2023"),
        col(&rows, "cases_eligible"),
    );
    assert_eq!(rows[r][c], "7436");
    rows[r][c] = "7440".into();
    write_csv(&csv, &rows);
    let file = site.content().join("stats/cuc-thai-nguyen.yaml");
    let old = fs::read_to_string(&file).unwrap();

    let shown = site.run(&["import", "stats", csv.to_str().unwrap()]);
    shown.expect_code(0);
    assert!(
        shown
            .stdout
            .contains("-      eligible: 7436\n+      eligible: 7440\n"),
        "a diff of the unit's file: {}",
        shown.stdout
    );
    assert_eq!(
        fs::read_to_string(&file).unwrap(),
        old,
        "nothing written without --write"
    );

    site.run(&["import", "stats", "--write", csv.to_str().unwrap()])
        .expect_code(0);
    let new = fs::read_to_string(&file).unwrap();
    assert_eq!(new, old.replace("eligible: 7436", "eligible: 7440"));
    site.check(&[]).expect_code(0);
}

#[test]
fn a_broken_csv_names_every_bad_cell_at_once_and_writes_nothing() {
    let (site, csv) = site_with_csv();
    let mut rows = read_csv(&csv);
    let r = row_of(&rows, "dinh-hoa", "2023");
    let total = col(&rows, "cases_total");
    let rate = col(&rows, "money_rate");
    rows[r][total] = "1.234,5".into();
    rows[r][rate] = "150".into();
    let u = row_of(&rows, "vo-nhai", "2022");
    rows[u][0] = "vo-nhaj".into();
    write_csv(&csv, &rows);
    let before = tree_state(&site.content());
    let out = site.run(&["import", "stats", "--write", csv.to_str().unwrap()]);
    out.expect_code(1);
    let cell =
        |row: usize, col: usize| format!("toan-bo.csv!{}{}", char::from(b'A' + col as u8), row + 1);
    for expected in [
        format!(
            "{} (dinh-hoa, 2023): `1.234,5` is not a number",
            cell(r, total)
        ),
        format!("{} (dinh-hoa, 2023): 150,00% is over 100%", cell(r, rate)),
        format!("{} (vo-nhaj, 2022): unknown unit `vo-nhaj`", cell(u, 0)),
    ] {
        assert!(
            out.stderr.contains(&expected),
            "no `{expected}` in:\n{}",
            out.stderr
        );
    }
    assert!(
        out.stderr.contains("did you mean `vo-nhai`"),
        "{}",
        out.stderr
    );
    assert_eq!(tree_state(&site.content()), before);
}

#[test]
fn a_year_to_fill_is_exported_empty_and_a_filled_row_becomes_a_new_file() {
    let site = support::example();
    let book = site.dir.path().join("2026.xlsx");
    let r = site.run(&["export", "stats", "--year", "2026", book.to_str().unwrap()]);
    r.expect_code(0);
    assert!(
        r.stdout.contains("(2 rows, 2 of them to fill)"),
        "{}",
        r.stdout
    );

    // The site's CSV with one row for a unit without figures yet, and every other row dropped
    // (rows not in the sheet are left alone).
    let (site, csv) = site_with_csv();
    let mut rows = read_csv(&csv);
    let mut row = vec![String::new(); rows[0].len()];
    row[0] = "thads-thai-nguyen".into();
    row[2] = "2026".into();
    row[col(&rows, "cases_total")] = "5000".into();
    row[col(&rows, "cases_eligible")] = "4000".into();
    row[col(&rows, "cases_completed")] = "3500".into();
    row[col(&rows, "money_target")] = "45.5".into();
    rows.truncate(1);
    rows.push(row);
    write_csv(&csv, &rows);
    let out = site.run(&["import", "stats", "--write", csv.to_str().unwrap()]);
    out.expect_code(0);
    assert_eq!(
        fs::read_to_string(site.content().join("stats/thads-thai-nguyen.yaml")).unwrap(),
        "unit: thads-thai-nguyen\nyears:\n  - year: 2026\n    cases:\n      total: 5000\n      eligible: 4000\n      completed: 3500\n    money:\n      target: 45.5\n"
    );
    assert!(
        out.stdout.contains("updated 4 value(s) in 1 file(s)"),
        "{}",
        out.stdout
    );
    site.check(&[]).expect_code(0);
}
