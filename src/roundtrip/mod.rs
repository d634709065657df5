//! Figures in and out as spreadsheets, for data entry: `bantin export stats` writes a workbook
//! in the layout of the site's data files, with a row for every unit and year to fill;
//! `bantin import stats` reads a filled-in workbook (or CSV) back and updates `content/stats/`
//! in place.
//!
//! Import is load → read the sheet ([`table`]) → its rows ([`rows`]) → against the site's
//! figures ([`changes`]) → the stats files edited ([`yaml_edit`]) → the whole site checked with
//! them, in memory ([`command`]). Every problem is reported at once, at its cell
//! (`Số liệu!D7`, with the unit and year); nothing is written unless the site with the new
//! figures passes `bantin check`. Importing a file just exported changes nothing.

mod changes;
pub mod command;
mod export;
mod rows;
mod table;
mod yaml_edit;

#[cfg(test)]
mod tests;

use crate::diag::Severity;

/// A problem of the sheet, at a cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub severity: Severity,
    /// `Số liệu!D7` (a CSV: `file.csv!D7`); a file's path when the problem is with a stats file.
    pub place: String,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub message: String,
    pub hint: Option<String>,
}

impl Problem {
    pub(crate) fn error(place: String) -> Problem {
        Problem {
            severity: Severity::Error,
            place,
            unit: None,
            year: None,
            message: String::new(),
            hint: None,
        }
    }
    pub(crate) fn warning(place: String) -> Problem {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(place)
        }
    }
    pub(crate) fn message(mut self, m: impl Into<String>) -> Problem {
        self.message = m.into();
        self
    }
    pub(crate) fn hint(mut self, h: impl Into<String>) -> Problem {
        self.hint = Some(h.into());
        self
    }
    pub(crate) fn unit(mut self, u: &str) -> Problem {
        self.unit = Some(u.to_string());
        self
    }
    pub(crate) fn year(mut self, y: i32) -> Problem {
        self.year = Some(y);
        self
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
    /// The problem as the terminal shows it: `error: Số liệu!D7 (dai-tu, 2023): …` and its hint.
    pub fn render(&self) -> String {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let about = match (&self.unit, self.year) {
            (Some(u), Some(y)) => format!(" ({u}, {y})"),
            (Some(u), None) => format!(" ({u})"),
            (None, Some(y)) => format!(" ({y})"),
            (None, None) => String::new(),
        };
        let mut out = format!("{level}: {}{about}: {}", self.place, self.message);
        if let Some(h) = &self.hint {
            out.push_str(&format!("\n  = hint: {h}"));
        }
        out
    }
}

/// A number as plain text: the shortest decimal that reads back the same, never an exponent.
pub(crate) fn format_number(v: f64) -> String {
    crate::render::data_files::number_text(v)
}

/// A serial day number of a workbook as a date.
pub(crate) fn table_date(serial: f64) -> Option<jiff::civil::Date> {
    table::excel_date(serial)
}
