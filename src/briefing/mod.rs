//! The report a leader signs: the lead unit's results for one statistical period, in the form of
//! Nghị định 30/2020/NĐ-CP. [`build`] makes a [`Report`] from the validated site; the `/bao-cao/`
//! page renders it through `templates/briefing.html` and `bantin briefing --docx` through
//! [`docx`]. What it says is only what the figures support ([`assess`]).

pub mod assess;
pub mod command;
pub mod docx;
mod docx_fix;
pub mod report;

use jiff::civil::Date;

use crate::model::{ChartKind, ChartSpec, Period, Site, Unit, YearStats};
use crate::render::views;
use crate::text;
use crate::text::labels::ReportLabels;
pub use report::*;

/// What the command line adds to the site's `briefing:` settings.
#[derive(Clone, Copy, Debug, Default)]
pub struct Request {
    /// `--period`; else `briefing.period`; else the latest with figures.
    pub period: Option<Period>,
    /// `--number`: the report's number in the office's register.
    pub number: Option<u32>,
    /// `--date`: the day it is signed.
    pub date: Option<Date>,
}

/// Why there is no report: what is wrong and a hint (the caller says where).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `site.yaml` names no lead unit (or one this build leaves out).
    NoLeadUnit,
    /// The lead unit has no figures for the period (`None`: for any period).
    NoFigures {
        unit: String,
        period: Option<Period>,
        have: Vec<String>,
    },
}

impl Problem {
    /// The message and hint of a diagnostic.
    pub fn message(&self) -> (String, String) {
        match self {
            Problem::NoLeadUnit => (
                "the briefing reports on the site's own unit, and site.yaml names none".into(),
                "add `unit: <id of your office>` to content/site.yaml".into(),
            ),
            Problem::NoFigures {
                unit,
                period: Some(p),
                have,
            } => crate::validate::briefing::no_figures(*p, unit, have),
            Problem::NoFigures { unit, .. } => (
                format!("`{unit}` has no figures to report"),
                format!("add a year to content/stats/ (e.g. `bantin new stats {unit} 2024`)"),
            ),
        }
    }
}

/// Blank room for what the office writes by hand: non-breaking spaces, which neither a browser
/// nor a word processor collapses.
const BLANK: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

/// The report of `site`'s lead unit for the requested period.
pub fn build(site: &Site, req: &Request) -> Result<Report, Problem> {
    let l = &site.labels().report;
    let lead = site
        .config()
        .unit
        .as_deref()
        .and_then(|u| site.unit(u))
        .ok_or(Problem::NoLeadUnit)?;
    let stats = period_stats(site, lead, req)?;
    let period = Period {
        year: stats.year,
        months: stats.months,
    };
    let cfg = &site.config().briefing;
    let period_words = period_words(l, period);
    let parent = lead.parent.as_deref().and_then(|p| site.unit(p));

    let header = Header {
        parent_body: cfg
            .parent_body
            .clone()
            .or_else(|| parent.map(|p| p.name.clone()))
            .map(|s| s.to_uppercase()),
        issuing_body: cfg
            .issuing_body
            .clone()
            .unwrap_or_else(|| lead.name.clone())
            .to_uppercase(),
        nation: l.nation().into(),
        motto: l.motto().into(),
        number: l.number(
            req.number
                .map_or_else(|| BLANK.to_string(), |n| format!("{n:02}")),
            cfg.symbol.as_deref().unwrap_or("BC"),
        ),
        place_date: place_date(l, cfg.place.as_deref(), req.date),
    };
    let subject = l.subject(&period_words);
    // The body as a sentence names it (the header prints it in capitals).
    let intro = l.intro(
        &lead.name,
        &period_words,
        text::format_date(stats.period_start),
        text::format_date(stats.period_end),
    );

    let mut parts = Vec::new();
    parts.push(assess::results_part(site, lead, stats, &period_words));
    if let Some(p) = assess::comparison_part(site, lead, stats, &period_words) {
        parts.push(p);
    }
    parts.push(directives_part(site, lead, stats));
    parts.push(cases_part(site, lead, stats));
    parts.push(articles_part(site, stats));
    for (i, p) in parts.iter_mut().enumerate() {
        p.heading = format!("{}. {}", roman(i + 1), p.heading);
    }

    let position = cfg.position.clone().unwrap_or_else(|| BLANK.into());
    let signer = match &cfg.deputy_position {
        Some(deputy) => Signer {
            on_behalf: Some(l.on_behalf(position.to_uppercase())),
            position: deputy.to_uppercase(),
            name: cfg.signer.clone(),
        },
        None => Signer {
            on_behalf: None,
            position: position.to_uppercase(),
            name: cfg.signer.clone(),
        },
    };
    let recipients = if cfg.recipients.is_empty() {
        vec![l.recipient_office_copy().to_string()]
    } else {
        cfg.recipients.clone()
    };
    Ok(Report {
        internal: site.audience() == crate::model::Audience::Internal,
        internal_label: l.internal().into(),
        header,
        doc_type: l.doc_type().into(),
        subject,
        intro,
        parts,
        signer,
        recipients_label: l.recipients().into(),
        recipients,
        period: PeriodInfo {
            code: period.code(),
            label: period_words,
            start: text::format_date(stats.period_start),
            end: text::format_date(stats.period_end),
        },
    })
}

/// The lead unit's figures for the period asked, else `briefing.period`, else the latest.
fn period_stats<'s>(site: &'s Site, lead: &Unit, req: &Request) -> Result<&'s YearStats, Problem> {
    let wanted = req
        .period
        .or_else(|| site.config().briefing.period.map(|(p, _)| p));
    let found = match wanted {
        Some(p) => site
            .unit_stats(&lead.id)
            .find(|s| s.year == p.year && s.months == p.months),
        None => site
            .unit_stats(&lead.id)
            .max_by_key(|s| (s.period_end, s.months)),
    };
    found.ok_or_else(|| Problem::NoFigures {
        unit: lead.id.clone(),
        period: wanted,
        have: crate::validate::briefing::periods_with_figures(site.unit_stats(&lead.id)),
    })
}

/// `năm 2023`, `6 tháng đầu năm thống kê 2024`.
pub fn period_words(l: &ReportLabels, p: Period) -> String {
    if p.months == 6 {
        l.period_half(p.year)
    } else {
        l.period_year(p.year)
    }
}

/// `Đại Từ, ngày 05 tháng 4 năm 2024`: the day below 10 and the months 1 and 2 padded (the
/// decree's rule); without a date, room to write it by hand.
fn place_date(l: &ReportLabels, place: Option<&str>, date: Option<Date>) -> String {
    let place = place.unwrap_or(BLANK);
    match date {
        Some(d) => {
            let month = d.month();
            let month = if month <= 2 {
                format!("{month:02}")
            } else {
                month.to_string()
            };
            l.place_date(place, format!("{:02}", d.day()), month, d.year())
        }
        None => l.place_date(place, BLANK, BLANK, BLANK),
    }
}

/// I, II, III, … (a report has a handful of parts).
fn roman(n: usize) -> String {
    const NUMERALS: [(usize, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (v, s) in NUMERALS {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// The lead unit and the units above it: whose directives the report lists.
fn chain<'s>(site: &'s Site, lead: &'s Unit) -> Vec<&'s str> {
    let mut out = vec![lead.id.as_str()];
    let mut at = lead;
    while let Some(p) = at.parent.as_deref().and_then(|p| site.unit(p)) {
        if out.contains(&p.id.as_str()) {
            break;
        }
        out.push(&p.id);
        at = p;
    }
    out
}

fn in_period(d: Date, s: &YearStats) -> bool {
    s.period_start <= d && d <= s.period_end
}

fn directives_part(site: &Site, lead: &Unit, s: &YearStats) -> Part {
    let l = &site.labels().report;
    let chain = chain(site, lead);
    // Each directive once, in date order (the site's order).
    let items: Vec<String> = site
        .directives()
        .iter()
        .filter(|d| in_period(d.date, s))
        .filter(|d| d.unit.as_deref().is_some_and(|u| chain.contains(&u)))
        .map(|d| {
            l.directive_item(
                views::directive_kind(site, d),
                &d.number,
                text::format_date(d.date),
                &d.issuer,
                d.title.trim_end_matches('.'),
            )
        })
        .collect();
    let paragraphs = vec![if items.is_empty() {
        l.directives_none(&lead.short_name)
    } else {
        l.directives_intro(&lead.short_name)
    }];
    Part {
        heading: l.part_directives().into(),
        paragraphs,
        table: None,
        figures: Vec::new(),
        items,
        notes: Vec::new(),
    }
}

fn cases_part(site: &Site, lead: &Unit, s: &YearStats) -> Part {
    let l = &site.labels().report;
    use crate::model::Resolved;
    let in_period = |r: &Resolved| match r {
        Resolved::Date(d) => in_period(*d, s),
        // Known to the year only: counted in the period when its calendar year overlaps it.
        Resolved::Year(y) => {
            i32::from(s.period_start.year()) <= *y && *y <= i32::from(s.period_end.year())
        }
    };
    let mut cases: Vec<_> = site
        .cases()
        .iter()
        .filter(|c| c.unit.as_deref() == Some(lead.id.as_str()))
        .filter(|c| c.resolved.as_ref().is_some_and(in_period))
        .collect();
    cases.sort_by_key(|c| c.resolved.as_ref().map(|r| r.year()));
    let items: Vec<String> = cases
        .iter()
        .map(|c| {
            let v = views::case_view(site, c);
            l.case_item(
                &v.title,
                v.commune
                    .as_deref()
                    .map(|x| l.case_commune(x))
                    .unwrap_or_default(),
                if v.measures.is_empty() {
                    String::new()
                } else {
                    l.case_measures(v.measures.join(", "))
                },
                v.resolved.unwrap_or_default(),
            )
        })
        .collect();
    Part {
        heading: l.part_cases().into(),
        paragraphs: vec![if items.is_empty() {
            l.cases_none().to_string()
        } else {
            l.cases_intro().to_string()
        }],
        table: None,
        figures: Vec::new(),
        items,
        notes: Vec::new(),
    }
}

/// Bulletins of the period listed at most: a report names the main ones, and the page links
/// to all.
pub const REPORT_ARTICLES: usize = 10;

fn articles_part(site: &Site, s: &YearStats) -> Part {
    let l = &site.labels().report;
    // Newest first, as the site lists them; a draft is not news a leader reports, even on a
    // build that shows drafts (`--drafts`).
    let of_period: Vec<_> = site
        .articles()
        .iter()
        .filter(|a| in_period(a.date, s) && !a.draft)
        .collect();
    let items = of_period
        .iter()
        .take(REPORT_ARTICLES)
        .map(|a| l.article_item(text::format_date(a.date), &a.title))
        .collect();
    let mut notes = Vec::new();
    if of_period.len() > REPORT_ARTICLES {
        notes.push(l.articles_more(of_period.len() - REPORT_ARTICLES));
    }
    Part {
        heading: l.part_articles().into(),
        paragraphs: vec![if of_period.is_empty() {
            l.articles_none().to_string()
        } else {
            l.articles_intro(of_period.len())
        }],
        table: None,
        figures: Vec::new(),
        items,
        notes,
    }
}

/// A chart of the report: its spec, title and description.
pub(crate) fn figure(site: &Site, spec: ChartSpec) -> Figure {
    let chart = crate::charts::render_chart(&spec, site);
    Figure {
        spec,
        title: chart.title,
        alt: chart.desc,
    }
}

/// The yearly chart of the lead unit up to the report's year.
pub(crate) fn yearly_spec(site: &Site, unit: &str, year: i32) -> Option<ChartSpec> {
    let years: Vec<i32> = site
        .unit_stats(unit)
        .filter(|s| s.months == 12 && s.year <= year)
        .map(|s| s.year)
        .collect();
    let (first, last) = (*years.first()?, *years.last()?);
    Some(ChartSpec {
        kind: ChartKind::Yearly,
        units: vec![unit.to_string()],
        year: None,
        years: Some((first, last)),
        title: None,
    })
}

#[cfg(test)]
mod docx_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_and_date_pad_the_day_below_10_and_the_months_1_and_2() {
        let l = &crate::text::labels::Labels::builtin().report;
        let mut day = jiff::civil::date(2024, 1, 1);
        while day.year() == 2024 {
            let got = place_date(l, Some("Đại Từ"), Some(day));
            let month = if day.month() <= 2 {
                format!("{:02}", day.month())
            } else {
                day.month().to_string()
            };
            let want = format!("Đại Từ, ngày {:02} tháng {month} năm 2024", day.day());
            assert_eq!(got, want);
            day = day.tomorrow().unwrap();
        }
        // Without a date, room to write it: nothing a browser or Word collapses.
        let blank = place_date(l, None, None);
        assert!(blank.starts_with(BLANK), "{blank:?}");
        assert!(!blank.contains("  "), "{blank:?}");
    }

    #[test]
    fn parts_are_numbered_in_roman_numerals() {
        let got: Vec<String> = (1..=9).map(roman).collect();
        assert_eq!(
            got,
            ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
        );
    }
}
