//! A thin drawing layer over plotters' SVG backend: pixel-positioned shapes and text measured with the
//! embedded font, then a post-processing pass that turns plotters' output into an accessible, scalable SVG.
//!
//! Every shape and every text goes through plotters (`SVGBackend::with_string`), which XML-escapes text and
//! attribute values. The post-processing pass only rewrites attributes bantin itself chose (the root element,
//! the font family, sentinel colours standing for the hatch pattern and dashed strokes) and inserts
//! `<title>`, `<desc>` and `<defs>` whose text it escapes itself.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, FontTransform, register_font};

/// Noto Sans Regular (OFL-1.1), used only to measure text; the SVG names a font-family list instead.
static FONT: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");

/// The name the font is registered under with plotters. It never reaches the output.
const FAMILY: &str = "bantin-metrics";

/// The fonts readers already have, in order of preference (SPEC §6: no web fonts).
pub(crate) const FONT_FAMILY_LIST: &str = "'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif";

/// plotters writes `font-size = size / 1.24` into the SVG, so sizes are handed to it multiplied by this.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// ab_glyph scales a font so that ascent − descent (not the em) equals the requested size. For Noto Sans
/// (hhea ascender 1069, descender −293, 1000 units per em) that is 1362 units; the SVG's `font-size` is the
/// em. Text is measured at `font-size` 1000 (plotters size 1240) and corrected by this ratio.
const EM_CORRECTION: f64 = 1362.0 / 1240.0;

/// Bold text is drawn by the reader's bold face but measured with the regular one: allow for it.
const BOLD_WIDENING: f64 = 1.07;

static REGISTER: Once = Once::new();

/// Register the embedded font with plotters (ab_glyph needs one before any text is measured or drawn).
pub(crate) fn init_font() {
    REGISTER.call_once(|| {
        // The bytes are a valid font checked in with the repository; a failure would show in every test.
        let _ = register_font(FAMILY, FontStyle::Normal, FONT);
    });
}

/// Sentinel fill replaced by the hatch pattern for money.
pub(crate) const HATCH: RGBColor = RGBColor(0x01, 0x02, 0x03);
/// Sentinel stroke replaced by a dashed dark stroke (derived targets).
pub(crate) const DASHED: RGBColor = RGBColor(0x01, 0x02, 0x04);

/// Cases: dark navy, 11.5:1 against white.
pub(crate) const NAVY: RGBColor = RGBColor(0x1f, 0x3a, 0x5f);
/// Money: ochre, 3.9:1 against white, hatched with light stripes so it stays apart from navy in greyscale.
pub(crate) const OCHRE: &str = "#C26A00";
const OCHRE_STRIPE: &str = "#F2CF98";
/// Main text and target lines: 17:1.
pub(crate) const INK: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// Secondary text (axis labels, notes): 7:1.
pub(crate) const GREY_TEXT: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Axis line: 8.5:1.
pub(crate) const AXIS: RGBColor = RGBColor(0x4d, 0x4d, 0x4d);
/// Gridlines: decorative only.
pub(crate) const GRID: RGBColor = RGBColor(0xd6, 0xd6, 0xd6);
/// Background band behind the lead unit in a comparison.
pub(crate) const HIGHLIGHT: RGBColor = RGBColor(0xfd, 0xf0, 0xc2);
/// Dash pattern of derived targets.
const DASH_ARRAY: &str = "7 4";

/// The width of `text` in SVG user units at `font-size` `size`, measured with the embedded font.
pub(crate) fn text_width(text: &str, size: f64, bold: bool) -> f64 {
    thread_local! {
        /// Widths at font-size 1000 of the texts measured on this thread: charts measure the
        /// same labels (years, percentages, unit names) over and over, and a measure parses
        /// the font's tables anew.
        static MEASURED: RefCell<HashMap<String, f64>> = RefCell::new(HashMap::new());
    }
    let units = MEASURED.with(|m| {
        if let Some(units) = m.borrow().get(text) {
            return *units;
        }
        init_font();
        let font = FontDesc::new(
            FontFamily::Name(FAMILY),
            1000.0 * PLOTTERS_FONT_SCALE,
            FontStyle::Normal,
        );
        let units = match font.box_size(text) {
            Ok((w, _)) => f64::from(w) * EM_CORRECTION,
            // Unreachable once the font is registered; a generous estimate keeps the layout usable anyway.
            Err(_) => text.chars().count() as f64 * 620.0,
        };
        m.borrow_mut().insert(text.to_string(), units);
        units
    });
    units / 1000.0 * size * if bold { BOLD_WIDENING } else { 1.0 }
}

/// `text` cut to at most `max_width` with a trailing `…` when it does not fit.
pub(crate) fn truncate(text: &str, size: f64, bold: bool, max_width: f64) -> String {
    if text_width(text, size, bold) <= max_width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 0 {
        n -= 1;
        let candidate: String = chars[..n].iter().collect::<String>().trim_end().to_string() + "…";
        if text_width(&candidate, size, bold) <= max_width {
            return candidate;
        }
    }
    "…".to_string()
}

/// `text` broken at spaces into at most `max_lines` lines no wider than `max_width`; the last line is
/// truncated with `…` when the text does not fit.
pub(crate) fn wrap(
    text: &str,
    size: f64,
    bold: bool,
    max_width: f64,
    max_lines: usize,
) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let candidate = if current.is_empty() {
            words[i].to_string()
        } else {
            format!("{current} {}", words[i])
        };
        if current.is_empty() || text_width(&candidate, size, bold) <= max_width {
            current = candidate;
            i += 1;
        } else {
            lines.push(std::mem::take(&mut current));
            if lines.len() + 1 == max_lines.max(1) {
                current = words[i..].join(" ");
                break;
            }
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines.max(1) {
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        lines.push(rest);
    }
    for line in &mut lines {
        *line = truncate(line, size, bold, max_width);
    }
    lines
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// How a text is drawn: size in user units, weight, colour, horizontal anchor, rotation.
#[derive(Clone, Copy)]
pub(crate) struct Font {
    pub size: f64,
    pub bold: bool,
    pub color: RGBColor,
    pub anchor: Anchor,
    /// Rotated a quarter turn counter-clockwise (reads bottom to top).
    pub vertical: bool,
}

impl Font {
    pub(crate) fn new(size: f64) -> Font {
        Font {
            size,
            bold: false,
            color: INK,
            anchor: Anchor::Start,
            vertical: false,
        }
    }
    pub(crate) fn bold(self) -> Font {
        Font { bold: true, ..self }
    }
    pub(crate) fn color(self, color: RGBColor) -> Font {
        Font { color, ..self }
    }
    pub(crate) fn anchor(self, anchor: Anchor) -> Font {
        Font { anchor, ..self }
    }
    pub(crate) fn vertical(self) -> Font {
        Font {
            vertical: true,
            ..self
        }
    }
    pub(crate) fn width(&self, text: &str) -> f64 {
        text_width(text, self.size, self.bold)
    }
}

/// A text placed at (x, y) (see [`Canvas::text`]), kept so labels can be checked for overlaps before
/// they are drawn.
#[derive(Clone)]
pub(crate) struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
    pub font: Font,
}

impl Label {
    /// The box (x0, y0, x1, y1) the text covers.
    pub(crate) fn bbox(&self) -> (f64, f64, f64, f64) {
        let len = self.font.width(&self.text);
        let before = match self.font.anchor {
            Anchor::Start => 0.0,
            Anchor::Middle => len / 2.0,
            Anchor::End => len,
        };
        let half = self.font.size * 0.5;
        if self.font.vertical {
            (
                self.x - half,
                self.y - len + before,
                self.x + half,
                self.y + before,
            )
        } else {
            (
                self.x - before,
                self.y - half,
                self.x - before + len,
                self.y + half,
            )
        }
    }
}

/// Whether any two of `labels` overlap (with `pad` of clearance).
pub(crate) fn any_overlap(labels: &[Label], pad: f64) -> bool {
    let boxes: Vec<_> = labels.iter().map(Label::bbox).collect();
    boxes.iter().enumerate().any(|(i, a)| {
        boxes[i + 1..]
            .iter()
            .any(|b| a.0 < b.2 + pad && b.0 < a.2 + pad && a.1 < b.3 + pad && b.1 < a.3 + pad)
    })
}

fn px(v: f64) -> i32 {
    v.round() as i32
}

/// A drawing surface of `width` × `height` user units.
pub(crate) struct Canvas<'a> {
    area: DrawingArea<SVGBackend<'a>, Shift>,
    pub width: f64,
    pub height: f64,
}

impl Canvas<'_> {
    /// Run `draw` on a fresh canvas and return plotters' SVG.
    pub(crate) fn draw(width: u32, height: u32, draw: impl FnOnce(&mut Canvas)) -> String {
        init_font();
        let mut buf = String::new();
        {
            let area = SVGBackend::with_string(&mut buf, (width, height)).into_drawing_area();
            let _ = area.fill(&WHITE);
            let mut canvas = Canvas {
                area,
                width: f64::from(width),
                height: f64::from(height),
            };
            draw(&mut canvas);
            let _ = canvas.area.present();
        }
        buf
    }

    /// A filled rectangle (`color` may be [`HATCH`]).
    pub(crate) fn rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, color: RGBColor) {
        let (x0, x1) = (x0.min(x1), x0.max(x1));
        let (y0, y1) = (y0.min(y1), y0.max(y1));
        let _ = self.area.draw(&Rectangle::new(
            [(px(x0), px(y0)), (px(x1), px(y1))],
            color.filled(),
        ));
    }

    /// A straight line (`color` may be [`DASHED`]).
    pub(crate) fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, color: RGBColor, width: u32) {
        let _ = self.area.draw(&PathElement::new(
            vec![(px(x0), px(y0)), (px(x1), px(y1))],
            color.stroke_width(width),
        ));
    }

    /// A target mark: a dark line over a white halo, so it shows on navy, ochre and white alike;
    /// dashed when the target is derived.
    pub(crate) fn target_line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, derived: bool) {
        self.line(x0, y0, x1, y1, WHITE, 6);
        self.line(x0, y0, x1, y1, if derived { DASHED } else { INK }, 3);
    }

    /// Text whose vertical middle (of lowercase letters) sits at `y`.
    pub(crate) fn text(&mut self, x: f64, y: f64, text: &str, font: Font) {
        if text.is_empty() {
            return;
        }
        let h = match font.anchor {
            Anchor::Start => HPos::Left,
            Anchor::Middle => HPos::Center,
            Anchor::End => HPos::Right,
        };
        thread_local! {
            /// Fonts by size and weight: making one reads the font's tables.
            static FONTS: RefCell<HashMap<(u64, bool), FontDesc<'static>>> =
                RefCell::new(HashMap::new());
        }
        let base = FONTS.with(|fonts| {
            fonts
                .borrow_mut()
                .entry((font.size.to_bits(), font.bold))
                .or_insert_with(|| {
                    FontDesc::new(
                        FontFamily::Name(FAMILY),
                        font.size * PLOTTERS_FONT_SCALE,
                        if font.bold {
                            FontStyle::Bold
                        } else {
                            FontStyle::Normal
                        },
                    )
                })
                .clone()
        });
        let style = base
            .transform(if font.vertical {
                FontTransform::Rotate270
            } else {
                FontTransform::None
            })
            .color(&font.color)
            .pos(Pos::new(h, VPos::Center));
        let _ = self
            .area
            .draw(&Text::new(text.to_string(), (px(x), px(y)), style));
    }

    pub(crate) fn label(&mut self, label: &Label) {
        self.text(label.x, label.y, &label.text, label.font);
    }

    /// A legend swatch for a bar colour (`color` may be [`HATCH`]).
    pub(crate) fn swatch(&mut self, x: f64, y_mid: f64, color: RGBColor) {
        self.rect(x, y_mid - 7.0, x + 16.0, y_mid + 7.0, color);
    }
}

/// What the post-processing pass needs to know about a chart.
pub(crate) struct Meta<'a> {
    /// Unique id prefix (from the file name).
    pub id: &'a str,
    pub kind: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub width: u32,
    pub height: u32,
}

/// XML-escape text for element content and attribute values.
pub(crate) use crate::text::escape_markup as escape;

/// Turn plotters' SVG into the published one: scalable root with `viewBox`, `role="img"`,
/// `aria-labelledby` → `<title>` and `<desc>`, one `font-family` list, the hatch pattern and dashed
/// strokes in place of their sentinel colours, and no redundant attributes.
pub(crate) fn finish(raw: &str, meta: &Meta) -> String {
    let body = match raw.find('\n') {
        // The first line is plotters' `<svg width=… height=… viewBox=… xmlns=…>`.
        Some(i) if raw.starts_with("<svg ") => &raw[i + 1..],
        _ => raw,
    };
    // Plotters' attributes to drop or replace, in one pass (no pattern overlaps another, and no
    // replacement makes one).
    static ATTRIBUTES: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 5]> =
        std::sync::LazyLock::new(|| {
            [
                format!(" font-family=\"{FAMILY}\""),
                " opacity=\"1\"".to_string(),
                "\n</text>".to_string(),
                format!("fill=\"{}\"", hex(HATCH)),
                format!("stroke=\"{}\"", hex(DASHED)),
            ]
            .map(|p| memchr::memmem::Finder::new(p.as_bytes()).into_owned())
        });
    let body = replace_all(
        body,
        &*ATTRIBUTES,
        &[
            "",
            "",
            "</text>",
            &format!("fill=\"url(#{}-hatch)\"", meta.id),
            &format!("stroke=\"{}\" stroke-dasharray=\"{DASH_ARRAY}\"", hex(INK)),
        ],
    );
    let body = tidy_texts(&body);
    let id = meta.id;
    let mut out = String::with_capacity(body.len() + 1024);
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\" \
         preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         class=\"bantin-chart bantin-chart-{kind}\" font-family=\"{FONT_FAMILY_LIST}\">\n",
        w = meta.width,
        h = meta.height,
        kind = meta.kind,
    ));
    out.push_str(&format!(
        "<title id=\"{id}-title\">{}</title>\n",
        escape(meta.title)
    ));
    out.push_str(&format!(
        "<desc id=\"{id}-desc\">{}</desc>\n",
        escape(meta.desc)
    ));
    if body.contains(&format!("url(#{id}-hatch)")) {
        out.push_str(&format!(
            "<defs><pattern id=\"{id}-hatch\" patternUnits=\"userSpaceOnUse\" width=\"7\" height=\"7\" \
             patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\"{OCHRE}\"/>\
             <rect width=\"2\" height=\"7\" fill=\"{OCHRE_STRIPE}\"/></pattern></defs>\n"
        ));
    }
    out.push_str(&body);
    out
}

/// `text` with every match of `patterns[i]` replaced by `with[i]`, leftmost first, in one pass
/// (each pattern is searched for once over the text, with SIMD).
fn replace_all(text: &str, patterns: &[memchr::memmem::Finder], with: &[&str]) -> String {
    let bytes = text.as_bytes();
    let mut next: Vec<Option<usize>> = patterns.iter().map(|f| f.find(bytes)).collect();
    let mut out = String::with_capacity(text.len() + 256);
    let mut done = 0;
    while let Some((i, at)) = next
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.map(|at| (i, at)))
        .min_by_key(|&(i, at)| (at, i))
    {
        out.push_str(&text[done..at]);
        out.push_str(with[i]);
        done = at + patterns[i].needle().len();
        // Matches that began inside the one replaced are searched for again after it.
        for (k, n) in next.iter_mut().enumerate() {
            if n.is_some_and(|at| at < done) {
                *n = patterns[k].find(&bytes[done..]).map(|at| at + done);
            }
        }
    }
    out.push_str(&text[done..]);
    out
}

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// plotters writes `<text …>\nlabel\n</text>`: drop the newlines (the closing one is gone already) and
/// round `font-size="13.000000000000002"` to `font-size="13"` (plotters divides by 1.24).
fn tidy_texts(svg: &str) -> String {
    let svg = round_font_sizes(svg);
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg.as_str();
    while let Some(i) = rest.find("<text ") {
        let Some(close) = rest[i..].find('>') else {
            break;
        };
        let end = i + close + 1;
        out.push_str(&rest[..end]);
        rest = rest[end..].strip_prefix('\n').unwrap_or(&rest[end..]);
    }
    out.push_str(rest);
    out
}

fn round_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(i) = rest.find(KEY) {
        let start = i + KEY.len();
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find('"').unwrap_or(after.len());
        let value = &after[..end];
        match value.parse::<f64>() {
            Ok(v) => {
                let rounded = (v * 100.0).round() / 100.0;
                out.push_str(&format!("{rounded}"));
            }
            Err(_) => out.push_str(value),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod replace_tests {
    proptest::proptest! {
        /// The same as trying each pattern, in order, at each position from the left.
        #[test]
        fn replacing_all_is_replacing_leftmost_matches(text in "[ab<>/x\"= \n]{0,60}") {
            let patterns = ["<a>", " x=\"b\"", "\n</", "bx", "b"];
            let with = ["A", "", "</", "y", "B"];
            let finders: Vec<_> = patterns.iter().map(memchr::memmem::Finder::new).collect();
            let mut want = String::new();
            let mut i = 0;
            while i < text.len() {
                match patterns.iter().position(|p| text[i..].starts_with(p)) {
                    Some(k) => {
                        want.push_str(with[k]);
                        i += patterns[k].len();
                    }
                    None => {
                        want.push_str(&text[i..i + 1]);
                        i += 1;
                    }
                }
            }
            proptest::prop_assert_eq!(super::replace_all(&text, &finders, &with), want);
        }
    }
}
