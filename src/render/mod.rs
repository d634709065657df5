//! Render: the model and the templates → every output file, in memory. No disk I/O here; bad
//! data was caught by `validate`, so only a broken (site) template can fail.

pub mod views;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::charts::{self, Chart};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::model::*;
use crate::pages::{self, PER_PAGE};
use crate::text;
use crate::urls;
use crate::validate::link_markers::{ROOT_MARKER, chart_marker};
use views::*;

/// The built-in theme, compiled into the binary.
static THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/templates");

/// A file of the built site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Path under the output folder, `/`-separated (`tin-tuc/a/index.html`).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Settings of one rendering that are not content.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Shown on every page of a snapshot ("Bản lưu trữ ngày …").
    pub archive_date: Option<jiff::civil::Date>,
}

/// Section names used to mark the current item of the navigation.
const NAV: &[(&str, &str, &str)] = &[
    ("home", urls::HOME, "Trang chủ"),
    ("articles", urls::ARTICLES, "Tin tức"),
    ("stats", urls::STATS, "Thống kê"),
    ("directives", urls::DIRECTIVES, "Văn bản"),
    ("cases", urls::CASES, "Vụ việc"),
    ("units", urls::UNITS, "Đơn vị"),
    ("briefing", urls::BRIEFING, "Báo cáo"),
    ("search", urls::SEARCH, "Tìm kiếm"),
];

#[derive(Serialize)]
struct NavItem {
    url: &'static str,
    label: &'static str,
    current: bool,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base_url: Option<&'a str>,
    language: &'a str,
    internal: bool,
    lead_unit: Option<UnitRef>,
}

/// The names of the built-in templates (for docs and tests).
pub fn builtin_template_names() -> Vec<String> {
    let mut names = Vec::new();
    collect_templates(&THEME, &mut names);
    names
}

fn collect_templates(dir: &Dir<'static>, out: &mut Vec<String>) {
    for f in dir.files() {
        let name = f.path().to_string_lossy().replace('\\', "/");
        if is_template(&name) {
            out.push(name);
        }
    }
    for d in dir.dirs() {
        collect_templates(d, out);
    }
}

fn is_template(name: &str) -> bool {
    !name.starts_with("static/")
        && !name.rsplit('/').next().unwrap_or("").starts_with('_')
        && (name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".txt"))
}

fn theme_static(dir: &Dir<'static>, out: &mut Vec<(String, Vec<u8>)>) {
    for f in dir.files() {
        let name = f.path().to_string_lossy().replace('\\', "/");
        if let Some(rel) = name.strip_prefix("static/") {
            out.push((rel.to_string(), f.contents().to_vec()));
        }
    }
    for d in dir.dirs() {
        theme_static(d, out);
    }
}

/// Load the built-in templates, then the site's own, which override by name.
pub fn build_tera(site_templates: &[(String, String)]) -> Result<Tera, Vec<Diagnostic>> {
    build_tera_with_sources(site_templates).map(|(t, _)| t)
}

/// The template sources by name, with whether each is the site's own (else built in).
type TemplateSources = BTreeMap<String, (String, bool)>;

fn build_tera_with_sources(
    site_templates: &[(String, String)],
) -> Result<(Tera, TemplateSources), Vec<Diagnostic>> {
    let mut sources: TemplateSources = BTreeMap::new();
    let mut names = Vec::new();
    collect_templates(&THEME, &mut names);
    for name in names {
        let text = THEME
            .get_file(&name)
            .and_then(|f| f.contents_utf8())
            .unwrap_or_default();
        sources.insert(name, (text.to_string(), false));
    }
    for (name, text) in site_templates {
        if is_template(name) {
            sources.insert(name.clone(), (text.clone(), true));
        }
    }
    let mut tera = Tera::default();
    tera.register_filter("date_vi", |s: &str, _: tera::Kwargs, _: &tera::State| {
        s.to_string()
    });
    let list: Vec<(String, String)> = sources
        .iter()
        .map(|(n, (t, _))| (n.clone(), t.clone()))
        .collect();
    match tera.add_raw_templates(list) {
        Ok(()) => Ok((tera, sources)),
        Err(e) => Err(vec![template_diagnostic(&e, &sources)]),
    }
}

fn template_diagnostic(e: &tera::Error, sources: &BTreeMap<String, (String, bool)>) -> Diagnostic {
    let full = error_chain(e);
    // tera 2 messages carry `--> name:line:col`; find them to point at the template file.
    let (name, pos) = find_template_position(&full, sources).unwrap_or_default();
    let is_site = sources.get(&name).is_some_and(|(_, site)| *site);
    Diagnostic {
        severity: Severity::Error,
        file: if is_site {
            format!("templates/{name}").into()
        } else if name.is_empty() {
            "templates".into()
        } else {
            format!("(built-in template) {name}").into()
        },
        pos,
        message: format!(
            "template error: {}",
            first_line(&full).trim_start_matches("error:").trim()
        ),
        // The rest of tera's message is its own location and snippet, which our rendering shows.
        hint: Some(
            full.lines()
                .skip(1)
                .map(str::trim_end)
                .filter(|l| !is_location_or_snippet(l))
                .collect::<Vec<_>>()
                .join("\n"),
        )
        .filter(|h| !h.is_empty()),
    }
}

/// A line of tera's message that repeats what our rendering already shows: `--> name:line:col`,
/// a quoted source line (`3 | …`), a caret line, or nothing.
fn is_location_or_snippet(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty()
        || t.starts_with("-->")
        || t.starts_with('|')
        || t.starts_with('^')
        || t.split_once('|')
            .is_some_and(|(n, _)| n.trim().chars().all(|c| c.is_ascii_digit()))
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("").trim().to_string()
}

fn error_chain(e: &tera::Error) -> String {
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push('\n');
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

fn find_template_position(
    msg: &str,
    sources: &BTreeMap<String, (String, bool)>,
) -> Option<(String, Pos)> {
    for line in msg.lines() {
        let line = line.trim().trim_start_matches("-->").trim();
        let mut parts = line.rsplitn(3, ':');
        let col = parts.next()?.trim().parse::<u32>().ok();
        let row = parts.next().and_then(|p| p.trim().parse::<u32>().ok());
        let name = parts.next().map(str::trim);
        if let (Some(col), Some(row), Some(name)) = (col, row, name)
            && sources.contains_key(name)
        {
            return Some((name.to_string(), Pos::new(row, col)));
        }
    }
    let name = sources
        .keys()
        .find(|n| msg.contains(&format!("'{n}'")) || msg.contains(&format!("`{n}`")))?;
    Some((name.clone(), Pos::new(1, 1)))
}

/// A chart as templates receive it (made by [`chart_view`]): `svg` inline, `title`, `desc`,
/// `url` of the standalone SVG under `bieu-do/`, `kind` (`yearly`, `compare`, `counts`) and the
/// same numbers as `rows` of [`YearView`] for a table.
/// Folder of the standalone chart files.
const CHART_DIR: &str = "bieu-do/";

/// The sitemap protocol's limits for one file (sitemaps.org: 50,000 URLs, 50 MB uncompressed).
/// A site with more has `sitemap.xml` as an index of `sitemap-1.xml`, `sitemap-2.xml`, …
const SITEMAP_LIMITS: SitemapLimits = SitemapLimits {
    urls: 50_000,
    bytes: 52_428_800,
};

/// Entries of `atom.xml`: the newest bulletins, as many as a feed reader looks at (with every
/// bulletin, the feed of a site of 10⁵ bulletins was 50 MB).
const FEED_ENTRIES: usize = 50;

/// The briefing is meant to print on one A4 page (SPEC §4) whatever the size of the site: it shows the
/// latest directives and cases only, with a link to the full lists.
const BRIEFING_DIRECTIVES: usize = 8;
const BRIEFING_CASES: usize = 6;

/// The most one sitemap file may hold.
#[derive(Clone, Copy, Debug)]
struct SitemapLimits {
    urls: usize,
    bytes: usize,
}

/// One output file (or a few) to render. Jobs are independent of each other: they run in
/// parallel, and their results are put back in this order, so output and errors do not depend on
/// scheduling.
#[derive(Clone, Copy)]
enum Job {
    Home,
    /// Page `n` (1-based) of the bulletin list.
    ArticleList(usize),
    /// The article at this position of `site.articles`.
    Article(usize),
    Stats,
    StatsUnit(usize),
    Directives,
    Directive(usize),
    Cases,
    Case(usize),
    Units,
    Unit(usize),
    Tags,
    /// Page `n` of the tag at this position of `Renderer::tags`.
    Tag(usize, usize),
    Briefing,
    NotFound,
    Feeds,
    Search,
}

impl Job {
    /// A page that gathers the whole site (a list of every unit-year or every document).
    fn is_big(self) -> bool {
        matches!(
            self,
            Job::Search | Job::Stats | Job::Feeds | Job::Briefing | Job::Directives | Job::Cases
        )
    }
}

/// What a job produced: files, and template errors (the flag marks errors of whole pages, of
/// which only the first 20 are kept).
#[derive(Default)]
struct JobOutput {
    files: Vec<OutputFile>,
    errors: Vec<(bool, Diagnostic)>,
}

/// Articles under one tag (by slug): the first spelling of its name and the articles' positions.
struct TagGroup {
    slug: String,
    name: String,
    articles: Vec<usize>,
}

/// Who refers to what, computed once so that no page scans the whole site.
#[derive(Default)]
struct References<'a> {
    /// Directive id → articles citing it (in their front matter or with a link in their text).
    articles_by_directive: HashMap<&'a str, Vec<usize>>,
    articles_by_case: HashMap<&'a str, Vec<usize>>,
    articles_by_unit: HashMap<&'a str, Vec<usize>>,
    cases_by_directive: HashMap<&'a str, Vec<usize>>,
    cases_by_unit: HashMap<&'a str, Vec<usize>>,
    directives_by_unit: HashMap<&'a str, Vec<usize>>,
}

impl<'a> References<'a> {
    fn new(site: &'a Site) -> Self {
        let mut r = References::default();
        for (i, a) in site.articles.iter().enumerate() {
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
        for (i, c) in site.cases.iter().enumerate() {
            list_once(
                &mut r.cases_by_directive,
                c.directives.iter().map(String::as_str),
                i,
            );
            if let Some(u) = &c.unit {
                r.cases_by_unit.entry(u).or_default().push(i);
            }
        }
        for (i, d) in site.directives.iter().enumerate() {
            if let Some(u) = &d.unit {
                r.directives_by_unit.entry(u).or_default().push(i);
            }
        }
        r
    }
}

/// `bytes` with every `from` replaced by `to` (returned as is when there is none).
fn replace_bytes(mut bytes: Vec<u8>, from: &[u8], to: &[u8]) -> Vec<u8> {
    let finder = memchr::memmem::Finder::new(from);
    let Some(first) = finder.find(&bytes) else {
        return bytes;
    };
    if to.len() <= from.len() {
        // In place, moving each stretch back over what the shorter replacements freed: no
        // second copy of a page (most roots, `../../`, are shorter than the marker).
        let (mut read, mut write) = (first, first);
        while read < bytes.len() {
            let next = finder
                .find(&bytes[read..])
                .map_or(bytes.len(), |at| read + at);
            bytes.copy_within(read..next, write);
            write += next - read;
            if next == bytes.len() {
                break;
            }
            bytes[write..write + to.len()].copy_from_slice(to);
            write += to.len();
            read = next + from.len();
        }
        bytes.truncate(write);
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len() + 256);
    let mut last = 0;
    for at in finder.find_iter(&bytes) {
        out.extend_from_slice(&bytes[last..at]);
        out.extend_from_slice(to);
        last = at + from.len();
    }
    out.extend_from_slice(&bytes[last..]);
    out
}

/// One value per article of `site`, in its order: taken from `kept` (by file), or made again
/// for the `edited` files and those not kept.
fn per_article<T>(
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

/// What every page receives as `site` (see [`SiteView`]).
fn site_value(site: &Site) -> Value {
    Value::from_serializable(&SiteView {
        title: &site.config.title,
        description: site.config.description.as_deref(),
        base_url: site.config.base_url.as_deref(),
        language: &site.config.language,
        internal: site.audience == Audience::Internal,
        lead_unit: site
            .config
            .unit
            .as_deref()
            .and_then(|u| site.unit(u))
            .map(unit_ref),
    })
}

/// The navigation, with `section`'s item marked current.
fn nav(section: Option<&str>) -> Vec<NavItem> {
    NAV.iter()
        .map(|(key, url, label)| NavItem {
            url,
            label,
            current: Some(*key) == section,
        })
        .collect()
}

/// An article's card as templates receive it ([`ArticleCard`]), with `html`: the card as
/// `partials/article_item.html` shows it, rendered once for every list the article is on (its
/// links start with the root marker, replaced on each page). On an error, the card without it.
fn card_value(
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
fn list_once<'k>(
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
fn listed<'m>(map: &'m HashMap<&str, Vec<usize>>, key: &str) -> &'m [usize] {
    map.get(key).map(Vec::as_slice).unwrap_or(&[])
}

/// Renders pages: one Tera, shared data computed once, pages rendered in parallel.
struct Renderer<'a> {
    site: &'a Site,
    tera: Tera,
    /// [`SiteView`] and the navigation with each section current ([`NAV`] order, then none),
    /// serialized once for every page.
    site_value: Value,
    nav_values: Vec<Value>,
    options: &'a RenderOptions,
    sources: TemplateSources,
    /// Every chart the pages show, drawn once each.
    charts: Vec<Chart>,
    /// Each chart of `charts` as templates receive it ([`ChartView`]), serialized once: the same
    /// chart appears on several pages.
    chart_views: Vec<Value>,
    /// The position in `charts` of each spec.
    chart_of: HashMap<ChartSpec, usize>,
    /// One card per article, in the site's order, ready for templates (a card is listed on
    /// several pages; it is serialized and rendered once, see [`card_value`]).
    cards: Vec<Value>,
    /// The first error rendering a card, reported with the pages' errors.
    card_error: Option<Diagnostic>,
    /// One view per case, in the site's order, ready for templates.
    case_views: Vec<Value>,
    /// The position of each case by id.
    case_position: HashMap<&'a str, usize>,
    /// Each parent's units compared, year by year (statistics overview, briefing).
    comparisons: Vec<ComparisonView>,
    /// Each unit-year of `site.stats` as templates receive it, made on first use (a year is on
    /// its unit's pages, in several charts' tables and comparisons).
    year_values: Vec<OnceLock<Value>>,
    /// The search index entries of the records ([`crate::search::record_entries`]) and of each
    /// article ([`crate::search::article_entries`]).
    search_records: String,
    search_articles: Vec<String>,
    /// Positions of the cases in the order lists show them.
    sorted_cases: Vec<usize>,
    tags: Vec<TagGroup>,
    refs: References<'a>,
}

/// What a render keeps for the next one when only articles change (`serve` after an edit):
/// the compiled templates and the charts, which depend on the data and templates alone.
pub struct Prepared {
    tera: Tera,
    sources: TemplateSources,
    charts: Vec<Chart>,
    chart_views: Vec<Value>,
    chart_of: HashMap<ChartSpec, usize>,
    comparisons: Vec<ComparisonView>,
    case_views: Vec<Value>,
    /// Each article's card, by file.
    cards: HashMap<PathBuf, Value>,
    /// The search index entries of units, directives and cases.
    search_records: String,
    /// Each article's search index entry, by file.
    search_articles: HashMap<PathBuf, String>,
}

/// What a render takes from the one before instead of computing it (see [`Prepared`]).
struct Reused {
    comparisons: Vec<ComparisonView>,
    case_views: Vec<Value>,
    cards: Vec<Value>,
    card_error: Option<Diagnostic>,
    search_records: String,
    search_articles: Vec<String>,
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
                    .articles
                    .par_iter()
                    .map(|a| card_value(tera, site_value, site, a))
                    .collect();
            });
            s.spawn(|_| {
                case_views = site
                    .cases
                    .par_iter()
                    .map(|c| Value::from_serializable(&case_view(site, c)))
                    .collect();
            });
            s.spawn(|_| search_records = crate::search::record_entries(site));
            s.spawn(|_| search_articles = crate::search::article_entries(site));
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

/// Render the whole site.
pub fn render_site(
    site: &Site,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    render_site_timed(site, options).map(|(files, _)| files)
}

/// Where each file goes as soon as it is made, from any thread (instead of all files being
/// returned at the end).
pub type Sink<'s> = &'s (dyn Fn(OutputFile) + Sync);

/// [`render_site`], also saying how long drawing the charts took (a part of rendering).
pub fn render_site_timed(
    site: &Site,
    options: &RenderOptions,
) -> Result<(Vec<OutputFile>, Duration), Vec<Diagnostic>> {
    let (mut files, r, charts) = render_all(site, options, None)?;
    // The renderer (hundreds of thousands of small values: ~50 ms to free at 10,000 articles)
    // borrows the site, so it is dropped here, while the files are put in order.
    rayon::join(move || drop(r), || sort_files(&mut files));
    Ok((files, charts))
}

/// [`render_site_timed`], handing each file to `sink` as soon as it is made. The files are
/// whole only when this returns `Ok`.
pub fn render_site_into(
    site: &Site,
    options: &RenderOptions,
    sink: Sink,
) -> Result<Duration, Vec<Diagnostic>> {
    let (rest, r, charts) = render_all(site, options, Some(sink))?;
    // The renderer is freed (see [`render_site_timed`]) while the charts and static files,
    // made last, are written.
    rayon::join(move || drop(r), || rest.into_iter().for_each(sink));
    Ok(charts)
}

/// [`render_site_timed`], keeping the templates and charts for [`render_changed`].
pub fn render_site_keep(
    site: &Site,
    options: &RenderOptions,
) -> Result<(Vec<OutputFile>, Prepared, Duration), Vec<Diagnostic>> {
    render_all(site, options, None).map(|(mut files, r, charts)| {
        sort_files(&mut files);
        (files, r.into_prepared(), charts)
    })
}

/// Every file of the site (in the order made: see [`sort_files`]; with a `sink`, only the
/// charts and static files, made last, while the pages went there), the renderer that made
/// them, and the time its charts took.
fn render_all<'a>(
    site: &'a Site,
    options: &'a RenderOptions,
    sink: Option<Sink>,
) -> Result<(Vec<OutputFile>, Renderer<'a>, Duration), Vec<Diagnostic>> {
    let (tera, sources) = build_tera_with_sources(&site.templates)?;
    let mut r = Renderer::new(site, tera, sources, options, None);
    let started = std::time::Instant::now();
    r.draw_charts();
    let charts = started.elapsed();
    let jobs = r.jobs();
    let mut out = r.run_jobs(&jobs, sink)?;
    r.finish(&mut out);
    Ok((out, r, charts))
}

/// Files in the order of their paths.
fn sort_files(files: &mut [OutputFile]) {
    files.par_sort_by(|a, b| a.path.cmp(&b.path));
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
    let search_articles = per_article(
        site,
        &edited,
        &mut search_articles,
        crate::search::article_entry,
    );
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
    fn new(
        site: &'a Site,
        tera: Tera,
        sources: TemplateSources,
        options: &'a RenderOptions,
        reused: Option<Reused>,
    ) -> Self {
        let site_value = site_value(site);
        // The indexes are made on one thread while the other parts, in parallel, take the rest.
        let (reused, (sorted, tags, refs)) = rayon::join(
            || reused.unwrap_or_else(|| Reused::new(site, &tera, &site_value, &sources)),
            || {
                let mut sorted: Vec<usize> = (0..site.cases.len()).collect();
                sorted.sort_by(|&a, &b| cmp_cases(&site.cases[a], &site.cases[b]));
                let mut tags: BTreeMap<&str, TagGroup> = BTreeMap::new();
                for (i, a) in site.articles.iter().enumerate() {
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
        for (i, c) in site.cases.iter().enumerate() {
            case_position.entry(c.id.as_str()).or_insert(i);
        }
        Renderer {
            site,
            tera,
            site_value,
            nav_values: NAV
                .iter()
                .map(|(key, ..)| Some(*key))
                .chain([None])
                .map(|section| Value::from_serializable(&nav(section)))
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
            year_values: (0..site.stats.len()).map(|_| OnceLock::new()).collect(),
            search_records: reused.search_records,
            search_articles: reused.search_articles,
            tags: tags.into_values().collect(),
            refs,
        }
    }

    fn into_prepared(self) -> Prepared {
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

    /// Run jobs in parallel; their files in the jobs' order (but for pages that a static file of
    /// the site replaces), or the template errors. With a `sink`, each job's files go there as
    /// soon as they are made, and none is returned.
    fn run_jobs(
        &self,
        jobs: &[Job],
        sink: Option<Sink>,
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        // A site's static file named like a page replaces it: the page is not kept (two files
        // of one path would race in the parallel write, and be rewritten on every build).
        let statics: HashSet<&str> = self
            .site
            .static_files
            .iter()
            .map(|f| f.rel.as_str())
            .collect();
        // The few big pages first, so that they do not finish alone at the end; results keep the
        // jobs' order.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| !jobs[i].is_big());
        let mut done: Vec<(usize, JobOutput)> = order
            .par_iter()
            .with_max_len(crate::PAR_BATCH)
            .map(|&i| {
                let mut result = self.run(jobs[i]);
                if let Some(sink) = sink {
                    result
                        .files
                        .drain(..)
                        .filter(|f| !statics.contains(f.path.as_str()))
                        .for_each(sink);
                }
                (i, result)
            })
            .collect();
        done.sort_unstable_by_key(|(i, _)| *i);
        let mut out = Vec::with_capacity(jobs.len() + 2048);
        let mut errors: Vec<Diagnostic> = self.card_error.iter().cloned().collect();
        for (_, result) in done {
            for (page, e) in result.errors {
                if !page || errors.len() < 20 {
                    errors.push(e);
                }
            }
            out.extend(
                result
                    .files
                    .into_iter()
                    .filter(|f| !statics.contains(f.path.as_str())),
            );
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// The pages that can show something of the articles edited from `previous` (see
    /// [`render_changed`]): always their own pages, the feed and the search index; when what
    /// lists show of them changed (card, date, tags, unit, directives, cases), also the lists
    /// they are or were on, between their old and new places.
    fn affected_jobs(&self, previous: &[Article]) -> Vec<Job> {
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

    /// Every page to render, in the order files are listed before sorting by path.
    fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs = vec![Job::Home];
        jobs.extend((1..=pages::page_count(site.articles.len())).map(Job::ArticleList));
        jobs.extend((0..site.articles.len()).map(Job::Article));
        jobs.push(Job::Stats);
        jobs.extend(
            (0..site.units.len())
                .filter(|&i| site.unit_stats(&site.units[i].id).next().is_some())
                .map(Job::StatsUnit),
        );
        jobs.push(Job::Directives);
        jobs.extend((0..site.directives.len()).map(Job::Directive));
        jobs.push(Job::Cases);
        jobs.extend((0..site.cases.len()).map(Job::Case));
        jobs.push(Job::Units);
        jobs.extend((0..site.units.len()).map(Job::Unit));
        jobs.push(Job::Tags);
        for (t, tag) in self.tags.iter().enumerate() {
            jobs.extend((1..=pages::page_count(tag.articles.len())).map(|n| Job::Tag(t, n)));
        }
        jobs.extend([Job::Briefing, Job::NotFound, Job::Feeds, Job::Search]);
        jobs
    }

    fn run(&self, job: Job) -> JobOutput {
        let mut out = JobOutput::default();
        match job {
            Job::Home => self.home(&mut out),
            Job::ArticleList(n) => self.article_list(n, &mut out),
            Job::Article(i) => self.article(&self.site.articles[i], i, &mut out),
            Job::Stats => self.stats(&mut out),
            Job::StatsUnit(i) => self.stats_unit(&self.site.units[i], &mut out),
            Job::Directives => self.directives(&mut out),
            Job::Directive(i) => self.directive(&self.site.directives[i], &mut out),
            Job::Cases => self.cases(&mut out),
            Job::Case(i) => self.case(&self.site.cases[i], i, &mut out),
            Job::Units => self.units(&mut out),
            Job::Unit(i) => self.unit(&self.site.units[i], &mut out),
            Job::Tags => self.tags(&mut out),
            Job::Tag(t, n) => self.tag(&self.tags[t], n, &mut out),
            Job::Briefing => self.briefing(&mut out),
            Job::NotFound => self.not_found(&mut out),
            Job::Feeds => self.feeds(&mut out),
            Job::Search => self.search(&mut out),
        }
        out
    }

    /// The files that are not pages: charts and static files.
    fn finish(&self, out: &mut Vec<OutputFile>) {
        let site = self.site;
        // A file name is drawn by the first spec that asked for it (specs are in page order).
        let mut files: BTreeMap<&str, &Chart> = BTreeMap::new();
        for chart in &self.charts {
            files.entry(&chart.file_name).or_insert(chart);
        }
        for (name, chart) in files {
            out.push(OutputFile {
                path: format!("{CHART_DIR}{name}"),
                bytes: chart.svg.clone().into_bytes(),
            });
        }
        let mut statics = Vec::new();
        theme_static(&THEME, &mut statics);
        let own: HashSet<&str> = site.static_files.iter().map(|f| f.rel.as_str()).collect();
        for (rel, bytes) in statics {
            if !own.contains(rel.as_str()) {
                out.push(OutputFile { path: rel, bytes });
            }
        }
        for f in &site.static_files {
            out.push(OutputFile {
                path: f.rel.clone(),
                bytes: f.bytes.clone(),
            });
        }
    }

    /// Render `template` for page `url`, with the common context plus `ctx`.
    fn page(
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
    fn page_with_root(
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
        ctx.insert(
            "canonical",
            &self
                .site
                .config
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

    fn lead_unit(&self) -> Option<&'a Unit> {
        let site = self.site;
        site.config.unit.as_deref().and_then(|u| site.unit(u))
    }

    fn latest_year(&self, unit: &str) -> Option<&'a YearStats> {
        let site = self.site;
        site.unit_stats(unit)
            .filter(|s| s.months == 12)
            .max_by_key(|s| s.year)
            .or_else(|| site.unit_stats(unit).max_by_key(|s| (s.year, s.months)))
    }

    /// A unit-year as templates receive it ([`YearView`]), made once.
    fn year_value(&self, s: &YearStats) -> Value {
        year_value(self.site, &self.year_values, s)
    }

    fn unit_years(&self, unit: &str) -> Value {
        Value::from(
            self.site
                .unit_stats(unit)
                .map(|s| self.year_value(s))
                .collect::<Vec<_>>(),
        )
    }

    /// The latest year of a unit as templates receive it (`key` figures).
    fn key_year(&self, unit: &str) -> Value {
        Value::from(self.latest_year(unit).map(|s| self.year_value(s)))
    }

    /// The cards of the articles at these positions, as templates receive a list.
    fn cards_of(&self, positions: impl IntoIterator<Item = usize>) -> Value {
        Value::from(
            positions
                .into_iter()
                .map(|i| self.cards[i].clone())
                .collect::<Vec<Value>>(),
        )
    }

    /// The views of the cases at these positions, as templates receive a list.
    fn cases_of(&self, positions: impl IntoIterator<Item = usize>) -> Value {
        Value::from(
            positions
                .into_iter()
                .map(|i| self.case_views[i].clone())
                .collect::<Vec<Value>>(),
        )
    }

    fn home(&self, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("years", &Vec::<YearView>::new());
        if let Some(u) = self.lead_unit() {
            ctx.insert("lead", &unit_view(site, u));
            ctx.insert_value("key", self.key_year(&u.id));
            ctx.insert_value("years", self.unit_years(&u.id));
            let charts = self.unit_charts(&u.id);
            ctx.insert_value("chart", Value::from(charts.into_iter().next()));
        }
        ctx.insert_value("articles", self.cards_of(0..self.cards.len().min(5)));
        let newest: Vec<DirectiveRef> = site
            .directives
            .iter()
            .rev()
            .take(5)
            .map(directive_ref)
            .collect();
        ctx.insert("directives", &newest);
        ctx.insert_value(
            "cases",
            self.cases_of(self.sorted_cases.iter().take(6).copied()),
        );
        self.page(
            "index.html",
            urls::HOME,
            "home",
            &site.config.title,
            ctx,
            out,
        );
    }

    fn article_list(&self, n: usize, out: &mut JobOutput) {
        let len = self.cards.len();
        let pages_n = pages::page_count(len);
        let url = urls::articles_page(n);
        let mut ctx = Context::new();
        ctx.insert_value(
            "articles",
            self.cards_of(((n - 1) * PER_PAGE).min(len)..(n * PER_PAGE).min(len)),
        );
        ctx.insert("pagination", &pagination(n, pages_n, urls::articles_page));
        let title = if n == 1 {
            "Tin tức".to_string()
        } else {
            format!("Tin tức – trang {n}")
        };
        self.page("articles.html", &url, "articles", &title, ctx, out);
    }

    fn article(&self, a: &Article, i: usize, out: &mut JobOutput) {
        let site = self.site;
        let body: Cow<str> = if a.charts.is_empty() {
            Cow::Borrowed(&a.body_html)
        } else {
            let mut body = a.body_html.clone();
            for (k, spec) in a.charts.iter().enumerate() {
                let html = self.chart_html(spec, out);
                body = body.replace(&chart_marker(k), &html);
            }
            Cow::Owned(body)
        };
        let mut ctx = Context::new();
        ctx.insert_value("article", self.cards[i].clone());
        ctx.insert("body_html", &body);
        let dirs: Vec<DirectiveRef> = a
            .directives
            .iter()
            .filter_map(|d| site.directive(d))
            .map(directive_ref)
            .collect();
        ctx.insert("directives", &dirs);
        let cases = a
            .cases
            .iter()
            .filter_map(|c| self.case_position.get(c.as_str()).copied());
        ctx.insert_value("cases", self.cases_of(cases));
        ctx.insert("internal", &a.internal.iter().collect::<Vec<_>>());
        self.page(
            "article.html",
            &urls::article(&a.slug),
            "articles",
            &a.title,
            ctx,
            out,
        );
    }

    /// The specs of every chart a page shows, in the order pages are listed (see [`Self::jobs`]).
    fn chart_specs(&self) -> Vec<ChartSpec> {
        let site = self.site;
        let mut specs = Vec::new();
        let lead = self.lead_unit();
        if let Some(u) = lead {
            specs.extend(unit_chart_specs(site, &u.id));
        }
        for a in &site.articles {
            specs.extend(a.charts.iter().cloned());
        }
        for c in &self.comparisons {
            if c.unit_ids.len() > 1 {
                specs.push(compare_spec(c, c.unit_ids.clone()));
            }
        }
        for u in &site.units {
            if site.unit_stats(&u.id).next().is_some() {
                specs.extend(unit_chart_specs(site, &u.id));
            }
        }
        for u in &site.units {
            specs.extend(unit_chart_specs(site, &u.id));
        }
        if let Some(u) = lead {
            specs.extend(unit_chart_specs(site, &u.id));
            if let Some(c) = self.briefing_comparison(u) {
                specs.push(compare_spec(c, c.unit_ids.clone()));
            }
        }
        specs
    }

    /// Draw every chart once, in parallel.
    fn draw_charts(&mut self) {
        let mut unique = Vec::new();
        for spec in self.chart_specs() {
            if !self.chart_of.contains_key(&spec) {
                self.chart_of.insert(spec.clone(), unique.len());
                unique.push(spec);
            }
        }
        let site = self.site;
        let years = &self.year_values;
        let (charts, views) = unique
            .par_iter()
            .with_max_len(crate::PAR_BATCH)
            .map(|spec| {
                let drawn = charts::render_chart(spec, site);
                let view = chart_view(site, years, spec, &drawn);
                (drawn, view)
            })
            .unzip();
        (self.charts, self.chart_views) = (charts, views);
    }

    /// A chart drawn by [`Self::draw_charts`], as templates receive it.
    fn chart(&self, spec: &ChartSpec) -> Value {
        self.chart_views[self.chart_of[spec]].clone()
    }

    /// The charts of one unit's page: its rates against targets, and its counts when it has any.
    fn unit_charts(&self, unit: &str) -> Vec<Value> {
        unit_chart_specs(self.site, unit)
            .iter()
            .map(|spec| self.chart(spec))
            .collect()
    }

    /// A chart embedded in an article (its links are made relative when the page is rendered).
    fn chart_html(&self, spec: &ChartSpec, out: &mut JobOutput) -> String {
        let mut ctx = Context::new();
        ctx.insert_value("chart", self.chart(spec));
        ctx.insert("root", ROOT_MARKER);
        match self.tera.render("partials/chart.html", &ctx) {
            Ok(h) => h,
            Err(e) => {
                out.errors
                    .push((false, template_diagnostic(&e, &self.sources)));
                String::new()
            }
        }
    }

    fn stats(&self, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        // Each section: {comparison: ComparisonView, chart: ChartView?}.
        let sections: Vec<Value> = self
            .comparisons
            .iter()
            .map(|c| {
                // A comparison of one unit says nothing a chart could add.
                let chart = (c.unit_ids.len() > 1)
                    .then(|| self.chart(&compare_spec(c, c.unit_ids.clone())));
                let mut section: BTreeMap<&'static str, Value> = BTreeMap::new();
                section.insert("comparison", Value::from_serializable(c));
                section.insert("chart", Value::from(chart));
                Value::from(section)
            })
            .collect();
        ctx.insert_value("sections", Value::from(sections));
        let units: Vec<UnitRef> = site
            .units
            .iter()
            .filter(|u| site.unit_stats(&u.id).next().is_some())
            .map(|u| {
                let mut r = unit_ref(u);
                r.url = urls::stats_unit(&u.id);
                r
            })
            .collect();
        ctx.insert("units", &units);
        self.page(
            "stats.html",
            urls::STATS,
            "stats",
            "Thống kê kết quả thi hành án",
            ctx,
            out,
        );
    }

    fn stats_unit(&self, u: &Unit, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("unit", &unit_view(site, u));
        ctx.insert_value("years", self.unit_years(&u.id));
        ctx.insert_value("charts", Value::from(self.unit_charts(&u.id)));
        let title = format!("Kết quả thi hành án – {}", u.short_name);
        self.page(
            "stats_unit.html",
            &urls::stats_unit(&u.id),
            "stats",
            &title,
            ctx,
            out,
        );
    }

    fn directives(&self, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("timeline", &timeline(site));
        let all: Vec<DirectiveView> = site
            .directives
            .iter()
            .map(|d| directive_view(site, d))
            .collect();
        ctx.insert("directives", &all);
        self.page(
            "directives.html",
            urls::DIRECTIVES,
            "directives",
            "Văn bản chỉ đạo",
            ctx,
            out,
        );
    }

    fn directive(&self, d: &Directive, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("directive", &directive_view(site, d));
        let articles = listed(&self.refs.articles_by_directive, &d.id);
        ctx.insert_value("articles", self.cards_of(articles.iter().copied()));
        let cases = listed(&self.refs.cases_by_directive, &d.id);
        ctx.insert_value("cases", self.cases_of(cases.iter().copied()));
        let title = format!("{} {}", d.kind.as_deref().unwrap_or("Văn bản"), d.number);
        self.page(
            "directive.html",
            &urls::directive(&d.id),
            "directives",
            &title,
            ctx,
            out,
        );
    }

    fn cases(&self, out: &mut JobOutput) {
        let mut ctx = Context::new();
        ctx.insert_value("cases", self.cases_of(self.sorted_cases.iter().copied()));
        self.page(
            "cases.html",
            urls::CASES,
            "cases",
            "Vụ việc tiêu biểu",
            ctx,
            out,
        );
    }

    fn case(&self, c: &Case, i: usize, out: &mut JobOutput) {
        let mut ctx = Context::new();
        ctx.insert_value("case", self.case_views[i].clone());
        let articles = listed(&self.refs.articles_by_case, &c.id);
        ctx.insert_value("articles", self.cards_of(articles.iter().copied()));
        self.page("case.html", &urls::case(&c.id), "cases", &c.title, ctx, out);
    }

    fn units(&self, out: &mut JobOutput) {
        let site = self.site;
        let roots: Vec<UnitView> = site
            .units
            .iter()
            .filter(|u| u.parent.as_deref().is_none_or(|p| site.unit(p).is_none()))
            .map(|u| unit_view(site, u))
            .collect();
        let mut ctx = Context::new();
        ctx.insert("roots", &roots);
        let all: Vec<UnitView> = site.units.iter().map(|u| unit_view(site, u)).collect();
        ctx.insert("units", &all);
        self.page("units.html", urls::UNITS, "units", "Đơn vị", ctx, out);
    }

    fn unit(&self, u: &Unit, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("unit", &unit_view(site, u));
        ctx.insert_value("years", self.unit_years(&u.id));
        ctx.insert_value("key", self.key_year(&u.id));
        let charts = self.unit_charts(&u.id);
        ctx.insert_value("chart", Value::from(charts.into_iter().next()));
        let dirs: Vec<DirectiveRef> = listed(&self.refs.directives_by_unit, &u.id)
            .iter()
            .map(|&i| directive_ref(&site.directives[i]))
            .collect();
        ctx.insert("directives", &dirs);
        let cases = listed(&self.refs.cases_by_unit, &u.id);
        ctx.insert_value("cases", self.cases_of(cases.iter().copied()));
        let articles = listed(&self.refs.articles_by_unit, &u.id);
        ctx.insert_value("articles", self.cards_of(articles.iter().copied()));
        self.page("unit.html", &urls::unit(&u.id), "units", &u.name, ctx, out);
    }

    fn tags(&self, out: &mut JobOutput) {
        #[derive(Serialize)]
        struct TagEntry<'t> {
            name: &'t str,
            url: String,
            count: usize,
        }
        let mut list: Vec<TagEntry> = self
            .tags
            .iter()
            .map(|t| TagEntry {
                name: &t.name,
                url: urls::tag(&t.slug),
                count: t.articles.len(),
            })
            .collect();
        list.sort_by(|a, b| text::vi_cmp(a.name, b.name));
        let mut ctx = Context::new();
        ctx.insert("tags", &list);
        self.page("tags.html", urls::TAGS, "articles", "Chủ đề", ctx, out);
    }

    /// Page `n` of a tag: its articles, [`PER_PAGE`] at a time like `/tin-tuc/`.
    fn tag(&self, tag: &TagGroup, n: usize, out: &mut JobOutput) {
        let all = &tag.articles;
        let pages_n = pages::page_count(all.len());
        let slice = &all[((n - 1) * PER_PAGE).min(all.len())..(n * PER_PAGE).min(all.len())];
        let mut ctx = Context::new();
        ctx.insert("tag", &tag.name);
        ctx.insert_value("articles", self.cards_of(slice.iter().copied()));
        ctx.insert(
            "pagination",
            &pagination(n, pages_n, |k| urls::tag_page(&tag.slug, k)),
        );
        let title = if n == 1 {
            format!("Chủ đề: {}", tag.name)
        } else {
            format!("Chủ đề: {} – trang {n}", tag.name)
        };
        self.page(
            "tag.html",
            &urls::tag_page(&tag.slug, n),
            "articles",
            &title,
            ctx,
            out,
        );
    }

    /// The comparison the briefing shows: the lead unit among its siblings in its latest year.
    fn briefing_comparison(&self, lead: &Unit) -> Option<&ComparisonView> {
        let latest = self.latest_year(&lead.id)?;
        self.comparisons
            .iter()
            .find(|c| c.year == latest.year && c.unit_ids.contains(&lead.id))
    }

    fn briefing(&self, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("years", &Vec::<YearView>::new());
        if let Some(u) = self.lead_unit() {
            ctx.insert("lead", &unit_view(site, u));
            ctx.insert_value("key", self.key_year(&u.id));
            ctx.insert_value("years", self.unit_years(&u.id));
            let charts = self.unit_charts(&u.id);
            ctx.insert_value("chart", Value::from(charts.into_iter().next()));
            if let Some(c) = self.briefing_comparison(u) {
                ctx.insert_value(
                    "compare_chart",
                    self.chart(&compare_spec(c, c.unit_ids.clone())),
                );
                ctx.insert("comparison", &c);
            }
        }
        let (timeline, directives_left_out) = recent_timeline(site, BRIEFING_DIRECTIVES);
        ctx.insert("timeline", &timeline);
        // `site.cases` is newest first (validate sorts it by year resolved): the latest are the
        // first positions, shown in the order of every list of cases.
        let latest = BRIEFING_CASES.min(site.cases.len());
        let cases = self.sorted_cases.iter().copied().filter(|&i| i < latest);
        ctx.insert_value("cases", self.cases_of(cases));
        let left_out = |n: usize| (n > 0).then(|| text::format_int(n as u64));
        ctx.insert("directives_left_out", &left_out(directives_left_out));
        ctx.insert("cases_left_out", &left_out(site.cases.len() - latest));
        ctx.insert_value("articles", self.cards_of(0..self.cards.len().min(5)));
        ctx.insert(
            "figures_date",
            &self
                .lead_unit()
                .and_then(|u| self.latest_year(&u.id))
                .map(|s| text::format_date(s.as_of.unwrap_or(s.period_end))),
        );
        self.page(
            "briefing.html",
            urls::BRIEFING,
            "briefing",
            "Báo cáo tóm tắt",
            ctx,
            out,
        );
    }

    fn search(&self, out: &mut JobOutput) {
        self.page(
            "search.html",
            urls::SEARCH,
            "search",
            "Tìm kiếm",
            Context::new(),
            out,
        );
        out.files.push(OutputFile {
            path: "search-index.js".into(),
            bytes: crate::search::index_js(&self.search_records, &self.search_articles)
                .into_bytes(),
        });
    }

    fn not_found(&self, out: &mut JobOutput) {
        // Served from any depth by a web server: links use absolute paths from base_url's path.
        let mut ctx = Context::new();
        let base_path = self
            .site
            .config
            .base_url
            .as_deref()
            .and_then(|b| b.splitn(4, '/').nth(3).map(|p| format!("/{p}")))
            .unwrap_or_else(|| "/".to_string());
        ctx.insert("base_path", &base_path);
        // A server shows this page for a missing URL at any depth: links must not be relative.
        // An archive is opened from disk, where there is no server and `/` is the disk's root.
        let root = if self.options.archive_date.is_some() {
            ""
        } else {
            base_path.as_str()
        };
        self.page_with_root(
            "404.html",
            "404.html",
            root,
            "",
            "Không tìm thấy trang",
            ctx,
            out,
        );
    }

    fn feeds(&self, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("base_url", &site.config.base_url);
        self.raw("robots.txt", ctx, out);
        let Some(base) = site.config.base_url.as_deref() else {
            return; // feeds and sitemaps need absolute URLs
        };
        #[derive(Serialize)]
        struct FeedEntry<'e> {
            title: &'e str,
            url: String,
            updated: &'e str,
            summary: Cow<'e, str>,
            author: Option<&'e str>,
        }
        // `site.articles` is newest first (validate sorts it), so these are the newest.
        let entries: Vec<FeedEntry> = site
            .articles
            .iter()
            .take(FEED_ENTRIES)
            .map(|a| FeedEntry {
                title: &a.title,
                url: format!("{base}{}", urls::article(&a.slug)),
                updated: &a.timestamp,
                summary: match &a.summary {
                    Some(s) => Cow::Borrowed(s),
                    None => Cow::Owned(excerpt(&a.plain_text, 300)),
                },
                author: a.author.as_deref(),
            })
            .collect();
        let updated = site
            .articles
            .iter()
            .max_by_key(|a| a.instant)
            .map_or("2000-01-01T00:00:00+07:00", |a| a.timestamp.as_str());
        let mut ctx = Context::new();
        ctx.insert("entries", &entries);
        ctx.insert("updated", updated);
        ctx.insert("base_url", base);
        ctx.insert_value("site", self.site_value.clone());
        self.raw("atom.xml", ctx, out);
        let page_urls: Vec<String> = pages::page_urls(site)
            .into_iter()
            .map(|u| format!("{base}{u}"))
            .collect();
        match render_sitemaps(&self.tera, base, &page_urls, SITEMAP_LIMITS) {
            Ok(files) => out.files.extend(files),
            Err(e) => out
                .errors
                .push((false, template_diagnostic(&e, &self.sources))),
        }
    }

    fn raw(&self, template: &str, ctx: Context, out: &mut JobOutput) {
        match self.tera.render(template, &ctx) {
            Ok(t) => out.files.push(OutputFile {
                path: template.to_string(),
                bytes: t.into_bytes(),
            }),
            Err(e) => out
                .errors
                .push((false, template_diagnostic(&e, &self.sources))),
        }
    }
}

/// The sitemap files of these absolute page URLs, which keep their order: `sitemap.xml` alone
/// (template `sitemap.xml`) when they fit in one file, else `sitemap.xml` as an index (template
/// `sitemap_index.xml`) of `sitemap-1.xml`, `sitemap-2.xml`, … (template `sitemap.xml` each), of at
/// most `limits.urls` URLs and `limits.bytes` bytes each (but a file of a single URL).
fn render_sitemaps(
    tera: &Tera,
    base: &str,
    urls: &[String],
    limits: SitemapLimits,
) -> Result<Vec<OutputFile>, tera::Error> {
    let urlset = |chunk: &[String]| {
        let mut ctx = Context::new();
        ctx.insert("urls", chunk);
        tera.render("sitemap.xml", &ctx).map(String::into_bytes)
    };
    if urls.len() <= limits.urls {
        let bytes = urlset(urls)?;
        if bytes.len() <= limits.bytes {
            return Ok(vec![OutputFile {
                path: "sitemap.xml".into(),
                bytes,
            }]);
        }
    }
    // Files of `limits.urls` URLs, each halved until it fits in `limits.bytes` (the size depends
    // on the template, so it is measured, not estimated).
    let mut files = Vec::new();
    let mut pending: Vec<&[String]> = urls.chunks(limits.urls.max(1)).rev().collect();
    while let Some(chunk) = pending.pop() {
        let bytes = urlset(chunk)?;
        if bytes.len() > limits.bytes && chunk.len() > 1 {
            let (first, rest) = chunk.split_at(chunk.len() / 2);
            pending.push(rest);
            pending.push(first);
        } else {
            files.push(OutputFile {
                path: format!("sitemap-{}.xml", files.len() + 1),
                bytes,
            });
        }
    }
    let sitemaps: Vec<String> = files.iter().map(|f| format!("{base}{}", f.path)).collect();
    let mut ctx = Context::new();
    ctx.insert("sitemaps", &sitemaps);
    files.push(OutputFile {
        path: "sitemap.xml".into(),
        bytes: tera.render("sitemap_index.xml", &ctx)?.into_bytes(),
    });
    Ok(files)
}

/// The chart specs of one unit's page: its rates against targets when it has any, and its
/// counts when it has any.
fn unit_chart_specs(site: &Site, unit: &str) -> Vec<ChartSpec> {
    let years: Vec<&YearStats> = site.unit_stats(unit).filter(|s| s.months == 12).collect();
    let spec = |kind| ChartSpec {
        kind,
        units: vec![unit.to_string()],
        year: None,
        years: None,
        title: None,
    };
    let mut out = Vec::new();
    if years
        .iter()
        .any(|s| s.cases.rate.value().is_some() || s.money.rate.value().is_some())
    {
        out.push(spec(ChartKind::Yearly));
    }
    if years
        .iter()
        .any(|s| s.cases.completed.is_some() || s.money.completed.is_some())
    {
        out.push(spec(ChartKind::Counts));
    }
    out
}

/// A drawn chart as templates receive it ([`ChartView`]), with the figures it shows.
fn chart_view(site: &Site, years: &[OnceLock<Value>], spec: &ChartSpec, drawn: &Chart) -> Value {
    let mut view = BTreeMap::new();
    view.insert("svg", Value::from(drawn.svg.as_str()));
    view.insert("title", Value::from(drawn.title.as_str()));
    view.insert("desc", Value::from(drawn.desc.as_str()));
    view.insert(
        "url",
        Value::from(format!("{CHART_DIR}{}", drawn.file_name)),
    );
    let kind = match spec.kind {
        ChartKind::Yearly => "yearly",
        ChartKind::Compare => "compare",
        ChartKind::Counts => "counts",
    };
    view.insert("kind", Value::from(kind));
    let rows: Vec<Value> = charts::chart_rows(site, spec)
        .into_iter()
        .map(|s| year_value(site, years, s))
        .collect();
    view.insert("rows", Value::from(rows));
    Value::from(view)
}

/// `s` as templates receive it ([`YearView`]), made once in `years` (one cell per `site.stats`).
fn year_value(site: &Site, years: &[OnceLock<Value>], s: &YearStats) -> Value {
    let at = site
        .stats
        .binary_search_by(|x| (&x.unit, x.year, x.months).cmp(&(&s.unit, s.year, s.months)));
    match at.ok().and_then(|i| years.get(i)) {
        Some(cell) => cell
            .get_or_init(|| Value::from_serializable(&year_view(site, s)))
            .clone(),
        None => Value::from_serializable(&year_view(site, s)),
    }
}

/// The comparison chart of one parent's units in one year.
fn compare_spec(c: &ComparisonView, units: Vec<String>) -> ChartSpec {
    ChartSpec {
        kind: ChartKind::Compare,
        units,
        year: Some(c.year),
        years: None,
        title: Some(format!(
            "{} – các đơn vị thuộc {}",
            c.label, c.parent.short_name
        )),
    }
}

/// In an archive opened from disk a browser shows a folder listing for `tin-tuc/a/`: make every
/// relative link that names a folder name its `index.html` (`../` → `../index.html`).
fn links_to_index_files(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some(i) = rest.find("href=\"") {
        let start = i + "href=\"".len();
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find('"').unwrap_or(rest.len());
        let url = &rest[..end];
        let (path, fragment) = match url.find('#') {
            Some(h) => (&url[..h], &url[h..]),
            None => (url, ""),
        };
        let external = path.contains(':') || path.starts_with('/') || path.starts_with('?');
        if !external && (path.is_empty() && fragment.is_empty() || path.ends_with('/')) {
            out.push_str(path);
            out.push_str("index.html");
            out.push_str(fragment);
        } else if !external && path == "." {
            out.push_str("index.html");
            out.push_str(fragment);
        } else {
            out.push_str(url);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Cases in the order a list of people is read in Vietnamese: given name, family, middle.
fn cmp_cases(a: &Case, b: &Case) -> std::cmp::Ordering {
    match (&a.party, &b.party) {
        (Some(x), Some(y)) => text::person_name_cmp(x, y),
        _ => text::vi_cmp(&a.title, &b.title),
    }
}

#[cfg(test)]
mod tests {
    use super::{SitemapLimits, build_tera, links_to_index_files, pagination, render_sitemaps};
    use std::collections::HashSet;
    use std::path::PathBuf;

    /// The snapshot fixture with `n` more bulletins citing each other, a directive and a case,
    /// under three tags: enough pages for every kind of job, and tags of several pages.
    fn big_site(n: usize) -> Vec<(PathBuf, Vec<u8>)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for e in walkdir::WalkDir::new(root.join("tests/fixtures/snapshot/content")) {
            let e = e.expect("fixture readable");
            if e.file_type().is_file() {
                let bytes = std::fs::read(e.path()).expect("fixture readable");
                files.push((
                    crate::load::rel_path(root.join("tests/fixtures/snapshot").as_path(), e.path()),
                    bytes,
                ));
            }
        }
        for i in 0..n {
            let text = format!(
                "---\ntitle: \"Bản tin số {i}\"\ndate: 2024-{:02}-{:02}T08:00:00+07:00\nunit: cho-don\ntags: [chung, nhóm {}]\ndirectives: [\"12-CT/TU\"]\ncases: [vu-bang-lung-2023]\n---\n\nTheo Chỉ thị số 12-CT/TU, xem [bản tin trước](/tin-tuc/ban-tin-so-{}/).\n",
                1 + i % 12,
                1 + i % 28,
                i % 3,
                i.saturating_sub(1)
            );
            files.push((
                PathBuf::from(format!("content/articles/2024/ban-tin-so-{i}.md")),
                text.into_bytes(),
            ));
        }
        files
    }

    #[test]
    fn articles_are_listed_by_the_moment_they_were_published_whatever_the_offset() {
        // 08:00 in Hà Nội is 01:00 UTC: earlier than 05:00Z, though its text sorts after it.
        let mut files = big_site(0);
        for (slug, at) in [
            ("sang-ha-noi", "2024-03-31T08:00:00+07:00"),
            ("sang-utc", "2024-03-31T05:00:00Z"),
        ] {
            files.push((
                PathBuf::from(format!("content/articles/2024/{slug}.md")),
                format!("---\ntitle: \"{slug}\"\nslug: {slug}\ndate: {at}\n---\n\nVăn bản.\n")
                    .into_bytes(),
            ));
        }
        let (report, built) =
            crate::pipeline::check_files(files, crate::model::Audience::Public, false);
        assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
        let (site, _) = built.expect("the site builds");
        let order: Vec<&str> = site.articles.iter().map(|a| a.slug.as_str()).collect();
        let utc = order.iter().position(|s| *s == "sang-utc");
        let hanoi = order.iter().position(|s| *s == "sang-ha-noi");
        assert!(utc < hanoi, "{order:?}");
    }

    #[test]
    fn pages_are_the_same_whatever_the_number_of_threads() {
        let build = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .expect("a thread pool");
            pool.install(|| {
                let (report, built) = crate::pipeline::check_files(
                    big_site(120),
                    crate::model::Audience::Public,
                    false,
                );
                assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
                built.expect("the site builds").1
            })
        };
        let one = build(1);
        let four = build(4);
        assert!(one.len() > 150, "{} files", one.len());
        assert!(
            one.iter()
                .any(|f| f.path == "the/chung/trang/12/index.html"),
            "a tag of 120 bulletins has 12 pages"
        );
        assert!(one == four, "a page differs between 1 and 4 threads");
    }

    const BASE: &str = "https://example.org/";

    fn some_page_urls(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| format!("{BASE}tin-tuc/ban-tin-{i}/"))
            .collect()
    }

    /// The `<loc>` of each entry of a sitemap file, checked to be well-formed XML whose root is
    /// `root` in the sitemap namespace, with only `entry` elements in it.
    fn sitemap_locs(bytes: &[u8], root: &str, entry: &str) -> Vec<String> {
        let text = std::str::from_utf8(bytes).expect("UTF-8");
        let doc = roxmltree::Document::parse(text).expect("well-formed XML");
        let r = doc.root_element();
        assert_eq!(r.tag_name().name(), root, "{text}");
        assert_eq!(
            r.tag_name().namespace(),
            Some("http://www.sitemaps.org/schemas/sitemap/0.9")
        );
        r.children()
            .filter(|n| n.is_element())
            .map(|n| {
                assert_eq!(n.tag_name().name(), entry, "{text}");
                let loc = n.children().find(|c| c.has_tag_name("loc"));
                loc.and_then(|l| l.text()).expect("a <loc>").to_string()
            })
            .collect()
    }

    /// The files as (path, number of URLs), checked to be an index of urlsets that list `urls`
    /// once each, in order.
    fn check_sitemaps(files: &[super::OutputFile], urls: &[String]) -> Vec<(String, usize)> {
        let (index, children) = files.split_last().expect("files");
        assert_eq!(index.path, "sitemap.xml", "the index comes last");
        let listed = sitemap_locs(&index.bytes, "sitemapindex", "sitemap");
        let mut all = Vec::new();
        let mut out = Vec::new();
        for (n, (f, loc)) in children.iter().zip(&listed).enumerate() {
            assert_eq!(f.path, format!("sitemap-{}.xml", n + 1));
            assert_eq!(*loc, format!("{BASE}{}", f.path));
            let locs = sitemap_locs(&f.bytes, "urlset", "url");
            out.push((f.path.clone(), locs.len()));
            all.extend(locs);
        }
        assert_eq!(listed.len(), children.len(), "the index lists every file");
        assert_eq!(all, urls, "every URL once, in order");
        out
    }

    #[test]
    fn a_sitemap_of_more_urls_than_the_limit_becomes_an_index() {
        let tera = build_tera(&[]).expect("built-in templates");
        let urls = some_page_urls(7);
        let limits = SitemapLimits {
            urls: 3,
            bytes: usize::MAX,
        };
        let files = render_sitemaps(&tera, BASE, &urls, limits).expect("rendered");
        let sizes = check_sitemaps(&files, &urls);
        assert_eq!(
            sizes,
            [
                ("sitemap-1.xml".to_string(), 3),
                ("sitemap-2.xml".to_string(), 3),
                ("sitemap-3.xml".to_string(), 1)
            ]
        );
    }

    #[test]
    fn a_sitemap_within_the_limit_is_one_urlset() {
        let tera = build_tera(&[]).expect("built-in templates");
        for n in [1, 7] {
            let urls = some_page_urls(n);
            let limits = SitemapLimits {
                urls: 7,
                bytes: usize::MAX,
            };
            let files = render_sitemaps(&tera, BASE, &urls, limits).expect("rendered");
            assert_eq!(files.len(), 1);
            assert_eq!(files[0].path, "sitemap.xml");
            assert_eq!(sitemap_locs(&files[0].bytes, "urlset", "url"), urls);
        }
    }

    #[test]
    fn no_sitemap_file_is_bigger_than_the_limit() {
        let tera = build_tera(&[]).expect("built-in templates");
        let urls = some_page_urls(7);
        let one =
            |urls: &[String], limits| render_sitemaps(&tera, BASE, urls, limits).expect("rendered");
        let unlimited = SitemapLimits {
            urls: 100,
            bytes: usize::MAX,
        };
        // Room for 3 URLs: the 7 are halved (3 + 4), then the second half again (2 + 2).
        let bytes = one(&urls[..3], unlimited)[0].bytes.len();
        let files = one(&urls, SitemapLimits { urls: 100, bytes });
        let sizes = check_sitemaps(&files, &urls);
        assert_eq!(sizes.iter().map(|s| s.1).collect::<Vec<_>>(), [3, 2, 2]);
        assert!(files[..3].iter().all(|f| f.bytes.len() <= bytes));
        // A single URL bigger than the limit still gets its file.
        let files = one(
            &urls,
            SitemapLimits {
                urls: 100,
                bytes: 1,
            },
        );
        assert_eq!(check_sitemaps(&files, &urls).len(), 7);
    }

    /// The files of a site built in memory from `files`, which must have no error.
    fn built(files: Vec<(PathBuf, Vec<u8>)>) -> Vec<super::OutputFile> {
        let (report, built) =
            crate::pipeline::check_files(files, crate::model::Audience::Public, false);
        assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
        built.expect("the site builds").1
    }

    fn text_of<'f>(files: &'f [super::OutputFile], path: &str) -> &'f str {
        let f = files.iter().find(|f| f.path == path).expect(path);
        std::str::from_utf8(&f.bytes).expect("UTF-8")
    }

    #[test]
    fn the_feed_has_the_newest_bulletins_only() {
        let files = built(big_site(120));
        let atom = text_of(&files, "atom.xml");
        let doc = roxmltree::Document::parse(atom).expect("well-formed XML");
        let field = |e: roxmltree::Node, name: &str| {
            e.children()
                .find(|c| c.has_tag_name(name))
                .and_then(|c| c.text())
                .expect(name)
                .to_string()
        };
        let entries: Vec<(String, String)> = doc
            .root_element()
            .children()
            .filter(|n| n.has_tag_name("entry"))
            .map(|e| (field(e, "updated"), field(e, "id")))
            .collect();
        assert_eq!(entries.len(), super::FEED_ENTRIES);
        assert!(entries.windows(2).all(|w| w[0].0 >= w[1].0), "newest first");
        // Every bulletin left out is no newer than the oldest entry.
        let oldest = &entries.last().expect("entries").0;
        let shown: HashSet<&str> = entries.iter().map(|e| e.1.as_str()).collect();
        let mut left_out = 0;
        for i in 0..120 {
            let url = format!("https://thads.backan.example.vn/tin-tuc/ban-tin-so-{i}/");
            if !shown.contains(url.as_str()) {
                left_out += 1;
                let page = text_of(&files, &format!("tin-tuc/ban-tin-so-{i}/index.html"));
                let date = page.split("<time datetime=\"").nth(1).expect("a date");
                assert!(date[..10] <= oldest[..10], "{url} is newer than the feed");
            }
        }
        assert_eq!(shown.len(), super::FEED_ENTRIES, "each entry once");
        assert!(left_out >= 120 - super::FEED_ENTRIES);
    }

    #[test]
    fn the_briefing_shows_the_latest_directives_and_cases_only() {
        let mut files = big_site(0);
        // 12 plans of 2022: odd ones implement 12-CT/TU (2021), even ones the plan before.
        let mut directives = String::new();
        for k in 1..=12 {
            let implements = if k % 2 == 1 {
                "12-CT/TU".to_string()
            } else {
                format!("{}/KH-UBND", k - 1)
            };
            directives.push_str(&format!(
                "- number: \"{k}/KH-UBND\"\n  date: 01/{k:02}/2022\n  issuer: \"UBND huyện\"\n  title: \"Kế hoạch thứ {k}\"\n  implements: [\"{implements}\"]\n"
            ));
        }
        files.push((
            PathBuf::from("content/directives/more.yaml"),
            directives.into_bytes(),
        ));
        // 10 cases resolved in 2010…2019, older than the fixture's (2023).
        let mut cases = String::new();
        for k in 0..10 {
            cases.push_str(&format!(
                "- id: vu-them-{k}\n  title: \"Vụ thêm {k}\"\n  unit: cho-don\n  resolved: {}\n",
                2010 + k
            ));
        }
        files.push((PathBuf::from("content/cases/more.yaml"), cases.into_bytes()));
        let files = built(files);
        let page = text_of(&files, "bao-cao/index.html");
        let timeline = &page[page.find("<ol class=\"timeline\">").expect("a timeline")..];
        let timeline = &timeline[..timeline.find("</section>").expect("its section")];
        assert_eq!(timeline.matches("<li class=\"timeline-item\">").count(), 8);
        for k in 1..=12 {
            let link = format!("van-ban/{k}-kh-ubnd-2022/");
            assert_eq!(timeline.contains(&link), k > 4, "{link}");
        }
        // Plans 5, 7, 9 and 11 are roots, naming what they implement; each nests the next plan.
        assert_eq!(
            timeline
                .matches(" · thực hiện <a href=\"../van-ban/12-ct-tu-2021/\">chỉ thị 12-CT/TU</a>")
                .count(),
            4
        );
        assert_eq!(timeline.matches("<ol class=\"implements\"").count(), 4);
        assert!(timeline.contains("… và 6 văn bản khác — <a href=\"../van-ban/\">"));
        let cases = &page[page.find("6. Vụ việc").expect("cases")..];
        assert_eq!(cases.matches("<article class=\"case-card\">").count(), 6);
        for k in 0..10 {
            let link = format!("vu-viec/vu-them-{k}/");
            assert_eq!(cases.contains(&link), k >= 5, "{link}");
        }
        assert!(cases.contains("vu-viec/vu-bang-lung-2023/"));
        assert!(cases.contains("… và 5 vụ việc khác — <a href=\"../vu-viec/\">"));
        // The full lists are still whole.
        let all = text_of(&files, "van-ban/index.html");
        assert!((1..=12).all(|k| all.contains(&format!("van-ban/{k}-kh-ubnd-2022/"))));
        assert!(!all.contains(" · thực hiện "), "nothing is left out there");
    }

    #[test]
    fn bytes_are_replaced_everywhere_and_kept_when_absent() {
        use super::replace_bytes;
        assert_eq!(
            replace_bytes(b"a@@b@@".to_vec(), b"@@", b"../"),
            b"a../b../"
        );
        assert_eq!(replace_bytes(b"@@".to_vec(), b"@@", b""), b"");
        assert_eq!(replace_bytes(b"plain".to_vec(), b"@@", b"x"), b"plain");
        assert_eq!(replace_bytes(b"@@@@x@@".to_vec(), b"@@", b"."), b"..x.");
    }

    proptest::proptest! {
        /// In place (a replacement no longer than the marker) or by copy, the same as
        /// replacing the text.
        #[test]
        fn bytes_are_replaced_like_text(
            text in "[ab@]{0,40}",
            from in "[ab@]{1,4}",
            to in "[ab.]{0,6}",
        ) {
            let got = super::replace_bytes(text.clone().into_bytes(), from.as_bytes(), to.as_bytes());
            proptest::prop_assert_eq!(String::from_utf8(got).unwrap(), text.replace(&from, &to));
        }
    }

    #[test]
    fn archive_links_name_index_files() {
        let html = r##"<a href="../">x</a><a href="tin-tuc/a/#top">y</a><a href="https://e.org/">z</a><a href="style.css">s</a><a href="#m">m</a><a href="./">h</a>"##;
        assert_eq!(
            links_to_index_files(html),
            r##"<a href="../index.html">x</a><a href="tin-tuc/a/index.html#top">y</a><a href="https://e.org/">z</a><a href="style.css">s</a><a href="#m">m</a><a href="./index.html">h</a>"##
        );
    }

    #[test]
    fn pagination_links_a_window_of_pages() {
        let shown = |current, total| {
            pagination(current, total, |n| n.to_string())
                .pages
                .iter()
                .map(|p| format!("{}{}", if p.gap_before { "… " } else { "" }, p.n))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(shown(1, 1), "1");
        assert_eq!(shown(2, 3), "1 2 3");
        assert_eq!(shown(1, 1000), "1 2 3 … 1000");
        assert_eq!(shown(500, 1000), "1 … 498 499 500 501 502 … 1000");
        assert_eq!(shown(4, 6), "1 2 3 4 5 6");
        assert_eq!(shown(999, 1000), "1 … 997 998 999 1000");
    }
}

#[derive(Serialize)]
struct PageLink {
    n: usize,
    url: String,
    current: bool,
    /// Pages are left out between the previous link and this one (shown as "…").
    gap_before: bool,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

/// Links from page `current` of `total`: the first and last pages and the two on either side of
/// the current one, so that a list of 10⁴ pages does not link every page from every page.
fn pagination(current: usize, total: usize, url: impl Fn(usize) -> String) -> Pagination {
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
