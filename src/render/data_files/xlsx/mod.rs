//! The workbook of a data file, for people: a sheet of figures (real numbers; rates as fractions
//! shown `0.00%`, which a Vietnamese Excel shows `85,71%`; amounts `#,##0`, shown
//! `1.250.000.000`; dates `dd/mm/yyyy`), its header row frozen and its columns as wide as their
//! contents; and a sheet of notes: the period of a statistical year, what the columns mean, the
//! source of each row's figures, which targets are derived (rate − exceeded) and which
//! published rates differ from the recomputed ones. The same content gives the same bytes: the
//! creation time is the newest date of the figures, never the clock.
//!
//! Here the content of a workbook is gathered into a [`Book`]; [`reference`] writes it with
//! rust_xlsxwriter (the definition of the package) and [`package`] writes the same bytes fast,
//! which the build uses (the tests hold the two to the same entries).

mod package;
mod reference;
mod sheet;

#[cfg(test)]
mod tests;

use rust_xlsxwriter::XlsxError;

use super::Cell;
use crate::model::{Measure, Site, YearStats};
use crate::text;

/// Widest a column is made, in characters.
const MAX_WIDTH: usize = 60;

/// Everything a workbook holds: its sheets' names, its creation date, the data sheet's header
/// and rows, and the notes sheet's lines (`true`: a heading; an empty line is an empty row).
pub(crate) struct Book<'a> {
    pub(crate) data_name: &'a str,
    pub(crate) notes_name: &'a str,
    pub(crate) created: jiff::civil::Date,
    pub(crate) head: &'a [String],
    pub(crate) rows: &'a [Vec<Cell>],
    pub(crate) notes: Vec<(String, bool)>,
}

/// The workbook of these rows (`stats[i]` is the figures of `rows[i]`).
pub(crate) fn write(
    site: &Site,
    head: &[String],
    rows: &[Vec<Cell>],
    stats: &[&YearStats],
) -> Result<Vec<u8>, XlsxError> {
    let l = &site.labels().data;
    let created = stats
        .iter()
        .map(|s| s.as_of.unwrap_or(s.period_end).max(s.period_end))
        .max()
        .unwrap_or(jiff::civil::date(2000, 1, 1));
    let book = Book {
        data_name: l.sheet_data(),
        notes_name: l.sheet_notes(),
        created,
        head,
        rows,
        notes: notes(site, stats),
    };
    package::write(&book)
}

/// The lines of the notes sheet.
fn notes(site: &Site, stats: &[&YearStats]) -> Vec<(String, bool)> {
    let l = &site.labels().data;
    let mut lines = Vec::new();
    let mut put = |text: &str, heading: bool| lines.push((text.to_string(), heading));
    put(l.notes_title(), true);
    let (start, end) = year_bounds(site.config().year_start);
    put(&l.note_period(&start, &end), false);
    put(l.note_columns(), false);
    put(l.note_rates(), false);
    put(l.note_money(), false);
    put(l.note_ranks(), false);

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

    put("", false);
    put(l.sources_heading(), true);
    let mut any = false;
    for s in stats {
        if let Some(src) = &s.source {
            let (unit, period) = who(s);
            let source = site.article(src).map_or(src.as_str(), |a| a.title.as_str());
            put(&l.source_line(&unit, &period, source), false);
            any = true;
        }
    }
    if !any {
        put(l.no_sources(), false);
    }

    put("", false);
    put(l.derived_heading(), true);
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
                    false,
                );
                any = true;
            }
        }
    }
    if !any {
        put(l.no_derived(), false);
    }

    put("", false);
    put(l.differs_heading(), true);
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
                    false,
                );
                any = true;
            }
        }
    }
    if !any {
        put(l.no_differs(), false);
    }
    lines
}

/// How many characters a cell shows, for its column's width.
fn shown(c: usize, cell: &Cell) -> usize {
    match cell {
        Cell::Empty => 0,
        Cell::Text(t) => t.chars().count(),
        Cell::Int(n) if is_plain(c) => digits(*n),
        // As long as `text::format_int(n)` (a dot between thousands), without making it: this
        // runs for every cell of every workbook.
        Cell::Int(n) | Cell::Money(n) => digits(*n) + (digits(*n) - 1) / 3,
        Cell::Percent(v) => text::format_percent(*v).len(),
        Cell::Points(v) => text::format_points(*v).len(),
        Cell::Bool(_) => 5,
        Cell::Date(_) => 10,
    }
}

/// At least [`shown`], for any column: cheaper to know.
fn at_most(cell: &Cell) -> usize {
    match cell {
        Cell::Text(t) => t.len(),
        // A sign, the whole part (one digit more if it rounds up) with its dots, `,dd%`.
        Cell::Percent(v) | Cell::Points(v) if v.abs() < 1e15 => {
            let n = digits(v.abs() as u64 + 1);
            1 + n + (n - 1) / 3 + 4
        }
        Cell::Percent(_) | Cell::Points(_) => usize::MAX - 2,
        Cell::Int(n) | Cell::Money(n) => digits(*n) + (digits(*n) - 1) / 3,
        Cell::Empty => 0,
        Cell::Bool(_) => 5,
        Cell::Date(_) => 10,
    }
}

/// How many digits `n` has.
fn digits(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// The year and the months: numbers without a thousands dot.
fn is_plain(c: usize) -> bool {
    c == 2 || c == 3
}

/// The width of each column of the data sheet, in characters: the widest of its header (the
/// wider part around its bracket, where it wraps) and its cells, plus a margin.
fn widths(head: &[String], rows: &[Vec<Cell>]) -> Vec<usize> {
    let mut widths: Vec<usize> = vec![8; head.len()];
    for (c, h) in head.iter().enumerate() {
        let w = h.split(" [").map(|p| p.chars().count() + 1).max();
        widths[c] = widths[c].max(w.unwrap_or(0));
    }
    for row in rows {
        for (c, cell) in row.iter().enumerate() {
            // Formatting a rate only to learn it is narrower than its header was a good part
            // of the sheet's time: a bound first.
            if let Some(w) = widths.get_mut(c)
                && at_most(cell) + 2 > *w
            {
                *w = (*w).max(shown(c, cell) + 2);
            }
        }
    }
    for w in &mut widths {
        *w = (*w).min(MAX_WIDTH);
    }
    widths
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
