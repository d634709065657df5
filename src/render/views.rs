//! View structs: what templates receive (documented in docs/templates.md). Built from the model,
//! with every number, date and name already formatted the Vietnamese way; URLs are site-relative
//! (templates write `{{ root }}{{ x.url }}`).

use std::collections::HashSet;

use rayon::prelude::*;
use serde::Serialize;

use crate::model::*;
use crate::text;
use crate::urls;

#[derive(Serialize, Clone)]
pub struct Link {
    pub url: String,
    pub title: String,
}

#[derive(Serialize, Clone)]
pub struct UnitRef {
    pub url: String,
    pub name: String,
    pub short_name: String,
    pub ended: bool,
    /// When the link to this unit is not confirmed (`unconfirmed:` of the record that makes
    /// it): the note, shown with "chưa xác nhận".
    pub unconfirmed: Option<String>,
}

pub fn unit_ref(u: &Unit) -> UnitRef {
    UnitRef {
        url: urls::unit(&u.id),
        name: u.name.clone(),
        short_name: u.short_name.clone(),
        ended: u.until.is_some(),
        unconfirmed: None,
    }
}

/// [`unit_ref`] to the unit a link of a record names, with that link's `unconfirmed:` note.
fn linked_ref(u: &Unit, note: Option<&String>) -> UnitRef {
    UnitRef {
        unconfirmed: note.cloned(),
        ..unit_ref(u)
    }
}

#[derive(Serialize, Clone)]
pub struct TagView {
    pub name: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct ArticleCard {
    pub url: String,
    pub title: String,
    pub date: String,
    pub date_iso: String,
    pub author: Option<String>,
    pub unit: Option<UnitRef>,
    pub summary: String,
    pub tags: Vec<TagView>,
    pub draft: bool,
    /// Marked `audience: internal` (only in internal builds).
    pub internal: bool,
    /// The card as `partials/article_item.html` shows it (empty until rendered, see
    /// `render::card_value`).
    pub html: String,
}

pub fn article_card(site: &Site, a: &Article) -> ArticleCard {
    ArticleCard {
        url: urls::article(&a.slug),
        title: a.title.clone(),
        date: text::format_date(a.date),
        date_iso: a.date.to_string(),
        author: a.author.clone(),
        unit: a.unit.as_deref().and_then(|u| site.unit(u)).map(unit_ref),
        summary: a
            .summary
            .clone()
            .unwrap_or_else(|| excerpt(&a.plain_text, 220)),
        tags: a
            .tags
            .iter()
            .map(|t| TagView {
                name: t.name.clone(),
                url: urls::tag(&t.slug),
            })
            .collect(),
        draft: a.draft,
        internal: a.audience == Audience::Internal,
        html: String::new(),
    }
}

/// The first `max` characters of `text`, cut at a word boundary, with an ellipsis.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().nth(max).is_none() {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[derive(Serialize, Clone)]
pub struct DirectiveRef {
    pub url: String,
    pub number: String,
    pub kind: String,
    pub title: String,
    pub date: String,
}

/// A directive's kind, or the kind of one whose record gives none (`directive.kind`).
pub fn directive_kind<'a>(site: &'a Site, d: &'a Directive) -> &'a str {
    d.kind
        .as_deref()
        .unwrap_or_else(|| site.labels().directive.kind())
}

pub fn directive_ref(site: &Site, d: &Directive) -> DirectiveRef {
    DirectiveRef {
        url: urls::directive(&d.id),
        number: d.number.clone(),
        kind: directive_kind(site, d).to_string(),
        title: d.title.clone(),
        date: text::format_date(d.date),
    }
}

#[derive(Serialize, Clone)]
pub struct DirectiveView {
    pub url: String,
    pub id: String,
    pub number: String,
    pub kind: String,
    pub title: String,
    pub issuer: String,
    pub date: String,
    pub date_iso: String,
    pub date_long: String,
    pub year: i16,
    pub summary_html: Option<String>,
    pub source_url: Option<String>,
    pub unit: Option<UnitRef>,
    pub implements: Vec<DirectiveRef>,
    pub implemented_by: Vec<DirectiveRef>,
    /// The facts of the directive not confirmed yet (`unconfirmed:`), field name → note.
    pub unconfirmed: std::collections::BTreeMap<String, String>,
    pub internal: Vec<(String, String)>,
}

pub fn directive_view(site: &Site, d: &Directive) -> DirectiveView {
    DirectiveView {
        url: urls::directive(&d.id),
        id: d.id.clone(),
        number: d.number.clone(),
        kind: directive_kind(site, d).to_string(),
        title: d.title.clone(),
        issuer: d.issuer.clone(),
        date: text::format_date(d.date),
        date_iso: d.date.to_string(),
        date_long: text::format_date_long(d.date),
        year: d.date.year(),
        summary_html: d.summary_html.clone(),
        source_url: d.url.clone(),
        unit: d.unit.as_deref().and_then(|u| site.unit(u)).map(unit_ref),
        implements: d
            .implements
            .iter()
            .filter_map(|id| site.directive(id))
            .map(|x| directive_ref(site, x))
            .collect(),
        implemented_by: site
            .implemented_by(&d.id)
            .map(|x| directive_ref(site, x))
            .collect(),
        unconfirmed: d.unconfirmed.clone(),
        internal: internal_view(&d.internal),
    }
}

/// One entry of the timeline tree: a directive and those that implement it.
#[derive(Serialize, Clone)]
pub struct TimelineNode {
    pub directive: DirectiveView,
    pub children: Vec<TimelineNode>,
    /// The directives it implements that the timeline leaves out (only a shortened timeline, the
    /// briefing's, leaves any out).
    pub implements_hidden: Vec<DirectiveRef>,
    /// The other shown directives it implements: it is nested under the first one only
    /// (see `shown_parents`) and names these.
    pub also_implements: Vec<DirectiveRef>,
}

/// Roots are directives that implement nothing on the site; each is followed by the directives
/// that implement it, chronologically, recursively. A directive implementing several is shown
/// once, under the first of them (see `shown_parents`).
pub fn timeline(site: &Site) -> Vec<TimelineNode> {
    site.directives()
        .iter()
        .filter(|d| d.implements.is_empty())
        .map(|d| timeline_node(site, d, None, 0))
        .collect()
}

/// The timeline of the `n` latest directives (by date) only, and how many it leaves out. Roots
/// are those of them that implement none of the others; a directive that implements one left
/// out names it (`implements_hidden`).
pub fn recent_timeline(site: &Site, n: usize) -> (Vec<TimelineNode>, usize) {
    // `site.directives()` is chronological (validate sorts it by date).
    let left_out = site.directives().len().saturating_sub(n);
    let shown: HashSet<&str> = site.directives()[left_out..]
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    let roots = site.directives()[left_out..]
        .iter()
        .filter(|d| !d.implements.iter().any(|p| shown.contains(p.as_str())))
        .map(|d| timeline_node(site, d, Some(&shown), 0))
        .collect();
    (roots, left_out)
}

/// The directives `d` implements that the timeline shows (all, or those in `shown` when given),
/// each once, in the order its `implements` lists them. The first is its parent in the tree: the
/// timeline nests `d` under that one only, and the others are named beside it
/// (`also_implements`), so a directive implementing two is not shown twice.
fn shown_parents<'s>(
    site: &'s Site,
    d: &'s Directive,
    shown: Option<&HashSet<&str>>,
) -> Vec<&'s Directive> {
    let mut parents: Vec<&Directive> = Vec::new();
    for p in &d.implements {
        if shown.is_none_or(|s| s.contains(p.as_str()))
            && let Some(p) = site.directive(p)
            && !parents.iter().any(|q| q.id == p.id)
        {
            parents.push(p);
        }
    }
    parents
}

/// A directive and those that implement it (each under its first shown parent only),
/// recursively; only those in `shown` when given.
fn timeline_node(
    site: &Site,
    d: &Directive,
    shown: Option<&HashSet<&str>>,
    depth: usize,
) -> TimelineNode {
    let is_shown = |id: &str| shown.is_none_or(|s| s.contains(id));
    let is_first_parent = |x: &Directive| {
        shown_parents(site, x, shown)
            .first()
            .is_some_and(|p| p.id == d.id)
    };
    TimelineNode {
        directive: directive_view(site, d),
        children: if depth > 6 {
            Vec::new() // a cycle or an absurdly deep chain: stop rather than loop
        } else {
            site.implemented_by(&d.id)
                .filter(|x| is_shown(&x.id) && is_first_parent(x))
                .map(|x| timeline_node(site, x, shown, depth + 1))
                .collect()
        },
        implements_hidden: d
            .implements
            .iter()
            .filter(|p| !is_shown(p))
            .filter_map(|p| site.directive(p))
            .map(|x| directive_ref(site, x))
            .collect(),
        also_implements: shown_parents(site, d, shown)
            .into_iter()
            .skip(1)
            .map(|x| directive_ref(site, x))
            .collect(),
    }
}

#[derive(Serialize, Clone)]
pub struct CaseView {
    pub url: String,
    pub id: String,
    pub title: String,
    pub party: Option<String>,
    pub commune: Option<String>,
    pub resolved: Option<String>,
    pub measures: Vec<String>,
    pub long_running: bool,
    pub complaints: bool,
    pub directed_by: Vec<String>,
    pub commendation_html: Option<String>,
    pub directives: Vec<DirectiveRef>,
    pub unit: Option<UnitRef>,
    pub internal: Vec<(String, String)>,
}

/// Whether parties' names are masked in this build.
pub fn masks_names(site: &Site) -> bool {
    site.audience() == Audience::Public && site.config().person_names == NamePolicy::Initials
}

pub fn case_view(site: &Site, c: &Case) -> CaseView {
    CaseView {
        url: urls::case(&c.id),
        id: c.id.clone(),
        // Texts come masked from validate; the party, kept whole there, is shown as initials.
        title: c.title.clone(),
        party: c.party.as_ref().map(|p| {
            if masks_names(site) {
                text::initials(p)
            } else {
                p.clone()
            }
        }),
        commune: c.commune.clone(),
        resolved: c.resolved.as_ref().map(|r| match r {
            Resolved::Date(d) => text::format_date(*d),
            Resolved::Year(y) => site.labels().period.in_year(y),
        }),
        measures: c.measures.clone(),
        long_running: c.long_running,
        complaints: c.complaints,
        directed_by: c.directed_by.clone(),
        commendation_html: c.commendation_html.clone(),
        directives: c
            .directives
            .iter()
            .filter_map(|id| site.directive(id))
            .map(|x| directive_ref(site, x))
            .collect(),
        unit: c.unit.as_deref().and_then(|u| site.unit(u)).map(unit_ref),
        internal: internal_view(&c.internal),
    }
}

fn internal_view(fields: &InternalFields) -> Vec<(String, String)> {
    fields.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

#[derive(Serialize, Clone, Default)]
pub struct MeasureView {
    pub has_data: bool,
    pub total: Option<String>,
    pub eligible: Option<String>,
    pub completed: Option<String>,
    pub rate: Option<String>,
    /// The rate recomputed from counts, when it differs from the published one.
    pub recomputed: Option<String>,
    pub target: Option<String>,
    pub target_derived: bool,
    pub exceeded: Option<String>,
    /// Above (true) or below (false) the target.
    pub exceeded_up: bool,
    /// The stated `exceeded` when it does not match rate − target.
    pub exceeded_stated: Option<String>,
    /// `exceeded` is computed (rate − target), not published.
    pub exceeded_computed: bool,
    /// Rates without formatting, for charts and sorting.
    pub rate_value: Option<f64>,
}

pub fn measure_view(m: &Measure, money: bool) -> MeasureView {
    let amount = |v: Option<u64>| {
        v.map(|v| {
            if money {
                text::format_money(v)
            } else {
                text::format_int(v)
            }
        })
    };
    MeasureView {
        has_data: !m.is_empty(),
        total: amount(m.total),
        eligible: amount(m.eligible),
        completed: amount(m.completed),
        rate: m.rate.value().map(text::format_percent),
        recomputed: m.rate.recomputed_differs().map(text::format_percent),
        target: m.target.map(|t| text::format_percent(t.value)),
        target_derived: m.target.is_some_and(|t| t.derived),
        exceeded: m.exceeded.map(|x| text::format_points(x.abs())),
        exceeded_computed: m.exceeded_computed,
        exceeded_up: m.exceeded.is_some_and(|x| x >= 0.0),
        exceeded_stated: m.exceeded_mismatch.map(text::format_points),
        rate_value: m.rate.value(),
    }
}

#[derive(Serialize, Clone)]
pub struct YearView {
    pub year: i32,
    pub label: String,
    pub period: String,
    pub months: u8,
    pub cases: MeasureView,
    pub money: MeasureView,
    pub rank_cases: Option<u32>,
    pub rank_money: Option<u32>,
    pub computed_rank_cases: Option<u32>,
    pub computed_rank_money: Option<u32>,
    pub rank_of: Option<u32>,
    /// The parent's short name when its units are all in the content (`children_complete`).
    pub rank_within: Option<String>,
    pub as_of: Option<String>,
    pub source: Option<Link>,
    /// The figures not confirmed yet (`unconfirmed:`), field name → note.
    pub unconfirmed: std::collections::BTreeMap<String, String>,
    pub unit: UnitRef,
    pub internal: Vec<(String, String)>,
}

/// What figures of `months` months of statistical year `year` are called: the year's, or its
/// first six months'.
fn period_label(site: &Site, year: i32, months: u8) -> String {
    let l = &site.labels().period;
    if months == 6 {
        l.half_year(year)
    } else {
        l.year(year)
    }
}

pub fn year_view(site: &Site, s: &YearStats) -> YearView {
    let unit = site.unit(&s.unit).map(unit_ref).unwrap_or(UnitRef {
        url: String::new(),
        name: s.unit.clone(),
        short_name: s.unit.clone(),
        ended: false,
        unconfirmed: None,
    });
    // A computed rank is a rank within the parent only when the content lists all its units.
    let rank_within = site
        .unit(&s.unit)
        .and_then(|u| u.parent.as_deref())
        .and_then(|p| site.unit(p))
        .filter(|p| p.children_complete)
        .map(|p| p.short_name.clone());
    YearView {
        year: s.year,
        label: period_label(site, s.year, s.months),
        period: format!(
            "{} – {}",
            text::format_date(s.period_start),
            text::format_date(s.period_end)
        ),
        months: s.months,
        cases: measure_view(&s.cases, false),
        money: measure_view(&s.money, true),
        rank_cases: s.rank.cases,
        rank_money: s.rank.money,
        computed_rank_cases: s.computed_rank.cases,
        computed_rank_money: s.computed_rank.money,
        rank_of: s.rank_of,
        rank_within,
        as_of: s.as_of.map(text::format_date),
        source: s.source.as_ref().map(|src| match site.article(src) {
            Some(a) => Link {
                url: urls::article(&a.slug),
                title: a.title.clone(),
            },
            None => Link {
                url: String::new(),
                title: src.clone(),
            },
        }),
        unconfirmed: s.unconfirmed.clone(),
        unit,
        internal: internal_view(&s.internal),
    }
}

#[derive(Serialize, Clone)]
pub struct UnitView {
    pub url: String,
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub parent: Option<UnitRef>,
    pub successor: Option<UnitRef>,
    pub predecessors: Vec<UnitRef>,
    pub children: Vec<UnitRef>,
    pub from: Option<String>,
    pub until: Option<String>,
    pub ended: bool,
    pub stats_url: Option<String>,
    /// The unit's facts not confirmed yet (`unconfirmed:`), field name → note.
    pub unconfirmed: std::collections::BTreeMap<String, String>,
    pub internal: Vec<(String, String)>,
}

pub fn unit_view(site: &Site, u: &Unit) -> UnitView {
    UnitView {
        url: urls::unit(&u.id),
        id: u.id.clone(),
        name: u.name.clone(),
        short_name: u.short_name.clone(),
        kind: u.kind.label(site.labels()).to_string(),
        parent: u
            .parent
            .as_deref()
            .and_then(|p| site.unit(p))
            .map(|p| linked_ref(p, u.unconfirmed.get("parent"))),
        successor: u
            .successor
            .as_deref()
            .and_then(|p| site.unit(p))
            .map(|s| linked_ref(s, u.unconfirmed.get("successor"))),
        predecessors: site
            .predecessors(&u.id)
            .map(|p| linked_ref(p, p.unconfirmed.get("successor")))
            .collect(),
        children: site
            .children(&u.id)
            .map(|c| linked_ref(c, c.unconfirmed.get("parent")))
            .collect(),
        from: u.from.map(text::format_date),
        until: u.until.map(text::format_date),
        ended: u.until.is_some(),
        stats_url: site
            .unit_stats(&u.id)
            .next()
            .map(|_| urls::stats_unit(&u.id)),
        unconfirmed: u.unconfirmed.clone(),
        internal: internal_view(&u.internal),
    }
}

/// The comparison of one parent's units in one year (statistics overview).
#[derive(Serialize, Clone)]
pub struct ComparisonView {
    pub parent: UnitRef,
    /// The parent is the whole country: its units are "the provinces and cities of the country",
    /// not "the units of Toàn quốc".
    pub national: bool,
    /// Every unit under the parent in the period is compared: the content says it lists them
    /// all (`children_complete`) and each has figures. Otherwise the comparison is of "the units
    /// with figures", and says so.
    pub complete: bool,
    pub year: i32,
    pub label: String,
    pub rows: Vec<YearView>,
    /// Ids of the units in `rows`, in the same order.
    #[serde(skip)]
    pub unit_ids: Vec<String>,
}

pub fn comparisons(site: &Site) -> Vec<ComparisonView> {
    // Newest year first; within a year (and its months), the parents in unit order.
    let mut groups: std::collections::BTreeMap<
        (std::cmp::Reverse<i32>, u8, usize),
        Vec<&YearStats>,
    > = Default::default();
    for s in site.stats() {
        let parent = site.unit(&s.unit).and_then(|u| u.parent.as_deref());
        if let Some(p) = parent.and_then(|p| site.unit_position(p)) {
            groups
                .entry((std::cmp::Reverse(s.year), s.months, p))
                .or_default()
                .push(s);
        }
    }
    // Each group's figures are formatted in parallel; the list keeps the groups' order.
    let groups: Vec<_> = groups.into_iter().collect();
    groups
        .into_par_iter()
        .map(|((year, months, parent), mut rows)| {
            let parent = &site.units()[parent];
            rows.sort_by(|a, b| crate::charts::ranking_cmp(site, a, b));
            let alive = rows.first().map_or(0, |s| {
                site.children(&parent.id)
                    .filter(|u| u.overlaps(s.period_start, s.period_end))
                    .count()
            });
            ComparisonView {
                parent: unit_ref(parent),
                national: parent.kind == UnitKind::ToanQuoc,
                complete: parent.children_complete && rows.len() == alive,
                year: year.0,
                label: period_label(site, year.0, months),
                unit_ids: rows.iter().map(|s| s.unit.clone()).collect(),
                rows: rows.into_iter().map(|s| year_view(site, s)).collect(),
            }
        })
        .collect()
}
