//! `bantin export stats`: a workbook in the layout of the data files, with a row for every unit
//! and statistical year asked: the figures it has, or an empty row (unit, year and period
//! filled in) where it has none yet and the unit existed that year.

use crate::model::{Audience, Measure, Ranks, Site, YearStats};
use crate::validate::records::stats_period;

/// The rows to export: `unit` (else every unit, in the site's order) × `years` (else every year
/// that has figures), both whole years and six-month reviews that exist.
pub(crate) fn rows(site: &Site, unit: Option<&str>, years: &[i32]) -> Vec<YearStats> {
    let mut years: Vec<i32> = if years.is_empty() {
        site.stats().iter().map(|s| s.year).collect()
    } else {
        years.to_vec()
    };
    years.sort_unstable();
    years.dedup();
    let units: Vec<&crate::model::Unit> = match unit {
        Some(id) => site.units().iter().filter(|u| u.id == id).collect(),
        None => {
            let mut all: Vec<&crate::model::Unit> = site.units().iter().collect();
            all.sort_by_key(|u| site.unit_position(&u.id).unwrap_or(usize::MAX));
            all
        }
    };
    let mut out = Vec::new();
    for u in units {
        for &year in &years {
            let mut have: Vec<&YearStats> =
                site.unit_stats(&u.id).filter(|s| s.year == year).collect();
            have.sort_by_key(|s| s.months);
            if !have.is_empty() {
                out.extend(have.into_iter().cloned());
                continue;
            }
            let Some((start, end)) = stats_period(year, 12, site.config().year_start) else {
                continue;
            };
            if u.overlaps(start, end) {
                out.push(blank(&u.id, year, start, end));
            }
        }
    }
    out
}

/// A row to fill: the unit, the year and its period, no figures.
fn blank(unit: &str, year: i32, start: jiff::civil::Date, end: jiff::civil::Date) -> YearStats {
    YearStats {
        unit: unit.to_string(),
        year,
        months: 12,
        period_start: start,
        period_end: end,
        cases: Measure::default(),
        money: Measure::default(),
        rank: Ranks::default(),
        computed_rank: Ranks::default(),
        rank_of: None,
        as_of: None,
        source: None,
        unconfirmed: Default::default(),
        audience: Audience::Internal,
        internal: Default::default(),
        file: std::path::PathBuf::new(),
    }
}
