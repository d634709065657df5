//! The drawing surface charts are laid out on: pixel-positioned rectangles, lines and texts (with how a
//! text is set and the box it covers), in the charts' palette. It draws through plotters' drawing area
//! onto our own backend ([`super::backend`]), which writes the published SVG.

use std::cell::RefCell;
use std::collections::HashMap;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, FontTransform};

use super::backend::{ChartBackend, Document, Fill, FilledRect, Segment, Stroke};
use super::measure::{FAMILY, init_font, text_width};

/// Cases: dark navy, 11.5:1 against white.
pub(crate) const NAVY: RGBColor = RGBColor(0x1f, 0x3a, 0x5f);
/// The bars of cases.
pub(crate) const CASES: Fill = Fill::solid(NAVY);
/// The bars of money: the hatch pattern (ochre with light stripes, apart from navy in greyscale).
pub(crate) const MONEY: Fill = Fill::Hatch;
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

/// The stroke of a target mark `width` wide: ink, dashed when the target is derived.
pub(crate) fn target_stroke(derived: bool, width: u32) -> Stroke {
    Stroke {
        dashed: derived,
        ..Stroke::solid(INK, width)
    }
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
    area: DrawingArea<ChartBackend<'a>, Shift>,
    pub width: f64,
    pub height: f64,
}

impl Canvas<'_> {
    /// Run `draw` on a fresh canvas, white, of `doc`'s size, and return the chart's SVG document.
    pub(crate) fn draw(doc: Document, draw: impl FnOnce(&mut Canvas)) -> String {
        init_font();
        let mut svg = String::new();
        {
            let area = ChartBackend::new(&mut svg, doc).into_drawing_area();
            let _ = area.fill(&WHITE);
            let mut canvas = Canvas {
                area,
                width: f64::from(doc.width),
                height: f64::from(doc.height),
            };
            draw(&mut canvas);
            let _ = canvas.area.present();
        }
        svg
    }

    /// A filled rectangle (corners in either order).
    pub(crate) fn rect(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, fill: impl Into<Fill>) {
        let corners = [(px(x0), px(y0)), (px(x1), px(y1))];
        let _ = self.area.draw(&FilledRect::new(corners, fill.into()));
    }

    /// A straight line.
    pub(crate) fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, stroke: Stroke) {
        let ends = [(px(x0), px(y0)), (px(x1), px(y1))];
        let _ = self.area.draw(&Segment::new(ends, stroke));
    }

    /// A target mark: a dark line over a white halo, so it shows on navy, ochre and white alike;
    /// dashed when the target is derived.
    pub(crate) fn target_line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, derived: bool) {
        self.line(x0, y0, x1, y1, Stroke::solid(WHITE, 6));
        self.line(x0, y0, x1, y1, target_stroke(derived, 3));
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
            /// Fonts by size and weight: making one looks the font up.
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
                        font.size,
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
        let _ = self.area.draw(&Text::new(text, (px(x), px(y)), style));
    }

    pub(crate) fn label(&mut self, label: &Label) {
        self.text(label.x, label.y, &label.text, label.font);
    }

    /// A legend swatch for a bar's fill.
    pub(crate) fn swatch(&mut self, x: f64, y_mid: f64, fill: Fill) {
        self.rect(x, y_mid - 7.0, x + 16.0, y_mid + 7.0, fill);
    }
}
