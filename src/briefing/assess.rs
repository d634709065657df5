//! The figures' parts of the report, each with a written assessment in the register of a report
//! ("Năm 2023, tỷ lệ thi hành xong về việc đạt 90,07%, vượt 5,57% so với chỉ tiêu được giao; …").
//! An assessment says only what the figures support: a target only where there is one, "(tính)"
//! on a difference computed here, a rank only where it is one (published, or computed among the
//! units it was computed among, said so), and the units without figures by name.

use super::report::{Part, Row, Table};
use super::{figure, yearly_spec};
use crate::model::{ChartKind, ChartSpec, Measure, Site, Unit, YearStats};
use crate::render::views::{self, MeasureView, YearView};
use crate::text;
use crate::text::labels::ReportLabels;

/// Part I: the lead unit's results against its targets.
pub fn results_part(site: &Site, lead: &Unit, s: &YearStats, period: &str) -> Part {
    let l = &site.labels().report;
    let y = views::year_view(site, s);
    let parent = lead.parent.as_deref().and_then(|p| site.unit(p));
    let mut sentence = l.assess_results(
        capitalised(period),
        clause(l, &s.cases, &y.cases, true),
        clause(l, &s.money, &y.money, false),
    );
    if let Some(ranks) = ranks_words(l, s.rank.cases, s.rank.money) {
        let scope = parent
            .map(|p| l.rank_scope(&p.short_name))
            .unwrap_or_default();
        sentence.push_str(&l.assess_rank_published(ranks, scope));
    }
    sentence.push_str(l.end());
    let mut paragraphs = vec![sentence];
    for (v, cases) in [(&y.cases, true), (&y.money, false)] {
        let counts: Vec<String> = [
            v.total.as_ref().map(|n| l.count_total(n)),
            v.eligible.as_ref().map(|n| l.count_eligible(n)),
            v.completed.as_ref().map(|n| l.count_completed(n)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !counts.is_empty() {
            let parts = counts.join(", ");
            paragraphs.push(if cases {
                l.assess_counts(parts)
            } else {
                l.assess_money_counts(parts)
            });
        }
    }

    let mut notes = Vec::new();
    if let Some(src) = &y.source {
        notes.push(l.note_source(&src.title));
    }
    if let Some(d) = &y.as_of {
        notes.push(l.note_as_of(d));
    }
    if y.cases.target_derived || y.money.target_derived {
        notes.push(l.note_derived().into());
    }
    if y.cases.exceeded_computed || y.money.exceeded_computed {
        notes.push(l.note_computed().into());
    }
    for note in y.unconfirmed.values() {
        notes.push(l.note_unconfirmed(note));
    }
    // A six-month report shows the whole years before it: the chart has yearly figures only.
    let chart_year = if s.months == 12 { s.year } else { s.year - 1 };
    let figures = yearly_spec(site, &lead.id, chart_year)
        .map(|spec| figure(site, spec))
        .into_iter()
        .collect();
    Part {
        heading: l.part_results().into(),
        paragraphs,
        table: Some(results_table(l, &y, period)),
        figures,
        items: Vec::new(),
        notes,
    }
}

/// "về việc đạt 90,07%, vượt 5,57% so với chỉ tiêu được giao": the first measure says what it
/// is compared with; the second, after it, says it short.
fn clause(l: &ReportLabels, m: &Measure, v: &MeasureView, first: bool) -> String {
    let label = if first { l.col_cases() } else { l.col_money() };
    let Some(rate) = &v.rate else {
        return l.assess_no_rate(label.to_lowercase());
    };
    let mut versus = match m.exceeded {
        None => String::new(),
        Some(x) => {
            let points = text::format_points(x.abs());
            match (x.abs() < 0.005, x > 0.0, first) {
                (true, _, true) => l.versus_on_full().to_string(),
                (true, _, false) => l.versus_on().to_string(),
                (false, true, true) => l.versus_above_full(points),
                (false, true, false) => l.versus_above(points),
                (false, false, true) => l.versus_below_full(points),
                (false, false, false) => l.versus_below(points),
            }
        }
    };
    if m.exceeded.is_some() && m.exceeded_computed {
        versus.push_str(l.versus_computed());
    }
    if first {
        l.assess_cases(rate, versus)
    } else {
        l.assess_money(rate, versus)
    }
}

/// "thứ hai về việc và thứ nhất về tiền".
fn ranks_words(l: &ReportLabels, cases: Option<u32>, money: Option<u32>) -> Option<String> {
    let w = |n: u32| text::ordinal_words(u64::from(n));
    match (cases, money) {
        (Some(c), Some(m)) => Some(l.rank_both(w(c), w(m))),
        (Some(c), None) => Some(l.rank_cases(w(c))),
        (None, Some(m)) => Some(l.rank_money(w(m))),
        (None, None) => None,
    }
}

/// A count of a measure, as a table column reads it.
type Count = fn(&MeasureView) -> Option<String>;

/// The results against targets: a column of counts only where a count is given.
fn results_table(l: &ReportLabels, y: &YearView, period: &str) -> Table {
    let measures = [(l.row_cases(), &y.cases), (l.row_money(), &y.money)];
    let counts: Vec<(&str, Count)> = [
        (l.col_total(), (|v: &MeasureView| v.total.clone()) as Count),
        (l.col_eligible(), |v: &MeasureView| v.eligible.clone()),
        (l.col_completed(), |v: &MeasureView| v.completed.clone()),
    ]
    .into_iter()
    .filter(|(_, get)| {
        let get = *get;
        measures.iter().any(|(_, v)| get(v).is_some())
    })
    .collect();
    let mut head = vec![l.col_measure().to_string()];
    head.extend(counts.iter().map(|(h, _)| h.to_string()));
    head.extend([l.col_rate(), l.col_target(), l.col_versus()].map(String::from));
    let rows = measures
        .iter()
        .map(|(name, v)| {
            let mut cells = vec![name.to_string()];
            cells.extend(
                counts
                    .iter()
                    .map(|(_, get)| get(v).unwrap_or_else(|| l.none().into())),
            );
            cells.push(v.rate.clone().unwrap_or_else(|| l.none().into()));
            cells.push(match (&v.target, v.target_derived) {
                (Some(t), true) => l.derived(t),
                (Some(t), false) => t.clone(),
                (None, _) => l.none().into(),
            });
            cells.push(versus_cell(l, v));
            Row { cells, lead: false }
        })
        .collect();
    let numeric = (0..head.len()).map(|i| i > 0).collect();
    Table {
        caption: l.results_caption(period),
        head,
        rows,
        numeric,
    }
}

/// "vượt 5,57%", "thấp hơn 2,00% (tính)", "–".
fn versus_cell(l: &ReportLabels, v: &MeasureView) -> String {
    let Some(points) = &v.exceeded else {
        return l.none().into();
    };
    let words = if v.rate_value.is_some() && points == &text::format_points(0.0) {
        l.on_target().to_string()
    } else if v.exceeded_up {
        l.above(points)
    } else {
        l.below(points)
    };
    if v.exceeded_computed {
        l.computed(words)
    } else {
        words
    }
}

/// Part II: the lead unit among the units under the same parent in the same period, and the
/// units without figures for it, by name. None for a unit without a parent or siblings.
pub fn comparison_part(site: &Site, lead: &Unit, s: &YearStats, period: &str) -> Option<Part> {
    let l = &site.labels().report;
    let parent = site.unit(lead.parent.as_deref()?)?;
    let alive: Vec<&Unit> = site
        .children(&parent.id)
        .filter(|u| u.overlaps(s.period_start, s.period_end))
        .collect();
    if alive.len() < 2 {
        return None;
    }
    let figures_of = |u: &Unit| {
        site.unit_stats(&u.id)
            .find(|x| x.year == s.year && x.months == s.months)
    };
    let mut rows: Vec<&YearStats> = alive.iter().filter_map(|u| figures_of(u)).collect();
    rows.sort_by(|a, b| crate::charts::ranking_cmp(site, a, b));
    let missing: Vec<&str> = alive
        .iter()
        .filter(|u| figures_of(u).is_none())
        .map(|u| u.short_name.as_str())
        .collect();
    let complete = parent.children_complete && missing.is_empty();
    let scope = if complete {
        l.scope_all(&parent.short_name)
    } else {
        l.scope_some(&parent.short_name)
    };

    // The position among the units compared, computed here (said how); the published rank,
    // already in part I, only when there is none.
    let mut paragraphs = Vec::new();
    if let (Some(ranks), Some(n)) = (
        ranks_words(l, s.computed_rank.cases, s.computed_rank.money),
        s.rank_of,
    ) {
        paragraphs.push(if complete {
            l.assess_compare_all(n, &parent.short_name, &lead.short_name, ranks)
        } else {
            l.assess_compare_some(n, &parent.short_name, period, &lead.short_name, ranks)
        });
    } else if let Some(ranks) = ranks_words(l, s.rank.cases, s.rank.money) {
        paragraphs.push(l.assess_compare_published(&lead.short_name, ranks));
    }
    if !missing.is_empty() {
        paragraphs.push(l.missing_units(period, missing.join(", ")));
    }

    let table = (rows.len() > 1).then(|| Table {
        caption: l.compare_caption(period, &scope),
        head: [l.col_unit(), l.col_cases(), l.col_money(), l.col_rank()]
            .map(String::from)
            .to_vec(),
        rows: rows
            .iter()
            .map(|r| {
                let y = views::year_view(site, r);
                Row {
                    cells: vec![
                        y.unit.short_name.clone(),
                        y.cases.rate.clone().unwrap_or_else(|| l.none().into()),
                        y.money.rate.clone().unwrap_or_else(|| l.none().into()),
                        rank_cell(l, r),
                    ],
                    lead: r.unit == lead.id,
                }
            })
            .collect(),
        numeric: vec![false, true, true, true],
    });
    // The comparison chart draws yearly figures: a six-month comparison is the table alone.
    let chart = chart_l(site);
    let figures = (s.months == 12 && rows.len() > 1)
        .then(|| {
            let title = if complete {
                chart.compare_title_parent(capitalised(period), &parent.short_name)
            } else {
                chart.compare_title_parent_some(capitalised(period), &parent.short_name)
            };
            figure(
                site,
                ChartSpec {
                    kind: ChartKind::Compare,
                    units: rows.iter().map(|r| r.unit.clone()).collect(),
                    year: Some(s.year),
                    years: None,
                    title: Some(title),
                },
            )
        })
        .into_iter()
        .collect();
    if table.is_none() && paragraphs.is_empty() {
        return None;
    }
    Some(Part {
        heading: l.part_compare().into(),
        paragraphs,
        table,
        figures,
        items: Vec::new(),
        notes: Vec::new(),
    })
}

fn chart_l(site: &Site) -> &crate::text::labels::ChartLabels {
    &site.labels().chart
}

/// "2 / 1" as published, "2 / 1 (tính)" as computed here, "–" without.
fn rank_cell(l: &ReportLabels, s: &YearStats) -> String {
    let pair = |c: Option<u32>, m: Option<u32>| {
        let show = |r: Option<u32>| r.map_or_else(|| l.none().to_string(), |r| r.to_string());
        format!("{} / {}", show(c), show(m))
    };
    if s.rank.cases.is_some() || s.rank.money.is_some() {
        pair(s.rank.cases, s.rank.money)
    } else if s.computed_rank.cases.is_some() || s.computed_rank.money.is_some() {
        l.rank_cell_computed(pair(s.computed_rank.cases, s.computed_rank.money))
    } else {
        l.none().into()
    }
}

/// "năm 2023" → "Năm 2023".
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
