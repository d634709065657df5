//! The search index (SPEC §8): every article, directive, case and unit page, as a `.js` file
//! (a `<script>` works from `file://`, where `fetch` does not). Matching happens in the reader's
//! browser (`templates/static/search.js`), which folds case, tone marks and `đ` itself, so the
//! index holds each text once, as written: titles and summaries whole, article text up to
//! [`ARTICLE_TEXT_CHARS`].

use serde::Serialize;

use crate::model::Site;
use crate::render::views;
use crate::text;
use crate::urls;

/// One searchable page.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct Doc {
    /// Title as shown.
    pub t: String,
    /// URL, site-relative.
    pub u: String,
    /// Kind, as a reader names it: "Bản tin", "Văn bản", "Vụ việc", "Đơn vị".
    pub k: &'static str,
    /// Date `dd/mm/yyyy`, or empty.
    pub d: String,
    /// The text searched and quoted in snippets.
    pub x: String,
}

/// How much of an article's text the index holds, in characters (after its summary): enough
/// to find an article by what it is about and quote it, while the index of 10⁴ bulletins stays a
/// few megabytes for a reader's phone to load (the whole text would be ~4 KB per bulletin).
pub const ARTICLE_TEXT_CHARS: usize = 300;

/// Build the index documents, in a stable order (kind, then the site's own order).
pub fn documents(site: &Site) -> Vec<Doc> {
    let mut docs = Vec::new();
    for u in &site.units {
        let mut x = u.short_name.clone();
        if let Some(until) = u.until {
            x.push_str(&format!(" · đã kết thúc {}", text::format_date(until)));
        }
        x.push_str(&format!(" · {}", u.kind.label()));
        docs.push(Doc {
            t: u.name.clone(),
            u: urls::unit(&u.id),
            k: "Đơn vị",
            d: String::new(),
            x,
        });
    }
    for d in &site.directives {
        let kind = d.kind.clone().unwrap_or_else(|| "Văn bản".into());
        let summary = d
            .summary_html
            .as_deref()
            .map(strip_tags)
            .unwrap_or_default();
        docs.push(Doc {
            t: format!("{kind} {}: {}", d.number, d.title),
            u: urls::directive(&d.id),
            k: "Văn bản",
            d: text::format_date(d.date),
            x: format!("{} · {summary}", d.issuer),
        });
    }
    for c in &site.cases {
        let view = views::case_view(site, c);
        let mut x = Vec::new();
        x.extend(view.commune.clone());
        x.extend(view.party.clone());
        x.push(view.measures.join(", "));
        x.extend(view.commendation_html.as_deref().map(strip_tags));
        docs.push(Doc {
            t: view.title,
            u: urls::case(&c.id),
            k: "Vụ việc",
            d: view.resolved.unwrap_or_default(),
            x: x.into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · "),
        });
    }
    for a in &site.articles {
        let mut x = a
            .summary
            .clone()
            .map(|s| format!("{s} "))
            .unwrap_or_default();
        x.push_str(&views::excerpt(&a.plain_text, ARTICLE_TEXT_CHARS));
        docs.push(Doc {
            t: a.title.clone(),
            u: urls::article(&a.slug),
            k: "Bản tin",
            d: text::format_date(a.date),
            x,
        });
    }
    docs
}

/// The index as a script: `window.BANTIN_SEARCH = {...};`.
pub fn index_js(site: &Site) -> String {
    #[derive(Serialize)]
    struct Index {
        docs: Vec<Doc>,
    }
    let json = serde_json::to_string(&Index {
        docs: documents(site),
    })
    .unwrap_or_else(|_| "{\"docs\":[]}".into());
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
