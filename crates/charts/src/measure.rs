//! Text measured with the embedded font (Noto Sans through plotters' ab_glyph), so the layout knows how
//! wide a label is before it is drawn: widths, truncating with `…`, and breaking into lines.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Once;

use plotters::style::{FontDesc, FontFamily, FontStyle, register_font};

/// Noto Sans Regular (OFL-1.1), used to measure text (the SVG names a font-family list instead) and
/// as the only font of the PNGs ([`crate::png`]).
pub(crate) static FONT: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");

/// The name the font is registered under with plotters. It never reaches the output.
pub(super) const FAMILY: &str = "bantin-metrics";

/// The size texts are measured at: large, as plotters measures in whole pixels. (1240, from when
/// plotters' SVG backend wrote sizes divided by 1.24: changing it would move labels by rounding.)
const MEASURE_SIZE: f64 = 1240.0;

/// ab_glyph scales a font so that ascent − descent (not the em) equals the requested size. For Noto Sans
/// (hhea ascender 1069, descender −293, 1000 units per em) that is 1362 units; the SVG's `font-size` is the
/// em. A width measured at [`MEASURE_SIZE`] times this ratio is the width at `font-size` 1000.
const EM_CORRECTION: f64 = 1362.0 / MEASURE_SIZE;

/// Bold text is drawn by the reader's bold face but measured with the regular one: allow for it.
const BOLD_WIDENING: f64 = 1.07;

static REGISTER: Once = Once::new();

/// Register the embedded font with plotters (ab_glyph needs one before any text is measured).
pub(crate) fn init_font() {
    REGISTER.call_once(|| {
        // The bytes are a valid font checked in with the repository; a failure would show in every test.
        let _ = register_font(FAMILY, FontStyle::Normal, FONT);
    });
}

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
        let font = FontDesc::new(FontFamily::Name(FAMILY), MEASURE_SIZE, FontStyle::Normal);
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
    // Only plain spaces break: a no-break space holds a place name together ("Quảng Nam").
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect();
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
