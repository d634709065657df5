//! The Markdown of the records (bulletins, directive summaries, case commendations), rendered
//! once every page of the site is known: links to pages and files of the site checked and made
//! relative, directive numbers linked, charts in bulletins checked (SPEC §3.6).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;

use super::charts::{self, ChartData};
use super::fields::Diags;
use super::photos::PhotoTable;
use super::records::DirectiveIndex;
use super::select::Records;
use crate::diag::{Diagnostic, Pos, Severity};
use crate::markdown::{self, MarkdownEnv, MdProblem};
use crate::model::*;
use crate::pages;
use crate::source::SourceMap;
use crate::text;
use crate::text::labels::DirectiveLabels;
use crate::urls;

/// What Markdown texts are rendered against: the site's page addresses (for `/` links) and its
/// directives (for links made from the numbers in the text).
struct MdSite<'s> {
    paths: &'s HashSet<String>,
    index: DirectiveIndex,
    /// What a link to each directive shows, by id (the first of each id; ids are unique once
    /// validated). Owned, so that the records can be given their HTML while this is in use.
    by_id: HashMap<String, DirectiveLink>,
    /// How a link to a directive is titled.
    labels: &'s DirectiveLabels,
    /// The photos of `static/`, probed as texts show them.
    photos: &'s PhotoTable<'s>,
}

/// What a link made from a directive's number says about the directive.
struct DirectiveLink {
    id: String,
    number: String,
    kind: Option<String>,
    date: jiff::civil::Date,
}

impl<'s> MdSite<'s> {
    fn new(
        site_paths: &'s HashSet<String>,
        directives: &[Directive],
        labels: &'s DirectiveLabels,
        photos: &'s PhotoTable<'s>,
    ) -> Self {
        let mut by_id: HashMap<String, DirectiveLink> = HashMap::new();
        for x in directives {
            by_id.entry(x.id.clone()).or_insert_with(|| DirectiveLink {
                id: x.id.clone(),
                number: x.number.clone(),
                kind: x.kind.clone(),
                date: x.date,
            });
        }
        MdSite {
            paths: site_paths,
            index: DirectiveIndex::new(directives),
            by_id,
            labels,
            photos,
        }
    }

    /// A `/` link as the page it names, relative to the root marker.
    fn resolve_root_path(&self, p: &str) -> Option<String> {
        let rel = p.trim_start_matches('/');
        let candidates = [
            rel.to_string(),
            format!("{rel}/"),
            rel.trim_end_matches("index.html").to_string(),
        ];
        candidates
            .into_iter()
            .find(|c| self.paths.contains(c))
            .map(|c| format!("{ROOT_MARKER}{c}"))
    }

    /// Links for the directive numbers in `t`: to directives issued by `limit`, when given.
    fn autolinks(
        &self,
        t: &str,
        limit: Option<jiff::civil::Date>,
    ) -> Vec<(std::ops::Range<usize>, String, String)> {
        crate::docnum::find_doc_numbers(t)
            .into_iter()
            .filter_map(|(range, doc)| {
                let ids = self.index.ids_for(&doc)?;
                // A repeated party number: the latest one issued before the text was written.
                let candidates = ids.iter().filter_map(|(_, id)| self.by_id.get(id.as_str()));
                let dir = candidates
                    .filter(|x| limit.is_none_or(|l| x.date <= l))
                    .max_by_key(|x| x.date)?;
                let title = self.labels.link_title(
                    dir.kind.as_deref().unwrap_or(self.labels.kind()),
                    &dir.number,
                    text::format_date(dir.date),
                );
                Some((
                    range,
                    format!("{ROOT_MARKER}{}", urls::directive(&dir.id)),
                    title,
                ))
            })
            .collect()
    }

    /// An article's HTML, plain text, charts and problems (charts are allowed in articles,
    /// checked against `data`).
    fn article(&self, a: &Article, data: &dyn ChartData) -> ArticleMarkdown {
        let mut charts_found: Vec<ChartSpec> = Vec::new();
        let mut chart_diags = Diags::default();
        let html = {
            let cell = std::cell::RefCell::new((&mut charts_found, &mut chart_diags));
            let render_chart = |body: &str, line: u32| -> Result<String, MdProblem> {
                let mut guard = cell.borrow_mut();
                let (found, cd) = &mut *guard;
                match charts::chart_from_yaml(&a.file, body, line, data, cd) {
                    Some(spec) => {
                        found.push(spec);
                        Ok(chart_marker(found.len() - 1))
                    }
                    None => Err(MdProblem {
                        line,
                        col: 1,
                        message: String::new(),
                        hint: None,
                        is_warning: true,
                    }),
                }
            };
            let autolinks = |t: &str| self.autolinks(t, Some(a.date));
            let resolve = |p: &str| self.resolve_root_path(p);
            let photo = |p: &str| self.photos.lookup(p);
            let prefix = format!("fn-{}-", a.slug);
            let env = MarkdownEnv {
                first_line: a.body_line,
                column_offset: 0,
                footnote_prefix: &prefix,
                resolve_root_path: &resolve,
                find_autolinks: &autolinks,
                render_chart: &render_chart,
                resolve_photo: Some(&photo),
            };
            markdown::render_markdown(&a.body_md, &env)
        };
        let mut diags = chart_diags;
        push_problems(&mut diags, &a.file, &html.problems);
        let linked = linked_directives(&html.html, &|id| self.by_id.contains_key(id));
        ArticleMarkdown {
            html: html.html,
            first_image: html.first_image,
            plain_text: html.plain_text,
            charts: charts_found,
            linked_directives: linked,
            diags: diags.list,
        }
    }
}

/// The directives whose page an article's HTML links to: every `van-ban/<id>/"` in it.
fn linked_directives(html: &str, is_directive: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    for at in memchr::memmem::find_iter(html.as_bytes(), urls::DIRECTIVES) {
        let rest = &html[at + urls::DIRECTIVES.len()..];
        let Some(end) = rest.find('"') else { break };
        if let Some(id) = rest[..end].strip_suffix('/')
            && is_directive(id)
        {
            out.push(id.to_string());
        }
    }
    out
}

/// An article's Markdown, rendered and checked.
struct ArticleMarkdown {
    html: String,
    first_image: Option<String>,
    plain_text: String,
    charts: Vec<ChartSpec>,
    linked_directives: Vec<String>,
    diags: Vec<Diagnostic>,
}

impl ArticleMarkdown {
    fn apply(self, a: &mut Article, d: &mut Diags) {
        d.list.extend(self.diags);
        a.body_html = self.html;
        a.first_image = self.first_image;
        a.plain_text = self.plain_text;
        a.charts = self.charts;
        a.linked_directives = self.linked_directives;
    }
}

/// Every page address of the site and its static files, as `/` links may name them.
fn link_targets(records: &Records, static_files: &[StaticFile], briefing: bool) -> HashSet<String> {
    let mut paths: HashSet<String> = pages::page_urls_of(pages::PageParts {
        units: &records.units,
        stats: &records.stats,
        directives: &records.directives,
        cases: &records.cases,
        articles: &records.articles,
        briefing,
    })
    .into_iter()
    .collect();
    for f in static_files {
        paths.insert(urls::static_file(&f.rel));
    }
    paths
}

/// Render the Markdown of these articles (edited, `serve`) with the checks of [`render`];
/// `targets` are the site's link targets, as [`render`] returned them.
pub fn render_articles(
    articles: &mut [Article],
    data: &dyn ChartData,
    directives: &[Directive],
    labels: &DirectiveLabels,
    targets: &HashSet<String>,
    photos: &PhotoTable,
    d: &mut Diags,
) {
    let md = MdSite::new(targets, directives, labels, photos);
    let outputs: Vec<_> = articles.iter().map(|a| md.article(a, data)).collect();
    for (a, out) in articles.iter_mut().zip(outputs) {
        out.apply(a, d);
    }
}

/// Render every Markdown text of the site, checking links, images and charts; returns the
/// addresses `/` links may name (pages and static files).
///
/// Texts are independent of each other: they are rendered in parallel, each into the record it
/// belongs to, and their problems are reported in the site's order, as if one after the other.
pub fn render(
    records: &mut Records,
    config: &SiteConfig,
    labels: &DirectiveLabels,
    static_files: &[StaticFile],
    sources: &SourceMap,
    audience: Audience,
    d: &mut Diags,
) -> (HashSet<String>, Vec<Photo>) {
    let briefing = audience == Audience::Internal || config.briefing.public;
    let targets = link_targets(records, static_files, briefing);
    let photos = PhotoTable::new(static_files);
    let md = MdSite::new(&targets, &records.directives, labels, &photos);
    let data = (config, &*records);
    let outputs: Vec<_> = records
        .articles
        .par_iter()
        .with_max_len(crate::PAR_BATCH)
        .map(|a| md.article(a, &data))
        .collect();
    for (a, out) in records.articles.iter_mut().zip(outputs) {
        out.apply(a, d);
    }
    let resolve_root_path = |p: &str| md.resolve_root_path(p);
    let resolve_photo = |p: &str| md.photos.lookup(p);

    // Directive summaries and case commendations: short texts shown on several pages.
    let no_chart = |_: &str, line: u32| -> Result<String, MdProblem> {
        Err(MdProblem {
            line,
            col: 1,
            message: "charts can only be embedded in articles".into(),
            hint: Some("put the chart in a bulletin under content/articles/".into()),
            is_warning: false,
        })
    };
    let autolinks = |t: &str| md.autolinks(t, None);
    let short = |text: &Option<MarkdownSource>, id: &str, file: &Path, diags: &mut Diags| {
        text.as_ref().map(|text| {
            // Columns in the file: after the value's indentation, and after its opening quote.
            let quoted = sources
                .get(file)
                .and_then(|src| src.line(text.line))
                .and_then(|l| l.chars().nth(text.col.saturating_sub(1) as usize))
                .is_some_and(|c| c == '"' || c == '\'');
            let column_offset = text.col.saturating_sub(1) + u32::from(quoted);
            let out = short_markdown(
                &text.text,
                (text.line, column_offset),
                id,
                &resolve_root_path,
                &autolinks,
                &no_chart,
                &resolve_photo,
            );
            push_problems(diags, file, &out.problems);
            out.html
        })
    };
    let (directives, cases) = (&mut records.directives, &mut records.cases);
    let summary_diags: Vec<Diags> = directives
        .par_iter_mut()
        .map(|dir| {
            let mut diags = Diags::default();
            dir.summary_html = short(&dir.summary_md, &dir.id, &dir.file, &mut diags);
            diags
        })
        .collect();
    let commendation_diags: Vec<Diags> = cases
        .par_iter_mut()
        .map(|c| {
            let mut diags = Diags::default();
            c.commendation_html = short(&c.commendation_md, &c.id, &c.file, &mut diags);
            diags
        })
        .collect();
    drop(md);
    for diags in summary_diags.into_iter().chain(commendation_diags) {
        d.list.extend(diags.list);
    }
    (targets, photos.into_shown())
}

fn short_markdown(
    md: &str,
    (line, column_offset): (u32, u32),
    id: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    autolinks: &dyn Fn(&str) -> Vec<markdown::AutoLink>,
    chart: &dyn Fn(&str, u32) -> Result<String, MdProblem>,
    photo: &markdown::PhotoResolver,
) -> markdown::MarkdownOutput {
    let prefix = format!("fn-{id}-");
    let env = MarkdownEnv {
        first_line: line.max(1),
        column_offset,
        footnote_prefix: &prefix,
        resolve_root_path: resolve,
        find_autolinks: autolinks,
        render_chart: chart,
        resolve_photo: Some(photo),
    };
    markdown::render_markdown(md, &env)
}

fn push_problems(d: &mut Diags, file: &Path, problems: &[MdProblem]) {
    for p in problems {
        if p.message.is_empty() {
            continue; // reported already (chart specs report their own diagnostics)
        }
        d.push(
            if p.is_warning {
                Severity::Warning
            } else {
                Severity::Error
            },
            file,
            Pos::new(p.line, p.col),
            p.message.clone(),
            p.hint.clone(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::linked_directives;
    use std::collections::HashSet;

    #[test]
    fn links_to_directive_pages_are_found_in_article_html() {
        let ids: HashSet<&str> = ["12-ct-tu-2021", "45-kh-ubnd-2021"].into_iter().collect();
        let ids = |id: &str| ids.contains(id);
        let html = r#"<a href="@@bantin-root@@van-ban/45-kh-ubnd-2021/">x</a> van-ban/12-ct-tu-2021/ <a href="../van-ban/12-ct-tu-2021/">y</a><a href="van-ban/nope/">z</a><a href="van-ban/45-kh-ubnd-2021/#a">w</a>"#;
        assert_eq!(
            linked_directives(html, &ids),
            ["45-kh-ubnd-2021", "12-ct-tu-2021"]
        );
    }
}
