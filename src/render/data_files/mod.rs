//! The downloadable data files: every figure of the statistics as CSV (for tools) and XLSX (for
//! people), per unit (all its years), per statistical year (all units, with ranks) and one file
//! of the whole site, under `du-lieu/`. Each page that shows a table or chart of figures links
//! to the file holding them. They hold only what the [`Site`] holds, so a public build has no
//! internal figure or field; they are files, not pages (not in the sitemap). The column names
//! and the notes sheet's words come from `[data]` of the labels file.

mod csv;
mod xlsx;

#[cfg(test)]
mod tests;

use super::*;

/// One cell of the table, as both formats write it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    /// A count, a rank, a year, a number of months.
    Int(u64),
    /// Whole đồng.
    Money(u64),
    /// A rate or target in percent (`85.71`); a fraction in the workbook (`0.8571`, shown `85,71%`).
    Percent(f64),
    /// Percentage points (`exceeded`), signed.
    Points(f64),
    Bool(bool),
    Date(jiff::civil::Date),
}

/// The machine name of every column, in order: each is a label of `[data]` too.
pub(crate) const COLUMNS: [&str; 32] = [
    "unit_id",
    "unit_name",
    "year",
    "months",
    "period_start",
    "period_end",
    "cases_total",
    "cases_eligible",
    "cases_completed",
    "cases_rate",
    "cases_rate_recomputed",
    "cases_target",
    "cases_target_derived",
    "cases_exceeded",
    "cases_exceeded_computed",
    "money_total",
    "money_eligible",
    "money_completed",
    "money_rate",
    "money_rate_recomputed",
    "money_target",
    "money_target_derived",
    "money_exceeded",
    "money_exceeded_computed",
    "rank_cases",
    "rank_money",
    "computed_rank_cases",
    "computed_rank_money",
    "rank_of",
    "as_of",
    "source",
    "source_url",
];

/// The header of each column: its label, then its machine name in brackets.
pub(crate) fn headers(l: &text::labels::DataLabels) -> Vec<String> {
    let names = [
        l.unit_id(),
        l.unit_name(),
        l.year(),
        l.months(),
        l.period_start(),
        l.period_end(),
        l.cases_total(),
        l.cases_eligible(),
        l.cases_completed(),
        l.cases_rate(),
        l.cases_rate_recomputed(),
        l.cases_target(),
        l.cases_target_derived(),
        l.cases_exceeded(),
        l.cases_exceeded_computed(),
        l.money_total(),
        l.money_eligible(),
        l.money_completed(),
        l.money_rate(),
        l.money_rate_recomputed(),
        l.money_target(),
        l.money_target_derived(),
        l.money_exceeded(),
        l.money_exceeded_computed(),
        l.rank_cases(),
        l.rank_money(),
        l.computed_rank_cases(),
        l.computed_rank_money(),
        l.rank_of(),
        l.as_of(),
        l.source(),
        l.source_url(),
    ];
    names
        .iter()
        .zip(COLUMNS)
        .map(|(name, machine)| format!("{name} [{machine}]"))
        .collect()
}

/// A figure computed here (not published) to two decimals, as the pages show it.
fn two_decimals(v: f64) -> f64 {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Cell) -> Cell {
    v.map_or(Cell::Empty, f)
}

/// The cells of one measure: total, eligible, completed, rate, recomputed rate, target,
/// target derived, exceeded, exceeded computed.
fn measure_cells(m: &Measure, money: bool, row: &mut Vec<Cell>) {
    let amount = |v: Option<u64>| opt(v, if money { Cell::Money } else { Cell::Int });
    row.push(amount(m.total));
    row.push(amount(m.eligible));
    row.push(amount(m.completed));
    row.push(opt(m.rate.published, Cell::Percent));
    row.push(opt(m.rate.computed, |c| Cell::Percent(two_decimals(c))));
    row.push(opt(m.target, |t| {
        Cell::Percent(if t.derived {
            two_decimals(t.value)
        } else {
            t.value
        })
    }));
    row.push(opt(m.target, |t| Cell::Bool(t.derived)));
    row.push(opt(m.exceeded, |e| {
        Cell::Points(if m.exceeded_computed {
            two_decimals(e)
        } else {
            e
        })
    }));
    row.push(opt(m.exceeded, |_| Cell::Bool(m.exceeded_computed)));
}

/// The row of one unit-year, in the order of [`COLUMNS`].
pub(crate) fn row(site: &Site, s: &YearStats) -> Vec<Cell> {
    let name = site
        .unit(&s.unit)
        .map_or(s.unit.as_str(), |u| u.name.as_str());
    let mut row = Vec::with_capacity(COLUMNS.len());
    row.push(Cell::Text(s.unit.clone()));
    row.push(Cell::Text(name.to_string()));
    row.push(Cell::Int(s.year as u64));
    row.push(Cell::Int(u64::from(s.months)));
    row.push(Cell::Date(s.period_start));
    row.push(Cell::Date(s.period_end));
    measure_cells(&s.cases, false, &mut row);
    measure_cells(&s.money, true, &mut row);
    let rank = |v: Option<u32>| opt(v, |n| Cell::Int(u64::from(n)));
    row.push(rank(s.rank.cases));
    row.push(rank(s.rank.money));
    row.push(rank(s.computed_rank.cases));
    row.push(rank(s.computed_rank.money));
    row.push(rank(s.rank_of));
    row.push(opt(s.as_of, Cell::Date));
    row.push(opt(s.source.clone(), Cell::Text));
    row.push(opt(
        s.source
            .as_deref()
            .and_then(|src| site.article(src))
            .map(|a| urls::article(&a.slug)),
        Cell::Text,
    ));
    debug_assert_eq!(row.len(), COLUMNS.len());
    row
}

/// The links to one data file, as templates receive them (`{csv, xlsx}`, site-relative).
#[derive(Serialize, Clone, Debug)]
pub(crate) struct DataLinks {
    pub(crate) csv: String,
    pub(crate) xlsx: String,
}

impl DataLinks {
    pub(crate) fn of(base: &str) -> DataLinks {
        DataLinks {
            csv: format!("{base}.csv"),
            xlsx: format!("{base}.xlsx"),
        }
    }
    /// The file of one unit's figures.
    pub(crate) fn unit(id: &str) -> DataLinks {
        Self::of(&urls::data_unit(id))
    }
    /// The file of one statistical year's figures.
    pub(crate) fn year(year: i32) -> DataLinks {
        Self::of(&urls::data_year(year))
    }
    /// The file of every figure.
    pub(crate) fn all() -> DataLinks {
        Self::of(urls::DATA_ALL)
    }
}

pub(crate) use csv::number as number_text;

/// The workbook of these figures, as the data files write it (`bantin export stats`).
pub(crate) fn workbook(
    site: &Site,
    stats: &[&YearStats],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let head = headers(&site.labels().data);
    let rows: Vec<Vec<Cell>> = stats.iter().map(|s| row(site, s)).collect();
    xlsx::write(site, &head, &rows, stats)
}

/// Which figures a data file holds.
#[derive(Clone, Copy, Debug)]
enum Scope<'s> {
    All,
    Unit(&'s str),
    Year(i32),
}

/// The statistical years that have figures, oldest first.
fn years(site: &Site) -> Vec<i32> {
    let set: BTreeSet<i32> = site.stats().iter().map(|s| s.year).collect();
    set.into_iter().collect()
}

/// The figures of `scope`: by unit (in unit order), then year, then months.
fn rows_of<'s>(site: &'s Site, scope: Scope) -> Vec<&'s YearStats> {
    let mut rows: Vec<&YearStats> = match scope {
        Scope::Unit(id) => return site.unit_stats(id).collect(),
        Scope::All => site.stats().iter().collect(),
        Scope::Year(y) => site.stats().iter().filter(|s| s.year == y).collect(),
    };
    rows.sort_by_key(|s| {
        (
            site.unit_position(&s.unit).unwrap_or(usize::MAX),
            s.year,
            s.months,
        )
    });
    rows
}

/// The data files: one job for the whole site's file, one per unit with figures, one per year.
pub(crate) struct DataFiles;

/// Keys: `(0, 0)` the whole site; `(1, i)` unit `i` of `site.units()`; `(2, y)` year `y`.
impl pages::Family for DataFiles {
    /// Started with the big pages: the whole site's workbook is one of the longest jobs.
    fn is_big(&self) -> bool {
        true
    }
    fn pages(&self, r: &Renderer) -> Vec<pages::Key> {
        let site = r.site;
        if site.stats().is_empty() {
            return Vec::new();
        }
        let mut keys = vec![(0, 0)];
        keys.extend(
            (0..site.units().len())
                .filter(|&i| site.unit_stats(&site.units()[i].id).next().is_some())
                .map(|i| (1, i)),
        );
        keys.extend(years(site).into_iter().map(|y| (2, y as usize)));
        keys
    }
    fn id(&self, r: &Renderer, key: pages::Key) -> String {
        match key {
            (1, i) => urls::data_unit(&r.site.units()[i].id),
            (2, y) => urls::data_year(y as i32),
            _ => urls::DATA_ALL.to_string(),
        }
    }
    fn render(&self, r: &Renderer, key: pages::Key, out: &mut JobOutput) {
        let scope = match key {
            (1, i) => Scope::Unit(&r.site.units()[i].id),
            (2, y) => Scope::Year(y as i32),
            _ => Scope::All,
        };
        let base = self.id(r, key);
        let stats = rows_of(r.site, scope);
        let rows: Vec<Vec<Cell>> = stats.iter().map(|s| row(r.site, s)).collect();
        let head = headers(&r.site.labels().data);
        out.files.push(OutputFile {
            path: format!("{base}.csv"),
            bytes: csv::write(&head, &rows),
        });
        match xlsx::write(r.site, &head, &rows, &stats) {
            Ok(bytes) => out.files.push(OutputFile {
                path: format!("{base}.xlsx"),
                bytes,
            }),
            Err(e) => out.errors.push((
                false,
                Diagnostic {
                    severity: Severity::Error,
                    file: PathBuf::from(format!("{base}.xlsx")),
                    pos: Pos { line: 1, col: 1 },
                    message: e.to_string(),
                    hint: None,
                },
            )),
        }
    }
}
