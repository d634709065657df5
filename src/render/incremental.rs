//! `serve` after an edit: what a render keeps for the next ([`Prepared`]), and the pages whose
//! reads of the bulletins ([`Reads`]) answer differently on the edited site, rendered again.

use super::*;

/// One value per article of `site`, in its order: taken from `kept` (by file), or made again
/// for the `edited` files and those not kept.
pub(crate) fn per_article<T>(
    site: &Site,
    edited: &HashSet<&Path>,
    kept: &mut HashMap<PathBuf, T>,
    mut make: impl FnMut(&Article) -> T,
) -> Vec<T> {
    site.articles()
        .iter()
        .map(|a| match kept.remove(&a.file) {
            Some(v) if !edited.contains(a.file.as_path()) => v,
            _ => make(a),
        })
        .collect()
}

/// What a render keeps for the next one when only articles change (`serve` after an edit):
/// the compiled templates and the charts, which depend on the data and templates alone, what
/// is made once per bulletin, and what each page read.
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
    /// What each page read of the bulletins when it was last rendered, by the page's id
    /// ([`pages::Family::id`]).
    pub(crate) reads: HashMap<String, Reads>,
    /// Each bulletin's version, by file, and the version the next edit gives.
    pub(crate) versions: HashMap<PathBuf, u64>,
    pub(crate) next_version: u64,
}

impl Prepared {
    /// Render again only the pages that can differ after articles were edited in place
    /// ([`crate::validate::revalidate_articles`]): `previous` are their versions before the
    /// edit, `site` the site after it. A page is rendered again when something it read of the
    /// bulletins answers differently now ([`Reads::still_hold`]). The files returned replace
    /// those of the same path. When the site's pages are no longer the same pages (one appears
    /// or disappears), the answer is an error without diagnostics: build the whole site.
    pub fn render_changed(
        self,
        site: &Site,
        options: &RenderOptions,
        previous: &[Article],
    ) -> (Result<Vec<OutputFile>, Vec<Diagnostic>>, Prepared) {
        render_changed(site, options, self, previous)
    }
}

/// [`Prepared::render_changed`].
fn render_changed(
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
        mut reads,
        versions,
        next_version,
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
    let search_articles = per_article(site, &edited, &mut search_articles, |a| {
        search::article_entry(site, a)
    });
    let reused = Reused {
        comparisons,
        case_views,
        cards,
        card_error,
        search_records,
        search_articles,
    };
    let versions: Vec<u64> = site
        .articles()
        .iter()
        .map(|a| match versions.get(&a.file) {
            Some(&v) if !edited.contains(a.file.as_path()) => v,
            _ => next_version,
        })
        .collect();
    let mut r = Renderer::new(site, tera, sources, options, Some(reused), Some(versions));
    r.charts = charts;
    r.chart_views = chart_views;
    r.chart_of = chart_of;
    let jobs = r.jobs();
    let ids: Vec<String> = jobs.iter().map(|j| j.family().id(&r, j.key)).collect();
    let same_pages = ids.len() == reads.len() && ids.iter().all(|id| reads.contains_key(id));
    if !same_pages {
        return (Err(Vec::new()), r.into_prepared(&jobs, Vec::new()));
    }
    let dirty: Vec<usize> = (0..jobs.len())
        .into_par_iter()
        .filter(|&k| !reads[&ids[k]].still_hold(&r))
        .collect();
    let dirty_jobs: Vec<Job> = dirty.iter().map(|&k| jobs[k]).collect();
    let mut fresh = Vec::new();
    let out = r.run_jobs(&dirty_jobs, None, &mut fresh);
    for (&k, page_reads) in dirty.iter().zip(fresh) {
        reads.insert(ids[k].clone(), page_reads);
    }
    let mut kept = r.into_prepared(&[], Vec::new());
    kept.reads = reads;
    kept.next_version = next_version + 1;
    (out, kept)
}

impl<'a> Renderer<'a> {
    /// What the next render after an edit takes from this one; `reads` are what `jobs` read.
    pub(crate) fn into_prepared(self, jobs: &[Job], reads: Vec<Reads>) -> Prepared {
        let ids: Vec<String> = jobs.iter().map(|j| j.family().id(&self, j.key)).collect();
        let files = || self.site.articles().iter().map(|a| a.file.clone());
        let versions = files()
            .zip(self.versions.iter().copied().chain(std::iter::repeat(0)))
            .collect();
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
            reads: ids.into_iter().zip(reads).collect(),
            versions,
            next_version: 1,
        }
    }
}
