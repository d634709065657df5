//! Links between the pages of a long list: a window around the current page.

use super::*;

#[derive(Serialize)]
pub(crate) struct PageLink {
    pub(crate) n: usize,
    pub(crate) url: String,
    pub(crate) current: bool,
    /// Pages are left out between the previous link and this one (shown as "…").
    pub(crate) gap_before: bool,
}

#[derive(Serialize)]
pub(crate) struct Pagination {
    pub(crate) current: usize,
    pub(crate) total: usize,
    pub(crate) prev: Option<String>,
    pub(crate) next: Option<String>,
    pub(crate) pages: Vec<PageLink>,
}

/// Links from page `current` of `total`: the first and last pages and the two on either side of
/// the current one, so that a list of 10⁴ pages does not link every page from every page.
pub(crate) fn pagination(
    current: usize,
    total: usize,
    url: impl Fn(usize) -> String,
) -> Pagination {
    let mut shown: Vec<usize> = vec![1, total];
    shown.extend(current.saturating_sub(2).max(1)..=(current + 2).min(total));
    shown.sort_unstable();
    shown.dedup();
    let mut previous = 0;
    Pagination {
        current,
        total,
        prev: (current > 1).then(|| url(current - 1)),
        next: (current < total).then(|| url(current + 1)),
        pages: shown
            .into_iter()
            .map(|n| {
                let link = PageLink {
                    n,
                    url: url(n),
                    current: n == current,
                    gap_before: n > previous + 1,
                };
                previous = n;
                link
            })
            .collect(),
    }
}
