//! One module per family of pages: which pages the family has, the charts they show, and how
//! each is rendered. A new kind of page is a module here, its template, and one line in
//! [`FAMILIES`].

mod articles;
mod briefing;
mod cases;
mod directives;
mod home;
mod not_found;
mod search;
mod stats;
mod tags;
mod units;

use crate::model::ChartSpec;
use crate::render::{JobOutput, Renderer};

/// Which page of a family: positions or numbers the family gives meaning to.
pub(crate) type Key = (usize, usize);

/// A family of pages.
pub(crate) trait Family: Sync {
    /// Every page of the family in this site, in the order of the site's files.
    fn pages(&self, r: &Renderer) -> Vec<Key>;
    /// What stays the same of a page from one render to the next (its address): pages are
    /// matched by it after an edit.
    fn id(&self, r: &Renderer, key: Key) -> String;
    /// Whether its pages gather the whole site (they are started first, so as not to finish
    /// alone at the end).
    fn is_big(&self) -> bool {
        false
    }
    /// The charts page `key` shows, in order.
    fn charts(&self, _r: &Renderer, _key: Key) -> Vec<ChartSpec> {
        Vec::new()
    }
    /// Render page `key`.
    fn render(&self, r: &Renderer, key: Key, out: &mut JobOutput);
}

/// Every family, in the order of the site's files (and of its charts).
pub(crate) static FAMILIES: &[&dyn Family] = &[
    &home::Home,
    &articles::List,
    &articles::Page,
    &stats::Overview,
    &stats::UnitPage,
    &directives::Timeline,
    &directives::Page,
    &cases::List,
    &cases::Page,
    &units::List,
    &units::Page,
    &tags::List,
    &tags::Page,
    &briefing::Briefing,
    &not_found::NotFound,
    &crate::render::feeds::Feeds,
    &crate::render::data_files::DataFiles,
    &crate::render::share::Cards,
    &search::Search,
];

/// The one page of a family that has a single page.
pub(crate) const ONLY: Key = (0, 0);
