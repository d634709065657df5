//! Units (SPEC §3.2): one record per id, parents and successors that exist and do not loop, a
//! successor that follows on from its predecessor.

use std::collections::HashMap;

use super::fields::Diags;
use super::hierarchy;
use super::records::PendingUnit;
use super::refs::ArticleContext;
use crate::diag::Pos;
use crate::model::Unit;

/// The units read, without repeated ids, sorted by id (validate looks them up by id; the site
/// built of them lists them in `model::unit_order`); `refs` learns their ids.
pub fn check(read: Vec<PendingUnit>, refs: &mut ArticleContext, d: &mut Diags) -> Vec<Unit> {
    let mut first: HashMap<String, (std::path::PathBuf, Pos)> = HashMap::new();
    let mut units: Vec<PendingUnit> = Vec::with_capacity(read.len());
    for p in read {
        if let Some((file, pos)) = first.get(&p.unit.id) {
            d.error(
                &p.unit.file,
                p.pos,
                format!("duplicate unit id `{}`", p.unit.id),
                Some(format!(
                    "already defined in {}:{}",
                    file.display(),
                    pos.line
                )),
            );
            continue;
        }
        first.insert(p.unit.id.clone(), (p.unit.file.clone(), p.pos));
        units.push(p);
    }
    units.sort_by(|a, b| a.unit.id.cmp(&b.unit.id));
    refs.unit_ids = units.iter().map(|p| p.unit.id.clone()).collect();
    for p in &units {
        let u = &p.unit;
        if let Some(parent) = &u.parent {
            refs.check_unit(d, &u.file, p.parent_pos, parent);
        }
        if let Some(s) = &u.successor {
            refs.check_unit(d, &u.file, p.successor_pos, s);
        }
        if u.successor.is_some() && u.until.is_none() {
            d.warning(
                &u.file,
                p.pos,
                format!("unit `{}` has a successor but no end date", u.id),
                Some("add `until: 30/06/2025` (the last day the unit existed)".into()),
            );
        }
    }
    hierarchy::check_units(&units, d);
    units.into_iter().map(|p| p.unit).collect()
}
