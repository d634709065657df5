//! Charts (SPEC §6): `(ChartSpec, &Site) → SVG`, drawn through plotters onto our own `DrawingBackend`
//! ([`backend`]), which writes the published SVG. Charts read the model and format with `text`; nothing
//! else (render calls [`render_chart`] and [`chart_rows`]).
//!
//! Three kinds: [`ChartKind::Yearly`] (one unit's cases and money rates per year against their targets),
//! [`ChartKind::Compare`] (units in one year, ranked by cases rate, the site's lead unit highlighted) and
//! [`ChartKind::Counts`] (one unit's completed cases and money recovered per year, one panel each).
//!
//! Each is drawn twice: the wide layout ([`WIDTH`] units) and the narrow one for a phone ([`NARROW_WIDTH`]
//! units, horizontal bars in panels, newest year on top: `narrow`), which pages show below 36rem. A chart
//! of one year is the narrow layout at full width in both: two bars, not a tall chart with one pair.
//!
//! Every chart is accessible and deterministic: a `viewBox` and `width="100%"` so it scales to any width,
//! `role="img"` with `aria-labelledby` pointing to `<title>` and `<desc>` (the desc gives every number in
//! words), a `font-family` list so the reader's own fonts draw the text (the embedded Noto Sans is used only
//! to measure text for the layout), colours that pass WCAG AA and a hatch pattern for money so cases and
//! money stay apart in greyscale print. Same input → byte-identical SVG: no clock, no random ids.
//!
//! [`svg_to_png`] draws a chart for documents that cannot hold SVG (the Word briefing).

mod backend;
mod canvas;
pub mod card;
mod compare;
mod counts;
mod measure;
mod narrow;
pub mod png;
mod rows;
mod yearly;

#[cfg(test)]
mod tests;

use bantin_model::{ChartKind, ChartSpec, Measure, Site, Target};
use bantin_text::labels::{ChartDesc, ChartLabels};
use bantin_text::{format_percent, format_points, slugify};

use backend::{Document, Fill};
use canvas::{Anchor, CASES, Canvas, Font, MONEY, NAVY};
use measure::wrap;
pub use narrow::NARROW_WIDTH;
pub use png::{PRINT_WIDTH_PX, png_size, svg_to_png};
pub use rows::{chart_rows, ranking_cmp};
use rows::{unit_rows, year_axis};

/// A rendered chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chart {
    /// The standalone SVG document (also fit to inline in a page: it has no XML declaration).
    pub svg: String,
    /// The chart's title (the spec's `title`, else [`default_title`]), as in `<title>`.
    pub title: String,
    /// The numbers in words, as in `<desc>`.
    pub desc: String,
    /// Deterministic, slug-safe file name, e.g. `yearly-dai-tu-2021-2023.svg`.
    pub file_name: String,
    /// The same chart laid out for a phone ([`NARROW_WIDTH`] wide, horizontal bars; see `narrow`).
    pub narrow_svg: String,
}

impl Chart {
    /// The file name of [`Chart::narrow_svg`]: `yearly-dai-tu-2021-2023-hep.svg`.
    pub fn narrow_file_name(&self) -> String {
        format!("{}-hep.svg", self.file_name.trim_end_matches(".svg"))
    }
}

/// Width of every chart in SVG user units (the `viewBox`; the SVG itself is `width="100%"`). A yearly
/// chart is [`HEIGHT`] high, a counts chart 420 (two panels), a comparison grows with its units
/// (46 per unit).
pub const WIDTH: u32 = 560;
pub const HEIGHT: u32 = 360;

/// Outer margin.
const MARGIN: f64 = 16.0;
pub(crate) const TITLE_SIZE: f64 = 18.0;
const LABEL_SIZE: f64 = 14.0;
/// The smallest text of any chart: 13.5 units is 11.3 pt when a chart is printed across the
/// report's text width (A4 less the decree's margins, 165 mm for 560 units; issue 19 wants no
/// printed text under 11 pt). 13 units was 10.9 pt, and the target labels' 12 units 10 pt.
const SMALL_SIZE: f64 = 13.5;

/// Render `spec` against `site`. Registers the embedded font with plotters on first use (ab_glyph needs
/// it before any text is measured). Never panics on missing figures: years or units without them are
/// drawn as gaps labelled so (`chart.no_data` of the labels file).
pub fn render_chart(spec: &ChartSpec, site: &Site) -> Chart {
    measure::init_font();
    let title = spec
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| default_title(site, spec));
    let file_name = file_name(spec, site, &title);
    let id = format!("chart-{}", file_name.trim_end_matches(".svg"));
    let narrow_id = format!("{id}-hep");
    let shown = keep_names(site, spec, &title);
    let heading = Heading {
        id: &id,
        narrow_id: &narrow_id,
        kind: kind_name(spec.kind),
        title: &title,
        shown: &shown,
    };
    let drawn = match spec.kind {
        ChartKind::Yearly => yearly::draw(spec, site, &heading),
        ChartKind::Compare => compare::draw(spec, site, &heading),
        ChartKind::Counts => counts::draw(spec, site, &heading),
    };
    Chart {
        svg: drawn.svg,
        title,
        desc: drawn.desc,
        file_name,
        narrow_svg: drawn.narrow,
    }
}

/// `title` with the spaces inside the place names of the units it speaks of (and their parents)
/// made no-break, so a title wraps between words of the sentence, never inside "Quảng Nam". A
/// place name is the run of capitalised words that ends a unit's name ("Cục THADS tỉnh Quảng Nam":
/// "Quảng Nam"; the administrative words before it, "tỉnh", "huyện", "thành phố", are lowercase),
/// so a long full name can still break before it.
fn keep_names(site: &Site, spec: &ChartSpec, title: &str) -> String {
    let mut places: Vec<String> = spec
        .units
        .iter()
        .flat_map(|u| {
            let unit = site.unit(u);
            let parent = unit
                .and_then(|u| u.parent.as_deref())
                .and_then(|p| site.unit(p));
            [unit, parent]
        })
        .flatten()
        .flat_map(|u| [place_name(&u.short_name), place_name(&u.name)])
        .flatten()
        .collect();
    // Longest first, so a longer place is kept whole before a part of it is looked for.
    places.sort_by_key(|n| std::cmp::Reverse(n.len()));
    places.dedup();
    let mut out = title.to_string();
    for place in places {
        if out.contains(&place) {
            out = out.replace(&place, &place.replace(' ', "\u{a0}"));
        }
    }
    out
}

/// The run of capitalised words ending `name`, when it has more than one word.
fn place_name(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
    let run = words
        .iter()
        .rev()
        .take_while(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    (run >= 2).then(|| words[words.len() - run..].join(" "))
}

/// The title of a chart whose spec has none.
pub fn default_title(site: &Site, spec: &ChartSpec) -> String {
    let name = spec
        .units
        .first()
        .map(|u| unit_name(site, u))
        .unwrap_or_default();
    let l = &site.labels().chart;
    match spec.kind {
        ChartKind::Yearly => l.yearly_title(name),
        ChartKind::Counts => l.counts_title(name),
        ChartKind::Compare => l.compare_title(spec.year.unwrap_or_default()),
    }
}

/// What a chart is called in its SVG, known before a kind draws it.
struct Heading<'a> {
    /// Unique id prefix (from the file name).
    id: &'a str,
    /// The id prefix of the narrow layout (inlined on the same page as the wide one).
    narrow_id: &'a str,
    kind: &'static str,
    title: &'a str,
    /// The title as drawn: [`keep_names`] made the spaces inside place names no-break.
    shown: &'a str,
}

impl<'a> Heading<'a> {
    /// The SVG document of a chart [`WIDTH`] × `height` described by `desc`.
    fn document(&self, desc: &'a str, height: u32) -> Document<'a> {
        Document {
            id: self.id,
            kind: self.kind,
            title: self.title,
            desc,
            width: WIDTH,
            height,
        }
    }
    /// The SVG document of the narrow layout ([`narrow::NARROW_WIDTH`] wide; its height is its own).
    fn narrow_document(&self, desc: &'a str) -> Document<'a> {
        Document {
            id: self.narrow_id,
            width: narrow::NARROW_WIDTH,
            height: 0,
            ..self.document(desc, 0)
        }
    }
}

/// What a kind's drawing hands back.
struct Drawn {
    svg: String,
    /// The narrow layout.
    narrow: String,
    desc: String,
}

fn kind_name(kind: ChartKind) -> &'static str {
    match kind {
        ChartKind::Yearly => "yearly",
        ChartKind::Compare => "compare",
        ChartKind::Counts => "counts",
    }
}

/// `yearly-dai-tu-2021-2023.svg`, `counts-dai-tu-2023.svg`, `compare-cuc-thai-nguyen-2023.svg`. A spec
/// with its own title, or a comparison of a hand-picked set of units, gets a short hash of those so two
/// different charts never share a name.
fn file_name(spec: &ChartSpec, site: &Site, title: &str) -> String {
    let mut hashed = String::new();
    let base = match spec.kind {
        ChartKind::Yearly | ChartKind::Counts => {
            let unit = spec.units.first().map(|u| slugify(u)).unwrap_or_default();
            let years = match spec.years.or_else(|| {
                let rows = unit_rows(spec, site);
                Some((rows.first()?.year, rows.last()?.year))
            }) {
                Some((a, b)) if a == b => format!("-{a}"),
                Some((a, b)) => format!("-{a}-{b}"),
                None => String::new(),
            };
            format!("{}-{}{years}", kind_name(spec.kind), non_empty(unit))
        }
        ChartKind::Compare => {
            let parent = common_parent(site, &spec.units);
            let year = spec.year.map(|y| format!("-{y}")).unwrap_or_default();
            let name = match &parent {
                Some(p) => slugify(p),
                None => spec.units.first().map(|u| slugify(u)).unwrap_or_default(),
            };
            let all_children = parent.as_ref().is_some_and(|p| {
                let mut children: Vec<&str> = site
                    .units()
                    .iter()
                    .filter(|u| u.parent.as_deref() == Some(p.as_str()))
                    .filter(|u| {
                        spec.year.is_none_or(|y| {
                            site.stats().iter().any(|s| s.unit == u.id && s.year == y)
                        })
                    })
                    .map(|u| u.id.as_str())
                    .collect();
                let mut wanted: Vec<&str> = spec.units.iter().map(String::as_str).collect();
                children.sort_unstable();
                wanted.sort_unstable();
                children == wanted
            });
            if !all_children {
                hashed.push_str(&spec.units.join("\n"));
            }
            format!("compare-{}{year}", non_empty(name))
        }
    };
    if title != default_title(site, spec) {
        hashed.push('\u{1}');
        hashed.push_str(title);
    }
    if hashed.is_empty() {
        format!("{base}.svg")
    } else {
        format!("{base}-{:08x}.svg", fnv1a(hashed.as_bytes()) as u32)
    }
}

fn non_empty(s: String) -> String {
    if s.is_empty() { "bieu-do".into() } else { s }
}

/// FNV-1a, 64 bits: a stable hash (std's hashers are not guaranteed stable across releases).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The parent shared by all `units`, if any.
fn common_parent(site: &Site, units: &[String]) -> Option<String> {
    let mut parents = units
        .iter()
        .map(|u| site.unit(u).and_then(|u| u.parent.clone()));
    let first = parents.next()??;
    parents
        .all(|p| p.as_deref() == Some(first.as_str()))
        .then_some(first)
}

/// How a unit is named in a chart: its short name, else its id.
fn unit_name(site: &Site, id: &str) -> String {
    site.unit(id)
        .map(|u| u.short_name.clone())
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| id.to_string())
}

/// A rate in words for `<desc>`: "về việc 85,71%, chỉ tiêu 84,00% (suy ra), vượt 1,71%"
/// (`measure`: what is measured, as named in a sentence).
fn measure_words(l: &ChartDesc, measure: &str, m: Option<&Measure>) -> String {
    let rate = m.and_then(|m| m.rate.value());
    let target = m.and_then(|m| m.target);
    let mut out = match rate {
        Some(r) => l.rate(measure, format_percent(r)),
        None => l.rate_no_data(measure),
    };
    if let Some(t) = target {
        out.push_str(", ");
        out.push_str(&target_words(l, t));
        if let Some(r) = rate {
            let diff = m.and_then(|m| m.exceeded).unwrap_or(r - t.value);
            out.push_str(", ");
            let computed = m.is_some_and(|m| m.exceeded_computed);
            out.push_str(&match diff {
                d if d.abs() < 0.005 => l.on_target().to_string(),
                d if d > 0.0 && computed => l.above_target_computed(format_points(d)),
                d if d > 0.0 => l.above_target(format_points(d)),
                d if computed => l.below_target_computed(format_points(-d)),
                d => l.below_target(format_points(-d)),
            });
        }
    }
    out
}

/// The statistical years a chart covers, for its description's opening sentence: from the first
/// to the last, or the one; nothing without any.
fn span_words(l: &ChartDesc, years: &[i32]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a != b => l.span_years(a, b),
        (Some(a), _) => l.span_year(a),
        _ => String::new(),
    }
}

fn target_words(l: &ChartDesc, t: Target) -> String {
    if t.derived {
        l.target_derived(format_percent(t.value))
    } else {
        l.target(format_percent(t.value))
    }
}

/// One legend entry.
enum Legend {
    /// A bar's fill.
    Bar(Fill, String),
    /// A target mark, dashed when derived; across a vertical bar, or (`vertical`) a horizontal one.
    Target {
        derived: bool,
        vertical: bool,
        label: String,
    },
}

/// Draw the title (bold, up to two lines) and the legend rows; returns the y below them. With no canvas,
/// only measures (a comparison needs its height before it draws).
fn header(c: Option<&mut Canvas>, title: &str, legend: &[Legend]) -> f64 {
    header_at(c, f64::from(WIDTH), MARGIN, title, legend, 2)
}

/// [`header`] at any `width` with its `margin`, the title on up to `max_lines` lines.
fn header_at(
    mut c: Option<&mut Canvas>,
    width: f64,
    margin: f64,
    title: &str,
    legend: &[Legend],
    max_lines: usize,
) -> f64 {
    let max_w = width - 2.0 * margin;
    let lines = wrap(title, TITLE_SIZE, true, max_w, max_lines);
    let mut y = margin + 8.0;
    for line in &lines {
        if let Some(c) = c.as_deref_mut() {
            c.text(margin, y, line, Font::new(TITLE_SIZE).bold());
        }
        y += 24.0;
    }
    if legend.is_empty() {
        return y - 8.0;
    }
    y += 4.0;
    let font = Font::new(LABEL_SIZE);
    let mut x = margin;
    for item in legend {
        let (label, mark_w) = match item {
            Legend::Bar(_, label) => (label.clone(), 16.0),
            Legend::Target {
                label, vertical, ..
            } => (label.clone(), if *vertical { 18.0 } else { 26.0 }),
        };
        let item_w = mark_w + 6.0 + font.width(&label);
        if x > margin && x + item_w > width - margin {
            x = margin;
            y += 22.0;
        }
        if let Some(c) = c.as_deref_mut() {
            match item {
                Legend::Bar(fill, _) => c.swatch(x, y, *fill),
                // Drawn over a small navy block, as it appears on the bars.
                Legend::Target {
                    derived,
                    vertical: false,
                    ..
                } => {
                    c.rect(x + 5.0, y - 7.0, x + 21.0, y + 7.0, NAVY);
                    c.target_line(x, y, x + mark_w, y, *derived);
                }
                Legend::Target {
                    derived,
                    vertical: true,
                    ..
                } => {
                    c.rect(x, y - 6.0, x + 12.0, y + 6.0, NAVY);
                    c.target_line(x + 12.0, y - 10.0, x + 12.0, y + 10.0, *derived);
                }
            }
            c.text(x + mark_w + 6.0, y, &label, font);
        }
        x += item_w + 20.0;
    }
    y + 12.0
}

/// The legend entries for the targets present: published and/or derived.
fn target_legend(
    l: &ChartLabels,
    targets: impl Iterator<Item = Target>,
    vertical: bool,
) -> Vec<Legend> {
    let (mut published, mut derived) = (false, false);
    for t in targets {
        if t.derived {
            derived = true;
        } else {
            published = true;
        }
    }
    let mut out = Vec::new();
    if published {
        out.push(Legend::Target {
            derived: false,
            vertical,
            label: l.target().into(),
        });
    }
    if derived {
        out.push(Legend::Target {
            derived: true,
            vertical,
            label: l.target_derived().into(),
        });
    }
    out
}

/// The two bar legends.
fn measure_legend(l: &ChartLabels) -> Vec<Legend> {
    vec![
        Legend::Bar(CASES, l.cases().into()),
        Legend::Bar(MONEY, l.money().into()),
    ]
}

/// Label a missing figure in a bar's place (`x_mid`, standing on `y_bottom`, `width` wide): across
/// on one line, else on two (`no_data_top` / `no_data_bottom`), else reading bottom to top.
/// `avoid` is the y of a target mark the label must not cross; `y_top` the highest the label may
/// reach.
fn no_data(
    c: &mut Canvas,
    l: &ChartLabels,
    x_mid: f64,
    y_bottom: f64,
    width: f64,
    y_top: f64,
    avoid: Option<f64>,
) {
    let font = Font::new(SMALL_SIZE).color(canvas::GREY_TEXT);
    let across = font.anchor(Anchor::Middle);
    let no_data = l.no_data();
    let (first, second) = (l.no_data_top(), l.no_data_bottom());
    // The lowest position whose span [y - height, y] keeps clear of the mark.
    let clear = |y: f64, height: f64| match avoid {
        Some(a) if a > y - height - 4.0 && a < y + 4.0 && a - 8.0 - height >= y_top => a - 8.0,
        _ => y,
    };
    if font.width(no_data) + 4.0 <= width {
        let y = clear(y_bottom - 4.0, SMALL_SIZE);
        c.text(x_mid, y - SMALL_SIZE / 2.0, no_data, across);
    } else if font.width(first).max(font.width(second)) + 4.0 <= width {
        let y = clear(y_bottom - 4.0, 2.0 * SMALL_SIZE + 4.0);
        c.text(x_mid, y - SMALL_SIZE * 1.5 - 4.0, first, across);
        c.text(x_mid, y - SMALL_SIZE / 2.0, second, across);
    } else {
        let y = clear(y_bottom - 6.0, font.width(no_data));
        c.text(x_mid, y, no_data, font.vertical());
    }
}
