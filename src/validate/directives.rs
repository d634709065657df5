//! Directives (SPEC §3.4): one record per id (number and year), references that resolve, no
//! loop of directives implementing each other; in order of date, then id.

use std::collections::HashMap;

use super::fields::Diags;
use super::hierarchy;
use super::records::{DirectiveIndex, PendingDirective};
use super::refs::ArticleContext;
use crate::diag::Pos;
use crate::model::Directive;

/// The directives read, checked; `refs` learns them (for references by number).
pub fn check(
    read: Vec<PendingDirective>,
    refs: &mut ArticleContext,
    d: &mut Diags,
) -> Vec<Directive> {
    // Everything of a directive (its references, its summary) stays in its own record: nothing
    // is paired with it by position.
    let mut kept: Vec<PendingDirective> = Vec::new();
    let mut seen: HashMap<String, (std::path::PathBuf, Pos)> = HashMap::new();
    for p in read {
        if let Some((file, pos)) = seen.get(&p.directive.id) {
            d.error(
                &p.directive.file,
                p.pos,
                format!(
                    "duplicate directive `{}` ({})",
                    p.directive.number, p.directive.id
                ),
                Some(format!(
                    "already defined in {}:{}; a party number that repeats in a new term has a different date",
                    file.display(),
                    pos.line
                )),
            );
            continue;
        }
        seen.insert(p.directive.id.clone(), (p.directive.file.clone(), p.pos));
        if let Some(u) = &p.directive.unit {
            refs.check_unit(d, &p.directive.file, p.unit_pos, u);
        }
        kept.push(p);
    }
    refs.index = DirectiveIndex::new(kept.iter().map(|p| &p.directive));
    let resolved: Vec<Vec<(String, Pos)>> = kept
        .iter()
        .map(|p| refs.resolve_all_at(d, &p.directive.file, &p.implements))
        .collect();
    hierarchy::report_cycles(
        &kept
            .iter()
            .zip(&resolved)
            .map(|(p, links)| hierarchy::Node {
                id: &p.directive.id,
                label: &p.directive.number,
                file: &p.directive.file,
                links: links.iter().map(|(id, pos)| (id.as_str(), *pos)).collect(),
            })
            .collect::<Vec<_>>(),
        hierarchy::Link::Implements,
        d,
    );
    let mut directives: Vec<Directive> = kept
        .into_iter()
        .zip(resolved)
        .map(|(p, links)| Directive {
            implements: links.into_iter().map(|(id, _)| id).collect(),
            ..p.directive
        })
        .collect();
    directives.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    directives
}
