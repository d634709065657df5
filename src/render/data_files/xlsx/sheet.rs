//! The XML of the two sheets and of the shared strings, written as rust_xlsxwriter 0.102 writes
//! them (see its `worksheet.rs` and `shared_strings.rs`), for the workbooks of the data files
//! only: a frozen header of bold wrapped strings, cells of a few kinds each with a fixed style
//! index (the order of [`super::reference::Formats`]), a notes sheet of one column.

use std::fmt::Write as _;

use ahash::AHashMap;

use super::{Book, Cell, is_plain, widths};

/// Style indices: the formats as the reference registers them.
const BOLD: u8 = 1;
const DATE: u8 = 2;
const INT: u8 = 3;
const PERCENT: u8 = 4;
const POINTS: u8 = 5;
const HEADING: u8 = 6;

const START: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet \
    xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">";
const DATA_VIEW: &str = "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"><pane \
    ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection \
    pane=\"bottomLeft\"/></sheetView></sheetViews>";
const NOTES_VIEW: &str = "<sheetViews><sheetView workbookViewId=\"0\"/></sheetViews>";
const FORMAT_PR: &str = "<sheetFormatPr defaultRowHeight=\"15\"/>";
const END: &str = "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" \
    header=\"0.3\" footer=\"0.3\"/></worksheet>";

/// The shared strings: each distinct string once, numbered in order of first use.
#[derive(Default)]
pub(super) struct Strings<'a> {
    index: AHashMap<&'a str, u32>,
    order: Vec<&'a str>,
    count: u32,
}

impl<'a> Strings<'a> {
    fn id(&mut self, s: &'a str) -> u32 {
        self.count += 1;
        let next = self.order.len() as u32;
        *self.index.entry(s).or_insert_with(|| {
            self.order.push(s);
            next
        })
    }

    /// `xl/sharedStrings.xml`.
    pub(super) fn xml(&self) -> Vec<u8> {
        let mut out = String::with_capacity(self.order.iter().map(|s| s.len() + 16).sum());
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        let _ = write!(
            out,
            "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             count=\"{}\" uniqueCount=\"{}\">",
            self.count,
            self.order.len()
        );
        let ws = ['\t', '\n', ' '];
        for s in &self.order {
            if s.starts_with("<r>") && s.ends_with("</r>") {
                // rust_xlsxwriter takes such a string for the XML of a rich string.
                out.push_str("<si>");
                out.push_str(s);
                out.push_str("</si>");
            } else {
                if s.starts_with(ws) || s.ends_with(ws) {
                    out.push_str("<si><t xml:space=\"preserve\">");
                } else {
                    out.push_str("<si><t>");
                }
                escape(&mut out, s);
                out.push_str("</t></si>");
            }
        }
        out.push_str("</sst>");
        out.into_bytes()
    }
}

/// Text as the data of an element: `&<>` as entities; control characters (but tab and
/// newline) and U+FFFE/U+FFFF as `_xHHHH_`, so a literal `_xHHHH_` has its `_` written
/// `_x005F` first (as Excel reads them back).
fn escape(out: &mut String, s: &str) {
    let b = s.as_bytes();
    for (i, ch) in s.char_indices() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(ch),
            '\0'..='\x1f' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "_x{:04X}_", ch as u32);
            }
            '_' if b.len() >= i + 7
                && b[i + 1] == b'x'
                && b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
                && b[i + 6] == b'_' =>
            {
                out.push_str("_x005F_");
            }
            _ => out.push(ch),
        }
    }
}

/// The letters of a column, 0 → `A`, 26 → `AA`.
fn col_name(col: u32) -> String {
    let mut buf = [0u8; 4];
    let mut n = col + 1;
    let mut i = buf.len();
    while n > 0 {
        i -= 1;
        buf[i] = b'A' + ((n - 1) % 26) as u8;
        n = (n - 1) / 26;
    }
    buf[i..].iter().map(|&c| c as char).collect()
}

/// The digits of `n` (`write!` costs several times more in the loop over the cells).
fn push_int(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or_default());
}

/// A number as rust_xlsxwriter writes an `f64` (`Display`): whole ones as their digits.
fn push_number(out: &mut String, v: f64) {
    if v.fract() == 0.0 && v.abs() < EXACT as f64 && !(v == 0.0 && v.is_sign_negative()) {
        if v < 0.0 {
            out.push('-');
        }
        push_int(out, v.abs() as u64);
    } else {
        let _ = write!(out, "{v}");
    }
}

/// A cell reference, `AF12`, from zero-based row and column.
fn cell_ref(out: &mut String, row: u32, col: u32) {
    out.push_str(&col_name(col));
    push_int(out, u64::from(row) + 1);
}

/// The attribute of each style index.
const STYLES: [&str; 7] = [
    "", " s=\"1\"", " s=\"2\"", " s=\"3\"", " s=\"4\"", " s=\"5\"", " s=\"6\"",
];

/// One cell as it goes into the sheet.
enum Value<'a> {
    Str(&'a str),
    Blank,
    Num(f64),
    Int(u64),
    Bool(bool),
}

/// A sheet's rows of cells: `(row, col, style, value)` in row-major order.
struct Grid<'a> {
    cells: Vec<(u32, u32, u8, Value<'a>)>,
}

impl<'a> Grid<'a> {
    /// `<dimension>`, the row spans (per block of 16 rows) and `<sheetData>`.
    fn write(&self, out: &mut String, strings: &mut Strings<'a>, cols: &str, view: &str) {
        out.push_str(START);
        out.push_str("<dimension ref=\"");
        match (self.cells.first(), self.cells.last()) {
            (Some(first), Some(last)) => {
                let min_col = self.cells.iter().map(|c| c.1).min().unwrap_or(0);
                let max_col = self.cells.iter().map(|c| c.1).max().unwrap_or(0);
                cell_ref(out, first.0, min_col);
                if (first.0, min_col) != (last.0, max_col) {
                    out.push(':');
                    cell_ref(out, last.0, max_col);
                }
            }
            _ => out.push_str("A1"),
        }
        out.push_str("\"/>");
        out.push_str(view);
        out.push_str(FORMAT_PR);
        out.push_str(cols);
        if self.cells.is_empty() {
            out.push_str("<sheetData/>");
            out.push_str(END);
            return;
        }
        // The span of each block of 16 rows: its first and last column, from 1.
        let blocks = self.cells.last().map_or(0, |c| c.0 / 16 + 1) as usize;
        let mut spans: Vec<(u32, u32)> = vec![(u32::MAX, 0); blocks];
        for c in &self.cells {
            let s = &mut spans[(c.0 / 16) as usize];
            *s = (s.0.min(c.1), s.1.max(c.1));
        }
        out.push_str("<sheetData>");
        let max_col = self.cells.iter().map(|c| c.1).max().unwrap_or(0);
        let names: Vec<String> = (0..=max_col).map(col_name).collect();
        let mut row = u32::MAX;
        let mut digits = String::new();
        for (r, c, style, value) in &self.cells {
            if *r != row {
                if row != u32::MAX {
                    out.push_str("</row>");
                }
                row = *r;
                digits.clear();
                push_int(&mut digits, u64::from(*r) + 1);
                let (a, b) = spans[(*r / 16) as usize];
                out.push_str("<row r=\"");
                out.push_str(&digits);
                out.push_str("\" spans=\"");
                push_int(out, u64::from(a) + 1);
                out.push(':');
                push_int(out, u64::from(b) + 1);
                out.push_str("\">");
            }
            out.push_str("<c r=\"");
            out.push_str(&names[*c as usize]);
            out.push_str(&digits);
            out.push('"');
            out.push_str(STYLES[usize::from(*style)]);
            match value {
                Value::Blank => {
                    out.push_str("/>");
                    continue;
                }
                Value::Str(s) => {
                    out.push_str(" t=\"s\"><v>");
                    push_int(out, u64::from(strings.id(s)));
                }
                Value::Bool(b) => out.push_str(if *b { " t=\"b\"><v>1" } else { " t=\"b\"><v>0" }),
                Value::Int(n) => {
                    out.push_str("><v>");
                    push_int(out, *n);
                }
                Value::Num(v) => {
                    out.push_str("><v>");
                    push_number(out, *v);
                }
            }
            out.push_str("</v></c>");
        }
        out.push_str("</row></sheetData>");
        out.push_str(END);
    }
}

/// `<cols>` of these widths in characters: runs of one width as one element.
fn cols(widths: &[usize]) -> String {
    let mut out = String::new();
    if widths.is_empty() {
        return out;
    }
    out.push_str("<cols>");
    let mut first = 0;
    for c in 0..widths.len() {
        if c + 1 == widths.len() || widths[c + 1] != widths[first] {
            // rust_xlsxwriter keeps a width in pixels (7 a character, 5 of padding) and
            // writes it back in characters, in 256ths.
            let pixels = (widths[first] as f64 * 7.0).round() as u32 + 5;
            let chars = f64::from(pixels * 256 / 7) / 256.0;
            let custom = if pixels == 64 {
                ""
            } else {
                " customWidth=\"1\""
            };
            let _ = write!(
                out,
                "<col min=\"{}\" max=\"{}\" width=\"{chars}\"{custom}/>",
                first + 1,
                c + 1
            );
            first = c + 1;
        }
    }
    out.push_str("</cols>");
    out
}

/// Below 2^53 a count is written as its digits, as its `f64` would be.
const EXACT: u64 = 1 << 53;

/// The number of a whole count, as rust_xlsxwriter writes `n as f64`.
fn int(n: u64) -> Value<'static> {
    if n < EXACT {
        Value::Int(n)
    } else {
        Value::Num(n as f64)
    }
}

/// `xl/worksheets/sheet1.xml`: the header and the rows. `None` when a cell is one the fast
/// path leaves to the reference (a number that is not finite, a date out of Excel's range).
pub(super) fn data<'a>(book: &'a Book<'a>, strings: &mut Strings<'a>) -> Option<Vec<u8>> {
    let mut grid = Grid {
        cells: Vec::with_capacity((book.rows.len() + 1) * book.head.len()),
    };
    for (c, h) in book.head.iter().enumerate() {
        let value = if h.is_empty() {
            Value::Blank
        } else {
            Value::Str(h)
        };
        grid.cells.push((0, c as u32, BOLD, value));
    }
    for (r, row) in book.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let (style, value) = match cell {
                Cell::Empty => continue,
                Cell::Text(t) if t.is_empty() => continue,
                Cell::Text(t) => (0, Value::Str(t)),
                Cell::Int(n) if is_plain(c) => (0, int(*n)),
                Cell::Int(n) | Cell::Money(n) => (INT, int(*n)),
                Cell::Percent(v) => (PERCENT, Value::Num(finite(v / 100.0)?)),
                Cell::Points(v) => (POINTS, Value::Num(finite(*v)?)),
                Cell::Bool(b) => (0, Value::Bool(*b)),
                Cell::Date(d) => (DATE, Value::Num(serial(*d)?)),
            };
            grid.cells.push((r, c as u32, style, value));
        }
    }
    let mut out = String::with_capacity(grid.cells.len() * 28 + 4096);
    grid.write(
        &mut out,
        strings,
        &cols(&widths(book.head, book.rows)),
        DATA_VIEW,
    );
    Some(out.into_bytes())
}

/// `xl/worksheets/sheet2.xml`: the notes, one a row, in a column 120 characters wide.
pub(super) fn notes<'a>(book: &'a Book<'a>, strings: &mut Strings<'a>) -> Vec<u8> {
    let grid = Grid {
        cells: book
            .notes
            .iter()
            .enumerate()
            .filter_map(|(r, (text, heading))| {
                let value = match (text.is_empty(), heading) {
                    // An empty string with a format is a blank cell; without, no cell.
                    (true, true) => Value::Blank,
                    (true, false) => return None,
                    (false, _) => Value::Str(text.as_str()),
                };
                Some((r as u32, 0, if *heading { HEADING } else { 0 }, value))
            })
            .collect(),
    };
    let mut out = String::with_capacity(book.notes.len() * 40 + 1024);
    grid.write(&mut out, strings, &cols(&[120]), NOTES_VIEW);
    out.into_bytes()
}

fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}

/// The Excel serial number of a date (days from 1899-12-31, and Excel's 29 February 1900),
/// for the years Excel has.
fn serial(d: jiff::civil::Date) -> Option<f64> {
    if !(1900..=9999).contains(&d.year()) {
        return None;
    }
    let dt =
        rust_xlsxwriter::ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
            .ok()?;
    Some(dt.to_excel())
}
