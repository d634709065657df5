//! Yearly statistics (SPEC §3.3): of a unit that exists, one entry per unit, year and `months`,
//! in a year the unit existed; a stated rank that differs from the one computed among its
//! sibling units is a warning.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::fields::Diags;
use super::records::{self, PendingStats};
use super::refs::{ArticleContext, lifetime};
use crate::diag::Pos;
use crate::model::{Unit, YearStats};
use crate::text;

/// The figures read, checked against `units` (sorted by id), sorted by unit, year and months.
pub fn check(
    read: Vec<PendingStats>,
    units: &[Unit],
    refs: &ArticleContext,
    d: &mut Diags,
) -> Vec<YearStats> {
    let mut stats: Vec<YearStats> = Vec::new();
    let mut seen: HashMap<(String, i32, u8), (std::path::PathBuf, Pos)> = HashMap::new();
    let mut rank_positions = HashMap::new();
    let mut reported_units = BTreeSet::new();
    for p in read {
        let s = &p.stats;
        let Ok(at) = units.binary_search_by(|u| u.id.cmp(&s.unit)) else {
            if reported_units.insert((s.file.clone(), s.unit.clone())) {
                // One report per file, not one per year.
                refs.check_unit(d, &s.file, p.unit_pos, &s.unit);
            }
            continue;
        };
        let key = (s.unit.clone(), s.year, s.months);
        if let Some((file, pos)) = seen.get(&key) {
            d.error(
                &s.file,
                p.pos,
                format!(
                    "duplicate figures for `{}` in {}{}",
                    s.unit,
                    s.year,
                    if s.months == 6 { " (6 months)" } else { "" }
                ),
                Some(format!(
                    "already given in {}:{}; keep one entry per unit, year and `months`",
                    file.display(),
                    pos.line
                )),
            );
            continue;
        }
        seen.insert(key.clone(), (s.file.clone(), p.pos));
        let unit = &units[at];
        if !unit.overlaps(s.period_start, s.period_end) {
            d.error(
                &s.file,
                p.pos,
                format!(
                    "`{}` did not exist in the statistical year {} ({} – {})",
                    unit.id,
                    s.year,
                    text::format_date(s.period_start),
                    text::format_date(s.period_end)
                ),
                Some(lifetime(unit)),
            );
            continue;
        }
        rank_positions.insert(key, p.rank_pos);
        stats.push(p.stats);
    }
    stats.sort_by(|a, b| (&a.unit, a.year, a.months).cmp(&(&b.unit, b.year, b.months)));
    warn_ranks(units, &stats, &rank_positions, d);
    stats
}

/// A stated rank that differs from the rank computed among the unit's siblings (all of them,
/// whatever a build shows) is a warning at the stated value, when the parent says the content
/// lists all its units (`children_complete`): among some of them, a different rank means nothing.
fn warn_ranks(
    units: &[Unit],
    stats: &[YearStats],
    positions: &HashMap<(String, i32, u8), (Pos, Pos)>,
    d: &mut Diags,
) {
    // The units whose parent says the content lists all its units.
    let complete: HashSet<&str> = units
        .iter()
        .filter(|u| u.children_complete)
        .map(|u| u.id.as_str())
        .collect();
    let in_complete_set: HashSet<&str> = units
        .iter()
        .filter(|u| u.parent.as_deref().is_some_and(|p| complete.contains(p)))
        .map(|u| u.id.as_str())
        .collect();
    for (s, (computed, of)) in stats.iter().zip(records::rank_table(units, stats)) {
        if !in_complete_set.contains(s.unit.as_str()) {
            continue;
        }
        let (cp, mp) = positions[&(s.unit.clone(), s.year, s.months)];
        for (what, stated, computed, pos) in [
            ("cases", s.rank.cases, computed.cases, cp),
            ("money", s.rank.money, computed.money, mp),
        ] {
            if let (Some(a), Some(b)) = (stated, computed)
                && a != b
            {
                d.warning(
                    &s.file,
                    pos,
                    format!(
                        "stated {what} rank {a} for {} differs from the rank computed among its sibling units: {b} of {}",
                        s.year,
                        of.unwrap_or_default()
                    ),
                    Some("the page shows the published rank; check the figures of the other units".into()),
                );
            }
        }
    }
}

/// The ranks each unit-year shows, computed among the units and figures a build shows (a rank
/// among units left out would reveal that they exist, or, as of a past day, count later
/// figures).
pub fn rank(units: &[Unit], stats: &mut [YearStats]) {
    let table = records::rank_table(units, stats);
    for (s, (ranks, of)) in stats.iter_mut().zip(table) {
        s.computed_rank = ranks;
        s.rank_of = of;
    }
}
