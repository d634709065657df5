//! The fast path of the workbooks: the parts that do not depend on the rows (content types,
//! relationships, workbook, styles, theme, app properties and the frame of the core
//! properties) come once from rust_xlsxwriter, for the pair of sheet names; the sheets and the
//! shared strings are written here ([`super::sheet`]); and the entries are zipped with the same
//! names, order and options as rust_xlsxwriter's packager, the fixed ones copied compressed
//! from the template (so their local headers hold their CRC, where rust_xlsxwriter's hold 0:
//! the same entries, a zip a few bytes apart). The tests hold the result to the reference's,
//! entry for entry.
//!
//! Measured on the benchmark site (10,000 bulletins, 375 units × 11 years): the workbooks cost
//! about 478 ms of CPU a build through rust_xlsxwriter (0.9 ms of fixed cost for each unit's
//! book, 67 ms for the whole site's, its per-cell format hashing) and about 62 ms this way
//! (0.09 ms a unit's book, 13 ms the whole site's, 1.2 ms a year's; the most of it deflate).

use std::io::{Cursor, Read, Write};
use std::sync::{Arc, Mutex};

use rust_xlsxwriter::XlsxError;
use zip::write::SimpleFileOptions;

use super::{Book, Cell, reference, sheet};

/// One entry of the package: the template's own, or what is written for each workbook.
enum Part {
    /// Copied compressed from the template, entry `i` (deflating the theme and styles again
    /// for each unit's workbook was the most of its cost).
    Fixed(usize),
    Data,
    Notes,
    Strings,
    /// The core properties around the two places of the creation date.
    Core([Vec<u8>; 3]),
}

/// The entries of the package, in order, for one pair of sheet names.
struct Template {
    names: (String, String),
    entries: Vec<(String, Part)>,
    zip: zip::ZipArchive<Cursor<Arc<[u8]>>>,
}

/// The creation date of the template: its text marks where each workbook's goes.
const MARK: &str = "1901-02-03T00:00:00Z";

/// The templates made so far (one a build: its sheet names come from the labels). Each is a
/// function of its names only, so which thread makes it first does not matter.
static TEMPLATES: Mutex<Vec<Arc<Template>>> = Mutex::new(Vec::new());

fn template(data_name: &str, notes_name: &str) -> Result<Arc<Template>, XlsxError> {
    let cached = |list: &[Arc<Template>]| {
        list.iter()
            .find(|t| t.names.0 == data_name && t.names.1 == notes_name)
            .cloned()
    };
    if let Some(t) = cached(&TEMPLATES.lock().unwrap_or_else(|e| e.into_inner())) {
        return Ok(t);
    }
    let made = Arc::new(make_template(data_name, notes_name)?);
    let mut list = TEMPLATES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = cached(&list) {
        return Ok(t);
    }
    list.push(Arc::clone(&made));
    Ok(made)
}

/// The reference's workbook of one header and one note, taken apart.
fn make_template(data_name: &str, notes_name: &str) -> Result<Template, XlsxError> {
    let head = ["x".to_string()];
    let book = Book {
        data_name,
        notes_name,
        created: jiff::civil::date(1901, 2, 3),
        head: &head,
        rows: &[],
        notes: vec![("x".to_string(), true)],
    };
    let bytes: Arc<[u8]> = reference::write(&book)?.into();
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut entries = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let mut file = zip.by_index(i)?;
        let name = file.name()?.to_string();
        let mut body = Vec::with_capacity(file.size() as usize);
        file.read_to_end(&mut body)?;
        let part = match name.as_str() {
            "xl/worksheets/sheet1.xml" => Part::Data,
            "xl/worksheets/sheet2.xml" => Part::Notes,
            "xl/sharedStrings.xml" => Part::Strings,
            "docProps/core.xml" => {
                let text = String::from_utf8_lossy(&body);
                let pieces: Vec<&str> = text.split(MARK).collect();
                let [a, b, c] = pieces[..] else {
                    return Err(XlsxError::ParameterError(
                        "docProps/core.xml: no creation date".to_string(),
                    ));
                };
                Part::Core([a.into(), b.into(), c.into()])
            }
            _ => Part::Fixed(i),
        };
        entries.push((name, part));
    }
    Ok(Template {
        names: (data_name.to_string(), notes_name.to_string()),
        entries,
        zip,
    })
}

/// Whether the fast path writes this book as the reference would: texts within Excel's
/// limit (the reference refuses longer ones), sizes within the sheet.
fn fits(book: &Book) -> bool {
    let long = |t: &str| t.len() > 32_767 && t.encode_utf16().count() > 32_767;
    book.rows.len() < 1_048_575
        && book.head.len() <= 16_384
        && book.rows.iter().all(|r| r.len() <= 16_384)
        && !book.head.iter().any(|h| long(h))
        && !book.notes.iter().any(|(t, _)| long(t))
        && !book
            .rows
            .iter()
            .flatten()
            .any(|c| matches!(c, Cell::Text(t) if long(t)))
        // The template has a shared strings part: so must the book.
        && book.head.iter().any(|h| !h.is_empty())
}

/// The workbook of `book`, byte for byte as [`reference::write`] makes it.
pub(super) fn write(book: &Book) -> Result<Vec<u8>, XlsxError> {
    fast(book).unwrap_or_else(|| reference::write(book))
}

/// The workbook of `book` written here, or `None` for a book left to the reference.
pub(super) fn fast<'a>(book: &'a Book<'a>) -> Option<Result<Vec<u8>, XlsxError>> {
    if !fits(book) {
        return None;
    }
    let mut strings = sheet::Strings::default();
    let data = sheet::data(book, &mut strings)?;
    Some(zipped(book, strings, data))
}

fn zipped<'a>(
    book: &'a Book<'a>,
    mut strings: sheet::Strings<'a>,
    data: Vec<u8>,
) -> Result<Vec<u8>, XlsxError> {
    let template = template(book.data_name, book.notes_name)?;
    let notes = sheet::notes(book, &mut strings);
    let shared = strings.xml();
    // Checked as the reference checks it, then written as its core properties write it.
    reference::created(book)?;
    let d = book.created;
    let date = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        d.year().clamp(1900, 9999),
        d.month(),
        d.day()
    );

    // The options of rust_xlsxwriter's packager (with the level its `write` sets).
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .unix_permissions(0o600)
        .last_modified_time(zip::DateTime::default())
        .large_file(false);
    let mut zip = zip::ZipWriter::new_stream(Vec::with_capacity(data.len() / 4 + 16_384));
    let mut fixed = template.zip.clone();
    for (name, part) in &template.entries {
        if let Part::Fixed(i) = part {
            zip.raw_copy_file(fixed.by_index_raw(*i)?)?;
            continue;
        }
        zip.start_file(name.as_str(), options)?;
        match part {
            Part::Fixed(_) => {}
            Part::Data => zip.write_all(&data)?,
            Part::Notes => zip.write_all(&notes)?,
            Part::Strings => zip.write_all(&shared)?,
            // In one write: the deflate stream depends on how its input is split.
            Part::Core(pieces) => zip.write_all(&pieces.join(date.as_bytes()))?,
        }
    }
    Ok(zip.finish()?.into_inner())
}
