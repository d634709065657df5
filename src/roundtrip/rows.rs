//! The table's cells as rows of figures: the header row names the columns (by the machine name
//! in brackets that the data files write: `Có điều kiện (việc) [cases_eligible]`), and each
//! later row is one unit-year whose cells are read by their column's kind. Every cell that is
//! not what its column holds is a [`Problem`] at that cell; all of them are reported at once.

use std::collections::HashMap;

use jiff::civil::Date;

use super::Problem;
use super::table::{Kind, Raw, Table, cell_name};
use crate::text;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueKind {
    Count,
    /// Whole đồng.
    Money,
    /// 0–100; a fraction shown as percent in a workbook.
    Percent,
    /// Percentage points, signed.
    Points,
    Rank,
    Date,
    Text,
}

/// A field of a year entry that a sheet can set: `cases.total`, `rank.money`, `as_of`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Field {
    pub(crate) parent: Option<&'static str>,
    pub(crate) name: &'static str,
}

/// A column of the sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Column {
    Unit,
    Year,
    Months,
    /// A figure or fact the sheet sets.
    Input(Field, ValueKind),
    /// `cases_target_derived` (0) / `money_target_derived` (1): the target shown was derived.
    TargetDerived(usize),
    /// `cases_exceeded_computed` / `money_exceeded_computed`: the "vượt" shown was computed.
    ExceededComputed(usize),
    /// Computed by bantin (names, periods, recomputed rates and ranks, links): not read.
    Computed,
}

const fn input(parent: Option<&'static str>, name: &'static str, kind: ValueKind) -> Column {
    Column::Input(Field { parent, name }, kind)
}

/// Every column by machine name (those of the data files' `COLUMNS`).
pub(crate) fn column(name: &str) -> Option<Column> {
    use ValueKind::*;
    let c = Some("cases");
    let m = Some("money");
    let r = Some("rank");
    Some(match name {
        "unit_id" => Column::Unit,
        "year" => Column::Year,
        "months" => Column::Months,
        "cases_total" => input(c, "total", Count),
        "cases_eligible" => input(c, "eligible", Count),
        "cases_completed" => input(c, "completed", Count),
        "cases_rate" => input(c, "rate", Percent),
        "cases_target" => input(c, "target", Percent),
        "cases_exceeded" => input(c, "exceeded", Points),
        "money_total" => input(m, "total", Money),
        "money_eligible" => input(m, "eligible", Money),
        "money_completed" => input(m, "completed", Money),
        "money_rate" => input(m, "rate", Percent),
        "money_target" => input(m, "target", Percent),
        "money_exceeded" => input(m, "exceeded", Points),
        "rank_cases" => input(r, "cases", Rank),
        "rank_money" => input(r, "money", Rank),
        "as_of" => input(None, "as_of", Date),
        "source" => input(None, "source", Text),
        "cases_target_derived" => Column::TargetDerived(0),
        "money_target_derived" => Column::TargetDerived(1),
        "cases_exceeded_computed" => Column::ExceededComputed(0),
        "money_exceeded_computed" => Column::ExceededComputed(1),
        "unit_name"
        | "period_start"
        | "period_end"
        | "cases_rate_recomputed"
        | "money_rate_recomputed"
        | "computed_rank_cases"
        | "computed_rank_money"
        | "rank_of"
        | "source_url" => Column::Computed,
        _ => return None,
    })
}

/// A value read from a cell.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Int(u64),
    Num(f64),
    Date(Date),
    Text(String),
}

/// One unit-year of the sheet.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    /// The sheet's row, from 0.
    pub(crate) row: u32,
    pub(crate) unit: String,
    pub(crate) unit_col: u32,
    pub(crate) year: i32,
    pub(crate) year_col: u32,
    pub(crate) months: u8,
    /// Every input column of the sheet: the field, what the cell holds (`None`: empty), its column.
    pub(crate) values: Vec<(Field, Option<Value>, u32)>,
    /// Per measure (cases, money): the flags the sheet shows.
    pub(crate) target_derived: [bool; 2],
    pub(crate) exceeded_computed: [bool; 2],
}

/// The rows of the table, or the problems of its cells (all of them).
pub(crate) fn read_rows(t: &Table, problems: &mut Vec<Problem>) -> Vec<Row> {
    let Some(columns) = header(t, problems) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    let last = t.last_row().unwrap_or(0);
    for r in 1..=last {
        if columns.iter().all(|(c, _)| t.get(r, *c).is_none()) {
            continue;
        }
        if let Some(row) = read_row(t, r, &columns, problems) {
            rows.push(row);
        }
    }
    rows
}

/// The machine name of a header cell: the name in its last brackets, or the whole cell.
fn machine_name(h: &str) -> &str {
    let h = h.trim();
    match (h.rfind('['), h.strip_suffix(']')) {
        (Some(open), Some(_)) => h[open + 1..h.len() - 1].trim(),
        _ => h,
    }
}

/// The columns named by row 1, by column index.
fn header(t: &Table, problems: &mut Vec<Problem>) -> Option<Vec<(u32, Column)>> {
    let at = |col| Problem::error(t.place(0, col));
    let before = problems.len();
    for &(r0, c0, r1, c1) in &t.merged {
        if r0 == 0 {
            problems.push(
                at(c0)
                    .message(format!(
                        "header cells {}:{} are merged",
                        cell_name(r0, c0),
                        cell_name(r1, c1)
                    ))
                    .hint("unmerge them (Home → Merge & Center), and give each column its own header, as exported"),
            );
        }
    }
    let names_unit = |r: u32| {
        t.cells
            .range((r, 0)..(r + 1, 0))
            .any(|(_, v)| matches!(v, Raw::Text(h) if machine_name(h) == "unit_id"))
    };
    if !names_unit(0) {
        if let Some(r) = (1..=t.last_row().unwrap_or(0).min(50)).find(|&r| names_unit(r)) {
            problems.push(
                Problem::error(t.place(r, 0))
                    .message(format!("the header row has moved to row {}", r + 1))
                    .hint(format!(
                        "bantin reads the column names in row 1: delete the {} row(s) above it",
                        r
                    )),
            );
        } else {
            problems.push(
                at(0)
                    .message("row 1 does not name the columns: no column `unit_id`")
                    .hint("export the sheet with `bantin export stats FILE.xlsx` and fill that in; keep its first row as it is"),
            );
        }
        return None;
    }
    let mut columns = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    for (&(r, c), v) in t.cells.range((0, 0)..(1, 0)) {
        debug_assert_eq!(r, 0);
        let Raw::Text(h) = v else {
            problems.push(
                at(c)
                    .message("a header cell holds a value, not a column name")
                    .hint("restore the column's name as exported, e.g. `Có điều kiện (việc) [cases_eligible]`"),
            );
            continue;
        };
        let name = machine_name(h);
        if let Some(first) = seen.get(name) {
            problems.push(
                at(c)
                    .message(format!("column `{name}` appears twice"))
                    .hint(format!(
                        "it is already column {}: delete one of them",
                        cell_name(0, *first).trim_end_matches('1')
                    )),
            );
            continue;
        }
        seen.insert(name.to_string(), c);
        match column(name) {
            Some(col) => columns.push((c, col)),
            None => {
                let known = crate::render::data_files::COLUMNS;
                let hint = match crate::validate::fields::did_you_mean(name, &known) {
                    Some(s) => format!("did you mean `{s}`? Columns bantin does not know are not read"),
                    None => "columns bantin does not know are not read: delete it, or move your notes to another sheet".to_string(),
                };
                problems.push(
                    Problem::warning(t.place(0, c))
                        .message(format!("unknown column `{name}`"))
                        .hint(hint),
                );
            }
        }
    }
    if !columns.iter().any(|(_, c)| *c == Column::Year) {
        problems.push(
            at(0)
                .message("no column `year`")
                .hint("each row needs its statistical year: restore the column `Năm [year]`"),
        );
    }
    (problems.len() == before || problems[before..].iter().all(|p| !p.is_error()))
        .then_some(columns)
}

fn read_row(
    t: &Table,
    r: u32,
    columns: &[(u32, Column)],
    problems: &mut Vec<Problem>,
) -> Option<Row> {
    let start = problems.len();
    let mut unit = None;
    let mut year = None;
    let mut months = Some(12u8);
    let (mut unit_col, mut year_col) = (0, 0);
    let mut values = Vec::new();
    let mut derived = [false; 2];
    let mut computed = [false; 2];
    for &(c, col) in columns {
        let cell = t.get(r, c);
        let place = t.place(r, c);
        let mut read = |kind| read_cell(t.kind, cell, kind, &place, problems);
        match col {
            Column::Unit => {
                unit_col = c;
                match read(ValueKind::Text) {
                    Some(Some(Value::Text(s))) => unit = Some(s),
                    Some(None) => problems.push(
                        Problem::error(place)
                            .message("no unit id in this row")
                            .hint("write the unit's id as in content/units/, e.g. `dai-tu`"),
                    ),
                    _ => {}
                }
            }
            Column::Year => {
                year_col = c;
                match read(ValueKind::Count) {
                    Some(Some(Value::Int(y))) if (1950..=2100).contains(&y) => {
                        year = Some(y as i32)
                    }
                    Some(Some(Value::Int(y))) => problems.push(
                        Problem::error(place)
                            .message(format!("`{y}` is not a statistical year"))
                            .hint("a year such as 2024 (01/10/2023 – 30/09/2024)"),
                    ),
                    Some(None) => {
                        problems.push(Problem::error(place).message("no year in this row").hint(
                            "write the statistical year, e.g. 2024 (01/10/2023 – 30/09/2024)",
                        ))
                    }
                    _ => {}
                }
            }
            Column::Months => match read(ValueKind::Count) {
                Some(Some(Value::Int(m @ (6 | 12)))) => months = Some(m as u8),
                Some(None) => {}
                Some(Some(_)) => {
                    months = None;
                    problems.push(
                        Problem::error(place)
                            .message("`months` must be 12 (whole year) or 6 (six-month review)")
                            .hint("12 is 01/10 – 30/09; 6 is 01/10 – 31/03"),
                    );
                }
                None => months = None,
            },
            Column::Input(field, kind) => {
                if let Some(v) = read(kind) {
                    values.push((field, v, c));
                }
            }
            Column::TargetDerived(i) => derived[i] = read_flag(cell),
            Column::ExceededComputed(i) => computed[i] = read_flag(cell),
            Column::Computed => {}
        }
    }
    for p in &mut problems[start..] {
        p.unit.clone_from(&unit);
        p.year = year;
    }
    if problems[start..].iter().any(Problem::is_error) {
        return None;
    }
    Some(Row {
        row: r,
        unit: unit?,
        unit_col,
        year: year?,
        year_col,
        months: months?,
        values,
        target_derived: derived,
        exceeded_computed: computed,
    })
}

/// A true/false column: only `TRUE` (or the text `true`) is true.
fn read_flag(cell: Option<&Raw>) -> bool {
    match cell {
        Some(Raw::Bool(b)) => *b,
        Some(Raw::Text(s)) => s.trim().eq_ignore_ascii_case("true"),
        Some(Raw::Number(n)) => *n == 1.0,
        _ => false,
    }
}

/// The cell as a value of `kind`: `Some(None)` when empty, `None` after a problem.
fn read_cell(
    kind_of_file: Kind,
    cell: Option<&Raw>,
    kind: ValueKind,
    place: &str,
    problems: &mut Vec<Problem>,
) -> Option<Option<Value>> {
    let problem = |m: String, h: String| Problem::error(place.to_string()).message(m).hint(h);
    let Some(cell) = cell else {
        return Some(None);
    };
    let number = match cell {
        Raw::Formula(f) => {
            problems.push(problem(
                format!("the formula `{f}` has no saved value"),
                "open the file in Excel or LibreOffice and save it (that computes and saves formulas), or type the value itself".into(),
            ));
            return None;
        }
        Raw::Error(e) => {
            problems.push(problem(
                format!("the cell shows the error {e}"),
                "correct the formula or type the value".into(),
            ));
            return None;
        }
        Raw::Text(s) if s.trim().is_empty() => return Some(None),
        Raw::Text(s) if kind == ValueKind::Text => {
            return Some(Some(Value::Text(text::nfc(s.trim()))));
        }
        Raw::Number(n) if kind == ValueKind::Text => {
            return Some(Some(Value::Text(super::format_number(*n))));
        }
        Raw::Date(d) if kind == ValueKind::Date => return Some(Some(Value::Date(*d))),
        Raw::Text(s) if kind == ValueKind::Date => {
            return match text::parse_date(s.trim()) {
                Ok(d) => Some(Some(Value::Date(d))),
                Err(_) => {
                    problems.push(problem(
                        format!("`{}` is not a date", s.trim()),
                        "write the day first: 30/09/2024 (or 2024-09-30)".into(),
                    ));
                    None
                }
            };
        }
        Raw::Number(n) if kind == ValueKind::Date => {
            return match super::table_date(*n) {
                Some(d) => Some(Some(Value::Date(d))),
                None => {
                    problems.push(problem(
                        format!("`{}` is not a date", super::format_number(*n)),
                        "write the day first: 30/09/2024".into(),
                    ));
                    None
                }
            };
        }
        Raw::Number(n) => *n,
        Raw::Text(s) => match (kind_of_file, parse_number(s.trim())) {
            (Kind::Csv, Ok(n)) => {
                // A CSV holds rates in percent (85.71), a workbook as fractions shown 85,71%.
                if kind == ValueKind::Percent {
                    n / 100.0
                } else {
                    n
                }
            }
            (Kind::Csv, Err(why)) => {
                problems.push(problem(format!("`{}` is not a number", s.trim()), why));
                return None;
            }
            (Kind::Xlsx, parsed) => {
                let hint = match parsed {
                    Err(why) => why,
                    Ok(_) => "Excel keeps it as text (left-aligned, a green triangle in the corner): \
                              select the cell, delete it and type the number again without a quote mark"
                        .to_string(),
                };
                problems.push(problem(
                    format!("the number `{}` is typed as text", s.trim()),
                    hint,
                ));
                return None;
            }
        },
        Raw::Bool(b) => {
            problems.push(problem(
                format!(
                    "expected {}, found {}",
                    kind_name(kind),
                    if *b { "TRUE" } else { "FALSE" }
                ),
                "type the figure".into(),
            ));
            return None;
        }
        Raw::Date(d) => {
            problems.push(problem(
                format!(
                    "expected {}, found the date {}",
                    kind_name(kind),
                    text::format_date(*d)
                ),
                "the cell is formatted as a date: set its format to Number and type the figure"
                    .into(),
            ));
            return None;
        }
    };
    number_value(number, kind, place, problems).map(Some)
}

/// A number checked against its column's kind.
fn number_value(
    n: f64,
    kind: ValueKind,
    place: &str,
    problems: &mut Vec<Problem>,
) -> Option<Value> {
    let problem = |m: String, h: &str| Problem::error(place.to_string()).message(m).hint(h);
    if !n.is_finite() {
        problems.push(problem("not a number".into(), "type the figure"));
        return None;
    }
    match kind {
        ValueKind::Count | ValueKind::Money | ValueKind::Rank => {
            let whole = n.round();
            if n < 0.0 || (n - whole).abs() > 1e-9 || whole > 9.0e15 {
                let what = if kind == ValueKind::Money {
                    "an amount in whole đồng"
                } else {
                    "a whole number"
                };
                problems.push(problem(
                    format!("`{}` is not {what}", super::format_number(n)),
                    "counts, ranks and amounts are whole numbers of 0 or more",
                ));
                return None;
            }
            if kind == ValueKind::Rank && whole == 0.0 {
                problems.push(problem("a rank starts at 1".into(), "1 is the first"));
                return None;
            }
            Some(Value::Int(whole as u64))
        }
        ValueKind::Percent => {
            let p = round6(n * 100.0);
            if !(0.0..=100.0).contains(&p) {
                problems.push(problem(
                    format!("{} is over 100%", text::format_percent(p)),
                    "a rate or target is between 0% and 100%; in a percent cell type 85,71% (or 0.8571)",
                ));
                return None;
            }
            Some(Value::Num(p))
        }
        ValueKind::Points => {
            let p = round6(n);
            if !(-100.0..=100.0).contains(&p) {
                problems.push(problem(
                    format!(
                        "{} percentage points is out of range",
                        super::format_number(p)
                    ),
                    "\"vượt\" is rate − target, between −100 and 100",
                ));
                return None;
            }
            Some(Value::Num(p))
        }
        ValueKind::Date | ValueKind::Text => unreachable!("dates and texts are read above"),
    }
}

fn kind_name(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Count | ValueKind::Rank => "a whole number",
        ValueKind::Money => "an amount in đồng",
        ValueKind::Percent => "a percentage",
        ValueKind::Points => "percentage points",
        ValueKind::Date => "a date",
        ValueKind::Text => "a text",
    }
}

/// Rounded to 6 decimals: what a workbook's fraction × 100 leaves of float noise
/// (0.8571 × 100 = 85.71000000000001).
fn round6(v: f64) -> f64 {
    let r = (v * 1e6).round() / 1e6;
    if r == 0.0 { 0.0 } else { r }
}

/// A number written as plain text: digits, an optional `-` and a `.` before decimals. Anything
/// with separators is refused with what was probably meant, never guessed.
pub(crate) fn parse_number(s: &str) -> Result<f64, String> {
    let body = s.strip_prefix('-').unwrap_or(s);
    let plain = !body.is_empty()
        && body.split('.').count() <= 2
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !body.starts_with('.')
        && !body.ends_with('.');
    if plain {
        return s.parse::<f64>().map_err(|e| e.to_string());
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    let (dot, comma) = (body.rfind('.'), body.rfind(','));
    Err(match (dot, comma) {
        (Some(d), Some(c)) if c > d => format!(
            "it is written the Vietnamese way (`.` between thousands, `,` before decimals); \
             this file uses no thousands separator and `.` before decimals: write `{}`",
            body.replace('.', "").replace(',', ".")
        ),
        (Some(_), Some(_)) => format!(
            "it has `,` between thousands; this file uses no thousands separator: write `{}`",
            body.replace(',', "")
        ),
        (None, Some(_)) => format!(
            "`,` is not a decimal point here: write `{}` (a dot before decimals, no thousands separator)",
            body.replace(',', ".")
        ),
        (Some(_), None) if body.split('.').count() > 2 => format!(
            "it has `.` between thousands; this file uses no thousands separator: write `{digits}`"
        ),
        _ => {
            "write digits only, with `.` before decimals (85.71) and no thousands separator".into()
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_names_are_read_from_their_brackets() {
        assert_eq!(
            machine_name("Có điều kiện (việc) [cases_eligible]"),
            "cases_eligible"
        );
        assert_eq!(machine_name(" year "), "year");
        assert_eq!(machine_name("Năm [ year ]"), "year");
    }

    #[test]
    fn numbers_with_separators_are_refused_with_what_was_meant() {
        assert_eq!(parse_number("1234.5"), Ok(1234.5));
        assert_eq!(parse_number("-2.5"), Ok(-2.5));
        assert_eq!(parse_number("90"), Ok(90.0));
        let vi = parse_number("1.234,5").unwrap_err();
        assert!(vi.contains("Vietnamese") && vi.contains("`1234.5`"), "{vi}");
        let en = parse_number("1,234.5").unwrap_err();
        assert!(en.contains("`1234.5`"), "{en}");
        assert!(parse_number("85,71").unwrap_err().contains("`85.71`"));
        assert!(parse_number("1.250.000").unwrap_err().contains("`1250000`"));
        assert!(parse_number("12a").is_err());
        assert!(parse_number(".5").is_err());
        assert!(parse_number("").is_err());
    }

    #[test]
    fn workbook_fractions_are_percent_without_float_noise() {
        let mut p = Vec::new();
        assert_eq!(
            number_value(0.8571, ValueKind::Percent, "S!A1", &mut p),
            Some(Value::Num(85.71))
        );
        assert_eq!(
            number_value(85.71, ValueKind::Percent, "S!A1", &mut p),
            None
        );
        assert!(p[0].message.contains("over 100%"), "{:?}", p[0]);
        assert_eq!(
            number_value(3.0, ValueKind::Rank, "S!A1", &mut p),
            Some(Value::Int(3))
        );
        assert_eq!(number_value(2.5, ValueKind::Count, "S!A1", &mut p), None);
        assert_eq!(number_value(-1.0, ValueKind::Money, "S!A1", &mut p), None);
    }
}
