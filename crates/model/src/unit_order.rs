//! The order of units, the same in every list of the site (the units page, the statistics
//! overview, a unit's subunits, comparisons under a parent, the search index …).
//!
//! **Hierarchy first, then generation, then Vietnamese collation of the name**:
//! - depth-first: each unit is followed by its own subunits, so the national unit comes first,
//!   then each province-level unit with its district or area offices;
//! - siblings (units of one parent, or the units without one) by [`sibling_cmp`]: their level
//!   (whole country; national directorate; province; district or area; other bodies), then their
//!   generation (units of before 01/07/2025 — `until` earlier, or kinds `tong-cuc`, `cuc`,
//!   `chi-cuc` — before the others), then `name` in Vietnamese order, then `id`: a total order, so
//!   lists are the same from one build to the next whatever the file names.

use std::cmp::Ordering;
use std::collections::HashMap;

use bantin_text::vi_cmp;
use jiff::civil::{Date, date};

use crate::{Unit, UnitKind};

/// The first day of the units of today's system (Cục Quản lý THADS, THADS tỉnh, Phòng THADS
/// khu vực); earlier units are the previous generation (Tổng cục, Cục, Chi cục).
pub const NEW_GENERATION: Date = date(2025, 7, 1);

/// Put `units` in unit order (see the module). Units whose parents loop (an error validate
/// reports) follow the others, each loop from its first unit in sibling order.
pub fn sort_units(units: &mut Vec<Unit>) {
    let order = unit_order(units);
    let mut slots: Vec<Option<Unit>> = std::mem::take(units).into_iter().map(Some).collect();
    *units = order.into_iter().filter_map(|i| slots[i].take()).collect();
}

/// The order of two units of the same parent: level, generation, name (Vietnamese), id.
pub fn sibling_cmp(a: &Unit, b: &Unit) -> Ordering {
    level(&a.kind)
        .cmp(&level(&b.kind))
        .then_with(|| generation(a).cmp(&generation(b)))
        .then_with(|| vi_cmp(&a.name, &b.name))
        .then_with(|| a.id.cmp(&b.id))
}

/// Where a kind of unit stands in the hierarchy, from the top; other bodies come last.
fn level(kind: &UnitKind) -> u8 {
    match kind {
        UnitKind::ToanQuoc => 0,
        UnitKind::TongCuc | UnitKind::CucQuanLy => 1,
        UnitKind::Cuc | UnitKind::ThadsTinh => 2,
        UnitKind::ChiCuc | UnitKind::PhongKhuVuc => 3,
        UnitKind::Khac => 4,
    }
}

#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Generation {
    Before,
    Current,
}

/// A unit of the previous generation by its kind, or by its end: an archive built as of a day
/// before 01/07/2025 shows a Cục without its end date, still of its generation.
fn generation(u: &Unit) -> Generation {
    let old_kind = matches!(u.kind, UnitKind::TongCuc | UnitKind::Cuc | UnitKind::ChiCuc);
    if old_kind || u.until.is_some_and(|d| d < NEW_GENERATION) {
        Generation::Before
    } else {
        Generation::Current
    }
}

/// The positions of `units` in unit order, each once.
fn unit_order(units: &[Unit]) -> Vec<usize> {
    let mut by_id: HashMap<&str, usize> = HashMap::with_capacity(units.len());
    for (i, u) in units.iter().enumerate() {
        by_id.entry(u.id.as_str()).or_insert(i);
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); units.len()];
    let mut roots = Vec::new();
    for (i, u) in units.iter().enumerate() {
        match u.parent.as_deref().and_then(|p| by_id.get(p)) {
            Some(&p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    let cmp = |a: &usize, b: &usize| sibling_cmp(&units[*a], &units[*b]);
    roots.sort_by(cmp);
    for c in &mut children {
        c.sort_by(cmp);
    }
    let mut placed = vec![false; units.len()];
    let mut order = Vec::with_capacity(units.len());
    // Depth-first without recursion: a long chain of parents cannot exhaust the stack.
    let mut visit = |start: usize, placed: &mut Vec<bool>| {
        let mut stack = vec![start];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut placed[i], true) {
                continue;
            }
            order.push(i);
            stack.extend(children[i].iter().rev().filter(|&&c| !placed[c]));
        }
    };
    for r in roots {
        visit(r, &mut placed);
    }
    let mut looped: Vec<usize> = (0..units.len()).filter(|&i| !placed[i]).collect();
    looped.sort_by(cmp);
    for r in looped {
        visit(r, &mut placed);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, name: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
        Unit {
            id: id.into(),
            name: name.into(),
            short_name: name.into(),
            kind,
            parent: parent.map(Into::into),
            from: None,
            until: None,
            successor: None,
            children_complete: false,
            unconfirmed: Default::default(),
            audience: crate::Audience::Public,
            internal: Default::default(),
            file: Default::default(),
        }
    }

    fn ids(units: &[Unit]) -> Vec<&str> {
        units.iter().map(|u| u.id.as_str()).collect()
    }

    #[test]
    fn hierarchy_then_generation_then_vietnamese_names() {
        // Ids and byte order would put each list the other way round: Đ before H and Ư before
        // V in Vietnamese, the area office after the district offices it replaced.
        let mut units = vec![
            unit(
                "a-hoa",
                "Chi cục THADS huyện Hòa",
                UnitKind::ChiCuc,
                Some("tq"),
            ),
            unit(
                "b-kv1",
                "Phòng THADS khu vực 1",
                UnitKind::PhongKhuVuc,
                Some("tq"),
            ),
            unit(
                "c-dong",
                "Chi cục THADS huyện Đồng",
                UnitKind::ChiCuc,
                Some("tq"),
            ),
            unit(
                "he-thong",
                "Hệ thống cơ quan THADS",
                UnitKind::ToanQuoc,
                None,
            ),
            unit(
                "tq",
                "Cục THADS tỉnh Tuyên Quang",
                UnitKind::Cuc,
                Some("he-thong"),
            ),
            unit(
                "hcm",
                "Cục THADS Thành phố Hồ Chí Minh",
                UnitKind::Cuc,
                Some("he-thong"),
            ),
            unit(
                "a-van",
                "Chi cục THADS huyện Vân",
                UnitKind::ChiCuc,
                Some("hcm"),
            ),
            unit(
                "b-uu",
                "Chi cục THADS huyện Ưu",
                UnitKind::ChiCuc,
                Some("hcm"),
            ),
        ];
        sort_units(&mut units);
        assert_eq!(
            ids(&units),
            [
                "he-thong", "hcm", "b-uu", "a-van", "tq", "c-dong", "a-hoa", "b-kv1"
            ]
        );
    }

    #[test]
    fn an_ended_unit_comes_before_its_successor_generation() {
        let mut a = unit("a", "Đơn vị B", UnitKind::Khac, None);
        a.until = Some(date(2025, 6, 30));
        let b = unit("b", "Đơn vị A", UnitKind::Khac, None);
        let mut units = vec![b, a];
        sort_units(&mut units);
        assert_eq!(ids(&units), ["a", "b"]);
    }

    #[test]
    fn units_on_a_loop_of_parents_are_kept_once() {
        let mut units = vec![
            unit("x", "X", UnitKind::Khac, Some("y")),
            unit("y", "Y", UnitKind::Khac, Some("x")),
            unit("s", "S", UnitKind::Khac, Some("s")),
            unit("r", "R", UnitKind::Khac, None),
        ];
        sort_units(&mut units);
        assert_eq!(ids(&units), ["r", "s", "x", "y"]);
    }
}
