//! Records of SPEC §3: site, units, yearly statistics, directives, cases.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use jiff::civil::Date;

use super::fields::{Diags, Fields, did_you_mean};
use crate::diag::Pos;
use crate::docnum::{self, DocNumber};
use crate::load::{Node, RawRecord, Value};
use crate::model::*;
use crate::text;

pub const SITE_FIELDS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "unit",
    "language",
    "privacy",
    "stats",
    "briefing",
];

pub fn site_config(raw: Option<&RawRecord>, d: &mut Diags) -> Option<SiteConfig> {
    let raw = raw?;
    let f = Fields::new(&raw.file, &raw.node, "site", SITE_FIELDS, d)?;
    let title = f.required_text("title", d, "Bản tin Thi hành án dân sự tỉnh …");
    let base_url = f.text("base_url", d).and_then(|u| {
        let ok = (u.starts_with("https://") || u.starts_with("http://")) && u.len() > 8;
        if ok {
            Some(if u.ends_with('/') { u } else { format!("{u}/") })
        } else {
            d.error(
                &raw.file,
                f.get("base_url").map(|n| n.pos).unwrap_or(f.pos),
                format!("`base_url` must be an absolute URL, not `{u}`"),
                Some("e.g. `base_url: https://thads.thainguyen.gov.vn/`".into()),
            );
            None
        }
    });
    let mut person_names = NamePolicy::Initials;
    if let Some(node) = f.get("privacy")
        && let Some(p) = Fields::new(&raw.file, node, "privacy setting", &["person_names"], d)
    {
        match p.text("person_names", d).as_deref() {
            None | Some("initials") => {}
            Some("full") => person_names = NamePolicy::Full,
            Some(other) => d.error(
                &raw.file,
                p.get("person_names").map(|n| n.pos).unwrap_or(p.pos),
                format!("`person_names` must be `initials` or `full`, not `{other}`"),
                None,
            ),
        }
    }
    let mut year_start = (10, 1);
    let mut money_input = MoneyInput::Dong;
    if let Some(node) = f.get("stats")
        && let Some(s) = Fields::new(
            &raw.file,
            node,
            "stats setting",
            &["year_start", "money_input"],
            d,
        )
    {
        if let Some(ys) = s.text("year_start", d) {
            match parse_month_day(&ys) {
                Some(md) => year_start = md,
                None => d.error(
                    &raw.file,
                    s.get("year_start").map(|n| n.pos).unwrap_or(s.pos),
                    format!("`year_start` must be month-day like \"10-01\", not `{ys}`"),
                    Some(
                        "the THADS statistical year starts on 1 October: `year_start: \"10-01\"`"
                            .into(),
                    ),
                ),
            }
        }
        match s.text("money_input", d).as_deref() {
            None | Some("dong") => {}
            Some("nghin-dong") => money_input = MoneyInput::NghinDong,
            Some(other) => d.error(
                &raw.file,
                s.get("money_input").map(|n| n.pos).unwrap_or(s.pos),
                format!("`money_input` must be `dong` or `nghin-dong`, not `{other}`"),
                None,
            ),
        }
    }
    let language = f.text("language", d).unwrap_or_else(|| "vi".into());
    let briefing = f
        .get("briefing")
        .map(|node| super::briefing::briefing_config(&raw.file, node, d))
        .unwrap_or_default();
    Some(SiteConfig {
        title: title?,
        description: f.text("description", d),
        base_url,
        unit: f.id("unit", d),
        language,
        person_names,
        year_start,
        money_input,
        briefing,
    })
}

fn parse_month_day(s: &str) -> Option<(i8, i8)> {
    let (m, d) = s.split_once('-')?;
    let m: i8 = m.parse().ok()?;
    let d: i8 = d.parse().ok()?;
    Date::new(2001, m, d).ok()?;
    Some((m, d))
}

pub const UNIT_FIELDS: &[&str] = &[
    "id",
    "name",
    "short_name",
    "kind",
    "parent",
    "from",
    "until",
    "successor",
    "children_complete",
    "unconfirmed",
    "audience",
    "internal",
];

/// The fields of a unit that `unconfirmed:` can name.
pub const UNIT_UNCONFIRMABLE: &[&str] = &["successor", "parent", "from", "until", "name"];
/// The fields of a year's figures that `unconfirmed:` can name.
pub const YEAR_UNCONFIRMABLE: &[&str] = &["cases", "money", "rank", "as_of", "source"];

/// A unit before cross-record checks, with where its references are written.
pub struct PendingUnit {
    pub unit: Unit,
    pub pos: Pos,
    /// The `parent:` and `successor:` values (the record's position when absent).
    pub parent_pos: Pos,
    pub successor_pos: Pos,
}

pub fn unit(raw: &RawRecord, d: &mut Diags) -> Option<PendingUnit> {
    let f = Fields::new(&raw.file, &raw.node, "unit", UNIT_FIELDS, d)?;
    let id = f.required_id("id", d, "dai-tu");
    let name = f.required_text("name", d, "Chi cục Thi hành án dân sự huyện Đại Từ");
    let kind = match f.text("kind", d) {
        None => {
            if !f.has("kind") {
                d.error(
                    &raw.file,
                    f.pos,
                    "missing required field `kind` in unit",
                    Some(format!("one of: {}", UnitKind::NAMES.join(", "))),
                );
            }
            None
        }
        Some(k) => match UnitKind::parse(&k) {
            Some(kind) => Some(kind),
            None => {
                d.error(
                    &raw.file,
                    f.get("kind").map(|n| n.pos).unwrap_or(f.pos),
                    format!("unknown unit kind `{k}`"),
                    Some(match did_you_mean(&k, UnitKind::NAMES) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("one of: {}", UnitKind::NAMES.join(", ")),
                    }),
                );
                None
            }
        },
    };
    let from = f.date("from", d);
    let until = f.date("until", d);
    if let (Some(a), Some(b)) = (from, until)
        && a > b
    {
        d.error(
            &raw.file,
            f.key_pos("until"),
            format!(
                "`until` ({}) is before `from` ({})",
                text::format_date(b),
                text::format_date(a)
            ),
            None,
        );
    }
    let name = name?;
    let short_name = f.text("short_name", d).unwrap_or_else(|| name.clone());
    let value_pos = |field: &str| f.get(field).map_or(f.pos, |n| n.pos);
    Some(PendingUnit {
        parent_pos: value_pos("parent"),
        successor_pos: value_pos("successor"),
        pos: f.pos,
        unit: Unit {
            id: id?,
            short_name,
            name,
            kind: kind?,
            parent: f.id("parent", d),
            from,
            until,
            successor: f.id("successor", d),
            children_complete: f.bool("children_complete", d).unwrap_or(false),
            unconfirmed: f.unconfirmed(UNIT_UNCONFIRMABLE, d),
            audience: f.audience(d),
            internal: f.internal(d),
            file: raw.file.clone(),
        },
    })
}

pub const STATS_FILE_FIELDS: &[&str] = &["unit", "years", "audience", "internal"];
pub const YEAR_FIELDS: &[&str] = &[
    "year",
    "cases",
    "money",
    "rank",
    "months",
    "as_of",
    "source",
    "unconfirmed",
    "audience",
    "internal",
];
pub const MEASURE_FIELDS: &[&str] = &[
    "total",
    "eligible",
    "completed",
    "rate",
    "target",
    "exceeded",
];

/// A unit-year before cross-record checks.
pub struct PendingStats {
    pub stats: YearStats,
    pub pos: Pos,
    pub unit_pos: Pos,
    /// Positions of the `rank` values, for mismatch warnings.
    pub rank_pos: (Pos, Pos),
}

pub fn stats(raw: &RawRecord, config: &SiteConfig, d: &mut Diags) -> Vec<PendingStats> {
    let mut out = Vec::new();
    let Some(f) = Fields::new(
        &raw.file,
        &raw.node,
        "statistics record",
        STATS_FILE_FIELDS,
        d,
    ) else {
        return out;
    };
    let unit = f.required_id("unit", d, "dai-tu");
    let file_audience = f.audience(d);
    let file_internal = f.internal(d);
    let Some(years) = f.get("years") else {
        d.error(
            &raw.file,
            f.pos,
            "missing required field `years` in statistics record",
            Some("add `years:` with a list of entries such as `- year: 2023`".into()),
        );
        return out;
    };
    let Value::Seq(items) = &years.value else {
        d.error(
            &raw.file,
            years.pos,
            format!(
                "expected a list of years, found {}",
                years.value.kind_name()
            ),
            Some("each year starts with `- year: 2023`".into()),
        );
        return out;
    };
    for item in items {
        if let Some(mut p) = year_entry(&raw.file, item, unit.as_deref(), config, d) {
            p.unit_pos = f.get("unit").map(|n| n.pos).unwrap_or(f.pos);
            if file_audience == Audience::Internal {
                p.stats.audience = Audience::Internal;
            }
            for (k, v) in &file_internal {
                p.stats
                    .internal
                    .entry(k.clone())
                    .or_insert_with(|| v.clone());
            }
            out.push(p);
        }
    }
    out
}

/// The first and last day of statistical year `year` (12 months) or of its first six months,
/// for a year that starts on `year_start` (month, day) of the year before.
pub fn stats_period(year: i32, months: u8, year_start: (i8, i8)) -> Option<(Date, Date)> {
    let (ys_m, ys_d) = year_start;
    let start = Date::new(i16::try_from(year).ok()? - 1, ys_m, ys_d).ok()?;
    let end = if months == 12 {
        Date::new(i16::try_from(year).ok()?, ys_m, ys_d)
            .ok()?
            .yesterday()
            .ok()?
    } else {
        start
            .checked_add(jiff::Span::new().months(6))
            .ok()?
            .yesterday()
            .ok()?
    };
    Some((start, end))
}

fn year_entry(
    file: &Path,
    node: &Node,
    unit: Option<&str>,
    config: &SiteConfig,
    d: &mut Diags,
) -> Option<PendingStats> {
    let errors_before = d.error_count();
    let f = Fields::new(file, node, "year entry", YEAR_FIELDS, d)?;
    let year = match f.get("year") {
        None => {
            d.error(
                file,
                f.pos,
                "missing required field `year` in year entry",
                Some("add `year: 2023` (the statistical year ending 30/09/2023)".into()),
            );
            None
        }
        Some(n) => match n.value {
            Value::Int(y) if (1950..=2100).contains(&y) => Some(y as i32),
            _ => {
                d.error(
                    file,
                    n.pos,
                    format!(
                        "`year` must be a year such as 2023, not `{}`",
                        n.scalar_text().unwrap_or_default()
                    ),
                    None,
                );
                None
            }
        },
    };
    let months = match f.get("months") {
        None => Some(12),
        Some(n) => match n.value {
            Value::Int(m) if m == 12 || m == 6 => Some(m as u8),
            _ => {
                d.error(
                    file,
                    n.pos,
                    "`months` must be 12 (whole year) or 6 (six-month review, 1/10 – 31/3)",
                    None,
                );
                None
            }
        },
    };
    let money_factor = match config.money_input {
        MoneyInput::Dong => 1,
        MoneyInput::NghinDong => 1000,
    };
    let cases = measure(&f, "cases", 1, d);
    let money = measure(&f, "money", money_factor, d);
    let mut rank = Ranks::default();
    let mut rank_pos = (f.pos, f.pos);
    if let Some(rn) = f.get("rank")
        && let Some(r) = Fields::new(file, rn, "rank", &["cases", "money"], d)
    {
        rank.cases = r.count("cases", d).map(|v| v as u32);
        rank.money = r.count("money", d).map(|v| v as u32);
        rank_pos = (
            r.get("cases").map(|n| n.pos).unwrap_or(rn.pos),
            r.get("money").map(|n| n.pos).unwrap_or(rn.pos),
        );
        for (v, p) in [(rank.cases, rank_pos.0), (rank.money, rank_pos.1)] {
            if v == Some(0) {
                d.error(file, p, "a rank starts at 1", None);
            }
        }
    }
    let as_of = f.date("as_of", d);
    let year = year?;
    let months = months?;
    let (period_start, period_end) = stats_period(year, months, config.year_start)?;
    let (cases, money) = (cases?, money?);
    if cases.is_empty() && money.is_empty() && d.error_count() == errors_before {
        d.warning(
            file,
            f.pos,
            format!("the entry for {year} has no figures"),
            Some("add `cases:` and/or `money:` with counts or rates".into()),
        );
    }
    Some(PendingStats {
        stats: YearStats {
            unit: unit?.to_string(),
            year,
            months,
            period_start,
            period_end,
            cases,
            money,
            rank,
            computed_rank: Ranks::default(),
            rank_of: None,
            as_of,
            source: f.text("source", d),
            unconfirmed: f.unconfirmed(YEAR_UNCONFIRMABLE, d),
            audience: f.audience(d),
            internal: f.internal(d),
            file: file.to_path_buf(),
        },
        pos: f.pos,
        unit_pos: f.pos,
        rank_pos,
    })
}

fn measure(parent: &Fields, name: &str, money_factor: u64, d: &mut Diags) -> Option<Measure> {
    let Some(node) = parent.get(name) else {
        return Some(Measure::default());
    };
    let f = Fields::new(
        &parent.file,
        node,
        if name == "cases" {
            "cases measure"
        } else {
            "money measure"
        },
        MEASURE_FIELDS,
        d,
    )?;
    let scale = |v: Option<u64>| v.and_then(|v| v.checked_mul(money_factor));
    let total = scale(f.count("total", d));
    let eligible = scale(f.count("eligible", d));
    let completed = scale(f.count("completed", d));
    let published = f.percent("rate", false, d);
    let stated_target = f.percent("target", false, d);
    let stated_exceeded = f.percent("exceeded", true, d);
    let mut ok = true;
    if let (Some(c), Some(e)) = (completed, eligible)
        && c > e
    {
        d.error(
            &f.file,
            f.get("completed").map(|n| n.pos).unwrap_or(f.pos),
            format!("`completed` ({}) is greater than `eligible` ({})", text::format_int(c), text::format_int(e)),
            Some("thi hành xong counts only cases/amounts that were có điều kiện thi hành: completed ≤ eligible".into()),
        );
        ok = false;
    }
    if let (Some(e), Some(t)) = (eligible, total)
        && e > t
    {
        d.error(
            &f.file,
            f.get("eligible").map(|n| n.pos).unwrap_or(f.pos),
            format!(
                "`eligible` ({}) is greater than `total` ({})",
                text::format_int(e),
                text::format_int(t)
            ),
            Some("có điều kiện thi hành is part of tổng số phải thi hành: eligible ≤ total".into()),
        );
        ok = false;
    }
    let computed = match (completed, eligible) {
        (Some(c), Some(e)) if e > 0 && c <= e => Some(c as f64 * 100.0 / e as f64),
        _ => None,
    };
    if let (Some(p), Some(c)) = (published, computed)
        && (p - c).abs() > 0.005
    {
        d.warning(
            &f.file,
            f.get("rate").map(|n| n.pos).unwrap_or(f.pos),
            format!(
                "stated rate {} differs from completed/eligible = {}",
                text::format_percent(p),
                text::format_percent(c)
            ),
            Some("the page shows the published rate with the recomputed one in a note; correct the counts or the rate if this is a typo".into()),
        );
    }
    let rate = Rate {
        published,
        computed,
    };
    let target = match (stated_target, rate.value(), stated_exceeded) {
        (Some(t), _, _) => Some(Target {
            value: t,
            derived: false,
        }),
        (None, Some(r), Some(x)) => Some(Target {
            value: round2(r - x),
            derived: true,
        }),
        _ => None,
    };
    let mut exceeded_mismatch = None;
    let exceeded = match (stated_exceeded, rate.value(), stated_target) {
        (Some(x), Some(r), Some(t)) => {
            if (r - t - x).abs() > 0.01 {
                d.warning(
                    &f.file,
                    f.get("exceeded").map(|n| n.pos).unwrap_or(f.pos),
                    format!(
                        "stated `exceeded` {} differs from rate − target = {}",
                        text::format_points(x),
                        text::format_points(r - t)
                    ),
                    Some("`exceeded` is in percentage points: rate − target".into()),
                );
                exceeded_mismatch = Some(x);
            }
            Some(x)
        }
        (Some(x), _, _) => Some(x),
        (None, Some(r), Some(t)) => Some(round2(r - t)),
        _ => None,
    };
    if !ok {
        return None;
    }
    Some(Measure {
        total,
        eligible,
        completed,
        rate,
        target,
        exceeded_computed: stated_exceeded.is_none() && exceeded.is_some(),
        exceeded,
        exceeded_mismatch,
    })
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

pub const DIRECTIVE_FIELDS: &[&str] = &[
    "number",
    "date",
    "issuer",
    "title",
    "kind",
    "implements",
    "unit",
    "url",
    "summary",
    "unconfirmed",
    "audience",
    "internal",
];

/// The fields of a directive that `unconfirmed:` can name.
pub const DIRECTIVE_UNCONFIRMABLE: &[&str] =
    &["implements", "unit", "date", "issuer", "kind", "url"];

/// A directive before its references are resolved.
pub struct PendingDirective {
    pub directive: Directive,
    pub pos: Pos,
    /// The `unit:` value (the record's position when absent).
    pub unit_pos: Pos,
    pub implements: Vec<(String, Pos)>,
}

pub fn directive(raw: &RawRecord, d: &mut Diags) -> Option<PendingDirective> {
    let f = Fields::new(&raw.file, &raw.node, "directive", DIRECTIVE_FIELDS, d)?;
    let number = f.required_text("number", d, "33-CT/TU");
    let date = match f.get("date") {
        None => {
            d.error(
                &raw.file,
                f.pos,
                "missing required field `date` in directive",
                Some("add the date the document was signed, e.g. `date: 25/09/2020`".into()),
            );
            None
        }
        Some(_) => f.date("date", d),
    };
    let issuer = f.required_text("issuer", d, "Ban Thường vụ Tỉnh ủy Thái Nguyên");
    let title = f.required_text("title", d, "về tăng cường sự lãnh đạo của Đảng …");
    let stated_kind = f.text("kind", d);
    let implements = f.text_list("implements", d);
    let url = f.text("url", d);
    if let Some(u) = &url
        && !(u.starts_with("https://") || u.starts_with("http://"))
    {
        d.error(
            &raw.file,
            f.get("url").map(|n| n.pos).unwrap_or(f.pos),
            format!("`url` must be an absolute web address, not `{u}`"),
            None,
        );
    }
    let summary_md = markdown_field(&f, "summary", d);
    let (number, date) = (number?, date?);
    let doc = match docnum::parse_doc_number(&number) {
        Ok(doc) => Some(doc),
        Err(e) => {
            d.warning(
                &raw.file,
                f.get("number").map(|n| n.pos).unwrap_or(f.pos),
                format!("cannot read the document number `{number}`: {}", e.message),
                e.hint.or(Some("party documents look like 33-CT/TU, state documents like 53/KH-UBND or 30/2020/NĐ-CP".into())),
            );
            None
        }
    };
    let year = date.year() as i32;
    let (id, shown, kind) = match &doc {
        Some(doc) => (
            doc.id(year),
            doc.canonical(),
            stated_kind
                .clone()
                .or_else(|| doc.kind_name().map(str::to_string)),
        ),
        None => (
            format!("{}-{year}", text::slugify(&number)),
            number.clone(),
            stated_kind.clone(),
        ),
    };
    if kind.is_none()
        && let Some(doc) = &doc
        && doc.year.is_some()
    {
        d.warning(
            &raw.file,
            f.get("number").map(|n| n.pos).unwrap_or(f.pos),
            format!("the number `{shown}` does not say what kind of document it is (a law or a resolution?)"),
            Some("add `kind: Luật` or `kind: Nghị quyết`".into()),
        );
    }
    Some(PendingDirective {
        directive: Directive {
            id,
            number: shown,
            doc,
            date,
            issuer: issuer?,
            title: title?,
            kind,
            implements: Vec::new(),
            unit: f.id("unit", d),
            url,
            summary_md,
            summary_html: None,
            unconfirmed: f.unconfirmed(DIRECTIVE_UNCONFIRMABLE, d),
            audience: f.audience(d),
            internal: f.internal(d),
            file: raw.file.clone(),
        },
        pos: f.pos,
        unit_pos: f.get("unit").map_or(f.pos, |n| n.pos),
        implements,
    })
}

/// Finds directives by the number a user wrote (`33-CT/TU`, `33-CT/TU@2020`).
pub struct DirectiveIndex {
    by_number: HashMap<String, Vec<(i32, String)>>,
}

impl DirectiveIndex {
    pub fn new<'d>(directives: impl IntoIterator<Item = &'d Directive>) -> Self {
        let mut by_number: HashMap<String, Vec<(i32, String)>> = HashMap::new();
        for dir in directives {
            by_number
                .entry(number_key(&dir.number))
                .or_default()
                .push((dir.date.year() as i32, dir.id.clone()));
        }
        DirectiveIndex { by_number }
    }

    /// Resolve a reference; the error explains what is wrong.
    pub fn resolve(&self, reference: &str) -> Result<String, (String, Option<String>)> {
        let (number, year) = match reference.rsplit_once('@') {
            Some((n, y)) => match y.trim().parse::<i32>() {
                Ok(y) => (n, Some(y)),
                Err(_) => {
                    return Err((
                        format!("`{reference}`: the part after @ must be a year"),
                        Some("write `33-CT/TU@2020`".into()),
                    ));
                }
            },
            None => (reference, None),
        };
        let key = number_key(number);
        let Some(found) = self.by_number.get(&key) else {
            let known: Vec<&str> = self.by_number.keys().map(String::as_str).collect();
            return Err((
                format!("no directive numbered `{}`", number.trim()),
                did_you_mean(&key, &known)
                    .map(|s| format!("did you mean `{s}`?"))
                    .or(Some(
                        "add it under content/directives/ or correct the number".into(),
                    )),
            ));
        };
        let matching: Vec<&(i32, String)> = found
            .iter()
            .filter(|(y, _)| year.is_none_or(|want| want == *y))
            .collect();
        match matching.as_slice() {
            [one] => Ok(one.1.clone()),
            [] => Err((
                format!(
                    "no directive `{}` dated {}",
                    number.trim(),
                    year.unwrap_or_default()
                ),
                Some(format!(
                    "`{}` exists for {}",
                    number.trim(),
                    found
                        .iter()
                        .map(|(y, _)| y.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )),
            _ => Err((
                format!("`{}` matches several directives", number.trim()),
                Some(format!(
                    "party numbers restart each term: write `{}@YEAR`, one of {}",
                    number.trim(),
                    found
                        .iter()
                        .map(|(y, _)| y.to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            )),
        }
    }

    /// Every id for a number as it appears in text (for auto-links).
    pub fn ids_for(&self, doc: &DocNumber) -> Option<&Vec<(i32, String)>> {
        self.by_number.get(&number_key(&doc.canonical()))
    }
}

pub fn number_key(number: &str) -> String {
    match docnum::parse_doc_number(number) {
        Ok(doc) => doc.canonical(),
        Err(_) => number.split_whitespace().collect::<String>(),
    }
}

pub const CASE_FIELDS: &[&str] = &[
    "id",
    "title",
    "unit",
    "party",
    "commune",
    "resolved",
    "measures",
    "long_running",
    "complaints",
    "directed_by",
    "commendation",
    "directives",
    "audience",
    "internal",
];

pub struct PendingCase {
    pub case: Case,
    pub pos: Pos,
    pub directives: Vec<(String, Pos)>,
    pub unit_pos: Pos,
}

pub fn case(raw: &RawRecord, d: &mut Diags) -> Option<PendingCase> {
    let f = Fields::new(&raw.file, &raw.node, "case", CASE_FIELDS, d)?;
    let id = f.required_id("id", d, "vu-nguyen-thi-hai");
    let title = f.required_text("title", d, "Vụ Nguyễn Thị Hải");
    let resolved = f.get("resolved").and_then(|n| match n.value {
        Value::Int(y) if (1950..=2100).contains(&y) => Some(Resolved::Year(y as i32)),
        _ => super::fields::date_of(n, &raw.file, d).map(Resolved::Date),
    });
    let commendation_md = markdown_field(&f, "commendation", d);
    Some(PendingCase {
        unit_pos: f.get("unit").map(|n| n.pos).unwrap_or(f.pos),
        directives: f.text_list("directives", d),
        pos: f.pos,
        case: Case {
            id: id?,
            title: title?,
            unit: f.id("unit", d),
            party: f.text("party", d),
            commune: f.text("commune", d),
            resolved,
            measures: f
                .text_list("measures", d)
                .into_iter()
                .map(|(s, _)| s)
                .collect(),
            long_running: f.bool("long_running", d).unwrap_or(false),
            complaints: f.bool("complaints", d).unwrap_or(false),
            directed_by: f
                .text_list("directed_by", d)
                .into_iter()
                .map(|(s, _)| s)
                .collect(),
            commendation_md,
            commendation_html: None,
            directives: Vec::new(),
            audience: f.audience(d),
            internal: f.internal(d),
            file: raw.file.clone(),
        },
    })
}

/// A Markdown text field, with the line where its value starts.
fn markdown_field(f: &Fields, name: &str, d: &mut Diags) -> Option<MarkdownSource> {
    let text = f.text(name, d)?;
    let pos = f.get(name).map_or(Pos::new(0, 1), |n| n.pos);
    Some(MarkdownSource {
        text,
        line: pos.line,
        col: pos.col,
    })
}

/// Ranks computed among units sharing a parent, for every (parent, year, months) where all the
/// parent's units alive that year have a rate. Competition ranking: equal rates share a rank.
/// One entry per unit-year of `stats`, in its order: the ranks and how many units were ranked.
pub fn rank_table(units: &[Unit], stats: &[YearStats]) -> Vec<(Ranks, Option<u32>)> {
    let mut table = vec![(Ranks::default(), None); stats.len()];
    let parent_of: HashMap<&str, &str> = units
        .iter()
        .filter_map(|u| u.parent.as_deref().map(|p| (u.id.as_str(), p)))
        .collect();
    let mut groups: BTreeMap<(String, i32, u8), Vec<usize>> = BTreeMap::new();
    for (i, s) in stats.iter().enumerate() {
        if let Some(p) = parent_of.get(s.unit.as_str()) {
            groups
                .entry((p.to_string(), s.year, s.months))
                .or_default()
                .push(i);
        }
    }
    for ((parent, _, _), idx) in groups {
        let Some(first) = idx.first() else { continue };
        let (start, end) = (stats[*first].period_start, stats[*first].period_end);
        let alive = units
            .iter()
            .filter(|u| u.parent.as_deref() == Some(parent.as_str()) && u.overlaps(start, end))
            .count();
        if alive != idx.len() || alive < 2 {
            continue;
        }
        for which in [0, 1] {
            let rate = |s: &YearStats| {
                if which == 0 {
                    s.cases.rate.value()
                } else {
                    s.money.rate.value()
                }
            };
            if idx.iter().any(|i| rate(&stats[*i]).is_none()) {
                continue;
            }
            for i in &idx {
                let mine = rate(&stats[*i]).unwrap_or_default();
                let better = idx
                    .iter()
                    .filter(|j| rate(&stats[**j]).unwrap_or_default() > mine + 1e-9)
                    .count() as u32;
                let r = Some(better + 1);
                if which == 0 {
                    table[*i].0.cases = r;
                } else {
                    table[*i].0.money = r;
                }
                table[*i].1 = Some(idx.len() as u32);
            }
        }
    }
    table
}
