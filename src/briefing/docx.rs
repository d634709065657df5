//! The briefing as a Word document, in the form of Nghị định 30/2020/NĐ-CP, Appendix I: A4
//! portrait with the decree's margins, Times New Roman, the header block and the signature block
//! as borderless tables, page numbers centred in the top margin from page 2. Built with docx-rs;
//! [`super::docx_fix`] adds the little docx-rs 0.4.22 cannot write (pictures' alt text, header
//! rows repeated on each page). Every word comes from the [`Report`]; same input, same bytes.

use std::io::Cursor;

use bantin_charts::{Chart, PRINT_WIDTH_PX, png_size, svg_to_png};
use docx_rs as w;
use unicode_normalization::UnicodeNormalization;
use w::{
    AlignmentType, BorderType, LineSpacing, LineSpacingType, SpecialIndentType, TableBorder,
    TableBorderPosition, TableBorders, TableLayoutType, VAlignType, WidthType,
};

use super::docx_fix::{self, Picture};
use super::report::{Figure, Part, Report, Table};

// Lengths in twentieths of a point (twips): 1 mm = 1440 / 25.4 twips.
/// A4, 210 × 297 mm.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
/// The decree's margins: top and bottom 20 mm, left 30 mm, right 15 mm.
const MARGIN_TOP: i32 = 1134;
const MARGIN_BOTTOM: i32 = 1134;
const MARGIN_LEFT: i32 = 1701;
const MARGIN_RIGHT: i32 = 850;
/// The header (page number) sits 10 mm from the top edge, inside the top margin.
const HEADER_DIST: i32 = 567;
/// Width between the margins: 165 mm.
const TEXT_W: i32 = PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT;
/// Word's default cell padding, left and right.
const CELL_PAD: i32 = 108;
/// First-line indent of body paragraphs: 1.27 cm.
const FIRST_LINE: i32 = 720;
/// Line spacing of body paragraphs, in 240ths of a line: 1.2 lines, between the decree's single
/// and 1.5.
const BODY_LINE: i32 = 288;
/// 6 pt after each body paragraph.
const BODY_AFTER: u32 = 120;

// Font sizes in half-points.
const PT14: usize = 28;
const PT13: usize = 26;
const PT12: usize = 24;
const PT11: usize = 22;

/// The font named for every script, so Word and LibreOffice pick the same face for Vietnamese.
const FONT: &str = "Times New Roman";
/// The paragraph style of body text (justified, first line indented); its name shows in Word's
/// style list.
const BODY_STYLE: &str = "BodyText";

/// Charts are shown across the 16.5 cm between the margins (in EMU: 360 000 per cm): their
/// smallest text, 13.5 of 560 units, is then 11.3 pt (issue 19: no printed text under 11 pt).
pub(crate) const FIGURE_W_EMU: u32 = 5_940_000;

/// The left column of the header block: 40% of the width; the right holds the national title.
const HEADER_LEFT_W: i32 = TEXT_W * 2 / 5;
/// The left column of the end (recipients); the right holds the signer.
const END_LEFT_W: i32 = TEXT_W * 9 / 20;

/// Creation and modification dates written in `docProps/core.xml`: fixed, so the same report
/// gives the same bytes (the office's own save sets the real ones).
const FIXED_DATE: &str = "1980-01-01T00:00:00Z";

/// The Word document of `report`. `charts[i]` is the rendered chart of the report's i-th figure,
/// counting across parts in order.
pub fn docx_bytes(report: &Report, charts: &[Chart]) -> Result<Vec<u8>, String> {
    let figures: Vec<&Figure> = report.parts.iter().flat_map(|p| &p.figures).collect();
    if figures.len() != charts.len() {
        return Err(format!(
            "the report has {} figures but {} charts were given",
            figures.len(),
            charts.len()
        ));
    }
    let mut pictures = Vec::with_capacity(charts.len());
    let mut pics = Vec::with_capacity(charts.len());
    for (i, (figure, chart)) in figures.iter().zip(charts).enumerate() {
        let png = svg_to_png(&chart.svg, PRINT_WIDTH_PX)?;
        let (w_px, h_px) =
            png_size(&png).ok_or_else(|| format!("chart {}: not a PNG", chart.file_name))?;
        let (vb_w, vb_h) =
            view_box(&chart.svg).ok_or_else(|| format!("chart {}: no viewBox", chart.file_name))?;
        let height_emu = (f64::from(FIGURE_W_EMU) * vb_h / vb_w).round() as u32;
        // docx-rs numbers pictures from a process-wide counter: give each its place instead.
        let pic = w::Pic::new_with_dimensions(png, w_px, h_px)
            .id(format!("rIdImage{}", i + 1))
            .size(FIGURE_W_EMU, height_emu);
        pics.push(pic);
        pictures.push(Picture {
            name: chart.file_name.replace(".svg", ".png"),
            descr: figure.alt.clone(),
        });
    }

    let mut doc = w::Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            w::PageMargin::new()
                .top(MARGIN_TOP)
                .bottom(MARGIN_BOTTOM)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(HEADER_DIST)
                .footer(HEADER_DIST)
                .gutter(0),
        )
        .default_fonts(
            w::RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .cs(FONT)
                .east_asia(FONT),
        )
        .default_size(PT14)
        .default_line_spacing(single(0, 0))
        .add_style(
            w::Style::new(BODY_STYLE, w::StyleType::Paragraph)
                .name("Body Text")
                .based_on("Normal")
                .align(AlignmentType::Both)
                .indent(
                    None,
                    Some(SpecialIndentType::FirstLine(FIRST_LINE)),
                    None,
                    None,
                )
                .line_spacing(
                    LineSpacing::new()
                        .before(0)
                        .after(BODY_AFTER)
                        .line(BODY_LINE)
                        .line_rule(LineSpacingType::Auto),
                ),
        )
        .first_header(first_page_header(report))
        .header(page_header(report))
        .title_pg()
        .created_at(FIXED_DATE)
        .updated_at(FIXED_DATE);

    doc = doc.add_table(header_block(report));
    doc = doc
        .add_paragraph(
            centred(0)
                .line_spacing(single(360, 0))
                .add_run(text(&report.doc_type, PT14).bold()),
        )
        .add_paragraph(centred(0).add_run(text(&report.subject, PT14).bold()))
        .add_paragraph(rule(
            bold_width(&report.subject, PT14).min(TEXT_W) * 2 / 5,
            TEXT_W,
            240,
        ))
        .add_paragraph(body().add_run(text(&report.intro, PT14)));
    let mut pics = pics.into_iter();
    for part in &report.parts {
        doc = add_part(doc, part, &mut pics);
    }
    doc = doc.add_paragraph(spacer(240)).add_table(end_block(report));

    let mut xml = doc.build();
    let tables = report.parts.iter().filter(|p| p.table.is_some()).count();
    xml.document = docx_fix::fix_document(&xml.document, &pictures, tables)?;
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|e| format!("Word document: {e}"))?;
    Ok(out.into_inner())
}

/// One numbered part: heading, paragraphs, table, figures, list, notes.
fn add_part(mut doc: w::Docx, part: &Part, pics: &mut impl Iterator<Item = w::Pic>) -> w::Docx {
    // Outline level 1: Word's navigation pane and a PDF's bookmarks list the parts.
    doc = doc.add_paragraph(
        body()
            .keep_next(true)
            .outline_lvl(0)
            .add_run(text(&part.heading, PT14).bold()),
    );
    for p in &part.paragraphs {
        doc = doc.add_paragraph(body().add_run(text(p, PT14)));
    }
    if let Some(table) = &part.table {
        doc = doc
            .add_paragraph(
                centred(60)
                    .line_spacing(single(120, 60))
                    .keep_next(true)
                    .add_run(text(&table.caption, PT13).bold()),
            )
            .add_table(figures_table(table))
            .add_paragraph(spacer(120));
    }
    for figure in &part.figures {
        // The caller made one picture per figure.
        let Some(pic) = pics.next() else { break };
        doc = doc
            .add_paragraph(
                centred(0)
                    .line_spacing(single(120, 60))
                    .keep_next(true)
                    .add_run(w::Run::new().add_image(pic)),
            )
            .add_paragraph(centred(BODY_AFTER).add_run(text(&figure.title, PT13).italic()));
    }
    for item in &part.items {
        doc = doc.add_paragraph(body().add_run(text(&format!("- {item}"), PT14)));
    }
    for note in &part.notes {
        doc = doc.add_paragraph(
            body()
                .line_spacing(single(0, 60))
                .add_run(text(note, PT12).italic()),
        );
    }
    doc
}

/// The header block: issuing body and number on the left, national title, motto and place and
/// date on the right; two rows, so the number and the date share a line.
fn header_block(r: &Report) -> w::Table {
    let h = &r.header;
    let left_in = HEADER_LEFT_W - 2 * CELL_PAD;
    let right_in = TEXT_W - HEADER_LEFT_W - 2 * CELL_PAD;
    let mut left = Vec::new();
    if let Some(parent) = &h.parent_body {
        left.push(centred(0).add_run(text(parent, PT13)));
    }
    left.push(centred(0).add_run(text(&h.issuing_body, PT13).bold()));
    left.push(rule(
        bold_width(&h.issuing_body, PT13).min(left_in) * 2 / 5,
        left_in,
        0,
    ));
    let right = vec![
        centred(0).add_run(text(&h.nation, PT12).bold()),
        centred(0).add_run(text(&h.motto, PT13).bold()),
        rule(bold_width(&h.motto, PT13).min(right_in), right_in, 0),
    ];
    let number = vec![
        centred(0)
            .line_spacing(single(120, 0))
            .add_run(text(&h.number, PT13)),
    ];
    let date = vec![
        centred(0)
            .line_spacing(single(120, 0))
            .add_run(text(&h.place_date, PT14).italic()),
    ];
    layout_table(
        HEADER_LEFT_W,
        vec![
            layout_row(HEADER_LEFT_W, left, right),
            layout_row(HEADER_LEFT_W, number, date),
        ],
    )
}

/// The end: recipients on the left, the signer on the right.
fn end_block(r: &Report) -> w::Table {
    let mut left = vec![left_aligned().add_run(text(&r.recipients_label, PT12).bold().italic())];
    for recipient in &r.recipients {
        left.push(left_aligned().add_run(text(&format!("- {recipient}"), PT11)));
    }
    let s = &r.signer;
    let mut right = Vec::new();
    if let Some(on_behalf) = &s.on_behalf {
        right.push(centred(0).add_run(text(on_behalf, PT14).bold()));
    }
    right.push(centred(0).add_run(text(&s.position, PT14).bold()));
    // Room for the signature and the seal, about 3 cm.
    for _ in 0..5 {
        right.push(centred(0));
    }
    if let Some(name) = &s.name {
        right.push(centred(0).add_run(text(name, PT14).bold()));
    }
    layout_table(END_LEFT_W, vec![layout_row(END_LEFT_W, left, right)])
}

/// The figures as a bordered table: header row bold and repeated on each page, rows kept
/// whole, numbers right-aligned, the report's own unit in bold.
fn figures_table(t: &Table) -> w::Table {
    let widths = column_widths(t.head.len().max(1));
    let cell = |i: usize, s: &str, bold: bool, align: AlignmentType| {
        let mut run = text(s, PT13);
        if bold {
            run = run.bold();
        }
        w::TableCell::new()
            .width(widths[i.min(widths.len() - 1)] as usize, WidthType::Dxa)
            .vertical_align(VAlignType::Center)
            .add_paragraph(
                w::Paragraph::new()
                    .align(align)
                    .line_spacing(single(40, 40))
                    .add_run(run),
            )
    };
    let head = t
        .head
        .iter()
        .enumerate()
        .map(|(i, s)| cell(i, s, true, AlignmentType::Center))
        .collect();
    // cantSplit on the first row marks it as the table's header for docx_fix.
    let mut rows = vec![w::TableRow::new(head).cant_split()];
    for row in &t.rows {
        let cells = row
            .cells
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let numeric = t.numeric.get(i).copied().unwrap_or(false);
                let align = if numeric {
                    AlignmentType::Right
                } else {
                    AlignmentType::Left
                };
                cell(i, s, row.lead, align)
            })
            .collect();
        rows.push(w::TableRow::new(cells).cant_split());
    }
    fixed_table(rows, widths, BorderType::Single, 4)
}

/// A table of fixed column widths across the text width, every border (outer and inner) of one
/// kind and size.
fn fixed_table(
    rows: Vec<w::TableRow>,
    widths: Vec<i32>,
    kind: BorderType,
    size: usize,
) -> w::Table {
    let borders = [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::with_empty(), |b, pos| {
        b.set(TableBorder::new(pos).border_type(kind).size(size))
    });
    w::Table::new(rows)
        .set_grid(widths.iter().map(|&w| w as usize).collect())
        .width(TEXT_W as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(borders)
}

/// The first column (what a row is) takes a third of the width, or more with few columns; the
/// others share the rest.
fn column_widths(n: usize) -> Vec<i32> {
    if n == 1 {
        return vec![TEXT_W];
    }
    let first = if n == 2 { TEXT_W / 2 } else { TEXT_W * 7 / 20 };
    let rest = (TEXT_W - first) / (n as i32 - 1);
    let mut widths = vec![first];
    widths.extend(std::iter::repeat_n(rest, n - 1));
    // Rounding goes to the first column so the widths add up to the text width.
    widths[0] += TEXT_W - widths.iter().sum::<i32>();
    widths
}

/// A two-column table with no border at all (a layout grid, as offices draw these blocks).
fn layout_table(left_w: i32, rows: Vec<w::TableRow>) -> w::Table {
    fixed_table(rows, vec![left_w, TEXT_W - left_w], BorderType::None, 0)
}

fn layout_row(left_w: i32, left: Vec<w::Paragraph>, right: Vec<w::Paragraph>) -> w::TableRow {
    let cell = |width: i32, paragraphs: Vec<w::Paragraph>| {
        paragraphs.into_iter().fold(
            w::TableCell::new().width(width as usize, WidthType::Dxa),
            w::TableCell::add_paragraph,
        )
    };
    w::TableRow::new(vec![cell(left_w, left), cell(TEXT_W - left_w, right)])
}

/// The first page's header: nothing but, in an internal report, the internal label.
fn first_page_header(r: &Report) -> w::Header {
    let mut p = left_aligned().align(AlignmentType::Right);
    if r.internal {
        p = p.add_run(text(&r.internal_label, PT11).italic());
    }
    w::Header::new().add_paragraph(p)
}

/// The header from page 2: the page number centred (a PAGE field), and in an internal report
/// the internal label at the right, on the same line so the header stays inside the top margin.
fn page_header(r: &Report) -> w::Header {
    let mut p = left_aligned()
        .add_tab(
            w::Tab::new()
                .val(w::TabValueType::Center)
                .pos((TEXT_W / 2) as usize),
        )
        .add_tab(
            w::Tab::new()
                .val(w::TabValueType::Right)
                .pos(TEXT_W as usize),
        )
        .add_run(w::Run::new().add_tab().size(PT13))
        .add_page_num(w::PageNum::new());
    if r.internal {
        p = p.add_run(
            w::Run::new()
                .add_tab()
                .add_text(&r.internal_label)
                .size(PT11)
                .italic(),
        );
    }
    w::Header::new().add_paragraph(p)
}

/// A body paragraph: justified, first line indented, 6 pt after.
fn body() -> w::Paragraph {
    w::Paragraph::new().style(BODY_STYLE)
}

/// A centred paragraph, single-spaced, `after` twips below it.
fn centred(after: u32) -> w::Paragraph {
    w::Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(single(0, after))
}

fn left_aligned() -> w::Paragraph {
    w::Paragraph::new()
        .align(AlignmentType::Left)
        .line_spacing(single(0, 0))
}

/// Single line spacing with `before` and `after` twips.
fn single(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new()
        .before(before)
        .after(after)
        .line(240)
        .line_rule(LineSpacingType::Auto)
}

/// An empty paragraph `height` twips high, for space between blocks.
fn spacer(height: i32) -> w::Paragraph {
    w::Paragraph::new().size(2).line_spacing(
        LineSpacing::new()
            .before(0)
            .after(0)
            .line(height)
            .line_rule(LineSpacingType::Exact),
    )
}

/// A horizontal rule `width` twips long, centred in `within`: an empty paragraph 3 pt high with
/// only a bottom border, indented on both sides. `after` twips follow it.
fn rule(width: i32, within: i32, after: u32) -> w::Paragraph {
    let side = ((within - width) / 2).max(0);
    let mut p = w::Paragraph::new()
        .size(2)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(after)
                .line(60)
                .line_rule(LineSpacingType::Exact),
        );
    p.property = p.property.set_borders(
        w::ParagraphBorders::with_empty().set(
            w::ParagraphBorder::new(w::ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6)
                .space(1)
                .color("000000"),
        ),
    );
    p
}

fn text(s: &str, size: usize) -> w::Run {
    w::Run::new().add_text(s).size(size)
}

/// The width of `s` set in Times New Roman Bold at `size` half-points, in twips, to draw a rule
/// as long as a line (the decree asks it of the motto). From the widths of the standard Times
/// Bold metrics, per mille of the em, by the base letter (a Vietnamese letter is as wide as its
/// base; Đ as D).
fn bold_width(s: &str, size: usize) -> i32 {
    let per_mille: u32 = s
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| match c {
            'A' | 'C' | 'D' | 'N' | 'R' | 'U' | 'V' | 'X' | 'Y' | 'w' | 'Đ' => 722,
            'B' | 'E' | 'L' | 'T' | 'Z' => 667,
            'F' | 'P' => 611,
            'G' | 'H' | 'K' | 'O' | 'Q' => 778,
            'I' => 389,
            'J' => 500,
            'M' => 944,
            'S' => 556,
            'W' | '%' => 1000,
            'b' | 'd' | 'h' | 'k' | 'n' | 'p' | 'q' | 'u' | 'đ' => 556,
            'c' | 'e' | 'r' | 'z' => 444,
            'f' | 'j' | 't' | '-' | ':' | '(' | ')' => 333,
            'i' | 'l' | '/' => 278,
            'm' => 833,
            's' => 389,
            ' ' | ',' | '.' => 250,
            _ => 500,
        })
        .sum();
    // size is in half-points: twips = per_mille / 1000 × size / 2 × 20.
    (f64::from(per_mille) * size as f64 / 100.0).round() as i32
}

/// The width and height of an SVG's `viewBox`.
fn view_box(svg: &str) -> Option<(f64, f64)> {
    let start = svg.find("viewBox=\"")? + "viewBox=\"".len();
    let end = start + svg[start..].find('"')?;
    let nums: Vec<f64> = svg[start..end]
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match nums[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}
