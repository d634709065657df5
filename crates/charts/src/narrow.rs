//! `narrow`: the layout of every chart for a phone's width, and of a one-year chart at any width.
//! Horizontal bars in panels (one per measure, or one for all), one row per year (newest on top) or
//! per unit, the value written after each bar, so nothing is rotated and nothing needs a sideways
//! scroll at 360 CSS px: the chart is [`NARROW_WIDTH`] units wide and its smallest text
//! [`SMALL_SIZE`] units, 12.3 px when shown in the 328 px a 360 px phone leaves inside the page's
//! padding (at least 11 px is wanted).
//!
//! A target is a vertical mark drawn *behind* its bar and reaching past it above and below: a bar
//! beyond its target still shows its end, so a "vượt" of a fraction of a point stays visible.

use super::backend::{Document, Fill, Stroke};
use super::canvas::{AXIS, Anchor, Canvas, Font, GREY_TEXT, HIGHLIGHT, target_stroke};
use super::measure::wrap;
use super::{LABEL_SIZE, Legend, SMALL_SIZE, header_at};
use bantin_model::Target;
use plotters::style::{RGBColor, WHITE};

/// Width of the narrow layout in SVG user units: a phone's width, so one unit is about a CSS px.
pub const NARROW_WIDTH: u32 = 360;

/// Outer margin of the narrow layout (less than the wide charts': every unit counts on a phone).
const MARGIN: f64 = 12.0;
const BAR_H: f64 = 16.0;
const BAR_GAP: f64 = 3.0;
/// Room above and below the bars of a row.
const ROW_PAD: f64 = 6.0;
const LINE_H: f64 = 18.0;
/// How far a target mark reaches past its bar, above and below.
const TICK_OVER: f64 = 5.0;
/// The widest a name may be to stand beside its bars, as a share of the width; longer names go above.
const NAME_SHARE: f64 = 0.22;

/// One bar: its value (None: no figure), the text written after it, its fill and its target.
pub(super) struct Bar {
    pub value: Option<f64>,
    pub text: String,
    pub fill: Fill,
    pub target: Option<Target>,
}

/// One row: a year or a unit, with its bars.
pub(super) struct Row {
    pub name: String,
    pub rank: Option<usize>,
    /// The site's lead unit: bold, on a highlighted band.
    pub lead: bool,
    pub bars: Vec<Bar>,
}

/// A panel of rows sharing one scale from 0 to `max`.
pub(super) struct Panel {
    pub title: Option<String>,
    pub rows: Vec<Row>,
    pub max: f64,
    /// Targets drawn as one line across the panel, each with its label written above the rows.
    pub lines: Vec<(Target, String)>,
}

/// A whole narrow chart.
pub(super) struct Narrow<'a> {
    pub title: &'a str,
    pub legend: &'a [Legend],
    pub panels: Vec<Panel>,
    /// Lines of explanation under the panels (what the numbers before names are).
    pub notes: Vec<String>,
    /// Written in place of a missing bar.
    pub no_data: &'a str,
}

/// The SVG of `n` as the document `doc` (whose height is computed here).
pub(super) fn draw(doc: Document, n: &Narrow) -> String {
    let width = f64::from(doc.width);
    let height = layout(None, width, n).ceil() as u32;
    Canvas::draw(Document { height, ..doc }, |c| {
        layout(Some(c), width, n);
    })
}

/// Lay out (and with a canvas, draw) `n` at `width`; returns the height it takes.
fn layout(mut c: Option<&mut Canvas>, width: f64, n: &Narrow) -> f64 {
    // Titles may take a third line at a phone's width rather than being cut.
    let mut y = header_at(c.as_deref_mut(), width, MARGIN, n.title, n.legend, 3) + 8.0;
    let name_font = Font::new(LABEL_SIZE);
    let rank_w = n
        .panels
        .iter()
        .flat_map(|p| &p.rows)
        .filter_map(|r| r.rank)
        .map(|r| name_font.bold().width(&format!("{r}.")))
        .fold(0.0, f64::max);
    let rank_room = if rank_w > 0.0 { rank_w + 5.0 } else { 0.0 };
    let name_w = n
        .panels
        .iter()
        .flat_map(|p| &p.rows)
        .map(|r| name_font.bold().width(&r.name))
        .fold(0.0, f64::max);
    let beside = rank_room + name_w <= width * NAME_SHARE;
    let value_font = Font::new(SMALL_SIZE);
    let value_w = n
        .panels
        .iter()
        .flat_map(|p| &p.rows)
        .flat_map(|r| &r.bars)
        .map(|b| value_font.width(&b.text))
        .fold(0.0, f64::max)
        + 10.0;
    let left = if beside {
        MARGIN + rank_room + name_w + 8.0
    } else {
        MARGIN + rank_room
    };
    let right = width - MARGIN - value_w;

    for p in &n.panels {
        if let Some(t) = &p.title {
            if let Some(c) = c.as_deref_mut() {
                c.text(MARGIN, y + 8.0, t, Font::new(LABEL_SIZE).bold());
            }
            y += LINE_H + 4.0;
        }
        let x_of =
            |v: f64| left + (v.clamp(0.0, p.max) / p.max.max(f64::MIN_POSITIVE)) * (right - left);
        // Shared target lines: their labels first, one line each.
        let mut label_ys = Vec::new();
        for (_, label) in &p.lines {
            let lines = wrap(label, SMALL_SIZE, false, width - 2.0 * MARGIN, 2);
            for line in &lines {
                if let Some(c) = c.as_deref_mut() {
                    c.text(MARGIN, y + 8.0, line, value_font);
                }
                y += LINE_H;
            }
            label_ys.push(y);
        }
        let rows_top = y;
        let rows_h: f64 = p.rows.iter().map(|r| row_height(r, beside, width)).sum();
        let rows_bottom = rows_top + rows_h;
        let Some(c) = c.as_deref_mut() else {
            y = rows_bottom + 10.0;
            continue;
        };
        // Lead band under everything.
        let mut ry = rows_top;
        for r in &p.rows {
            let h = row_height(r, beside, width);
            if r.lead {
                c.rect(2.0, ry + 1.0, width - 2.0, ry + h - 1.0, HIGHLIGHT);
            }
            ry += h;
        }
        for ((target, _), ly) in p.lines.iter().zip(&label_ys) {
            let tx = x_of(target.value);
            c.line(
                tx,
                ly - 2.0,
                tx,
                rows_bottom,
                target_stroke(target.derived, 2),
            );
        }
        let mut ry = rows_top;
        for r in &p.rows {
            let h = row_height(r, beside, width);
            let font = if r.lead { name_font.bold() } else { name_font };
            let bars_h = bars_height(r);
            let mut by = ry + ROW_PAD;
            let name_lines = name_lines(r, beside, width);
            let name_y = if beside {
                ry + h / 2.0
            } else {
                by + LINE_H / 2.0
            };
            if let Some(rank) = r.rank {
                c.text(
                    MARGIN + rank_w,
                    name_y,
                    &format!("{rank}."),
                    font.anchor(Anchor::End),
                );
            }
            for (k, line) in name_lines.iter().enumerate() {
                c.text(MARGIN + rank_room, name_y + LINE_H * k as f64, line, font);
            }
            if !beside {
                by += LINE_H * name_lines.len() as f64;
            } else {
                by = ry + (h - bars_h) / 2.0;
            }
            let background = if r.lead { HIGHLIGHT } else { WHITE };
            // The targets first, of all the row's bars: the bars cover them, so a bar's end
            // always shows.
            let ticks: Vec<Option<f64>> = r
                .bars
                .iter()
                .enumerate()
                .map(|(k, b)| {
                    b.target.map(|t| {
                        let y = by + (BAR_H + BAR_GAP) * k as f64;
                        let tx = x_of(t.value);
                        let (y0, y1) = (y - TICK_OVER, y + BAR_H + TICK_OVER);
                        c.line(tx, y0, tx, y1, Stroke::solid(WHITE, 6));
                        c.line(tx, y0, tx, y1, target_stroke(t.derived, 3));
                        tx
                    })
                })
                .collect();
            for (b, tx) in r.bars.iter().zip(ticks) {
                let mid = by + BAR_H / 2.0;
                match b.value {
                    Some(v) => {
                        // A zero still shows as a sliver, so it does not read as missing.
                        let x1 = x_of(v).max(left + 2.0);
                        c.rect(left, by, x1, by + BAR_H, b.fill);
                        // After the bar, and after a target mark beyond it.
                        let x = match tx {
                            Some(tx) if tx > x1 - 1.0 => tx + 6.0,
                            _ => x1 + 5.0,
                        };
                        backed(
                            c,
                            x,
                            mid,
                            &b.text,
                            value_font,
                            background,
                            !p.lines.is_empty(),
                        );
                    }
                    None => {
                        let x = match tx {
                            Some(tx) if tx < left + 4.0 + value_font.width(n.no_data) => {
                                (tx + 6.0).max(left + 4.0)
                            }
                            _ => left + 4.0,
                        };
                        backed(
                            c,
                            x,
                            mid,
                            n.no_data,
                            value_font.color(GREY_TEXT),
                            background,
                            !p.lines.is_empty(),
                        );
                    }
                }
                by += BAR_H + BAR_GAP;
            }
            ry += h;
        }
        c.line(left, rows_top, left, rows_bottom, Stroke::solid(AXIS, 1));
        y = rows_bottom + 10.0;
    }
    for note in &n.notes {
        for line in wrap(note, SMALL_SIZE, false, width - 2.0 * MARGIN, 3) {
            if let Some(c) = c.as_deref_mut() {
                c.text(MARGIN, y + 8.0, &line, value_font.color(GREY_TEXT));
            }
            y += LINE_H;
        }
    }
    y + MARGIN - 10.0 + 4.0
}

/// A value written on the row's background, so a shared target line does not cross it.
fn backed(c: &mut Canvas, x: f64, y: f64, text: &str, font: Font, bg: RGBColor, patch: bool) {
    if patch {
        let w = font.width(text);
        c.rect(x - 3.0, y - 8.0, x + w + 3.0, y + 8.0, bg);
    }
    c.text(x, y, text, font);
}

fn bars_height(r: &Row) -> f64 {
    let n = r.bars.len().max(1) as f64;
    n * BAR_H + (n - 1.0) * BAR_GAP
}

/// A name beside its bars is one line; above them, up to two.
fn name_lines(r: &Row, beside: bool, width: f64) -> Vec<String> {
    if beside {
        vec![r.name.clone()]
    } else {
        wrap(&r.name, LABEL_SIZE, r.lead, width - 2.0 * MARGIN - 30.0, 2)
    }
}

fn row_height(r: &Row, beside: bool, width: f64) -> f64 {
    let bars = bars_height(r) + 2.0 * ROW_PAD;
    if beside {
        bars.max(LINE_H + 2.0 * ROW_PAD)
    } else {
        bars + LINE_H * name_lines(r, beside, width).len() as f64
    }
}
