//! The rows of a sheet against the site's figures: which fields of which year entries change,
//! in which stats file, and what is wrong with a row as a whole (an unknown unit, a year the
//! unit did not exist, a row given twice, completed over eligible).
//!
//! A field changes when its cell differs from the figure as the YAML states it. Columns a
//! workbook shows but bantin computes are not inputs: a target shown as derived (rate −
//! exceeded) or an "exceeded" shown as computed (rate − target), when the cell still holds
//! that value, stays unstated; a different value typed over it is stated.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use super::Problem;
use super::rows::{Field, Row, Value, ValueKind};
use super::table::Table;
use super::yaml_edit::{EntryEdit, FieldEdit};
use crate::model::{Measure, MoneyInput, Site, YearStats};
use crate::validate::records::stats_period;

/// The edits to make: stats file (root-relative) → unit → its entries' edits.
pub(crate) type Plan = BTreeMap<PathBuf, BTreeMap<String, Vec<EntryEdit>>>;

/// The plan for `rows` against `site`, and the problems of rows as wholes. A cell flagged as
/// derived or computed is judged against `shown`: the site the sheet was filled from (which is
/// `site`, but when the edited files are read back).
pub(crate) fn plan(
    site: &Site,
    shown: &Site,
    t: &Table,
    rows: &[Row],
    problems: &mut Vec<Problem>,
) -> Plan {
    let mut plan = Plan::new();
    let mut seen: HashMap<(String, i32, u8), u32> = HashMap::new();
    for row in rows {
        let at = |col| {
            Problem::error(t.place(row.row, col))
                .unit(&row.unit)
                .year(row.year)
        };
        let Some(unit) = site.unit(&row.unit) else {
            let ids: Vec<&str> = site.units().iter().map(|u| u.id.as_str()).collect();
            let hint = match crate::validate::fields::did_you_mean(&row.unit, &ids) {
                Some(s) => format!("did you mean `{s}`? The ids are those of content/units/"),
                None => "write the id of a unit of content/units/ (add the unit there first if it is new)".into(),
            };
            problems.push(
                at(row.unit_col)
                    .message(format!("unknown unit `{}`", row.unit))
                    .hint(hint),
            );
            continue;
        };
        if let Some(first) = seen.insert((row.unit.clone(), row.year, row.months), row.row) {
            problems.push(
                at(row.unit_col)
                    .message(format!(
                        "the figures of `{}` for {} are given twice",
                        row.unit, row.year
                    ))
                    .hint(format!(
                        "row {} has them already: keep one row per unit, year and months",
                        first + 1
                    )),
            );
            continue;
        }
        let Some((start, end)) = stats_period(row.year, row.months, site.config().year_start)
        else {
            continue;
        };
        if !unit.overlaps(start, end) {
            problems.push(
                at(row.year_col)
                    .message(format!(
                        "`{}` did not exist in the statistical year {} ({} – {})",
                        row.unit,
                        row.year,
                        crate::text::format_date(start),
                        crate::text::format_date(end)
                    ))
                    .hint(crate::validate::lifetime(unit)),
            );
            continue;
        }
        let current = site
            .stats()
            .iter()
            .find(|s| s.unit == row.unit && s.year == row.year && s.months == row.months);
        let before = problems.len();
        let was = shown
            .stats()
            .iter()
            .find(|s| s.unit == row.unit && s.year == row.year && s.months == row.months);
        let edits = row_edits(site, t, row, (current, was), problems);
        if problems.len() > before || edits.is_empty() {
            continue;
        }
        let Some(file) = file_for(site, &row.unit, current) else {
            continue;
        };
        plan.entry(file)
            .or_default()
            .entry(row.unit.clone())
            .or_default()
            .push(EntryEdit {
                year: row.year,
                months: row.months,
                edits,
            });
    }
    plan
}

/// The file that holds (or will hold) a unit's entry: the entry's own, else that of the unit's
/// latest figures, else `content/stats/<unit>.yaml`.
fn file_for(site: &Site, unit: &str, current: Option<&YearStats>) -> Option<PathBuf> {
    if let Some(s) = current {
        return Some(s.file.clone());
    }
    Some(
        site.unit_stats(unit)
            .last()
            .map(|s| s.file.clone())
            .unwrap_or_else(|| PathBuf::from(format!("content/stats/{unit}.yaml"))),
    )
}

/// The figure a field has now, as the YAML states it (money in đồng).
fn stated(s: &YearStats, field: Field) -> Option<Value> {
    let measure = |m: &Measure, name: &str| -> Option<Value> {
        match name {
            "total" => m.total.map(Value::Int),
            "eligible" => m.eligible.map(Value::Int),
            "completed" => m.completed.map(Value::Int),
            "rate" => m.rate.published.map(Value::Num),
            "target" => m.target.filter(|t| !t.derived).map(|t| Value::Num(t.value)),
            "exceeded" => m.exceeded.filter(|_| !m.exceeded_computed).map(Value::Num),
            _ => None,
        }
    };
    match (field.parent, field.name) {
        (Some("cases"), n) => measure(&s.cases, n),
        (Some("money"), n) => measure(&s.money, n),
        (Some("rank"), "cases") => s.rank.cases.map(|r| Value::Int(u64::from(r))),
        (Some("rank"), "money") => s.rank.money.map(|r| Value::Int(u64::from(r))),
        (None, "as_of") => s.as_of.map(Value::Date),
        (None, "source") => s.source.clone().map(Value::Text),
        _ => None,
    }
}

/// The figure bantin shows where nothing is stated (a derived target, a computed "exceeded"),
/// as the data files round it.
fn shown_unstated(s: &YearStats, field: Field) -> Option<f64> {
    let m = match field.parent {
        Some("cases") => &s.cases,
        Some("money") => &s.money,
        _ => return None,
    };
    let two = |v: f64| (v * 100.0).round() / 100.0;
    match field.name {
        "target" => m.target.filter(|t| t.derived).map(|t| two(t.value)),
        "exceeded" => m.exceeded.filter(|_| m.exceeded_computed).map(two),
        _ => None,
    }
}

fn same(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(Value::Num(x)), Some(Value::Num(y))) => (x - y).abs() <= 1e-6,
        _ => a == b,
    }
}

/// The edits a row makes to its entry (all its fields when the entry is new), with the
/// problems of its figures taken together.
fn row_edits(
    site: &Site,
    t: &Table,
    row: &Row,
    (current, was): (Option<&YearStats>, Option<&YearStats>),
    problems: &mut Vec<Problem>,
) -> Vec<FieldEdit> {
    let mut edits = Vec::new();
    // The figures after the import, for the checks across fields.
    let mut after: BTreeMap<Field, (Option<Value>, u32)> = BTreeMap::new();
    for (field, value, col) in &row.values {
        let measure = usize::from(field.parent == Some("money"));
        let flagged = match field.name {
            "target" if field.parent != Some("rank") => row.target_derived[measure],
            "exceeded" => row.exceeded_computed[measure],
            _ => false,
        };
        let mut value = value.clone();
        if flagged
            && let (Some(Value::Num(v)), Some(was)) = (&value, was)
            && shown_unstated(was, *field).is_some_and(|shown| (shown - v).abs() <= 0.005)
        {
            value = None;
        }
        let now = current.and_then(|s| stated(s, *field));
        after.insert(*field, (value.clone().or_else(|| now.clone()), *col));
        if same(value.as_ref(), now.as_ref()) {
            continue;
        }
        let kind = kind_of(*field);
        let value = match (value, kind, site.config().money_input) {
            (Some(Value::Int(d)), ValueKind::Money, MoneyInput::NghinDong) => {
                if d % 1000 != 0 {
                    problems.push(
                        Problem::error(t.place(row.row, *col))
                            .unit(&row.unit)
                            .year(row.year)
                            .message(format!(
                                "{} đồng is not a whole number of thousand đồng",
                                crate::text::format_int(d)
                            ))
                            .hint("site.yaml says `stats.money_input: nghin-dong`: the stats files hold amounts in thousand đồng"),
                    );
                    continue;
                }
                Some(Value::Int(d / 1000))
            }
            (v, _, _) => v,
        };
        edits.push(FieldEdit {
            field: *field,
            kind,
            value,
        });
    }
    for parent in ["cases", "money"] {
        let get = |name: &'static str| {
            let f = Field {
                parent: Some(parent),
                name,
            };
            let from_row = after.get(&f).cloned();
            from_row.or_else(|| {
                current
                    .and_then(|s| stated(s, f))
                    .map(|v| (Some(v), row.unit_col))
            })
        };
        let count = |v: &Option<(Option<Value>, u32)>| match v {
            Some((Some(Value::Int(n)), col)) => Some((*n, *col)),
            _ => None,
        };
        let (total, eligible, completed) = (
            count(&get("total")),
            count(&get("eligible")),
            count(&get("completed")),
        );
        let pairs = [
            (completed, eligible, "completed", "eligible"),
            (eligible, total, "eligible", "total"),
            (completed, total, "completed", "total"),
        ];
        for (small, big, a, b) in pairs {
            if let (Some((s, col)), Some((g, _))) = (small, big)
                && s > g
            {
                problems.push(
                    Problem::error(t.place(row.row, col))
                        .unit(&row.unit)
                        .year(row.year)
                        .message(format!(
                            "{parent}: {a} ({}) is more than {b} ({})",
                            crate::text::format_int(s),
                            crate::text::format_int(g)
                        ))
                        .hint("completed ≤ eligible ≤ total: check the figures against the report they come from"),
                );
                break;
            }
        }
    }
    edits
}

fn kind_of(field: Field) -> ValueKind {
    match (field.parent, field.name) {
        (Some("rank"), _) => ValueKind::Rank,
        (Some("money"), "total" | "eligible" | "completed") => ValueKind::Money,
        (Some(_), "total" | "eligible" | "completed") => ValueKind::Count,
        (Some(_), "rate" | "target") => ValueKind::Percent,
        (Some(_), _) => ValueKind::Points,
        (None, "as_of") => ValueKind::Date,
        (None, _) => ValueKind::Text,
    }
}
