//! `compare`: units in one year, ranked by cases rate (best first), as horizontal bars (cases and money
//! per unit) so long Vietnamese names read across; the site's lead unit on a highlighted band; targets as
//! one line per measure when all units share it (or only the parent's is known), else a tick per bar.

use super::backend::Stroke;
use super::canvas::{
    AXIS, Anchor, CASES, Canvas, Font, GREY_TEXT, GRID, HIGHLIGHT, MONEY, target_stroke,
};
use super::measure::{text_width, wrap};
use super::narrow::{self, Narrow};
use super::yearly::CLEAR;
use super::{
    Drawn, Heading, LABEL_SIZE, MARGIN, SMALL_SIZE, chart_rows, common_parent, header,
    measure_legend, measure_words, target_legend, target_words, unit_name,
};
use plotters::style::{RGBColor, WHITE};

use bantin_model::{ChartSpec, Measure, Site, Target, YearStats};
use bantin_text::format_percent;
use bantin_text::labels::ChartLabels;

const ROW_H: f64 = 46.0;
const BAR_H: f64 = 14.0;
/// 13.5 units: 11.3 pt when a chart is printed across the report's text width (165 mm = 560 units).
const TICK_SIZE: f64 = 13.5;
/// The widest the name column may be, as a share of the width.
const NAME_SHARE: f64 = 0.36;

struct Entry<'s> {
    id: String,
    name: String,
    row: Option<&'s YearStats>,
    /// Rank by cases rate: the order of the chart, and the number before the name.
    rank: Option<usize>,
    /// Rank by money rate, said in the description (and in the data table under the chart).
    money_rank: Option<usize>,
    lead: bool,
}

/// How one measure's targets are shown.
#[derive(Clone, Debug, PartialEq)]
enum TargetMode {
    /// One line across all units: the target they all share, or (`owner`) the parent's.
    Line {
        target: Target,
        owner: Option<String>,
    },
    /// A tick on each bar that has a target.
    Ticks,
    None,
}

pub(super) fn draw(spec: &ChartSpec, site: &Site, heading: &Heading) -> Drawn {
    let year = spec.year.unwrap_or_default();
    let rows = chart_rows(site, spec);
    let lead = site.config().unit.as_deref();
    let rate_of = |r: Option<&YearStats>| r.and_then(|r| r.cases.rate.value());
    let mut entries: Vec<Entry> = rows
        .iter()
        .map(|r| Entry {
            id: r.unit.clone(),
            name: unit_name(site, &r.unit),
            row: Some(*r),
            rank: None,
            money_rank: None,
            lead: lead == Some(r.unit.as_str()),
        })
        .collect();
    // Units asked for but without figures that year come last.
    for u in &spec.units {
        if !entries.iter().any(|e| &e.id == u) {
            entries.push(Entry {
                id: u.clone(),
                name: unit_name(site, u),
                row: None,
                rank: None,
                money_rank: None,
                lead: lead == Some(u.as_str()),
            });
        }
    }
    // Competition ranking: equal rates share a rank.
    let rates: Vec<Option<f64>> = entries.iter().map(|e| rate_of(e.row)).collect();
    let money: Vec<Option<f64>> = entries
        .iter()
        .map(|e| e.row.and_then(|r| r.money.rate.value()))
        .collect();
    let rank_in =
        |all: &[Option<f64>], r: f64| 1 + all.iter().flatten().filter(|&&o| o > r).count();
    for (e, (rate, m)) in entries.iter_mut().zip(rates.iter().zip(&money)) {
        e.rank = rate.map(|r| rank_in(&rates, r));
        e.money_rank = m.map(|r| rank_in(&money, r));
    }

    let parent = common_parent(site, &spec.units);
    let parent_row = parent.as_deref().and_then(|p| {
        site.unit_stats(p)
            .find(|s| s.year == year && s.months == 12)
    });
    let parent_name = parent.as_deref().map(|p| unit_name(site, p));
    let mode = |m: fn(&YearStats) -> &Measure| -> TargetMode {
        let with_rows: Vec<&YearStats> = entries.iter().filter_map(|e| e.row).collect();
        let targets: Vec<Target> = with_rows.iter().filter_map(|r| m(r).target).collect();
        if targets.len() >= 2
            && targets.len() == with_rows.len()
            && targets.iter().all(|t| {
                (t.value - targets[0].value).abs() < 0.005 && t.derived == targets[0].derived
            })
        {
            TargetMode::Line {
                target: targets[0],
                owner: None,
            }
        } else if !targets.is_empty() {
            TargetMode::Ticks
        } else if let Some(t) = parent_row.and_then(|p| m(p).target) {
            TargetMode::Line {
                target: t,
                owner: parent_name.clone(),
            }
        } else {
            TargetMode::None
        }
    };
    let modes = [mode(|r| &r.cases), mode(|r| &r.money)];

    let mut shown_targets: Vec<Target> = Vec::new();
    for (i, mode) in modes.iter().enumerate() {
        match mode {
            TargetMode::Line { target, .. } => shown_targets.push(*target),
            TargetMode::Ticks => shown_targets.extend(entries.iter().filter_map(|e| {
                let r = e.row?;
                if i == 0 {
                    r.cases.target
                } else {
                    r.money.target
                }
            })),
            TargetMode::None => {}
        }
    }
    let words = &site.labels().chart;
    let d = &site.labels().chart_desc;
    let mut legend = measure_legend(words);
    legend.extend(target_legend(words, shown_targets.into_iter(), true));

    // Lines' labels above the plot, one row each.
    let line_labels: Vec<(Target, String)> = modes
        .iter()
        .zip([d.cases(), d.money()])
        .filter_map(|(mode, what)| match mode {
            TargetMode::Line { target, owner } => Some((
                *target,
                match owner {
                    None => words.target_line(what, format_percent(target.value)),
                    Some(o) => words.target_line_of(what, o, format_percent(target.value)),
                },
            )),
            _ => None,
        })
        .collect();

    let header_bottom = header(None, heading.shown, &legend);
    let plot_top = header_bottom + 10.0 + 20.0 * line_labels.len() as f64;
    let n = entries.len().max(1) as f64;
    let plot_bottom = plot_top + n * ROW_H;
    let ranked = entries.iter().any(|e| e.rank.is_some());
    let key_h = if ranked { 22.0 } else { 0.0 };
    let height = (plot_bottom + 18.0 + 26.0 + key_h + MARGIN).ceil() as u32;

    let mut desc = d.compare(year, entries.len());
    if let Some(e) = entries.iter().find(|e| e.lead) {
        desc.push(' ');
        desc.push_str(&d.lead(&e.name));
    }
    for (mode, what) in modes.iter().zip([d.cases(), d.money()]) {
        if let TargetMode::Line {
            target,
            owner: Some(o),
        } = mode
        {
            desc.push(' ');
            desc.push_str(&d.target_line(target_words(d, *target), what, o));
        }
    }
    for e in &entries {
        desc.push(' ');
        let Some(r) = e.row else {
            desc.push_str(&d.unit_no_data(&e.name));
            continue;
        };
        let figures = d.unit_figures(
            &e.name,
            measure_words(d, d.cases(), Some(&r.cases)),
            measure_words(d, d.money(), Some(&r.money)),
        );
        desc.push_str(&match (e.rank, e.money_rank) {
            (Some(c), Some(m)) => d.rank_both(c, m, figures),
            (Some(c), None) => d.rank_cases(c, figures),
            (None, Some(m)) => d.rank_money(m, figures),
            (None, None) => figures,
        });
        if !r.unconfirmed.is_empty() {
            desc.push(' ');
            desc.push_str(&d.unit_unconfirmed(&e.name));
        }
    }
    let narrow = narrow::draw(
        heading.narrow_document(&desc),
        &Narrow {
            title: heading.shown,
            legend: &legend,
            panels: vec![narrow_panel(&entries, &modes, &line_labels)],
            notes: if ranked {
                vec![words.rank_key().to_string()]
            } else {
                Vec::new()
            },
            no_data: words.no_data(),
        },
    );
    let svg = Canvas::draw(heading.document(&desc, height), |c| {
        header(Some(c), heading.shown, &legend);
        plot(
            c,
            words,
            &entries,
            &modes,
            &line_labels,
            plot_top,
            plot_bottom,
        );
    });
    Drawn { svg, narrow, desc }
}

/// The top of the rate scale: 100% or the largest rate or target above it, rounded up to 20.
fn scale_max(entries: &[Entry], line_labels: &[(Target, String)]) -> f64 {
    let x_max = entries
        .iter()
        .filter_map(|e| e.row)
        .flat_map(|r| [&r.cases, &r.money])
        .flat_map(|m| [m.rate.value(), m.target.map(|t| t.value)])
        .flatten()
        .chain(line_labels.iter().map(|(t, _)| t.value))
        .fold(100.0_f64, f64::max);
    (x_max / 20.0).ceil() * 20.0
}

/// The narrow layout: the same ranked rows, each name above its two bars.
fn narrow_panel(
    entries: &[Entry],
    modes: &[TargetMode; 2],
    line_labels: &[(Target, String)],
) -> narrow::Panel {
    let rows = entries
        .iter()
        .map(|e| narrow::Row {
            name: e.name.clone(),
            rank: e.rank,
            lead: e.lead,
            bars: match e.row {
                Some(r) => [(&r.cases, CASES), (&r.money, MONEY)]
                    .into_iter()
                    .zip(modes)
                    .map(|((m, fill), mode)| narrow::Bar {
                        value: m.rate.value(),
                        text: m.rate.value().map(format_percent).unwrap_or_default(),
                        fill,
                        target: m.target.filter(|_| {
                            matches!(
                                mode,
                                TargetMode::Ticks | TargetMode::Line { owner: None, .. }
                            )
                        }),
                    })
                    .collect(),
                None => vec![narrow::Bar {
                    value: None,
                    text: String::new(),
                    fill: CASES,
                    target: None,
                }],
            },
        })
        .collect();
    narrow::Panel {
        title: None,
        rows,
        max: scale_max(entries, line_labels),
        lines: line_labels.to_vec(),
    }
}

fn plot(
    c: &mut Canvas,
    words: &ChartLabels,
    entries: &[Entry],
    modes: &[TargetMode; 2],
    line_labels: &[(Target, String)],
    top: f64,
    bottom: f64,
) {
    let x_max = scale_max(entries, line_labels);

    let name_font = Font::new(LABEL_SIZE);
    let rank_w = entries
        .iter()
        .filter_map(|e| e.rank)
        .map(|r| text_width(&format!("{r}."), LABEL_SIZE, true))
        .fold(0.0, f64::max);
    let name_x = MARGIN + if rank_w > 0.0 { rank_w + 6.0 } else { 0.0 };
    let name_max = c.width * NAME_SHARE;
    let lines: Vec<Vec<String>> = entries
        .iter()
        .map(|e| wrap(&e.name, LABEL_SIZE, e.lead, name_max, 2))
        .collect();
    let name_w = lines
        .iter()
        .flatten()
        .map(|l| text_width(l, LABEL_SIZE, true))
        .fold(0.0, f64::max);
    let value_w = text_width(&format_percent(x_max), SMALL_SIZE, false) + 10.0;
    let left = name_x + name_w + 14.0;
    let right = c.width - MARGIN - value_w;
    let x_of = |v: f64| left + (v.clamp(0.0, x_max) / x_max) * (right - left);

    // Lead band first, under everything.
    for (i, e) in entries.iter().enumerate() {
        if e.lead {
            let y0 = top + ROW_H * i as f64;
            c.rect(4.0, y0 + 1.0, c.width - 4.0, y0 + ROW_H - 1.0, HIGHLIGHT);
        }
    }
    // Grid and x axis.
    let tick_font = Font::new(TICK_SIZE).color(GREY_TEXT).anchor(Anchor::Middle);
    let mut v = 0.0;
    while v <= x_max + 1e-9 {
        let x = x_of(v);
        if v > 0.0 {
            c.line(x, top, x, bottom, Stroke::solid(GRID, 1));
        }
        c.text(x, bottom + 12.0, &format!("{}%", v as i64), tick_font);
        v += 20.0;
    }
    c.text(
        (left + right) / 2.0,
        bottom + 36.0,
        words.rate_axis(),
        Font::new(TICK_SIZE).color(GREY_TEXT).anchor(Anchor::Middle),
    );
    if rank_w > 0.0 {
        // Which rank orders the list: the money rank is in the description and the data table.
        c.text(
            MARGIN,
            bottom + 58.0,
            words.rank_key(),
            Font::new(TICK_SIZE).color(GREY_TEXT),
        );
    }

    // Shared target lines behind the bars (each bar with that target also gets a tick), labelled above
    // the plot, one row each: the rightmost line on the top row, so
    // a label below it can always turn left, away from the lines above.
    let mut order: Vec<&(Target, String)> = line_labels.iter().collect();
    order.sort_by(|a, b| b.0.value.total_cmp(&a.0.value));
    for (k, (target, label)) in order.iter().enumerate() {
        let tx = x_of(target.value);
        let ly = top - 10.0 - 20.0 * (order.len() - 1 - k) as f64;
        c.line(tx, ly + 7.0, tx, bottom, target_stroke(target.derived, 2));
        let font = Font::new(SMALL_SIZE);
        let w = font.width(label);
        let blocked = order[..k]
            .iter()
            .any(|(t, _)| x_of(t.value) <= tx + 10.0 + w);
        if !blocked && tx + 6.0 + w <= c.width - 4.0 || tx - 6.0 - w < 4.0 {
            c.text(tx + 6.0, ly, label, font);
        } else {
            c.text(tx - 6.0, ly, label, font.anchor(Anchor::End));
        }
    }

    for (i, e) in entries.iter().enumerate() {
        let y0 = top + ROW_H * i as f64;
        // Rank and name, centred on the row.
        let font = if e.lead { name_font.bold() } else { name_font };
        if let Some(r) = e.rank {
            c.text(
                name_x - 6.0,
                y0 + ROW_H / 2.0,
                &format!("{r}."),
                font.anchor(Anchor::End),
            );
        }
        let name_lines = &lines[i];
        let first = y0 + ROW_H / 2.0 - 9.0 * (name_lines.len() as f64 - 1.0);
        for (k, line) in name_lines.iter().enumerate() {
            c.text(name_x, first + 18.0 * k as f64, line, font);
        }
        let background = if e.lead { HIGHLIGHT } else { WHITE };
        let Some(r) = e.row else {
            backed_text(
                c,
                left + 6.0,
                y0 + ROW_H / 2.0,
                words.no_data(),
                Font::new(SMALL_SIZE).color(GREY_TEXT),
                background,
            );
            continue;
        };
        let bar_y = |k: usize| y0 + 8.0 + (BAR_H + 2.0) * k as f64;
        // The ticks of a bar with a target of its own (a shared target is also one line), drawn
        // before both bars of the row: the bars cover them, so a bar just past its target still
        // shows its end.
        let mut ticks = [None, None];
        for (k, m) in [&r.cases, &r.money].into_iter().enumerate() {
            let ticked = matches!(
                modes[k],
                TargetMode::Ticks | TargetMode::Line { owner: None, .. }
            );
            ticks[k] = m.target.filter(|_| ticked).map(|t| {
                let (by, tx) = (bar_y(k), x_of(t.value));
                c.target_line(tx, by - 4.0, tx, by + BAR_H + 4.0, t.derived);
                tx
            });
        }
        for (k, (m, fill)) in [(&r.cases, CASES), (&r.money, MONEY)]
            .into_iter()
            .enumerate()
        {
            let by = bar_y(k);
            let mid = by + BAR_H / 2.0;
            let value = m.rate.value();
            let mut label_x = left + 5.0;
            if let Some(v) = value {
                let x1 = x_of(v).max(left + 2.0);
                c.rect(left, by, x1, by + BAR_H, fill);
                label_x = x1 + 5.0;
            }
            // Across a bar well past its target the tick is drawn again on top; near its end not.
            if let (Some(tx), Some(v)) = (ticks[k], value)
                && x_of(v) > tx + CLEAR
            {
                c.target_line(tx, by, tx, by + BAR_H, m.target.is_some_and(|t| t.derived));
            }
            if let Some(tx) = ticks[k]
                && tx + 2.0 >= label_x - 5.0
                && tx - 8.0 < label_x + 50.0
            {
                label_x = label_x.max(tx + 6.0);
            }
            let font = Font::new(SMALL_SIZE);
            match value {
                Some(v) => c.text(label_x, mid, &format_percent(v), font),
                None => backed_text(
                    c,
                    label_x,
                    mid,
                    words.no_data(),
                    font.color(GREY_TEXT),
                    background,
                ),
            }
        }
    }
    c.line(left, top, left, bottom, Stroke::solid(AXIS, 1));
}

/// A text on a patch of the row's background, so a target line behind it does not cross it.
fn backed_text(c: &mut Canvas, x: f64, y: f64, text: &str, font: Font, background: RGBColor) {
    let w = font.width(text);
    c.rect(x - 3.0, y - 8.0, x + w + 3.0, y + 8.0, background);
    c.text(x, y, text, font);
}
