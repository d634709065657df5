//! The workbook written with rust_xlsxwriter: the definition of the package, which the fast
//! path ([`super::package`]) must match entry for entry (the tests compare them), and the path
//! taken for what the fast one does not write itself (numbers that are not finite, dates out of
//! Excel's range, too long texts).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::{Book, Cell, is_plain, widths};

/// The formats of the workbook, in the order of their `s="N"` index (1…6; 0 is the default).
pub(super) struct Formats {
    pub(super) bold: Format,
    pub(super) date: Format,
    pub(super) int: Format,
    pub(super) percent: Format,
    pub(super) points: Format,
    pub(super) heading: Format,
}

impl Formats {
    pub(super) fn new() -> Formats {
        Formats {
            bold: Format::new().set_bold().set_text_wrap(),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            int: Format::new().set_num_format("#,##0"),
            percent: Format::new().set_num_format("0.00%"),
            points: Format::new().set_num_format("0.00"),
            heading: Format::new().set_bold(),
        }
    }
}

/// The creation date as rust_xlsxwriter takes it.
pub(super) fn created(book: &Book) -> Result<ExcelDateTime, XlsxError> {
    let d = book.created;
    ExcelDateTime::from_ymd(
        d.year().clamp(1900, 9999) as u16,
        d.month() as u8,
        d.day() as u8,
    )
}

/// The workbook of `book`.
pub(super) fn write(book: &Book) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // Fast deflate: a file a few percent bigger, written in a third of the time (at 375 units the
    // workbooks' compression was the most of their cost).
    wb.set_zip_compression_level(1);
    wb.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&created(book)?)
            .set_title(book.data_name),
    );

    // Every format registered up front, in a fixed order: rust_xlsxwriter numbers formats in
    // the order of their first use, which would depend on which columns of the first rows are
    // empty; the fast path writes a fixed `s="N"` per kind of cell. This is the order of first
    // use of a full first row, so such workbooks keep the bytes they had before.
    let f = Formats::new();
    for format in [&f.bold, &f.date, &f.int, &f.percent, &f.points, &f.heading] {
        wb.register_format(format);
    }

    let sheet = wb.add_worksheet();
    sheet.set_name(book.data_name)?;
    for (c, h) in book.head.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &f.bold)?;
    }
    for (r, row) in book.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(t) => {
                    sheet.write_string(r, col, t)?;
                }
                Cell::Int(n) if is_plain(c) => {
                    sheet.write_number(r, col, *n as f64)?;
                }
                Cell::Int(n) | Cell::Money(n) => {
                    sheet.write_number_with_format(r, col, *n as f64, &f.int)?;
                }
                Cell::Percent(v) => {
                    sheet.write_number_with_format(r, col, v / 100.0, &f.percent)?;
                }
                Cell::Points(v) => {
                    sheet.write_number_with_format(r, col, *v, &f.points)?;
                }
                Cell::Bool(b) => {
                    sheet.write_boolean(r, col, *b)?;
                }
                Cell::Date(d) => {
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(r, col, &dt, &f.date)?;
                }
            }
        }
    }
    for (c, w) in widths(book.head, book.rows).iter().enumerate() {
        sheet.set_column_width(c as u16, *w as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;

    let notes = wb.add_worksheet();
    notes.set_name(book.notes_name)?;
    notes.set_column_width(0, 120.0)?;
    for (line, (text, heading)) in book.notes.iter().enumerate() {
        if *heading {
            notes.write_string_with_format(line as u32, 0, text, &f.heading)?;
        } else {
            notes.write_string(line as u32, 0, text)?;
        }
    }
    wb.save_to_buffer()
}
