//! `yearly`: one unit, grouped bars per statistical year (cases rate, money rate), each year's target
//! drawn across its bar, values labelled.

use super::backend::Document;
use super::backend::{Fill, Stroke};
use super::canvas::{
    AXIS, Anchor, CASES, Canvas, Font, GREY_TEXT, GRID, Label, MONEY, any_overlap,
};
use super::measure::text_width;
use super::narrow::{self, Narrow};
use super::{
    Drawn, HEIGHT, Heading, LABEL_SIZE, Legend, MARGIN, WIDTH, header, measure_legend,
    measure_words, no_data, span_words, target_legend, unit_name, unit_rows, year_axis,
};
use bantin_model::{ChartSpec, Measure, Site, YearStats};
use bantin_text::format_percent;
use bantin_text::labels::ChartLabels;

/// Gap between the two bars of a year.
const INNER_GAP: f64 = 4.0;
/// How far a target mark reaches past its bar on each side.
const OVERHANG: f64 = 6.0;
/// How far a bar's top must be past its target for the mark to be drawn across the bar too: the
/// mark's halo reaches 3 units, and 3 more of the bar stay visible beyond it.
pub(super) const CLEAR: f64 = 6.0;
/// 13.5 units: 11.3 pt when a chart is printed across the report's text width (165 mm = 560 units).
const TICK_SIZE: f64 = 13.5;
/// Target values beside their marks, and the smallest size for values on the bars.
const TARGET_SIZE: f64 = 13.5;

pub(super) fn draw(spec: &ChartSpec, site: &Site, heading: &Heading) -> Drawn {
    let rows = unit_rows(spec, site);
    let years = year_axis(spec, &rows);
    let unit = spec.units.first().map(String::as_str).unwrap_or_default();
    let name = unit_name(site, unit);
    let row = |year: i32| rows.iter().find(|r| r.year == year).copied();
    let shown: Vec<(i32, Option<&YearStats>)> = years.iter().map(|&y| (y, row(y))).collect();
    let words = &site.labels().chart;
    let d = &site.labels().chart_desc;

    let mut legend = measure_legend(words);
    legend.extend(target_legend(
        words,
        shown
            .iter()
            .filter_map(|(_, r)| *r)
            .flat_map(|r| [r.cases.target, r.money.target])
            .flatten(),
        false,
    ));

    let against = if legend.len() > 2 {
        d.against_targets()
    } else {
        ""
    };
    let mut desc = d.yearly(name, span_words(d, &years), against);
    if shown.is_empty() {
        desc.push(' ');
        desc.push_str(d.no_data());
    }
    for (year, r) in &shown {
        desc.push(' ');
        desc.push_str(&match r {
            Some(r) => d.year_figures(
                year,
                measure_words(d, d.cases(), Some(&r.cases)),
                measure_words(d, d.money(), Some(&r.money)),
            ),
            None => d.year_no_data(year),
        });
        if r.is_some_and(|r| !r.unconfirmed.is_empty()) {
            desc.push(' ');
            desc.push_str(&d.year_unconfirmed(year));
        }
    }
    let narrow = |doc, legend: &[Legend]| {
        narrow::draw(
            doc,
            &Narrow {
                title: heading.shown,
                legend,
                panels: narrow_panels(words, &shown),
                notes: Vec::new(),
                no_data: words.no_data(),
            },
        )
    };
    let mut narrow_legend = if shown.len() == 1 {
        measure_legend(words)
    } else {
        Vec::new()
    };
    narrow_legend.extend(target_legend(
        words,
        shown
            .iter()
            .filter_map(|(_, r)| *r)
            .flat_map(|r| [r.cases.target, r.money.target])
            .flatten(),
        true,
    ));
    // One year is two bars: the compact layout at full width, not a tall chart with one pair.
    let svg = if shown.len() == 1 {
        narrow(
            Document {
                width: WIDTH,
                ..heading.document(&desc, 0)
            },
            &narrow_legend,
        )
    } else {
        Canvas::draw(heading.document(&desc, HEIGHT), |c| {
            let top = header(Some(c), heading.shown, &legend);
            plot(c, words, top, &shown);
        })
    };
    let narrow = narrow(heading.narrow_document(&desc), &narrow_legend);
    Drawn { svg, narrow, desc }
}

/// The narrow layout's panels: one year is one row of both bars; more years are a panel per
/// measure, newest year on top.
fn narrow_panels(words: &ChartLabels, shown: &[(i32, Option<&YearStats>)]) -> Vec<narrow::Panel> {
    let max = scale_max(shown);
    let bar = |m: Option<&Measure>, fill| narrow::Bar {
        value: m.and_then(rate),
        text: m.and_then(rate).map(format_percent).unwrap_or_default(),
        fill,
        target: m.and_then(|m| m.target),
    };
    if let [(year, r)] = shown {
        return vec![narrow::Panel {
            title: None,
            rows: vec![narrow::Row {
                name: year.to_string(),
                rank: None,
                lead: false,
                bars: vec![
                    bar(r.map(|r| &r.cases), CASES),
                    bar(r.map(|r| &r.money), MONEY),
                ],
            }],
            max,
            lines: Vec::new(),
        }];
    }
    let panel = |title: &str, of: fn(&YearStats) -> &Measure, fill| narrow::Panel {
        title: Some(title.to_string()),
        rows: shown
            .iter()
            .rev()
            .map(|(year, r)| narrow::Row {
                name: year.to_string(),
                rank: None,
                lead: false,
                bars: vec![bar(r.map(of), fill)],
            })
            .collect(),
        max,
        lines: Vec::new(),
    };
    vec![
        panel(words.cases(), |r| &r.cases, CASES),
        panel(words.money(), |r| &r.money, MONEY),
    ]
}

/// The top of the rate scale: 100% or the largest rate or target above it, rounded up to 20.
fn scale_max(shown: &[(i32, Option<&YearStats>)]) -> f64 {
    let top = shown
        .iter()
        .filter_map(|(_, r)| *r)
        .flat_map(|r| {
            [
                rate(&r.cases),
                rate(&r.money),
                r.cases.target.map(|t| t.value),
                r.money.target.map(|t| t.value),
            ]
        })
        .flatten()
        .fold(100.0_f64, f64::max);
    (top / 20.0).ceil() * 20.0
}

/// How value labels sit above the bars: across at a size; across with the money value a line
/// above the cases value (many years: two values side by side would not fit a year's width); or
/// reading upwards, the last resort past about ten years.
#[derive(Clone, Copy, PartialEq)]
enum LabelMode {
    Across(f64),
    Staggered(f64),
    Vertical,
}

/// Where the bars go.
struct Layout {
    /// x where the first year's slot starts (after any room kept for a target label).
    start: f64,
    slot: f64,
    bar_w: f64,
    /// Free room on each side of a year's pair of bars.
    side: f64,
    /// How far target marks reach past their bar: [`OVERHANG`], less when years are packed tight.
    overhang: f64,
    mode: LabelMode,
    /// Target values written beside their marks.
    target_labels: bool,
    top: f64,
    bottom: f64,
    y_max: f64,
}

impl Layout {
    fn y_of(&self, v: f64) -> f64 {
        self.bottom - (v.clamp(0.0, self.y_max) / self.y_max) * (self.bottom - self.top)
    }
    /// x of the left edge of year `i`'s cases bar (the money bar follows after [`INNER_GAP`]).
    fn bar_x(&self, i: usize) -> f64 {
        self.start + self.slot * i as f64 + self.side
    }
}

fn rate(m: &Measure) -> Option<f64> {
    m.rate.value()
}

/// The bars of year `i`: left edge, measure, fill, and whether it is the cases bar.
fn bars<'a>(
    l: &Layout,
    i: usize,
    r: Option<&'a YearStats>,
) -> [(f64, Option<&'a Measure>, Fill, bool); 2] {
    let x0 = l.bar_x(i);
    [
        (x0, r.map(|r| &r.cases), CASES, true),
        (x0 + l.bar_w + INNER_GAP, r.map(|r| &r.money), MONEY, false),
    ]
}

/// Rates written as percentages ([`format_percent`]), each value formatted once per chart.
#[derive(Default)]
struct Percents(std::cell::RefCell<std::collections::HashMap<u64, String>>);

impl Percents {
    fn of(&self, v: f64) -> String {
        self.0
            .borrow_mut()
            .entry(v.to_bits())
            .or_insert_with(|| format_percent(v))
            .clone()
    }
}

/// The value labels above the bars and, when the layout has them, the target values beside their marks.
fn labels(l: &Layout, shown: &[(i32, Option<&YearStats>)], percent: &Percents) -> Vec<Label> {
    let mut out = Vec::new();
    for (i, (_, r)) in shown.iter().enumerate() {
        // The centre of this year's cases value, which a staggered money value stays above.
        let mut cases_y = f64::MAX;
        for (bx, m, _, cases) in bars(l, i, *r) {
            let target = m.and_then(|m| m.target);
            if let (true, Some(t)) = (l.target_labels, target) {
                let ty = l.y_of(t.value);
                let font = Font::new(TARGET_SIZE).color(GREY_TEXT);
                out.push(if cases {
                    Label {
                        x: bx - l.overhang - 3.0,
                        y: ty,
                        text: percent.of(t.value),
                        font: font.anchor(Anchor::End),
                    }
                } else {
                    Label {
                        x: bx + l.bar_w + l.overhang + 3.0,
                        y: ty,
                        text: percent.of(t.value),
                        font,
                    }
                });
            }
            if let Some(v) = m.and_then(rate) {
                // Above the bar and above its target mark.
                let above = l
                    .y_of(v)
                    .min(target.map_or(f64::MAX, |t| l.y_of(t.value) - 4.0));
                let x = bx + l.bar_w / 2.0;
                let text = percent.of(v);
                out.push(match l.mode {
                    LabelMode::Across(size) => Label {
                        x,
                        y: above - 5.0 - size / 2.0,
                        text,
                        font: Font::new(size).anchor(Anchor::Middle),
                    },
                    LabelMode::Staggered(size) => {
                        let mut y = above - 5.0 - size / 2.0;
                        if cases {
                            cases_y = y;
                        } else {
                            y = y.min(cases_y - size - 3.0);
                        }
                        Label {
                            x,
                            y,
                            text,
                            font: Font::new(size).anchor(Anchor::Middle),
                        }
                    }
                    LabelMode::Vertical => Label {
                        x,
                        y: above - 5.0,
                        text,
                        font: Font::new(TARGET_SIZE).vertical(),
                    },
                });
            }
        }
    }
    out
}

/// The font of the year labels under slots `slot` wide, and which of them to write (every n-th) so
/// they never run together.
pub(super) fn year_labels(slot: f64) -> (Font, usize) {
    let width = |size| text_width("2000", size, false) + 6.0;
    let font = Font::new(LABEL_SIZE).anchor(Anchor::Middle);
    if width(LABEL_SIZE) <= slot {
        (font, 1)
    } else {
        let size = TARGET_SIZE;
        (
            Font { size, ..font },
            (width(size) / slot).ceil().max(1.0) as usize,
        )
    }
}

/// The boxes of the bars and target marks, which labels must not cover.
fn marks(l: &Layout, shown: &[(i32, Option<&YearStats>)]) -> Vec<(f64, f64, f64, f64)> {
    let mut out = Vec::new();
    for (i, (_, r)) in shown.iter().enumerate() {
        for (bx, m, _, _) in bars(l, i, *r) {
            if let Some(v) = m.and_then(rate) {
                out.push((bx, l.y_of(v).min(l.bottom - 2.0), bx + l.bar_w, l.bottom));
            }
            if let Some(t) = m.and_then(|m| m.target) {
                let ty = l.y_of(t.value);
                out.push((
                    bx - l.overhang,
                    ty - 3.0,
                    bx + l.bar_w + l.overhang,
                    ty + 3.0,
                ));
            }
        }
    }
    out
}

fn plot(
    c: &mut Canvas,
    words: &ChartLabels,
    header_bottom: f64,
    shown: &[(i32, Option<&YearStats>)],
) {
    let rows = || shown.iter().filter_map(|(_, r)| *r);
    let values: Vec<f64> = rows()
        .flat_map(|r| [rate(&r.cases), rate(&r.money)])
        .flatten()
        .collect();
    let targets: Vec<f64> = rows()
        .flat_map(|r| [r.cases.target, r.money.target])
        .flatten()
        .map(|t| t.value)
        .collect();
    let top_value = values
        .iter()
        .chain(&targets)
        .fold(100.0_f64, |a, &b| a.max(b));
    let y_max = (top_value / 20.0).ceil() * 20.0;

    // Each layout tried writes the same values: they are formatted once.
    let percent = Percents::default();
    let tick_w = text_width(&format!("{}%", y_max as i64), TICK_SIZE, false);
    let left = MARGIN + 18.0 + 8.0 + tick_w + 8.0;
    let right = c.width - MARGIN;
    let bottom = c.height - MARGIN - 48.0;
    let n = shown.len().max(1) as f64;
    let widest_value = values
        .iter()
        .map(|&v| text_width(&percent.of(v), TARGET_SIZE, false))
        .fold(0.0, f64::max);
    let layout = |pad_left: f64, pad_right: f64, ratio: f64, mode: LabelMode, target_labels| {
        let start = left + pad_left;
        let slot = (right - pad_right - start) / n;
        let bar_w = ((slot * ratio - INNER_GAP) / 2.0).clamp(6.0, 56.0);
        let side = (slot - 2.0 * bar_w - INNER_GAP) / 2.0;
        let top = header_bottom
            + match mode {
                LabelMode::Across(_) => 26.0,
                LabelMode::Staggered(size) => 26.0 + size + 3.0,
                LabelMode::Vertical => 10.0 + widest_value,
            };
        Layout {
            start,
            slot,
            bar_w,
            side,
            // Labels reading upwards are a little wider than packed bars: keep the marks short.
            // The marks are behind the bars: their ends beside a bar are all that shows of them
            // there, so they keep at least 3 units.
            overhang: if mode == LabelMode::Vertical {
                3.0
            } else {
                (side - 1.0).clamp(3.0, OVERHANG)
            },
            mode,
            target_labels,
            top,
            bottom,
            y_max,
        }
    };
    // Target labels need room beside the outer bars: the first and last years get it from padding.
    let target_w = targets
        .iter()
        .map(|&t| text_width(&percent.of(t), TARGET_SIZE, false) + OVERHANG + 5.0)
        .fold(0.0, f64::max);
    let with_targets = |ratio: f64, mode: LabelMode| {
        let mut l = layout(0.0, 0.0, ratio, mode, true);
        for _ in 0..8 {
            let missing = (target_w + 1.0 - l.side).max(0.0);
            l = layout(
                missing,
                (missing - MARGIN + 7.0).max(0.0),
                ratio,
                mode,
                true,
            );
        }
        l
    };
    // A layout is good when no two labels overlap and all stay inside the chart.
    let good = |l: &Layout| {
        let placed = labels(l, shown, &percent);
        let marks = marks(l, shown);
        !any_overlap(&placed, 1.5)
            && placed.iter().all(|p| {
                let b = p.bbox();
                marks
                    .iter()
                    .all(|m| !(b.0 < m.2 && m.0 < b.2 && b.1 < m.3 && m.1 < b.3))
            })
            && placed.iter().all(|p| {
                let b = p.bbox();
                b.0 >= left - 4.0 && b.2 <= c.width - 4.0 && b.1 >= header_bottom
            })
    };
    let (big, medium, small) = (
        LabelMode::Across(LABEL_SIZE),
        LabelMode::Across(13.5),
        LabelMode::Across(TARGET_SIZE),
    );
    // In order of preference: target values shown, value labels large, bars wide and apart.
    let labelled = [
        (0.6, big),
        (0.52, big),
        (0.45, big),
        (0.52, medium),
        (0.45, medium),
        (0.52, small),
        (0.45, small),
    ]
    .into_iter()
    .filter(|_| !targets.is_empty())
    .map(|(ratio, mode)| with_targets(ratio, mode));
    let unlabelled = [
        (0.6, big),
        (0.6, medium),
        (0.7, medium),
        (0.8, medium),
        (0.7, small),
        (0.8, small),
        (0.88, small),
    ]
    .into_iter()
    .map(|(ratio, mode)| layout(0.0, 0.0, ratio, mode, false));
    let staggered = [
        (0.6, LabelMode::Staggered(LABEL_SIZE)),
        (0.6, LabelMode::Staggered(TARGET_SIZE)),
        (0.75, LabelMode::Staggered(TARGET_SIZE)),
    ];
    let staggered_labelled = staggered
        .into_iter()
        .filter(|_| !targets.is_empty())
        .map(|(ratio, mode)| with_targets(ratio, mode));
    let staggered = staggered
        .into_iter()
        .map(|(ratio, mode)| layout(0.0, 0.0, ratio, mode, false));
    let vertical = [0.6, 0.75, 0.88]
        .into_iter()
        .map(|ratio| layout(0.0, 0.0, ratio, LabelMode::Vertical, false));
    let l = labelled
        .chain(unlabelled)
        .chain(staggered_labelled)
        .chain(staggered)
        .chain(vertical)
        .find(|l| good(l))
        .unwrap_or_else(|| layout(0.0, 0.0, 0.88, LabelMode::Vertical, false));

    // Grid and y axis.
    let tick_font = Font::new(TICK_SIZE).color(GREY_TEXT).anchor(Anchor::End);
    let mut v = 0.0;
    while v <= y_max + 1e-9 {
        let y = l.y_of(v);
        if v > 0.0 {
            c.line(left, y, right, y, Stroke::solid(GRID, 1));
        }
        c.text(left - 8.0, y, &format!("{}%", v as i64), tick_font);
        v += 20.0;
    }
    c.text(
        MARGIN + 9.0,
        (l.top + bottom) / 2.0,
        words.rate_axis(),
        Font::new(TICK_SIZE)
            .color(GREY_TEXT)
            .anchor(Anchor::Middle)
            .vertical(),
    );

    // Target marks first: the bars cover them, so a bar just past its target still shows its top
    // (the mark's ends beside the bar give the level).
    for (i, (_, r)) in shown.iter().enumerate() {
        for (bx, m, _, _) in bars(&l, i, *r) {
            if let Some(t) = m.and_then(|m| m.target) {
                let ty = l.y_of(t.value);
                c.target_line(
                    bx - l.overhang,
                    ty,
                    bx + l.bar_w + l.overhang,
                    ty,
                    t.derived,
                );
            }
        }
    }
    let (year_font, year_step) = year_labels(l.slot);
    for (i, (year, r)) in shown.iter().enumerate() {
        for (bx, m, fill, _) in bars(&l, i, *r) {
            let target = m.and_then(|m| m.target);
            match m.and_then(rate) {
                Some(v) => {
                    // A zero still shows as a thin bar, so it does not read as missing.
                    let y = l.y_of(v).min(bottom - 2.0);
                    c.rect(bx, y, bx + l.bar_w, bottom, fill);
                }
                None => no_data(
                    c,
                    words,
                    bx + l.bar_w / 2.0,
                    bottom,
                    l.bar_w + INNER_GAP,
                    l.top,
                    target.map(|t| l.y_of(t.value)),
                ),
            }
        }
        if (shown.len() - 1 - i).is_multiple_of(year_step) {
            c.text(
                l.start + l.slot * (i as f64 + 0.5),
                bottom + 16.0,
                &year.to_string(),
                year_font,
            );
        }
    }
    // Across a bar well past its target the mark is drawn again on top, as readers expect it; near
    // the bar's top it is not, so the top stays visible.
    for (i, (_, r)) in shown.iter().enumerate() {
        for (bx, m, _, _) in bars(&l, i, *r) {
            if let (Some(v), Some(t)) = (m.and_then(rate), m.and_then(|m| m.target)) {
                let ty = l.y_of(t.value);
                if l.y_of(v) < ty - CLEAR {
                    c.target_line(bx, ty, bx + l.bar_w, ty, t.derived);
                }
            }
        }
    }
    for label in labels(&l, shown, &percent) {
        c.label(&label);
    }
    c.line(left, bottom, right, bottom, Stroke::solid(AXIS, 1));
    c.text(
        (left + right) / 2.0,
        bottom + 38.0,
        words.year_axis(),
        Font::new(TICK_SIZE).color(GREY_TEXT).anchor(Anchor::Middle),
    );
}
