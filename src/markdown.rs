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
//! * raw HTML passes through, except `<script>`, which is dropped with a warning.
//!
//! The module knows nothing about the site: whatever it needs comes through [`MarkdownEnv`] callbacks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// What the caller knows about the site, as callbacks so this module stays independent.
pub struct MarkdownEnv<'a> {
    /// Line number (1-based) in the file where the Markdown body starts (after front matter), so
    /// diagnostics point into the file.
    pub first_line: u32,
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
const SCRIPT_MESSAGE: &str =
    "raw HTML script is not allowed in articles; it would break offline use";

/// Render an article body. Never panics; the same input always gives the same output.
pub fn render_markdown(source: &str, env: &MarkdownEnv) -> MarkdownOutput {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events: Vec<(Event, Range<usize>)> = Parser::new_ext(source, options)
        .into_offset_iter()
        .collect();
    let mut r = Renderer::new(source, env, events);
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
    /// Inside a raw `<script>` element being dropped.
    in_script: bool,
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
            in_script: false,
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
        (line, u32::try_from(col).unwrap_or(u32::MAX))
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
            if self.in_script && is_inline_leaf(&ev) {
                // The content of a dropped inline <script>…</script>.
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
                    let img = self.image_html(i, end);
                    out.push(Event::InlineHtml(img.into()));
                    i = end + 1;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let dest_url = self.rewrite_root(dest_url, span.start);
                    self.link_depth += 1;
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                    i += 1;
                }
                Event::End(TagEnd::Link) => {
                    self.link_depth = self.link_depth.saturating_sub(1);
                    out.push(ev);
                    i += 1;
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let end = self.end_of(i, hi);
                    if is_chart(&kind) {
                        self.chart(i, end, out);
                    } else {
                        out.push(Event::Start(Tag::CodeBlock(kind)));
                        out.extend((i + 1..end).map(|j| self.events[j].0.clone()));
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
                        match &self.events[i].0 {
                            Event::Text(t) => text.push_str(t),
                            _ => break,
                        }
                        i += 1;
                    }
                    self.emit_text(text, out);
                }
                Event::Html(html) => {
                    let kept = self.drop_scripts(&html, span.start);
                    if !kept.is_empty() {
                        out.push(Event::Html(kept.into()));
                    }
                    i += 1;
                }
                Event::InlineHtml(html) => {
                    let kept = self.drop_scripts(&html, span.start);
                    match raw_anchor(&kept) {
                        Some(true) => self.raw_anchor_depth += 1,
                        Some(false) => {
                            self.raw_anchor_depth = self.raw_anchor_depth.saturating_sub(1)
                        }
                        None => {}
                    }
                    if !kept.is_empty() {
                        out.push(Event::InlineHtml(kept.into()));
                    }
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
        self.in_script = false;
        self.raw_anchor_depth = 0;
    }

    fn footnote_number(&mut self, label: &str) -> usize {
        let next = self.footnote_numbers.len() + 1;
        *self
            .footnote_numbers
            .entry(footnote_key(label))
            .or_insert(next)
    }

    /// The text of `events[lo..hi]` (text and code only), whitespace collapsed.
    fn raw_text(&self, lo: usize, hi: usize) -> String {
        let mut s = String::new();
        for (ev, _) in self.events.get(lo..hi).unwrap_or(&[]) {
            match ev {
                Event::Text(t) | Event::Code(t) => s.push_str(t),
                Event::SoftBreak | Event::HardBreak => s.push(' '),
                _ => {}
            }
        }
        collapse_whitespace(&s)
    }

    fn unique_heading_id(&mut self, text: &str) -> String {
        let mut base = slugify(text);
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

    /// `<img …>` for the image whose `Start` is at `i` and `End` at `end`.
    fn image_html(&mut self, i: usize, end: usize) -> String {
        let Some((
            Event::Start(Tag::Image {
                dest_url, title, ..
            }),
            span,
        )) = self.events.get(i).cloned()
        else {
            return String::new();
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
        if self.first_image.is_none() {
            self.first_image = Some(dest_url.to_string());
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
        html
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

        let img_html = self.image_html(img, img_end);
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

    /// Raw HTML with every `<script …>…</script>` removed (one warning each). A script left open continues
    /// into the following events until its end tag or the end of the block.
    fn drop_scripts(&mut self, html: &str, offset: usize) -> String {
        let lower = html.to_ascii_lowercase();
        let mut kept = String::new();
        let mut pos = 0;
        while pos < html.len() {
            if self.in_script {
                match lower[pos..].find("</script") {
                    Some(k) => {
                        let close = pos + k;
                        pos = lower[close..]
                            .find('>')
                            .map_or(html.len(), |g| close + g + 1);
                        self.in_script = false;
                    }
                    None => pos = html.len(),
                }
            } else {
                match find_script_open(&lower[pos..]) {
                    Some(k) => {
                        let open = pos + k;
                        kept.push_str(&html[pos..open]);
                        self.problem(offset + open, SCRIPT_MESSAGE.to_string(), None, true);
                        self.in_script = true;
                        pos = open + "<script".len();
                    }
                    None => {
                        kept.push_str(&html[pos..]);
                        pos = html.len();
                    }
                }
            }
        }
        if kept.len() < html.len() && kept.trim().is_empty() {
            // A line that held only a script leaves no blank line behind.
            kept.clear();
        }
        kept
    }
}

/// Offset of the first `<script` start tag in ASCII-lowercased HTML.
fn find_script_open(lower: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = lower[from..].find("<script") {
        let at = from + k;
        let after = lower.as_bytes().get(at + "<script".len());
        if after.is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/') {
            return Some(at);
        }
        from = at + 1;
    }
    None
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

/// Heading id: ASCII lowercase, Vietnamese diacritics removed, `đ` → `d`, anything else that is not a letter
/// or digit becomes a single `-`.
fn slugify(text: &str) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    slug
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
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DIRECTIVE_URL: &str = "../../van-ban/33-ct-tu-2020/";

    fn resolve(path: &str) -> Option<String> {
        match path {
            "/" | "/van-ban/33-ct-tu-2020/" | "/img/a.jpg" | "/tai-lieu/bao cao.pdf" => {
                Some(format!("../..{path}"))
            }
            _ => None,
        }
    }

    fn autolinks(text: &str) -> Vec<(Range<usize>, String, String)> {
        text.match_indices("33-CT/TU")
            .map(|(i, m)| {
                (
                    i..i + m.len(),
                    DIRECTIVE_URL.to_string(),
                    "Chỉ thị \"33\" & <TU>".to_string(),
                )
            })
            .collect()
    }

    fn chart(body: &str, line: u32) -> Result<String, MdProblem> {
        if body.contains("type: yearly") {
            Ok(format!(
                "<div class=\"chart\" data-line=\"{line}\">{}</div>",
                body.len()
            ))
        } else {
            Err(MdProblem {
                line,
                col: 1,
                message: "unknown chart type".to_string(),
                hint: None,
                is_warning: false,
            })
        }
    }

    fn render_at(source: &str, first_line: u32) -> MarkdownOutput {
        let env = MarkdownEnv {
            first_line,
            footnote_prefix: "fn-bai-viet-",
            resolve_root_path: &resolve,
            find_autolinks: &autolinks,
            render_chart: &chart,
        };
        render_markdown(source, &env)
    }

    fn render(source: &str) -> MarkdownOutput {
        render_at(source, 1)
    }

    fn html(source: &str) -> String {
        let out = render(source);
        assert_eq!(out.problems, vec![], "unexpected problems for {source:?}");
        out.html
    }

    fn problem(
        line: u32,
        col: u32,
        message: &str,
        hint: Option<&str>,
        is_warning: bool,
    ) -> MdProblem {
        MdProblem {
            line,
            col,
            message: message.to_string(),
            hint: hint.map(str::to_string),
            is_warning,
        }
    }

    #[test]
    fn commonmark_with_strikethrough_lists_and_quotes() {
        assert_eq!(
            html("a  \nb ~~c~~ `d` **e**\n\n- x\n- y\n\n> q"),
            "<p>a<br />\nb <del>c</del> <code>d</code> <strong>e</strong></p>\n<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n\
             <blockquote>\n<p>q</p>\n</blockquote>\n"
        );
    }

    #[test]
    fn headings_shift_down_one_level_and_get_ids() {
        assert_eq!(
            html("# Kết quả thi hành án\n\n## Đại Từ: 2023!\n\n##### Năm\n\n###### Sáu"),
            "<h2 id=\"ket-qua-thi-hanh-an\">Kết quả thi hành án</h2>\n<h3 id=\"dai-tu-2023\">Đại Từ: 2023!</h3>\n\
             <h6 id=\"nam\">Năm</h6>\n<h6 id=\"sau\">Sáu</h6>\n"
        );
    }

    #[test]
    fn heading_ids_are_deduplicated() {
        assert_eq!(
            html("# Kết quả\n\n## Kết quả\n\n# Kết quả-2\n\n# *Kết* `quả`\n\n# !!!\n\n# ???"),
            "<h2 id=\"ket-qua\">Kết quả</h2>\n<h3 id=\"ket-qua-2\">Kết quả</h3>\n\
             <h2 id=\"ket-qua-2-2\">Kết quả-2</h2>\n<h2 id=\"ket-qua-3\"><em>Kết</em> <code>quả</code></h2>\n\
             <h2 id=\"muc\">!!!</h2>\n<h2 id=\"muc-2\">???</h2>\n"
        );
    }

    #[test]
    fn slugs_drop_vietnamese_diacritics() {
        assert_eq!(slugify("Thi hành án dân sự"), "thi-hanh-an-dan-su");
        assert_eq!(slugify("ĐẠI TỪ – Ưu tiên; Ơn"), "dai-tu-uu-tien-on");
        assert_eq!(slugify("  Chỉ thị số 33-CT/TU  "), "chi-thi-so-33-ct-tu");
        assert_eq!(slugify("漢字"), "");
    }

    #[test]
    fn footnotes_are_prefixed_numbered_by_first_reference_and_moved_to_the_end() {
        let out =
            render("Một[^b] hai[^a] lại[^b].\n\n[^a]: Ghi chú *A*.\n[^b]: Ghi chú B.\n\nCuối.");
        assert_eq!(out.problems, vec![]);
        assert_eq!(
            out.html,
            "<p>Một<sup class=\"footnote-reference\"><a href=\"#fn-bai-viet-1\">1</a></sup> \
             hai<sup class=\"footnote-reference\"><a href=\"#fn-bai-viet-2\">2</a></sup> \
             lại<sup class=\"footnote-reference\"><a href=\"#fn-bai-viet-1\">1</a></sup>.</p>\n\
             <p>Cuối.</p>\n\
             <section class=\"footnotes\">\n\
             <div class=\"footnote-definition\" id=\"fn-bai-viet-1\"><sup class=\"footnote-definition-label\">1</sup>\n\
             <p>Ghi chú B.</p>\n</div>\n\
             <div class=\"footnote-definition\" id=\"fn-bai-viet-2\"><sup class=\"footnote-definition-label\">2</sup>\n\
             <p>Ghi chú <em>A</em>.</p>\n</div>\n\
             </section>\n"
        );
        assert_eq!(out.plain_text, "Một hai lại. Cuối. Ghi chú B. Ghi chú A.");
    }

    #[test]
    fn undefined_footnote_stays_text() {
        assert_eq!(html("Xem [^x]."), "<p>Xem [^x].</p>\n");
    }

    #[test]
    fn root_links_are_resolved_keeping_the_fragment() {
        assert_eq!(
            html(
                "[CT](/van-ban/33-ct-tu-2020/#dieu-1) [q](/van-ban/33-ct-tu-2020/?a=1#b) [home](/) [pdf](</tai-lieu/bao cao.pdf>)"
            ),
            "<p><a href=\"../../van-ban/33-ct-tu-2020/#dieu-1\">CT</a> <a href=\"../../van-ban/33-ct-tu-2020/#b\">q</a> \
             <a href=\"../../\">home</a> <a href=\"../../tai-lieu/bao%20cao.pdf\">pdf</a></p>\n"
        );
    }

    #[test]
    fn reference_style_root_links_are_resolved() {
        assert_eq!(
            html("[CT][ct]\n\n[ct]: /van-ban/33-ct-tu-2020/"),
            "<p><a href=\"../../van-ban/33-ct-tu-2020/\">CT</a></p>\n"
        );
    }

    #[test]
    fn other_links_are_left_alone() {
        assert_eq!(
            html(
                "[a](https://thads.moj.gov.vn/) [b](http://x.vn) [c](mailto:a@b.vn) <https://x.vn> [d](anh.jpg) [e](//cdn.vn/x) [f](#muc)"
            ),
            "<p><a href=\"https://thads.moj.gov.vn/\">a</a> <a href=\"http://x.vn\">b</a> <a href=\"mailto:a@b.vn\">c</a> \
             <a href=\"https://x.vn\">https://x.vn</a> <a href=\"anh.jpg\">d</a> <a href=\"//cdn.vn/x\">e</a> <a href=\"#muc\">f</a></p>\n"
        );
    }

    #[test]
    fn broken_root_link_is_an_error_in_file_coordinates() {
        // Body line 3, file line 7 when the body starts on line 5; the column counts characters.
        let out = render_at(
            "Mở đầu.\n\nTheo Chỉ thị [số 33](/van-ban/khong-co/#x) đã ban hành.",
            5,
        );
        assert_eq!(
            out.problems,
            vec![problem(
                7,
                14,
                "link to /van-ban/khong-co/ which is not a page or file of the site",
                Some(BROKEN_LINK_HINT),
                false
            )]
        );
        assert!(
            out.html
                .contains("<a href=\"/van-ban/khong-co/#x\">số 33</a>"),
            "{}",
            out.html
        );
    }

    #[test]
    fn broken_root_image_is_an_error() {
        let out = render_at("x\n![Ảnh](/img/khong-co.jpg)", 10);
        assert_eq!(
            out.problems,
            vec![problem(
                11,
                1,
                "link to /img/khong-co.jpg which is not a page or file of the site",
                Some(BROKEN_LINK_HINT),
                false
            )]
        );
    }

    #[test]
    fn image_without_alt_is_an_error_at_the_image() {
        let out = render_at("Ảnh: ![](a.jpg) và ![ ](b.jpg)", 3);
        assert_eq!(
            out.problems,
            vec![
                problem(3, 6, "image has no alt text", Some(ALT_HINT), false),
                problem(3, 20, "image has no alt text", Some(ALT_HINT), false),
            ]
        );
        assert_eq!(
            out.html,
            "<p>Ảnh: <img src=\"a.jpg\" alt=\"\" loading=\"lazy\"> và <img src=\"b.jpg\" alt=\"\" loading=\"lazy\"></p>\n"
        );
    }

    #[test]
    fn inline_images_resolve_root_paths_and_escape_attributes() {
        let out = render("Xem ![Ảnh \"đẹp\" *x*](/img/a.jpg \"Tiêu đề <1>\") nhé");
        assert_eq!(out.problems, vec![]);
        assert_eq!(
            out.html,
            "<p>Xem <img src=\"../../img/a.jpg\" alt=\"Ảnh &quot;đẹp&quot; x\" title=\"Tiêu đề &lt;1&gt;\" loading=\"lazy\"> nhé</p>\n"
        );
        assert_eq!(out.first_image.as_deref(), Some("/img/a.jpg"));
        assert_eq!(out.plain_text, "Xem nhé");
    }

    #[test]
    fn figure_with_caption_in_the_next_paragraph() {
        let out = render(
            "![Cưỡng chế tại xã Ký Phú](/img/a.jpg)\n\n*Đoàn cưỡng chế, [xem](/van-ban/33-ct-tu-2020/)*\n\nSau.",
        );
        assert_eq!(out.problems, vec![]);
        assert_eq!(
            out.html,
            "<figure><img src=\"../../img/a.jpg\" alt=\"Cưỡng chế tại xã Ký Phú\" loading=\"lazy\">\
             <figcaption>Đoàn cưỡng chế, <a href=\"../../van-ban/33-ct-tu-2020/\">xem</a></figcaption></figure>\n<p>Sau.</p>\n"
        );
        assert_eq!(out.plain_text, "Đoàn cưỡng chế, xem Sau.");
        assert_eq!(out.first_image.as_deref(), Some("/img/a.jpg"));
    }

    #[test]
    fn figure_with_caption_on_the_next_line() {
        assert_eq!(
            html("![Ảnh](a.jpg)\n_Chú thích_\n\n![Hai](b.jpg)\n*Hai*"),
            "<figure><img src=\"a.jpg\" alt=\"Ảnh\" loading=\"lazy\"><figcaption>Chú thích</figcaption></figure>\n\
             <figure><img src=\"b.jpg\" alt=\"Hai\" loading=\"lazy\"><figcaption>Hai</figcaption></figure>\n"
        );
    }

    #[test]
    fn figure_without_caption() {
        assert_eq!(
            html("![Ảnh](a.jpg)\n\nKhông nghiêng *một phần*."),
            "<figure><img src=\"a.jpg\" alt=\"Ảnh\" loading=\"lazy\"></figure>\n<p>Không nghiêng <em>một phần</em>.</p>\n"
        );
    }

    #[test]
    fn not_a_figure_when_the_image_shares_its_paragraph() {
        assert_eq!(
            html("Chữ ![Ảnh](a.jpg)\n\n*nghiêng*"),
            "<p>Chữ <img src=\"a.jpg\" alt=\"Ảnh\" loading=\"lazy\"></p>\n<p><em>nghiêng</em></p>\n"
        );
        assert_eq!(
            html("![Ảnh](a.jpg)\n*nghiêng* và thêm"),
            "<p><img src=\"a.jpg\" alt=\"Ảnh\" loading=\"lazy\">\n<em>nghiêng</em> và thêm</p>\n"
        );
    }

    #[test]
    fn chart_block_ok_is_inserted_raw_with_the_body_line() {
        let out = render_at(
            "Trước.\n\n```chart\ntype: yearly\nunit: dai-tu\n```\n\nSau.",
            4,
        );
        assert_eq!(out.problems, vec![]);
        // The body starts on body line 4, i.e. file line 7.
        assert_eq!(
            out.html,
            "<p>Trước.</p>\n<div class=\"chart\" data-line=\"7\">26</div>\n<p>Sau.</p>\n"
        );
        assert_eq!(out.plain_text, "Trước. Sau.");
    }

    #[test]
    fn chart_info_string_is_the_first_word_trimmed() {
        let out = render("``` chart  extra\ntype: yearly\n```\n\n```chartx\ntype: yearly\n```");
        assert_eq!(
            out.html,
            "<div class=\"chart\" data-line=\"2\">13</div>\n<pre><code class=\"language-chartx\">type: yearly\n</code></pre>\n"
        );
    }

    #[test]
    fn chart_block_err_is_reported_and_nothing_inserted() {
        let out = render_at("A\n\n```chart\ntype: pie\n```\n\n```chart\n```\n\nB", 2);
        assert_eq!(
            out.problems,
            vec![
                problem(5, 1, "unknown chart type", None, false),
                problem(9, 1, "unknown chart type", None, false)
            ]
        );
        assert_eq!(out.html, "<p>A</p>\n<p>B</p>\n");
    }

    #[test]
    fn other_code_blocks_are_untouched_and_not_autolinked() {
        assert_eq!(
            html("```yaml\nso: 33-CT/TU\n```\n\n    33-CT/TU\n\nMã `33-CT/TU`."),
            "<pre><code class=\"language-yaml\">so: 33-CT/TU\n</code></pre>\n<pre><code>33-CT/TU\n</code></pre>\n\
             <p>Mã <code>33-CT/TU</code>.</p>\n"
        );
    }

    #[test]
    fn mentions_are_autolinked_outside_links() {
        let a = "<a href=\"../../van-ban/33-ct-tu-2020/\" title=\"Chỉ thị &quot;33&quot; &amp; &lt;TU&gt;\">33-CT/TU</a>";
        assert_eq!(
            html(
                "Theo Chỉ thị số 33-CT/TU & 33-CT/TU. [Đã có 33-CT/TU](https://x.vn) <a href=\"y\">33-CT/TU</a> *33-CT/TU*"
            ),
            format!(
                "<p>Theo Chỉ thị số {a} &amp; {a}. <a href=\"https://x.vn\">Đã có 33-CT/TU</a> \
                 <a href=\"y\">33-CT/TU</a> <em>{a}</em></p>\n"
            )
        );
    }

    #[test]
    fn autolinks_in_headings() {
        let a = "<a href=\"../../van-ban/33-ct-tu-2020/\" title=\"Chỉ thị &quot;33&quot; &amp; &lt;TU&gt;\">33-CT/TU</a>";
        assert_eq!(
            html("## Thực hiện 33-CT/TU"),
            format!("<h3 id=\"thuc-hien-33-ct-tu\">Thực hiện {a}</h3>\n")
        );
    }

    #[test]
    fn autolinks_see_text_split_into_several_events() {
        // pulldown-cmark splits text at `[`, `]` and backslash escapes; the mention must still be found.
        let seen = std::cell::RefCell::new(Vec::new());
        let find = |t: &str| {
            seen.borrow_mut().push(t.to_string());
            autolinks(t)
        };
        let env = MarkdownEnv {
            first_line: 1,
            footnote_prefix: "fn-",
            resolve_root_path: &resolve,
            find_autolinks: &find,
            render_chart: &chart,
        };
        let out = render_markdown("Xem [33-CT/TU] và 33\\-CT/TU", &env);
        assert_eq!(
            *seen.borrow(),
            vec!["Xem [33-CT/TU] và 33-CT/TU".to_string()]
        );
        let a = "<a href=\"../../van-ban/33-ct-tu-2020/\" title=\"Chỉ thị &quot;33&quot; &amp; &lt;TU&gt;\">33-CT/TU</a>";
        assert_eq!(out.html, format!("<p>Xem [{a}] và {a}</p>\n"));
    }

    #[test]
    fn bad_autolink_ranges_are_ignored() {
        let find = |t: &str| {
            vec![
                (0..2, "a".to_string(), String::new()), // "Đ" is 2 bytes: fine
                (1..3, "b".to_string(), String::new()), // overlaps, not a char boundary
                (3..3, "c".to_string(), String::new()), // empty
                (4..t.len() + 5, "d".to_string(), String::new()), // past the end
                (t.len() - 1..t.len(), "e&f".to_string(), String::new()),
            ]
        };
        let env = MarkdownEnv {
            first_line: 1,
            footnote_prefix: "fn-",
            resolve_root_path: &resolve,
            find_autolinks: &find,
            render_chart: &chart,
        };
        let out = render_markdown("Đi xa", &env);
        assert_eq!(
            out.html,
            "<p><a href=\"a\">Đ</a>i x<a href=\"e&amp;f\">a</a></p>\n"
        );
        assert_eq!(out.plain_text, "Đi xa");
    }

    #[test]
    fn raw_html_passes_through() {
        assert_eq!(
            html("<div class=\"note\">\n<b>Lưu ý</b>\n</div>\n\nChữ <kbd>Ctrl</kbd>."),
            "<div class=\"note\">\n<b>Lưu ý</b>\n</div>\n<p>Chữ <kbd>Ctrl</kbd>.</p>\n"
        );
    }

    #[test]
    fn raw_script_is_dropped_with_a_warning() {
        let out = render_at(
            "<div>\n<script src=\"x.js\"></script>\n</div>\n\nA <SCRIPT>x()</script> b\n\n<script>\nalert(1)\n</script>\nSau.",
            3,
        );
        let warn = |line, col| problem(line, col, SCRIPT_MESSAGE, None, true);
        assert_eq!(out.problems, vec![warn(4, 1), warn(7, 3), warn(9, 1)]);
        assert_eq!(out.html, "<div>\n</div>\n<p>A  b</p>\n<p>Sau.</p>\n");
        assert_eq!(out.plain_text, "A b Sau.");
        // Not a script tag.
        assert_eq!(
            html("<scripts>x</scripts>"),
            "<p><scripts>x</scripts></p>\n"
        );
    }

    #[test]
    fn unclosed_inline_script_is_dropped_to_the_end_of_its_paragraph() {
        let out = render("A <script> b `c`\nd\n\nE");
        assert_eq!(out.problems.len(), 1);
        assert_eq!(out.html, "<p>A </p>\n<p>E</p>\n");
    }

    #[test]
    fn tables_are_wrapped_for_scrolling() {
        assert_eq!(
            html("| Đơn vị | Tỷ lệ |\n|---|--:|\n| Đại Từ | 90,07 |"),
            "<div class=\"table-wrap\"><table><thead><tr><th>Đơn vị</th><th style=\"text-align: right\">Tỷ lệ</th></tr></thead><tbody>\n\
             <tr><td>Đại Từ</td><td style=\"text-align: right\">90,07</td></tr>\n</tbody></table>\n</div>\n"
        );
    }

    #[test]
    fn plain_text_is_visible_text_with_whitespace_collapsed() {
        let out = render(
            "# Tiêu đề\n\nĐoạn **một**\nhai [liên kết](x)   ba.\n\n- mục\n- mục `hai`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>ẩn</div>\n\n![Ảnh](a.jpg)",
        );
        assert_eq!(
            out.plain_text,
            "Tiêu đề Đoạn một hai liên kết ba. mục mục hai a b 1 2"
        );
    }

    #[test]
    fn whitespace_is_found_from_bytes_as_char_is_whitespace_says() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let s = c.to_string();
            let want = if c.is_whitespace() { c.len_utf8() } else { 0 };
            assert_eq!(super::whitespace_len(&s, 0), want, "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn text_collapsed_piece_by_piece_is_the_start_of_the_whole_collapsed(
            pieces in proptest::collection::vec(
                "[ a\t\n\u{a0}\u{3000}\u{85}\u{1680}\u{2003}\u{202f}\u{205f}ươĐạ–\u{3001}]{0,12}",
                0..8,
            ),
            limit in 0usize..30,
        ) {
            let mut c = super::Collapsed::new(limit);
            for p in &pieces {
                if !c.push(p) {
                    break;
                }
            }
            let whole = pieces.concat().split_whitespace().collect::<Vec<_>>().join(" ");
            let whole: String = whole.chars().take(limit).collect();
            proptest::prop_assert_eq!(c.out, whole);
        }
    }

    #[test]
    fn first_image_is_as_written_and_none_without_images() {
        assert_eq!(
            render("![A](/img/a.jpg) ![B](b.png)")
                .first_image
                .as_deref(),
            Some("/img/a.jpg")
        );
        assert_eq!(render("Không có ảnh").first_image, None);
    }

    #[test]
    fn first_line_zero_is_treated_as_one() {
        let out = render_at("[x](/khong/)", 0);
        assert_eq!((out.problems[0].line, out.problems[0].col), (1, 1));
    }

    #[test]
    fn output_is_deterministic() {
        let src = "# A\n\n# A\n\nx[^1] 33-CT/TU\n\n[^1]: n\n\n![a](/img/a.jpg)\n*c*\n\n| a |\n|---|\n| b |";
        let (a, b) = (render(src), render(src));
        assert_eq!(
            (a.html, a.problems, a.plain_text),
            (b.html, b.problems, b.plain_text)
        );
    }

    fn markdownish() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("# ".to_string()),
            Just("\n".to_string()),
            Just("\n\n".to_string()),
            Just("![".to_string()),
            Just("[".to_string()),
            Just("](/".to_string()),
            Just("](/img/a.jpg#x".to_string()),
            Just(")".to_string()),
            Just("*".to_string()),
            Just("_".to_string()),
            Just("`".to_string()),
            Just("```chart\n".to_string()),
            Just("```\n".to_string()),
            Just("type: yearly\n".to_string()),
            Just("[^1]".to_string()),
            Just("[^1]: ".to_string()),
            Just("| a | b |\n|---|---|\n".to_string()),
            Just("<script>".to_string()),
            Just("</script>".to_string()),
            Just("<a href=x>".to_string()),
            Just("</a>".to_string()),
            Just("> ".to_string()),
            Just("- ".to_string()),
            Just("33-CT/TU".to_string()),
            Just("Đại Từ ".to_string()),
            "[ -~đĐạ\u{301}\t\r]{0,8}",
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    /// Exercises the callbacks with awkward answers: ranges past the end or off char boundaries.
    fn check_no_panic(source: &str, first_line: u32) -> Result<(), TestCaseError> {
        let resolve = |p: &str| p.len().is_multiple_of(2).then(|| format!(".{p}"));
        let find = |t: &str| {
            let n = t.len();
            vec![
                (n / 3..n / 2 + 1, "u".to_string(), "t".to_string()),
                (0..n, "v".to_string(), String::new()),
                (n / 2..n + 1, "w".to_string(), String::new()),
            ]
        };
        let chart = |body: &str, line: u32| {
            if body.len().is_multiple_of(2) {
                Ok("<svg></svg>".to_string())
            } else {
                Err(MdProblem {
                    line,
                    col: 1,
                    message: "bad".to_string(),
                    hint: None,
                    is_warning: false,
                })
            }
        };
        let env = MarkdownEnv {
            first_line,
            footnote_prefix: "fn-",
            resolve_root_path: &resolve,
            find_autolinks: &find,
            render_chart: &chart,
        };
        let out = render_markdown(source, &env);
        for p in &out.problems {
            prop_assert!(p.line >= first_line, "{p:?} before line {first_line}");
            prop_assert!(p.col >= 1);
        }
        prop_assert!(!out.plain_text.starts_with(' ') && !out.plain_text.ends_with(' '));
        Ok(())
    }

    proptest! {
        #[test]
        fn never_panics_on_markdownish_input(source in markdownish(), first_line in 1u32..100_000) {
            check_no_panic(&source, first_line)?;
        }

        #[test]
        fn never_panics_on_any_string(source in any::<String>(), first_line in 1u32..100_000) {
            check_no_panic(&source, first_line)?;
        }
    }
}
