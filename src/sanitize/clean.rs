//! The final guarantee: an article body that holds raw HTML goes through ammonia with the
//! policy's allowlist, then links to other hosts get `rel="noopener noreferrer"`.

use std::sync::LazyLock;

use super::chars::strip_forbidden;
use super::policy;
use super::url::{UrlKind, classify};

/// Built once: the allowlists are sets that take a while to fill.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(policy::builder);

/// What a link to another host carries, so the page it opens cannot reach back to ours.
pub const FOREIGN_REL: &str = "noopener noreferrer";

/// Text that stands for trusted HTML (a chart) while the body is sanitized: `key` is derived
/// from the article's source, so no text in it can spell the placeholder of another.
pub fn placeholder(key: &str, n: usize) -> String {
    format!("bantin-trusted-{key}-{n}.")
}

/// `html` sanitized: only what the policy keeps, no forbidden characters, `rel` on links to
/// other hosts; each [`placeholder`] of `key` replaced by the trusted HTML of that number.
pub fn clean(html: &str, key: &str, trusted: &[String]) -> String {
    let cleaned = CLEANER.clean(html).to_string();
    let cleaned = strip_forbidden(&cleaned);
    let mut out = mark_foreign_links(&cleaned);
    for (n, piece) in trusted.iter().enumerate() {
        out = out.replacen(&placeholder(key, n), piece, 1);
    }
    out
}

/// Serialized HTML (as html5ever writes it: attribute values in double quotes, `<` escaped in
/// text) with `rel="noopener noreferrer"` at the end of every `<a>` whose `href` leads to
/// another host.
pub fn mark_foreign_links(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 64);
    let mut copied = 0;
    let mut pos = 0;
    while let Some(k) = memchr::memchr(b'<', &b[pos..]) {
        let lt = pos + k;
        // The tag's `>`, skipping quoted values (which may hold `>`).
        let mut i = lt + 1;
        let mut quoted = false;
        while i < b.len() && (quoted || b[i] != b'>') {
            if b[i] == b'"' {
                quoted = !quoted;
            }
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let tag = &html[lt..i];
        if tag.starts_with("<a ")
            && let Some(href) = attribute_value(tag, "href")
            && classify(&unescape(href)) == UrlKind::Foreign
        {
            out.push_str(&html[copied..i]);
            out.push_str(" rel=\"");
            out.push_str(FOREIGN_REL);
            out.push('"');
            copied = i;
        }
        pos = i + 1;
    }
    out.push_str(&html[copied..]);
    out
}

/// The value of `name="…"` in a serialized start tag.
fn attribute_value<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let b = tag.as_bytes();
    let mut i = tag.find(' ')?;
    while i < b.len() {
        // ` name="value"` or ` name=""`.
        let start = i + 1;
        let eq = start + tag[start..].find('=')?;
        let vstart = eq + 2;
        let vend = vstart + tag.get(vstart..)?.find('"')?;
        if &tag[start..eq] == name {
            return Some(&tag[vstart..vend]);
        }
        i = vend + 1;
    }
    None
}

fn unescape(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_links_get_rel_and_others_do_not() {
        assert_eq!(
            mark_foreign_links(
                "<p><a href=\"https://x.vn\" title=\"a > b\">x</a> <a href=\"../van-ban/\">y</a> \
                 <a title=\"<a href=&quot;https://z&quot;>\" href=\"//cdn\">z</a> <abbr title=\"x\">w</abbr> \
                 <a href=\"mailto:a@b.vn\">m</a> &lt;a href=\"https://q\"&gt;</p>"
            ),
            "<p><a href=\"https://x.vn\" title=\"a > b\" rel=\"noopener noreferrer\">x</a> <a href=\"../van-ban/\">y</a> \
             <a title=\"<a href=&quot;https://z&quot;>\" href=\"//cdn\" rel=\"noopener noreferrer\">z</a> <abbr title=\"x\">w</abbr> \
             <a href=\"mailto:a@b.vn\">m</a> &lt;a href=\"https://q\"&gt;</p>"
        );
    }

    #[test]
    fn clean_keeps_our_markup_and_drops_active_content() {
        let html = "<h2 id=\"a\">T</h2>\n<div class=\"table-wrap\"><table><thead><tr><th style=\"text-align: right\">x</th></tr></thead></table>\n</div>\n\
                    <p><img src=\"x\" onerror=\"alert(1)\"> <a href=\"javascript:alert(2)\">k</a> <a href=\"@@bantin-root@@van-ban/x/\" title=\"T\">33</a>\
                    <sup class=\"footnote-reference\"><a href=\"#fn-a-1\">1</a></sup></p>\n\
                    <iframe src=\"https://evil.example\"></iframe><svg onload=\"alert(4)\"><text>t</text></svg><!-- n -->\
                    bantin-trusted-k-0.\n<p>&#1;x&#xFDD0;</p>";
        assert_eq!(
            clean(html, "k", &["<!--bantin-chart:0-->".to_string()]),
            "<h2 id=\"a\">T</h2>\n<div class=\"table-wrap\"><table><thead><tr><th style=\"text-align: right\">x</th></tr></thead></table>\n</div>\n\
             <p><img src=\"x\"> <a>k</a> <a href=\"@@bantin-root@@van-ban/x/\" title=\"T\">33</a>\
             <sup class=\"footnote-reference\"><a href=\"#fn-a-1\">1</a></sup></p>\n\
             <!--bantin-chart:0-->\n<p>x</p>"
        );
    }
}
