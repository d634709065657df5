//! The one policy: which tags and attributes an article's HTML keeps, and what each removal
//! means to the author. The raw-HTML scanner ([`super::scan`]) reports by these rules and the
//! ammonia [`builder`] enforces them, so the two cannot drift.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::url::{UrlKind, classify, is_active_scheme, srcset_urls};
use crate::diag::Severity;

/// What becomes of an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagRule {
    /// Kept, with these attributes besides [`GENERIC_ATTRS`].
    Keep(&'static [&'static str]),
    /// The tag goes and its content stays; why, for the author.
    Unwrap(Severity, &'static Reason),
    /// The element goes with everything inside it; why, for the author.
    Remove(Severity, &'static Reason),
}

use Severity::{Error, Warning};
use TagRule::{Keep, Remove, Unwrap};

/// Why an element is removed, and what the author can do instead.
#[derive(Debug, PartialEq, Eq)]
pub struct Reason {
    pub why: &'static str,
    pub hint: &'static str,
}

const SCRIPT: &Reason = &Reason {
    why: "it would run code in readers' browsers",
    hint: "delete it: articles cannot run scripts",
};
const FRAME: &Reason = &Reason {
    why: "it would load another site or a plugin into the page",
    hint: "link to the page instead: [tên trang](https://…)",
};
const VECTOR: &Reason = &Reason {
    why: "inline SVG and MathML can run scripts and load files",
    hint: "save the drawing as an image under content/static/ and show it with ![mô tả](/img/…)",
};
const STYLE: &Reason = &Reason {
    why: "a style sheet restyles the whole page and can load files from other hosts",
    hint: "delete it: the site's own style sheet applies to articles",
};
const HEAD: &Reason = &Reason {
    why: "it changes how the whole page behaves (its address, refresh, style sheets)",
    hint: "delete it",
};
const FORM: &Reason = &Reason {
    why: "forms and their controls could send what readers type to another host",
    hint: "delete it: bulletins collect no input",
};
const SOUND: &Reason = &Reason {
    why: "it would play a sound when the page opens",
    hint: "delete it; link to the file instead",
};
const PLAINTEXT: &Reason = &Reason {
    why: "everything after it would be shown as raw code",
    hint: "delete it",
};
const HIDDEN: &Reason = &Reason {
    why: "its content is never shown to readers",
    hint: "delete it (web pages and e-mails add such tags when pasted)",
};
const OBSOLETE: &Reason = &Reason {
    why: "it is obsolete HTML",
    hint: "delete the tag (Word and web pages add such tags when pasted); for emphasis use **bold** or *italic*",
};
const PAGE: &Reason = &Reason {
    why: "the page around the article already has it",
    hint: "paste only the article's text, not a whole web page",
};
const NOT_NEEDED: &Reason = &Reason {
    why: "bulletins do not use it",
    hint: "delete the tag",
};

const CELL: &[&str] = &["colspan", "rowspan", "headers"];

/// Attributes of the HTML of the 1990s that Word and old web pages still write (`<table
/// border=1 cellpadding=4>`, `<td valign=top width=120>`, `<p align=center>`, `<a name=x>`):
/// obsolete in HTML5, so a page keeping them fails validation (SPEC §4: pages are valid HTML5),
/// and the theme lays text and tables out anyway. Dropped with a warning that says so.
const OBSOLETE_ATTRS: &[&str] = &[
    "align",
    "valign",
    "bgcolor",
    "background",
    "border",
    "cellpadding",
    "cellspacing",
    "frame",
    "rules",
    "nowrap",
    "noshade",
    "size",
    "char",
    "charoff",
    "axis",
    "clear",
    "hspace",
    "vspace",
    "name",
    "charset",
    "rev",
    "summary",
];

/// Every tag the policy names. Any other tag (`<o:p>` from Word, custom elements) is unwrapped
/// with a warning.
pub const TAGS: &[(&str, TagRule)] = &[
    // Text.
    ("a", Keep(&["href", "hreflang"])),
    ("abbr", Keep(&[])),
    ("b", Keep(&[])),
    ("bdi", Keep(&[])),
    ("bdo", Keep(&[])),
    ("br", Keep(&[])),
    ("cite", Keep(&[])),
    ("code", Keep(&[])),
    ("data", Keep(&["value"])),
    ("del", Keep(&["cite", "datetime"])),
    ("dfn", Keep(&[])),
    ("em", Keep(&[])),
    ("i", Keep(&[])),
    ("ins", Keep(&["cite", "datetime"])),
    ("kbd", Keep(&[])),
    ("mark", Keep(&[])),
    ("q", Keep(&["cite"])),
    ("rp", Keep(&[])),
    ("rt", Keep(&[])),
    ("ruby", Keep(&[])),
    ("s", Keep(&[])),
    ("samp", Keep(&[])),
    ("small", Keep(&[])),
    ("span", Keep(&[])),
    ("strong", Keep(&[])),
    ("sub", Keep(&[])),
    ("sup", Keep(&[])),
    ("time", Keep(&["datetime"])),
    ("u", Keep(&[])),
    ("var", Keep(&[])),
    ("wbr", Keep(&[])),
    // Blocks.
    ("address", Keep(&[])),
    ("article", Keep(&[])),
    ("aside", Keep(&[])),
    ("blockquote", Keep(&["cite"])),
    ("dd", Keep(&[])),
    ("details", Keep(&["open"])),
    ("div", Keep(&[])),
    ("dl", Keep(&[])),
    ("dt", Keep(&[])),
    ("figcaption", Keep(&[])),
    ("figure", Keep(&[])),
    ("footer", Keep(&[])),
    ("h1", Keep(&[])),
    ("h2", Keep(&[])),
    ("h3", Keep(&[])),
    ("h4", Keep(&[])),
    ("h5", Keep(&[])),
    ("h6", Keep(&[])),
    ("header", Keep(&[])),
    ("hr", Keep(&[])),
    ("li", Keep(&["value"])),
    ("ol", Keep(&["start", "reversed", "type"])),
    ("p", Keep(&[])),
    ("pre", Keep(&[])),
    ("section", Keep(&[])),
    ("summary", Keep(&[])),
    ("ul", Keep(&[])),
    // Tables.
    ("caption", Keep(&[])),
    ("col", Keep(&["span"])),
    ("colgroup", Keep(&["span"])),
    ("table", Keep(&[])),
    ("tbody", Keep(&[])),
    ("td", Keep(CELL)),
    ("tfoot", Keep(&[])),
    (
        "th",
        Keep(&["colspan", "rowspan", "headers", "scope", "abbr"]),
    ),
    ("thead", Keep(&[])),
    ("tr", Keep(&[])),
    // Pictures, sound and video: files of the site only (see [`url_use`]).
    (
        "img",
        Keep(&["src", "alt", "width", "height", "loading", "decoding"]),
    ),
    (
        "video",
        Keep(&[
            "src",
            "poster",
            "controls",
            "width",
            "height",
            "preload",
            "loop",
            "muted",
            "playsinline",
        ]),
    ),
    (
        "audio",
        Keep(&["src", "controls", "preload", "loop", "muted"]),
    ),
    ("source", Keep(&["src", "type", "media"])),
    (
        "track",
        Keep(&["src", "kind", "srclang", "label", "default"]),
    ),
    // Active or external: errors.
    ("script", Remove(Error, SCRIPT)),
    ("iframe", Remove(Error, FRAME)),
    ("frame", Remove(Error, FRAME)),
    ("frameset", Remove(Error, FRAME)),
    ("object", Remove(Error, FRAME)),
    ("embed", Remove(Error, FRAME)),
    ("applet", Remove(Error, FRAME)),
    ("param", Remove(Error, FRAME)),
    ("portal", Remove(Error, FRAME)),
    ("fencedframe", Remove(Error, FRAME)),
    ("svg", Remove(Error, VECTOR)),
    ("math", Remove(Error, VECTOR)),
    ("style", Remove(Error, STYLE)),
    ("link", Remove(Error, STYLE)),
    ("meta", Remove(Error, HEAD)),
    ("base", Remove(Error, HEAD)),
    ("bgsound", Remove(Error, SOUND)),
    ("form", Unwrap(Error, FORM)),
    ("input", Remove(Error, FORM)),
    ("button", Remove(Error, FORM)),
    ("select", Remove(Error, FORM)),
    ("option", Remove(Error, FORM)),
    ("optgroup", Remove(Error, FORM)),
    ("textarea", Remove(Error, FORM)),
    ("datalist", Remove(Error, FORM)),
    ("keygen", Remove(Error, FORM)),
    ("isindex", Remove(Error, FORM)),
    ("plaintext", Remove(Error, PLAINTEXT)),
    // Harmless but not kept: warnings.
    ("title", Remove(Warning, HIDDEN)),
    ("template", Remove(Warning, HIDDEN)),
    ("noscript", Remove(Warning, HIDDEN)),
    ("noembed", Remove(Warning, HIDDEN)),
    ("noframes", Remove(Warning, HIDDEN)),
    ("xmp", Remove(Warning, OBSOLETE)),
    ("font", Unwrap(Warning, OBSOLETE)),
    ("center", Unwrap(Warning, OBSOLETE)),
    ("big", Unwrap(Warning, OBSOLETE)),
    ("tt", Unwrap(Warning, OBSOLETE)),
    ("strike", Unwrap(Warning, OBSOLETE)),
    ("acronym", Unwrap(Warning, OBSOLETE)),
    ("blink", Unwrap(Warning, OBSOLETE)),
    ("marquee", Unwrap(Warning, OBSOLETE)),
    ("nobr", Unwrap(Warning, OBSOLETE)),
    ("basefont", Unwrap(Warning, OBSOLETE)),
    ("html", Unwrap(Warning, PAGE)),
    ("head", Unwrap(Warning, PAGE)),
    ("body", Unwrap(Warning, PAGE)),
    ("main", Unwrap(Warning, PAGE)),
    ("nav", Unwrap(Warning, PAGE)),
    ("label", Unwrap(Warning, NOT_NEEDED)),
    ("fieldset", Unwrap(Warning, NOT_NEEDED)),
    ("legend", Unwrap(Warning, NOT_NEEDED)),
    ("output", Unwrap(Warning, NOT_NEEDED)),
    ("dialog", Unwrap(Warning, NOT_NEEDED)),
    ("canvas", Unwrap(Warning, NOT_NEEDED)),
    ("picture", Unwrap(Warning, NOT_NEEDED)),
    ("map", Unwrap(Warning, NOT_NEEDED)),
    ("area", Unwrap(Warning, NOT_NEEDED)),
    ("menu", Unwrap(Warning, NOT_NEEDED)),
    ("slot", Unwrap(Warning, NOT_NEEDED)),
    ("meter", Unwrap(Warning, NOT_NEEDED)),
    ("progress", Unwrap(Warning, NOT_NEEDED)),
    ("hgroup", Unwrap(Warning, NOT_NEEDED)),
    ("search", Unwrap(Warning, NOT_NEEDED)),
];

/// An unknown tag: unwrapped, with a warning.
pub const UNKNOWN: TagRule = Unwrap(
    Warning,
    &Reason {
        why: "it is not an HTML tag bantin knows",
        hint: "delete the tag (Word adds tags such as <o:p> when pasted)",
    },
);

/// Attributes kept on every kept element.
pub const GENERIC_ATTRS: &[&str] = &["id", "class", "title", "lang", "dir", "style"];

/// Attributes that are an error whatever their value: they submit, fetch or embed a document.
const ACTIVE_ATTRS: &[&str] = &["srcdoc", "formaction", "action", "ping", "http-equiv"];

/// What a URL in an attribute may point at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlUse {
    /// Followed when clicked: a page of the site, another host (`http(s)`), `mailto:`, `tel:`.
    Link,
    /// Loaded with the page: only a file of the site.
    Resource,
}

/// Elements without content (the HTML void elements, and `image`, read as `img`).
pub const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "isindex", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// The rule for `tag` (lowercase).
pub fn tag_rule(tag: &str) -> TagRule {
    // The HTML parser reads `<image>` as `<img>`.
    let tag = if tag == "image" { "img" } else { tag };
    TAGS.iter()
        .find(|(name, _)| *name == tag)
        .map_or(UNKNOWN, |(_, rule)| *rule)
}

/// Whether the attribute holds a URL, and what it may point at.
pub fn url_use(tag: &str, attr: &str) -> Option<UrlUse> {
    match attr {
        "href" | "cite" | "action" | "formaction" | "xlink:href" | "ping" | "longdesc"
        | "usemap" | "profile" => Some(UrlUse::Link),
        "src" | "srcset" | "poster" | "background" | "lowsrc" | "dynsrc" | "codebase"
        | "archive" | "classid" | "manifest" | "icon" => Some(UrlUse::Resource),
        "data" if tag == "object" => Some(UrlUse::Resource),
        _ => None,
    }
}

/// What becomes of one attribute.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AttrVerdict {
    Keep,
    /// Removed; how serious, why and what to do instead (for the author).
    Drop(Severity, String, &'static str),
}

/// The verdict on `attr="value"` (lowercase name, decoded value) of a `tag` that is kept.
pub fn attribute(tag: &str, attr: &str, value: &str) -> AttrVerdict {
    let tag = if tag == "image" { "img" } else { tag };
    if attr.starts_with("on") {
        return AttrVerdict::Drop(
            Error,
            format!("event handler `{attr}` would run code in readers' browsers"),
            "delete the attribute: articles cannot run scripts",
        );
    }
    if ACTIVE_ATTRS.contains(&attr) {
        return AttrVerdict::Drop(
            Error,
            format!("`{attr}` would load or send a document when the page is used"),
            "delete the attribute",
        );
    }
    let allowed = GENERIC_ATTRS.contains(&attr)
        || matches!(tag_rule(tag), Keep(attrs) if attrs.contains(&attr));
    if let Some(use_) = url_use(tag, attr) {
        let urls = if attr == "srcset" {
            srcset_urls(value)
        } else {
            vec![value]
        };
        for url in urls {
            if let Some(why) = url_problem(url, use_) {
                return AttrVerdict::Drop(Error, format!("`{attr}` {why}"), url_hint(use_));
            }
        }
        if allowed && !parses_as_browsers_do(value) {
            return AttrVerdict::Drop(
                Warning,
                format!("`{attr}` is not a well-formed address"),
                "check the address",
            );
        }
    }
    if attr == "style"
        && let Some(what) = style_danger(value)
    {
        return AttrVerdict::Drop(
            Error,
            format!("`style` with {what} could load files or run code"),
            "delete the style, or keep only plain properties such as `text-align: center`",
        );
    }
    if allowed {
        AttrVerdict::Keep
    } else if OBSOLETE_ATTRS.contains(&attr)
        || (matches!(attr, "width" | "height") && !matches!(tag, "img" | "video"))
        || (attr == "type" && matches!(tag, "li" | "ul"))
    {
        AttrVerdict::Drop(
            Warning,
            format!("`{attr}` on `<{tag}>` is obsolete HTML"),
            "delete the attribute (Word and web pages add it when pasted); the site's theme lays out text and tables",
        )
    } else {
        AttrVerdict::Drop(
            Warning,
            format!("`{attr}` is not kept on `<{tag}>`"),
            "delete the attribute",
        )
    }
}

/// Why `url` may not be used so, or `None` when it may.
pub fn url_problem(url: &str, use_: UrlUse) -> Option<String> {
    match (classify(url), use_) {
        (UrlKind::Local, _) | (UrlKind::Foreign | UrlKind::Contact, UrlUse::Link) => None,
        (UrlKind::Scheme(s), _) if is_active_scheme(&s) => Some(format!(
            "points at a `{s}:` URL, which runs or embeds code instead of opening a page"
        )),
        (UrlKind::Scheme(s), _) => Some(format!(
            "points at a `{s}:` URL; only pages of the site, http(s), mailto and tel are allowed"
        )),
        (UrlKind::Foreign, UrlUse::Resource) => {
            Some("loads a file from another host; pages load nothing from other hosts".into())
        }
        (UrlKind::Contact, UrlUse::Resource) => {
            Some("loads something that is not a file of the site".into())
        }
    }
}

/// What to do instead of a URL that [`url_problem`] rejects.
pub fn url_hint(use_: UrlUse) -> &'static str {
    match use_ {
        UrlUse::Link => {
            "link to a page of the site (/van-ban/…) or of another site (https://…); write other addresses as text"
        }
        UrlUse::Resource => {
            "copy the file into content/static/ and point at it from the site root, e.g. /img/anh.jpg"
        }
    }
}

/// Whether ammonia (the url crate, a WHATWG parser) reads `value` as a URL or a relative one.
fn parses_as_browsers_do(value: &str) -> bool {
    match ammonia::Url::parse(value) {
        Ok(_) => true,
        Err(e) => e == ammonia::url::ParseError::RelativeUrlWithoutBase,
    }
}

/// What in a `style` value could load a file or run code: CSS escapes (which hide the rest),
/// `url(` and other image functions, `expression(`, `@import`, `behavior`, `-moz-binding`,
/// script URLs. Comments and spaces are ignored and case does not matter.
pub fn style_danger(value: &str) -> Option<&'static str> {
    if value.contains('\\') {
        return Some("a CSS escape (`\\`)");
    }
    let mut squeezed = String::with_capacity(value.len());
    let mut rest = value;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("/*") {
            rest = after.find("*/").map_or("", |k| &after[k + 2..]);
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if !c.is_whitespace() {
            squeezed.extend(c.to_lowercase());
        }
        rest = &rest[c.len_utf8()..];
    }
    const DANGERS: &[(&str, &str)] = &[
        ("url(", "`url(`"),
        ("image(", "`image(`"),
        ("image-set(", "`image-set(`"),
        ("cross-fade(", "`cross-fade(`"),
        ("element(", "`element(`"),
        ("src(", "`src(`"),
        ("expression(", "`expression(`"),
        ("@import", "`@import`"),
        ("behavior", "`behavior`"),
        ("-moz-binding", "`-moz-binding`"),
        ("javascript:", "`javascript:`"),
        ("vbscript:", "`vbscript:`"),
    ];
    DANGERS
        .iter()
        .find(|(needle, _)| squeezed.contains(needle))
        .map(|(_, what)| *what)
}

/// The URL schemes ammonia keeps in links (others are dropped, see [`url_problem`]).
const SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The ammonia sanitizer for this policy: kept tags and their attributes from [`TAGS`] and
/// [`GENERIC_ATTRS`], elements removed with their content from the `Remove` rules, every
/// attribute value judged by [`attribute`]. Comments are stripped; `rel` is set afterwards
/// (see `clean`), only on links to other hosts.
pub fn builder() -> ammonia::Builder<'static> {
    let mut tags = HashSet::new();
    let mut tag_attributes: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut clean_content = HashSet::new();
    for (name, rule) in TAGS {
        match rule {
            Keep(attrs) => {
                tags.insert(*name);
                tag_attributes.insert(name, attrs.iter().copied().collect());
            }
            Remove(..) => {
                clean_content.insert(*name);
            }
            Unwrap(..) => {}
        }
    }
    let mut b = ammonia::Builder::empty();
    b.tags(tags)
        .tag_attributes(tag_attributes)
        .clean_content_tags(clean_content)
        .generic_attributes(GENERIC_ATTRS.iter().copied().collect())
        .url_schemes(SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|tag, attr, value| match attribute(tag, attr, value) {
            AttrVerdict::Keep => Some(Cow::Borrowed(value)),
            AttrVerdict::Drop(..) => None,
        });
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tag_is_named_once_and_schemes_agree_with_the_classifier() {
        let mut seen = HashSet::new();
        for (name, _) in TAGS {
            assert!(seen.insert(name), "{name} twice");
        }
        for s in SCHEMES {
            let url = format!("{s}:x");
            assert_eq!(url_problem(&url, UrlUse::Link), None, "{s}");
        }
    }

    #[test]
    fn attributes_are_judged() {
        let drop = |t, a, v| match attribute(t, a, v) {
            AttrVerdict::Drop(s, ..) => Some(s),
            AttrVerdict::Keep => None,
        };
        assert_eq!(drop("img", "onerror", "x"), Some(Error));
        assert_eq!(drop("img", "src", "https://x/a.png"), Some(Error));
        assert_eq!(drop("img", "src", "//x/a.png"), Some(Error));
        assert_eq!(drop("img", "src", "../../img/a.png"), None);
        assert_eq!(drop("img", "srcset", "a.png 1x, //x/b.png 2x"), Some(Error));
        assert_eq!(drop("img", "srcset", "a.png 1x"), Some(Warning));
        assert_eq!(drop("a", "href", "https://x/"), None);
        assert_eq!(
            drop("a", "href", "&#106;avascript:x"),
            None,
            "decoded before"
        );
        assert_eq!(drop("a", "href", " JaVa\tScript:x"), Some(Error));
        assert_eq!(drop("a", "href", "data:text/html,x"), Some(Error));
        assert_eq!(drop("a", "href", "mailto:a@b.vn"), None);
        assert_eq!(drop("a", "target", "_blank"), Some(Warning));
        assert_eq!(drop("a", "rel", "nofollow"), Some(Warning));
        assert_eq!(drop("th", "style", "text-align: right"), None);
        assert_eq!(drop("p", "style", "background:url(//x)"), Some(Error));
        assert_eq!(drop("p", "style", "color:\\72 ed"), Some(Error));
        assert_eq!(drop("p", "style", "x: EXPRESSION (alert(1))"), Some(Error));
        assert_eq!(drop("p", "style", "ur/**/l(x)"), Some(Error));
        assert_eq!(drop("video", "poster", "https://x/p.jpg"), Some(Error));
        assert_eq!(drop("button", "formaction", "x"), Some(Error));
        assert_eq!(drop("p", "xmlns:o", "urn:x"), Some(Warning));
        // Obsolete presentational attributes would make the page invalid HTML5.
        for (tag, attr) in [
            ("table", "border"),
            ("table", "cellpadding"),
            ("td", "valign"),
            ("td", "width"),
            ("p", "align"),
            ("a", "name"),
            ("ul", "type"),
        ] {
            assert!(
                matches!(attribute(tag, attr, "1"), AttrVerdict::Drop(Warning, m, _) if m.contains("obsolete")),
                "{tag} {attr}"
            );
        }
        assert_eq!(drop("img", "width", "120"), None);
        assert_eq!(drop("ol", "type", "a"), None);
    }

    #[test]
    fn ammonia_does_to_each_tag_what_the_table_says() {
        // Tags whose place the HTML parser decides (tables, the document, frames) or that take
        // everything after them are left to the corpus and property tests.
        const CONTEXT: &[&str] = &[
            "caption",
            "col",
            "colgroup",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "tr",
            "html",
            "head",
            "body",
            "frame",
            "frameset",
            "plaintext",
            "option",
            "optgroup",
            "select",
            "image",
            "isindex",
            "keygen",
            "noscript",
        ];
        let cleaner = builder();
        for (name, rule) in TAGS {
            if CONTEXT.contains(name) || VOID.contains(name) {
                continue;
            }
            let out = cleaner.clean(&format!("<{name}>kept</{name}>")).to_string();
            let tag_kept = out.contains(&format!("<{name}"));
            let text_kept = out.contains("kept");
            match rule {
                Keep(_) => assert!(tag_kept && text_kept, "{name}: {out}"),
                Unwrap(..) => assert!(!tag_kept && text_kept, "{name}: {out}"),
                Remove(..) => assert!(!tag_kept && !text_kept, "{name}: {out}"),
            }
            if let Keep(attrs) = rule {
                for attr in attrs.iter().chain(GENERIC_ATTRS) {
                    let html = format!("<{name} {attr}=\"a.jpg\">x</{name}>");
                    let out = cleaner.clean(&html).to_string();
                    assert!(out.contains(&format!(" {attr}=")), "{name} {attr}: {out}");
                }
            }
        }
        let out = cleaner
            .clean("<o:p>kept</o:p><x-widget>too</x-widget>")
            .to_string();
        assert_eq!(out, "kepttoo");
    }

    #[test]
    fn style_dangers() {
        assert_eq!(style_danger("text-align: right"), None);
        assert_eq!(style_danger("mso-list: l0 level1"), None);
        assert!(style_danger("background-image: URL( 'x' )").is_some());
        assert!(style_danger("@import 'x'").is_some());
        assert!(style_danger("-moz-binding: x").is_some());
        assert!(style_danger("behavior: url(x.htc)").is_some());
    }
}
