//! Commended cases (SPEC §3.5): one record per id, of a unit that exists, citing directives
//! that exist; newest resolved first, then by id.

use std::collections::HashMap;

use super::fields::Diags;
use super::privacy;
use super::records::PendingCase;
use super::refs::ArticleContext;
use crate::diag::Pos;
use crate::model::{Case, Resolved, SiteConfig};

/// The cases read, checked; `refs` learns their ids.
pub fn check(
    read: Vec<PendingCase>,
    refs: &mut ArticleContext,
    config: &SiteConfig,
    d: &mut Diags,
) -> Vec<Case> {
    let mut cases: Vec<Case> = Vec::new();
    let mut seen: HashMap<String, (std::path::PathBuf, Pos)> = HashMap::new();
    for p in read {
        if let Some((file, pos)) = seen.get(&p.case.id) {
            d.error(
                &p.case.file,
                p.pos,
                format!("duplicate case id `{}`", p.case.id),
                Some(format!(
                    "already defined in {}:{}",
                    file.display(),
                    pos.line
                )),
            );
            continue;
        }
        seen.insert(p.case.id.clone(), (p.case.file.clone(), p.pos));
        if let Some(u) = &p.case.unit {
            refs.check_unit(d, &p.case.file, p.unit_pos, u);
        }
        let directives = refs.resolve_all(d, &p.case.file, &p.directives);
        privacy::warn_case_id(&p.case, p.pos, config, d);
        cases.push(Case {
            directives,
            ..p.case
        });
    }
    cases.sort_by(|a, b| {
        let ya = a.resolved.as_ref().map(Resolved::year);
        let yb = b.resolved.as_ref().map(Resolved::year);
        yb.cmp(&ya).then_with(|| a.id.cmp(&b.id))
    });
    refs.case_ids = cases.iter().map(|c| c.id.clone()).collect();
    cases
}
