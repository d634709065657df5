//! `serve` after an edit: what a render keeps for the next ([`Prepared`]), and the pages that
//! can show the edited articles, rendered again.

use super::*;

/// One value per article of `site`, in its order: taken from `kept` (by file), or made again
/// for the `edited` files and those not kept.
pub(crate) fn per_article<T>(
    site: &Site,
    edited: &HashSet<&Path>,
    kept: &mut HashMap<PathBuf, T>,
    mut make: impl FnMut(&Article) -> T,
) -> Vec<T> {
    site.articles
        .iter()
        .map(|a| match kept.remove(&a.file) {
            Some(v) if !edited.contains(a.file.as_path()) => v,
            _ => make(a),
        })
        .collect()
}

/// What a render keeps for the next one when only articles change (`serve` after an edit):
/// the compiled templates and the charts, which depend on the data and templates alone.
pub struct Prepared {
    pub(crate) tera: Tera,
    pub(crate) sources: TemplateSources,
    pub(crate) charts: Vec<Chart>,
    pub(crate) chart_views: Vec<Value>,
    pub(crate) chart_of: HashMap<ChartSpec, usize>,
    pub(crate) comparisons: Vec<ComparisonView>,
    pub(crate) case_views: Vec<Value>,
    /// Each article's card, by file.
    pub(crate) cards: HashMap<PathBuf, Value>,
    /// The search index entries of units, directives and cases.
    pub(crate) search_records: String,
    /// Each article's search index entry, by file.
    pub(crate) search_articles: HashMap<PathBuf, String>,
}

/// Render again only the pages that can differ after articles were edited in place
/// ([`crate::validate::revalidate_articles`]): `previous` are their versions before the edit,
/// `site` the site after it. The files returned replace those of the same path; no file
/// appears or disappears (page addresses and charts are unchanged).
pub fn render_changed(
    site: &Site,
    options: &RenderOptions,
    prepared: Prepared,
    previous: &[Article],
) -> (Result<Vec<OutputFile>, Vec<Diagnostic>>, Prepared) {
    let Prepared {
        tera,
        sources,
        charts,
        chart_views,
        chart_of,
        comparisons,
        case_views,
        mut cards,
        search_records,
        mut search_articles,
    } = prepared;
    // What is made per article is made again for the edited ones, and taken, in the new order,
    // for the others.
    let edited: HashSet<&Path> = previous.iter().map(|a| a.file.as_path()).collect();
    let site_value = site_value(site);
    let mut card_error = None;
    let cards = per_article(site, &edited, &mut cards, |a| {
        let (card, e) = card_value(&tera, &site_value, site, a);
        if card_error.is_none() {
            card_error = e.map(|e| template_diagnostic(&e, &sources));
        }
        card
    });
    let search_articles = per_article(site, &edited, &mut search_articles, search::article_entry);
    let reused = Reused {
        comparisons,
        case_views,
        cards,
        card_error,
        search_records,
        search_articles,
    };
    let mut r = Renderer::new(site, tera, sources, options, Some(reused));
    r.charts = charts;
    r.chart_views = chart_views;
    r.chart_of = chart_of;
    let jobs = r.affected_jobs(previous);
    let out = r.run_jobs(&jobs, None);
    (out, r.into_prepared())
}

impl<'a> Renderer<'a> {
    pub(crate) fn into_prepared(self) -> Prepared {
        let files = || self.site.articles.iter().map(|a| a.file.clone());
        let cards = files().zip(self.cards).collect();
        let search_articles = files().zip(self.search_articles).collect();
        Prepared {
            tera: self.tera,
            sources: self.sources,
            charts: self.charts,
            chart_views: self.chart_views,
            chart_of: self.chart_of,
            comparisons: self.comparisons,
            case_views: self.case_views,
            cards,
            search_records: self.search_records,
            search_articles,
        }
    }

    /// The pages that can show something of the articles edited from `previous` (see
    /// [`render_changed`]): always their own pages, the feed and the search index; when what
    /// lists show of them changed (card, date, tags, unit, directives, cases), also the lists
    /// they are or were on, between their old and new places.
    pub(crate) fn affected_jobs(&self, previous: &[Article]) -> Vec<Job> {
        let site = self.site;
        let mut jobs = Vec::new();
        let mut lists = false;
        // Positions of the list (newest first) whose entries may have moved or changed.
        let mut span: Option<(usize, usize)> = None;
        let mut units: BTreeSet<&str> = BTreeSet::new();
        let mut dirs: BTreeSet<&str> = BTreeSet::new();
        let mut cases: BTreeSet<&str> = BTreeSet::new();
        let mut tags: BTreeSet<&str> = BTreeSet::new();
        let mut tag_members_changed: BTreeSet<&str> = BTreeSet::new();
        for old in previous {
            let Some(i) = site.articles.iter().position(|a| a.file == old.file) else {
                continue;
            };
            jobs.push(Job::Article(i));
            let new = &site.articles[i];
            let same_lists = old.timestamp == new.timestamp
                && old.instant == new.instant
                && old.tags == new.tags
                && old.unit == new.unit
                && old.cases == new.cases
                && old.cited_directives().collect::<BTreeSet<_>>()
                    == new.cited_directives().collect::<BTreeSet<_>>()
                && card_value(&self.tera, &self.site_value, site, old).0 == self.cards[i];
            if same_lists {
                continue;
            }
            lists = true;
            // Where the old version stood among the others (the list is otherwise unchanged).
            let old_pos = site
                .articles
                .iter()
                .filter(|a| a.file != old.file)
                .take_while(|a| (old.instant, &a.slug) < (a.instant, &old.slug))
                .count();
            let (lo, hi) = (old_pos.min(i), old_pos.max(i));
            span = Some(span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
            for a in [old, new] {
                units.extend(a.unit.as_deref());
                dirs.extend(a.cited_directives());
                cases.extend(a.cases.iter().map(String::as_str));
                tags.extend(a.tags.iter().map(|t| t.slug.as_str()));
            }
            let old_tags: BTreeSet<&str> = old.tags.iter().map(|t| t.slug.as_str()).collect();
            let new_tags: BTreeSet<&str> = new.tags.iter().map(|t| t.slug.as_str()).collect();
            tag_members_changed.extend(old_tags.symmetric_difference(&new_tags));
        }
        if lists {
            let (lo, hi) = span.unwrap_or((0, 0));
            jobs.extend([Job::Home, Job::Tags, Job::Briefing, Job::NotFound]);
            jobs.extend((lo / PER_PAGE + 1..=hi / PER_PAGE + 1).map(Job::ArticleList));
            for (t, tag) in self.tags.iter().enumerate() {
                if !tags.contains(tag.slug.as_str()) {
                    continue;
                }
                let all_pages = tag_members_changed.contains(tag.slug.as_str());
                for (k, chunk) in tag.articles.chunks(PER_PAGE).enumerate() {
                    if all_pages || chunk.iter().any(|&p| (lo..=hi).contains(&p)) {
                        jobs.push(Job::Tag(t, k + 1));
                    }
                }
            }
            for (i, u) in site.units.iter().enumerate() {
                if units.contains(u.id.as_str()) {
                    jobs.push(Job::Unit(i));
                }
            }
            for (i, d) in site.directives.iter().enumerate() {
                if dirs.contains(d.id.as_str()) {
                    jobs.push(Job::Directive(i));
                }
            }
            for (i, c) in site.cases.iter().enumerate() {
                if cases.contains(c.id.as_str()) {
                    jobs.push(Job::Case(i));
                }
            }
        }
        jobs.extend([Job::Feeds, Job::Search]);
        jobs
    }
}
