//! Every page of the site, from the model: one list used by the link checker, the renderer's
//! sitemap, and tests, so they cannot disagree.

use std::collections::{BTreeMap, BTreeSet};

use crate::urls;
use crate::{Article, Case, Directive, Site, Unit, YearStats};

/// Bulletins per page of `/tin-tuc/` and of tag pages.
pub const PER_PAGE: usize = 10;

/// Number of pages needed for `n` items (at least one).
pub fn page_count(n: usize) -> usize {
    n.div_ceil(PER_PAGE).max(1)
}

/// The records the pages of a site are made from.
pub struct PageParts<'s> {
    pub units: &'s [Unit],
    pub stats: &'s [YearStats],
    pub directives: &'s [Directive],
    pub cases: &'s [Case],
    pub articles: &'s [Article],
    /// The site has a briefing (`/bao-cao/`): an internal build, or a public one whose
    /// `site.yaml` makes it public ([`Site::has_briefing`]).
    pub briefing: bool,
}

/// All HTML page URLs (site-relative, ending in `/`).
pub fn page_urls(site: &Site) -> BTreeSet<String> {
    page_urls_of(PageParts {
        units: site.units(),
        stats: site.stats(),
        directives: site.directives(),
        cases: site.cases(),
        articles: site.articles(),
        briefing: site.has_briefing(),
    })
}

/// [`page_urls`] of a site's records, before the site is built of them (validate checks links
/// against them).
pub fn page_urls_of(site: PageParts) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for fixed in [
        urls::HOME,
        urls::ARTICLES,
        urls::STATS,
        urls::DIRECTIVES,
        urls::CASES,
        urls::UNITS,
        urls::TAGS,
        urls::SEARCH,
    ] {
        out.insert(fixed.to_string());
    }
    if site.briefing {
        out.insert(urls::BRIEFING.to_string());
    }
    for n in 2..=page_count(site.articles.len()) {
        out.insert(urls::articles_page(n));
    }
    let mut tagged: BTreeMap<&str, usize> = BTreeMap::new();
    for a in site.articles {
        out.insert(urls::article(&a.slug));
        for t in &a.tags {
            *tagged.entry(&t.slug).or_default() += 1;
        }
    }
    for (slug, n) in tagged {
        for page in 1..=page_count(n) {
            out.insert(urls::tag_page(slug, page));
        }
    }
    let with_stats: std::collections::HashSet<&str> =
        site.stats.iter().map(|s| s.unit.as_str()).collect();
    for u in site.units {
        out.insert(urls::unit(&u.id));
        if with_stats.contains(u.id.as_str()) {
            out.insert(urls::stats_unit(&u.id));
        }
    }
    for d in site.directives {
        out.insert(urls::directive(&d.id));
    }
    for c in site.cases {
        out.insert(urls::case(&c.id));
    }
    out
}
