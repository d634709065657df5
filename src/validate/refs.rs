//! What references between records are checked against: the ids of the records as validated
//! (before the audience and date are selected), the directives by number, and the records that
//! exist but have errors (references to them are not reported again as dangling).

use std::collections::{BTreeSet, HashSet};

use super::fields::{self, Diags};
use super::{articles, records};
use crate::diag::Pos;
use crate::load::RecordKind;
use crate::model::*;
use crate::text;

/// What an article's references are checked against: the records as validated, before the
/// audience and date filters.
pub struct ArticleContext {
    pub(super) unit_ids: BTreeSet<String>,
    pub(super) case_ids: BTreeSet<String>,
    pub(super) index: records::DirectiveIndex,
    /// Records that exist but have errors: references to them are not reported as dangling.
    pub(super) broken: BTreeSet<(RecordKind, String)>,
    /// Kinds of record with an unreadable file: references to them are not checked.
    pub(super) unreadable: Vec<RecordKind>,
    /// The addresses `/` links may name, once the site is known.
    pub(super) link_targets: HashSet<String>,
}

impl ArticleContext {
    pub(super) fn check_unit(&self, d: &mut Diags, file: &std::path::Path, pos: Pos, id: &str) {
        if !self.unit_ids.contains(id)
            && !self.unreadable.contains(&RecordKind::Unit)
            && !self.broken.contains(&(RecordKind::Unit, id.to_string()))
        {
            let known: Vec<&str> = self.unit_ids.iter().map(String::as_str).collect();
            d.error(
                file,
                pos,
                format!("no unit with id `{id}`"),
                Some(match fields::did_you_mean(id, &known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "units are defined in content/units/*.yaml".into(),
                }),
            );
        }
    }

    /// The ids of the directives referred to by number; the others are reported.
    pub(super) fn resolve_all(
        &self,
        d: &mut Diags,
        file: &std::path::Path,
        list: &[(String, Pos)],
    ) -> Vec<String> {
        self.resolve_all_at(d, file, list)
            .into_iter()
            .map(|(id, _)| id)
            .collect()
    }

    /// [`Self::resolve_all`], each id with the position of the reference.
    pub(super) fn resolve_all_at(
        &self,
        d: &mut Diags,
        file: &std::path::Path,
        list: &[(String, Pos)],
    ) -> Vec<(String, Pos)> {
        list.iter()
            .filter_map(|(r, pos)| match self.index.resolve(r) {
                Ok(id) => Some((id, *pos)),
                Err((msg, hint)) => {
                    let number = r.rsplit_once('@').map_or(r.as_str(), |(n, _)| n);
                    let known_broken = self
                        .broken
                        .contains(&(RecordKind::Directive, records::number_key(number)));
                    if !self.unreadable.contains(&RecordKind::Directive) && !known_broken {
                        d.error(file, *pos, msg, hint);
                    }
                    None
                }
            })
            .collect()
    }

    /// An article whose front matter is checked, with its unit, directives and cases checked.
    pub(super) fn check_article(&self, p: articles::PendingArticle, d: &mut Diags) -> Article {
        let mut a = p.article;
        if let Some(u) = &a.unit {
            self.check_unit(d, &a.file, p.unit_pos, u);
        }
        a.directives = self.resolve_all(d, &a.file, &p.directives);
        for (c, pos) in &p.cases {
            if self.case_ids.contains(c)
                || self.unreadable.contains(&RecordKind::Case)
                || self.broken.contains(&(RecordKind::Case, c.clone()))
            {
                a.cases.push(c.clone());
            } else {
                let known: Vec<&str> = self.case_ids.iter().map(String::as_str).collect();
                d.error(
                    &a.file,
                    *pos,
                    format!("no case with id `{c}`"),
                    Some(match fields::did_you_mean(c, &known) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => "cases are defined in content/cases/*.yaml".into(),
                    }),
                );
            }
        }
        a
    }
}

/// A scalar field of a raw mapping, before validation.
pub(super) fn raw_field(node: &crate::load::Node, name: &str) -> Option<String> {
    match &node.value {
        crate::load::Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == name)
            .and_then(|(_, v)| v.scalar_text()),
        _ => None,
    }
}

pub fn lifetime(u: &Unit) -> String {
    match (u.from, u.until) {
        (Some(f), Some(t)) => format!(
            "the unit existed from {} to {}",
            text::format_date(f),
            text::format_date(t)
        ),
        (Some(f), None) => format!("the unit exists from {}", text::format_date(f)),
        (None, Some(t)) => format!("the unit existed until {}", text::format_date(t)),
        (None, None) => String::new(),
    }
}
