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
    walk(&dom.document, &mut out);
    out
}

/// Every breach in a whole page, except in the elements `ours` lets through (the theme's own
/// scripts and style sheets, found by a predicate on the element name and its attributes).
pub fn active_content_in_page(
    html: &str,
    ours: &dyn Fn(&str, &[(String, String)]) -> bool,
) -> Vec<String> {
    let dom = parse_document(RcDom::default(), ParseOpts::default()).one(html);
    let mut out = Vec::new();
    walk_page(&dom.document, ours, &mut out);
    out
}

fn walk_page(
    node: &Handle,
    ours: &dyn Fn(&str, &[(String, String)]) -> bool,
    out: &mut Vec<String>,
) {
    if let NodeData::Element { name, attrs, .. } = &node.data {
        let attrs: Vec<(String, String)> = attrs
            .borrow()
            .iter()
            .map(|a| (a.name.local.to_string(), a.value.to_string()))
            .collect();
        if ours(&name.local, &attrs) {
            return;
        }
    }
    check_node(node, out);
    for child in node.children.borrow().iter() {
        walk_page(child, ours, out);
    }
    if let NodeData::Element {
        template_contents, ..
    } = &node.data
        && let Some(t) = template_contents.borrow().as_ref()
    {
        walk_page(t, ours, out);
    }
}

fn walk(node: &Handle, out: &mut Vec<String>) {
    check_node(node, out);
    for child in node.children.borrow().iter() {
        walk(child, out);
    }
    if let NodeData::Element {
        template_contents, ..
    } = &node.data
        && let Some(t) = template_contents.borrow().as_ref()
    {
        walk(t, out);
    }
}

fn check_node(node: &Handle, out: &mut Vec<String>) {
    match &node.data {
        NodeData::Element { name, attrs, .. } => {
            let tag = name.local.to_string();
            if FORBIDDEN_ELEMENTS.contains(&tag.as_str()) {
                out.push(format!("element <{tag}>"));
            }
            for a in attrs.borrow().iter() {
                let attr = a.name.local.to_string();
                let value = a.value.to_string();
                if attr.starts_with("on") {
                    out.push(format!("<{tag} {attr}>: event handler"));
                }
                if let Some(use_) = url_use(&tag, &attr) {
                    let urls: Vec<&str> = if attr == "srcset" {
                        super::url::srcset_urls(&value)
                    } else {
                        vec![value.as_str()]
                    };
                    for url in urls {
                        if let Some(why) = url_problem(url, use_) {
                            out.push(format!("<{tag} {attr}={url:?}>: {why}"));
                        }
                    }
                    if use_ == UrlUse::Resource && attr != "src" && attr != "poster" {
                        out.push(format!("<{tag} {attr}>: resource attribute"));
                    }
                }
                if attr == "style"
                    && let Some(what) = super::policy::style_danger(&value)
                {
                    out.push(format!("<{tag} style>: {what}"));
                }
                if attr == "srcdoc" || attr == "formaction" || attr == "http-equiv" {
                    out.push(format!("<{tag} {attr}>"));
                }
                if value.chars().any(is_forbidden) {
                    out.push(format!("<{tag} {attr}>: forbidden character"));
                }
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
