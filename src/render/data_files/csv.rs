//! The CSV of a data file: UTF-8 with a byte-order mark (so that Excel reads Vietnamese
//! correctly), comma-separated, CRLF line ends (RFC 4180), one header row, `.` decimals, ISO
//! dates, `true`/`false`, an empty field for a missing value. A field is quoted when it holds a
//! comma, a quote, a line break or leading or trailing spaces; quotes inside are doubled.

use super::Cell;

const BOM: &[u8] = "\u{feff}".as_bytes();

/// The file: `head`, then `rows`.
pub(crate) fn write(head: &[String], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = String::with_capacity(512 + rows.len() * 256);
    line(&mut out, head.iter().map(|h| field_text(h)));
    for row in rows {
        line(&mut out, row.iter().map(cell_text));
    }
    let mut bytes = Vec::with_capacity(BOM.len() + out.len());
    bytes.extend_from_slice(BOM);
    bytes.extend_from_slice(out.as_bytes());
    bytes
}

fn line(out: &mut String, fields: impl Iterator<Item = String>) {
    for (i, f) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&f);
    }
    out.push_str("\r\n");
}

/// A number as it is read back: the shortest decimal that gives the same `f64` (`85.71`,
/// `-2.5`, `90`), never an exponent.
pub(crate) fn number(v: f64) -> String {
    let s = format!("{v}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// One cell as a field of the file.
pub(crate) fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(t) => field_text(t),
        Cell::Int(n) | Cell::Money(n) => n.to_string(),
        Cell::Percent(v) | Cell::Points(v) => number(*v),
        Cell::Bool(b) => b.to_string(),
        Cell::Date(d) => d.to_string(),
    }
}

/// A text field, quoted when it must be.
pub(crate) fn field_text(t: &str) -> String {
    let needs = t.contains([',', '"', '\n', '\r']) || t.starts_with(' ') || t.ends_with(' ');
    if needs {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t.to_string()
    }
}
