//! Articles (SPEC §3.6): front matter fields, one article per slug, references that exist; the
//! Markdown is rendered by `texts` once every page of the site is known.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rayon::prelude::*;

use super::fields::{Diags, Fields};
use super::refs::ArticleContext;
use crate::diag::Pos;
use crate::load::RawArticle;
use crate::model::{Article, Tag};
use crate::source::SharedText;
use crate::text;

pub const ARTICLE_FIELDS: &[&str] = &[
    "title",
    "date",
    "author",
    "unit",
    "summary",
    "tags",
    "directives",
    "cases",
    "slug",
    "draft",
    "audience",
    "internal",
];

/// Every article of `raw`, checked, newest first (their bodies are moved out of `raw`).
pub fn check_all(raw: &mut [RawArticle], refs: &ArticleContext, d: &mut Diags) -> Vec<Article> {
    let mut articles: Vec<Article> = Vec::new();
    let mut slug_files: BTreeMap<String, std::path::PathBuf> = BTreeMap::new();
    // Each article's front matter is checked on its own, in parallel; the rest in order.
    let checked: Vec<(Option<PendingArticle>, Diags)> = raw
        .par_iter_mut()
        .map(|raw_article| {
            let mut own = Diags::default();
            let body = std::mem::take(&mut raw_article.body);
            (article(raw_article, body, &mut own), own)
        })
        .collect();
    for (pending, own) in checked {
        d.list.extend(own.list);
        let Some(p) = pending else {
            continue;
        };
        let a = &p.article;
        if let Some(first) = slug_files.get(&a.slug) {
            d.error(
                &a.file,
                p.slug_pos,
                format!("two articles have the slug `{}`", a.slug),
                Some(format!(
                    "the other is {}; set a different `slug:`",
                    first.display()
                )),
            );
            continue;
        }
        slug_files.insert(a.slug.clone(), a.file.clone());
        articles.push(refs.check_article(p, d));
    }
    sort_articles(&mut articles);
    articles
}

/// Articles newest first (the moment they were published, then slug): the order of every list.
pub fn sort_articles(articles: &mut [Article]) {
    articles.sort_by(|a, b| b.instant.cmp(&a.instant).then_with(|| a.slug.cmp(&b.slug)));
}

pub struct PendingArticle {
    pub article: Article,
    pub directives: Vec<(String, Pos)>,
    pub cases: Vec<(String, Pos)>,
    pub unit_pos: Pos,
    pub slug_pos: Pos,
}

/// The article written in `raw`, its front matter checked; `body` is `raw`'s Markdown body,
/// which the caller moves out of `raw` when it is not needed again.
pub fn article(raw: &RawArticle, body: SharedText, d: &mut Diags) -> Option<PendingArticle> {
    let Some(front) = &raw.front else {
        d.error(
            &raw.file,
            Pos::new(1, 1),
            "the article has no front matter",
            Some("start the file with a block such as:\n---\ntitle: Tiêu đề bản tin\ndate: 31/03/2024\n---".into()),
        );
        return None;
    };
    let f = Fields::new(&raw.file, front, "article front matter", ARTICLE_FIELDS, d)?;
    let title = f.required_text("title", d, "Tiêu đề bản tin");
    let date = match f.get("date") {
        None => {
            d.error(
                &raw.file,
                f.pos,
                "missing required field `date` in article front matter",
                Some("add `date: 31/03/2024` (or `2024-03-31T07:35:00+07:00`)".into()),
            );
            None
        }
        Some(node) => {
            let s = node.scalar_text().unwrap_or_default();
            match parse_timestamp(&s) {
                Some(v) => Some(v),
                None => {
                    super::fields::date_of(node, &raw.file, d).map(|date| (date, midnight(date)))
                }
            }
        }
    };
    let slug_node = f.get("slug");
    let slug = match f.text("slug", d) {
        Some(s) if super::fields::is_id(&s) => Some(s),
        Some(s) => {
            d.error(
                &raw.file,
                slug_node.map(|n| n.pos).unwrap_or(f.pos),
                format!("`{s}` is not a valid slug: use lowercase letters a–z, digits and single hyphens"),
                Some(format!("did you mean `{}`?", text::slugify(&s))),
            );
            None
        }
        None => title
            .as_deref()
            .map(text::slugify)
            .filter(|s| !s.is_empty()),
    };
    let tags = f
        .text_list("tags", d)
        .into_iter()
        .filter_map(|(name, pos)| {
            let slug = text::slugify(&name);
            if slug.is_empty() {
                d.error(
                    &raw.file,
                    pos,
                    format!("the tag `{name}` has no letters or digits"),
                    None,
                );
                return None;
            }
            Some(Tag {
                name: name.trim().to_string(),
                slug,
            })
        })
        .collect();
    let draft = f.bool("draft", d).unwrap_or(false);
    let (date, timestamp) = date?;
    // The normalized text always has an offset, so it names one moment.
    let instant = timestamp.parse().unwrap_or_default();
    Some(PendingArticle {
        directives: f.text_list("directives", d),
        cases: f.text_list("cases", d),
        unit_pos: f.get("unit").map(|n| n.pos).unwrap_or(f.pos),
        slug_pos: slug_node.map(|n| n.pos).unwrap_or(f.pos),
        article: Article {
            slug: slug?,
            title: title?,
            date,
            timestamp,
            instant,
            author: f.text("author", d),
            unit: f.id("unit", d),
            summary: f.text("summary", d),
            title_pos: f.get("title").map_or(f.pos, |n| n.pos),
            summary_pos: f.get("summary").map(|n| n.pos),
            tags,
            directives: Vec::new(),
            cases: Vec::new(),
            draft,
            audience: f.audience(d),
            internal: f.internal(d),
            body_md: body,
            body_line: raw.body_line,
            body_html: String::new(),
            first_image: None,
            plain_text: String::new(),
            charts: Vec::new(),
            linked_directives: Vec::new(),
            file: raw.file.clone(),
        },
    })
}

fn midnight(date: Date) -> String {
    format!("{}T00:00:00+07:00", date)
}

/// `2024-03-31T07:35:00+07:00` (RFC 3339 with offset) → its local date and normalized text.
fn parse_timestamp(s: &str) -> Option<(Date, String)> {
    let s = s.trim();
    if !s.contains('T') {
        return None;
    }
    let ts: jiff::Timestamp = s.parse().ok()?;
    let seconds = if s.ends_with('Z') || s.ends_with('z') {
        0
    } else {
        let tail = s.get(s.len().checked_sub(6)?..)?;
        let sign = match tail.as_bytes()[0] {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let h: i32 = tail.get(1..3)?.parse().ok()?;
        let m: i32 = tail.get(4..6)?.parse().ok()?;
        sign * (h * 3600 + m * 60)
    };
    let offset = jiff::tz::Offset::from_seconds(seconds).ok()?;
    let local = offset.to_datetime(ts);
    let sign = if seconds < 0 { '-' } else { '+' };
    let abs = seconds.abs();
    Some((
        local.date(),
        format!(
            "{}{sign}{:02}:{:02}",
            local.strftime("%Y-%m-%dT%H:%M:%S"),
            abs / 3600,
            abs % 3600 / 60
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_their_offset() {
        let (d, t) = parse_timestamp("2024-03-31T07:35:00+07:00").unwrap();
        assert_eq!(d, jiff::civil::date(2024, 3, 31));
        assert_eq!(t, "2024-03-31T07:35:00+07:00");
        assert!(parse_timestamp("31/03/2024").is_none());
    }
}
