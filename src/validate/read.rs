//! Every record of the data files read on its own, in parallel, then gathered in file order;
//! the ids of records that have errors are noted, so that references to them are not reported
//! again as dangling (the record's own error says what to fix).

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::fields::Diags;
use super::records::{self, PendingCase, PendingDirective, PendingStats, PendingUnit};
use super::refs::raw_field;
use crate::load::{RawSite, RecordKind};
use crate::model::SiteConfig;

/// The records read, by kind, in file order.
#[derive(Default)]
pub struct Read {
    pub units: Vec<PendingUnit>,
    pub stats: Vec<PendingStats>,
    pub directives: Vec<PendingDirective>,
    pub cases: Vec<PendingCase>,
    /// Records that exist but have errors, by kind and id (a directive by its number's key).
    pub broken: BTreeSet<(RecordKind, String)>,
}

pub fn read_records(raw: &RawSite, cfg: &SiteConfig, d: &mut Diags) -> Read {
    enum One {
        Unit(Option<PendingUnit>),
        Stats(Vec<PendingStats>),
        Directive(Option<PendingDirective>),
        Case(Option<PendingCase>),
    }
    let read: Vec<(One, Diags)> = raw
        .records
        .par_iter()
        .with_max_len(crate::PAR_BATCH)
        .map(|(kind, rec)| {
            let mut own = Diags::default();
            let one = match kind {
                RecordKind::Unit => One::Unit(records::unit(rec, &mut own)),
                RecordKind::Stats => One::Stats(records::stats(rec, cfg, &mut own)),
                RecordKind::Directive => One::Directive(records::directive(rec, &mut own)),
                RecordKind::Case => One::Case(records::case(rec, &mut own)),
            };
            (one, own)
        })
        .collect();
    let mut out = Read::default();
    for ((kind, rec), (one, own)) in raw.records.iter().zip(read) {
        if own.error_count() > 0 && *kind != RecordKind::Stats {
            let key_field = if *kind == RecordKind::Directive {
                "number"
            } else {
                "id"
            };
            if let Some(v) = raw_field(&rec.node, key_field) {
                let v = if *kind == RecordKind::Directive {
                    records::number_key(&v)
                } else {
                    v
                };
                out.broken.insert((*kind, v));
            }
        }
        d.list.extend(own.list);
        match one {
            One::Unit(u) => out.units.extend(u),
            One::Stats(s) => out.stats.extend(s),
            One::Directive(x) => out.directives.extend(x),
            One::Case(c) => out.cases.extend(c),
        }
    }
    out
}
