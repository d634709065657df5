//! Markdown to HTML for articles (SPEC §3.6).
//!
//! CommonMark with tables, footnotes and strikethrough, rendered by pulldown-cmark's HTML writer after one
//! pass over the event stream that adds what bantin needs:
//!
//! * headings get `id`s (Vietnamese-aware slugs, de-duplicated) and move down a level (`#` → `<h2>`);
//! * links and images to the site root (`/van-ban/…`) are checked and rewritten relative;
//! * every image needs alt text; a lone image followed by an italic line becomes a `<figure>`;
//! * fenced ```` ```chart ```` blocks are handed to the chart renderer;
//! * known mentions in plain text (directive numbers) become links;
//! * footnote ids are prefixed so several articles can share a page, and the notes move to the end;
//! * tables are wrapped so they scroll on a narrow phone;
//! * links to other hosts get `rel="noopener noreferrer"`; links and images whose URL could run
//!   code (`javascript:`, `data:`, …) and images from other hosts are errors and are dropped;
//! * raw HTML is checked against the sanitizer's policy (`crate::sanitize`): every construct it
//!   removes is reported where it was written (an error if it was active or external, a warning
//!   if it was harmless), and a body that had raw HTML goes through ammonia at the end;
//! * control characters and noncharacters made by character references are errors and dropped.
//!
//! The module knows nothing about the site: whatever it needs comes through [`MarkdownEnv`] callbacks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::diag::Severity;
use crate::sanitize::chars::{self, Refs, find_forbidden, has_forbidden, strip_forbidden};
use crate::sanitize::clean::{self, FOREIGN_REL};
use crate::sanitize::policy::{UrlUse, url_hint, url_problem};
use crate::sanitize::scan::Scanner;
use crate::sanitize::url::{UrlKind, classify};

mod checks;
mod photos;

use checks::url_start;
use photos::photo_html;
pub use photos::{PhotoHtml, PhotoLookup, PhotoResolver};

/// What the caller knows about the site, as callbacks so this module stays independent.
pub struct MarkdownEnv<'a> {
    /// Line number (1-based) in the file where the Markdown body starts (after front matter), so
    /// diagnostics point into the file.
    pub first_line: u32,
    /// Columns before the text on each of its lines in the file: 0 for an article body, the
    /// indentation of a YAML block scalar (`summary: |`), the column of a one-line value.
    pub column_offset: u32,
    /// Prefix for footnote ids so several articles can share a page, e.g. "fn-my-slug-".
    pub footnote_prefix: &'a str,
    /// Resolve a site-root path (a link or image target starting with "/", e.g. "/van-ban/33-ct-tu-2020/"
    /// or "/img/a.jpg", fragment/query already stripped) to the relative URL to write in the page, or None
    /// if no such page/file exists.
    pub resolve_root_path: &'a dyn Fn(&str) -> Option<String>,
    /// Find mentions to auto-link in a run of plain text: returns (byte range in the text, relative URL,
    /// title attribute).
    pub find_autolinks: &'a dyn Fn(&str) -> Vec<AutoLink>,
    /// Render a fenced block whose info string is "chart": given the YAML body and the 1-based file line
    /// where the body starts, return HTML or a problem.
    pub render_chart: &'a dyn Fn(&str, u32) -> Result<String, MdProblem>,
    /// A site-root image path (`/img/a.jpg`, fragment/query stripped) as a processed photo, or
    /// why it cannot be one; `None` (or no callback) when the path is not a photo (an SVG, a
    /// missing file): the image is then linked as it is.
    pub resolve_photo: Option<&'a PhotoResolver<'a>>,
}

/// A mention found by [`MarkdownEnv::find_autolinks`]: byte range in the text, relative URL, title
/// attribute.
pub type AutoLink = (Range<usize>, String, String);

/// A problem found in the Markdown, in file coordinates (1-based line, column in characters).
#[derive(Clone, Debug, PartialEq)]
pub struct MdProblem {
    pub line: u32,
    pub col: u32,
    pub message: String,
    pub hint: Option<String>,
    pub is_warning: bool,
}

/// The rendered article body.
pub struct MarkdownOutput {
    pub html: String,
    /// Problems in document order.
    pub problems: Vec<MdProblem>,
    /// The visible text only (no markup, no alt text, no charts), whitespace collapsed, its first
    /// [`PLAIN_TEXT_CHARS`] characters: for summaries and search.
    pub plain_text: String,
    /// Target of the first image, as written in the Markdown.
    pub first_image: Option<String>,
}

const BROKEN_LINK_HINT: &str =
    "check the slug; pages are listed in output/sitemap.xml after a build";
const ALT_HINT: &str = "describe the picture: ![Cưỡng chế tại xã Ký Phú](…)";

/// Render an article body. Never panics; the same input always gives the same output.
pub fn render_markdown(source: &str, env: &MarkdownEnv) -> MarkdownOutput {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let parser = Parser::new_ext(source, options);
    // Where each reference definition's URL is written, by label (for diagnostics).
    let refdefs: Vec<(String, usize)> = parser
        .reference_definitions()
        .iter()
        .map(|(label, def)| (footnote_key(label), url_start(source, def.span.start, "]:")))
        .collect();
    let events: Vec<(Event, Range<usize>)> = parser.into_offset_iter().collect();
    let mut r = Renderer::new(source, env, events);
    r.refdefs = refdefs;
    let mut body = Vec::new();
    let len = r.events.len();
    r.process(0, len, &mut body);

    let notes = std::mem::take(&mut r.footnote_defs);
    if !notes.is_empty() {
        body.push(Event::Html("<section class=\"footnotes\">\n".into()));
        for (_, note) in notes {
            body.extend(note);
        }
        body.push(Event::Html("</section>\n".into()));
    }

    let plain_text = plain_text(&body);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, body.into_iter());
    if r.raw_html {
        // The final guarantee: whatever the checks above let through, ammonia removes.
        html = clean::clean(&html, &r.trusted_key, &r.trusted);
    }
    MarkdownOutput {
        html,
        problems: r.problems,
        plain_text,
        first_image: r.first_image,
    }
}

struct Renderer<'s, 'e> {
    src: &'s str,
    env: &'e MarkdownEnv<'e>,
    events: Vec<(Event<'s>, Range<usize>)>,
    /// For each `Start` event, the index of its `End` (`events.len()` if unmatched); other events: own index.
    ends: Vec<usize>,
    /// Byte offset where each line of `src` starts.
    line_starts: Vec<usize>,
    problems: Vec<MdProblem>,
    first_image: Option<String>,
    /// Footnote number by normalized label: in order of first reference, then unreferenced definitions.
    footnote_numbers: HashMap<String, usize>,
    /// Rendered footnote definitions by number, emitted at the end.
    footnote_defs: BTreeMap<usize, Vec<Event<'s>>>,
    heading_ids: HashSet<String>,
    /// Depth of Markdown links around the current position (no auto-links inside links).
    link_depth: usize,
    /// Depth of raw inline `<a …>` around the current position.
    raw_anchor_depth: usize,
    /// How each open Markdown link was written out.
    links: Vec<LinkOut>,
    /// Whether the text has raw HTML (then its HTML goes through ammonia at the end).
    raw_html: bool,
    /// Reads the raw HTML fragments in order; knows when text is inside a removed element.
    scanner: Scanner,
    /// HTML of our own (charts) kept out of ammonia's reach, and the key of its placeholders.
    trusted: Vec<String>,
    trusted_key: String,
    /// Where each reference definition's URL is written, by normalized label.
    refdefs: Vec<(String, usize)>,
    /// Offsets of forbidden characters reported already (a link's text is looked at twice).
    reported: HashSet<usize>,
}

/// How a Markdown link was written out, so that its end matches.
enum LinkOut {
    /// As pulldown-cmark writes it.
    Plain,
    /// As raw HTML of ours (with `rel`).
    Html,
    /// Not at all: its URL was refused; its text stays.
    Dropped,
}

impl<'s, 'e> Renderer<'s, 'e> {
    fn new(src: &'s str, env: &'e MarkdownEnv<'e>, events: Vec<(Event<'s>, Range<usize>)>) -> Self {
        let n = events.len();
        let mut ends: Vec<usize> = (0..n).collect();
        let mut stack = Vec::new();
        for (i, (ev, _)) in events.iter().enumerate() {
            match ev {
                Event::Start(_) => {
                    ends[i] = n;
                    stack.push(i);
                }
                Event::End(_) => {
                    if let Some(s) = stack.pop() {
                        ends[s] = i;
                    }
                }
                _ => {}
            }
        }

        let mut footnote_numbers = HashMap::new();
        for (ev, _) in &events {
            if let Event::FootnoteReference(label) = ev {
                let next = footnote_numbers.len() + 1;
                footnote_numbers.entry(footnote_key(label)).or_insert(next);
            }
        }
        for (ev, _) in &events {
            if let Event::Start(Tag::FootnoteDefinition(label)) = ev {
                let next = footnote_numbers.len() + 1;
                footnote_numbers.entry(footnote_key(label)).or_insert(next);
            }
        }

        let raw_html = events
            .iter()
            .any(|(ev, _)| matches!(ev, Event::Html(_) | Event::InlineHtml(_)));
        let line_starts = std::iter::once(0)
            .chain(src.match_indices('\n').map(|(i, _)| i + 1))
            .collect();

        Renderer {
            src,
            env,
            events,
            ends,
            line_starts,
            problems: Vec::new(),
            first_image: None,
            footnote_numbers,
            footnote_defs: BTreeMap::new(),
            heading_ids: HashSet::new(),
            link_depth: 0,
            raw_anchor_depth: 0,
            links: Vec::new(),
            raw_html,
            scanner: Scanner::default(),
            trusted: Vec::new(),
            trusted_key: String::new(),
            refdefs: Vec::new(),
            reported: HashSet::new(),
        }
    }

    /// Index of the `End` matching the `Start` at `i`, kept inside `i..hi` so indexing stays safe.
    fn end_of(&self, i: usize, hi: usize) -> usize {
        let end = self.ends.get(i).copied().unwrap_or(i);
        end.min(hi.saturating_sub(1)).max(i)
    }

    fn event(&self, i: usize) -> Option<&Event<'s>> {
        self.events.get(i).map(|(ev, _)| ev)
    }

    /// File line and column (1-based, column in characters) of a byte offset in the Markdown body.
    fn pos(&self, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.src.len());
        while !self.src.is_char_boundary(offset) {
            offset -= 1;
        }
        let idx = match self.line_starts.binary_search(&offset) {
            Ok(k) => k,
            Err(k) => k.saturating_sub(1),
        };
        let start = self.line_starts.get(idx).copied().unwrap_or(0).min(offset);
        let col = self.src.get(start..offset).map_or(0, |s| s.chars().count()) + 1;
        let line = self
            .env
            .first_line
            .max(1)
            .saturating_add(u32::try_from(idx).unwrap_or(u32::MAX));
        let col = u32::try_from(col)
            .unwrap_or(u32::MAX)
            .saturating_add(self.env.column_offset);
        (line, col)
    }

    fn problem(&mut self, offset: usize, message: String, hint: Option<&str>, is_warning: bool) {
        let (line, col) = self.pos(offset);
        self.problems.push(MdProblem {
            line,
            col,
            message,
            hint: hint.map(str::to_string),
            is_warning,
        });
    }

    /// Render `events[lo..hi]` into `out`.
    fn process(&mut self, lo: usize, hi: usize, out: &mut Vec<Event<'s>>) {
        let hi = hi.min(self.events.len());
        let mut i = lo;
        while i < hi {
            let (ev, span) = self.events[i].clone();
            if self.scanner.dropping() && is_inline_leaf(&ev) {
                // Inside an element the sanitizer removes with its content (`<script>`, …); a
                // forbidden character there is reported all the same.
                if let Event::Text(t) = &ev
                    && has_forbidden(t)
                {
                    self.report_forbidden(span, Refs::Markdown);
                }
                i += 1;
                continue;
            }
            match ev {
                Event::Start(Tag::Heading { level, .. }) => {
                    let end = self.end_of(i, hi);
                    let text = self.raw_text(i + 1, end);
                    let id = self.unique_heading_id(&text);
                    let level = shift_heading(level);
                    out.push(Event::Start(Tag::Heading {
                        level,
                        id: Some(id.into()),
                        classes: Vec::new(),
                        attrs: Vec::new(),
                    }));
                    self.process(i + 1, end, out);
                    out.push(Event::End(TagEnd::Heading(level)));
                    self.block_boundary();
                    i = end + 1;
                }
                Event::Start(Tag::Paragraph) => match self.try_figure(i, hi, out) {
                    Some(next) => i = next,
                    None => {
                        out.push(ev);
                        i += 1;
                    }
                },
                Event::Start(Tag::Image { .. }) => {
                    let end = self.end_of(i, hi);
                    if let Some(img) = self.image_html(i, end) {
                        out.push(Event::InlineHtml(img.into()));
                    }
                    i = end + 1;
                }
                Event::Start(Tag::Link { .. }) => {
                    self.link(i, out);
                    self.link_depth += 1;
                    i += 1;
                }
                Event::End(TagEnd::Link) => {
                    self.link_depth = self.link_depth.saturating_sub(1);
                    match self.links.pop() {
                        Some(LinkOut::Plain) | None => out.push(ev),
                        Some(LinkOut::Html) => out.push(Event::InlineHtml("</a>".into())),
                        Some(LinkOut::Dropped) => {}
                    }
                    i += 1;
                }
                Event::Code(code) => {
                    let code = self.clean_str(code, span, Refs::None);
                    out.push(Event::Code(code));
                    i += 1;
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let end = self.end_of(i, hi);
                    if is_chart(&kind) {
                        self.chart(i, end, out);
                    } else {
                        let kind = match kind {
                            CodeBlockKind::Fenced(info) => {
                                // The info string (its first line) is decoded like text.
                                let fence = span.start
                                    ..self.src[span.clone()]
                                        .find('\n')
                                        .map_or(span.end, |k| span.start + k);
                                CodeBlockKind::Fenced(self.clean_str(info, fence, Refs::Markdown))
                            }
                            kind => kind,
                        };
                        out.push(Event::Start(Tag::CodeBlock(kind)));
                        for j in i + 1..end {
                            let (ev, span) = self.events[j].clone();
                            out.push(match ev {
                                Event::Text(t) => Event::Text(self.clean_str(t, span, Refs::None)),
                                ev => ev,
                            });
                        }
                        out.push(Event::End(TagEnd::CodeBlock));
                    }
                    self.block_boundary();
                    i = end + 1;
                }
                Event::Start(Tag::Table(_)) => {
                    out.push(Event::Html("<div class=\"table-wrap\">".into()));
                    out.push(ev);
                    i += 1;
                }
                Event::End(TagEnd::Table) => {
                    out.push(ev);
                    out.push(Event::Html("</div>\n".into()));
                    self.block_boundary();
                    i += 1;
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    let end = self.end_of(i, hi);
                    let n = self.footnote_number(&label);
                    let mut note = vec![Event::Html(
                        format!(
                            "<div class=\"footnote-definition\" id=\"{}{n}\"><sup class=\"footnote-definition-label\">{n}</sup>\n",
                            crate::text::escape_markup(self.env.footnote_prefix)
                        )
                        .into(),
                    )];
                    self.process(i + 1, end, &mut note);
                    note.push(Event::Html("</div>\n".into()));
                    self.footnote_defs.entry(n).or_insert(note);
                    self.block_boundary();
                    i = end + 1;
                }
                Event::FootnoteReference(label) => {
                    let n = self.footnote_number(&label);
                    out.push(Event::InlineHtml(
                        format!(
                            "<sup class=\"footnote-reference\"><a href=\"#{}{n}\">{n}</a></sup>",
                            crate::text::escape_markup(self.env.footnote_prefix)
                        )
                        .into(),
                    ));
                    i += 1;
                }
                Event::Text(_) => {
                    let mut text = String::new();
                    while i < hi {
                        match &self.events[i] {
                            (Event::Text(t), _) if !has_forbidden(t) => text.push_str(t),
                            (Event::Text(t), span) => {
                                let (t, span) = (t.clone(), span.clone());
                                text.push_str(&self.clean_str(t, span, Refs::Markdown));
                            }
                            _ => break,
                        }
                        i += 1;
                    }
                    self.emit_text(text, out);
                }
                Event::Start(Tag::HtmlBlock) => {
                    let end = self.end_of(i, hi);
                    self.scan_html(i + 1..end);
                    out.extend((i..=end.min(hi - 1)).map(|j| self.events[j].0.clone()));
                    self.block_boundary();
                    i = end + 1;
                }
                Event::Html(_) => {
                    self.scan_html(i..i + 1);
                    out.push(ev);
                    i += 1;
                }
                Event::InlineHtml(html) => {
                    self.scan_html(i..i + 1);
                    match raw_anchor(&html) {
                        Some(true) => self.raw_anchor_depth += 1,
                        Some(false) => {
                            self.raw_anchor_depth = self.raw_anchor_depth.saturating_sub(1)
                        }
                        None => {}
                    }
                    out.push(Event::InlineHtml(html));
                    i += 1;
                }
                Event::Start(ref tag) => {
                    if !is_inline_tag(tag) {
                        self.block_boundary();
                    }
                    out.push(ev);
                    i += 1;
                }
                Event::End(end) => {
                    if !is_inline_end(end) {
                        self.block_boundary();
                    }
                    out.push(ev);
                    i += 1;
                }
                _ => {
                    out.push(ev);
                    i += 1;
                }
            }
        }
    }

    /// Raw HTML state does not survive a block boundary.
    fn block_boundary(&mut self) {
        self.raw_anchor_depth = 0;
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnote_numbers.len() + 1;
        *self
            .footnote_numbers
            .entry(footnote_key(label))
            .or_insert(next)
    }

    /// The text of `events[lo..hi]` (text and code only), whitespace collapsed, without
    /// forbidden characters (reported).
    fn raw_text(&mut self, lo: usize, hi: usize) -> String {
        let mut s = String::new();
        for j in lo..hi.min(self.events.len()) {
            match self.events[j].clone() {
                (Event::Text(t), span) => s.push_str(&self.clean_str(t, span, Refs::Markdown)),
                (Event::Code(t), span) => s.push_str(&self.clean_str(t, span, Refs::None)),
                (Event::SoftBreak | Event::HardBreak, _) => s.push(' '),
                _ => {}
            }
        }
        collapse_whitespace(&s)
    }

    fn unique_heading_id(&mut self, text: &str) -> String {
        let mut base = crate::text::slugify(text);
        if base.is_empty() {
            base = "muc".to_string();
        }
        let mut id = base.clone();
        let mut k = 2;
        while self.heading_ids.contains(&id) {
            id = format!("{base}-{k}");
            k += 1;
        }
        self.heading_ids.insert(id.clone());
        id
    }

    /// A link or image target that starts at the site root, checked and made relative.
    fn rewrite_root(&mut self, dest: CowStr<'s>, offset: usize) -> CowStr<'s> {
        if !dest.starts_with('/') || dest.starts_with("//") {
            return dest;
        }
        let cut = dest.find(['#', '?']).unwrap_or(dest.len());
        let path = &dest[..cut];
        let fragment = dest.find('#').map_or("", |k| &dest[k..]);
        match (self.env.resolve_root_path)(path) {
            Some(rel) => format!("{rel}{fragment}").into(),
            None => {
                let message = format!("link to {path} which is not a page or file of the site");
                self.problem(offset, message, Some(BROKEN_LINK_HINT), false);
                dest
            }
        }
    }

    /// `<img …>` for the image whose `Start` is at `i` and `End` at `end`; `None` when its URL is
    /// refused (reported).
    fn image_html(&mut self, i: usize, end: usize) -> Option<String> {
        let Some((
            Event::Start(Tag::Image {
                dest_url, title, ..
            }),
            span,
        )) = self.events.get(i).cloned()
        else {
            return None;
        };
        let alt = self.raw_text(i + 1, end);
        if alt.is_empty() {
            self.problem(
                span.start,
                "image has no alt text".to_string(),
                Some(ALT_HINT),
                false,
            );
        }
        let dest_url = self.clean_str(dest_url, span.clone(), Refs::Markdown);
        let title = self.clean_str(title, span.clone(), Refs::Markdown);
        if !self.check_image_url(i, &dest_url) {
            return None;
        }
        let first = self.first_image.is_none();
        if first {
            self.first_image = Some(dest_url.to_string());
        }
        if let Some(lookup) = self.photo(&dest_url) {
            return match lookup {
                PhotoLookup::Shown(photo) => {
                    if let Some((message, hint)) = &photo.warning {
                        self.problem(span.start, message.clone(), Some(hint), true);
                    }
                    Some(photo_html(&photo, &alt, &title, first))
                }
                PhotoLookup::Refused { message, hint } => {
                    self.problem(span.start, message, Some(&hint), false);
                    None
                }
            };
        }
        let src = self.rewrite_root(dest_url, span.start);
        let mut html = format!(
            "<img src=\"{}\" alt=\"{}\"",
            escape_href(&src),
            crate::text::escape_markup(&alt)
        );
        if !title.is_empty() {
            html.push_str(&format!(
                " title=\"{}\"",
                crate::text::escape_markup(&title)
            ));
        }
        html.push_str(" loading=\"lazy\">");
        Some(html)
    }

    /// The photo a site-root image URL names, if it is one.
    fn photo(&self, url: &str) -> Option<PhotoLookup> {
        let resolve = self.env.resolve_photo?;
        if !url.starts_with('/') || url.starts_with("//") {
            return None;
        }
        let cut = url.find(['#', '?']).unwrap_or(url.len());
        resolve(&url[..cut])
    }

    /// A paragraph that is a lone image (optionally captioned by an italic line, in the same paragraph after a
    /// line break or in the next paragraph) becomes a `<figure>`. Returns the index after what was consumed.
    fn try_figure(&mut self, p: usize, hi: usize, out: &mut Vec<Event<'s>>) -> Option<usize> {
        let p_end = self.end_of(p, hi);
        let img = p + 1;
        if img >= p_end || !matches!(self.event(img), Some(Event::Start(Tag::Image { .. }))) {
            return None;
        }
        let img_end = self.end_of(img, p_end);
        let is_em = |r: &Self, i: usize| matches!(r.event(i), Some(Event::Start(Tag::Emphasis)));
        let (caption, next) = if img_end + 1 == p_end {
            let q = p_end + 1;
            if q < hi && matches!(self.event(q), Some(Event::Start(Tag::Paragraph))) {
                let q_end = self.end_of(q, hi);
                let em = q + 1;
                if em < q_end && is_em(self, em) && self.end_of(em, q_end) + 1 == q_end {
                    (Some(em + 1..q_end - 1), q_end + 1)
                } else {
                    (None, p_end + 1)
                }
            } else {
                (None, p_end + 1)
            }
        } else if img_end + 2 < p_end
            && matches!(
                self.event(img_end + 1),
                Some(Event::SoftBreak | Event::HardBreak)
            )
            && is_em(self, img_end + 2)
            && self.end_of(img_end + 2, p_end) + 1 == p_end
        {
            (Some(img_end + 3..p_end - 1), p_end + 1)
        } else {
            return None;
        };

        let img_html = self.image_html(img, img_end).unwrap_or_default();
        out.push(Event::Html(format!("<figure>{img_html}").into()));
        if let Some(caption) = caption {
            out.push(Event::Html("<figcaption>".into()));
            self.process(caption.start, caption.end, out);
            out.push(Event::Html("</figcaption>".into()));
        }
        out.push(Event::Html("</figure>\n".into()));
        self.block_boundary();
        Some(next)
    }

    /// A ```` ```chart ```` block: its body goes to the chart renderer.
    fn chart(&mut self, i: usize, end: usize, out: &mut Vec<Event<'s>>) {
        let mut body = String::new();
        let mut body_start = None;
        for (ev, span) in self.events.get(i + 1..end).unwrap_or(&[]) {
            if let Event::Text(t) = ev {
                body_start.get_or_insert(span.start);
                body.push_str(t);
            }
        }
        let line = match body_start {
            Some(offset) => self.pos(offset).0,
            None => {
                let fence = self.events.get(i).map_or(0, |(_, span)| span.start);
                self.pos(fence).0.saturating_add(1)
            }
        };
        match (self.env.render_chart)(&body, line) {
            Ok(mut html) => {
                if !html.ends_with('\n') {
                    html.push('\n');
                }
                let html = self.trusted_html(html);
                out.push(Event::Html(html.into()));
            }
            Err(problem) => self.problems.push(problem),
        }
    }

    /// Plain text, with auto-links to known mentions unless already inside a link.
    fn emit_text(&mut self, text: String, out: &mut Vec<Event<'s>>) {
        if text.is_empty() {
            return;
        }
        if self.link_depth > 0 || self.raw_anchor_depth > 0 {
            out.push(Event::Text(text.into()));
            return;
        }
        let mut found = (self.env.find_autolinks)(&text);
        found.sort_by_key(|(r, _, _)| (r.start, std::cmp::Reverse(r.end)));
        let mut pos = 0;
        for (r, url, title) in found {
            let valid = r.start >= pos
                && r.start < r.end
                && r.end <= text.len()
                && text.is_char_boundary(r.start)
                && text.is_char_boundary(r.end);
            if !valid {
                continue;
            }
            if r.start > pos {
                out.push(Event::Text(text[pos..r.start].to_string().into()));
            }
            let mut open = format!("<a href=\"{}\"", escape_href(&url));
            if !title.is_empty() {
                open.push_str(&format!(
                    " title=\"{}\"",
                    crate::text::escape_markup(&title)
                ));
            }
            open.push('>');
            out.push(Event::InlineHtml(open.into()));
            out.push(Event::Text(text[r.clone()].to_string().into()));
            out.push(Event::InlineHtml("</a>".into()));
            pos = r.end;
        }
        if pos == 0 {
            out.push(Event::Text(text.into()));
        } else if pos < text.len() {
            out.push(Event::Text(text[pos..].to_string().into()));
        }
    }
}

/// `Some(true)` for a raw `<a …>` start tag, `Some(false)` for `</a>`.
fn raw_anchor(html: &str) -> Option<bool> {
    let lower = html.trim_start().to_ascii_lowercase();
    let boundary = |rest: &str| {
        rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '>')
    };
    if let Some(rest) = lower.strip_prefix("</a") {
        boundary(rest).then_some(false)
    } else if let Some(rest) = lower.strip_prefix("<a") {
        boundary(rest).then_some(true)
    } else {
        None
    }
}

fn is_chart(kind: &CodeBlockKind) -> bool {
    matches!(kind, CodeBlockKind::Fenced(info) if info.split_whitespace().next() == Some("chart"))
}

fn is_inline_tag(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(end: TagEnd) -> bool {
    matches!(
        end,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Events that are content inside a paragraph (dropped while inside an inline `<script>`).
fn is_inline_leaf(ev: &Event) -> bool {
    matches!(
        ev,
        Event::Text(_)
            | Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::FootnoteReference(_)
            | Event::InlineMath(_)
    )
}

/// `#` is the first level inside an article: the page title is the `<h1>`.
fn shift_heading(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

fn footnote_key(label: &str) -> String {
    collapse_whitespace(label).to_lowercase()
}

/// `s` with every run of whitespace made one space, and none at either end.
fn collapse_whitespace(s: &str) -> String {
    let mut c = Collapsed::new(usize::MAX);
    c.push(s);
    c.out
}

/// Text with every run of whitespace made one space and none at either end, added piece by
/// piece, up to `limit` characters: only the start of a long text is ever looked at.
struct Collapsed {
    out: String,
    chars: usize,
    limit: usize,
    /// Whitespace met since the last word.
    space: bool,
}

impl Collapsed {
    fn new(limit: usize) -> Self {
        Collapsed {
            out: String::new(),
            chars: 0,
            limit,
            space: false,
        }
    }

    fn full(&self) -> bool {
        self.chars >= self.limit
    }

    /// Add `piece`; whether more is wanted. Read from the bytes: each run of non-whitespace is
    /// counted character by character (up to the limit) and copied at once.
    fn push(&mut self, piece: &str) -> bool {
        let b = piece.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if self.full() {
                return false;
            }
            let space = whitespace_len(piece, i);
            if space > 0 {
                self.space = true;
                i += space;
                continue;
            }
            if self.space && !self.out.is_empty() {
                // Not full (checked above): the space separating this word from the last.
                self.out.push(' ');
                self.chars += 1;
                if self.full() {
                    return false;
                }
            }
            self.space = false;
            let start = i;
            let mut chars = self.chars;
            // Only ASCII, 0xC2 and 0xE1–0xE3 can start whitespace (see [`whitespace_len`]);
            // other characters are stepped over by their first byte.
            while i < b.len() && chars < self.limit {
                let x = b[i];
                let len = match x {
                    b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => break,
                    0x00..=0x7F => 1,
                    0xC2 if matches!(b.get(i + 1), Some(0x85 | 0xA0)) => break,
                    0x80..=0xDF => 2,
                    0xE1..=0xE3 if whitespace_len(piece, i) > 0 => break,
                    0xE0..=0xEF => 3,
                    _ => 4,
                };
                i += len;
                chars += 1;
            }
            self.out.push_str(&piece[start..i]);
            self.chars = chars;
        }
        !self.full()
    }
}

/// The length in bytes of the whitespace character that starts at byte `i` of `s` (a character
/// boundary), or 0, read from the bytes: besides ASCII, whitespace is U+0085, U+00A0 (0xC2 …),
/// U+1680 (0xE1 0x9A 0x80), U+2000–U+200A, U+2028, U+2029, U+202F, U+205F (0xE2 …) and U+3000
/// (0xE3 0x80 0x80). Vietnamese letters, mostly 0xE1 0xBA/0xBB …, are told apart without decoding.
#[inline]
fn whitespace_len(s: &str, i: usize) -> usize {
    let b = s.as_bytes();
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => 1,
        0xC2 if matches!(at(1), 0x85 | 0xA0) => 2,
        0xE1 if at(1) == 0x9A && at(2) == 0x80 => 3,
        0xE2 if (at(1) == 0x80 && matches!(at(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF))
            || (at(1) == 0x81 && at(2) == 0x9F) =>
        {
            3
        }
        0xE3 if at(1) == 0x80 && at(2) == 0x80 => 3,
        _ => 0,
    }
}

/// The most of an article's visible text kept ([`MarkdownOutput::plain_text`]): excerpts and the
/// search index take at most a few hundred characters, and a whole text is ~4 KB.
pub const PLAIN_TEXT_CHARS: usize = 1000;

/// The visible text of the final event stream, whitespace collapsed, its first
/// [`PLAIN_TEXT_CHARS`] characters.
fn plain_text(events: &[Event]) -> String {
    let mut text = Collapsed::new(PLAIN_TEXT_CHARS);
    for ev in events {
        let more = match ev {
            Event::Text(t) | Event::Code(t) => text.push(t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => text.push(" "),
            Event::Start(tag) if !is_inline_tag(tag) => text.push(" "),
            Event::End(end) if !is_inline_end(*end) => text.push(" "),
            // Block-level HTML we generate (figures, charts, footnotes) ends a line.
            Event::Html(h) if h.ends_with('\n') || h.starts_with("<figure>") => text.push(" "),
            _ => true,
        };
        if !more {
            break;
        }
    }
    text.out
}

/// Escape a URL for an `href`/`src` attribute the way pulldown-cmark's writer does: percent-encode bytes that
/// are not URL-safe (existing `%XX` is kept), `&` and `'` as entities.
fn escape_href(s: &str) -> String {
    const SAFE: &[u8] =
        b"!#$%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_abcdefghijklmnopqrstuvwxyz~";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        match b {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            _ if b.is_ascii() && SAFE.contains(&b) => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests;
