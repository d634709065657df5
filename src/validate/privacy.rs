//! Parties' names on the public site (SPEC §5). Under `privacy.person_names: initials`, a public
//! build names a case's party by initials: the full name is masked in every text bantin renders
//! from the records (cases, directives), and an article that spells it out is warned about (its
//! text is its author's to change). A name is found by meaning, not by spelling: in any case,
//! with or without tones, across line breaks ([`NameFinder`]).

use std::borrow::Cow;
use std::ops::Range;

use rayon::prelude::*;

use super::fields::Diags;
use crate::diag::Pos;
use crate::model::*;
use crate::source::{SourceFile, SourceMap};
use crate::text::{self, NameFinder};

/// The parties whose names a build masks, with their initials.
struct MaskedParties {
    finder: NameFinder,
    /// By the finder's index of the name.
    initials: Vec<String>,
}

impl MaskedParties {
    /// The parties of the site's cases, when the build masks names (public, `initials`); a party
    /// of one word is not a person's full name and is left alone. `None` when nothing is masked.
    fn of(config: &SiteConfig, audience: Audience, cases: &[Case]) -> Option<Self> {
        if config.person_names != NamePolicy::Initials || audience != Audience::Public {
            return None;
        }
        let parties: Vec<&str> = cases
            .iter()
            .filter_map(|c| c.party.as_deref())
            .filter(|p| p.split_whitespace().count() >= 2)
            .collect();
        let finder = NameFinder::new(&parties);
        if finder.is_empty() {
            return None;
        }
        let initials = finder.names().iter().map(|p| text::initials(p)).collect();
        Some(MaskedParties { finder, initials })
    }

    fn mask(&self, s: &mut String) {
        if let Cow::Owned(masked) = self.finder.mask(s, |k| &self.initials[k]) {
            *s = masked;
        }
    }
}

/// Under `initials`, on a public build: every masked party's name in the texts of cases and
/// directives that reach a page, as its initials. Each record's fields are named, so that a new
/// one is decided on here; `party` itself stays whole (lists are ordered by it) and is shown as
/// initials by the renderer.
pub fn mask_names(
    config: &SiteConfig,
    audience: Audience,
    cases: &mut [Case],
    directives: &mut [Directive],
) {
    let Some(parties) = MaskedParties::of(config, audience, cases) else {
        return;
    };
    cases.par_iter_mut().for_each(|c| {
        let Case {
            id: _,
            title,
            unit: _,
            party: _,
            commune,
            resolved: _,
            measures,
            long_running: _,
            complaints: _,
            directed_by,
            commendation_md,
            commendation_html,
            directives: _,
            audience: _,
            internal: _, // cleared on a public build
            file: _,
        } = c;
        let texts = [title].into_iter().chain(commune).chain(measures);
        let texts = texts.chain(directed_by).chain(commendation_html);
        // The Markdown as written is rendered already, but would be the full name if read again.
        let texts = texts.chain(commendation_md.as_mut().map(|m| &mut m.text));
        texts.for_each(|s| parties.mask(s));
    });
    directives.par_iter_mut().for_each(|x| {
        let Directive {
            id: _,
            number: _,
            doc: _,
            date: _,
            issuer,
            title,
            kind,
            implements: _,
            unit: _,
            url: _,
            summary_md,
            summary_html,
            unconfirmed,
            audience: _,
            internal: _, // cleared on a public build
            file: _,
        } = x;
        let texts = [issuer, title].into_iter().chain(kind).chain(summary_html);
        let texts = texts.chain(unconfirmed.values_mut());
        let texts = texts.chain(summary_md.as_mut().map(|m| &mut m.text));
        texts.for_each(|s| parties.mask(s));
    });
}

/// Under `initials`, on a public build: a warning for each party of `cases` that an article
/// names in full, at its first occurrence in the text the article shows (its body, captions
/// and alt texts included, and its `title` and `summary`).
pub fn warn_full_names(
    config: &SiteConfig,
    audience: Audience,
    cases: &[Case],
    articles: &[Article],
    sources: &SourceMap,
    d: &mut Diags,
) {
    let Some(parties) = MaskedParties::of(config, audience, cases) else {
        return;
    };
    // A party of several cases is one warning. Each article is searched, and its warnings
    // written, in parallel; they are gathered in order.
    let found: Vec<Diags> = articles
        .par_iter()
        .with_max_len(crate::PAR_BATCH)
        .map(|a| {
            let mut own = Diags::default();
            let Some(src) = sources.get(&a.file) else {
                return own;
            };
            let text = src.text.as_str();
            for (k, offset) in first_offsets(&parties.finder, a, src)
                .into_iter()
                .enumerate()
            {
                let Some(offset) = offset else { continue };
                let before = &text[..offset];
                let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() as u32 + 1;
                let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
                own.warning(
                    &a.file,
                    Pos::new(line, col),
                    format!(
                        "the article names `{}` in full, but case parties are shown as initials on the public site",
                        parties.finder.names()[k]
                    ),
                    Some(format!("write `{}` instead", parties.initials[k])),
                );
            }
            own
        })
        .collect();
    for own in found {
        d.list.extend(own.list);
    }
}

/// For each name, where it first occurs in the article's file, in the values of `title` and
/// `summary` or in the body (other front matter fields are not shown as text, or, like
/// `author`, name staff in their official role).
fn first_offsets(finder: &NameFinder, a: &Article, src: &SourceFile) -> Vec<Option<usize>> {
    let text = src.text.as_str();
    let body = line_start(text, a.body_line);
    let values = std::iter::once(a.title_pos)
        .chain(a.summary_pos)
        .map(|pos| front_matter_value(text, pos, body));
    let mut first: Vec<Option<usize>> = vec![None; finder.names().len()];
    for region in values.chain(std::iter::once(body..text.len())) {
        for (k, found) in finder
            .first_matches(&text[region.clone()])
            .into_iter()
            .enumerate()
        {
            if let Some(found) = found {
                let at = region.start + found.start;
                first[k] = Some(first[k].map_or(at, |f: usize| f.min(at)));
            }
        }
    }
    first
}

/// The byte where 1-based line `line` of `text` starts (the end of the text after its last line).
fn line_start(text: &str, line: u32) -> usize {
    if line <= 1 {
        return 0;
    }
    memchr::memchr_iter(b'\n', text.as_bytes())
        .nth(line as usize - 2)
        .map_or(text.len(), |nl| nl + 1)
}

/// The text of a front matter value that starts at `pos`: up to the next line that starts with
/// neither a space nor a tab (the next key, a comment, the closing `---`), and before `end`.
fn front_matter_value(text: &str, pos: Pos, end: usize) -> Range<usize> {
    let line = line_start(text, pos.line).min(end);
    let start = text[line..end]
        .char_indices()
        .nth(pos.col.saturating_sub(1) as usize)
        .map_or(end, |(i, _)| line + i);
    let mut at = start;
    while let Some(nl) = memchr::memchr(b'\n', &text.as_bytes()[at..end]) {
        at += nl + 1;
        if !matches!(text.as_bytes().get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) || at >= end {
            return start..at.min(end);
        }
    }
    start..end
}

/// Under `initials`, a case id that spells out the party's name is a warning: the id is the
/// case page's address, and an address is not masked.
pub fn warn_case_id(c: &Case, pos: Pos, config: &SiteConfig, d: &mut Diags) {
    if config.person_names != NamePolicy::Initials {
        return;
    }
    let Some(party) = &c.party else { return };
    let party_slug = text::slugify(party);
    if party.split_whitespace().count() >= 2 && c.id.contains(&party_slug) {
        d.warning(
            &c.file,
            pos,
            format!(
                "the case id `{}` spells out the party's name, which appears in the page address",
                c.id
            ),
            Some("names are shown as initials; use an id without the name, e.g. the commune and year: `vu-hoang-nong-2023`".into()),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_front_matter_value_runs_to_the_next_key() {
        let text = "---\ntitle: \"Bà Phạm\n  Thị Hoa\"\n\nsummary: >\n  x\n# note\ndate: 2024\n---\nbody\n";
        let body = line_start(text, 10);
        assert_eq!(&text[body..], "body\n");
        let title = front_matter_value(text, Pos::new(2, 8), body);
        assert_eq!(&text[title], "\"Bà Phạm\n  Thị Hoa\"\n\n");
        let summary = front_matter_value(text, Pos::new(5, 10), body);
        assert_eq!(&text[summary], ">\n  x\n");
        // A position past the front matter gives nothing rather than the body.
        assert!(front_matter_value(text, Pos::new(12, 1), body).is_empty());
        assert_eq!(line_start(text, 1), 0);
        assert_eq!(line_start(text, 99), text.len());
    }
}
