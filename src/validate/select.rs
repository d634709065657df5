//! What a build shows (SPEC §1 `--as-of`, §5): the records as they stood on a day, and for an
//! audience, selected before the site is assembled. A public record that refers to one the
//! public site leaves out is an error (a link would break or leak its existence).

use std::collections::HashSet;
use std::path::Path;

use super::ValidateOptions;
use super::fields::Diags;
use crate::diag::Pos;
use crate::model::*;
use crate::source::SourceMap;

/// The records of a site, as validated, before the site is built from them.
pub struct Records {
    /// Sorted by id.
    pub units: Vec<Unit>,
    /// Sorted by unit, year, months.
    pub stats: Vec<YearStats>,
    /// Chronological (date, then id).
    pub directives: Vec<Directive>,
    /// Newest resolved first, then id.
    pub cases: Vec<Case>,
    /// Newest first.
    pub articles: Vec<Article>,
}

impl Records {
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units
            .binary_search_by(|u| u.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.units[i])
    }

    /// A unit's figures (year, then months).
    pub fn unit_stats<'s>(&'s self, unit: &'s str) -> impl Iterator<Item = &'s YearStats> + 's {
        let start = self.stats.partition_point(|s| s.unit.as_str() < unit);
        self.stats[start..]
            .iter()
            .take_while(move |s| s.unit == unit)
    }
}

/// The site as it stood on `day`: content dated after it is left out; statistics only for
/// periods that had ended; units not yet created are left out and units that ended later are
/// shown as still running. References to what is left out are dropped, not errors: they were
/// written later than the day.
pub fn as_of(records: &mut Records, day: jiff::civil::Date, config: &mut SiteConfig) {
    records.units.retain(|u| u.from.is_none_or(|f| f <= day));
    let unit_ids: HashSet<String> = records.units.iter().map(|u| u.id.clone()).collect();
    for u in &mut records.units {
        if u.until.is_some_and(|t| t > day) {
            u.until = None;
            u.successor = None;
        }
        if u.successor.as_ref().is_some_and(|s| !unit_ids.contains(s)) {
            u.successor = None;
        }
        if u.parent.as_ref().is_some_and(|p| !unit_ids.contains(p)) {
            u.parent = None;
        }
    }
    records
        .stats
        .retain(|s| s.period_end <= day && unit_ids.contains(&s.unit));
    records.directives.retain(|x| x.date <= day);
    let dir_ids: HashSet<String> = records.directives.iter().map(|x| x.id.clone()).collect();
    for x in &mut records.directives {
        x.implements.retain(|i| dir_ids.contains(i));
        if x.unit.as_ref().is_some_and(|u| !unit_ids.contains(u)) {
            x.unit = None;
        }
    }
    records.cases.retain(|c| match &c.resolved {
        Some(Resolved::Date(d)) => *d <= day,
        // Only the year is known: the case counts once that year is over.
        Some(Resolved::Year(y)) => {
            jiff::civil::Date::new(*y as i16, 12, 31).is_ok_and(|end| end <= day)
        }
        None => true,
    });
    let case_ids: HashSet<String> = records.cases.iter().map(|c| c.id.clone()).collect();
    for c in &mut records.cases {
        c.directives.retain(|i| dir_ids.contains(i));
        if c.unit.as_ref().is_some_and(|u| !unit_ids.contains(u)) {
            c.unit = None;
        }
    }
    records.articles.retain(|a| a.date <= day);
    for a in &mut records.articles {
        a.directives.retain(|i| dir_ids.contains(i));
        a.cases.retain(|i| case_ids.contains(i));
        if a.unit.as_ref().is_some_and(|u| !unit_ids.contains(u)) {
            a.unit = None;
        }
    }
    if config.unit.as_ref().is_some_and(|u| !unit_ids.contains(u)) {
        config.unit = None;
    }
}

/// Public builds leave out internal records and `internal:` fields; every build leaves out drafts
/// unless `--drafts` (the internal build is what leaders read and print). A public record that
/// refers to something left out is an error (a link would break or leak its existence).
pub fn audience(records: &mut Records, opts: ValidateOptions, sources: &SourceMap, d: &mut Diags) {
    let public = opts.audience == Audience::Public;
    let keep = |a: Audience| !public || a == Audience::Public;
    let hidden_units: HashSet<String> = records
        .units
        .iter()
        .filter(|u| !keep(u.audience))
        .map(|u| u.id.clone())
        .collect();
    let hidden_dirs: HashSet<String> = records
        .directives
        .iter()
        .filter(|x| !keep(x.audience))
        .map(|x| x.id.clone())
        .collect();
    let hidden_cases: HashSet<String> = records
        .cases
        .iter()
        .filter(|x| !keep(x.audience))
        .map(|x| x.id.clone())
        .collect();
    let numbers: std::collections::HashMap<&str, &str> = records
        .directives
        .iter()
        .map(|x| (x.id.as_str(), x.number.as_str()))
        .collect();
    let leak = |d: &mut Diags, file: &Path, what: &str, id: &str| {
        // Point at the reference as written: the id, or a directive's number.
        let written = if what == "directive" {
            numbers.get(id).copied().unwrap_or(id)
        } else {
            id
        };
        d.error(
            file,
            find_in_file(sources, file, written),
            format!("this public record refers to the internal {what} `{id}`, which the public site leaves out"),
            Some(format!("remove the reference, or mark this record `audience: internal` too, or make the {what} public")),
        );
    };
    if public {
        for u in records.units.iter().filter(|u| keep(u.audience)) {
            for r in u.parent.iter().chain(u.successor.iter()) {
                if hidden_units.contains(r) {
                    leak(d, &u.file, "unit", r);
                }
            }
        }
        for x in records.directives.iter().filter(|x| keep(x.audience)) {
            for r in &x.implements {
                if hidden_dirs.contains(r) {
                    leak(d, &x.file, "directive", r);
                }
            }
            if let Some(u) = x.unit.as_ref().filter(|u| hidden_units.contains(*u)) {
                leak(d, &x.file, "unit", u);
            }
        }
        for c in records.cases.iter().filter(|c| keep(c.audience)) {
            for r in c.directives.iter().filter(|r| hidden_dirs.contains(*r)) {
                leak(d, &c.file, "directive", r);
            }
            if let Some(u) = c.unit.as_ref().filter(|u| hidden_units.contains(*u)) {
                leak(d, &c.file, "unit", u);
            }
        }
        for a in records
            .articles
            .iter()
            .filter(|a| keep(a.audience) && (!a.draft || opts.drafts))
        {
            for r in a.directives.iter().filter(|r| hidden_dirs.contains(*r)) {
                leak(d, &a.file, "directive", r);
            }
            for r in a.cases.iter().filter(|r| hidden_cases.contains(*r)) {
                leak(d, &a.file, "case", r);
            }
            if let Some(u) = a.unit.as_ref().filter(|u| hidden_units.contains(*u)) {
                leak(d, &a.file, "unit", u);
            }
        }
    }
    records.units.retain(|u| keep(u.audience));
    records
        .stats
        .retain(|s| keep(s.audience) && !hidden_units.contains(&s.unit));
    records.directives.retain(|x| keep(x.audience));
    records.cases.retain(|x| keep(x.audience));
    records
        .articles
        .retain(|a| keep(a.audience) && (!a.draft || opts.drafts));
    if public {
        records.units.iter_mut().for_each(|x| x.internal.clear());
        records.stats.iter_mut().for_each(|x| x.internal.clear());
        records
            .directives
            .iter_mut()
            .for_each(|x| x.internal.clear());
        records.cases.iter_mut().for_each(|x| x.internal.clear());
        records.articles.iter_mut().for_each(|x| x.internal.clear());
    }
}

/// Where `needle` first appears in `file` (after any front matter key), else the file's start.
fn find_in_file(sources: &SourceMap, file: &Path, needle: &str) -> Pos {
    sources
        .get(file)
        .and_then(|src| {
            let mut offset = src.text.find(needle)?;
            if offset > 0 && matches!(src.text.as_bytes()[offset - 1], b'"' | b'\'') {
                offset -= 1; // a quoted value is pointed at from its opening quote, like YAML's own
            }
            let before = &src.text[..offset];
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
            Some(Pos::new(line, col))
        })
        .unwrap_or(Pos::new(1, 1))
}
