//! The workbook of a data file, for people: a sheet of figures (real numbers; rates as fractions
//! shown `0.00%`, which a Vietnamese Excel shows `85,71%`; amounts `#,##0`, shown
//! `1.250.000.000`; dates `dd/mm/yyyy`), its header row frozen and its columns as wide as their
//! contents; and a sheet of notes: the period of a statistical year, what the columns mean, the
//! source of each row's figures, which targets are derived (rate − exceeded) and which
//! published rates differ from the recomputed ones. The same content gives the same bytes: the
//! creation time is the newest date of the figures, never the clock.

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use super::Cell;
use crate::model::{Measure, Site, YearStats};
use crate::text;

/// Widest a column is made, in characters.
const MAX_WIDTH: usize = 60;

/// The workbook of these rows (`stats[i]` is the figures of `rows[i]`).
pub(crate) fn write(
    site: &Site,
    head: &[String],
    rows: &[Vec<Cell>],
    stats: &[&YearStats],
) -> Result<Vec<u8>, XlsxError> {
    let l = &site.labels().data;
    let mut book = Workbook::new();
    // Fast deflate: a file a few percent bigger, written in a third of the time (at 375 units the
    // workbooks' compression was the most of their cost).
    book.set_zip_compression_level(1);
    let newest = stats
        .iter()
        .map(|s| s.as_of.unwrap_or(s.period_end).max(s.period_end))
        .max()
        .unwrap_or(jiff::civil::date(2000, 1, 1));
    let created = ExcelDateTime::from_ymd(
        newest.year().clamp(1900, 9999) as u16,
        newest.month() as u8,
        newest.day() as u8,
    )?;
    book.set_properties(
        &rust_xlsxwriter::DocProperties::new()
            .set_creation_datetime(&created)
            .set_title(l.sheet_data()),
    );

    let bold = Format::new().set_bold().set_text_wrap();
    let percent = Format::new().set_num_format("0.00%");
    let points = Format::new().set_num_format("0.00");
    let int = Format::new().set_num_format("#,##0");
    let date = Format::new().set_num_format("dd/mm/yyyy");

    let sheet = book.add_worksheet();
    sheet.set_name(l.sheet_data())?;
    let mut widths: Vec<usize> = vec![8; head.len()];
    for (c, h) in head.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, h, &bold)?;
        // Headers wrap at their bracket: the wider of the two parts.
        let w = h.split(" [").map(|p| p.chars().count() + 1).max();
        widths[c] = widths[c].max(w.unwrap_or(0));
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let shown = match cell {
                Cell::Empty => 0,
                Cell::Text(t) => {
                    sheet.write_string(r, col, t)?;
                    t.chars().count()
                }
                Cell::Int(n) if c == 2 || c == 3 => {
                    // The year and the months: no thousands dot.
                    sheet.write_number(r, col, *n as f64)?;
                    n.to_string().len()
                }
                Cell::Int(n) | Cell::Money(n) => {
                    sheet.write_number_with_format(r, col, *n as f64, &int)?;
                    text::format_int(*n).len()
                }
                Cell::Percent(v) => {
                    sheet.write_number_with_format(r, col, v / 100.0, &percent)?;
                    text::format_percent(*v).len()
                }
                Cell::Points(v) => {
                    sheet.write_number_with_format(r, col, *v, &points)?;
                    text::format_points(*v).len()
                }
                Cell::Bool(b) => {
                    sheet.write_boolean(r, col, *b)?;
                    5
                }
                Cell::Date(d) => {
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    sheet.write_datetime_with_format(r, col, &dt, &date)?;
                    10
                }
            };
            widths[c] = widths[c].max(shown + 2);
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, (*w).min(MAX_WIDTH) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;

    let notes = book.add_worksheet();
    notes.set_name(l.sheet_notes())?;
    notes.set_column_width(0, 120.0)?;
    let mut line = 0u32;
    let mut put = |text: &str, format: Option<&Format>| -> Result<(), XlsxError> {
        match format {
            Some(f) => notes.write_string_with_format(line, 0, text, f)?,
            None => notes.write_string(line, 0, text)?,
        };
        line += 1;
        Ok(())
    };
    let heading = Format::new().set_bold();
    put(l.notes_title(), Some(&heading))?;
    let (start, end) = year_bounds(site.config().year_start);
    put(&l.note_period(&start, &end), None)?;
    put(l.note_columns(), None)?;
    put(l.note_rates(), None)?;
    put(l.note_money(), None)?;
    put(l.note_ranks(), None)?;

    let who = |s: &YearStats| {
        let unit = site
            .unit(&s.unit)
            .map_or(s.unit.clone(), |u| u.short_name.clone());
        let p = &site.labels().period;
        let period = if s.months == 6 {
            p.half_year(s.year)
        } else {
            p.year(s.year)
        };
        (unit, period)
    };
    let measures = |s: &'_ YearStats| {
        [
            (l.measure_cases(), s.cases.clone()),
            (l.measure_money(), s.money.clone()),
        ]
    };

    put("", None)?;
    put(l.sources_heading(), Some(&heading))?;
    let mut any = false;
    for s in stats {
        if let Some(src) = &s.source {
            let (unit, period) = who(s);
            let source = site.article(src).map_or(src.as_str(), |a| a.title.as_str());
            put(&l.source_line(&unit, &period, source), None)?;
            any = true;
        }
    }
    if !any {
        put(l.no_sources(), None)?;
    }

    put("", None)?;
    put(l.derived_heading(), Some(&heading))?;
    let mut any = false;
    for s in stats {
        for (measure, m) in measures(s) {
            if let (Some(t), Some(rate), Some(ex)) = (m.target, m.rate.value(), m.exceeded)
                && t.derived
            {
                let (unit, period) = who(s);
                put(
                    &l.derived_line(
                        &unit,
                        &period,
                        measure,
                        text::format_percent(t.value),
                        text::format_percent(rate),
                        text::format_points(ex),
                    ),
                    None,
                )?;
                any = true;
            }
        }
    }
    if !any {
        put(l.no_derived(), None)?;
    }

    put("", None)?;
    put(l.differs_heading(), Some(&heading))?;
    let mut any = false;
    for s in stats {
        for (measure, m) in measures(s) {
            if let Some((p, c)) = differs(&m) {
                let (unit, period) = who(s);
                put(
                    &l.differs_line(
                        &unit,
                        &period,
                        measure,
                        text::format_percent(p),
                        text::format_percent(c),
                    ),
                    None,
                )?;
                any = true;
            }
        }
    }
    if !any {
        put(l.no_differs(), None)?;
    }
    book.save_to_buffer()
}

/// The published and the recomputed rate, when they differ (as the pages show both).
fn differs(m: &Measure) -> Option<(f64, f64)> {
    Some((m.rate.published?, m.rate.recomputed_differs()?))
}

/// The first and last day of a statistical year as day/month (`01/10`, `30/09`), from the
/// month and day it starts.
fn year_bounds((month, day): (i8, i8)) -> (String, String) {
    let start = jiff::civil::date(2001, month, day);
    let end = start.yesterday().unwrap_or(start);
    (
        format!("{:02}/{:02}", start.day(), start.month()),
        format!("{:02}/{:02}", end.day(), end.month()),
    )
}
