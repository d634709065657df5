//! Which figures a chart shows: the unit-years of its spec ([`chart_rows`], also handed to templates
//! beside the chart), their order in a comparison ([`ranking_cmp`]) and the years on a one-unit
//! chart's axis.

use std::cmp::Ordering;

use bantin_model::{ChartKind, ChartSpec, Site, YearStats};

/// The unit-years a chart shows.
pub fn chart_rows<'s>(site: &'s Site, spec: &ChartSpec) -> Vec<&'s YearStats> {
    match spec.kind {
        ChartKind::Yearly | ChartKind::Counts => site
            .unit_stats(&spec.units[0])
            .filter(|s| s.months == 12)
            .filter(|s| spec.years.is_none_or(|(a, b)| s.year >= a && s.year <= b))
            .collect(),
        ChartKind::Compare => {
            // Each unit's figures of that year through the index (one row per unit: the ranking
            // below orders them completely).
            let mut units: Vec<&str> = spec.units.iter().map(String::as_str).collect();
            units.sort_unstable();
            units.dedup();
            let mut rows: Vec<&YearStats> = units
                .into_iter()
                .flat_map(|u| site.unit_stats(u))
                .filter(|s| Some(s.year) == spec.year && s.months == 12)
                .collect();
            rows.sort_by(|a, b| ranking_cmp(site, a, b));
            rows
        }
    }
}

/// The order of units' figures in a comparison (a compare chart, and the table beside it): by
/// cases rate, best first (no rate last), equal rates in unit order.
pub fn ranking_cmp(site: &Site, a: &YearStats, b: &YearStats) -> Ordering {
    let (ra, rb) = (
        a.cases.rate.value().unwrap_or(-1.0),
        b.cases.rate.value().unwrap_or(-1.0),
    );
    let position = |s: &YearStats| site.unit_position(&s.unit).unwrap_or(usize::MAX);
    rb.total_cmp(&ra)
        .then_with(|| position(a).cmp(&position(b)))
        .then_with(|| a.unit.cmp(&b.unit))
}

/// The whole-year rows of a one-unit chart (safe on a spec without units).
pub(super) fn unit_rows<'s>(spec: &ChartSpec, site: &'s Site) -> Vec<&'s YearStats> {
    if spec.units.is_empty() {
        return Vec::new();
    }
    chart_rows(site, spec)
}

/// The years on the x axis of a one-unit chart: the spec's range (or the range of the figures), every
/// year included so gaps show; a range wider than [`MAX_YEARS`] keeps only the years with figures.
const MAX_YEARS: i32 = 15;

pub(super) fn year_axis(spec: &ChartSpec, rows: &[&YearStats]) -> Vec<i32> {
    let range = spec.years.or_else(|| {
        let first = rows.iter().map(|r| r.year).min()?;
        let last = rows.iter().map(|r| r.year).max()?;
        Some((first, last))
    });
    match range {
        Some((a, b)) if b >= a && b - a < MAX_YEARS => (a..=b).collect(),
        _ => {
            let mut years: Vec<i32> = rows.iter().map(|r| r.year).collect();
            years.dedup();
            years
        }
    }
}
