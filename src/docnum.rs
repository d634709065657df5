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

use std::fmt;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The hint attached to most parse errors.
const SHAPES_HINT: &str =
    "party documents look like 33-CT/TU, state documents like 53/KH-UBND or 30/2020/NĐ-CP";

/// Years a state legal document number may carry.
const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1945..=2100;

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
const TYPE_CODES: &[(&str, &str)] = &[
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
const MIXED_CASE_ISSUERS: &[&str] = &["TTg"];

/// The official spelling of a known type code, matched case-insensitively (`ctr` → `CTr`).
fn known_type_code(code: &str) -> Option<&'static (&'static str, &'static str)> {
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

// ---------------------------------------------------------------------------------------------------------
// Parsing

/// Characters allowed inside a number or a group.
fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == 'Đ' || c == 'đ'
}

/// Characters accepted as the hyphen of a document number: ASCII, typographic hyphens, figure and en dash,
/// minus sign (word processors "correct" `33 - CT` into `33 – CT`).
fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}'
    )
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Num(String),
    Group(String),
    Dash,
    Slash,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Num(s) | Token::Group(s) => format!("`{s}`"),
            Token::Dash => "`-`".to_string(),
            Token::Slash => "`/`".to_string(),
        }
    }
}

/// Quote user input for an error message: at most 60 characters, in backticks.
fn quote(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        format!("`{s}`")
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("`{head}…`")
    }
}

/// Strip a leading `Số`, `Số:`, `số.` (any case) and the spaces after it.
fn strip_so_prefix(s: &str) -> &str {
    let mut chars = s.char_indices();
    let first = chars.next();
    let second = chars.next();
    let (Some((_, a)), Some((_, b))) = (first, second) else {
        return s;
    };
    if !matches!(a, 'S' | 's') || !matches!(b, 'ố' | 'Ố') {
        return s;
    }
    let rest = &s[a.len_utf8() + b.len_utf8()..];
    // `Số` must stand alone: not the start of a longer word.
    if rest
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || is_combining_mark(c))
        && !rest.starts_with(|c: char| c.is_ascii_digit())
    {
        return s;
    }
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix(':')
        .or_else(|| rest.strip_prefix('.'))
        .unwrap_or(rest);
    rest.trim_start()
}

fn tokenize(s: &str) -> Result<Vec<Token>, DocNumberError> {
    let mut tokens = Vec::new();
    let mut chars = s.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '/' {
            chars.next();
            tokens.push(Token::Slash);
        } else if is_dash(c) {
            chars.next();
            tokens.push(Token::Dash);
        } else if is_code_char(c) {
            let mut run = String::new();
            while let Some(&d) = chars.peek() {
                if is_code_char(d) {
                    run.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            if run.starts_with(|d: char| d.is_ascii_digit()) {
                if run.chars().all(|d| d.is_ascii_digit()) {
                    tokens.push(Token::Num(run));
                } else {
                    return Err(DocNumberError::new(format!(
                        "in {}: {} mixes digits and letters; the number is digits only and the type \
                         or issuer code follows after `-` or `/`",
                        quote(s),
                        quote(&run)
                    )));
                }
            } else {
                tokens.push(Token::Group(run));
            }
        } else {
            let what = if c.is_alphabetic() {
                format!(
                    "unexpected letter `{c}` in {}: codes use only A–Z, Đ and digits",
                    quote(s)
                )
            } else if c.is_control() {
                format!("unexpected control character {c:?} in {}", quote(s))
            } else {
                format!(
                    "unexpected `{c}` in {}: a document number has only digits, codes, `-` and `/`",
                    quote(s)
                )
            };
            return Err(DocNumberError::new(what));
        }
    }
    Ok(tokens)
}

/// The canonical spelling of a group: known codes in their official spelling, a group typed in lowercase in
/// uppercase, anything else as printed.
fn canonical_group(group: &str, as_type: bool) -> String {
    if let Some((code, _)) = known_type_code(group).filter(|_| as_type) {
        return (*code).to_string();
    }
    let lower = group.to_lowercase();
    if let Some(code) = MIXED_CASE_ISSUERS
        .iter()
        .find(|c| c.to_lowercase() == lower)
    {
        return (*code).to_string();
    }
    if group.starts_with(|c: char| c.is_lowercase()) {
        group.to_uppercase()
    } else {
        group.to_string()
    }
}

/// Parse a document number as printed: `33-CT/TU`, `Số: 53/KH-UBND`, `30/2020/NĐ-CP`, `3769/BTP-TCTHADS`,
/// `44 /2005/QĐ-UBND`.
///
/// The input is normalised to NFC first; a leading `Số`/`Số:`/`số` is dropped, stray spaces around `-` and
/// `/` are ignored, typographic hyphens count as `-`, and lowercase codes are accepted (reported in their
/// canonical spelling). Anything else that does not fit the grammar of `domain.md` is an error saying what
/// was expected. Never panics.
pub fn parse_doc_number(s: &str) -> Result<DocNumber, DocNumberError> {
    let normalized: String = s.nfc().collect();
    let body = strip_so_prefix(normalized.trim());
    if body.is_empty() {
        return Err(DocNumberError::new(if normalized.trim().is_empty() {
            "empty document number".to_string()
        } else {
            format!("{} has no number after `Số`", quote(normalized.trim()))
        }));
    }
    let tokens = tokenize(body)?;
    Parser {
        input: body,
        tokens: &tokens,
        pos: 0,
    }
    .parse()
}

struct Parser<'a> {
    input: &'a str,
    tokens: &'a [Token],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn next(&mut self) -> Option<&Token> {
        let t = self.tokens.get(self.pos);
        self.pos += 1;
        t
    }

    fn err(&self, what: impl fmt::Display) -> DocNumberError {
        DocNumberError::new(format!("{}: {what}", quote(self.input)))
    }

    fn parse(mut self) -> Result<DocNumber, DocNumberError> {
        let number = match self.next().cloned() {
            Some(Token::Num(n)) => n,
            Some(Token::Group(g)) => {
                return Err(self.err(format_args!(
                    "a document number starts with its number (digits), found {}",
                    quote(&g)
                )));
            }
            Some(t) => {
                return Err(self.err(format_args!(
                    "expected the document's number (digits) before {}",
                    t.describe()
                )));
            }
            None => return Err(DocNumberError::new("empty document number")),
        };
        match self.next().cloned() {
            Some(Token::Dash) => self.party(number),
            Some(Token::Slash) => self.state(number),
            Some(t) => Err(self.err(format_args!(
                "expected `-` (party) or `/` (state) after the number `{number}`, found {}",
                t.describe()
            ))),
            None => Err(self.err(format_args!(
                "the number `{number}` has no type or issuer code"
            ))),
        }
    }

    /// One group, after a separator described by `after`.
    fn group(&mut self, after: &str, what: &str) -> Result<String, DocNumberError> {
        match self.next().cloned() {
            Some(Token::Group(g)) => Ok(g),
            Some(t) => Err(self.err(format_args!(
                "expected {what} after {after}, found {}",
                t.describe()
            ))),
            None => Err(self.err(format_args!("expected {what} after {after}"))),
        }
    }

    /// `(-GROUP)*` until the end of the input.
    fn rest_groups(&mut self, groups: &mut Vec<String>, party: bool) -> Result<(), DocNumberError> {
        while let Some(t) = self.next().cloned() {
            let last = groups.last().cloned().unwrap_or_default();
            match t {
                Token::Dash => {
                    let g = self.group(&format!("`{last}-`"), "an issuer code")?;
                    groups.push(g);
                }
                Token::Slash if !party => {
                    return Err(self
                        .err(format_args!("unexpected `/` after `{last}`"))
                        .with_hint(
                            "a party document has `-` between number and type (33-CT/TU); a state \
                         document has one `/` before its codes (53/KH-UBND, 30/2020/NĐ-CP)",
                        ));
                }
                t => {
                    return Err(
                        self.err(format_args!("unexpected {} after `{last}`", t.describe()))
                    );
                }
            }
        }
        Ok(())
    }

    fn party(&mut self, number: String) -> Result<DocNumber, DocNumberError> {
        let type_code = self.group(&format!("`{number}-`"), "a type code like `CT`")?;
        match self.next().cloned() {
            Some(Token::Slash) => {}
            Some(Token::Dash) => {
                return Err(self
                    .err(format_args!(
                        "expected `/` after the type code `{type_code}`, found `-`"
                    ))
                    .with_hint(format!(
                        "a party document has `/` before its issuer ({number}-{type_code}/TU); a \
                         state document has `/` after its number ({number}/{type_code}-UBND)"
                    )));
            }
            Some(t) => {
                return Err(self.err(format_args!(
                    "expected `/` after the type code `{type_code}`, found {}",
                    t.describe()
                )));
            }
            None => {
                return Err(self.err(format_args!(
                    "party document number has no issuer: expected `/ISSUER` after `{type_code}`"
                )));
            }
        }
        let first = self.group(&format!("`{type_code}/`"), "an issuer code like `TU`")?;
        let mut issuer = vec![first];
        self.rest_groups(&mut issuer, true)?;
        Ok(DocNumber {
            number,
            form: DocForm::Party,
            year: None,
            type_code: Some(canonical_group(&type_code, true)),
            issuer: join_groups(&issuer),
        })
    }

    fn state(&mut self, number: String) -> Result<DocNumber, DocNumberError> {
        let mut year = None;
        if let Some(Token::Num(y)) = self.peek().cloned() {
            self.pos += 1;
            let value = if y.len() == 4 {
                y.parse::<i32>().ok()
            } else {
                None
            };
            match value {
                Some(v) if YEAR_RANGE.contains(&v) => year = Some(v),
                Some(v) => {
                    return Err(self.err(format_args!(
                        "the year {v} is out of range {}–{}",
                        YEAR_RANGE.start(),
                        YEAR_RANGE.end()
                    )));
                }
                None => {
                    return Err(self.err(format_args!(
                        "expected a 4-digit year or a code after `{number}/`, found `{y}` \
                         (is this a date?)"
                    )));
                }
            }
            match self.next().cloned() {
                Some(Token::Slash) => {}
                Some(t) => {
                    return Err(self.err(format_args!(
                        "expected `/` after the year `{y}`, found {}",
                        t.describe()
                    )));
                }
                None => {
                    return Err(self.err(format_args!(
                        "expected `/` and the type and issuer codes after the year `{y}`"
                    )));
                }
            }
        }
        let after = match year {
            Some(y) => format!("`{number}/{y}/`"),
            None => format!("`{number}/`"),
        };
        let first = self.group(&after, "a type or issuer code like `KH-UBND`")?;
        let mut groups = vec![first];
        self.rest_groups(&mut groups, false)?;

        let (type_code, issuer) = if known_type_code(&groups[0]).is_some() {
            if groups.len() < 2 {
                return Err(self.err(format_args!(
                    "`{}` is a type code, but the issuer is missing",
                    groups[0]
                )));
            }
            (
                Some(canonical_group(&groups[0], true)),
                join_groups(&groups[1..]),
            )
        } else {
            (None, join_groups(&groups))
        };
        Ok(DocNumber {
            number,
            form: DocForm::State,
            year,
            type_code,
            issuer,
        })
    }
}

fn join_groups(groups: &[String]) -> String {
    groups
        .iter()
        .map(|g| canonical_group(g, false))
        .collect::<Vec<_>>()
        .join("-")
}

// ---------------------------------------------------------------------------------------------------------
// Finding numbers in running text

/// A scanner over the original text, in byte offsets, for [`find_doc_numbers`].
struct Scan<'a> {
    text: &'a str,
}

impl Scan<'_> {
    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    /// Skip horizontal whitespace (spaces, tabs, no-break spaces; not line breaks).
    fn skip_spaces(&self, mut i: usize) -> usize {
        while let Some(c) = self.char_at(i) {
            if c.is_whitespace() && c != '\n' && c != '\r' {
                i += c.len_utf8();
            } else {
                break;
            }
        }
        i
    }

    fn digits(&self, i: usize) -> usize {
        let mut j = i;
        while let Some(c) = self.char_at(j) {
            if c.is_ascii_digit() {
                j += 1;
            } else {
                break;
            }
        }
        j
    }

    /// Does a word end at `i`? (Not followed by a letter, digit or combining mark.)
    fn word_ends(&self, i: usize) -> bool {
        self.char_at(i)
            .is_none_or(|c| !(c.is_alphanumeric() || is_combining_mark(c)))
    }

    /// A group `[A-ZĐ][A-Za-zĐđ0-9]*` starting at `i`, ending at a word boundary; returns its end.
    /// With `strict`, the group needs at least two uppercase letters (`KH`, `QH15`, `CTr`) so that
    /// `3/A` or `60/Km` in prose are not taken for numbers.
    fn group(&self, i: usize, strict: bool) -> Option<usize> {
        let first = self.char_at(i)?;
        if !(first.is_ascii_uppercase() || first == 'Đ') {
            return None;
        }
        let mut j = i;
        let mut upper = 0;
        while let Some(c) = self.char_at(j) {
            if is_code_char(c) {
                if c.is_ascii_uppercase() || c == 'Đ' {
                    upper += 1;
                }
                j += c.len_utf8();
            } else {
                break;
            }
        }
        if !self.word_ends(j) || (strict && upper < 2) {
            return None;
        }
        Some(j)
    }

    /// `(-GROUP)*` with plain hyphens and no spaces, so that `53/KH-UBND - UBND huyện` stops at `UBND`.
    fn chain(&self, mut end: usize) -> usize {
        while let Some(c) = self.char_at(end) {
            if !matches!(c, '-' | '\u{2010}' | '\u{2011}') {
                break;
            }
            match self.group(end + c.len_utf8(), false) {
                Some(next) => end = next,
                None => break,
            }
        }
        end
    }

    /// Is `i` a possible start of a number (a digit not inside another number, word, date or code)?
    fn can_start(&self, i: usize) -> bool {
        let before = &self.text[..i];
        let mut rev = before.chars().rev();
        match rev.next() {
            None => true,
            Some(c) if c.is_alphanumeric() || is_combining_mark(c) || c == '/' || is_dash(c) => {
                false
            }
            Some('.' | ',') => !rev.next().is_some_and(|c| c.is_ascii_digit()),
            Some(_) => true,
        }
    }

    /// The end of the document number starting at `i`, if one does. A number glued to a following `/`
    /// (`33-CT/TU33-CT/TU`, a path or URL) is not taken.
    fn number_at(&self, i: usize) -> Option<usize> {
        let end = self.number_end(i)?;
        if self.char_at(end) == Some('/') {
            return None;
        }
        Some(end)
    }

    fn number_end(&self, i: usize) -> Option<usize> {
        let num_end = self.digits(i);
        if num_end == i {
            return None;
        }
        let sep = self.skip_spaces(num_end);
        let c = self.char_at(sep)?;
        if is_dash(c) {
            // Party: NUM-TYPE/ISSUER(-GROUP)*
            let type_start = self.skip_spaces(sep + c.len_utf8());
            let type_end = self.group(type_start, true)?;
            let slash = self.skip_spaces(type_end);
            if self.char_at(slash)? != '/' {
                return None;
            }
            let issuer_start = self.skip_spaces(slash + 1);
            let issuer_end = self.group(issuer_start, true)?;
            Some(self.chain(issuer_end))
        } else if c == '/' {
            // State: NUM/(YEAR/)GROUP(-GROUP)*
            let mut start = self.skip_spaces(sep + 1);
            let year_end = self.digits(start);
            if year_end > start {
                let year: i32 = self.text.get(start..year_end)?.parse().ok()?;
                if year_end - start != 4 || !YEAR_RANGE.contains(&year) {
                    return None;
                }
                let slash = self.skip_spaces(year_end);
                if self.char_at(slash)? != '/' {
                    return None;
                }
                start = self.skip_spaces(slash + 1);
            }
            let first_end = self.group(start, true)?;
            Some(self.chain(first_end))
        } else {
            None
        }
    }
}

/// Find the document numbers mentioned in running text, for auto-linking: `33-CT/TU` in
/// "Chỉ thị số 33-CT/TU ngày 25/9/2020", `53/KH-UBND` in "Kế hoạch số 53/KH-UBND,".
///
/// Returns byte ranges into `text` (on char boundaries, in order, not overlapping, covering exactly the
/// number without surrounding spaces or punctuation) with the parsed number. Dates (`25/9/2020`),
/// fractions and ranges (`1/10 – 31/3`), percentages and amounts are not matched: a number must be followed
/// by a code that starts with a capital and has at least two capitals (`KH`, `QH15`, `CTr`), and must not
/// continue a date or a longer number. Spaces are tolerated around the first `-` or `/` (`44 /2005/QĐ-UBND`),
/// not between issuer groups. Never panics.
pub fn find_doc_numbers(text: &str) -> Vec<(Range<usize>, DocNumber)> {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return Vec::new(); // every number starts with a digit; most runs of text have none
    }
    let scan = Scan { text };
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(c) = scan.char_at(i) else {
            break;
        };
        let hit = if c.is_ascii_digit() && scan.can_start(i) {
            scan.number_at(i).and_then(|end| {
                let doc = parse_doc_number(text.get(i..end)?).ok()?;
                Some((end, doc))
            })
        } else {
            None
        };
        match hit {
            Some((end, doc)) => {
                found.push((i..end, doc));
                i = end;
            }
            None => i += c.len_utf8(),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn p(s: &str) -> DocNumber {
        match parse_doc_number(s) {
            Ok(d) => d,
            Err(e) => panic!("{s:?} should parse: {e}"),
        }
    }

    fn party(number: &str, type_code: &str, issuer: &str) -> DocNumber {
        DocNumber {
            number: number.into(),
            form: DocForm::Party,
            year: None,
            type_code: Some(type_code.into()),
            issuer: issuer.into(),
        }
    }

    fn state(number: &str, year: Option<i32>, type_code: Option<&str>, issuer: &str) -> DocNumber {
        DocNumber {
            number: number.into(),
            form: DocForm::State,
            year,
            type_code: type_code.map(Into::into),
            issuer: issuer.into(),
        }
    }

    fn err(s: &str) -> DocNumberError {
        match parse_doc_number(s) {
            Ok(d) => panic!("{s:?} should not parse, got {d:?}"),
            Err(e) => e,
        }
    }

    fn is_slug(s: &str) -> bool {
        !s.is_empty()
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    }

    // --- parse: the examples of the brief and of domain.md ----------------------------------------------

    #[test]
    fn parses_party_numbers() {
        assert_eq!(p("33-CT/TU"), party("33", "CT", "TU"));
        assert_eq!(p("121-CV/HU"), party("121", "CV", "HU"));
        assert_eq!(p("36-HD/VPTW"), party("36", "HD", "VPTW"));
        assert_eq!(p("05-NQ/TW"), party("05", "NQ", "TW"));
        assert_eq!(p("12-CTr/ĐU"), party("12", "CTr", "ĐU"));
        assert_eq!(p("7-BC/BTG-TU"), party("7", "BC", "BTG-TU"));
    }

    #[test]
    fn parses_state_numbers() {
        assert_eq!(p("53/KH-UBND"), state("53", None, Some("KH"), "UBND"));
        assert_eq!(
            p("30/2020/NĐ-CP"),
            state("30", Some(2020), Some("NĐ"), "CP")
        );
        assert_eq!(p("91/2025/QH15"), state("91", Some(2025), None, "QH15"));
        assert_eq!(
            p("3769/BTP-TCTHADS"),
            state("3769", None, None, "BTP-TCTHADS")
        );
        assert_eq!(p("1898/QĐ-BTP"), state("1898", None, Some("QĐ"), "BTP"));
        assert_eq!(
            p("06/2019/TT-BTP"),
            state("06", Some(2019), Some("TT"), "BTP")
        );
        assert_eq!(
            p("17/2019/QĐ-TTg"),
            state("17", Some(2019), Some("QĐ"), "TTg")
        );
        assert_eq!(p("12/CTr-UBND"), state("12", None, Some("CTr"), "UBND"));
        assert_eq!(p("45/TTr-UBND"), state("45", None, Some("TTr"), "UBND"));
        assert_eq!(p("96/2019/QH14"), state("96", Some(2019), None, "QH14"));
        assert_eq!(
            p("13/2023/NĐ-CP"),
            state("13", Some(2023), Some("NĐ"), "CP")
        );
        assert_eq!(p("120/UBND-VX"), state("120", None, None, "UBND-VX"));
        assert_eq!(p("01/CĐ-TTg"), state("01", None, Some("CĐ"), "TTg"));
    }

    #[test]
    fn keeps_leading_zeros() {
        assert_eq!(p("06/2019/TT-BTP").number, "06");
        assert_eq!(p("005-NQ/TW").number, "005");
        assert_eq!(p("06/2019/TT-BTP").canonical(), "06/2019/TT-BTP");
    }

    #[test]
    fn tolerates_prefixes() {
        for s in [
            "Số 33-CT/TU",
            "Số: 33-CT/TU",
            "số 33-CT/TU",
            "số:33-CT/TU",
            "SỐ: 33-CT/TU",
            "Số:  33-CT/TU",
            "Số. 33-CT/TU",
            "Số33-CT/TU",
            "  Số: 33-CT/TU  ",
        ] {
            assert_eq!(p(s), party("33", "CT", "TU"), "{s:?}");
        }
        assert_eq!(p("Số: 53/KH-UBND"), state("53", None, Some("KH"), "UBND"));
    }

    #[test]
    fn tolerates_stray_spaces() {
        assert_eq!(
            p("44 /2005/QĐ-UBND"),
            state("44", Some(2005), Some("QĐ"), "UBND")
        );
        assert_eq!(p("33 - CT / TU"), party("33", "CT", "TU"));
        assert_eq!(p(" 53 / KH - UBND "), state("53", None, Some("KH"), "UBND"));
        assert_eq!(
            p("30 / 2020 / NĐ - CP"),
            state("30", Some(2020), Some("NĐ"), "CP")
        );
        assert_eq!(p("33\u{a0}-\u{a0}CT/TU"), party("33", "CT", "TU"));
        assert_eq!(p("33-CT/TU\n"), party("33", "CT", "TU"));
    }

    #[test]
    fn tolerates_typographic_dashes() {
        for s in ["33–CT/TU", "33 – CT/TU", "33‐CT/TU", "33‑CT/TU", "33−CT/TU"] {
            assert_eq!(p(s), party("33", "CT", "TU"), "{s:?}");
        }
        assert_eq!(p("53/KH–UBND"), state("53", None, Some("KH"), "UBND"));
    }

    #[test]
    fn normalizes_nfd_input() {
        let nfd: String = "Số: 30/2020/NĐ-CP".nfd().collect();
        assert_ne!(nfd, "Số: 30/2020/NĐ-CP");
        assert_eq!(p(&nfd), state("30", Some(2020), Some("NĐ"), "CP"));
        let nfd: String = "số 33-CT/TU".nfd().collect();
        assert_eq!(p(&nfd), party("33", "CT", "TU"));
    }

    #[test]
    fn lowercase_codes_get_canonical_spelling() {
        assert_eq!(p("53/kh-ubnd"), state("53", None, Some("KH"), "UBND"));
        assert_eq!(p("33-ct/tu"), party("33", "CT", "TU"));
        assert_eq!(
            p("30/2020/nđ-cp"),
            state("30", Some(2020), Some("NĐ"), "CP")
        );
        assert_eq!(
            p("30/2020/Nđ-CP"),
            state("30", Some(2020), Some("NĐ"), "CP")
        );
        assert_eq!(p("12/ctr-ubnd"), state("12", None, Some("CTr"), "UBND"));
        assert_eq!(p("12/CTR-UBND"), state("12", None, Some("CTr"), "UBND"));
        assert_eq!(p("45/TTR-UBND"), state("45", None, Some("TTr"), "UBND"));
        assert_eq!(p("12-ctr/tu"), party("12", "CTr", "TU"));
        assert_eq!(
            p("17/2019/qđ-ttg"),
            state("17", Some(2019), Some("QĐ"), "TTg")
        );
        assert_eq!(
            p("17/2019/QĐ-TTG"),
            state("17", Some(2019), Some("QĐ"), "TTg")
        );
        assert_eq!(
            p("3769/btp-tcthads"),
            state("3769", None, None, "BTP-TCTHADS")
        );
        // Issuer groups that start with a capital are kept as printed.
        assert_eq!(p("91/2025/QH15").issuer, "QH15");
    }

    #[test]
    fn unknown_party_type_is_kept() {
        let d = p("9-XYZ/TU");
        assert_eq!(d, party("9", "XYZ", "TU"));
        assert_eq!(d.kind_name(), None);
        assert_eq!(d.canonical(), "9-XYZ/TU");
    }

    // --- canonical, slug, id --------------------------------------------------------------------------------

    #[test]
    fn canonical_slug_and_id_of_examples() {
        let cases: &[(&str, &str, &str, i32, &str)] = &[
            ("33-CT/TU", "33-CT/TU", "33-ct-tu", 2020, "33-ct-tu-2020"),
            (
                "121-CV/HU",
                "121-CV/HU",
                "121-cv-hu",
                2021,
                "121-cv-hu-2021",
            ),
            (
                "36-HD/VPTW",
                "36-HD/VPTW",
                "36-hd-vptw",
                2018,
                "36-hd-vptw-2018",
            ),
            ("05-NQ/TW", "05-NQ/TW", "05-nq-tw", 2016, "05-nq-tw-2016"),
            (
                "53/KH-UBND",
                "53/KH-UBND",
                "53-kh-ubnd",
                2023,
                "53-kh-ubnd-2023",
            ),
            (
                "30/2020/NĐ-CP",
                "30/2020/NĐ-CP",
                "30-2020-nd-cp",
                2020,
                "30-2020-nd-cp",
            ),
            (
                "91/2025/QH15",
                "91/2025/QH15",
                "91-2025-qh15",
                2025,
                "91-2025-qh15",
            ),
            (
                "3769/BTP-TCTHADS",
                "3769/BTP-TCTHADS",
                "3769-btp-tcthads",
                2022,
                "3769-btp-tcthads-2022",
            ),
            (
                "1898/QĐ-BTP",
                "1898/QĐ-BTP",
                "1898-qd-btp",
                2019,
                "1898-qd-btp-2019",
            ),
            (
                "06/2019/TT-BTP",
                "06/2019/TT-BTP",
                "06-2019-tt-btp",
                2019,
                "06-2019-tt-btp",
            ),
            (
                "Số: 44 /2005/QĐ-UBND",
                "44/2005/QĐ-UBND",
                "44-2005-qd-ubnd",
                2005,
                "44-2005-qd-ubnd",
            ),
            (
                "33 - CT / TU",
                "33-CT/TU",
                "33-ct-tu",
                2020,
                "33-ct-tu-2020",
            ),
            (
                "12-CTr/ĐU",
                "12-CTr/ĐU",
                "12-ctr-du",
                2024,
                "12-ctr-du-2024",
            ),
            (
                "17/2019/QĐ-TTg",
                "17/2019/QĐ-TTg",
                "17-2019-qd-ttg",
                2019,
                "17-2019-qd-ttg",
            ),
        ];
        for &(input, canonical, slug, year, id) in cases {
            let d = p(input);
            assert_eq!(d.canonical(), canonical, "canonical of {input:?}");
            assert_eq!(d.to_string(), canonical, "Display of {input:?}");
            assert_eq!(d.slug(), slug, "slug of {input:?}");
            assert!(is_slug(&d.slug()));
            assert_eq!(d.id(year), id, "id of {input:?}");
            assert_eq!(p(canonical), d, "reparse of {canonical:?}");
        }
    }

    #[test]
    fn id_distinguishes_recurring_party_numbers() {
        let d = p("33-CT/TU");
        assert_ne!(d.id(2015), d.id(2020));
    }

    #[test]
    fn from_str_matches_parse() {
        let d: DocNumber = "53/KH-UBND".parse().unwrap();
        assert_eq!(d, p("53/KH-UBND"));
        assert!("abc".parse::<DocNumber>().is_err());
    }

    // --- kind names ------------------------------------------------------------------------------------------

    #[test]
    fn kind_names_from_numbers() {
        let cases: &[(&str, Option<&str>)] = &[
            ("33-CT/TU", Some("Chỉ thị")),
            ("121-CV/HU", Some("Công văn")),
            ("36-HD/VPTW", Some("Hướng dẫn")),
            ("05-NQ/TW", Some("Nghị quyết")),
            ("10-KL/TW", Some("Kết luận")),
            ("53/KH-UBND", Some("Kế hoạch")),
            ("30/2020/NĐ-CP", Some("Nghị định")),
            ("06/2019/TT-BTP", Some("Thông tư")),
            ("1898/QĐ-BTP", Some("Quyết định")),
            ("17/2019/QĐ-TTg", Some("Quyết định")),
            ("12/CTr-UBND", Some("Chương trình")),
            ("45/TTr-UBND", Some("Tờ trình")),
            ("7/TB-CCTHADS", Some("Thông báo")),
            ("8/BC-CCTHADS", Some("Báo cáo")),
            ("9/QC-CCTHADS", Some("Quy chế")),
            ("10/PA-UBND", Some("Phương án")),
            ("11/ĐA-UBND", Some("Đề án")),
            ("12/BB-CCTHADS", Some("Biên bản")),
            ("3769/BTP-TCTHADS", Some("Công văn")),
            ("120/UBND-VX", Some("Công văn")),
            ("91/2025/QH15", None),
            ("96/2019/QH14", None),
            ("9-XYZ/TU", None),
            // Party TT is a thông tri, state TT a thông tư.
            ("15-TT/TW", Some("Thông tri")),
            ("01-QĐi/TW", Some("Quy định")),
        ];
        for &(input, kind) in cases {
            assert_eq!(p(input).kind_name(), kind, "kind of {input:?}");
        }
    }

    #[test]
    fn kind_names_for_codes() {
        let cases: &[(&str, &str)] = &[
            ("CT", "Chỉ thị"),
            ("KH", "Kế hoạch"),
            ("CV", "Công văn"),
            ("NQ", "Nghị quyết"),
            ("QĐ", "Quyết định"),
            ("KL", "Kết luận"),
            ("HD", "Hướng dẫn"),
            ("TB", "Thông báo"),
            ("BC", "Báo cáo"),
            ("CTr", "Chương trình"),
            ("QC", "Quy chế"),
            ("PA", "Phương án"),
            ("ĐA", "Đề án"),
            ("BB", "Biên bản"),
            ("TTr", "Tờ trình"),
            ("NĐ", "Nghị định"),
            ("TT", "Thông tư"),
            ("QĐ-TTg", "Quyết định"),
            ("qđ", "Quyết định"),
            ("ctr", "Chương trình"),
            (" KH ", "Kế hoạch"),
        ];
        for &(code, name) in cases {
            assert_eq!(kind_name_for_code(code), Some(name), "{code:?}");
        }
        let nfd: String = "NĐ".nfd().collect();
        assert_eq!(kind_name_for_code(&nfd), Some("Nghị định"));
        for code in ["", "UBND", "TU", "QH15", "XYZ", "-", "/", "C T"] {
            assert_eq!(kind_name_for_code(code), None, "{code:?}");
        }
    }

    #[test]
    fn every_type_code_round_trips() {
        for (code, name) in TYPE_CODES {
            assert_eq!(kind_name_for_code(code), Some(*name));
            let d = p(&format!("1/{code}-UBND"));
            assert_eq!(d.type_code.as_deref(), Some(*code));
            assert_eq!(d.issuer, "UBND");
            let d = p(&format!("1-{code}/TU"));
            assert_eq!(d.type_code.as_deref(), Some(*code));
            assert!(is_slug(&d.slug()));
        }
    }

    // --- errors ----------------------------------------------------------------------------------------------

    #[test]
    fn rejects_garbage_with_hints() {
        for s in [
            "",
            "   ",
            "abc",
            "33",
            "/KH",
            "33-CT",
            "Số",
            "Số:",
            "33-",
            "33/",
            "33-CT/",
            "33/KH-",
            "33-CT/TU-",
            "53/KH",
            "33CT/TU",
            "33 CT/TU",
            "53/KH UBND",
            "33/CT/TU",
            "53-KH-UBND",
            "25/9/2020",
            "02/03/2021",
            "1/10 – 31/3",
            "85,71%",
            "33-CT/TU.",
            "33-CT/TU/2020",
            "30/1900/NĐ-CP",
            "30/2200/NĐ-CP",
            "30/20/NĐ-CP",
            "30/02020/NĐ-CP",
            "30/2020",
            "30/2020/",
            "33-2020/TU",
            "33-CT/2020",
            "Số: Ủy ban",
            "33-CT/TƯ",
            "--",
            "//",
            "33--CT/TU",
            "33-CT//TU",
            "33-CT/TU--HU",
            "53/KH-UBND/",
            "x33-CT/TU",
            "33-CT/TU\u{0}",
            "So 33-CT/TU",
        ] {
            let e = err(s);
            assert!(!e.message.is_empty(), "{s:?}");
            assert!(e.hint.is_some(), "{s:?} has a hint");
            let shown = e.to_string();
            assert!(shown.contains("(hint: "), "{shown}");
        }
    }

    #[test]
    fn error_messages_say_what_was_expected() {
        assert_eq!(err("").message, "empty document number");
        assert!(err("abc").message.contains("starts with its number"));
        assert!(err("33").message.contains("no type or issuer"));
        assert!(
            err("/KH")
                .message
                .contains("expected the document's number")
        );
        let e = err("33-CT");
        assert!(e.message.contains("no issuer"), "{}", e.message);
        assert!(e.message.contains("`33-CT`"), "{}", e.message);
        assert_eq!(e.hint.as_deref(), Some(SHAPES_HINT));
        assert!(err("53/KH").message.contains("issuer is missing"));
        assert!(err("30/1900/NĐ-CP").message.contains("out of range"));
        assert!(err("25/9/2020").message.contains("4-digit year"));
        assert!(err("33CT/TU").message.contains("mixes digits and letters"));
        assert!(err("33-CT/TƯ").message.contains("`Ư`"));
        assert!(err("33/CT/TU").hint.unwrap().contains("33-CT/TU"));
        let e = err("53-KH-UBND");
        assert!(e.hint.unwrap().contains("53/KH-UBND"));
        // Long inputs are quoted shortened.
        let long = "x".repeat(500);
        assert!(err(&long).message.chars().count() < 200);
    }

    #[test]
    fn error_display() {
        let e = DocNumberError {
            message: "bad".into(),
            hint: Some("fix".into()),
        };
        assert_eq!(e.to_string(), "bad (hint: fix)");
        let e = DocNumberError {
            message: "bad".into(),
            hint: None,
        };
        assert_eq!(e.to_string(), "bad");
        let _: &dyn std::error::Error = &e;
    }

    // --- find_doc_numbers ------------------------------------------------------------------------------------

    /// The numbers found in `text`, as the slices they cover.
    fn found(text: &str) -> Vec<&str> {
        find_doc_numbers(text)
            .into_iter()
            .map(|(r, _)| &text[r])
            .collect()
    }

    #[test]
    fn finds_numbers_in_sentences() {
        assert_eq!(
            found("Thực hiện Chỉ thị số 33-CT/TU ngày 25/9/2020 của Ban Thường vụ Tỉnh ủy"),
            ["33-CT/TU"]
        );
        assert_eq!(
            found("Căn cứ Kế hoạch số 53/KH-UBND, ngày 02/03/2021 của UBND huyện"),
            ["53/KH-UBND"]
        );
        assert_eq!(
            found("Công văn số 121-CV/HU của Huyện ủy về việc tăng cường công tác thi hành án."),
            ["121-CV/HU"]
        );
        assert_eq!(
            found("Theo Nghị định 30/2020/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15."),
            ["30/2020/NĐ-CP", "91/2025/QH15"]
        );
        assert_eq!(
            found("(Công văn 3769/BTP-TCTHADS; Quyết định 1898/QĐ-BTP)"),
            ["3769/BTP-TCTHADS", "1898/QĐ-BTP"]
        );
        assert_eq!(
            found("Thông tư số 06/2019/TT-BTP quy định chế độ báo cáo"),
            ["06/2019/TT-BTP"]
        );
        assert_eq!(
            found("theo Quyết định số 44 /2005/QĐ-UBND của tỉnh"),
            ["44 /2005/QĐ-UBND"]
        );
        assert_eq!(
            found("Hướng dẫn 36-HD/VPTW; Nghị quyết 05-NQ/TW."),
            ["36-HD/VPTW", "05-NQ/TW"]
        );
        assert_eq!(found("Số: 53/KH-UBND"), ["53/KH-UBND"]);
        assert_eq!(found("53/KH-UBND"), ["53/KH-UBND"]);
        assert_eq!(found("Chương trình 12/CTr-UBND."), ["12/CTr-UBND"]);
        assert_eq!(found("Quyết định 17/2019/QĐ-TTg;"), ["17/2019/QĐ-TTg"]);
        assert_eq!(found("Chỉ thị 33 - CT / TU ngày"), ["33 - CT / TU"]);
        assert_eq!(found("Chỉ thị 33–CT/TU của Tỉnh ủy"), ["33–CT/TU"]);
        assert_eq!(found("Chỉ thị\u{a0}33-CT/TU"), ["33-CT/TU"]);
        assert_eq!(found("33-CT/TU33-CT/TU"), Vec::<&str>::new());
        assert_eq!(found("33-CT/TU 33-CT/TU"), ["33-CT/TU", "33-CT/TU"]);
    }

    #[test]
    fn found_numbers_are_parsed() {
        let text = "Chỉ thị số 33-CT/TU ngày 25/9/2020 và Kế hoạch số 53/KH-UBND.";
        let hits = find_doc_numbers(text);
        assert_eq!(hits.len(), 2);
        assert_eq!(hits[0].1, party("33", "CT", "TU"));
        assert_eq!(hits[1].1, state("53", None, Some("KH"), "UBND"));
        let (r, _) = &hits[0];
        assert_eq!(&text[r.clone()], "33-CT/TU");
        assert_eq!(text[..r.start].chars().last(), Some(' '));
    }

    #[test]
    fn excludes_trailing_punctuation_and_prose() {
        for (text, want) in [
            ("số 33-CT/TU.", "33-CT/TU"),
            ("số 33-CT/TU,", "33-CT/TU"),
            ("(33-CT/TU)", "33-CT/TU"),
            ("“53/KH-UBND”", "53/KH-UBND"),
            ("53/KH-UBND-", "53/KH-UBND"),
            ("53/KH-UBND - UBND huyện", "53/KH-UBND"),
            ("53/KH-UBND-Xã", "53/KH-UBND"),
            ("33-CT/TU ngày", "33-CT/TU"),
            ("33-CT/TU\nngày", "33-CT/TU"),
        ] {
            assert_eq!(found(text), [want], "{text:?}");
        }
    }

    #[test]
    fn does_not_match_dates_fractions_or_amounts() {
        for text in [
            "ngày 25/9/2020",
            "ngày 02/03/2021",
            "từ 1/10 – 31/3 hằng năm",
            "đạt 85,71% chỉ tiêu",
            "1.250.000.000 đồng",
            "62,3 tỷ đồng",
            "giai đoạn 2021-2025",
            "tỷ lệ 3/4 số việc",
            "Tổ 3/A",
            "tốc độ 60/Km",
            "năm 2020/2021",
            "24/7",
            "QH15",
            "COVID-19",
            "F0/F1",
            "5S/KH",
            "lớp 12A/KH",
            "x33-CT/TU",
            "https://x.gov.vn/2020/KH-UBND",
            "ngày 25/9/2020/QĐ",
            "10/2020/",
            "1 - 2/3",
            "33 -\nCT/TU",
            "53/KH-UBND/abc",
            "/data/33-CT/TU/index.html",
        ] {
            assert_eq!(found(text), Vec::<&str>::new(), "{text:?}");
        }
    }

    #[test]
    fn finds_in_nfd_text() {
        let text: String = "Chỉ thị số 33-CT/TU và Nghị định 30/2020/NĐ-CP được ban hành."
            .nfd()
            .collect();
        assert_eq!(found(&text), ["33-CT/TU", "30/2020/NĐ-CP"]);
        // A code glued to a decomposed letter is not a code.
        let text: String = "Tổ 3/KHÀ".nfd().collect();
        assert_eq!(found(&text), Vec::<&str>::new());
    }

    #[test]
    fn finds_nothing_in_empty_or_plain_text() {
        assert!(find_doc_numbers("").is_empty());
        assert!(find_doc_numbers("Không có số văn bản nào ở đây.").is_empty());
        assert!(find_doc_numbers("33").is_empty());
        assert!(find_doc_numbers("33-").is_empty());
        assert!(find_doc_numbers("33-CT/").is_empty());
    }

    // --- properties -------------------------------------------------------------------------------------------

    fn group() -> impl Strategy<Value = String> {
        "[A-ZĐ][A-Za-zĐđ0-9]{0,6}"
    }

    fn strict_group() -> impl Strategy<Value = String> {
        "[A-ZĐ]{2,6}[0-9]{0,2}"
    }

    fn type_code() -> impl Strategy<Value = String> {
        prop_oneof![
            proptest::sample::select(
                TYPE_CODES
                    .iter()
                    .map(|(c, _)| c.to_string())
                    .collect::<Vec<_>>()
            ),
            group(),
        ]
    }

    fn spaces() -> impl Strategy<Value = String> {
        prop_oneof![Just(""), Just(""), Just(" "), Just("  "), Just("\u{a0}")]
            .prop_map(String::from)
    }

    fn prefix() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(""),
            Just(""),
            Just("Số "),
            Just("Số: "),
            Just("số "),
            Just("SỐ:")
        ]
        .prop_map(String::from)
    }

    /// A valid party number as typed, and its expected parse.
    fn party_input() -> impl Strategy<Value = (String, DocNumber)> {
        (
            prefix(),
            "[0-9]{1,5}",
            type_code(),
            proptest::collection::vec(group(), 1..4),
            spaces(),
            spaces(),
        )
            .prop_map(|(prefix, number, type_code, issuer, s1, s2)| {
                let input = format!(
                    "{prefix}{number}{s1}-{s2}{type_code}{s1}/{s2}{}",
                    issuer.join("-")
                );
                let expected = DocNumber {
                    number,
                    form: DocForm::Party,
                    year: None,
                    type_code: Some(canonical_group(&type_code, true)),
                    issuer: join_groups(&issuer),
                };
                (input, expected)
            })
    }

    /// A valid state number as typed, and its expected parse.
    fn state_input() -> impl Strategy<Value = (String, DocNumber)> {
        (
            prefix(),
            "[0-9]{1,5}",
            proptest::option::of(1945..=2100i32),
            proptest::option::of(proptest::sample::select(
                TYPE_CODES
                    .iter()
                    .map(|(c, _)| c.to_string())
                    .collect::<Vec<_>>(),
            )),
            proptest::collection::vec(group(), 1..4),
            spaces(),
        )
            .prop_filter(
                "an issuer that starts with a type code would be read as a type",
                |t| t.3.is_some() || known_type_code(&t.4[0]).is_none(),
            )
            .prop_map(|(prefix, number, year, type_code, issuer, s)| {
                let mut input = format!("{prefix}{number}{s}/");
                if let Some(y) = year {
                    input.push_str(&format!("{s}{y}{s}/"));
                }
                if let Some(t) = &type_code {
                    input.push_str(&format!("{t}-"));
                }
                input.push_str(&issuer.join("-"));
                let expected = DocNumber {
                    number,
                    form: DocForm::State,
                    year,
                    type_code,
                    issuer: join_groups(&issuer),
                };
                (input, expected)
            })
    }

    fn valid_input() -> impl Strategy<Value = (String, DocNumber)> {
        prop_oneof![party_input(), state_input()]
    }

    fn check_ranges(text: &str) -> Result<(), TestCaseError> {
        let hits = find_doc_numbers(text);
        let mut last_end = 0;
        for (r, d) in &hits {
            prop_assert!(r.start < r.end && r.end <= text.len());
            prop_assert!(r.start >= last_end, "ranges overlap or are out of order");
            prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            let slice = &text[r.clone()];
            let reparsed = parse_doc_number(slice);
            prop_assert_eq!(reparsed.as_ref(), Ok(d));
            prop_assert_eq!(slice.trim(), slice);
            last_end = r.end;
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn parse_never_panics(s in any::<String>()) {
            if let Ok(d) = parse_doc_number(&s) {
                prop_assert!(is_slug(&d.slug()), "{:?}", d.slug());
                prop_assert_eq!(parse_doc_number(&d.canonical()), Ok(d.clone()));
            }
        }

        #[test]
        fn parse_never_panics_on_number_like_text(s in "[0-9A-Za-zĐđốỐƯ/\\-–: \u{a0}\u{301}.,%]{0,24}") {
            if let Ok(d) = parse_doc_number(&s) {
                prop_assert!(is_slug(&d.slug()), "{:?}", d.slug());
                prop_assert_eq!(parse_doc_number(&d.canonical()), Ok(d.clone()));
                let _ = d.kind_name();
                let _ = d.id(2020);
            }
            let _ = kind_name_for_code(&s);
        }

        #[test]
        fn valid_numbers_parse_and_round_trip((input, expected) in valid_input()) {
            let d = parse_doc_number(&input);
            prop_assert_eq!(d.as_ref(), Ok(&expected), "input {:?}", input);
            let d = d.unwrap();
            let again = parse_doc_number(&d.canonical());
            prop_assert_eq!(again.as_ref(), Ok(&d));
            prop_assert_eq!(again.unwrap().canonical(), d.canonical());
            let nfd: String = input.nfd().collect();
            prop_assert_eq!(parse_doc_number(&nfd), Ok(d.clone()));
            prop_assert_eq!(parse_doc_number(&input.to_lowercase()).map(|x| x.slug()), Ok(d.slug()));
        }

        #[test]
        fn slugs_and_ids_are_url_safe((input, _expected) in valid_input(), year in 1945..=2100i32) {
            let d = parse_doc_number(&input).unwrap();
            prop_assert!(is_slug(&d.slug()), "{:?}", d.slug());
            let id = d.id(year);
            prop_assert!(is_slug(&id), "{:?}", id);
            prop_assert!(id.starts_with(&d.slug()));
        }

        #[test]
        fn find_ranges_are_valid_on_any_text(text in any::<String>()) {
            check_ranges(&text)?;
        }

        #[test]
        fn find_ranges_are_valid_on_number_like_text(
            text in "[0-9A-ZĐđa-zốÀ/\\-–: \u{a0}\u{301}.,%\n]{0,40}"
        ) {
            check_ranges(&text)?;
        }

        #[test]
        fn find_finds_embedded_numbers(
            number in "[1-9][0-9]{0,3}",
            year in proptest::option::of(1945..=2100i32),
            type_code in proptest::sample::select(TYPE_CODES.iter().map(|(c, _)| c.to_string()).collect::<Vec<_>>()),
            issuer in proptest::collection::vec(strict_group(), 1..3),
            party_form in any::<bool>(),
            punct in prop_oneof![Just(""), Just("."), Just(","), Just(";"), Just(")"), Just(" ngày 25/9/2020")],
        ) {
            let doc = if party_form {
                format!("{number}-{type_code}/{}", issuer.join("-"))
            } else if let Some(y) = year {
                format!("{number}/{y}/{type_code}-{}", issuer.join("-"))
            } else {
                format!("{number}/{type_code}-{}", issuer.join("-"))
            };
            let text = format!("Thực hiện văn bản số {doc}{punct} của cấp trên");
            let hits = find_doc_numbers(&text);
            prop_assert_eq!(hits.len(), 1, "{:?}", text);
            prop_assert_eq!(&text[hits[0].0.clone()], doc.as_str());
            prop_assert_eq!(&hits[0].1, &parse_doc_number(&doc).unwrap());
            check_ranges(&text)?;
        }
    }
}
