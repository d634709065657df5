//! `counts`: one unit, per statistical year, the cases completed and the money recovered. The two have
//! different scales, so they get two stacked panels sharing the year axis, each with its own y axis
//! (no dual axis).

use super::backend::Document;
use super::backend::{Fill, Stroke};
use super::canvas::{AXIS, Anchor, CASES, Canvas, Font, GREY_TEXT, GRID, MONEY};
use super::measure::text_width;
use super::narrow::{self, Narrow};
use super::{
    Drawn, Heading, LABEL_SIZE, MARGIN, SMALL_SIZE, WIDTH, header, no_data, span_words, unit_name,
    unit_rows, year_axis,
};
use bantin_model::{ChartSpec, Site, YearStats};
use bantin_text::labels::ChartLabels;
use bantin_text::{format_decimal, format_int, format_money_compact};

/// Counts charts are a little taller than the others: two panels.
const HEIGHT: u32 = 420;
/// 13.5 units: 11.3 pt when a chart is printed across the report's text width (165 mm = 560 units).
const TICK_SIZE: f64 = 13.5;

/// The unit money is shown in on the axis: divisor and name.
fn money_unit(l: &ChartLabels, max: u64) -> (f64, &str) {
    match max {
        m if m >= 1_000_000_000 => (1e9, l.money_billion()),
        m if m >= 1_000_000 => (1e6, l.money_million()),
        m if m >= 1_000 => (1e3, l.money_thousand()),
        _ => (1.0, l.money_dong()),
    }
}

/// One panel: a title, values per year (None = missing), how a value is labelled, how a tick is labelled.
struct Panel<'a> {
    title: String,
    values: Vec<Option<f64>>,
    /// Full label above a bar, and the short one used when the full one does not fit.
    label: &'a dyn Fn(f64) -> (String, String),
    /// Whole numbers only on the axis (counts).
    integer: bool,
    fill: Fill,
}

pub(super) fn draw(spec: &ChartSpec, site: &Site, heading: &Heading) -> Drawn {
    let rows = unit_rows(spec, site);
    let years = year_axis(spec, &rows);
    let unit = spec.units.first().map(String::as_str).unwrap_or_default();
    let name = unit_name(site, unit);
    let row = |year: i32| -> Option<&YearStats> { rows.iter().find(|r| r.year == year).copied() };
    let cases: Vec<Option<u64>> = years
        .iter()
        .map(|&y| row(y).and_then(|r| r.cases.completed))
        .collect();
    let money: Vec<Option<u64>> = years
        .iter()
        .map(|&y| row(y).and_then(|r| r.money.completed))
        .collect();
    let words = &site.labels().chart;
    let d = &site.labels().chart_desc;
    let (divisor, money_name) =
        money_unit(words, money.iter().flatten().copied().max().unwrap_or(0));

    let case_label = |v: f64| {
        let n = format_int(v.round() as u64);
        (words.case_count(&n), n)
    };
    let money_label = |v: f64| {
        let dong = (v * divisor).round() as u64;
        (format_money_compact(dong), trim_decimal(v, 2))
    };
    let panels = [
        Panel {
            title: words.counts_cases().into(),
            values: cases.iter().map(|v| v.map(|v| v as f64)).collect(),
            label: &case_label,
            integer: true,
            fill: CASES,
        },
        Panel {
            title: words.counts_money(money_name),
            values: money
                .iter()
                .map(|v| v.map(|v| v as f64 / divisor))
                .collect(),
            label: &money_label,
            integer: false,
            fill: MONEY,
        },
    ];

    let mut desc = d.counts(name, span_words(d, &years));
    if years.is_empty() {
        desc.push(' ');
        desc.push_str(d.no_data());
    }
    for (i, year) in years.iter().enumerate() {
        let c = cases[i].map_or_else(
            || d.cases_count_no_data().to_string(),
            |n| words.case_count(format_int(n)),
        );
        let m = money[i].map_or_else(
            || d.money_amount_no_data().to_string(),
            format_money_compact,
        );
        desc.push(' ');
        desc.push_str(&d.year_figures(year, c, m));
        if row(*year).is_some_and(|r| !r.unconfirmed.is_empty()) {
            desc.push(' ');
            desc.push_str(&d.year_unconfirmed(year));
        }
    }
    // Newest year on top, the short label (the panel's title names the unit).
    let narrow_panels = || -> Vec<narrow::Panel> {
        panels
            .iter()
            .map(|p| narrow::Panel {
                title: Some(p.title.clone()),
                rows: years
                    .iter()
                    .zip(&p.values)
                    .rev()
                    .map(|(year, v)| narrow::Row {
                        name: year.to_string(),
                        rank: None,
                        lead: false,
                        bars: vec![narrow::Bar {
                            value: *v,
                            text: v.map(|v| (p.label)(v).1).unwrap_or_default(),
                            fill: p.fill,
                            target: None,
                        }],
                    })
                    .collect(),
                max: p.values.iter().flatten().fold(0.0, |a: f64, &b| a.max(b)),
                lines: Vec::new(),
            })
            .collect()
    };
    let narrow = |doc| {
        narrow::draw(
            doc,
            &Narrow {
                title: heading.shown,
                legend: &[],
                panels: narrow_panels(),
                notes: Vec::new(),
                no_data: words.no_data(),
            },
        )
    };
    let narrow_svg = narrow(heading.narrow_document(&desc));
    // One year is a bar per panel: the compact layout at full width.
    if years.len() == 1 {
        let svg = narrow(Document {
            width: WIDTH,
            ..heading.document(&desc, 0)
        });
        return Drawn {
            svg,
            narrow: narrow_svg,
            desc,
        };
    }
    let svg = Canvas::draw(heading.document(&desc, HEIGHT), |c| {
        let top = header(Some(c), heading.shown, &[]) + 6.0;
        let bottom = c.height - MARGIN - 22.0;
        let gap = 18.0;
        let panel_h = (bottom - top - gap) / 2.0;
        // Both panels share the left edge of their plots, so the years line up.
        let tick_w = panels
            .iter()
            .map(|p| {
                ticks(p)
                    .iter()
                    .map(|(_, l)| text_width(l, TICK_SIZE, false))
                    .fold(0.0, f64::max)
            })
            .fold(0.0, f64::max);
        let left = MARGIN + tick_w + 8.0;
        for (k, p) in panels.iter().enumerate() {
            let y0 = top + (panel_h + gap) * k as f64;
            panel(c, words, p, &years, left, y0, y0 + panel_h);
        }
        c.text(
            (left + c.width - MARGIN) / 2.0,
            c.height - MARGIN - 4.0,
            words.year_axis(),
            Font::new(TICK_SIZE).color(GREY_TEXT).anchor(Anchor::Middle),
        );
    });
    Drawn {
        svg,
        narrow: narrow_svg,
        desc,
    }
}

/// `v` with at most `decimals` decimals, trailing zeros dropped: `1.5` → `1,5`, `2.0` → `2`.
fn trim_decimal(v: f64, decimals: usize) -> String {
    let s = format_decimal(v, decimals);
    if s.contains(',') {
        s.trim_end_matches('0').trim_end_matches(',').to_string()
    } else {
        s
    }
}

/// A round step giving about four intervals up to `max`.
fn nice_step(max: f64, integer: bool) -> f64 {
    let raw = (max / 4.0).max(f64::MIN_POSITIVE);
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * 0.999)
        .unwrap_or(10.0 * magnitude);
    if integer { step.max(1.0).round() } else { step }
}

/// The axis ticks of a panel: value and label, from 0 to the first step at or above the largest value.
fn ticks(p: &Panel) -> Vec<(f64, String)> {
    let max = p.values.iter().flatten().fold(0.0_f64, |a, &b| a.max(b));
    if max <= 0.0 {
        return vec![(0.0, "0".into()), (1.0, "1".into())];
    }
    let step = nice_step(max, p.integer);
    let decimals = (0..=3)
        .find(|&d| {
            let scaled = step * 10f64.powi(d);
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(3) as usize;
    let count = (max / step - 1e-9).ceil().max(1.0) as usize;
    (0..=count)
        .map(|i| {
            let v = step * i as f64;
            let label = if i == 0 {
                "0".to_string()
            } else if p.integer {
                format_int(v.round() as u64)
            } else {
                format_decimal(v, decimals)
            };
            (v, label)
        })
        .collect()
}

fn panel(
    c: &mut Canvas,
    words: &ChartLabels,
    p: &Panel,
    years: &[i32],
    left: f64,
    y0: f64,
    y1: f64,
) {
    let right = c.width - MARGIN;
    c.text(left, y0 + 8.0, &p.title, Font::new(LABEL_SIZE).bold());

    let n = years.len().max(1) as f64;
    let slot = (right - left) / n;
    let bar_w = (slot * 0.55).clamp(6.0, 64.0);
    let labels: Vec<Option<(String, String)>> =
        p.values.iter().map(|v| v.map(|v| (p.label)(v))).collect();
    let fits = |full: bool| {
        labels.iter().flatten().all(|(long, short)| {
            text_width(if full { long } else { short }, SMALL_SIZE, false) + 6.0 <= slot
        })
    };
    // Full labels ("48,25 tỷ đồng") when they fit across, else the number alone, else reading upwards.
    let (full, vertical) = if fits(true) {
        (true, false)
    } else {
        (false, !fits(false))
    };
    let pick = |l: &(String, String)| if full { l.0.clone() } else { l.1.clone() };
    let label_room = if vertical {
        labels
            .iter()
            .flatten()
            .map(|l| text_width(&pick(l), SMALL_SIZE, false))
            .fold(0.0, f64::max)
            + 8.0
    } else {
        22.0
    };

    let top = y0 + 8.0 + 12.0 + label_room;
    let bottom = y1 - 20.0;
    let ticks = ticks(p);
    let y_max = ticks.last().map_or(1.0, |t| t.0);
    let y_of = |v: f64| bottom - (v.clamp(0.0, y_max) / y_max) * (bottom - top);
    let has_data = p.values.iter().any(Option::is_some);

    if has_data {
        let tick_font = Font::new(TICK_SIZE).color(GREY_TEXT).anchor(Anchor::End);
        for (v, label) in &ticks {
            let y = y_of(*v);
            if *v > 0.0 {
                c.line(left, y, right, y, Stroke::solid(GRID, 1));
            }
            c.text(left - 8.0, y, label, tick_font);
        }
    }

    let (year_font, year_step) = super::yearly::year_labels(slot);
    let year_font = Font {
        size: year_font.size.min(TICK_SIZE),
        ..year_font
    };
    for (i, year) in years.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        let bx = cx - bar_w / 2.0;
        match (p.values.get(i).copied().flatten(), &labels[i]) {
            (Some(v), Some(label)) => {
                let y = y_of(v).min(bottom - 2.0);
                c.rect(bx, y, bx + bar_w, bottom, p.fill);
                let font = Font::new(SMALL_SIZE);
                if vertical {
                    c.text(cx, y - 5.0, &pick(label), font.vertical());
                } else {
                    c.text(cx, y - 11.0, &pick(label), font.anchor(Anchor::Middle));
                }
            }
            _ if has_data => no_data(c, words, cx, bottom, slot - 4.0, top, None),
            _ => {}
        }
        if (years.len() - 1 - i).is_multiple_of(year_step) {
            c.text(cx, bottom + 11.0, &year.to_string(), year_font);
        }
    }
    if !has_data {
        c.text(
            (left + right) / 2.0,
            (top + bottom) / 2.0,
            words.no_data(),
            Font::new(LABEL_SIZE)
                .color(GREY_TEXT)
                .anchor(Anchor::Middle),
        );
    }
    c.line(left, bottom, right, bottom, Stroke::solid(AXIS, 1));
}
