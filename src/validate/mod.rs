//! Validate: raw records → `model::Site`. Every rule of SPEC §3 lives here, one module per kind
//! of record; all problems are collected, none stops the others from being found.
//!
//! The stages, in order: the records are read and checked kind by kind (`units`, `stats`,
//! `directives`, `cases`, `articles`, against `refs`); what the build shows is selected
//! (`select`: the day, the audience); ranks are computed among what is shown; the Markdown is
//! rendered (`texts`), once every page is known; parties' names are masked and warned about
//! (`privacy`); and the site is built, once, of the records so completed, with its labels
//! (`labels`: the built-in ones and the site's own `templates/labels.toml`).

mod articles;
pub mod briefing;
mod cases;
mod charts;
mod directives;
pub mod fields;
mod hierarchy;
mod labels;
mod photos;
mod privacy;
mod read;
pub mod records;
mod refs;
mod select;
mod stats;
mod texts;
mod units;

use std::collections::{BTreeSet, HashSet};

pub use fields::Diags;
pub use refs::{ArticleContext, lifetime};

use crate::load::RawSite;
use crate::model::*;
use select::Records;

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
        briefing: Default::default(),
    };
    let cfg = config.as_ref().unwrap_or(&default_config);
    let labels = labels::site_labels(&raw.templates, d);

    // The records, kind by kind.
    let read = read::read_records(&raw, cfg, d);
    let mut refs = ArticleContext {
        unit_ids: BTreeSet::new(),
        case_ids: BTreeSet::new(),
        index: records::DirectiveIndex::new(&[]),
        broken: read.broken,
        unreadable: raw.unreadable.clone(),
        link_targets: HashSet::new(),
    };
    let units = units::check(read.units, &mut refs, d);
    check_lead_unit(&raw, cfg, &refs, d);
    let stats = stats::check(read.stats, &units, &refs, d);
    // Only against a lead unit that was read: a unit file with errors says so once.
    if let Some(site) = &raw.site
        && cfg.unit.as_ref().is_some_and(|u| refs.unit_ids.contains(u))
    {
        let lead = cfg.unit.as_deref();
        let of_lead = stats.iter().filter(|s| Some(s.unit.as_str()) == lead);
        briefing::check_period(&cfg.briefing, lead, of_lead, &site.file, d);
    }
    let directives = directives::check(read.directives, &mut refs, d);
    let cases = cases::check(read.cases, &mut refs, cfg, d);
    let articles = articles::check_all(&mut raw.articles, &refs, d);
    let mut config = config?;

    // What the build shows.
    let mut records = Records {
        units,
        stats,
        directives,
        cases,
        articles,
    };
    if let Some(day) = opts.as_of {
        select::as_of(&mut records, day, &mut config);
    }
    select::audience(&mut records, opts, &raw.sources, d);
    stats::rank(&records.units, &mut records.stats);

    // Its texts.
    let mut photos = Vec::new();
    if raw.unreadable.is_empty() {
        // With a data file unreadable, links and charts would point at records that are only
        // missing because of that file: report its problem alone first.
        (refs.link_targets, photos) = texts::render(
            &mut records,
            &config,
            &labels.directive,
            &raw.static_files,
            &raw.sources,
            opts.audience,
            d,
        );
    }
    privacy::warn_full_names(
        &config,
        opts.audience,
        &records.cases,
        &records.articles,
        &raw.sources,
        d,
    );
    privacy::mask_names(
        &config,
        opts.audience,
        &mut records.cases,
        &mut records.directives,
    );

    let site = Site::new(SiteParts {
        config,
        units: records.units,
        stats: records.stats,
        directives: records.directives,
        cases: records.cases,
        articles: records.articles,
        static_files: raw.static_files,
        photos,
        templates: raw.templates,
        labels,
        audience: opts.audience,
    });
    Some((site, refs))
}

/// The lead unit of `site.yaml` must exist (reported at its value).
fn check_lead_unit(raw: &RawSite, cfg: &SiteConfig, refs: &ArticleContext, d: &mut Diags) {
    let (Some(lead), Some(site)) = (&cfg.unit, &raw.site) else {
        return;
    };
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

/// Why edited articles cannot be checked alone: the caller builds the whole site instead.
#[derive(Debug)]
pub struct NeedsFullBuild;

/// Check edited articles again against a site validated before (`serve` after an edit): the
/// site with the edited articles in place of their previous versions, and those versions.
///
/// Only the common case is taken: articles that were on the site and stay on it with the same
/// slug, charts and page addresses, without errors. Anything else ([`NeedsFullBuild`]): the
/// caller builds the whole site, whose diagnostics are then exactly those of a build.
pub fn revalidate_articles(
    site: Site,
    ctx: &ArticleContext,
    changed: &[crate::load::RawArticle],
    opts: ValidateOptions,
    sources: &crate::source::SourceMap,
    d: &mut Diags,
) -> Result<(Site, Vec<Article>), NeedsFullBuild> {
    if opts.as_of.is_some() {
        return Err(NeedsFullBuild); // references to later records are dropped, not errors
    }
    let public = opts.audience == Audience::Public;
    let mut fresh = Vec::new();
    for raw in changed {
        let pending = articles::article(raw, raw.body.clone(), d).ok_or(NeedsFullBuild)?;
        let mut a = ctx.check_article(pending, d);
        let Some(old) = site.articles().iter().find(|o| o.file == a.file) else {
            return Err(NeedsFullBuild); // new, or left out before (draft, internal)
        };
        let hidden = (public && a.audience != Audience::Public) || (a.draft && !opts.drafts);
        // What the site leaves out (internal records, audience filter) is not there to refer to.
        let refers_to_missing = a.directives.iter().any(|x| site.directive(x).is_none())
            || a.cases.iter().any(|c| site.case(c).is_none())
            || a.unit.as_ref().is_some_and(|u| site.unit(u).is_none());
        // Figures quote the bulletin they come from by its title (kept with the charts).
        let quoted = site
            .stats()
            .iter()
            .any(|s| s.source.as_deref() == Some(&old.slug));
        if old.slug != a.slug || hidden || refers_to_missing || quoted || d.error_count() > 0 {
            return Err(NeedsFullBuild);
        }
        if public {
            a.internal.clear();
        }
        fresh.push(a);
    }
    let photos = photos::PhotoTable::new(site.static_files());
    texts::render_articles(
        &mut fresh,
        &site,
        site.directives(),
        &site.labels().directive,
        &ctx.link_targets,
        &photos,
        d,
    );
    // A photo the site did not show before has no derived files yet: the whole site is built.
    if photos
        .into_shown()
        .iter()
        .any(|p| !site.photos().contains(p))
    {
        return Err(NeedsFullBuild);
    }
    privacy::warn_full_names(
        site.config(),
        site.audience(),
        site.cases(),
        &fresh,
        sources,
        d,
    );
    let charts_moved = fresh.iter().any(|a| {
        site.articles()
            .iter()
            .find(|o| o.file == a.file)
            .is_none_or(|o| o.charts != a.charts)
    });
    if charts_moved || d.error_count() > 0 {
        return Err(NeedsFullBuild);
    }
    let mut parts = site.into_parts();
    let mut previous = Vec::new();
    for a in fresh {
        let at = parts
            .articles
            .iter()
            .position(|o| o.file == a.file)
            .ok_or(NeedsFullBuild)?;
        previous.push(std::mem::replace(&mut parts.articles[at], a));
    }
    articles::sort_articles(&mut parts.articles);
    // Page addresses stay the same when slugs do (checked); a tag that gains or loses a page
    // changes the site's pages, which the renderer notices (a full build).
    Ok((Site::new(parts), previous))
}
