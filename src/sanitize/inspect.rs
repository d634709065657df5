//! The sanitizer's promise, checked on finished HTML by parsing it as a browser would
//! (html5ever): no event handler, no URL that runs code, nothing loaded from another host, no
//! element that runs, embeds or restyles, no forbidden character. Used by the tests, the
//! hostile-input corpus and the fuzz targets; never on the way to a page.

use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, QualName, local_name, ns, parse_document, parse_fragment};

use super::chars::is_forbidden;
use super::policy::{UrlUse, url_problem, url_use};
use markup5ever_rcdom::{Handle, NodeData, RcDom};

/// Elements that must never be in a page made from an article.
pub const FORBIDDEN_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "svg", "math",
    "base", "meta", "link", "form", "input", "button", "select", "textarea", "portal",
];

/// Every breach of the promise in an HTML fragment (an article body), described.
pub fn active_content(html: &str) -> Vec<String> {
    let context = QualName::new(None, ns!(html), local_name!("div"));
    let dom = parse_fragment(
        RcDom::default(),
        ParseOpts::default(),
        context,
        vec![],
        false,
    )
    .one(html);
    let mut out = Vec::new();
    walk(&dom.document, false, &mut out);
    out
}

/// Every breach in a whole page. The theme's own `<meta>`, `<link>`, `<script src>` and chart
/// `<svg>` are allowed there, so elements are judged by what they load or run: no inline
/// script, scripts, style sheets and icons only from the site, no frame, object, embed, form or
/// base, no `http-equiv`; attributes as in an article.
pub fn active_content_in_page(html: &str) -> Vec<String> {
    let dom = parse_document(RcDom::default(), ParseOpts::default()).one(html);
    let mut out = Vec::new();
    walk(&dom.document, true, &mut out);
    out
}

fn walk(node: &Handle, page: bool, out: &mut Vec<String>) {
    check_node(node, page, out);
    for child in node.children.borrow().iter() {
        walk(child, page, out);
    }
    if let NodeData::Element {
        template_contents, ..
    } = &node.data
        && let Some(t) = template_contents.borrow().as_ref()
    {
        walk(t, page, out);
    }
}

/// Elements a page may hold only as the theme writes them.
const THEME_ELEMENTS: &[&str] = &["script", "style", "svg", "meta", "link"];

fn check_node(node: &Handle, page: bool, out: &mut Vec<String>) {
    match &node.data {
        NodeData::Element { name, attrs, .. } => {
            let tag = name.local.to_string();
            let attrs: Vec<(String, String)> = attrs
                .borrow()
                .iter()
                .map(|a| (a.name.local.to_string(), a.value.to_string()))
                .collect();
            let get = |n: &str| attrs.iter().find(|(a, _)| a == n).map(|(_, v)| v.as_str());
            if FORBIDDEN_ELEMENTS.contains(&tag.as_str())
                && !(page && THEME_ELEMENTS.contains(&tag.as_str()))
            {
                out.push(format!("element <{tag}>"));
            }
            if page && tag == "script" {
                match get("src") {
                    Some(src) if url_problem(src, UrlUse::Resource).is_none() => {}
                    _ => out.push("a script that is not a file of the site".into()),
                }
                if !node.children.borrow().is_empty() {
                    out.push("an inline script".into());
                }
            }
            if page && tag == "link" {
                let rel = get("rel").unwrap_or("").to_ascii_lowercase();
                let loads = [
                    "stylesheet",
                    "icon",
                    "preload",
                    "prefetch",
                    "import",
                    "manifest",
                ]
                .iter()
                .any(|r| rel.split_whitespace().any(|w| w.contains(r)));
                if let (true, Some(href)) = (loads, get("href"))
                    && let Some(why) = url_problem(href, UrlUse::Resource)
                {
                    out.push(format!("<link rel={rel} href={href:?}>: {why}"));
                }
            }
            for (attr, value) in &attrs {
                check_attribute(&tag, attr, value, out);
            }
        }
        NodeData::Text { contents } => {
            if let Some(c) = contents.borrow().chars().find(|c| is_forbidden(*c)) {
                out.push(format!("text with U+{:04X}", u32::from(c)));
            }
        }
        _ => {}
    }
}

fn check_attribute(tag: &str, attr: &str, value: &str, out: &mut Vec<String>) {
    if attr.starts_with("on") {
        out.push(format!("<{tag} {attr}>: event handler"));
    }
    // SVG loads what `use`, `image` and `feImage` point at.
    let svg_loads =
        matches!(tag, "use" | "image" | "feimage") && matches!(attr, "href" | "xlink:href");
    let use_ = if svg_loads {
        Some(UrlUse::Resource)
    } else {
        url_use(tag, attr)
    };
    if let Some(use_) = use_ {
        let urls: Vec<&str> = if attr == "srcset" {
            super::url::srcset_urls(value)
        } else {
            vec![value]
        };
        for url in urls {
            if let Some(why) = url_problem(url, use_) {
                out.push(format!("<{tag} {attr}={url:?}>: {why}"));
            }
        }
        if use_ == UrlUse::Resource && !matches!(attr, "src" | "poster" | "href" | "xlink:href") {
            out.push(format!("<{tag} {attr}>: resource attribute"));
        }
    }
    if attr == "style"
        && let Some(what) = super::policy::style_danger(value)
    {
        out.push(format!("<{tag} style>: {what}"));
    }
    if matches!(attr, "srcdoc" | "formaction" | "http-equiv") {
        out.push(format!("<{tag} {attr}>"));
    }
    if value.chars().any(is_forbidden) {
        out.push(format!("<{tag} {attr}>: forbidden character"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breaches_are_found() {
        let html = "<p onclick=x>a</p><img src=\"https://x/a.png\"><a href=\" JAVA\tscript:x\">k</a>\
                    <script>x</script><svg></svg><video poster=//x></video><p style=\"background:url(x)\">\u{1}</p>\
                    <img srcset=\"a.png 1x, https://x/b.png 2x\"><a href=\"https://ok\">ok</a><img src=\"../a.png\">";
        let found = active_content(html);
        assert_eq!(found.len(), 10, "{found:#?}");
        assert!(
            active_content("<p><a href=\"https://x\" rel=\"noopener noreferrer\">x</a></p>")
                .is_empty()
        );
    }
}
