//! The last checks, once every record is known: audience filtering (SPEC §5) and Markdown,
//! whose links, directive mentions and charts refer to the whole site.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;
use std::path::Path;

use super::ValidateOptions;
use super::charts;
use super::fields::Diags;
use super::records::DirectiveIndex;
use crate::diag::{Diagnostic, Pos, Severity};
use crate::markdown::{self, MarkdownEnv, MdProblem};
use crate::model::*;
use crate::pages;
use crate::source::SourceMap;
use crate::text;
use crate::urls;

pub use crate::model::{ROOT_MARKER, chart_marker};

/// The site as it stood on `day`: content dated after it is left out; statistics only for
/// periods that had ended; units not yet created are left out and units that ended later are
/// shown as still running. References to what is left out are dropped, not errors: they were
/// written later than the day.
pub fn filter_as_of(site: &mut Site, day: jiff::civil::Date) {
    site.units.retain(|u| u.from.is_none_or(|f| f <= day));
    let unit_ids: HashSet<String> = site.units.iter().map(|u| u.id.clone()).collect();
    for u in &mut site.units {
        if u.until.is_some_and(|t| t > day) {
            u.until = None;
            u.successor = None;
        }
        if u.successor.as_ref().is_some_and(|s| !unit_ids.contains(s)) {
            u.successor = None;
        }
        if u.parent.as_ref().is_some_and(|p| !unit_ids.contains(p)) {
            u.parent = None;
        }
    }
    site.stats
        .retain(|s| s.period_end <= day && unit_ids.contains(&s.unit));
    site.directives.retain(|x| x.date <= day);
    let dir_ids: HashSet<String> = site.directives.iter().map(|x| x.id.clone()).collect();
    for x in &mut site.directives {
        x.implements.retain(|i| dir_ids.contains(i));
        if x.unit.as_ref().is_some_and(|u| !unit_ids.contains(u)) {
            x.unit = None;
        }
    }
    site.cases.retain(|c| match &c.resolved {
        Some(Resolved::Date(d)) => *d <= day,
        // Only the year is known: the case counts once that year is over.
        Some(Resolved::Year(y)) => {
            jiff::civil::Date::new(*y as i16, 12, 31).is_ok_and(|end| end <= day)
        }
        None => true,
    });
    let case_ids: HashSet<String> = site.cases.iter().map(|c| c.id.clone()).collect();
    for c in &mut site.cases {
        c.directives.retain(|i| dir_ids.contains(i));
        if c.unit.as_ref().is_some_and(|u| !unit_ids.contains(u)) {
            c.unit = None;
        }
    }
    site.articles.retain(|a| a.date <= day);
    for a in &mut site.articles {
        a.directives.retain(|i| dir_ids.contains(i));
        a.cases.retain(|i| case_ids.contains(i));
        if a.unit.as_ref().is_some_and(|u| !unit_ids.contains(u)) {
            a.unit = None;
        }
    }
    if site
        .config
        .unit
        .as_ref()
        .is_some_and(|u| !unit_ids.contains(u))
    {
        site.config.unit = None;
    }
}

/// Public builds leave out internal records and `internal:` fields; every build leaves out drafts
/// unless `--drafts` (the internal build is what leaders read and print). A public record that
/// refers to something left out is an error (a link would break or leak its existence).
pub fn filter_audience(site: &mut Site, opts: ValidateOptions, sources: &SourceMap, d: &mut Diags) {
    let public = opts.audience == Audience::Public;
    let keep = |a: Audience| !public || a == Audience::Public;
    let hidden_units: HashSet<String> = site
        .units
        .iter()
        .filter(|u| !keep(u.audience))
        .map(|u| u.id.clone())
        .collect();
    let hidden_dirs: HashSet<String> = site
        .directives
        .iter()
        .filter(|x| !keep(x.audience))
        .map(|x| x.id.clone())
        .collect();
    let hidden_cases: HashSet<String> = site
        .cases
        .iter()
        .filter(|x| !keep(x.audience))
        .map(|x| x.id.clone())
        .collect();
    let numbers: std::collections::HashMap<&str, &str> = site
        .directives
        .iter()
        .map(|x| (x.id.as_str(), x.number.as_str()))
        .collect();
    let leak = |d: &mut Diags, file: &Path, what: &str, id: &str| {
        // Point at the reference as written: the id, or a directive's number.
        let written = if what == "directive" {
            numbers.get(id).copied().unwrap_or(id)
        } else {
            id
        };
        d.error(
            file,
            find_in_file(sources, file, written),
            format!("this public record refers to the internal {what} `{id}`, which the public site leaves out"),
            Some(format!("remove the reference, or mark this record `audience: internal` too, or make the {what} public")),
        );
    };
    if public {
        for u in site.units.iter().filter(|u| keep(u.audience)) {
            for r in u.parent.iter().chain(u.successor.iter()) {
                if hidden_units.contains(r) {
                    leak(d, &u.file, "unit", r);
                }
            }
        }
        for x in site.directives.iter().filter(|x| keep(x.audience)) {
            for r in &x.implements {
                if hidden_dirs.contains(r) {
                    leak(d, &x.file, "directive", r);
                }
            }
            if let Some(u) = x.unit.as_ref().filter(|u| hidden_units.contains(*u)) {
                leak(d, &x.file, "unit", u);
            }
        }
        for c in site.cases.iter().filter(|c| keep(c.audience)) {
            for r in c.directives.iter().filter(|r| hidden_dirs.contains(*r)) {
                leak(d, &c.file, "directive", r);
            }
            if let Some(u) = c.unit.as_ref().filter(|u| hidden_units.contains(*u)) {
                leak(d, &c.file, "unit", u);
            }
        }
        for a in site
            .articles
            .iter()
            .filter(|a| keep(a.audience) && (!a.draft || opts.drafts))
        {
            for r in a.directives.iter().filter(|r| hidden_dirs.contains(*r)) {
                leak(d, &a.file, "directive", r);
            }
            for r in a.cases.iter().filter(|r| hidden_cases.contains(*r)) {
                leak(d, &a.file, "case", r);
            }
            if let Some(u) = a.unit.as_ref().filter(|u| hidden_units.contains(*u)) {
                leak(d, &a.file, "unit", u);
            }
        }
    }
    site.units.retain(|u| keep(u.audience));
    site.stats
        .retain(|s| keep(s.audience) && !hidden_units.contains(&s.unit));
    site.directives.retain(|x| keep(x.audience));
    site.cases.retain(|x| keep(x.audience));
    site.articles
        .retain(|a| keep(a.audience) && (!a.draft || opts.drafts));
    if public {
        site.units.iter_mut().for_each(|x| x.internal.clear());
        site.stats.iter_mut().for_each(|x| x.internal.clear());
        site.directives.iter_mut().for_each(|x| x.internal.clear());
        site.cases.iter_mut().for_each(|x| x.internal.clear());
        site.articles.iter_mut().for_each(|x| x.internal.clear());
    }
}

/// What Markdown texts are rendered against: the site's page addresses (for `/` links) and its
/// directives (for links made from the numbers in the text).
struct MdSite<'s> {
    paths: &'s HashSet<String>,
    index: DirectiveIndex,
    /// What a link to each directive shows, by id (the first of each id; ids are unique once
    /// validated). Owned, so that the records can be given their HTML while this is in use.
    by_id: HashMap<String, DirectiveLink>,
}

/// What a link made from a directive's number says about the directive.
struct DirectiveLink {
    id: String,
    number: String,
    kind: Option<String>,
    date: jiff::civil::Date,
}

impl<'s> MdSite<'s> {
    fn new(site_paths: &'s HashSet<String>, directives: &[Directive]) -> Self {
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
                let title = format!(
                    "{} {} ngày {}",
                    dir.kind.as_deref().unwrap_or("Văn bản"),
                    dir.number,
                    text::format_date(dir.date)
                );
                Some((
                    range,
                    format!("{ROOT_MARKER}{}", urls::directive(&dir.id)),
                    title,
                ))
            })
            .collect()
    }

    /// An article's HTML, plain text, charts and problems (charts are allowed in articles).
    fn article(&self, a: &Article, site: &Site) -> ArticleMarkdown {
        let mut charts_found: Vec<ChartSpec> = Vec::new();
        let mut chart_diags = Diags::default();
        let html = {
            let cell = std::cell::RefCell::new((&mut charts_found, &mut chart_diags));
            let render_chart = |body: &str, line: u32| -> Result<String, MdProblem> {
                let mut guard = cell.borrow_mut();
                let (found, cd) = &mut *guard;
                match charts::chart_from_yaml(&a.file, body, line, site, cd) {
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
            let prefix = format!("fn-{}-", a.slug);
            let env = MarkdownEnv {
                first_line: a.body_line,
                column_offset: 0,
                footnote_prefix: &prefix,
                resolve_root_path: &resolve,
                find_autolinks: &autolinks,
                render_chart: &render_chart,
            };
            markdown::render_markdown(&a.body_md, &env)
        };
        let mut diags = chart_diags;
        push_problems(&mut diags, &a.file, &html.problems);
        let linked = linked_directives(&html.html, &|id| self.by_id.contains_key(id));
        ArticleMarkdown {
            html: html.html,
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
    plain_text: String,
    charts: Vec<ChartSpec>,
    linked_directives: Vec<String>,
    diags: Vec<Diagnostic>,
}

impl ArticleMarkdown {
    fn apply(self, a: &mut Article, d: &mut Diags) {
        d.list.extend(self.diags);
        a.body_html = self.html;
        a.plain_text = self.plain_text;
        a.charts = self.charts;
        a.linked_directives = self.linked_directives;
    }
}

/// Every page address of the site and its static files, as `/` links may name them.
fn link_targets(site: &Site) -> HashSet<String> {
    let mut paths: HashSet<String> = pages::page_urls(site).into_iter().collect();
    for f in &site.static_files {
        paths.insert(urls::static_file(&f.rel));
    }
    paths
}

/// Render the Markdown of the articles of these files again (after an edit), with the checks of
/// [`render_markdown`]; `targets` are the site's link targets, as it returned them.
pub fn render_article_markdown(
    site: &mut Site,
    files: &[&Path],
    targets: &HashSet<String>,
    sources: &SourceMap,
    d: &mut Diags,
) {
    let positions: Vec<usize> = (0..site.articles.len())
        .filter(|&i| files.contains(&site.articles[i].file.as_path()))
        .collect();
    let md = MdSite::new(targets, &site.directives);
    let outputs: Vec<_> = positions
        .iter()
        .map(|&i| md.article(&site.articles[i], site))
        .collect();
    drop(md);
    for (&i, out) in positions.iter().zip(outputs) {
        out.apply(&mut site.articles[i], d);
    }
    super::privacy::warn_full_names(site, &positions, sources, d);
}

/// Render every Markdown text of the site, checking links, images and charts; returns the
/// addresses `/` links may name (pages and static files).
///
/// Texts are independent of each other: they are rendered in parallel, each into the record it
/// belongs to, and their problems are reported in the site's order, as if one after the other.
pub fn render_markdown(site: &mut Site, sources: &SourceMap, d: &mut Diags) -> HashSet<String> {
    let targets = link_targets(site);
    let md = MdSite::new(&targets, &site.directives);
    let site_ref: &Site = site;
    let outputs: Vec<_> = site_ref
        .articles
        .par_iter()
        .with_max_len(crate::PAR_BATCH)
        .map(|a| md.article(a, site_ref))
        .collect();
    for (a, out) in site.articles.iter_mut().zip(outputs) {
        out.apply(a, d);
    }
    let resolve_root_path = |p: &str| md.resolve_root_path(p);

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
            );
            push_problems(diags, file, &out.problems);
            out.html
        })
    };
    let (directives, cases) = (&mut site.directives, &mut site.cases);
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
    let all: Vec<usize> = (0..site.articles.len()).collect();
    super::privacy::warn_full_names(site, &all, sources, d);
    targets
}

/// Where `needle` first appears in `file` (after any front matter key), else the file's start.
fn find_in_file(sources: &SourceMap, file: &Path, needle: &str) -> Pos {
    sources
        .get(file)
        .and_then(|src| {
            let mut offset = src.text.find(needle)?;
            if offset > 0 && matches!(src.text.as_bytes()[offset - 1], b'"' | b'\'') {
                offset -= 1; // a quoted value is pointed at from its opening quote, like YAML's own
            }
            let before = &src.text[..offset];
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
            Some(Pos::new(line, col))
        })
        .unwrap_or(Pos::new(1, 1))
}

fn short_markdown(
    md: &str,
    (line, column_offset): (u32, u32),
    id: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    autolinks: &dyn Fn(&str) -> Vec<markdown::AutoLink>,
    chart: &dyn Fn(&str, u32) -> Result<String, MdProblem>,
) -> markdown::MarkdownOutput {
    let prefix = format!("fn-{id}-");
    let env = MarkdownEnv {
        first_line: line.max(1),
        column_offset,
        footnote_prefix: &prefix,
        resolve_root_path: resolve,
        find_autolinks: autolinks,
        render_chart: chart,
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
