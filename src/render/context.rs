//! What every page is rendered from: the renderer (one Tera, the site, and what is computed
//! once for all pages: cards, case views, comparisons, search entries, indexes of who refers to
//! what), and the common frame of a page (site, navigation, root, canonical URL).

use super::*;
use crate::text::labels::Nav;

/// How a navigation item's label is read from the `[nav]` labels.
type NavLabel = fn(&Nav) -> &str;

/// The items of the navigation: the section name that marks the current one, its URL, and its
/// label (`[nav]` of the labels file).
pub(crate) const NAV: &[(&str, &str, NavLabel)] = &[
    ("home", urls::HOME, Nav::home),
    ("articles", urls::ARTICLES, Nav::articles),
    ("stats", urls::STATS, Nav::stats),
    ("directives", urls::DIRECTIVES, Nav::directives),
    ("cases", urls::CASES, Nav::cases),
    ("units", urls::UNITS, Nav::units),
    ("briefing", urls::BRIEFING, Nav::briefing),
    ("search", urls::SEARCH, Nav::search),
];

#[derive(Serialize)]
pub(crate) struct NavItem<'a> {
    pub(crate) url: &'static str,
    pub(crate) label: &'a str,
    pub(crate) current: bool,
}

#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    pub(crate) base_url: Option<&'a str>,
    pub(crate) language: &'a str,
    pub(crate) internal: bool,
    /// Parties' names are shown as initials (the public build under `initials`).
    pub(crate) names_masked: bool,
    pub(crate) lead_unit: Option<UnitRef>,
}

/// Articles under one tag (by slug): the first spelling of its name and the articles' positions.
pub(crate) struct TagGroup {
    pub(crate) slug: String,
    pub(crate) name: String,
    pub(crate) articles: Vec<usize>,
}

/// Who refers to what, computed once so that no page scans the whole site.
#[derive(Default)]
pub(crate) struct References<'a> {
    /// Directive id → articles citing it (in their front matter or with a link in their text).
    pub(crate) articles_by_directive: HashMap<&'a str, Vec<usize>>,
    pub(crate) articles_by_case: HashMap<&'a str, Vec<usize>>,
    pub(crate) articles_by_unit: HashMap<&'a str, Vec<usize>>,
    pub(crate) cases_by_directive: HashMap<&'a str, Vec<usize>>,
    pub(crate) cases_by_unit: HashMap<&'a str, Vec<usize>>,
    pub(crate) directives_by_unit: HashMap<&'a str, Vec<usize>>,
}

impl<'a> References<'a> {
    fn new(site: &'a Site) -> Self {
        let mut r = References::default();
        for (i, a) in site.articles().iter().enumerate() {
            list_once(&mut r.articles_by_directive, a.cited_directives(), i);
            list_once(
                &mut r.articles_by_case,
                a.cases.iter().map(String::as_str),
                i,
            );
            if let Some(u) = &a.unit {
                r.articles_by_unit.entry(u).or_default().push(i);
            }
        }
        for (i, c) in site.cases().iter().enumerate() {
            list_once(
                &mut r.cases_by_directive,
                c.directives.iter().map(String::as_str),
                i,
            );
            if let Some(u) = &c.unit {
                r.cases_by_unit.entry(u).or_default().push(i);
            }
        }
        for (i, d) in site.directives().iter().enumerate() {
            if let Some(u) = &d.unit {
                r.directives_by_unit.entry(u).or_default().push(i);
            }
        }
        r
    }
}

/// What every page receives as `site` (see [`SiteView`]).
pub(crate) fn site_value(site: &Site) -> Value {
    Value::from_serializable(&SiteView {
        title: &site.config().title,
        description: site.config().description.as_deref(),
        base_url: site.config().base_url.as_deref(),
        language: &site.config().language,
        internal: site.audience() == Audience::Internal,
        names_masked: masks_names(site),
        lead_unit: site
            .config()
            .unit
            .as_deref()
            .and_then(|u| site.unit(u))
            .map(unit_ref),
    })
}

/// The navigation, with `section`'s item marked current.
pub(crate) fn nav<'a>(labels: &'a Nav, section: Option<&str>, briefing: bool) -> Vec<NavItem<'a>> {
    NAV.iter()
        // A site without a briefing (public, unless site.yaml makes it public) has no link to it.
        .filter(|(key, ..)| briefing || *key != "briefing")
        .map(|(key, url, label)| NavItem {
            url,
            label: label(labels),
            current: Some(*key) == section,
        })
        .collect()
}

/// An article's card as templates receive it ([`ArticleCard`]), with `html`: the card as
/// `partials/article_item.html` shows it, rendered once for every list the article is on (its
/// links start with the root marker, replaced on each page). On an error, the card without it.
pub(crate) fn card_value(
    tera: &Tera,
    site_value: &Value,
    site: &Site,
    a: &Article,
) -> (Value, Option<tera::Error>) {
    let mut card = article_card(site, a);
    let mut ctx = Context::new();
    ctx.insert("a", &card);
    ctx.insert_value("site", site_value.clone());
    ctx.insert("root", ROOT_MARKER);
    match tera.render("partials/article_item.html", &ctx) {
        Ok(html) => {
            card.html = html;
            (Value::from_serializable(&card), None)
        }
        Err(e) => (Value::from_serializable(&card), Some(e)),
    }
}

/// List position `i` once under each of `keys`.
pub(crate) fn list_once<'k>(
    map: &mut HashMap<&'k str, Vec<usize>>,
    keys: impl IntoIterator<Item = &'k str>,
    i: usize,
) {
    let keys: BTreeSet<&str> = keys.into_iter().collect();
    for key in keys {
        map.entry(key).or_default().push(i);
    }
}

/// Positions listed under `key`, in order.
pub(crate) fn listed<'m>(map: &'m HashMap<&str, Vec<usize>>, key: &str) -> &'m [usize] {
    map.get(key).map(Vec::as_slice).unwrap_or(&[])
}

/// Renders pages: one Tera, shared data computed once, pages rendered in parallel.
pub(crate) struct Renderer<'a> {
    pub(crate) site: &'a Site,
    pub(crate) tera: Tera,
    /// [`SiteView`] and the navigation with each section current ([`NAV`] order, then none),
    /// serialized once for every page.
    pub(crate) site_value: Value,
    pub(crate) nav_values: Vec<Value>,
    pub(crate) options: &'a RenderOptions,
    pub(crate) sources: TemplateSources,
    /// Every chart the pages show, drawn once each.
    pub(crate) charts: Vec<Chart>,
    /// Each chart of `charts` as templates receive it ([`ChartView`]), serialized once: the same
    /// chart appears on several pages.
    pub(crate) chart_views: Vec<Value>,
    /// The position in `charts` of each spec.
    pub(crate) chart_of: HashMap<ChartSpec, usize>,
    /// One card per article, in the site's order, ready for templates (a card is listed on
    /// several pages; it is serialized and rendered once, see [`card_value`]).
    pub(crate) cards: Vec<Value>,
    /// The first error rendering a card, reported with the pages' errors.
    pub(crate) card_error: Option<Diagnostic>,
    /// One view per case, in the site's order, ready for templates.
    pub(crate) case_views: Vec<Value>,
    /// The position of each case by id.
    pub(crate) case_position: HashMap<&'a str, usize>,
    /// The report of the briefing page (`/bao-cao/`), made on first use.
    pub(crate) report: OnceLock<Result<crate::briefing::Report, crate::briefing::Problem>>,
    /// Each parent's units compared, year by year (statistics overview, briefing).
    pub(crate) comparisons: Vec<ComparisonView>,
    /// Each unit-year of `site.stats()` as templates receive it, made on first use (a year is on
    /// its unit's pages, in several charts' tables and comparisons).
    pub(crate) year_values: Vec<OnceLock<Value>>,
    /// The search index entries of the records ([`search::record_entries`]) and of each
    /// article ([`search::article_entries`]).
    pub(crate) search_records: String,
    pub(crate) search_articles: Vec<String>,
    /// Positions of the cases in the order lists show them.
    pub(crate) sorted_cases: Vec<usize>,
    pub(crate) tags: Vec<TagGroup>,
    /// The position in `tags` of each tag, by slug.
    pub(crate) tag_of: HashMap<&'a str, usize>,
    pub(crate) refs: References<'a>,
    /// `0..site.articles().len()`: the list of every bulletin ([`List::All`]).
    pub(crate) all_positions: Vec<usize>,
    /// Whether pages record what they read of the bulletins ([`Reads`]: only for `serve`).
    pub(crate) record: bool,
    /// When recording: each bulletin's file and version, in the site's order, and the position
    /// of each file.
    pub(crate) files: Vec<std::sync::Arc<Path>>,
    pub(crate) versions: Vec<u64>,
    pub(crate) file_position: HashMap<std::sync::Arc<Path>, usize>,
}

/// What a render takes from the one before instead of computing it (see [`Prepared`]).
pub(crate) struct Reused {
    pub(crate) comparisons: Vec<ComparisonView>,
    pub(crate) case_views: Vec<Value>,
    pub(crate) cards: Vec<Value>,
    pub(crate) card_error: Option<Diagnostic>,
    pub(crate) search_records: String,
    pub(crate) search_articles: Vec<String>,
}

impl Reused {
    /// Cards, case views, search entries and comparisons, made at the same time.
    fn new(site: &Site, tera: &Tera, site_value: &Value, sources: &TemplateSources) -> Self {
        let mut card_results: Vec<(Value, Option<tera::Error>)> = Vec::new();
        let mut case_views = Vec::new();
        let mut search_records = String::new();
        let mut search_articles = Vec::new();
        rayon::scope(|s| {
            s.spawn(|_| {
                card_results = site
                    .articles()
                    .par_iter()
                    .map(|a| card_value(tera, site_value, site, a))
                    .collect();
            });
            s.spawn(|_| {
                case_views = site
                    .cases()
                    .par_iter()
                    .map(|c| Value::from_serializable(&case_view(site, c)))
                    .collect();
            });
            s.spawn(|_| search_records = search::record_entries(site));
            s.spawn(|_| search_articles = search::article_entries(site));
        });
        let (cards, errors): (Vec<Value>, Vec<Option<tera::Error>>) =
            card_results.into_iter().unzip();
        Reused {
            comparisons: comparisons(site),
            case_views,
            cards,
            card_error: errors
                .into_iter()
                .flatten()
                .next()
                .map(|e| template_diagnostic(&e, sources)),
            search_records,
            search_articles,
        }
    }
}

/// `s` as templates receive it ([`YearView`]), made once in `years` (one cell per `site.stats()`).
pub(crate) fn year_value(site: &Site, years: &[OnceLock<Value>], s: &YearStats) -> Value {
    let at = site
        .stats()
        .binary_search_by(|x| (&x.unit, x.year, x.months).cmp(&(&s.unit, s.year, s.months)));
    match at.ok().and_then(|i| years.get(i)) {
        Some(cell) => cell
            .get_or_init(|| Value::from_serializable(&year_view(site, s)))
            .clone(),
        None => Value::from_serializable(&year_view(site, s)),
    }
}

/// Cases in the order a list of people is read in Vietnamese: given name, family, middle.
pub(crate) fn cmp_cases(a: &Case, b: &Case) -> std::cmp::Ordering {
    match (&a.party, &b.party) {
        (Some(x), Some(y)) => text::person_name_cmp(x, y),
        _ => text::vi_cmp(&a.title, &b.title),
    }
}

impl<'a> Renderer<'a> {
    /// A renderer of `site`; `versions` (one per bulletin, in the site's order) when pages are
    /// to record what they read ([`Reads`]).
    pub(crate) fn new(
        site: &'a Site,
        tera: Tera,
        sources: TemplateSources,
        options: &'a RenderOptions,
        reused: Option<Reused>,
        versions: Option<Vec<u64>>,
    ) -> Self {
        let site_value = site_value(site);
        // The indexes are made on one thread while the other parts, in parallel, take the rest.
        let (reused, (sorted, tags, refs)) = rayon::join(
            || reused.unwrap_or_else(|| Reused::new(site, &tera, &site_value, &sources)),
            || {
                let mut sorted: Vec<usize> = (0..site.cases().len()).collect();
                sorted.sort_by(|&a, &b| cmp_cases(&site.cases()[a], &site.cases()[b]));
                let mut tags: BTreeMap<&str, TagGroup> = BTreeMap::new();
                for (i, a) in site.articles().iter().enumerate() {
                    for t in &a.tags {
                        tags.entry(&t.slug)
                            .or_insert_with(|| TagGroup {
                                slug: t.slug.clone(),
                                name: t.name.clone(),
                                articles: Vec::new(),
                            })
                            .articles
                            .push(i);
                    }
                }
                (sorted, tags, References::new(site))
            },
        );
        let mut case_position = HashMap::new();
        for (i, c) in site.cases().iter().enumerate() {
            case_position.entry(c.id.as_str()).or_insert(i);
        }
        let tag_of = tags
            .keys()
            .enumerate()
            .map(|(t, slug)| (*slug, t))
            .collect();
        let tags: Vec<TagGroup> = tags.into_values().collect();
        let record = versions.is_some();
        let files: Vec<std::sync::Arc<Path>> = if record {
            site.articles()
                .iter()
                .map(|a| std::sync::Arc::from(a.file.as_path()))
                .collect()
        } else {
            Vec::new()
        };
        let file_position = files
            .iter()
            .enumerate()
            .map(|(i, f)| (std::sync::Arc::clone(f), i))
            .collect();
        Renderer {
            site,
            tera,
            site_value,
            nav_values: NAV
                .iter()
                .map(|(key, ..)| Some(*key))
                .chain([None])
                .map(|section| {
                    Value::from_serializable(&nav(&site.labels().nav, section, site.has_briefing()))
                })
                .collect(),
            options,
            sources,
            charts: Vec::new(),
            chart_views: Vec::new(),
            chart_of: HashMap::new(),
            cards: reused.cards,
            card_error: reused.card_error,
            case_views: reused.case_views,
            case_position,
            sorted_cases: sorted,
            comparisons: reused.comparisons,
            report: OnceLock::new(),
            year_values: (0..site.stats().len()).map(|_| OnceLock::new()).collect(),
            search_records: reused.search_records,
            search_articles: reused.search_articles,
            tags,
            tag_of,
            refs,
            all_positions: (0..site.articles().len()).collect(),
            record,
            files,
            versions: versions.unwrap_or_default(),
            file_position,
        }
    }

    /// Render `template` for page `url`, with the common context plus `ctx`.
    pub(crate) fn page(
        &self,
        template: &str,
        url: &str,
        section: &str,
        title: &str,
        ctx: Context,
        out: &mut JobOutput,
    ) {
        let root = urls::root_prefix(url);
        self.page_with_root(template, url, &root, section, title, ctx, out);
    }

    /// Render a page whose links start with `root` (relative for every page but 404.html).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn page_with_root(
        &self,
        template: &str,
        url: &str,
        root: &str,
        section: &str,
        title: &str,
        mut ctx: Context,
        out: &mut JobOutput,
    ) {
        ctx.insert_value("site", self.site_value.clone());
        ctx.insert("root", &root);
        ctx.insert("page_url", url);
        ctx.insert("page_title", title);
        ctx.insert("section", section);
        let current = NAV.iter().position(|(key, ..)| *key == section);
        ctx.insert_value("nav", self.nav_values[current.unwrap_or(NAV.len())].clone());
        ctx.insert(
            "archive_date",
            &self.options.archive_date.map(text::format_date),
        );
        ctx.insert("share", &super::share::view(self.site, url));
        ctx.insert(
            "canonical",
            &self
                .site
                .config()
                .base_url
                .as_ref()
                .map(|b| format!("{b}{url}")),
        );
        // Rendered to bytes, which a page is written as: no check that the text is UTF-8 again.
        let mut html = Vec::with_capacity(16 * 1024);
        match self.tera.render_to(template, &ctx, &mut html) {
            Ok(()) => {
                let mut html = replace_bytes(html, ROOT_MARKER.as_bytes(), root.as_bytes());
                if self.options.archive_date.is_some() {
                    html = links_to_index_files(&String::from_utf8_lossy(&html)).into_bytes();
                }
                out.files.push(OutputFile {
                    path: urls::output_path(url),
                    bytes: html,
                });
            }
            Err(e) => out
                .errors
                .push((true, template_diagnostic(&e, &self.sources))),
        }
    }

    /// The lead unit's part of a page (home, briefing): the unit, its key year, its years and
    /// its first chart (no years when the site names no lead unit). The lead unit, if any.
    pub(crate) fn insert_lead(&self, ctx: &mut Context) -> Option<&'a Unit> {
        ctx.insert("years", &Vec::<YearView>::new());
        let u = self.lead_unit()?;
        ctx.insert("lead", &unit_view(self.site, u));
        ctx.insert_value("key", self.key_year(&u.id));
        ctx.insert_value("years", self.unit_years(&u.id));
        ctx.insert("data", &super::data_files::DataLinks::unit(&u.id));
        let charts = self.unit_charts(&u.id);
        ctx.insert_value("chart", Value::from(charts.into_iter().next()));
        Some(u)
    }

    pub(crate) fn lead_unit(&self) -> Option<&'a Unit> {
        let site = self.site;
        site.config().unit.as_deref().and_then(|u| site.unit(u))
    }

    pub(crate) fn latest_year(&self, unit: &str) -> Option<&'a YearStats> {
        let site = self.site;
        site.unit_stats(unit)
            .filter(|s| s.months == 12)
            .max_by_key(|s| s.year)
            .or_else(|| site.unit_stats(unit).max_by_key(|s| (s.year, s.months)))
    }

    /// A unit-year as templates receive it ([`YearView`]), made once.
    pub(crate) fn year_value(&self, s: &YearStats) -> Value {
        year_value(self.site, &self.year_values, s)
    }

    pub(crate) fn unit_years(&self, unit: &str) -> Value {
        Value::from(
            self.site
                .unit_stats(unit)
                .map(|s| self.year_value(s))
                .collect::<Vec<_>>(),
        )
    }

    /// The latest year of a unit as templates receive it (`key` figures).
    pub(crate) fn key_year(&self, unit: &str) -> Value {
        Value::from(self.latest_year(unit).map(|s| self.year_value(s)))
    }

    /// The views of the cases at these positions, as templates receive a list.
    pub(crate) fn cases_of(&self, positions: impl IntoIterator<Item = usize>) -> Value {
        Value::from(
            positions
                .into_iter()
                .map(|i| self.case_views[i].clone())
                .collect::<Vec<Value>>(),
        )
    }
}
