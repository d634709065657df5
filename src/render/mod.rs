//! Render: the model and the templates → every output file, in memory. No disk I/O here; bad
//! data was caught by `validate`, so only a broken (site) template can fail.

pub mod views;

use std::collections::BTreeMap;

use include_dir::{Dir, include_dir};
use serde::Serialize;
use tera::{Context, Tera};

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

/// A chart as templates receive it: the inline SVG, its standalone file and the same numbers as a table.
#[derive(Serialize, Clone)]
struct ChartView {
    svg: String,
    title: String,
    desc: String,
    /// The standalone SVG under `bieu-do/`.
    url: String,
    kind: &'static str,
    rows: Vec<YearView>,
}

/// Folder of the standalone chart files.
const CHART_DIR: &str = "bieu-do/";

/// Renders pages: one Tera, shared data computed once.
struct Renderer<'a> {
    site: &'a Site,
    tera: Tera,
    site_view: SiteView<'a>,
    options: &'a RenderOptions,
    out: Vec<OutputFile>,
    errors: Vec<Diagnostic>,
    sources: TemplateSources,
    /// Every chart drawn, by file name: each is drawn once and written once under `bieu-do/`.
    charts: BTreeMap<String, Chart>,
}

/// Render the whole site.
pub fn render_site(
    site: &Site,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let (tera, sources) = build_tera_with_sources(&site.templates)?;
    let mut r = Renderer {
        site,
        tera,
        site_view: SiteView {
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
        },
        options,
        out: Vec::new(),
        errors: Vec::new(),
        sources,
        charts: BTreeMap::new(),
    };
    r.render_all();
    if !r.errors.is_empty() {
        return Err(r.errors);
    }
    let mut out = r.out;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

impl<'a> Renderer<'a> {
    fn render_all(&mut self) {
        let site = self.site;
        self.home();
        self.articles();
        self.stats();
        self.directives();
        self.cases();
        self.units();
        self.tags();
        self.briefing();
        self.not_found();
        self.feeds();
        self.search();
        for (name, chart) in std::mem::take(&mut self.charts) {
            self.out.push(OutputFile {
                path: format!("{CHART_DIR}{name}"),
                bytes: chart.svg.into_bytes(),
            });
        }
        let mut statics = Vec::new();
        theme_static(&THEME, &mut statics);
        for (rel, bytes) in statics {
            if !site.static_files.iter().any(|f| f.rel == rel) {
                self.out.push(OutputFile { path: rel, bytes });
            }
        }
        for f in &site.static_files {
            self.out.push(OutputFile {
                path: f.rel.clone(),
                bytes: f.bytes.clone(),
            });
        }
    }

    /// Render `template` for page `url`, with the common context plus `ctx`.
    fn page(&mut self, template: &str, url: &str, section: &str, title: &str, ctx: Context) {
        let root = urls::root_prefix(url);
        self.page_with_root(template, url, &root, section, title, ctx);
    }

    /// Render a page whose links start with `root` (relative for every page but 404.html).
    fn page_with_root(
        &mut self,
        template: &str,
        url: &str,
        root: &str,
        section: &str,
        title: &str,
        mut ctx: Context,
    ) {
        ctx.insert("site", &self.site_view);
        ctx.insert("root", &root);
        ctx.insert("page_url", url);
        ctx.insert("page_title", title);
        ctx.insert("section", section);
        let nav: Vec<NavItem> = NAV
            .iter()
            .map(|(key, u, label)| NavItem {
                url: u,
                label,
                current: *key == section,
            })
            .collect();
        ctx.insert("nav", &nav);
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
        match self.tera.render(template, &ctx) {
            Ok(html) => {
                let mut html = html.replace(ROOT_MARKER, root);
                if self.options.archive_date.is_some() {
                    html = links_to_index_files(&html);
                }
                self.out.push(OutputFile {
                    path: urls::output_path(url),
                    bytes: html.into_bytes(),
                });
            }
            Err(e) => {
                if self.errors.len() < 20 {
                    self.errors.push(template_diagnostic(&e, &self.sources));
                }
            }
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

    fn unit_years(&self, unit: &str) -> Vec<YearView> {
        self.site
            .unit_stats(unit)
            .map(|s| year_view(self.site, s))
            .collect()
    }

    fn home(&mut self) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("years", &Vec::<YearView>::new());
        if let Some(u) = self.lead_unit() {
            ctx.insert("lead", &unit_view(site, u));
            ctx.insert("key", &self.latest_year(&u.id).map(|s| year_view(site, s)));
            ctx.insert("years", &self.unit_years(&u.id));
            let charts = self.unit_charts(&u.id);
            ctx.insert("chart", &charts.into_iter().next());
        }
        let latest: Vec<ArticleCard> = site
            .articles
            .iter()
            .take(5)
            .map(|a| article_card(site, a))
            .collect();
        ctx.insert("articles", &latest);
        let mut newest: Vec<DirectiveRef> = site
            .directives
            .iter()
            .rev()
            .take(5)
            .map(directive_ref)
            .collect();
        newest.truncate(5);
        ctx.insert("directives", &newest);
        let cases: Vec<CaseView> = sorted_cases(site)
            .into_iter()
            .take(6)
            .map(|c| case_view(site, c))
            .collect();
        ctx.insert("cases", &cases);
        self.page(
            "index.html",
            urls::HOME,
            "home",
            &site.config.title.clone(),
            ctx,
        );
    }

    fn articles(&mut self) {
        let site = self.site;
        let cards: Vec<ArticleCard> = site
            .articles
            .iter()
            .map(|a| article_card(site, a))
            .collect();
        let pages_n = pages::page_count(cards.len());
        for n in 1..=pages_n {
            let url = urls::articles_page(n);
            let slice =
                &cards[((n - 1) * PER_PAGE).min(cards.len())..(n * PER_PAGE).min(cards.len())];
            let mut ctx = Context::new();
            ctx.insert("articles", slice);
            ctx.insert("pagination", &pagination(n, pages_n));
            let title = if n == 1 {
                "Tin tức".to_string()
            } else {
                format!("Tin tức – trang {n}")
            };
            self.page("articles.html", &url, "articles", &title, ctx);
        }
        for a in &site.articles {
            let mut body = a.body_html.clone();
            for (i, spec) in a.charts.iter().enumerate() {
                let html = self.chart_html(spec);
                body = body.replace(&chart_marker(i), &html);
            }
            let mut ctx = Context::new();
            ctx.insert("article", &article_card(site, a));
            ctx.insert("body_html", &body);
            let dirs: Vec<DirectiveRef> = a
                .directives
                .iter()
                .filter_map(|d| site.directive(d))
                .map(directive_ref)
                .collect();
            ctx.insert("directives", &dirs);
            let cases: Vec<CaseView> = a
                .cases
                .iter()
                .filter_map(|c| site.case(c))
                .map(|c| case_view(site, c))
                .collect();
            ctx.insert("cases", &cases);
            ctx.insert("internal", &a.internal.iter().collect::<Vec<_>>());
            self.page(
                "article.html",
                &urls::article(&a.slug),
                "articles",
                &a.title,
                ctx,
            );
        }
    }

    /// Draw a chart (once per spec) and describe it for templates.
    fn chart(&mut self, spec: &ChartSpec) -> ChartView {
        let site = self.site;
        let rows: Vec<YearView> = chart_rows(site, spec)
            .into_iter()
            .map(|s| year_view(site, s))
            .collect();
        let drawn = charts::render_chart(spec, site);
        let view = ChartView {
            svg: drawn.svg.clone(),
            title: drawn.title.clone(),
            desc: drawn.desc.clone(),
            url: format!("{CHART_DIR}{}", drawn.file_name),
            kind: match spec.kind {
                ChartKind::Yearly => "yearly",
                ChartKind::Compare => "compare",
                ChartKind::Counts => "counts",
            },
            rows,
        };
        self.charts.entry(drawn.file_name.clone()).or_insert(drawn);
        view
    }

    /// The charts of one unit's page: its rates against targets, and its counts when it has any.
    fn unit_charts(&mut self, unit: &str) -> Vec<ChartView> {
        let site = self.site;
        let years: Vec<&YearStats> = site.unit_stats(unit).filter(|s| s.months == 12).collect();
        let mut out = Vec::new();
        if years
            .iter()
            .any(|s| s.cases.rate.value().is_some() || s.money.rate.value().is_some())
        {
            out.push(self.chart(&ChartSpec {
                kind: ChartKind::Yearly,
                units: vec![unit.to_string()],
                year: None,
                years: None,
                title: None,
            }));
        }
        if years
            .iter()
            .any(|s| s.cases.completed.is_some() || s.money.completed.is_some())
        {
            out.push(self.chart(&ChartSpec {
                kind: ChartKind::Counts,
                units: vec![unit.to_string()],
                year: None,
                years: None,
                title: None,
            }));
        }
        out
    }

    /// The comparison chart of one parent's units in one year.
    fn compare_chart(&mut self, c: &ComparisonView, units: Vec<String>) -> ChartView {
        self.chart(&ChartSpec {
            kind: ChartKind::Compare,
            units,
            year: Some(c.year),
            years: None,
            title: Some(format!(
                "{} – các đơn vị thuộc {}",
                c.label, c.parent.short_name
            )),
        })
    }

    /// A chart embedded in an article (its links are made relative when the page is rendered).
    fn chart_html(&mut self, spec: &ChartSpec) -> String {
        let mut ctx = Context::new();
        ctx.insert("chart", &self.chart(spec));
        ctx.insert("root", ROOT_MARKER);
        match self.tera.render("partials/chart.html", &ctx) {
            Ok(h) => h,
            Err(e) => {
                self.errors.push(template_diagnostic(&e, &self.sources));
                String::new()
            }
        }
    }

    fn stats(&mut self) {
        let site = self.site;
        let mut ctx = Context::new();
        #[derive(Serialize)]
        struct Section {
            comparison: ComparisonView,
            chart: Option<ChartView>,
        }
        let sections: Vec<Section> = comparisons(site)
            .into_iter()
            .map(|c| {
                // A comparison of one unit says nothing a chart could add.
                let chart =
                    (c.unit_ids.len() > 1).then(|| self.compare_chart(&c, c.unit_ids.clone()));
                Section {
                    comparison: c,
                    chart,
                }
            })
            .collect();
        ctx.insert("sections", &sections);
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
        );
        for u in &site.units {
            if site.unit_stats(&u.id).next().is_none() {
                continue;
            }
            let mut ctx = Context::new();
            ctx.insert("unit", &unit_view(site, u));
            ctx.insert("years", &self.unit_years(&u.id));
            ctx.insert("charts", &self.unit_charts(&u.id));
            let title = format!("Kết quả thi hành án – {}", u.short_name);
            self.page(
                "stats_unit.html",
                &urls::stats_unit(&u.id),
                "stats",
                &title,
                ctx,
            );
        }
    }

    fn directives(&mut self) {
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
        );
        for d in &site.directives {
            let mut ctx = Context::new();
            ctx.insert("directive", &directive_view(site, d));
            let articles: Vec<ArticleCard> = site
                .articles
                .iter()
                .filter(|a| {
                    a.directives.contains(&d.id)
                        || a.body_html
                            .contains(&format!("{}\"", urls::directive(&d.id)))
                })
                .map(|a| article_card(site, a))
                .collect();
            ctx.insert("articles", &articles);
            let cases: Vec<CaseView> = site
                .cases
                .iter()
                .filter(|c| c.directives.contains(&d.id))
                .map(|c| case_view(site, c))
                .collect();
            ctx.insert("cases", &cases);
            let title = format!("{} {}", d.kind.as_deref().unwrap_or("Văn bản"), d.number);
            self.page(
                "directive.html",
                &urls::directive(&d.id),
                "directives",
                &title,
                ctx,
            );
        }
    }

    fn cases(&mut self) {
        let site = self.site;
        let mut ctx = Context::new();
        let cases: Vec<CaseView> = sorted_cases(site)
            .into_iter()
            .map(|c| case_view(site, c))
            .collect();
        ctx.insert("cases", &cases);
        self.page("cases.html", urls::CASES, "cases", "Vụ việc tiêu biểu", ctx);
        for c in &site.cases {
            let mut ctx = Context::new();
            let view = case_view(site, c);
            let title = view.title.clone();
            ctx.insert("case", &view);
            let articles: Vec<ArticleCard> = site
                .articles
                .iter()
                .filter(|a| a.cases.contains(&c.id))
                .map(|a| article_card(site, a))
                .collect();
            ctx.insert("articles", &articles);
            self.page("case.html", &urls::case(&c.id), "cases", &title, ctx);
        }
    }

    fn units(&mut self) {
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
        self.page("units.html", urls::UNITS, "units", "Đơn vị", ctx);
        for u in &site.units {
            let mut ctx = Context::new();
            ctx.insert("unit", &unit_view(site, u));
            ctx.insert("years", &self.unit_years(&u.id));
            ctx.insert("key", &self.latest_year(&u.id).map(|s| year_view(site, s)));
            let charts = self.unit_charts(&u.id);
            ctx.insert("chart", &charts.into_iter().next());
            let dirs: Vec<DirectiveRef> = site
                .directives
                .iter()
                .filter(|d| d.unit.as_deref() == Some(&u.id))
                .map(directive_ref)
                .collect();
            ctx.insert("directives", &dirs);
            let cases: Vec<CaseView> = site
                .cases
                .iter()
                .filter(|c| c.unit.as_deref() == Some(&u.id))
                .map(|c| case_view(site, c))
                .collect();
            ctx.insert("cases", &cases);
            let articles: Vec<ArticleCard> = site
                .articles
                .iter()
                .filter(|a| a.unit.as_deref() == Some(&u.id))
                .map(|a| article_card(site, a))
                .collect();
            ctx.insert("articles", &articles);
            self.page("unit.html", &urls::unit(&u.id), "units", &u.name, ctx);
        }
    }

    fn tags(&mut self) {
        let site = self.site;
        let mut tags: BTreeMap<String, (String, Vec<ArticleCard>)> = BTreeMap::new();
        for a in &site.articles {
            for t in &a.tags {
                tags.entry(t.slug.clone())
                    .or_insert_with(|| (t.name.clone(), Vec::new()))
                    .1
                    .push(article_card(site, a));
            }
        }
        #[derive(Serialize)]
        struct TagEntry {
            name: String,
            url: String,
            count: usize,
        }
        let mut list: Vec<TagEntry> = tags
            .iter()
            .map(|(slug, (name, cards))| TagEntry {
                name: name.clone(),
                url: urls::tag(slug),
                count: cards.len(),
            })
            .collect();
        list.sort_by(|a, b| text::vi_cmp(&a.name, &b.name));
        let mut ctx = Context::new();
        ctx.insert("tags", &list);
        self.page("tags.html", urls::TAGS, "articles", "Chủ đề", ctx);
        for (slug, (name, cards)) in tags {
            let mut ctx = Context::new();
            ctx.insert("tag", &name);
            ctx.insert("articles", &cards);
            self.page(
                "tag.html",
                &urls::tag(&slug),
                "articles",
                &format!("Chủ đề: {name}"),
                ctx,
            );
        }
    }

    fn briefing(&mut self) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("years", &Vec::<YearView>::new());
        if let Some(u) = self.lead_unit() {
            ctx.insert("lead", &unit_view(site, u));
            ctx.insert("key", &self.latest_year(&u.id).map(|s| year_view(site, s)));
            ctx.insert("years", &self.unit_years(&u.id));
            let charts = self.unit_charts(&u.id);
            ctx.insert("chart", &charts.into_iter().next());
            if let Some(latest) = self.latest_year(&u.id)
                && let Some(c) = comparisons(site)
                    .into_iter()
                    .find(|c| c.year == latest.year && c.unit_ids.contains(&u.id))
            {
                ctx.insert("compare_chart", &self.compare_chart(&c, c.unit_ids.clone()));
                ctx.insert("comparison", &c);
            }
        }
        ctx.insert("timeline", &timeline(site));
        let cases: Vec<CaseView> = sorted_cases(site)
            .into_iter()
            .map(|c| case_view(site, c))
            .collect();
        ctx.insert("cases", &cases);
        let latest: Vec<ArticleCard> = site
            .articles
            .iter()
            .take(5)
            .map(|a| article_card(site, a))
            .collect();
        ctx.insert("articles", &latest);
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
        );
    }

    fn search(&mut self) {
        self.page(
            "search.html",
            urls::SEARCH,
            "search",
            "Tìm kiếm",
            Context::new(),
        );
        self.out.push(OutputFile {
            path: "search-index.js".into(),
            bytes: crate::search::index_js(self.site).into_bytes(),
        });
    }

    fn not_found(&mut self) {
        // Served from any depth by a web server: links use absolute paths from base_url's path.
        let mut ctx = Context::new();
        let base_path = self
            .site
            .config
            .base_url
            .as_deref()
            .and_then(|b| b.splitn(4, '/').nth(3).map(|p| format!("/{p}")))
            .unwrap_or_else(|| "/".to_string());
        ctx.insert("base_path", &base_path.clone());
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
        );
    }

    fn feeds(&mut self) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("base_url", &site.config.base_url);
        self.raw("robots.txt", ctx);
        let Some(base) = site.config.base_url.clone() else {
            return; // feeds and sitemaps need absolute URLs
        };
        #[derive(Serialize)]
        struct FeedEntry {
            title: String,
            url: String,
            updated: String,
            summary: String,
            author: Option<String>,
        }
        let entries: Vec<FeedEntry> = site
            .articles
            .iter()
            .map(|a| FeedEntry {
                title: a.title.clone(),
                url: format!("{base}{}", urls::article(&a.slug)),
                updated: a.timestamp.clone(),
                summary: a
                    .summary
                    .clone()
                    .unwrap_or_else(|| excerpt(&a.plain_text, 300)),
                author: a.author.clone(),
            })
            .collect();
        let updated = site
            .articles
            .iter()
            .map(|a| a.timestamp.clone())
            .max()
            .unwrap_or_else(|| "2000-01-01T00:00:00+07:00".into());
        let mut ctx = Context::new();
        ctx.insert("entries", &entries);
        ctx.insert("updated", &updated);
        ctx.insert("base_url", &base);
        ctx.insert("site", &self.site_view);
        self.raw("atom.xml", ctx);
        let mut ctx = Context::new();
        let page_urls: Vec<String> = pages::page_urls(site)
            .into_iter()
            .map(|u| format!("{base}{u}"))
            .collect();
        ctx.insert("urls", &page_urls);
        self.raw("sitemap.xml", ctx);
    }

    fn raw(&mut self, template: &str, ctx: Context) {
        match self.tera.render(template, &ctx) {
            Ok(t) => self.out.push(OutputFile {
                path: template.to_string(),
                bytes: t.into_bytes(),
            }),
            Err(e) => self.errors.push(template_diagnostic(&e, &self.sources)),
        }
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
fn sorted_cases(site: &Site) -> Vec<&Case> {
    let mut cases: Vec<&Case> = site.cases.iter().collect();
    cases.sort_by(|a, b| match (&a.party, &b.party) {
        (Some(x), Some(y)) => text::person_name_cmp(x, y),
        _ => text::vi_cmp(&a.title, &b.title),
    });
    cases
}

#[cfg(test)]
mod tests {
    use super::links_to_index_files;

    #[test]
    fn archive_links_name_index_files() {
        let html = r##"<a href="../">x</a><a href="tin-tuc/a/#top">y</a><a href="https://e.org/">z</a><a href="style.css">s</a><a href="#m">m</a><a href="./">h</a>"##;
        assert_eq!(
            links_to_index_files(html),
            r##"<a href="../index.html">x</a><a href="tin-tuc/a/index.html#top">y</a><a href="https://e.org/">z</a><a href="style.css">s</a><a href="#m">m</a><a href="./index.html">h</a>"##
        );
    }
}

#[derive(Serialize)]
struct PageLink {
    n: usize,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

fn pagination(current: usize, total: usize) -> Pagination {
    Pagination {
        current,
        total,
        prev: (current > 1).then(|| urls::articles_page(current - 1)),
        next: (current < total).then(|| urls::articles_page(current + 1)),
        pages: (1..=total)
            .map(|n| PageLink {
                n,
                url: urls::articles_page(n),
                current: n == current,
            })
            .collect(),
    }
}

/// The unit-years a chart shows.
pub fn chart_rows<'s>(site: &'s Site, spec: &ChartSpec) -> Vec<&'s YearStats> {
    match spec.kind {
        ChartKind::Yearly | ChartKind::Counts => site
            .unit_stats(&spec.units[0])
            .filter(|s| s.months == 12)
            .filter(|s| spec.years.is_none_or(|(a, b)| s.year >= a && s.year <= b))
            .collect(),
        ChartKind::Compare => {
            let mut rows: Vec<&YearStats> = site
                .stats
                .iter()
                .filter(|s| {
                    spec.units.contains(&s.unit) && Some(s.year) == spec.year && s.months == 12
                })
                .collect();
            rows.sort_by(|a, b| {
                let (ra, rb) = (
                    a.cases.rate.value().unwrap_or(-1.0),
                    b.cases.rate.value().unwrap_or(-1.0),
                );
                rb.total_cmp(&ra).then_with(|| a.unit.cmp(&b.unit))
            });
            rows
        }
    }
}
