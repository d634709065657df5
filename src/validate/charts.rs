//! Chart specs (SPEC §6): `type`, `unit`, `units`, `year`, `years`, `title`.

use std::path::Path;

use super::fields::{Diags, Fields, did_you_mean};
use crate::diag::Pos;
use crate::load::{Node, Value, yaml};
use crate::model::{ChartKind, ChartSpec, Site, SiteConfig, Unit, unit_order};

/// What a chart spec is checked against: the lead unit, the units, and which have figures.
pub trait ChartData: Sync {
    fn lead_unit(&self) -> Option<&str>;
    fn units(&self) -> &[Unit];
    fn unit(&self, id: &str) -> Option<&Unit>;
    /// Whether `unit` has figures (of `year`, when given).
    fn has_figures(&self, unit: &str, year: Option<i32>) -> bool;
}

impl ChartData for Site {
    fn lead_unit(&self) -> Option<&str> {
        self.config().unit.as_deref()
    }
    fn units(&self) -> &[Unit] {
        Site::units(self)
    }
    fn unit(&self, id: &str) -> Option<&Unit> {
        Site::unit(self, id)
    }
    fn has_figures(&self, unit: &str, year: Option<i32>) -> bool {
        self.unit_stats(unit)
            .any(|s| year.is_none_or(|y| s.year == y))
    }
}

impl ChartData for (&SiteConfig, &super::select::Records) {
    fn lead_unit(&self) -> Option<&str> {
        self.0.unit.as_deref()
    }
    fn units(&self) -> &[Unit] {
        &self.1.units
    }
    fn unit(&self, id: &str) -> Option<&Unit> {
        self.1.unit(id)
    }
    fn has_figures(&self, unit: &str, year: Option<i32>) -> bool {
        self.1
            .unit_stats(unit)
            .any(|s| year.is_none_or(|y| s.year == y))
    }
}

pub const CHART_FIELDS: &[&str] = &["type", "unit", "units", "year", "years", "title"];
const KINDS: &[&str] = &["yearly", "compare", "counts"];

/// Parse and check a chart spec written as YAML starting at `first_line` of `file`.
pub fn chart_from_yaml(
    file: &Path,
    body: &str,
    first_line: u32,
    site: &dyn ChartData,
    d: &mut Diags,
) -> Option<ChartSpec> {
    let node = match yaml::parse_yaml(body, first_line.saturating_sub(1)) {
        Ok(n) => n,
        Err(e) => {
            d.error(
                file,
                e.pos,
                format!("chart spec: YAML syntax: {}", e.message),
                None,
            );
            return None;
        }
    };
    chart_spec(file, &node, site, d)
}

pub fn chart_spec(
    file: &Path,
    node: &Node,
    site: &dyn ChartData,
    d: &mut Diags,
) -> Option<ChartSpec> {
    let f = Fields::new(file, node, "chart spec", CHART_FIELDS, d)?;
    let kind = match f.text("type", d).as_deref() {
        Some("yearly") => Some(ChartKind::Yearly),
        Some("compare") => Some(ChartKind::Compare),
        Some("counts") => Some(ChartKind::Counts),
        Some(other) => {
            d.error(
                file,
                f.get("type").map(|n| n.pos).unwrap_or(f.pos),
                format!("unknown chart type `{other}`"),
                Some(match did_you_mean(other, KINDS) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "one of: yearly, compare, counts".into(),
                }),
            );
            None
        }
        None => {
            d.error(
                file,
                f.pos,
                "missing required field `type` in chart spec",
                Some("add `type: yearly` (or compare, counts)".into()),
            );
            None
        }
    };
    let unit = f.id("unit", d);
    let mut units: Vec<(String, Pos)> = f.text_list("units", d);
    let year = f.get("year").and_then(|n| match n.value {
        Value::Int(y) if (1950..=2100).contains(&y) => Some(y as i32),
        _ => {
            d.error(file, n.pos, "`year` must be a year such as 2023", None);
            None
        }
    });
    let years = f.get("years").and_then(|n| {
        let t = n.scalar_text().unwrap_or_default();
        let parsed = match t.split_once('-') {
            Some((a, b)) => a
                .trim()
                .parse::<i32>()
                .ok()
                .zip(b.trim().parse::<i32>().ok()),
            None => t.trim().parse::<i32>().ok().map(|y| (y, y)),
        };
        match parsed {
            Some((a, b)) if a <= b && a >= 1950 && b <= 2100 => Some((a, b)),
            _ => {
                d.error(
                    file,
                    n.pos,
                    format!("`years` must be a range such as 2021-2023, not `{t}`"),
                    None,
                );
                None
            }
        }
    });
    let kind = kind?;
    let unit_pos = f.get("unit").map(|n| n.pos).unwrap_or(f.pos);
    let mut ok = true;
    match kind {
        ChartKind::Yearly | ChartKind::Counts => {
            if unit.is_none() && f.has("unit") {
                return None;
            }
            let Some(u) = unit
                .clone()
                .or_else(|| site.lead_unit().map(str::to_string))
            else {
                d.error(
                    file,
                    f.pos,
                    "the chart needs `unit:`",
                    Some("e.g. `unit: dai-tu`".into()),
                );
                return None;
            };
            units = vec![(u, unit_pos)];
        }
        ChartKind::Compare => {
            if year.is_none() {
                d.error(
                    file,
                    f.pos,
                    "a compare chart needs `year:`",
                    Some("e.g. `year: 2023`".into()),
                );
                ok = false;
            }
            if units.is_empty() {
                // `unit:` names the parent whose units are compared.
                let Some(parent) = unit.clone() else {
                    d.error(file, f.pos, "a compare chart needs `units: [a, b, …]` or `unit:` naming the parent unit", None);
                    return None;
                };
                if site.unit(&parent).is_none() {
                    unknown_unit(file, unit_pos, &parent, site, d);
                    return None;
                }
                // In unit order, whichever order `site` keeps (a build's records are by id, a
                // built site's in unit order): the spec is the same either way.
                let mut children: Vec<&Unit> = site
                    .units()
                    .iter()
                    .filter(|u| u.parent.as_deref() == Some(parent.as_str()))
                    .filter(|u| year.is_none() || site.has_figures(&u.id, year))
                    .collect();
                children.sort_by(|a, b| unit_order::sibling_cmp(a, b));
                units = children
                    .into_iter()
                    .map(|u| (u.id.clone(), unit_pos))
                    .collect();
                if units.is_empty() {
                    d.error(
                        file,
                        unit_pos,
                        format!("no unit under `{parent}` has figures for that year"),
                        None,
                    );
                    return None;
                }
            }
        }
    }
    for (u, pos) in &units {
        if site.unit(u).is_none() {
            unknown_unit(file, *pos, u, site, d);
            ok = false;
        } else if !site.has_figures(u, None) {
            d.error(
                file,
                *pos,
                format!("`{u}` has no statistics to chart"),
                Some("add figures under content/stats/".into()),
            );
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    Some(ChartSpec {
        kind,
        units: units.into_iter().map(|(u, _)| u).collect(),
        year,
        years,
        title: f.text("title", d),
    })
}

fn unknown_unit(file: &Path, pos: Pos, id: &str, site: &dyn ChartData, d: &mut Diags) {
    let known: Vec<&str> = site.units().iter().map(|u| u.id.as_str()).collect();
    d.error(
        file,
        pos,
        format!("no unit with id `{id}`"),
        did_you_mean(id, &known).map(|s| format!("did you mean `{s}`?")),
    );
}
