//! Tests of the Word document: page, margins, fonts, the header and end blocks, the figures
//! table, pictures' alt text, page numbers from page 2, the internal label, identical bytes.
//! With `BANTIN_DOCX_OUT=DIR`, the fixture's documents are also written there (for
//! `scripts/docx-check.py` and `scripts/docx-pdf-check.sh`).

use std::io::Read;

use bantin_charts::Chart;
use bantin_model::{ChartKind, ChartSpec};

use super::docx::docx_bytes;
use super::report::{Figure, Header, Part, PeriodInfo, Report, Row, Signer, Table};

/// A real chart's SVG: a snapshot of the charts crate (after the snapshot's header).
fn snapshot_svg(snap: &'static str) -> &'static str {
    let body = snap.splitn(3, "---\n").nth(2).unwrap_or_default();
    assert!(body.starts_with("<svg"), "not a chart snapshot");
    body
}

fn charts() -> Vec<Chart> {
    let chart = |snap, title: &str, file: &str| Chart {
        svg: snapshot_svg(snap).to_string(),
        title: title.into(),
        desc: String::new(),
        file_name: file.into(),
        narrow_svg: String::new(),
    };
    vec![
        chart(
            include_str!("../../crates/charts/src/snapshots/bantin_charts__tests__yearly.snap"),
            "Tỷ lệ thi hành xong so với chỉ tiêu – Chi cục THADS Đại Từ",
            "yearly-dai-tu-2021-2023.svg",
        ),
        chart(
            include_str!("../../crates/charts/src/snapshots/bantin_charts__tests__compare.snap"),
            "Tỷ lệ thi hành xong của các Chi cục năm 2023",
            "compare-cuc-thai-nguyen-2023.svg",
        ),
    ]
}

fn spec(kind: ChartKind) -> ChartSpec {
    ChartSpec {
        kind,
        units: vec!["dai-tu".into()],
        year: Some(2023),
        years: Some((2021, 2023)),
        title: None,
    }
}

/// A report as the builder would make it: Đại Từ's year 2023.
pub(super) fn fixture(internal: bool) -> Report {
    let row = |cells: &[&str], lead: bool| Row {
        cells: cells.iter().map(|s| s.to_string()).collect(),
        lead,
    };
    Report {
        internal,
        internal_label: "Tài liệu nội bộ".into(),
        header: Header {
            parent_body: Some("CỤC THI HÀNH ÁN DÂN SỰ TỈNH THÁI NGUYÊN".into()),
            issuing_body: "CHI CỤC THI HÀNH ÁN DÂN SỰ HUYỆN ĐẠI TỪ".into(),
            nation: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
            motto: "Độc lập - Tự do - Hạnh phúc".into(),
            number: "Số:      /BC-CCTHADS".into(),
            place_date: "Đại Từ, ngày      tháng      năm 2023".into(),
        },
        doc_type: "BÁO CÁO".into(),
        subject: "Kết quả công tác thi hành án dân sự năm 2023".into(),
        intro: "Thực hiện chế độ báo cáo thống kê thi hành án dân sự, Chi cục Thi hành án \
                dân sự huyện Đại Từ báo cáo kết quả công tác thi hành án dân sự năm 2023 (từ \
                ngày 01/10/2022 đến ngày 30/09/2023) như sau:"
            .into(),
        parts: vec![
            Part {
                heading: "I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU".into(),
                paragraphs: vec![
                    "Năm 2023, Chi cục thi hành xong 90,07% số việc có điều kiện thi hành, \
                     vượt 5,57% so với chỉ tiêu được giao (84,50%, suy ra)."
                        .into(),
                    "Về tiền, Chi cục thi hành xong 62,28% số tiền có điều kiện thi hành, \
                     vượt 14,28% so với chỉ tiêu (48,00%, suy ra)."
                        .into(),
                ],
                table: Some(Table {
                    caption: "Bảng 1. Kết quả thi hành án năm 2021–2023".into(),
                    head: vec![
                        "Chỉ tiêu".into(),
                        "Năm 2021".into(),
                        "Năm 2022".into(),
                        "Năm 2023".into(),
                    ],
                    rows: vec![
                        row(&["Tỷ lệ xong về việc", "85,71%", "88,62%", "90,07%"], true),
                        row(&["Chỉ tiêu về việc", "84,00%", "84,00%", "84,50%"], false),
                        row(&["Tỷ lệ xong về tiền", "56,49%", "53,88%", "62,28%"], true),
                        row(&["Chỉ tiêu về tiền", "35,71%", "43,60%", "48,00%"], false),
                    ],
                    numeric: vec![false, true, true, true],
                }),
                figures: vec![Figure {
                    spec: spec(ChartKind::Yearly),
                    title: "Biểu đồ 1. Tỷ lệ thi hành xong so với chỉ tiêu, 2021–2023".into(),
                    alt: "Biểu đồ cột: năm 2023 về việc 90,07%, chỉ tiêu 84,50% (suy ra), \
                          vượt 5,57%; về tiền 62,28%, chỉ tiêu 48,00% (suy ra), vượt 14,28%."
                        .into(),
                }],
                items: vec![],
                notes: vec![
                    "Nguồn: báo cáo thống kê thi hành án dân sự năm 2021, 2022, 2023. \
                     Chỉ tiêu \"(suy ra)\" là chỉ tiêu tính từ số liệu đã công bố."
                        .into(),
                ],
            },
            Part {
                heading: "II. SO SÁNH VỚI CÁC ĐƠN VỊ TRONG TỈNH".into(),
                paragraphs: vec![
                    "Tỷ lệ thi hành xong về việc của Chi cục đứng thứ 2/9 đơn vị trong tỉnh."
                        .into(),
                ],
                table: None,
                figures: vec![Figure {
                    spec: spec(ChartKind::Compare),
                    title: "Biểu đồ 2. Tỷ lệ thi hành xong của các Chi cục năm 2023".into(),
                    alt: "Biểu đồ thanh: tỷ lệ thi hành xong về việc của các Chi cục năm 2023."
                        .into(),
                }],
                items: vec![
                    "Kế hoạch số 15/KH-CCTHADS ngày 10/10/2022 về công tác năm 2023.".into(),
                    "Chỉ thị số 02/CT-TCTHADS ngày 01/11/2022 của Tổng cục trưởng.".into(),
                ],
                notes: vec![],
            },
        ],
        signer: Signer {
            on_behalf: Some("KT. CHI CỤC TRƯỞNG".into()),
            position: "PHÓ CHI CỤC TRƯỞNG".into(),
            name: Some("Nguyễn Văn An".into()),
        },
        recipients_label: "Nơi nhận:".into(),
        recipients: vec![
            "Cục THADS tỉnh Thái Nguyên;".into(),
            "Huyện ủy, UBND huyện Đại Từ;".into(),
            "Lưu: VT, HSBC.".into(),
        ],
        period: PeriodInfo {
            code: "2023".into(),
            label: "năm 2023".into(),
            start: "01/10/2022".into(),
            end: "30/09/2023".into(),
        },
    }
}

/// The parts of a .docx, by name.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

fn part(parts: &[(String, Vec<u8>)], name: &str) -> String {
    let (_, data) = parts
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(data.clone()).unwrap()
}

#[test]
fn writes_the_fixture_when_asked() {
    let Ok(dir) = std::env::var("BANTIN_DOCX_OUT") else {
        return;
    };
    std::fs::create_dir_all(&dir).unwrap();
    for (internal, name) in [(false, "bao-cao.docx"), (true, "bao-cao-noi-bo.docx")] {
        let bytes = docx_bytes(&fixture(internal), &charts()).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(name), bytes).unwrap();
    }
}

fn document(bytes: &[u8]) -> String {
    part(&unzip(bytes), "word/document.xml")
}

/// The `<w:tbl>…</w:tbl>` elements of `xml`, in order.
fn tables(xml: &str) -> Vec<&str> {
    xml.match_indices("<w:tbl>")
        .map(|(at, _)| &xml[at..at + xml[at..].find("</w:tbl>").unwrap() + "</w:tbl>".len()])
        .collect()
}

#[test]
fn page_is_a4_with_the_decrees_margins() {
    let xml = document(&docx_bytes(&fixture(false), &charts()).unwrap());
    // 210 × 297 mm; margins 20, 20, 30, 15 mm: mm × 1440 / 25.4, rounded.
    let twips = |mm: f64| (mm * 1440.0 / 25.4).round() as i64;
    assert_eq!((twips(210.0), twips(297.0)), (11906, 16838));
    assert_eq!((twips(20.0), twips(30.0), twips(15.0)), (1134, 1701, 850));
    assert!(xml.contains(r#"<w:pgSz w:w="11906" w:h="16838" />"#));
    assert!(xml.contains(r#"<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701""#));
    assert_eq!(xml.matches("<w:sectPr>").count(), 1);
}

#[test]
fn the_font_is_times_new_roman_and_body_text_is_14_pt_justified() {
    let parts = unzip(&docx_bytes(&fixture(false), &charts()).unwrap());
    let styles = part(&parts, "word/styles.xml");
    assert!(styles.contains(
        r#"<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" />"#
    ));
    assert!(styles.contains(r#"<w:rPrDefault><w:rPr><w:sz w:val="28" />"#));
    let body = &styles[styles.find(r#"w:styleId="BodyText""#).unwrap()..];
    for want in [
        r#"<w:jc w:val="both" />"#,
        r#"w:firstLine="720""#,
        r#"w:after="120" w:line="288" w:lineRule="auto""#,
    ] {
        assert!(body.contains(want), "{want}");
    }
    // No run anywhere is set under 11 pt (the 1 pt paragraphs that draw rules hold no text).
    let xml = part(&parts, "word/document.xml");
    for (at, _) in xml.match_indices("<w:sz w:val=\"") {
        let size: u32 = xml[at + 13..].split('"').next().unwrap().parse().unwrap();
        assert!(size >= 22 || size == 2, "size {size}");
    }
    for p in xml
        .split("<w:p ")
        .filter(|p| p.contains(r#"<w:sz w:val="2" />"#))
    {
        assert!(!p.contains("<w:t xml:space"), "text in a rule: {p}");
    }
}

#[test]
fn the_header_and_end_blocks_are_borderless_tables() {
    let report = fixture(false);
    let xml = document(&docx_bytes(&report, &charts()).unwrap());
    let tables = tables(&xml);
    assert_eq!(tables.len(), 3, "header block, figures table, end block");
    for layout in [tables[0], tables[2]] {
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            assert!(
                layout.contains(&format!(r#"<w:{side} w:val="none""#)),
                "{side}"
            );
        }
        assert!(!layout.contains(r#"w:val="single""#) || layout.contains("<w:pBdr>"));
        assert!(!layout.contains("<w:tcBorders>"));
    }
    let header = tables[0];
    let h = &report.header;
    for text in [
        h.parent_body.as_deref().unwrap(),
        &h.issuing_body,
        &h.nation,
        &h.motto,
        &h.number,
        &h.place_date,
    ] {
        assert!(header.contains(text), "{text}");
    }
    // The issuing body's and the motto's rules: paragraphs with only a bottom border.
    assert_eq!(
        header
            .matches(r#"<w:pBdr><w:bottom w:val="single""#)
            .count(),
        2
    );
    let end = tables[2];
    assert!(end.contains(&report.recipients_label));
    assert!(end.contains("- Lưu: VT, HSBC."));
    assert!(end.contains("KT. CHI CỤC TRƯỞNG") && end.contains("Nguyễn Văn An"));
}

#[test]
fn the_figures_table_holds_the_figures_with_a_repeated_header_row() {
    let xml = document(&docx_bytes(&fixture(false), &charts()).unwrap());
    let table = tables(&xml)[1];
    for figure in ["90,07%", "62,28%", "85,71%", "Năm 2023"] {
        assert!(table.contains(&format!(">{figure}</w:t>")), "{figure}");
    }
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        assert!(
            table.contains(&format!(r#"<w:{side} w:val="single""#)),
            "{side}"
        );
    }
    let rows: Vec<&str> = table.split("<w:tr>").skip(1).collect();
    assert_eq!(rows.len(), 5);
    assert!(rows[0].starts_with("<w:trPr><w:cantSplit /><w:tblHeader /></w:trPr>"));
    assert!(
        rows[1..]
            .iter()
            .all(|r| r.starts_with("<w:trPr><w:cantSplit /></w:trPr>"))
    );
    // Numbers right-aligned, names left; the lead rows bold, the others not.
    let cell = |row: &str, text: &str| {
        let at = row.find(&format!(">{text}</w:t>")).unwrap();
        row[..at].rsplit("<w:tc>").next().unwrap().to_string()
    };
    assert!(cell(rows[1], "90,07%").contains(r#"<w:jc w:val="right" />"#));
    assert!(cell(rows[1], "Tỷ lệ xong về việc").contains(r#"<w:jc w:val="left" />"#));
    assert!(cell(rows[1], "90,07%").contains("<w:b />"));
    assert!(!cell(rows[2], "84,50%").contains("<w:b />"));
    assert!(cell(rows[0], "Năm 2023").contains("<w:b />"));
    assert!(cell(rows[1], "90,07%").contains(r#"<w:sz w:val="26" />"#));
}

#[test]
fn every_picture_has_its_alt_text_and_a_unique_id() {
    let report = fixture(false);
    let bytes = docx_bytes(&report, &charts()).unwrap();
    let parts = unzip(&bytes);
    let xml = part(&parts, "word/document.xml");
    let alts: Vec<&str> = report
        .parts
        .iter()
        .flat_map(|p| &p.figures)
        .map(|f| f.alt.as_str())
        .collect();
    for tag in ["<wp:docPr ", "<pic:cNvPr "] {
        let found: Vec<&str> = xml.split(tag).skip(1).collect();
        assert_eq!(found.len(), 2, "{tag}");
        for (i, (el, alt)) in found.iter().zip(&alts).enumerate() {
            assert!(el.starts_with(&format!(r#"id="{}" "#, i + 1)), "{el}");
            let descr = el
                .split("descr=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            assert!(!descr.is_empty());
            assert_eq!(descr, *alt);
        }
    }
    // 16.5 cm wide (the text width), as high as the viewBox says (560 × 360).
    assert!(xml.contains(r#"<wp:extent cx="5940000" cy="3818571" />"#));
    // The pictures are the charts at print resolution.
    let png = &parts
        .iter()
        .find(|(n, _)| n.starts_with("word/media/") && n.ends_with(".png"))
        .unwrap()
        .1;
    assert_eq!(bantin_charts::png_size(png), Some((1890, 1215)));
    let titles = report.parts[0].figures[0].title.as_str();
    assert!(xml.contains(&format!(">{titles}</w:t>")));
}

#[test]
fn page_numbers_start_on_page_2() {
    let bytes = docx_bytes(&fixture(false), &charts()).unwrap();
    let parts = unzip(&bytes);
    let xml = part(&parts, "word/document.xml");
    assert!(xml.contains("<w:titlePg />"));
    let rels = part(&parts, "word/_rels/document.xml.rels");
    let header_of = |kind: &str| {
        let rid = xml
            .split(&format!(r#"<w:headerReference w:type="{kind}" r:id=""#))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let target = rels
            .split(&format!(r#"Id="{rid}""#))
            .nth(1)
            .unwrap()
            .split("Target=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        part(&parts, &format!("word/{target}"))
    };
    let (first, default) = (header_of("first"), header_of("default"));
    assert!(default.contains("<w:instrText>PAGE</w:instrText>"));
    assert!(!first.contains("PAGE") && !first.contains("<w:t xml:space"));
    assert!(!default.contains("Tài liệu nội bộ") && !xml.contains("Tài liệu nội bộ"));
}

#[test]
fn an_internal_report_says_so_in_both_headers() {
    let bytes = docx_bytes(&fixture(true), &charts()).unwrap();
    let parts = unzip(&bytes);
    let headers: Vec<String> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("word/header"))
        .map(|(n, _)| part(&parts, n))
        .collect();
    assert_eq!(headers.len(), 2);
    for h in &headers {
        assert!(h.contains(">Tài liệu nội bộ</w:t>"));
        assert!(h.contains("<w:i />") && h.contains(r#"<w:sz w:val="22" />"#));
    }
    assert_eq!(headers.iter().filter(|h| h.contains("PAGE")).count(), 1);
}

#[test]
fn the_same_report_gives_the_same_bytes() {
    let a = docx_bytes(&fixture(true), &charts()).unwrap();
    let b = docx_bytes(&fixture(true), &charts()).unwrap();
    let c = std::thread::spawn(|| docx_bytes(&fixture(true), &charts()).unwrap())
        .join()
        .unwrap();
    assert!(a == b && a == c);
    let core = part(&unzip(&a), "docProps/core.xml");
    assert!(core.contains(">1980-01-01T00:00:00Z</dcterms:created>"));
    // Entries carry the zip format's earliest time, not the clock's.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (1980, 1, 1),
            "{:?}",
            f.name()
        );
    }
}

#[test]
fn charts_must_match_the_figures() {
    let err = docx_bytes(&fixture(false), &charts()[..1]).unwrap_err();
    assert!(
        err.contains("2 figures") && err.contains("1 charts"),
        "{err}"
    );
    let mut broken = charts();
    broken[1].svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>".into();
    assert!(docx_bytes(&fixture(false), &broken).is_err());
}
