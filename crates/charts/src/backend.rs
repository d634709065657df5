//! Our plotters `DrawingBackend`, which writes the published chart SVG itself: the scalable, labelled
//! root element (`viewBox`, `role="img"`, `aria-labelledby`, the font-family list readers' fonts draw
//! with), `<title>`, `<desc>`, the hatch pattern in `<defs>` when a shape is hatched, then every shape
//! and text plotters hands over.
//!
//! Paints plotters has no word for are our own values, not colours standing in for them: a [`Fill`]
//! is a colour or [`Fill::Hatch`], a [`Stroke`] may be dashed. The elements [`FilledRect`] and [`Segment`]
//! carry them through plotters' drawing area to this backend; plotters' own elements (and the area's
//! background fill) reach it through the `DrawingBackend` methods as plain colours.

use std::convert::Infallible;
use std::fmt::Write as _;

use plotters::element::{Drawable, PointCollection};
use plotters::style::RGBColor;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform,
};

use bantin_text::escape_markup;

/// The fonts readers already have, in order of preference (SPEC §6: no web fonts). Texts are measured
/// with the embedded font, whose registration name never reaches the SVG.
pub(crate) const FONT_FAMILY_LIST: &str = "'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif";

/// The hatch pattern of [`Fill::Hatch`] (money): ochre, 3.9:1 against white, with light stripes at
/// 45° so it stays apart from navy in greyscale print.
const HATCH_GROUND: RGBColor = RGBColor(0xc2, 0x6a, 0x00);
const HATCH_STRIPE: RGBColor = RGBColor(0xf2, 0xcf, 0x98);
/// Dashes of a [`Stroke`] with `dashed` (derived targets).
const DASH_ARRAY: &str = "7 4";

/// What the SVG says about itself, written before any shape.
#[derive(Clone, Copy)]
pub(crate) struct Document<'a> {
    /// Unique id prefix of the chart's ids (`{id}-title`, `{id}-desc`, `{id}-hatch`); slug-safe.
    pub id: &'a str,
    /// The chart's kind, as a class (`bantin-chart-{kind}`).
    pub kind: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    /// The `viewBox`, in user units (the drawing area's pixels).
    pub width: u32,
    pub height: u32,
}

/// How the inside of a shape is painted.
#[derive(Clone, Copy)]
pub(crate) enum Fill {
    Color(BackendColor),
    /// The chart's hatch pattern (money).
    Hatch,
}

impl Fill {
    pub(crate) const fn solid(color: RGBColor) -> Fill {
        Fill::Color(opaque(color))
    }
}

impl From<RGBColor> for Fill {
    fn from(color: RGBColor) -> Fill {
        Fill::solid(color)
    }
}

/// How a line is drawn.
#[derive(Clone, Copy)]
pub(crate) struct Stroke {
    pub color: BackendColor,
    pub width: u32,
    /// Dashed ([`DASH_ARRAY`]) rather than solid.
    pub dashed: bool,
}

impl Stroke {
    pub(crate) const fn solid(color: RGBColor, width: u32) -> Stroke {
        Stroke {
            color: opaque(color),
            width,
            dashed: false,
        }
    }
}

const fn opaque(color: RGBColor) -> BackendColor {
    BackendColor {
        alpha: 1.0,
        rgb: (color.0, color.1, color.2),
    }
}

/// A filled rectangle between two corners (in either order), painted with a [`Fill`]: plotters'
/// `Rectangle` with our paint.
pub(crate) struct FilledRect {
    corners: [BackendCoord; 2],
    fill: Fill,
}

impl FilledRect {
    pub(crate) fn new(corners: [BackendCoord; 2], fill: Fill) -> FilledRect {
        FilledRect { corners, fill }
    }
}

impl<'a> PointCollection<'a, BackendCoord> for &'a FilledRect {
    type Point = &'a BackendCoord;
    type IntoIter = &'a [BackendCoord; 2];
    fn point_iter(self) -> Self::IntoIter {
        &self.corners
    }
}

impl Drawable<ChartBackend<'_>> for FilledRect {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut ChartBackend<'_>,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if let (Some(a), Some(b)) = (points.next(), points.next()) {
            let (a, b) = ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)));
            backend.rect(a, b, self.fill);
        }
        Ok(())
    }
}

/// A straight line between two points, drawn with a [`Stroke`]: plotters' `PathElement` of two
/// points with our stroke.
pub(crate) struct Segment {
    ends: [BackendCoord; 2],
    stroke: Stroke,
}

impl Segment {
    pub(crate) fn new(ends: [BackendCoord; 2], stroke: Stroke) -> Segment {
        Segment { ends, stroke }
    }
}

impl<'a> PointCollection<'a, BackendCoord> for &'a Segment {
    type Point = &'a BackendCoord;
    type IntoIter = &'a [BackendCoord; 2];
    fn point_iter(self) -> Self::IntoIter {
        &self.ends
    }
}

impl Drawable<ChartBackend<'_>> for Segment {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        points: I,
        backend: &mut ChartBackend<'_>,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        backend.polyline(points, self.stroke);
        Ok(())
    }
}

/// The backend: shapes and texts are written as they come; [`DrawingBackend::present`] (or dropping
/// it) puts the finished document, root to `</svg>`, into the string it was made with, once (a chart
/// is drawn, then presented).
pub(crate) struct ChartBackend<'a> {
    out: &'a mut String,
    doc: Document<'a>,
    /// The elements drawn so far, one per line.
    body: String,
    /// Whether a shape uses the hatch pattern (then the document defines it).
    hatched: bool,
    presented: bool,
}

impl<'a> ChartBackend<'a> {
    pub(crate) fn new(out: &'a mut String, doc: Document<'a>) -> ChartBackend<'a> {
        ChartBackend {
            out,
            doc,
            body: String::with_capacity(8 * 1024),
            hatched: false,
            presented: false,
        }
    }

    /// `<rect>` from `a` (upper left) to `b` (lower right).
    fn rect(&mut self, a: BackendCoord, b: BackendCoord, fill: Fill) {
        if matches!(fill, Fill::Color(c) if c.alpha == 0.0) {
            return;
        }
        let buf = &mut self.body;
        let _ = write!(
            buf,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            a.0,
            a.1,
            b.0 - a.0,
            b.1 - a.1
        );
        match fill {
            Fill::Color(c) => {
                push_opacity(buf, c);
                buf.push_str(" fill=\"");
                push_hex(buf, c);
                buf.push('"');
            }
            Fill::Hatch => {
                self.hatched = true;
                let _ = write!(buf, " fill=\"url(#{}-hatch)\"", self.doc.id);
            }
        }
        buf.push_str(" stroke=\"none\"/>\n");
    }

    /// `<polyline>` through `points`.
    fn polyline(&mut self, points: impl IntoIterator<Item = BackendCoord>, stroke: Stroke) {
        if stroke.color.alpha == 0.0 {
            return;
        }
        let buf = &mut self.body;
        buf.push_str("<polyline fill=\"none\"");
        push_opacity(buf, stroke.color);
        buf.push_str(" stroke=\"");
        push_hex(buf, stroke.color);
        buf.push('"');
        if stroke.dashed {
            let _ = write!(buf, " stroke-dasharray=\"{DASH_ARRAY}\"");
        }
        let _ = write!(buf, " stroke-width=\"{}\" points=\"", stroke.width);
        for (x, y) in points {
            let _ = write!(buf, "{x},{y} ");
        }
        buf.push_str("\"/>\n");
    }

    /// The root element, `<title>`, `<desc>` and, when used, the hatch pattern.
    fn write_head(&mut self) {
        let Document {
            id,
            kind,
            title,
            desc,
            width,
            height,
        } = self.doc;
        let out = &mut *self.out;
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" \
             preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
             class=\"bantin-chart bantin-chart-{kind}\" font-family=\"{FONT_FAMILY_LIST}\">\n\
             <title id=\"{id}-title\">{}</title>\n\
             <desc id=\"{id}-desc\">{}</desc>\n",
            escape_markup(title),
            escape_markup(desc),
        );
        if self.hatched {
            let _ = write!(
                out,
                "<defs><pattern id=\"{id}-hatch\" patternUnits=\"userSpaceOnUse\" width=\"7\" height=\"7\" \
                 patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\""
            );
            push_hex(out, opaque(HATCH_GROUND));
            out.push_str("\"/><rect width=\"2\" height=\"7\" fill=\"");
            push_hex(out, opaque(HATCH_STRIPE));
            out.push_str("\"/></pattern></defs>\n");
        }
    }
}

impl DrawingBackend for ChartBackend<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        (self.doc.width, self.doc.height)
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        if !self.presented {
            self.presented = true;
            self.out.reserve(self.body.len() + 2048);
            self.write_head();
            self.out.push_str(&self.body);
            self.out.push_str("</svg>\n");
        }
        Ok(())
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: BackendColor,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.rect(point, (point.0 + 1, point.1 + 1), Fill::Color(color));
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        self.draw_path([from, to], style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if fill {
            self.rect(upper_left, bottom_right, Fill::Color(style.color()));
            Ok(())
        } else {
            let ((x0, y0), (x1, y1)) = (upper_left, bottom_right);
            self.draw_path([(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], style)
        }
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let stroke = Stroke {
            color: style.color(),
            width: style.stroke_width(),
            dashed: false,
        };
        self.polyline(path, stroke);
        Ok(())
    }

    /// `<text>` at `pos`, anchored as the style says; its size is the style's, to 0.01.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        (x, y): BackendCoord,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let anchor = match style.anchor().h_pos {
            HPos::Left => "start",
            HPos::Right => "end",
            HPos::Center => "middle",
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => "0.76em",
            VPos::Center => "0.5ex",
            VPos::Bottom => "-0.5ex",
        };
        let size = (style.size() * 100.0).round() / 100.0;
        let buf = &mut self.body;
        let _ = write!(
            buf,
            "<text x=\"{x}\" y=\"{y}\" dy=\"{dy}\" text-anchor=\"{anchor}\" font-size=\"{size}\""
        );
        push_opacity(buf, color);
        buf.push_str(" fill=\"");
        push_hex(buf, color);
        buf.push('"');
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => buf.push_str(" font-weight=\"bold\""),
            other => {
                let _ = write!(buf, " font-style=\"{}\"", other.as_str());
            }
        }
        let turn = match style.transform() {
            FontTransform::None => None,
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
        };
        if let Some(turn) = turn {
            let _ = write!(buf, " transform=\"rotate({turn}, {x}, {y})\"");
        }
        buf.push('>');
        push_text(buf, text);
        buf.push_str("</text>\n");
        Ok(())
    }
}

impl Drop for ChartBackend<'_> {
    fn drop(&mut self) {
        let _ = self.present();
    }
}

/// ` opacity="…"` unless the colour is opaque.
fn push_opacity(buf: &mut String, color: BackendColor) {
    if color.alpha != 1.0 {
        let _ = write!(buf, " opacity=\"{}\"", color.alpha);
    }
}

fn push_hex(buf: &mut String, color: BackendColor) {
    let (r, g, b) = color.rgb;
    let _ = write!(buf, "#{r:02X}{g:02X}{b:02X}");
}

/// A label's text, XML-escaped as plotters' SVG backend escapes it (`'` as `&apos;`), so charts keep
/// the bytes they had when plotters wrote them.
fn push_text(buf: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => buf.push_str("&lt;"),
            '>' => buf.push_str("&gt;"),
            '&' => buf.push_str("&amp;"),
            '"' => buf.push_str("&quot;"),
            '\'' => buf.push_str("&apos;"),
            c => buf.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;
    use plotters::style::text_anchor::Pos;

    use super::*;

    const DOC: Document = Document {
        id: "chart-t",
        kind: "test",
        title: "T <1> & 'a'",
        desc: "D \"2\"",
        width: 40,
        height: 30,
    };

    fn draw(f: impl FnOnce(&DrawingArea<ChartBackend, plotters::coord::Shift>)) -> String {
        let mut svg = String::new();
        {
            let area = ChartBackend::new(&mut svg, DOC).into_drawing_area();
            f(&area);
        }
        svg
    }

    #[test]
    fn the_document_is_written_around_the_shapes() {
        let svg = draw(|a| {
            a.fill(&WHITE).unwrap();
            a.present().unwrap();
        });
        assert_eq!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 30\" width=\"100%\" \
             preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-labelledby=\"chart-t-title chart-t-desc\" \
             class=\"bantin-chart bantin-chart-test\" font-family=\"'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif\">\n\
             <title id=\"chart-t-title\">T &lt;1&gt; &amp; &#x27;a&#x27;</title>\n\
             <desc id=\"chart-t-desc\">D &quot;2&quot;</desc>\n\
             <rect x=\"0\" y=\"0\" width=\"40\" height=\"30\" fill=\"#FFFFFF\" stroke=\"none\"/>\n\
             </svg>\n"
        );
        roxmltree::Document::parse(&svg).unwrap();
    }

    #[test]
    fn a_hatched_fill_uses_the_pattern_the_document_defines() {
        let svg = draw(|a| {
            a.draw(&FilledRect::new([(10, 20), (2, 4)], Fill::Hatch))
                .unwrap();
        });
        assert!(svg.contains(
            "\n<rect x=\"2\" y=\"4\" width=\"8\" height=\"16\" fill=\"url(#chart-t-hatch)\" stroke=\"none\"/>\n"
        ));
        assert!(svg.contains("<defs><pattern id=\"chart-t-hatch\" "));
        assert!(
            svg.contains("fill=\"#C26A00\"/><rect width=\"2\" height=\"7\" fill=\"#F2CF98\"/>")
        );
        roxmltree::Document::parse(&svg).unwrap();
        // No hatch drawn, no pattern defined.
        let plain = draw(|a| {
            a.draw(&FilledRect::new(
                [(2, 4), (10, 20)],
                Fill::solid(RGBColor(1, 2, 3)),
            ))
            .unwrap();
        });
        assert!(plain.contains("fill=\"#010203\" stroke=\"none\"/>") && !plain.contains("<defs>"));
    }

    #[test]
    fn a_dashed_stroke_has_its_dashes() {
        let svg = draw(|a| {
            let stroke = Stroke {
                dashed: true,
                ..Stroke::solid(RGBColor(0x1a, 0x1a, 0x1a), 3)
            };
            a.draw(&Segment::new([(1, 2), (30, 2)], stroke)).unwrap();
            a.draw(&Segment::new([(1, 5), (30, 5)], Stroke::solid(BLACK, 1)))
                .unwrap();
        });
        assert!(svg.contains(
            "<polyline fill=\"none\" stroke=\"#1A1A1A\" stroke-dasharray=\"7 4\" stroke-width=\"3\" points=\"1,2 30,2 \"/>\n\
             <polyline fill=\"none\" stroke=\"#000000\" stroke-width=\"1\" points=\"1,5 30,5 \"/>\n"
        ), "{svg}");
    }

    #[test]
    fn texts_are_escaped_and_keep_their_style() {
        let svg = draw(|a| {
            let font = FontDesc::new(FontFamily::SansSerif, 13.000000000000002, FontStyle::Bold)
                .transform(FontTransform::Rotate270)
                .color(&RGBColor(0x59, 0x59, 0x59))
                .pos(Pos::new(HPos::Right, VPos::Center));
            a.draw(&Text::new(r#"A & B <C> "q" 'x'"#, (5, 6), font))
                .unwrap();
            // Transparent shapes and texts are not written.
            a.draw(&Text::new(
                "gone",
                (1, 1),
                ("sans-serif", 10).into_font().color(&TRANSPARENT),
            ))
            .unwrap();
        });
        assert!(svg.contains(
            "<text x=\"5\" y=\"6\" dy=\"0.5ex\" text-anchor=\"end\" font-size=\"13\" fill=\"#595959\" \
             font-weight=\"bold\" transform=\"rotate(270, 5, 6)\">A &amp; B &lt;C&gt; &quot;q&quot; &apos;x&apos;</text>\n"
        ), "{svg}");
        // The text's own family is not written: the root's list applies.
        assert!(!svg.contains("gone") && svg.matches("font-family").count() == 1);
        roxmltree::Document::parse(&svg).unwrap();
    }
}
