//! The report a leader signs (Nghị định 30/2020/NĐ-CP, Appendix I), as data: every word and
//! number already formatted, in the order it is printed. One value feeds all three outputs: the
//! `/bao-cao/` page (through `templates/briefing.html`), its print, and the Word document
//! ([`super::docx`]). Built by [`super::build`].

use serde::Serialize;

use crate::model::ChartSpec;

/// A báo cáo, top to bottom.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Report {
    /// An internal report: "Tài liệu nội bộ" in the Word document's header and on the page.
    pub internal: bool,
    /// The words "Tài liệu nội bộ" (from the labels file).
    pub internal_label: String,
    pub header: Header,
    /// The document type, `BÁO CÁO`.
    pub doc_type: String,
    /// The subject line (trích yếu), e.g. "Kết quả công tác thi hành án dân sự năm 2023".
    pub subject: String,
    /// The opening paragraph: what the report covers, and the period's dates.
    pub intro: String,
    /// The numbered parts (I., II., …).
    pub parts: Vec<Part>,
    pub signer: Signer,
    /// `Nơi nhận:`.
    pub recipients_label: String,
    /// One line each, without the leading `- ` (the outputs add it); the last is `Lưu: VT, …`.
    pub recipients: Vec<String>,
    /// The period covered.
    pub period: PeriodInfo,
}

/// The header block: issuing body on the left, national title and motto on the right, then the
/// number and the place and date on one line.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Header {
    /// The parent body in capitals (not bold), when there is one.
    pub parent_body: Option<String>,
    /// The issuing body in capitals (bold).
    pub issuing_body: String,
    /// `CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`.
    pub nation: String,
    /// `Độc lập - Tự do - Hạnh phúc`.
    pub motto: String,
    /// `Số: 12/BC-CCTHADS`, or `Số:      /BC-CCTHADS` for the office to fill in.
    pub number: String,
    /// `Đại Từ, ngày 05 tháng 4 năm 2024`, or `Đại Từ, ngày      tháng      năm 2024` (italic).
    pub place_date: String,
}

/// One numbered part of the body.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Part {
    /// With its number: `I. KẾT QUẢ THỰC HIỆN CHỈ TIÊU`.
    pub heading: String,
    /// The written assessment: paragraphs in the register of a report (justified, first line
    /// indented).
    pub paragraphs: Vec<String>,
    /// The figures as a table.
    pub table: Option<Table>,
    /// Charts, each with its alt text.
    pub figures: Vec<Figure>,
    /// A list (directives, cases, bulletins), one line each, without the leading `- `.
    pub items: Vec<String>,
    /// Smaller print under the part: sources of the figures, units without figures, what a
    /// "(suy ra)" means.
    pub notes: Vec<String>,
}

/// A table of figures: a caption, a header row, rows whose first cell names the row.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Table {
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Row>,
    /// For each column: whether it holds numbers (right-aligned).
    pub numeric: Vec<bool>,
}

#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Row {
    pub cells: Vec<String>,
    /// The report's own unit (shown in bold in a comparison).
    pub lead: bool,
}

/// A chart of the report.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Figure {
    /// What the chart is: the web page takes it from the site's chart cache, the Word document
    /// renders it.
    #[serde(skip)]
    pub spec: ChartSpec,
    pub title: String,
    /// The chart's description: every number in words (the picture's alt text).
    pub alt: String,
}

/// The signer's block, right of the recipients.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Signer {
    /// `KT. CHI CỤC TRƯỞNG` when a deputy signs for the head.
    pub on_behalf: Option<String>,
    /// `CHI CỤC TRƯỞNG`, or the deputy's `PHÓ CHI CỤC TRƯỞNG`.
    pub position: String,
    /// The signer's name (bold), when known.
    pub name: Option<String>,
}

/// The statistical period a report covers.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct PeriodInfo {
    /// As `--period` takes it: `2023`, `2024-6t`.
    pub code: String,
    /// `năm 2023`, `6 tháng đầu năm 2024`.
    pub label: String,
    /// `01/10/2022`.
    pub start: String,
    /// `30/09/2023`.
    pub end: String,
}
