//! A filled-in workbook or CSV file read into one table of cells, each with its place
//! (`Số liệu!D7`): what Excel stored in it (a number, a text, a date, a formula's saved value),
//! the formulas that have no saved value, and the merged cells. Read with calamine (.xlsx) and
//! the `csv` crate; nothing is interpreted yet.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use jiff::civil::Date;

/// What a cell holds, as stored.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Raw {
    Number(f64),
    Text(String),
    Bool(bool),
    Date(Date),
    /// An error value (`#DIV/0!`).
    Error(String),
    /// A formula without a saved value (written by a tool that does not compute, e.g. openpyxl).
    Formula(String),
}

/// Where the cells come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Xlsx,
    Csv,
}

/// One sheet (or CSV file) as cells at (row, column), both from 0.
#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) kind: Kind,
    /// The sheet's name (`Số liệu`); for a CSV, the file's name.
    pub(crate) sheet: String,
    pub(crate) cells: BTreeMap<(u32, u32), Raw>,
    /// Merged ranges: (first row, first column, last row, last column).
    pub(crate) merged: Vec<(u32, u32, u32, u32)>,
}

impl Table {
    /// The cell's name as a spreadsheet shows it: `Số liệu!D7`.
    pub(crate) fn place(&self, row: u32, col: u32) -> String {
        format!("{}!{}", self.sheet, cell_name(row, col))
    }
    pub(crate) fn get(&self, row: u32, col: u32) -> Option<&Raw> {
        self.cells.get(&(row, col))
    }
    /// The last row that holds anything.
    pub(crate) fn last_row(&self) -> Option<u32> {
        self.cells.keys().map(|(r, _)| *r).max()
    }
}

/// `D7` for row 6, column 3 (both from 0).
pub(crate) fn cell_name(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

/// A file that could not be read as a table at all.
#[derive(Debug)]
pub(crate) struct Unreadable(pub(crate) String);

/// Read the sheet named `preferred` (else the first sheet) of a workbook.
pub(crate) fn read_xlsx(bytes: &[u8], preferred: &str) -> Result<Table, Unreadable> {
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| {
        Unreadable(format!(
            "not an Excel workbook (.xlsx) that can be read: {e}"
        ))
    })?;
    let names = book.sheet_names();
    let sheet = names
        .iter()
        .find(|n| n.as_str() == preferred)
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| Unreadable("the workbook has no sheet".into()))?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| Unreadable(format!("sheet `{sheet}` cannot be read: {e}")))?;
    let formulas = book
        .worksheet_formula(&sheet)
        .map_err(|e| Unreadable(format!("the formulas of `{sheet}` cannot be read: {e}")))?;
    let mut cells = BTreeMap::new();
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (r, c, v) in range.used_cells() {
        let at = (r0 + r as u32, c0 + c as u32);
        let raw = match v {
            Data::Empty => continue,
            Data::Int(i) => Raw::Number(*i as f64),
            Data::Float(f) => Raw::Number(*f),
            Data::String(s) => Raw::Text(s.clone()),
            Data::Bool(b) => Raw::Bool(*b),
            Data::DateTime(d) => match excel_date(d.as_f64()) {
                Some(date) => Raw::Date(date),
                None => Raw::Number(d.as_f64()),
            },
            Data::DateTimeIso(s) => match s.get(..10).and_then(|d| d.parse::<Date>().ok()) {
                Some(date) => Raw::Date(date),
                None => Raw::Text(s.clone()),
            },
            Data::DurationIso(s) => Raw::Text(s.clone()),
            Data::Error(e) => Raw::Error(e.to_string()),
        };
        cells.insert(at, raw);
    }
    let (f0, g0) = formulas.start().unwrap_or((0, 0));
    for (r, c, f) in formulas.used_cells() {
        let at = (f0 + r as u32, g0 + c as u32);
        if !f.is_empty() && !cells.contains_key(&at) {
            cells.insert(at, Raw::Formula(format!("={f}")));
        }
    }
    let merged = book
        .merge_cells_by_sheet_name(&sheet)
        .map_err(|e| Unreadable(format!("the merged cells of `{sheet}` cannot be read: {e}")))?
        .into_iter()
        .map(|d| (d.start.0, d.start.1, d.end.0, d.end.1))
        .collect();
    Ok(Table {
        kind: Kind::Xlsx,
        sheet,
        cells,
        merged,
    })
}

/// An Excel serial day number (1900 system, days since 30/12/1899) as a date; the time of day
/// is dropped. `None` before 1/3/1900, where Excel's calendar has its false 29/02/1900.
pub(crate) fn excel_date(serial: f64) -> Option<Date> {
    if !(61.0..3_000_000.0).contains(&serial) {
        return None;
    }
    jiff::civil::date(1899, 12, 30)
        .checked_add(jiff::Span::new().days(serial.floor() as i64))
        .ok()
}

/// Read a CSV file (UTF-8, with or without a byte-order mark; comma-separated): every field a
/// text, as the file has no types.
pub(crate) fn read_csv(bytes: &[u8], name: &str) -> Result<Table, Unreadable> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Unreadable(format!(
            "not UTF-8 text (byte {}): save the CSV as \"CSV UTF-8\"",
            e.valid_up_to() + 1
        ))
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut cells = BTreeMap::new();
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(r as u64 + 1, |p| p.line());
            Unreadable(format!("line {line} is not valid CSV: {e}"))
        })?;
        for (c, field) in record.iter().enumerate() {
            if !field.is_empty() {
                cells.insert((r as u32, c as u32), Raw::Text(field.to_string()));
            }
        }
    }
    Ok(Table {
        kind: Kind::Csv,
        sheet: name.to_string(),
        cells,
        merged: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_count_columns_like_a_spreadsheet() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 3), "D7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(9, 31), "AF10");
        assert_eq!(cell_name(0, 701), "ZZ1");
        assert_eq!(cell_name(0, 702), "AAA1");
    }

    #[test]
    fn excel_serial_days_are_dates_from_march_1900() {
        assert_eq!(excel_date(45199.0), Some(jiff::civil::date(2023, 9, 30)));
        assert_eq!(excel_date(45199.75), Some(jiff::civil::date(2023, 9, 30)));
        assert_eq!(excel_date(61.0), Some(jiff::civil::date(1900, 3, 1)));
        assert_eq!(excel_date(60.0), None);
        assert_eq!(excel_date(-1.0), None);
    }

    #[test]
    fn csv_fields_keep_their_places_and_the_bom_is_dropped() {
        let t = read_csv("\u{feff}a,b\r\n\"x, y\",,3\r\n".as_bytes(), "f.csv").unwrap();
        assert_eq!(t.get(0, 0), Some(&Raw::Text("a".into())));
        assert_eq!(t.get(1, 0), Some(&Raw::Text("x, y".into())));
        assert_eq!(t.get(1, 1), None);
        assert_eq!(t.get(1, 2), Some(&Raw::Text("3".into())));
        assert_eq!(t.place(1, 2), "f.csv!C2");
        assert!(read_csv(&[0xff, 0xfe], "f.csv").is_err());
    }
}
