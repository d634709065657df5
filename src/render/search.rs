//! The search index (SPEC §8): every article, directive, case and unit page, as a `.js` file
//! (a `<script>` works from `file://`, where `fetch` does not). Matching happens in the reader's
//! browser (`templates/static/search.js`), which folds case, tone marks and `đ` itself, so the
//! index holds each text once, as written: titles and summaries whole, article text up to
//! [`ARTICLE_TEXT_CHARS`].

use serde::Serialize;

use rayon::prelude::*;

use super::views;
use crate::model::{Article, Site};
use crate::text;
use crate::text::labels::Search as SearchLabels;
use crate::urls;

/// One searchable page.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Doc<'l> {
    /// Title as shown.
    pub t: String,
    /// URL, site-relative.
    pub u: String,
    /// Kind, as a reader names it (`[search]` of the labels file).
    pub k: &'l str,
    /// Date `dd/mm/yyyy`, or empty.
    pub d: String,
    /// The text searched and quoted in snippets.
    pub x: String,
}

/// How much of an article's text the index holds, in characters (after its summary): enough
/// to find an article by what it is about and quote it, while the index of 10⁴ bulletins stays a
/// few megabytes for a reader's phone to load (the whole text would be ~4 KB per bulletin).
pub const ARTICLE_TEXT_CHARS: usize = 300;

/// The documents of units, directives and cases.
fn record_documents(site: &Site) -> Vec<Doc<'_>> {
    let labels = &site.labels().search;
    let mut docs = Vec::new();
    for u in site.units() {
        let mut x = u.short_name.clone();
        if let Some(until) = u.until {
            x.push_str(" · ");
            x.push_str(&labels.unit_ended(text::format_date(until)));
        }
        x.push_str(" · ");
        x.push_str(u.kind.label(site.labels()));
        docs.push(Doc {
            t: u.name.clone(),
            u: urls::unit(&u.id),
            k: labels.unit(),
            d: String::new(),
            x,
        });
    }
    for d in site.directives() {
        let kind = views::directive_kind(site, d);
        let summary = d
            .summary_html
            .as_deref()
            .map(strip_tags)
            .unwrap_or_default();
        docs.push(Doc {
            t: format!("{kind} {}: {}", d.number, d.title),
            u: urls::directive(&d.id),
            k: labels.directive(),
            d: text::format_date(d.date),
            x: format!("{} · {summary}", d.issuer),
        });
    }
    // Cases in parallel (each is masked and formatted like its page), in the site's order.
    let cases: Vec<Doc> = site
        .cases()
        .par_iter()
        .map(|c| {
            let view = views::case_view(site, c);
            let mut x = Vec::new();
            x.extend(view.commune.clone());
            x.extend(view.party.clone());
            x.push(view.measures.join(", "));
            x.extend(view.commendation_html.as_deref().map(strip_tags));
            Doc {
                t: view.title,
                u: urls::case(&c.id),
                k: labels.case(),
                d: view.resolved.unwrap_or_default(),
                x: x.into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · "),
            }
        })
        .collect();
    docs.extend(cases);
    docs
}

fn article_document<'l>(labels: &'l SearchLabels, a: &Article) -> Doc<'l> {
    let mut x = a
        .summary
        .clone()
        .map(|s| format!("{s} "))
        .unwrap_or_default();
    x.push_str(&views::excerpt(&a.plain_text, ARTICLE_TEXT_CHARS));
    Doc {
        t: a.title.clone(),
        u: urls::article(&a.slug),
        k: labels.article(),
        d: text::format_date(a.date),
        x,
    }
}

/// One document as JSON (serializing a struct of strings does not fail).
fn doc_json(doc: &Doc<'_>) -> String {
    serde_json::to_string(doc).unwrap_or_else(|_| "{}".into())
}

/// The JSON entries of units, directives and cases, comma-separated: computed once and kept
/// while only articles change (`serve`).
pub fn record_entries(site: &Site) -> String {
    let docs: Vec<String> = record_documents(site).par_iter().map(doc_json).collect();
    docs.join(",")
}

/// The JSON entry of each article, in the site's order (in parallel).
pub fn article_entries(site: &Site) -> Vec<String> {
    site.articles()
        .par_iter()
        .map(|a| article_entry(site, a))
        .collect()
}

/// The JSON entry of one article.
pub fn article_entry(site: &Site, a: &Article) -> String {
    doc_json(&article_document(&site.labels().search, a))
}

/// The index as a script: `window.BANTIN_SEARCH = {"docs":[...]};`, from the records' entries
/// ([`record_entries`]) and the articles' ([`article_entries`]).
pub fn index_js(record_entries: &str, article_entries: &[String]) -> String {
    let mut json = String::with_capacity(
        record_entries.len() + article_entries.iter().map(|e| e.len() + 1).sum::<usize>() + 16,
    );
    json.push_str("{\"docs\":[");
    json.push_str(record_entries);
    for (i, entry) in article_entries.iter().enumerate() {
        if i > 0 || !record_entries.is_empty() {
            json.push(',');
        }
        json.push_str(entry);
    }
    json.push_str("]}");
    // A `</script>` inside a string would end an inline script; escape `</` wherever it occurs.
    let mut out = String::with_capacity(json.len() + 64);
    out.push_str("window.BANTIN_SEARCH = ");
    let mut rest = json.as_str();
    while let Some(i) = rest.find("</") {
        out.push_str(&rest[..i]);
        out.push_str("<\\/");
        rest = &rest[i + 2..];
    }
    out.push_str(rest);
    out.push_str(";\n");
    out
}

/// Text of an HTML fragment: tags dropped, entities for the five escaped characters decoded,
/// whitespace collapsed.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::strip_tags;

    #[test]
    fn tags_are_stripped_and_entities_decoded() {
        assert_eq!(
            strip_tags("<p>A &amp; <a href=\"x\">B</a></p>\n<p>C</p>"),
            "A & B C"
        );
    }
}
