//! The shape of the links between records: a unit's `parent` and `successor`, a directive's
//! `implements`. Each must lead somewhere new: a loop of parents would make breadcrumbs, ranks
//! among siblings and "units under" lists meaningless, and a loop of successors or of
//! directives implementing each other is no history at all. Every unit or directive of a loop
//! is reported at the value that closes it, so that the author sees the whole loop at once.

use std::collections::BTreeMap;
use std::path::Path;

use super::fields::Diags;
use super::records::PendingUnit;
use crate::diag::Pos;
use crate::model::Unit;
use crate::text;

/// A record and its links to others (by id), each with the position of the value written.
pub struct Node<'a> {
    pub id: &'a str,
    /// How the record is named in messages (a unit's id, a directive's number).
    pub label: &'a str,
    pub file: &'a Path,
    pub links: Vec<(&'a str, Pos)>,
}

/// What the links mean, for the messages.
#[derive(Clone, Copy)]
pub enum Link {
    Parent,
    Successor,
    Implements,
}

impl Link {
    fn field(self) -> &'static str {
        match self {
            Link::Parent => "parent",
            Link::Successor => "successor",
            Link::Implements => "implements",
        }
    }
    fn what(self) -> &'static str {
        match self {
            Link::Parent => "a cycle of parents",
            Link::Successor => "a cycle of successors",
            Link::Implements => "a loop of directives implementing each other",
        }
    }
    fn hint(self) -> &'static str {
        match self {
            Link::Parent => {
                "a unit's `parent` is the body directly above it; correct or remove one of these `parent:` values"
            }
            Link::Successor => {
                "a unit's `successor` is the body that took over its work after it ended; correct or remove one of these `successor:` values"
            }
            Link::Implements => {
                "a directive implements the ones issued before it; correct or remove one of these `implements` references"
            }
        }
    }
}

/// Report every loop among `nodes` (links to ids that are not among them are ignored: they are
/// reported as dangling elsewhere). A record that links to itself is a loop of one.
pub fn report_cycles(nodes: &[Node], link: Link, d: &mut Diags) {
    let index: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .rev()
        .map(|(i, n)| (n.id, i))
        .collect();
    let edges: Vec<Vec<(usize, Pos)>> = nodes
        .iter()
        .map(|n| {
            n.links
                .iter()
                .filter_map(|(to, pos)| index.get(to).map(|&j| (j, *pos)))
                .collect()
        })
        .collect();
    for component in strongly_connected(&edges) {
        let looped =
            component.len() > 1 || edges[component[0]].iter().any(|(j, _)| *j == component[0]);
        if !looped {
            continue;
        }
        let members: std::collections::BTreeSet<usize> = component.iter().copied().collect();
        let path = loop_path(&edges, &members, nodes);
        let message = if members.len() == 1 {
            format!(
                "`{}` names itself in `{}`: {}",
                nodes[component[0]].label,
                link.field(),
                link.what()
            )
        } else {
            format!(
                "{} runs through {}: {path}",
                link.what_starts(),
                listed(&members, nodes)
            )
        };
        // In the order of the records, each at its first value that stays inside the loop.
        for &i in &members {
            if let Some((_, pos)) = edges[i].iter().find(|(j, _)| members.contains(j)) {
                d.error(
                    nodes[i].file,
                    *pos,
                    message.clone(),
                    Some(link.hint().into()),
                );
            }
        }
    }
}

impl Link {
    fn what_starts(self) -> String {
        let what = self.what();
        let mut chars = what.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// The most records named in one message: a loop through a whole archive must not make a
/// message as long as the archive, repeated for each of its records.
const NAMED: usize = 8;

/// `\`a\`, \`b\` and \`c\``, ids in the order of the records (the first [`NAMED`], then how
/// many more).
fn listed(members: &std::collections::BTreeSet<usize>, nodes: &[Node]) -> String {
    let ids: Vec<String> = members
        .iter()
        .take(NAMED)
        .map(|&i| format!("`{}`", nodes[i].label))
        .collect();
    if members.len() > NAMED {
        return format!("{} and {} more", ids.join(", "), members.len() - NAMED);
    }
    match ids.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => ids.concat(),
    }
}

/// One way round the loop, from its first record back to it: `a → b → a`.
fn loop_path(
    edges: &[Vec<(usize, Pos)>],
    members: &std::collections::BTreeSet<usize>,
    nodes: &[Node],
) -> String {
    let Some(&start) = members.first() else {
        return String::new();
    };
    // Breadth-first from `start` inside the loop, back to `start`: the shortest way round.
    let mut came_from: BTreeMap<usize, usize> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    let mut closing = None;
    while let Some(i) = queue.pop_front() {
        for (j, _) in &edges[i] {
            if !members.contains(j) {
                continue;
            }
            if *j == start {
                closing = Some(i);
                break;
            }
            if !came_from.contains_key(j) {
                came_from.insert(*j, i);
                queue.push_back(*j);
            }
        }
        if closing.is_some() {
            break;
        }
    }
    let mut path = vec![start];
    let mut at = closing.unwrap_or(start);
    while at != start {
        path.push(at);
        at = came_from.get(&at).copied().unwrap_or(start);
    }
    path[1..].reverse();
    path.push(start);
    if path.len() > NAMED + 1 {
        let skipped = path.len() - NAMED;
        path.drain(NAMED - 1..path.len() - 1);
        let names: Vec<String> = path
            .iter()
            .map(|&i| format!("`{}`", nodes[i].label))
            .collect();
        let (last, rest) = names.split_last().expect("a path");
        return format!("{} → … ({skipped} more) → {last}", rest.join(" → "));
    }
    path.iter()
        .map(|&i| format!("`{}`", nodes[i].label))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The strongly connected components of a graph (Tarjan's algorithm, without recursion: a
/// chain of thousands of directives must not exhaust the stack). Each component lists its
/// nodes in increasing order; components come in no particular order.
fn strongly_connected(edges: &[Vec<(usize, Pos)>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut order = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        // (node, index of the next edge to follow)
        let mut work = vec![(root, 0)];
        order[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut k)) = work.last_mut() {
            if let Some(&(w, _)) = edges[v].get(*k) {
                *k += 1;
                if order[w] == UNSEEN {
                    order[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(order[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == order[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                out.push(component);
            }
        }
    }
    out
}

/// The units' links: cycles of parents and of successors (errors), and successors that started
/// well after their predecessor ended (warnings). Dangling links are reported by the caller.
pub fn check_units(units: &[PendingUnit], d: &mut Diags) {
    for (link, value) in [
        (
            Link::Parent,
            (|p: &PendingUnit| (p.unit.parent.as_deref(), p.parent_pos))
                as fn(&PendingUnit) -> (Option<&str>, Pos),
        ),
        (Link::Successor, |p: &PendingUnit| {
            (p.unit.successor.as_deref(), p.successor_pos)
        }),
    ] {
        let nodes: Vec<Node> = units
            .iter()
            .map(|p| Node {
                id: &p.unit.id,
                label: &p.unit.id,
                file: &p.unit.file,
                links: match value(p) {
                    (Some(to), pos) => vec![(to, pos)],
                    (None, _) => Vec::new(),
                },
            })
            .collect();
        report_cycles(&nodes, link, d);
    }
    let by_id: BTreeMap<&str, &Unit> = units
        .iter()
        .map(|p| (p.unit.id.as_str(), &p.unit))
        .collect();
    for p in units {
        let u = &p.unit;
        if let (Some(until), Some(next)) = (u.until, u.successor.as_deref())
            && let Some(from) = by_id.get(next).and_then(|s| s.from)
            && let Some((message, hint)) = successor_gap(&u.id, until, next, from)
        {
            d.warning(&u.file, p.successor_pos, message, Some(hint));
        }
    }
}

/// A successor that started more than a day after its predecessor ended leaves a time when
/// neither existed: a warning at the `successor:` value (the dates may be right, as when an
/// office closed before its successor opened, but usually one of them is mistyped).
/// Returns the message and the hint.
pub fn successor_gap(
    id: &str,
    until: jiff::civil::Date,
    successor: &str,
    from: jiff::civil::Date,
) -> Option<(String, String)> {
    let next_day = until.tomorrow().ok()?;
    (from > next_day).then(|| {
        (
            format!(
                "`{id}` ended on {} but its successor `{successor}` started only on {}",
                text::format_date(until),
                text::format_date(from)
            ),
            format!(
                "a successor usually starts the day after: `from: {}` in `{successor}`, or check `until` of `{id}`",
                text::format_date(next_day)
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes<'a>(links: &'a [(&'a str, &'a [&'a str])]) -> Vec<Node<'a>> {
        links
            .iter()
            .enumerate()
            .map(|(i, (id, to))| Node {
                id,
                label: id,
                file: Path::new("content/units/u.yaml"),
                links: to
                    .iter()
                    .enumerate()
                    .map(|(k, t)| (*t, Pos::new(i as u32 + 1, k as u32 + 1)))
                    .collect(),
            })
            .collect()
    }

    fn report(links: &[(&str, &[&str])], link: Link) -> Vec<(u32, u32, String)> {
        let mut d = Diags::default();
        report_cycles(&nodes(links), link, &mut d);
        d.list
            .into_iter()
            .map(|x| (x.pos.line, x.pos.col, x.message))
            .collect()
    }

    #[test]
    fn a_two_unit_cycle_of_parents_is_reported_at_both_parent_values() {
        let found = report(
            &[
                ("dai-tu", &["thai-nguyen"]),
                ("thai-nguyen", &["dai-tu"]),
                ("x", &["dai-tu"]),
            ],
            Link::Parent,
        );
        let m = "A cycle of parents runs through `dai-tu` and `thai-nguyen`: `dai-tu` → `thai-nguyen` → `dai-tu`";
        assert_eq!(found, vec![(1, 1, m.into()), (2, 1, m.into())]);
    }

    #[test]
    fn a_record_naming_itself_is_a_loop_of_one() {
        let found = report(&[("a", &["b", "a"]), ("b", &[])], Link::Implements);
        assert_eq!(
            found,
            vec![(
                1,
                2,
                "`a` names itself in `implements`: a loop of directives implementing each other"
                    .into()
            )]
        );
    }

    #[test]
    fn chains_without_loops_and_dangling_links_are_not_reported() {
        assert!(
            report(
                &[("a", &["b"]), ("b", &["c"]), ("c", &["nowhere"])],
                Link::Successor
            )
            .is_empty()
        );
        assert!(
            report(
                &[("a", &["b", "c"]), ("b", &["c"]), ("c", &[])],
                Link::Implements
            )
            .is_empty()
        );
    }

    #[test]
    fn every_member_of_a_larger_loop_is_reported_with_the_shortest_way_round() {
        let found = report(
            &[("a", &["b"]), ("b", &["x", "c"]), ("c", &["a"]), ("x", &[])],
            Link::Implements,
        );
        assert_eq!(found.len(), 3);
        assert!(
            found[0].2.ends_with("`a` → `b` → `c` → `a`"),
            "{}",
            found[0].2
        );
        // b's first value (`x`) is outside the loop: b is reported at `c`, its second.
        assert_eq!((found[1].0, found[1].1), (2, 2));
    }

    #[test]
    fn a_long_chain_does_not_exhaust_the_stack() {
        let ids: Vec<String> = (0..100_000).map(|i| format!("d{i}")).collect();
        let links: Vec<Vec<&str>> = (0..ids.len())
            .map(|i| vec![ids[(i + 1) % ids.len()].as_str()])
            .collect();
        let nodes: Vec<Node> = ids
            .iter()
            .zip(&links)
            .map(|(id, to)| Node {
                id,
                label: id,
                file: Path::new("a.yaml"),
                links: to.iter().map(|t| (*t, Pos::new(1, 1))).collect(),
            })
            .collect();
        let mut d = Diags::default();
        report_cycles(&nodes, Link::Implements, &mut d);
        assert_eq!(d.list.len(), ids.len());
        assert_eq!(
            d.list[0].message,
            "A loop of directives implementing each other runs through `d0`, `d1`, `d2`, `d3`, \
             `d4`, `d5`, `d6`, `d7` and 99992 more: `d0` → `d1` → `d2` → `d3` → `d4` → `d5` → \
             `d6` → … (99993 more) → `d0`"
        );
    }

    #[test]
    fn a_successor_starting_days_after_the_end_is_a_gap() {
        let day = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        let gap = |until, from| successor_gap("a", day(until), "b", day(from));
        assert!(gap("2025-06-30", "2025-07-01").is_none());
        assert!(gap("2025-06-30", "2025-06-01").is_none());
        let (message, hint) = gap("2025-06-30", "2025-07-02").unwrap();
        assert_eq!(
            message,
            "`a` ended on 30/06/2025 but its successor `b` started only on 02/07/2025"
        );
        assert!(hint.contains("`from: 01/07/2025`"), "{hint}");
    }
}
