//! Parsing one document number: tokens, the party and state grammars, canonical groups.

use super::*;
use crate::quote;

/// Characters allowed inside a number or a group.
pub(crate) fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == 'Đ' || c == 'đ'
}

/// Characters accepted as the hyphen of a document number: ASCII, typographic hyphens, figure and en dash,
/// minus sign (word processors "correct" `33 - CT` into `33 – CT`).
pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2212}'
    )
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Token {
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

/// Strip a leading `Số`, `Số:`, `số.` (any case) and the spaces after it.
pub(crate) fn strip_so_prefix(s: &str) -> &str {
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

pub(crate) fn tokenize(s: &str) -> Result<Vec<Token>, DocNumberError> {
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
pub(crate) fn canonical_group(group: &str, as_type: bool) -> String {
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

pub(crate) struct Parser<'a> {
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

pub(crate) fn join_groups(groups: &[String]) -> String {
    groups
        .iter()
        .map(|g| canonical_group(g, false))
        .collect::<Vec<_>>()
        .join("-")
}
