//! `site.yaml`'s `briefing:` section: how the report a leader signs is headed and signed
//! (Nghị định 30/2020/NĐ-CP; see `docs/briefing.md`). Every field is optional and each wrong
//! one gets its own diagnostic; the period is checked against the lead unit's figures once the
//! figures are read ([`check_period`]).

use std::path::Path;

use super::fields::{Diags, Fields};
use crate::load::Node;
use crate::model::{BriefingConfig, Period, YearStats};

pub const BRIEFING_FIELDS: &[&str] = &[
    "parent_body",
    "issuing_body",
    "symbol",
    "place",
    "signer",
    "recipients",
    "public",
    "period",
];
const SIGNER_FIELDS: &[&str] = &["position", "deputy", "name"];

/// The section as written, each field checked on its own.
pub fn briefing_config(file: &Path, node: &Node, d: &mut Diags) -> BriefingConfig {
    let Some(f) = Fields::new(file, node, "briefing setting", BRIEFING_FIELDS, d) else {
        return BriefingConfig::default();
    };
    let text = |name: &str, d: &mut Diags| -> Option<String> {
        let t = f.text(name, d)?;
        let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
        if t.is_empty() {
            d.error(
                file,
                f.get(name).map_or(f.pos, |n| n.pos),
                format!("`{name}` is empty"),
                Some(format!("write it or remove the line `{name}:`")),
            );
            return None;
        }
        Some(t)
    };
    let symbol = text("symbol", d).filter(|s| {
        let ok = is_symbol(s);
        if !ok {
            d.error(
                file,
                f.get("symbol").map_or(f.pos, |n| n.pos),
                format!(
                    "`symbol` must be the report's code `BC-` and the issuer's abbreviation, \
                     in capitals, not `{s}`"
                ),
                Some(
                    "write what follows `Số: 12/` on the report, e.g. `symbol: BC-CCTHADS`".into(),
                ),
            );
        }
        ok
    });
    let place = text("place", d).filter(|p| {
        let bad = p.contains(',') || p.to_lowercase().contains("ngày");
        if bad {
            d.error(
                file,
                f.get("place").map_or(f.pos, |n| n.pos),
                format!("`place` is the place name alone, not `{p}`"),
                Some(
                    "the date is added by `bantin briefing --date`: write e.g. `place: Đại Từ`"
                        .into(),
                ),
            );
        }
        !bad
    });
    let (mut position, mut deputy, mut signer) = (None, None, None);
    if let Some(node) = f.get("signer")
        && let Some(s) = Fields::new(file, node, "signer", SIGNER_FIELDS, d)
    {
        position = s.text("position", d).map(|p| p.trim().to_string());
        deputy = s.text("deputy", d).map(|p| p.trim().to_string());
        signer = s.text("name", d).map(|p| p.trim().to_string());
        if deputy.is_some() && position.is_none() {
            d.error(
                file,
                s.get("deputy").map_or(s.pos, |n| n.pos),
                "a deputy signs for the head (`KT.`): `deputy` needs the head's `position`",
                Some("add e.g. `position: CHI CỤC TRƯỞNG` beside `deputy:`".into()),
            );
        }
    }
    let mut recipients = Vec::new();
    for (r, pos) in f.text_list("recipients", d) {
        let r = r
            .trim()
            .trim_start_matches(['-', '–', '+'])
            .trim()
            .to_string();
        if r.is_empty() {
            d.error(
                file,
                pos,
                "an empty recipient",
                Some("write who receives the report".into()),
            );
        } else {
            recipients.push(r);
        }
    }
    if !recipients.is_empty() && !recipients.iter().any(|r| r.starts_with("Lưu")) {
        d.warning(
            file,
            f.get("recipients").map_or(f.pos, |n| n.pos),
            "the recipients do not end with the office's copy (`Lưu: VT, …`)",
            Some("add a last line such as `- \"Lưu: VT, THADS\"`".into()),
        );
    }
    let period = f.text("period", d).and_then(|p| {
        let pos = f.get("period").map_or(f.pos, |n| n.pos);
        let parsed = Period::parse(&p);
        if parsed.is_none() {
            d.error(file, pos, period_message(&p), Some(PERIOD_HINT.into()));
        }
        parsed.map(|period| (period, pos))
    });
    BriefingConfig {
        parent_body: text("parent_body", d),
        issuing_body: text("issuing_body", d),
        symbol,
        place,
        position,
        deputy_position: deputy,
        signer,
        recipients,
        public: f.bool("public", d).unwrap_or(false),
        period,
    }
}

/// `BC-` and an abbreviation of capitals and digits, in parts joined by `-`.
fn is_symbol(s: &str) -> bool {
    let Some(rest) = s.strip_prefix("BC-") else {
        return false;
    };
    !rest.is_empty()
        && rest.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == 'Đ')
        })
}

pub const PERIOD_HINT: &str = "a statistical year (`2023`: 01/10/2022 – 30/09/2023) or its first six months (`2024-6t`: \
     01/10/2023 – 31/03/2024)";

pub fn period_message(p: &str) -> String {
    format!("`{p}` is not a period")
}

/// The periods a unit has figures for, newest first: what a diagnostic offers instead.
pub fn periods_with_figures<'s>(stats: impl Iterator<Item = &'s YearStats>) -> Vec<String> {
    let mut periods: Vec<(jiff::civil::Date, Period)> = stats
        .map(|s| {
            (
                s.period_end,
                Period {
                    year: s.year,
                    months: s.months,
                },
            )
        })
        .collect();
    periods.sort();
    periods.dedup();
    periods.reverse();
    periods.into_iter().map(|(_, p)| p.code()).collect()
}

/// The message and hint of a period the lead unit has no figures for.
pub fn no_figures(period: Period, unit: &str, have: &[String]) -> (String, String) {
    (
        format!("`{unit}` has no figures for the period {}", period.code()),
        if have.is_empty() {
            format!(
                "add them to content/stats/ (e.g. `bantin new stats {unit} {}`)",
                period.year
            )
        } else {
            format!("it has figures for: {}", have.join(", "))
        },
    )
}

/// `briefing.period` against the lead unit's figures (`stats`: the lead unit's).
pub fn check_period<'s>(
    cfg: &BriefingConfig,
    lead: Option<&str>,
    stats: impl Iterator<Item = &'s YearStats> + Clone,
    file: &Path,
    d: &mut Diags,
) {
    let (Some((period, pos)), Some(lead)) = (cfg.period, lead) else {
        return;
    };
    let found = stats
        .clone()
        .any(|s| s.year == period.year && s.months == period.months);
    if !found {
        let (message, hint) = no_figures(period, lead, &periods_with_figures(stats));
        d.error(file, pos, message, Some(hint));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_symbols_are_bc_and_an_abbreviation() {
        for ok in ["BC-CCTHADS", "BC-THADS", "BC-CTHADS-NV", "BC-UBND2"] {
            assert!(is_symbol(ok), "{ok}");
        }
        for bad in [
            "BC",
            "BC-",
            "bc-thads",
            "12/BC-THADS",
            "BC-THADS/",
            "QĐ-THADS",
            "BC--X",
        ] {
            assert!(!is_symbol(bad), "{bad}");
        }
    }

    #[test]
    fn periods_parse_as_a_year_or_its_first_six_months() {
        assert_eq!(
            Period::parse("2023"),
            Some(Period {
                year: 2023,
                months: 12
            })
        );
        assert_eq!(
            Period::parse("2024-6t"),
            Some(Period {
                year: 2024,
                months: 6
            })
        );
        for bad in ["", "23", "2024-6", "2024-12t", "+2023", "năm 2023", "99999"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::parse("2024-6t").unwrap().code(), "2024-6t");
    }
}
