//! The sanitizer's checks as the renderer meets them in pulldown-cmark's events: Markdown links
//! and their URLs, raw HTML fragments, forbidden characters (see `crate::sanitize`).

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, LinkType, Tag};

use super::{
    FOREIGN_REL, LinkOut, Refs, Renderer, Severity, UrlKind, UrlUse, chars, classify, clean,
    escape_href, find_forbidden, footnote_key, has_forbidden, strip_forbidden, url_hint,
    url_problem,
};

impl<'s> Renderer<'s, '_> {
    /// `text` (from the source at `span`) without forbidden characters; each one is reported.
    pub(super) fn clean_str(
        &mut self,
        text: CowStr<'s>,
        span: Range<usize>,
        refs: Refs,
    ) -> CowStr<'s> {
        if !has_forbidden(&text) {
            return text;
        }
        self.report_forbidden(span, refs);
        strip_forbidden(&text).into_owned().into()
    }

    /// Report every forbidden character written in the source at `span` (once per place).
    pub(super) fn report_forbidden(&mut self, span: Range<usize>, refs: Refs) {
        let Some(source) = self.src.get(span.clone()) else {
            return;
        };
        for found in find_forbidden(source, refs) {
            let at = span.start + found.at;
            if self.reported.insert(at) {
                self.problem(at, found.message(source), Some(chars::HINT), false);
            }
        }
    }

    /// A Markdown link (its `Start` at `i`): to the site or a contact as pulldown-cmark writes
    /// it, to another host with `rel`, and not at all when its URL could run code.
    pub(super) fn link(&mut self, i: usize, out: &mut Vec<Event<'s>>) {
        let Some((
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }),
            span,
        )) = self.events.get(i).cloned()
        else {
            return;
        };
        let dest_url = self.clean_str(dest_url, span.clone(), Refs::Markdown);
        let title = self.clean_str(title, span.clone(), Refs::Markdown);
        // An e-mail autolink's URL is the address; the writer adds `mailto:`.
        let kind = if link_type == LinkType::Email {
            UrlKind::Contact
        } else {
            classify(&dest_url)
        };
        match kind {
            UrlKind::Scheme(_) => {
                let at = self.dest_offset(i, link_type, &id);
                let why = url_problem(&dest_url, UrlUse::Link).unwrap_or_default();
                self.problem(
                    at,
                    format!("link {why}; it is removed (its text is kept)"),
                    Some(url_hint(UrlUse::Link)),
                    false,
                );
                self.links.push(LinkOut::Dropped);
            }
            UrlKind::Foreign => {
                let mut open = format!("<a href=\"{}\"", escape_href(&dest_url));
                if !title.is_empty() {
                    open.push_str(&format!(" title=\"{}\"", escape_attr(&title)));
                }
                open.push_str(&format!(" rel=\"{FOREIGN_REL}\">"));
                out.push(Event::InlineHtml(open.into()));
                self.links.push(LinkOut::Html);
            }
            UrlKind::Local | UrlKind::Contact => {
                let dest_url = self.rewrite_root(dest_url, span.start);
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
                self.links.push(LinkOut::Plain);
            }
        }
    }

    /// Why an image's URL may not be used (reported where it is written), or `None`.
    pub(super) fn check_image_url(&mut self, i: usize, url: &str) -> bool {
        let Some(why) = url_problem(url, UrlUse::Resource) else {
            return true;
        };
        let link_type = match self.events.get(i) {
            Some((Event::Start(Tag::Image { link_type, .. }), _)) => *link_type,
            _ => LinkType::Inline,
        };
        let id = match self.events.get(i) {
            Some((Event::Start(Tag::Image { id, .. }), _)) => id.to_string(),
            _ => String::new(),
        };
        let at = self.dest_offset(i, link_type, &id);
        self.problem(
            at,
            format!("image {why}; it is removed"),
            Some(url_hint(UrlUse::Resource)),
            false,
        );
        false
    }

    /// Where the URL of the link or image whose `Start` is at `i` is written: in the link, or in
    /// its reference definition.
    fn dest_offset(&self, i: usize, link_type: LinkType, id: &str) -> usize {
        let span = self.events.get(i).map_or(0..0, |(_, s)| s.clone());
        match link_type {
            LinkType::Autolink | LinkType::Email => span.start + 1,
            LinkType::Inline => {
                let end = self.end_of(i, self.events.len());
                // After the link's text: its last event, or the opening bracket.
                let after = (i + 1..end)
                    .filter_map(|j| self.events.get(j).map(|(_, s)| s.end))
                    .max()
                    .unwrap_or(span.start + 1)
                    .clamp(span.start, span.end);
                let inner = url_start(&self.src[..span.end], after, "](");
                if inner < span.end { inner } else { span.start }
            }
            _ => {
                let key = footnote_key(id);
                self.refdefs
                    .iter()
                    .find(|(label, _)| *label == key)
                    .map_or(span.start, |(_, at)| *at)
            }
        }
    }

    /// Scan the raw HTML of `events[range]` (the lines of one HTML block, or one inline tag) as
    /// one text, and report what the sanitizer removes from it where it is written.
    pub(super) fn scan_html(&mut self, range: Range<usize>) {
        let mut text = String::new();
        // (offset in `text`, the event's source span) for each piece.
        let mut pieces: Vec<(usize, Range<usize>)> = Vec::new();
        for j in range {
            if let Some((Event::Html(h) | Event::InlineHtml(h), span)) = self.events.get(j) {
                pieces.push((text.len(), span.clone()));
                text.push_str(h);
            }
        }
        for (_, span) in pieces.clone() {
            self.report_forbidden(span, Refs::Html);
        }
        let mut scanner = std::mem::take(&mut self.scanner);
        let findings = scanner.scan(&text);
        self.scanner = scanner;
        for f in findings {
            let at = self.source_offset(&text, &pieces, f.at);
            self.problem(at, f.message, Some(f.hint), f.severity == Severity::Warning);
        }
    }

    /// The source offset of byte `at` of a text made of pieces of the source (whose lines may
    /// have lost their block quote markers or indentation).
    fn source_offset(&self, text: &str, pieces: &[(usize, Range<usize>)], at: usize) -> usize {
        let k = pieces.partition_point(|(start, _)| *start <= at).max(1) - 1;
        let Some((start, span)) = pieces.get(k) else {
            return 0;
        };
        let end = pieces.get(k + 1).map_or(text.len(), |(s, _)| *s);
        let piece = &text[*start..end];
        let local = at - start;
        let source = self.src.get(span.clone()).unwrap_or("");
        if source == piece {
            return span.start + local;
        }
        // The piece's characters appear in order in the source: follow them.
        let mut src_chars = source.char_indices();
        let mut last = 0;
        for (pi, c) in piece.char_indices() {
            let found = src_chars.by_ref().find(|(_, sc)| *sc == c);
            match found {
                Some((si, _)) => {
                    if pi == local {
                        return span.start + si;
                    }
                    last = si;
                }
                None => break,
            }
        }
        span.start + last
    }

    /// The key of the placeholders that keep our charts from ammonia: from the text itself, so
    /// that no text can hold the placeholder of its own chart.
    pub(super) fn trusted_key(&mut self) -> String {
        if self.trusted_key.is_empty() {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(self.src.as_bytes());
            self.trusted_key = digest[..12].iter().map(|b| format!("{b:02x}")).collect();
        }
        self.trusted_key.clone()
    }

    /// HTML of our own for the page: as it is, or (when the text goes through ammonia) a
    /// placeholder that ammonia leaves alone.
    pub(super) fn trusted_html(&mut self, html: String) -> String {
        if !self.raw_html {
            return html;
        }
        let key = self.trusted_key();
        let n = self.trusted.len();
        let body = html.strip_suffix('\n').unwrap_or(&html).to_string();
        self.trusted.push(body);
        format!("{}\n", clean::placeholder(&key, n))
    }
}

/// Where the URL starts after `marker` (`](` of an inline link, `]:` of a definition) found from
/// `from`: past spaces, line breaks and an opening `<`.
pub(super) fn url_start(src: &str, from: usize, marker: &str) -> usize {
    let Some(rest) = src.get(from..) else {
        return from;
    };
    let Some(k) = rest.find(marker) else {
        return from;
    };
    let mut at = from + k + marker.len();
    let b = src.as_bytes();
    while at < b.len() && matches!(b[at], b' ' | b'\t' | b'\n' | b'<') {
        at += 1;
    }
    at
}

/// Escape a title for an attribute as pulldown-cmark's writer does (`"`, `&`, `<`, `>`).
pub(super) fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}
