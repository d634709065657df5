//! The picture a shared link shows (Open Graph, Twitter's large card): 1200 × 630, drawn as SVG
//! and rasterized by resvg with the bundled font ([`crate::png`]), so the same page gives the
//! same bytes everywhere. The site's name in the header band of the site's colours, the page's
//! title, and, where the page has one, its key figure or its first chart.

use crate::measure::{text_width, wrap};

/// The size Facebook, Zalo and Twitter show large: 1.91 : 1.
pub const CARD_WIDTH: u32 = 1200;
pub const CARD_HEIGHT: u32 = 630;

/// Changes whenever the same SVG would give other bytes (drawing or encoding): part of the
/// name of a cached card.
pub const FORMAT: u32 = 2;

/// The site's red and gold (templates/static/style.css: `--red`, `--gold`), the ink and the head.
const RED: &str = "#8b1a1a";
const GOLD: &str = "#c9a227";
const HEAD: &str = "#14263f";
const MUTED: &str = "#555555";

const MARGIN: f64 = 64.0;
const BAND: f64 = 112.0;

/// What a card shows.
#[derive(Clone, Copy, Debug, Default)]
pub struct Card<'a> {
    /// The site's title, in the band.
    pub site: &'a str,
    /// The page's title.
    pub title: &'a str,
    /// A figure to show large (`90,07%`) with what it is (`tỷ lệ về việc năm 2023`).
    pub figure: Option<(&'a str, &'a str)>,
    /// A chart's SVG to show under the title.
    pub chart: Option<&'a str>,
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn text(out: &mut String, x: f64, y: f64, size: f64, bold: bool, fill: &str, t: &str) {
    out.push_str(&format!(
        "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\"{} fill=\"{fill}\">{}</text>\n",
        if bold { " font-weight=\"700\"" } else { "" },
        escape(t)
    ));
}

/// The card as SVG.
pub fn card_svg(c: &Card) -> String {
    let (w, h) = (f64::from(CARD_WIDTH), f64::from(CARD_HEIGHT));
    let inner = w - 2.0 * MARGIN;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{CARD_WIDTH}\" height=\"{CARD_HEIGHT}\" \
         viewBox=\"0 0 {CARD_WIDTH} {CARD_HEIGHT}\" font-family=\"Noto Sans\">\n\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n\
         <rect width=\"{w}\" height=\"{BAND}\" fill=\"{RED}\"/>\n\
         <rect y=\"{BAND}\" width=\"{w}\" height=\"8\" fill=\"{GOLD}\"/>\n\
         <rect y=\"{}\" width=\"{w}\" height=\"10\" fill=\"{RED}\"/>\n",
        h - 10.0
    );
    let site = crate::measure::truncate(c.site, 38.0, true, inner);
    text(&mut out, MARGIN, 72.0, 38.0, true, "#ffffff", &site);
    let top = BAND + 8.0;
    match (c.figure, c.chart) {
        (Some((value, label)), _) => {
            let lines = wrap(c.title, 50.0, true, inner, 3);
            let mut y = top + 80.0;
            for l in &lines {
                text(&mut out, MARGIN, y, 50.0, true, HEAD, l);
                y += 64.0;
            }
            let size = 120.0;
            text(&mut out, MARGIN, h - 90.0, size, true, RED, value);
            let x = MARGIN + text_width(value, size, true) + 28.0;
            for (i, l) in wrap(label, 34.0, false, w - MARGIN - x, 2)
                .iter()
                .enumerate()
            {
                text(
                    &mut out,
                    x,
                    h - 140.0 + 44.0 * i as f64,
                    34.0,
                    false,
                    MUTED,
                    l,
                );
            }
        }
        (None, Some(chart)) => {
            let lines = wrap(c.title, 44.0, true, inner, 2);
            let mut y = top + 66.0;
            for l in &lines {
                text(&mut out, MARGIN, y, 44.0, true, HEAD, l);
                y += 56.0;
            }
            let area_top = y - 20.0;
            let area_h = h - 24.0 - area_top;
            // The chart's own viewBox scales it into the space left, centred.
            let body = chart.find("<svg").map_or(chart, |i| &chart[i..]).replacen(
                "<svg",
                &format!(
                    "<svg x=\"{MARGIN}\" y=\"{area_top}\" width=\"{inner}\" height=\"{area_h}\""
                ),
                1,
            );
            out.push_str(&strip_size(&body));
            out.push('\n');
        }
        (None, None) => {
            let lines = wrap(c.title, 60.0, true, inner, 4);
            let mut y = top + 100.0;
            for l in &lines {
                text(&mut out, MARGIN, y, 60.0, true, HEAD, l);
                y += 78.0;
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// A nested chart's root element without its own `width`/`height` (those given first win in
/// usvg only when unique): keep the first of each.
fn strip_size(svg: &str) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_string();
    };
    let (head, rest) = svg.split_at(end);
    let mut seen_w = false;
    let mut seen_h = false;
    let mut kept = Vec::new();
    for part in head.split(' ') {
        let drop = (part.starts_with("width=") && std::mem::replace(&mut seen_w, true))
            || (part.starts_with("height=") && std::mem::replace(&mut seen_h, true));
        if !drop {
            kept.push(part);
        }
    }
    format!("{}{rest}", kept.join(" "))
}

/// The card as PNG bytes. A card of text alone has a few dozen colours (the band, the ink and
/// their anti-aliased edges): it is written with a palette, lossless and a third of the RGB
/// file (22 KB, not 79, for a title); a card with a chart has hundreds and is written as RGB.
/// Fast deflate either way (tiny-skia's own encoder, RGBA at the default level, took 9 ms of
/// the 12 a card cost). At 10,000 bulletins the cards are read from the cache and written on
/// every build: their size is their cost.
pub fn card_png(c: &Card) -> Result<Vec<u8>, String> {
    let pixmap = crate::png::svg_to_pixmap(&card_svg(c), CARD_WIDTH)?;
    // Every pixel is opaque (the card's background is), so premultiplied is plain RGB.
    let (w, h) = (pixmap.width(), pixmap.height());
    let mut out = Vec::with_capacity(32 * 1024);
    let mut encoder = png::Encoder::new(&mut out, w, h);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    let data = match palette(pixmap.data()) {
        Some((colours, indices)) => {
            encoder.set_color(png::ColorType::Indexed);
            encoder.set_palette(colours);
            indices
        }
        None => {
            encoder.set_color(png::ColorType::Rgb);
            pixmap
                .data()
                .chunks_exact(4)
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect()
        }
    };
    let mut writer = encoder
        .write_header()
        .map_err(|e| format!("card PNG: {e}"))?;
    writer
        .write_image_data(&data)
        .map_err(|e| format!("card PNG: {e}"))?;
    writer.finish().map_err(|e| format!("card PNG: {e}"))?;
    Ok(out)
}

/// The pixels (RGBA) as a palette (RGB triples, in order of first appearance) and one index a
/// pixel, when they have at most 256 colours.
fn palette(rgba: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let mut colours: Vec<[u8; 3]> = Vec::with_capacity(256);
    let mut indices = Vec::with_capacity(rgba.len() / 4);
    let mut last: Option<([u8; 3], u8)> = None;
    for p in rgba.chunks_exact(4) {
        let rgb = [p[0], p[1], p[2]];
        // Most pixels repeat the one before (flat areas): no search for them.
        let index = match last {
            Some((c, i)) if c == rgb => i,
            _ => {
                let i = match colours.iter().position(|c| *c == rgb) {
                    Some(i) => i,
                    None if colours.len() < 256 => {
                        colours.push(rgb);
                        colours.len() - 1
                    }
                    None => return None,
                } as u8;
                last = Some((rgb, i));
                i
            }
        };
        indices.push(index);
    }
    Some((colours.concat(), indices))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::png::png_size;

    #[test]
    fn a_card_is_1200_by_630_and_the_same_bytes_twice() {
        let c = Card {
            site: "Chi cục Thi hành án dân sự huyện Đại Từ",
            title: "Đại Từ hoàn thành vượt chỉ tiêu thi hành án năm 2023, về tiền đạt 62,28%",
            ..Card::default()
        };
        let a = card_png(&c).unwrap();
        assert_eq!(png_size(&a), Some((1200, 630)));
        assert!(a == card_png(&c).unwrap());
        // Text alone: a few colours, written with a palette (PNG colour type 3).
        assert_eq!(a[25], 3, "indexed colour");
        let svg = card_svg(&c);
        assert!(svg.contains("Đại Từ hoàn thành"), "{svg}");
    }

    #[test]
    fn a_figure_and_a_chart_are_drawn_and_change_the_picture() {
        let base = Card {
            site: "THADS Thái Nguyên",
            title: "Kết quả năm 2023",
            ..Card::default()
        };
        let with_figure = Card {
            figure: Some(("90,07%", "tỷ lệ thi hành xong về việc, năm 2023")),
            ..base
        };
        let chart = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"560\" height=\"360\" viewBox=\"0 0 560 360\"><rect width=\"560\" height=\"360\" fill=\"#1f3a5f\"/></svg>";
        let with_chart = Card {
            chart: Some(chart),
            ..base
        };
        let plain = card_png(&base).unwrap();
        let f = card_png(&with_figure).unwrap();
        let ch = card_png(&with_chart).unwrap();
        assert!(plain != f && plain != ch && f != ch);
        // Decoded, the palette card is the picture drawn, pixel for pixel.
        let drawn = crate::png::svg_to_pixmap(&card_svg(&base), CARD_WIDTH).unwrap();
        let (colours, indices) = palette(drawn.data()).expect("a few colours");
        for (i, p) in drawn.data().chunks_exact(4).enumerate() {
            let at = usize::from(indices[i]) * 3;
            assert_eq!(&colours[at..at + 3], &p[..3]);
        }
        assert!(palette(&[1, 2, 3, 255]).is_some());
        let many: Vec<u8> = (0..300u32)
            .flat_map(|i| [(i % 256) as u8, (i / 256) as u8, 0, 255])
            .collect();
        assert!(palette(&many).is_none(), "over 256 colours: RGB");
        let svg = card_svg(&with_chart);
        let nested = &svg[svg.find("<svg x=").unwrap()..];
        let tag = &nested[..nested.find('>').unwrap()];
        assert_eq!(
            tag.matches(" width=").count(),
            1,
            "one width on the nested chart: {tag}"
        );
        assert_eq!(tag.matches(" height=").count(), 1, "{tag}");
        assert!(card_svg(&with_figure).contains(">90,07%<"));
    }

    #[test]
    #[ignore = "a measure, not a check: cargo test -p bantin-charts --release card_cost -- --ignored --nocapture"]
    fn card_cost() {
        let c = Card {
            site: "Hệ thống cơ quan thi hành án dân sự",
            title: "Thi hành án dân sự tỉnh số 12 tổ chức cưỡng chế giao tài sản cho người mua trúng đấu giá",
            ..Card::default()
        };
        let t = std::time::Instant::now();
        let n = 50;
        let mut bytes = 0;
        for _ in 0..n {
            bytes += card_png(&c).unwrap().len();
        }
        println!(
            "{:.2} ms a card, {} bytes",
            t.elapsed().as_secs_f64() * 1000.0 / n as f64,
            bytes / n
        );
    }

    #[test]
    fn markup_in_a_title_is_text() {
        let c = Card {
            site: "a & b",
            title: "<script>x</script> \"q\"",
            ..Card::default()
        };
        let svg = card_svg(&c);
        assert!(svg.contains("&lt;script&gt;") && svg.contains("a &amp; b"));
        assert!(card_png(&c).is_ok());
    }
}
