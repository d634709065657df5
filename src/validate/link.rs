//! The last checks, once every record is known: audience filtering (SPEC §5) and Markdown,
//! whose links, directive mentions and charts refer to the whole site.

use std::collections::HashSet;
use std::path::Path;

use super::ValidateOptions;
use super::charts;
use super::fields::Diags;
use super::records::DirectiveIndex;
use crate::diag::{Pos, Severity};
use crate::markdown::{self, MarkdownEnv, MdProblem};
use crate::model::*;
use crate::pages;
use crate::source::SourceMap;
use crate::text;
use crate::urls;

/// Stands for "the site root, relative to the page being rendered" in HTML made before the page
/// (ASCII that URL escaping leaves alone, so it survives in `href`s)
/// is known (Markdown is shared by pages at different depths). The renderer replaces it.
pub const ROOT_MARKER: &str = "@@bantin-root@@";

/// Marker left in an article's HTML where its N-th chart goes.
pub fn chart_marker(n: usize) -> String {
    format!("<!--bantin-chart:{n}-->")
}

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

/// Public builds leave out internal records, `internal:` fields and drafts (unless `--drafts`);
/// internal builds keep drafts, marked as such. A public record
/// that refers to something left out is an error (a link would break or leak its existence).
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
            .filter(|a| keep(a.audience) && (!a.draft || opts.drafts || !public))
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
        .retain(|a| keep(a.audience) && (!a.draft || opts.drafts || !public));
    if public {
        site.units.iter_mut().for_each(|x| x.internal.clear());
        site.stats.iter_mut().for_each(|x| x.internal.clear());
        site.directives.iter_mut().for_each(|x| x.internal.clear());
        site.cases.iter_mut().for_each(|x| x.internal.clear());
        site.articles.iter_mut().for_each(|x| x.internal.clear());
    }
}

/// Render every Markdown text of the site, checking links, images and charts.
pub fn render_markdown(
    site: &mut Site,
    dir_summaries: &[(Option<String>, u32)],
    case_md: &[(String, Option<String>, u32)],
    sources: &SourceMap,
    d: &mut Diags,
) {
    let mut paths: HashSet<String> = pages::page_urls(site).into_iter().collect();
    for f in &site.static_files {
        paths.insert(urls::static_file(&f.rel));
    }
    let index = DirectiveIndex::new(&site.directives);
    let index = &index;
    let resolve_root_path = |p: &str| -> Option<String> {
        let rel = p.trim_start_matches('/');
        let candidates = [
            rel.to_string(),
            format!("{rel}/"),
            rel.trim_end_matches("index.html").to_string(),
        ];
        candidates
            .into_iter()
            .find(|c| paths.contains(c))
            .map(|c| format!("{ROOT_MARKER}{c}"))
    };
    let directives = &site.directives;
    let autolinks_before = |limit: Option<jiff::civil::Date>| {
        move |t: &str| -> Vec<(std::ops::Range<usize>, String, String)> {
            crate::docnum::find_doc_numbers(t)
                .into_iter()
                .filter_map(|(range, doc)| {
                    let ids = index.ids_for(&doc)?;
                    // A repeated party number: the latest one issued before the text was written.
                    let candidates = ids
                        .iter()
                        .filter_map(|(_, id)| directives.iter().find(|x| &x.id == id));
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
    };

    // Articles: charts allowed.
    let mut outputs = Vec::new();
    for a in &site.articles {
        let mut charts_found: Vec<ChartSpec> = Vec::new();
        let mut chart_diags = Diags::default();
        let html = {
            let site_ref: &Site = site;
            let cell = std::cell::RefCell::new((&mut charts_found, &mut chart_diags));
            let render_chart = |body: &str, line: u32| -> Result<String, MdProblem> {
                let mut guard = cell.borrow_mut();
                let (found, cd) = &mut *guard;
                match charts::chart_from_yaml(&a.file, body, line, site_ref, cd) {
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
            let autolinks = autolinks_before(Some(a.date));
            let prefix = format!("fn-{}-", a.slug);
            let env = MarkdownEnv {
                first_line: a.body_line,
                footnote_prefix: &prefix,
                resolve_root_path: &resolve_root_path,
                find_autolinks: &autolinks,
                render_chart: &render_chart,
            };
            markdown::render_markdown(&a.body_md, &env)
        };
        d.list.extend(chart_diags.list);
        push_problems(d, &a.file, &html.problems);
        outputs.push((html.html, html.plain_text, charts_found));
    }
    for (a, (html, plain, charts)) in site.articles.iter_mut().zip(outputs) {
        a.body_html = html;
        a.plain_text = plain;
        a.charts = charts;
    }

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
    let autolinks = autolinks_before(None);
    let mut summaries = Vec::new();
    for (dir, (md, line)) in site.directives.iter().zip(dir_summaries) {
        summaries.push(md.as_ref().map(|md| {
            let out = short_markdown(
                md,
                *line,
                &dir.id,
                &resolve_root_path,
                &autolinks,
                &no_chart,
            );
            push_problems(d, &dir.file, &out.problems);
            out.html
        }));
    }
    let mask =
        site.audience == Audience::Public && site.config.person_names == NamePolicy::Initials;
    let mut commendations = Vec::new();
    for c in &site.cases {
        let entry = case_md.iter().find(|(id, _, _)| id == &c.id);
        commendations.push(entry.and_then(|(_, md, line)| {
            md.as_ref().map(|md| {
                // The case's own text: its party is masked like its title, not just warned about.
                let md = match (&c.party, mask) {
                    (Some(p), true) if !p.trim().is_empty() => {
                        md.replace(p.as_str(), &text::initials(p))
                    }
                    _ => md.clone(),
                };
                let md = &md;
                let out =
                    short_markdown(md, *line, &c.id, &resolve_root_path, &autolinks, &no_chart);
                push_problems(d, &c.file, &out.problems);
                out.html
            })
        }));
    }
    for (dir, s) in site.directives.iter_mut().zip(summaries) {
        dir.summary_html = s;
    }
    for (c, s) in site.cases.iter_mut().zip(commendations) {
        c.commendation_html = s;
    }
    warn_full_names(site, sources, d);
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
    line: u32,
    id: &str,
    resolve: &dyn Fn(&str) -> Option<String>,
    autolinks: &dyn Fn(&str) -> Vec<markdown::AutoLink>,
    chart: &dyn Fn(&str, u32) -> Result<String, MdProblem>,
) -> markdown::MarkdownOutput {
    let prefix = format!("fn-{id}-");
    let env = MarkdownEnv {
        first_line: line.max(1),
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

/// Under `initials`, an article of the public site should not spell out a masked party's name.
fn warn_full_names(site: &Site, sources: &SourceMap, d: &mut Diags) {
    if site.config.person_names != NamePolicy::Initials || site.audience != Audience::Public {
        return;
    }
    let parties: Vec<&str> = site
        .cases
        .iter()
        .filter_map(|c| c.party.as_deref())
        .filter(|p| p.split_whitespace().count() >= 2)
        .collect();
    for a in &site.articles {
        let Some(src) = sources.get(&a.file) else {
            continue;
        };
        for party in &parties {
            if let Some(offset) = src.text.find(party) {
                let before = &src.text[..offset];
                let line = before.matches('\n').count() as u32 + 1;
                let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
                d.warning(
                    &a.file,
                    Pos::new(line, col),
                    format!("the article names `{party}` in full, but case parties are shown as initials on the public site"),
                    Some(format!("write `{}` instead", text::initials(party))),
                );
            }
        }
    }
}
