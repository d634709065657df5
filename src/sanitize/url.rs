//! What a URL in an article points at, read the way a browser reads it (the WHATWG URL parser's
//! first steps): leading and trailing C0 controls and spaces are ignored, tabs and newlines
//! anywhere are removed, and the scheme is letters, digits, `+`, `-`, `.` up to a `:`, in any
//! case. Character references are decoded before this (by pulldown-cmark or the HTML tokenizer),
//! so `&#106;avascript:`, `JaVaScRiPt:` and `java\tscript:` are all `javascript:`.

/// Where a URL leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlKind {
    /// No scheme and no host: a page or file of the site (`../img/a.jpg`, `#muc`, `?q`, `/x`).
    Local,
    /// Another host: `http:`/`https:` or protocol-relative (`//host`, `\\host`, `/\host`).
    Foreign,
    /// `mailto:` or `tel:`.
    Contact,
    /// Any other scheme (lowercased): `javascript`, `data`, `vbscript`, `file`, `ftp`, …
    Scheme(String),
}

/// Schemes that make the browser run or embed something rather than go somewhere.
pub const ACTIVE_SCHEMES: &[&str] = &[
    "javascript",
    "vbscript",
    "data",
    "livescript",
    "mocha",
    "blob",
    "filesystem",
];

/// The kind of `url` (already decoded).
pub fn classify(url: &str) -> UrlKind {
    // Tabs and newlines inside are ignored by browsers (`java\nscript:`).
    let mut chars = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'));
    let first = chars.next();
    if first.is_some_and(|c| c.is_ascii_alphabetic()) {
        let mut scheme = String::new();
        scheme.extend(first.map(|c| c.to_ascii_lowercase()));
        for c in chars.by_ref() {
            if c == ':' {
                return match scheme.as_str() {
                    "http" | "https" => UrlKind::Foreign,
                    "mailto" | "tel" => UrlKind::Contact,
                    _ => UrlKind::Scheme(scheme),
                };
            }
            if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
                break;
            }
            scheme.push(c.to_ascii_lowercase());
        }
        return UrlKind::Local;
    }
    // A network-path reference: pages are http(s) or file, where `\` reads as `/`.
    let slash = |c: Option<char>| matches!(c, Some('/' | '\\'));
    if slash(first) && slash(chars.next()) {
        return UrlKind::Foreign;
    }
    UrlKind::Local
}

/// Whether `scheme` runs or embeds something ([`ACTIVE_SCHEMES`]).
pub fn is_active_scheme(scheme: &str) -> bool {
    ACTIVE_SCHEMES.contains(&scheme)
}

/// The URLs of a `srcset` value: comma-separated candidates, each a URL and a descriptor.
pub fn srcset_urls(value: &str) -> Vec<&str> {
    value
        .split(',')
        .filter_map(|c| c.split_whitespace().next())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_classified_as_a_browser_reads_them() {
        for local in [
            "a.jpg",
            "../../img/a.jpg",
            "#muc",
            "?q=1",
            "/van-ban/",
            "",
            "@@bantin-root@@van-ban/x/",
            "jav%61script:alert(1)",
            "1javascript:x",
            "/",
            " /x",
            "\u{a0}javascript:x",
        ] {
            assert_eq!(classify(local), UrlKind::Local, "{local:?}");
        }
        for foreign in [
            "https://evil.example/x.js",
            "HTTP://x",
            "//evil.example/x",
            "\\\\evil.example\\x",
            "/\\evil.example",
            "\\/evil.example",
            " \t//x",
            "/\t/x",
            "http:x",
        ] {
            assert_eq!(classify(foreign), UrlKind::Foreign, "{foreign:?}");
        }
        assert_eq!(classify("mailto:a@b.vn"), UrlKind::Contact);
        assert_eq!(classify("TEL:+84"), UrlKind::Contact);
        for (url, scheme) in [
            ("javascript:alert(1)", "javascript"),
            ("JaVaScRiPt:alert(1)", "javascript"),
            (" \u{1}javascript:x", "javascript"),
            ("java\tscript:x", "javascript"),
            ("java\nscr\ript:x", "javascript"),
            ("data:text/html,<script>", "data"),
            ("vbscript:msgbox", "vbscript"),
            ("file:///etc/passwd", "file"),
            ("C:\\x", "c"),
            ("ftp://x", "ftp"),
        ] {
            assert_eq!(classify(url), UrlKind::Scheme(scheme.into()), "{url:?}");
        }
    }

    #[test]
    fn srcset_candidates() {
        assert_eq!(
            srcset_urls("a.jpg 1x, https://x/b.jpg 2x,c.jpg"),
            ["a.jpg", "https://x/b.jpg", "c.jpg"]
        );
    }
}
