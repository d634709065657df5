//! Vietnamese document numbers (số ký hiệu văn bản): parsing, canonical form, slugs, ids, and finding
//! numbers in running text.
//!
//! Two shapes exist (see `domain.md`, "Document numbers"):
//!
//! * **Party** documents: `NUM-TYPE/ISSUER(-GROUP)*`, e.g. `33-CT/TU`, `121-CV/HU`, `36-HD/VPTW`. Numbers
//!   restart per type per party-committee term, so the same number recurs: key them by number and date year
//!   ([`DocNumber::id`]).
//! * **State** documents: `NUM/(YEAR/)GROUP(-GROUP)*`, e.g. `53/KH-UBND`, `30/2020/NĐ-CP`, `91/2025/QH15`,
//!   `3769/BTP-TCTHADS`. The first group is the type code when it is a known one ([`kind_name_for_code`]);
//!   otherwise the number has no type (an official letter, or a law/resolution when it carries a year) and
//!   every group belongs to the issuer.
//!
//! Groups are `[A-ZĐ][A-Za-zĐđ0-9]*`. Parsing is tolerant of what office staff actually type: a leading
//! `Số`/`Số:`, stray spaces around `-` and `/`, typographic hyphens and dashes, decomposed (NFD) input, and
//! codes typed in lowercase (reported in their canonical spelling: `kh` → `KH`, `ctr` → `CTr`). Nothing here
//! panics, whatever the input.

mod find;
mod parse;
#[cfg(test)]
mod tests;

pub use find::find_doc_numbers;
pub use parse::parse_doc_number;

use std::fmt;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The hint attached to most parse errors.
pub(crate) const SHAPES_HINT: &str =
    "party documents look like 33-CT/TU, state documents like 53/KH-UBND or 30/2020/NĐ-CP";

/// Years a state legal document number may carry.
pub(crate) const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1945..=2100;

/// Whether a document follows the party or the state numbering scheme.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum DocForm {
    /// Communist Party document: `NUM-TYPE/ISSUER`, e.g. `33-CT/TU`.
    Party,
    /// State document: `NUM/(YEAR/)TYPE-ISSUER`, e.g. `53/KH-UBND`, `30/2020/NĐ-CP`, `3769/BTP-TCTHADS`.
    State,
}

/// A parsed document number (số ký hiệu).
///
/// Fields hold the canonical spelling: codes in uppercase as printed, known mixed-case codes (`CTr`, `TTr`,
/// `TTg`, …) in their official spelling, the number with its leading zeros kept (`06/2019/TT-BTP`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct DocNumber {
    /// The number as printed, digits only, leading zeros kept: `"33"`, `"06"`, `"3769"`.
    pub number: String,
    /// Party or state numbering.
    pub form: DocForm,
    /// The year carried by state legal documents: `30/2020/NĐ-CP` → `Some(2020)`. Always `None` for party
    /// documents.
    pub year: Option<i32>,
    /// The document type code: `"CT"`, `"KH"`, `"NĐ"`, `"CTr"`. `None` for state numbers without a known type
    /// code (`3769/BTP-TCTHADS`, `91/2025/QH15`). Party numbers always have one (possibly unknown).
    pub type_code: Option<String>,
    /// The issuer's code, its groups joined by `-`: `"TU"`, `"UBND"`, `"CP"`, `"BTP-TCTHADS"`, `"QH15"`.
    pub issuer: String,
}

/// A string that is not a document number: what was wrong, and what a document number looks like.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumberError {
    /// What is wrong, quoting the input.
    pub message: String,
    /// How to write it instead.
    pub hint: Option<String>,
}

impl DocNumberError {
    fn new(message: impl Into<String>) -> Self {
        DocNumberError {
            message: message.into(),
            hint: Some(SHAPES_HINT.to_string()),
        }
    }

    fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for DocNumberError {
    /// `message`, followed by ` (hint: …)` when there is a hint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DocNumberError {}

/// Known type codes in their official spelling, with the Vietnamese name of the document type.
///
/// `TT` is *Thông tư* for state documents and *Thông tri* for party documents ([`DocNumber::kind_name`]
/// knows the difference; [`kind_name_for_code`] answers for state documents).
pub(crate) const TYPE_CODES: &[(&str, &str)] = &[
    ("NQ", "Nghị quyết"),
    ("QĐ", "Quyết định"),
    ("QĐi", "Quy định"),
    ("QyĐ", "Quy định"),
    ("CT", "Chỉ thị"),
    ("QC", "Quy chế"),
    ("TB", "Thông báo"),
    ("HD", "Hướng dẫn"),
    ("CTr", "Chương trình"),
    ("KH", "Kế hoạch"),
    ("PA", "Phương án"),
    ("ĐA", "Đề án"),
    ("DA", "Dự án"),
    ("BC", "Báo cáo"),
    ("BB", "Biên bản"),
    ("TTr", "Tờ trình"),
    ("KL", "Kết luận"),
    ("CV", "Công văn"),
    ("NĐ", "Nghị định"),
    ("TT", "Thông tư"),
    ("TTLT", "Thông tư liên tịch"),
    ("NQLT", "Nghị quyết liên tịch"),
    ("CĐ", "Công điện"),
    ("HĐ", "Hợp đồng"),
    ("GM", "Giấy mời"),
];

/// Issuer codes whose official spelling is mixed case.
pub(crate) const MIXED_CASE_ISSUERS: &[&str] = &["TTg"];

/// The official spelling of a known type code, matched case-insensitively (`ctr` → `CTr`).
pub(crate) fn known_type_code(code: &str) -> Option<&'static (&'static str, &'static str)> {
    let lower = code.to_lowercase();
    TYPE_CODES.iter().find(|(c, _)| c.to_lowercase() == lower)
}

/// The Vietnamese name of a document type code: `CT` → `Chỉ thị`, `KH` → `Kế hoạch`, `NĐ` → `Nghị định`,
/// `CTr` → `Chương trình`. Case-insensitive and tolerant of NFD input and of a trailing issuer (`QĐ-TTg` →
/// `Quyết định`). `TT` answers `Thông tư` (the state meaning; party *Thông tri* needs
/// [`DocNumber::kind_name`]). `None` for unknown codes.
pub fn kind_name_for_code(code: &str) -> Option<&'static str> {
    let code: String = code.trim().nfc().collect();
    let first = code.split(['-', '/']).next().unwrap_or("").trim();
    known_type_code(first).map(|(_, name)| *name)
}

impl DocNumber {
    /// The number as it should be printed: `33-CT/TU`, `53/KH-UBND`, `30/2020/NĐ-CP`, `3769/BTP-TCTHADS`.
    pub fn canonical(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.number);
        match self.form {
            DocForm::Party => {
                out.push('-');
                out.push_str(self.type_code.as_deref().unwrap_or(""));
                out.push('/');
                out.push_str(&self.issuer);
            }
            DocForm::State => {
                out.push('/');
                if let Some(year) = self.year {
                    out.push_str(&year.to_string());
                    out.push('/');
                }
                if let Some(code) = &self.type_code {
                    out.push_str(code);
                    out.push('-');
                }
                out.push_str(&self.issuer);
            }
        }
        out
    }

    /// An ASCII, lowercase, URL-safe form of [`canonical`](Self::canonical): `33-ct-tu`, `53-kh-ubnd`,
    /// `30-2020-nd-cp` (`Đ` becomes `d`). Always matches `^[a-z0-9]+(-[a-z0-9]+)*$` for parsed numbers.
    pub fn slug(&self) -> String {
        let mut out = String::new();
        for c in self.canonical().chars() {
            match c {
                'Đ' | 'đ' => out.push('d'),
                c if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
                _ => {
                    for d in deunicode::deunicode_char(c).unwrap_or("-").chars() {
                        if d.is_ascii_alphanumeric() {
                            out.push(d.to_ascii_lowercase());
                        } else if !out.is_empty() && !out.ends_with('-') {
                            out.push('-');
                        }
                    }
                }
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        out
    }

    /// The directive id: the [`slug`](Self::slug) followed by the year of the document's date,
    /// `33-ct-tu-2020`, because party numbers and letters recur across terms and years. A number that
    /// already carries its year (state legal documents) gets no suffix: `30-2020-nd-cp`.
    pub fn id(&self, date_year: i32) -> String {
        match self.year {
            Some(_) => self.slug(),
            None => format!("{}-{}", self.slug(), date_year),
        }
    }

    /// The Vietnamese name of the document type, derived from the number: `33-CT/TU` → `Chỉ thị`,
    /// `53/KH-UBND` → `Kế hoạch`, party `TT` → `Thông tri`, state `TT` → `Thông tư`.
    ///
    /// A state number without a type code is `Công văn` when it has no year (`3769/BTP-TCTHADS`); with a
    /// year (`91/2025/QH15`) it is a law or a National Assembly resolution and the number cannot tell which,
    /// so this returns `None` and the caller must ask for an explicit `kind`. Unknown codes give `None`.
    pub fn kind_name(&self) -> Option<&'static str> {
        match (&self.form, &self.type_code, self.year) {
            (DocForm::Party, Some(code), _) if code == "TT" => Some("Thông tri"),
            (_, Some(code), _) => kind_name_for_code(code),
            (DocForm::State, None, None) => Some("Công văn"),
            _ => None,
        }
    }
}

impl fmt::Display for DocNumber {
    /// The [`canonical`](DocNumber::canonical) form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical())
    }
}

impl std::str::FromStr for DocNumber {
    type Err = DocNumberError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_doc_number(s)
    }
}
