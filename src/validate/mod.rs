//! Validate: raw records → `model::Site`. Every rule of SPEC §3 lives here; all problems are
//! collected, none stops the others from being found.

mod articles;
mod charts;
pub mod fields;
mod hierarchy;
mod link;
mod privacy;
pub mod records;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

pub use fields::Diags;

use crate::diag::Pos;
use crate::load::{RawSite, RecordKind};
use crate::model::*;
use crate::text;

#[derive(Clone, Copy, Debug)]
pub struct ValidateOptions {
    pub audience: Audience,
    pub drafts: bool,
    /// Build the site as it stood on that day (SPEC §1 `--as-of`).
    pub as_of: Option<jiff::civil::Date>,
}

/// Check everything; returns the site when there are no errors (warnings allowed).
pub fn validate_site(raw: RawSite, opts: ValidateOptions, d: &mut Diags) -> Option<Site> {
    validate_site_with_context(raw, opts, d).map(|(site, _)| site)
}

/// [`validate_site`], also returning what articles were checked against, so that edited
/// articles can be checked again alone ([`revalidate_articles`]).
pub fn validate_site_with_context(
    raw: RawSite,
    opts: ValidateOptions,
    d: &mut Diags,
) -> Option<(Site, ArticleContext)> {
    let site = assemble_site(raw, opts, d);
    if d.error_count() > 0 {
        return None;
    }
    site
}

/// The site as far as it can be assembled, errors or not (`None` only without a readable
/// `site.yaml`): what a build would publish if its errors were ignored. Tests use it to show
/// that even then nothing hostile reaches a page; builds never do.
#[doc(hidden)]
pub fn validate_site_unchecked(raw: RawSite, opts: ValidateOptions, d: &mut Diags) -> Option<Site> {
    assemble_site(raw, opts, d).map(|(site, _)| site)
}

fn assemble_site(
    mut raw: RawSite,
    opts: ValidateOptions,
    d: &mut Diags,
) -> Option<(Site, ArticleContext)> {
    let config = records::site_config(raw.site.as_ref(), d);
    let default_config = SiteConfig {
        title: String::new(),
        description: None,
        base_url: None,
        unit: None,
        language: "vi".into(),
        person_names: NamePolicy::Initials,
        year_start: (10, 1),
        money_input: MoneyInput::Dong,
    };
    let cfg = config.as_ref().unwrap_or(&default_config);

    // Units.
    let mut pending_units: Vec<records::PendingUnit> = Vec::new();
    let mut unit_pos: HashMap<String, Pos> = HashMap::new();
    let mut pending_stats = Vec::new();
    let mut pending_dirs = Vec::new();
    let mut pending_cases = Vec::new();
    // Ids of records that exist but have errors: references to them are not reported as
    // dangling (the record's own error says what to fix).
    let mut broken: BTreeSet<(RecordKind, String)> = BTreeSet::new();
    // Each record is read on its own, in parallel; the results are gathered in order.
    enum Read {
        Unit(Option<records::PendingUnit>),
        Stats(Vec<records::PendingStats>),
        Directive(Option<records::PendingDirective>),
        Case(Option<records::PendingCase>),
    }
    let read: Vec<(Read, Diags)> = raw
        .records
        .par_iter()
        .with_max_len(crate::PAR_BATCH)
        .map(|(kind, rec)| {
            let mut own = Diags::default();
            let read = match kind {
                RecordKind::Unit => Read::Unit(records::unit(rec, &mut own)),
                RecordKind::Stats => Read::Stats(records::stats(rec, cfg, &mut own)),
                RecordKind::Directive => Read::Directive(records::directive(rec, &mut own)),
                RecordKind::Case => Read::Case(records::case(rec, &mut own)),
            };
            (read, own)
        })
        .collect();
    for ((kind, rec), (read, own)) in raw.records.iter().zip(read) {
        if own.error_count() > 0 && *kind != RecordKind::Stats {
            let key_field = if *kind == RecordKind::Directive {
                "number"
            } else {
                "id"
            };
            if let Some(v) = raw_field(&rec.node, key_field) {
                let v = if *kind == RecordKind::Directive {
                    records::number_key(&v)
                } else {
                    v
                };
                broken.insert((*kind, v));
            }
        }
        d.list.extend(own.list);
        match read {
            Read::Unit(unit) => {
                if let Some(p) = unit {
                    let u = &p.unit;
                    if let Some(first_pos) = unit_pos.get(&u.id) {
                        let first_file = &pending_units
                            .iter()
                            .find(|x: &&records::PendingUnit| x.unit.id == u.id)
                            .expect("same id")
                            .unit
                            .file;
                        d.error(
                            &u.file,
                            p.pos,
                            format!("duplicate unit id `{}`", u.id),
                            Some(format!(
                                "already defined in {}:{}",
                                first_file.display(),
                                first_pos.line
                            )),
                        );
                        continue;
                    }
                    unit_pos.insert(u.id.clone(), p.pos);
                    pending_units.push(p);
                }
            }
            Read::Stats(stats) => pending_stats.extend(stats),
            Read::Directive(p) => pending_dirs.extend(p),
            Read::Case(p) => pending_cases.extend(p),
        }
    }
    pending_units.sort_by(|a, b| a.unit.id.cmp(&b.unit.id));
    let unit_ids: BTreeSet<String> = pending_units.iter().map(|p| p.unit.id.clone()).collect();
    let mut refs = ArticleContext {
        unit_ids: unit_ids.clone(),
        case_ids: BTreeSet::new(),
        index: records::DirectiveIndex::new(&[]),
        broken,
        unreadable: raw.unreadable.clone(),
        link_targets: HashSet::new(),
    };
    for p in &pending_units {
        let u = &p.unit;
        if let Some(parent) = &u.parent {
            refs.check_unit(d, &u.file, p.parent_pos, parent);
        }
        if let Some(s) = &u.successor {
            refs.check_unit(d, &u.file, p.successor_pos, s);
        }
        if u.successor.is_some() && u.until.is_none() {
            d.warning(
                &u.file,
                p.pos,
                format!("unit `{}` has a successor but no end date", u.id),
                Some("add `until: 30/06/2025` (the last day the unit existed)".into()),
            );
        }
    }
    hierarchy::check_units(&pending_units, d);
    let units: Vec<Unit> = pending_units.into_iter().map(|p| p.unit).collect();
    if let Some(lead) = &cfg.unit
        && let Some(site) = &raw.site
    {
        let pos = match &site.node.value {
            crate::load::Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.name == "unit")
                .map(|(_, v)| v.pos)
                .unwrap_or(site.node.pos),
            _ => site.node.pos,
        };
        refs.check_unit(d, &site.file, pos, lead);
    }

    // Statistics.
    let mut stats: Vec<YearStats> = Vec::new();
    let mut seen: HashMap<(String, i32, u8), (std::path::PathBuf, Pos)> = HashMap::new();
    let mut rank_positions = Vec::new();
    let mut reported_units = BTreeSet::new();
    for p in pending_stats {
        let s = &p.stats;
        if !unit_ids.contains(&s.unit) {
            if !reported_units.insert((s.file.clone(), s.unit.clone())) {
                continue; // one report per file, not one per year
            }
            refs.check_unit(d, &s.file, p.unit_pos, &s.unit);
            continue;
        }
        let key = (s.unit.clone(), s.year, s.months);
        if let Some((file, pos)) = seen.get(&key) {
            d.error(
                &s.file,
                p.pos,
                format!(
                    "duplicate figures for `{}` in {}{}",
                    s.unit,
                    s.year,
                    if s.months == 6 { " (6 months)" } else { "" }
                ),
                Some(format!(
                    "already given in {}:{}; keep one entry per unit, year and `months`",
                    file.display(),
                    pos.line
                )),
            );
            continue;
        }
        seen.insert(key, (s.file.clone(), p.pos));
        let unit = &units[units
            .binary_search_by(|u| u.id.cmp(&s.unit))
            .expect("checked")];
        if !unit.overlaps(s.period_start, s.period_end) {
            d.error(
                &s.file,
                p.pos,
                format!(
                    "`{}` did not exist in the statistical year {} ({} – {})",
                    unit.id,
                    s.year,
                    text::format_date(s.period_start),
                    text::format_date(s.period_end)
                ),
                Some(lifetime(unit)),
            );
            continue;
        }
        rank_positions.push(((s.unit.clone(), s.year, s.months), p.rank_pos));
        stats.push(p.stats);
    }
    stats.sort_by(|a, b| (&a.unit, a.year, a.months).cmp(&(&b.unit, b.year, b.months)));
    records::compute_ranks(&units, &mut stats);
    let rank_pos: HashMap<_, _> = rank_positions.into_iter().collect();
    for s in &stats {
        let (cp, mp) = rank_pos[&(s.unit.clone(), s.year, s.months)];
        for (what, stated, computed, pos) in [
            ("cases", s.rank.cases, s.computed_rank.cases, cp),
            ("money", s.rank.money, s.computed_rank.money, mp),
        ] {
            if let (Some(a), Some(b)) = (stated, computed)
                && a != b
            {
                d.warning(
                    &s.file,
                    pos,
                    format!(
                        "stated {what} rank {a} for {} differs from the rank computed among its sibling units: {b} of {}",
                        s.year,
                        s.rank_of.unwrap_or_default()
                    ),
                    Some("the page shows the published rank; check the figures of the other units".into()),
                );
            }
        }
    }

    // Directives. Everything of a directive (its references, its summary) stays in its own
    // record from here on: nothing is paired with it by position.
    let mut kept_dirs: Vec<records::PendingDirective> = Vec::new();
    let mut dir_seen: HashMap<String, (std::path::PathBuf, Pos)> = HashMap::new();
    for p in pending_dirs {
        if let Some((file, pos)) = dir_seen.get(&p.directive.id) {
            d.error(
                &p.directive.file,
                p.pos,
                format!(
                    "duplicate directive `{}` ({})",
                    p.directive.number, p.directive.id
                ),
                Some(format!(
                    "already defined in {}:{}; a party number that repeats in a new term has a different date",
                    file.display(),
                    pos.line
                )),
            );
            continue;
        }
        dir_seen.insert(p.directive.id.clone(), (p.directive.file.clone(), p.pos));
        if let Some(u) = &p.directive.unit {
            refs.check_unit(d, &p.directive.file, p.unit_pos, u);
        }
        kept_dirs.push(p);
    }
    refs.index = records::DirectiveIndex::new(kept_dirs.iter().map(|p| &p.directive));
    let resolved: Vec<Vec<(String, Pos)>> = kept_dirs
        .iter()
        .map(|p| refs.resolve_all_at(d, &p.directive.file, &p.implements))
        .collect();
    hierarchy::report_cycles(
        &kept_dirs
            .iter()
            .zip(&resolved)
            .map(|(p, links)| hierarchy::Node {
                id: &p.directive.id,
                label: &p.directive.number,
                file: &p.directive.file,
                links: links.iter().map(|(id, pos)| (id.as_str(), *pos)).collect(),
            })
            .collect::<Vec<_>>(),
        hierarchy::Link::Implements,
        d,
    );
    let mut directives: Vec<Directive> = kept_dirs
        .into_iter()
        .zip(resolved)
        .map(|(p, links)| Directive {
            implements: links.into_iter().map(|(id, _)| id).collect(),
            ..p.directive
        })
        .collect();
    directives.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));

    // Cases.
    let mut cases: Vec<Case> = Vec::new();
    let mut case_seen: HashMap<String, (std::path::PathBuf, Pos)> = HashMap::new();
    for p in pending_cases {
        if let Some((file, pos)) = case_seen.get(&p.case.id) {
            d.error(
                &p.case.file,
                p.pos,
                format!("duplicate case id `{}`", p.case.id),
                Some(format!(
                    "already defined in {}:{}",
                    file.display(),
                    pos.line
                )),
            );
            continue;
        }
        case_seen.insert(p.case.id.clone(), (p.case.file.clone(), p.pos));
        let mut c = p.case;
        if let Some(u) = &c.unit {
            refs.check_unit(d, &c.file, p.unit_pos, u);
        }
        c.directives = refs.resolve_all(d, &c.file, &p.directives);
        if cfg.person_names == NamePolicy::Initials
            && let Some(party) = &c.party
        {
            let party_slug = text::slugify(party);
            if party.split_whitespace().count() >= 2 && c.id.contains(&party_slug) {
                d.warning(
                    &c.file,
                    p.pos,
                    format!("the case id `{}` spells out the party's name, which appears in the page address", c.id),
                    Some("names are shown as initials; use an id without the name, e.g. the commune and year: `vu-hoang-nong-2023`".into()),
                );
            }
        }
        cases.push(c);
    }
    cases.sort_by(|a, b| {
        let ya = a.resolved.as_ref().map(Resolved::year);
        let yb = b.resolved.as_ref().map(Resolved::year);
        yb.cmp(&ya).then_with(|| a.id.cmp(&b.id))
    });
    refs.case_ids = cases.iter().map(|c| c.id.clone()).collect();

    // Articles.
    let mut articles: Vec<Article> = Vec::new();
    let mut slug_files: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    // Each article's front matter is checked on its own, in parallel; the rest in order.
    let checked: Vec<(Option<articles::PendingArticle>, Diags)> = raw
        .articles
        .par_iter_mut()
        .map(|raw_article| {
            let mut own = Diags::default();
            let body = std::mem::take(&mut raw_article.body);
            (articles::article(raw_article, body, &mut own), own)
        })
        .collect();
    for (pending, own) in checked {
        d.list.extend(own.list);
        let Some(p) = pending else {
            continue;
        };
        let a = &p.article;
        if let Some(first) = slug_files.get(&a.slug) {
            d.error(
                &a.file,
                p.slug_pos,
                format!("two articles have the slug `{}`", a.slug),
                Some(format!(
                    "the other is {}; set a different `slug:`",
                    first.display()
                )),
            );
            continue;
        }
        slug_files.insert(a.slug.clone(), a.file.clone());
        let a = refs.check_article(p, d);
        articles.push(a);
    }
    sort_articles(&mut articles);

    let config = config?;
    let mut site = Site {
        config,
        units,
        stats,
        directives,
        cases,
        articles,
        static_files: raw.static_files,
        templates: raw.templates,
        audience: opts.audience,
        index: Default::default(),
    };
    if let Some(day) = opts.as_of {
        link::filter_as_of(&mut site, day);
        site.reindex();
    }
    link::filter_audience(&mut site, opts, &raw.sources, d);
    site.reindex();
    if opts.audience == Audience::Public || opts.as_of.is_some() {
        // Ranks shown as computed must come from what the build shows: a rank among units
        // left out would reveal that they exist (or, as of a past day, count later figures).
        for s in &mut site.stats {
            s.computed_rank = Ranks::default();
            s.rank_of = None;
        }
        records::compute_ranks(&site.units, &mut site.stats);
    }
    if raw.unreadable.is_empty() {
        // With a data file unreadable, links and charts would point at records that are only
        // missing because of that file: report its problem alone first.
        refs.link_targets = link::render_markdown(&mut site, &raw.sources, d);
    }
    privacy::mask_names(&mut site);
    Some((site, refs))
}

/// Articles newest first (the moment they were published, then slug): the order of every list.
fn sort_articles(articles: &mut [Article]) {
    articles.sort_by(|a, b| b.instant.cmp(&a.instant).then_with(|| a.slug.cmp(&b.slug)));
}

/// What an article's references are checked against: the records as validated, before the
/// audience and date filters.
pub struct ArticleContext {
    unit_ids: BTreeSet<String>,
    case_ids: BTreeSet<String>,
    index: records::DirectiveIndex,
    /// Records that exist but have errors: references to them are not reported as dangling.
    broken: BTreeSet<(RecordKind, String)>,
    /// Kinds of record with an unreadable file: references to them are not checked.
    unreadable: Vec<RecordKind>,
    /// The addresses `/` links may name, once the site is known.
    link_targets: HashSet<String>,
}

impl ArticleContext {
    fn check_unit(&self, d: &mut Diags, file: &std::path::Path, pos: Pos, id: &str) {
        if !self.unit_ids.contains(id)
            && !self.unreadable.contains(&RecordKind::Unit)
            && !self.broken.contains(&(RecordKind::Unit, id.to_string()))
        {
            let known: Vec<&str> = self.unit_ids.iter().map(String::as_str).collect();
            d.error(
                file,
                pos,
                format!("no unit with id `{id}`"),
                Some(match fields::did_you_mean(id, &known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "units are defined in content/units/*.yaml".into(),
                }),
            );
        }
    }

    /// The ids of the directives referred to by number; the others are reported.
    fn resolve_all(
        &self,
        d: &mut Diags,
        file: &std::path::Path,
        list: &[(String, Pos)],
    ) -> Vec<String> {
        self.resolve_all_at(d, file, list)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    /// [`Self::resolve_all`], each id with the position of the reference.
    fn resolve_all_at(
        &self,
        d: &mut Diags,
        file: &std::path::Path,
        list: &[(String, Pos)],
    ) -> Vec<(String, Pos)> {
        list.iter()
            .filter_map(|(r, pos)| match self.index.resolve(r) {
                Ok(id) => Some((id, *pos)),
                Err((msg, hint)) => {
                    let number = r.rsplit_once('@').map_or(r.as_str(), |(n, _)| n);
                    let known_broken = self
                        .broken
                        .contains(&(RecordKind::Directive, records::number_key(number)));
                    if !self.unreadable.contains(&RecordKind::Directive) && !known_broken {
                        d.error(file, *pos, msg, hint);
                    }
                    None
                }
            })
            .collect()
    }

    /// An article whose front matter is checked, with its unit, directives and cases checked.
    fn check_article(&self, p: articles::PendingArticle, d: &mut Diags) -> Article {
        let mut a = p.article;
        if let Some(u) = &a.unit {
            self.check_unit(d, &a.file, p.unit_pos, u);
        }
        a.directives = self.resolve_all(d, &a.file, &p.directives);
        for (c, pos) in &p.cases {
            if self.case_ids.contains(c)
                || self.unreadable.contains(&RecordKind::Case)
                || self.broken.contains(&(RecordKind::Case, c.clone()))
            {
                a.cases.push(c.clone());
            } else {
                let known: Vec<&str> = self.case_ids.iter().map(String::as_str).collect();
                d.error(
                    &a.file,
                    *pos,
                    format!("no case with id `{c}`"),
                    Some(match fields::did_you_mean(c, &known) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "cases are defined in content/cases/*.yaml".into(),
                    }),
                );
            }
        }
        a
    }
}

/// Why edited articles cannot be checked alone: the caller builds the whole site instead.
#[derive(Debug)]
pub struct NeedsFullBuild;

/// Check edited articles again against a site validated before (`serve` after an edit), and
/// put them in place of their previous versions. Returns the previous versions.
///
/// Only the common case is taken: articles that were on the site and stay on it with the same
/// slug, charts and page addresses, without errors. Anything else ([`NeedsFullBuild`]) leaves
/// `site` in an unspecified state: the caller builds the whole site, whose diagnostics are then
/// exactly those of a build.
pub fn revalidate_articles(
    site: &mut Site,
    ctx: &ArticleContext,
    changed: &[crate::load::RawArticle],
    opts: ValidateOptions,
    sources: &crate::source::SourceMap,
    d: &mut Diags,
) -> Result<Vec<Article>, NeedsFullBuild> {
    if opts.as_of.is_some() {
        return Err(NeedsFullBuild); // references to later records are dropped, not errors
    }
    let public = opts.audience == Audience::Public;
    let mut fresh = Vec::new();
    for raw in changed {
        let pending = articles::article(raw, raw.body.clone(), d).ok_or(NeedsFullBuild)?;
        let a = ctx.check_article(pending, d);
        let Some(old) = site.articles.iter().find(|o| o.file == a.file) else {
            return Err(NeedsFullBuild); // new, or left out before (draft, internal)
        };
        let hidden = (public && a.audience != Audience::Public) || (a.draft && !opts.drafts);
        // What the site leaves out (internal records, audience filter) is not there to refer to.
        let refers_to_missing = a.directives.iter().any(|x| site.directive(x).is_none())
            || a.cases.iter().any(|c| site.case(c).is_none())
            || a.unit.as_ref().is_some_and(|u| site.unit(u).is_none());
        // Figures quote the bulletin they come from by its title (kept with the charts).
        let quoted = site
            .stats
            .iter()
            .any(|s| s.source.as_deref() == Some(&old.slug));
        if old.slug != a.slug || hidden || refers_to_missing || quoted || d.error_count() > 0 {
            return Err(NeedsFullBuild);
        }
        fresh.push(a);
    }
    // Page addresses stay the same when slugs do (checked) and the tags touched keep their
    // number of pages; other texts' links are then still right.
    let touched: BTreeSet<String> = fresh
        .iter()
        .flat_map(|a| &a.tags)
        .chain(
            site.articles
                .iter()
                .filter(|o| fresh.iter().any(|a| a.file == o.file))
                .flat_map(|o| &o.tags),
        )
        .map(|t| t.slug.clone())
        .collect();
    let tag_pages = |articles: &[Article]| -> Vec<usize> {
        touched
            .iter()
            .map(|slug| {
                let n = articles
                    .iter()
                    .filter(|a| a.tags.iter().any(|t| &t.slug == slug))
                    .count();
                // A tag of no article has no page at all.
                if n == 0 {
                    0
                } else {
                    crate::pages::page_count(n)
                }
            })
            .collect()
    };
    let before = tag_pages(&site.articles);
    let mut previous = Vec::new();
    for mut a in fresh {
        if public {
            a.internal.clear();
        }
        let pos = site
            .articles
            .iter()
            .position(|o| o.file == a.file)
            .ok_or(NeedsFullBuild)?;
        previous.push(std::mem::replace(&mut site.articles[pos], a));
    }
    if tag_pages(&site.articles) != before {
        return Err(NeedsFullBuild); // links of other texts may break or resolve now
    }
    sort_articles(&mut site.articles);
    site.reindex();
    let files: Vec<&std::path::Path> = previous.iter().map(|a| a.file.as_path()).collect();
    link::render_article_markdown(site, &files, &ctx.link_targets, sources, d);
    let charts_moved = previous.iter().any(|old| {
        site.articles
            .iter()
            .find(|a| a.file == old.file)
            .is_none_or(|a| a.charts != old.charts)
    });
    if charts_moved || d.error_count() > 0 {
        return Err(NeedsFullBuild);
    }
    Ok(previous)
}

/// A scalar field of a raw mapping, before validation.
fn raw_field(node: &crate::load::Node, name: &str) -> Option<String> {
    match &node.value {
        crate::load::Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == name)
            .and_then(|(_, v)| v.scalar_text()),
        _ => None,
    }
}

fn lifetime(u: &Unit) -> String {
    match (u.from, u.until) {
        (Some(f), Some(t)) => format!(
            "the unit existed from {} to {}",
            text::format_date(f),
            text::format_date(t)
        ),
        (Some(f), None) => format!("the unit exists from {}", text::format_date(f)),
        (None, Some(t)) => format!("the unit existed until {}", text::format_date(t)),
        (None, None) => String::new(),
    }
}
