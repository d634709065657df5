//! Every page of the site, from the model: one list used by the link checker, the renderer's
//! sitemap, and tests, so they cannot disagree.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Site;
use crate::urls;

/// Bulletins per page of `/tin-tuc/` and of tag pages.
pub const PER_PAGE: usize = 10;

/// Number of pages needed for `n` items (at least one).
pub fn page_count(n: usize) -> usize {
    n.div_ceil(PER_PAGE).max(1)
}

/// All HTML page URLs (site-relative, ending in `/`).
pub fn page_urls(site: &Site) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for fixed in [
        urls::HOME,
        urls::ARTICLES,
        urls::STATS,
        urls::DIRECTIVES,
        urls::CASES,
        urls::UNITS,
        urls::TAGS,
        urls::BRIEFING,
        urls::SEARCH,
    ] {
        out.insert(fixed.to_string());
    }
    for n in 2..=page_count(site.articles.len()) {
        out.insert(urls::articles_page(n));
    }
    let mut tagged: BTreeMap<&str, usize> = BTreeMap::new();
    for a in &site.articles {
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
    for u in &site.units {
        out.insert(urls::unit(&u.id));
        if site.unit_stats(&u.id).next().is_some() {
            out.insert(urls::stats_unit(&u.id));
        }
    }
    for d in &site.directives {
        out.insert(urls::directive(&d.id));
    }
    for c in &site.cases {
        out.insert(urls::case(&c.id));
    }
    out
}
