//! The words a reader sees that are not in a template (page titles, navigation, the search index,
//! kinds of units, whatever a chart draws or says), kept in one file of Vietnamese labels,
//! `templates/labels.toml`, so that wording is reviewed and changed in one place.
//!
//! The file is compiled in ([`BUILTIN`]) and parsed once ([`Labels::builtin`]); a site may change
//! any of its labels with a `templates/labels.toml` of its own ([`Labels::with_overrides`]). Code
//! reads a label only through its method on [`Labels`]: a label the code uses and the file lacks,
//! or one the file has and the code does not know, fails to load (`deny_unknown_fields`, no
//! defaults), which the tests do for the built-in file. A label with values is a method taking
//! them by name (`labels.page.stats_unit(name)` fills `{unit}`), so the values a label is given
//! are written once, here; a label naming a value it is not given fails to load too.
//!
//! No I/O: the site's file comes in as text.

#[cfg(test)]
mod tests;

use std::fmt::{Display, Write as _};
use std::sync::LazyLock;

use serde::Deserialize;
use toml::Spanned;

/// The built-in labels file, `templates/labels.toml`, compiled in.
pub const BUILTIN: &str = include_str!("../../../../templates/labels.toml");

/// A labels file that does not load: what is wrong, and where (1-based line and column, in
/// characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelsError {
    pub message: String,
    pub line: u32,
    pub col: u32,
}

impl LabelsError {
    fn at(text: &str, offset: Option<usize>, message: String) -> LabelsError {
        let (line, col) = offset.map_or((1, 1), |o| line_col(text, o));
        LabelsError { message, line, col }
    }
}

/// The method of a label: its text, or its text with its values filled in.
macro_rules! label_method {
    ($section:ident, $key:ident) => {
        #[doc = concat!("`", stringify!($section), ".", stringify!($key), "` of the labels file.")]
        pub fn $key(&self) -> &str {
            &self.$key
        }
    };
    ($section:ident, $key:ident ($($arg:ident),+)) => {
        #[doc = concat!(
            "`", stringify!($section), ".", stringify!($key),
            "` of the labels file, its values filled in.")]
        pub fn $key(&self, $($arg: impl Display),+) -> String {
            fill(&self.$key, &[$((stringify!($arg), &$arg as &dyn Display)),+])
        }
    };
}

/// Every section and label of the file: a section's struct (and its overrides' struct), each
/// label with the names of the values it is given.
macro_rules! labels {
    ($(
        $(#[doc = $doc:literal])*
        $section:ident: $Section:ident / $Partial:ident {
            $( $key:ident $( ( $($arg:ident),+ ) )? ),* $(,)?
        }
    )*) => {
        /// Every label, by section of the labels file.
        #[derive(Clone, Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Labels {
            $( $(#[doc = $doc])* pub $section: $Section, )*
        }

        /// A site's labels file: any labels, by section.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Overrides {
            $( #[serde(default)] $section: Option<$Partial>, )*
        }

        $(
            $(#[doc = $doc])*
            #[derive(Clone, Debug, Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct $Section {
                $( $key: String, )*
            }

            impl $Section {
                $( label_method!($section, $key $( ( $($arg),+ ) )?); )*
            }

            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct $Partial {
                $( #[serde(default)] $key: Option<Spanned<String>>, )*
            }
        )*

        /// Each label: section, key, and the names of the values it is given.
        const CONTRACT: &[(&str, &str, &[&str])] = &[
            $( $( (stringify!($section), stringify!($key), &[ $( $( stringify!($arg) ),+ )? ]), )* )*
        ];

        impl Labels {
            /// The text of each label, in the order of [`CONTRACT`].
            fn texts(&self) -> Vec<&str> {
                vec![ $( $( self.$section.$key.as_str(), )* )* ]
            }

            /// These labels with `site`'s over them, each checked against the values it is given.
            fn merge(&mut self, site: Overrides, text: &str) -> Result<(), LabelsError> {
                $(
                    if let Some(part) = site.$section {
                        $(
                            if let Some(value) = part.$key {
                                let given: &[&str] = &[ $( $( stringify!($arg) ),+ )? ];
                                check_label(stringify!($section), stringify!($key), value.get_ref(), given)
                                    .map_err(|m| LabelsError::at(text, Some(value.span().start), m))?;
                                self.$section.$key = value.into_inner();
                            }
                        )*
                    }
                )*
                Ok(())
            }
        }
    };
}

labels! {
    /// The main navigation.
    nav: Nav / NavPart {
        home, articles, stats, directives, cases, units, briefing, search,
    }
    /// Page titles.
    page: Page / PagePart {
        articles,
        articles_page(n),
        stats,
        stats_unit(unit),
        directives,
        directive(kind, number),
        cases,
        units,
        tags,
        tag(tag),
        tag_page(tag, n),
        briefing,
        search,
        not_found,
    }
    /// Directives: the kind of one whose record gives none, a link's tooltip.
    directive: DirectiveLabels / DirectivePart {
        kind,
        link_title(kind, number, date),
    }
    /// Periods of figures, and dates known only to the year.
    period: Period / PeriodPart {
        year(year),
        half_year(year),
        in_year(year),
    }
    /// The search index.
    search: Search / SearchPart {
        article, directive, case, unit,
        unit_ended(date),
    }
    /// Kinds of units, by the `kind:` of a unit's record.
    unit_kind: UnitKinds / UnitKindPart {
        toan_quoc, tong_cuc, cuc_quan_ly, cuc, thads_tinh, chi_cuc, phong_khu_vuc, khac,
    }
    /// What a chart draws.
    chart: ChartLabels / ChartPart {
        yearly_title(unit),
        counts_title(unit),
        compare_title(year),
        compare_title_national(period),
        compare_title_parent(period, parent),
        compare_title_national_some(period),
        compare_title_parent_some(period, parent),
        cases,
        money,
        target,
        target_derived,
        target_line(measure, percent),
        target_line_of(measure, unit, percent),
        rate_axis,
        year_axis,
        rank_key,
        no_data,
        no_data_top,
        no_data_bottom,
        counts_cases,
        counts_money(money_unit),
        case_count(n),
        money_billion,
        money_million,
        money_thousand,
        money_dong,
    }
    /// What a chart says in its `<desc>`.
    chart_desc: ChartDesc / ChartDescPart {
        cases,
        money,
        yearly(unit, years, against),
        counts(unit, years),
        compare(year, count),
        span_years(first, last),
        span_year(year),
        against_targets,
        no_data,
        year_figures(year, cases, money),
        year_no_data(year),
        cases_count_no_data,
        money_amount_no_data,
        rate(measure, percent),
        rate_no_data(measure),
        target(percent),
        target_derived(percent),
        on_target,
        above_target(points),
        below_target(points),
        above_target_computed(points),
        below_target_computed(points),
        year_unconfirmed(year),
        unit_unconfirmed(unit),
        lead(unit),
        target_line(target, measure, unit),
        unit_figures(unit, cases, money),
        unit_no_data(unit),
        rank_both(cases_rank, money_rank, figures),
        rank_cases(cases_rank, figures),
        rank_money(money_rank, figures),
    }
    /// The report a leader signs (Nghị định 30/2020/NĐ-CP).
    /// The downloadable data files (CSV, XLSX): column names and the notes sheet.
    data: DataLabels / DataPart {
        unit_id, unit_name, year, months, period_start, period_end,
        cases_total, cases_eligible, cases_completed, cases_rate, cases_rate_recomputed,
        cases_target, cases_target_derived, cases_exceeded, cases_exceeded_computed,
        money_total, money_eligible, money_completed, money_rate, money_rate_recomputed,
        money_target, money_target_derived, money_exceeded, money_exceeded_computed,
        rank_cases, rank_money, computed_rank_cases, computed_rank_money, rank_of,
        as_of, source, source_url,
        sheet_data, sheet_notes,
        notes_title,
        note_period(start, end),
        note_columns, note_rates, note_money, note_ranks,
        sources_heading, no_sources,
        source_line(unit, period, source),
        derived_heading, no_derived,
        derived_line(unit, period, measure, target, rate, exceeded),
        differs_heading, no_differs,
        differs_line(unit, period, measure, published, recomputed),
        measure_cases, measure_money,
    }
    report: ReportLabels / ReportPart {
        nation, motto, doc_type, internal,
        number(number, symbol),
        place_date(place, day, month, year),
        subject(period),
        intro(unit, period, start, end),
        period_year(year),
        period_half(year),
        part_results, part_compare, part_directives, part_cases, part_articles,
        results_caption(period),
        col_measure, col_total, col_eligible, col_completed, col_rate, col_target, col_versus,
        row_cases, row_money,
        derived(value),
        computed(value),
        above(points),
        below(points),
        on_target, none,
        assess_results(period, cases, money),
        assess_cases(rate, versus),
        assess_money(rate, versus),
        assess_no_rate(measure),
        versus_above_full(points),
        versus_below_full(points),
        versus_on_full,
        versus_above(points),
        versus_below(points),
        versus_on,
        versus_computed,
        assess_rank_published(ranks, scope),
        rank_scope(parent),
        rank_both(cases, money),
        rank_cases(cases),
        rank_money(money),
        end,
        assess_counts(parts),
        assess_money_counts(parts),
        count_total(n),
        count_eligible(n),
        count_completed(n),
        note_source(source),
        note_as_of(date),
        note_derived, note_computed,
        note_unconfirmed(note),
        no_figures(unit),
        compare_caption(period, scope),
        scope_all(parent),
        scope_some(parent),
        col_unit, col_cases, col_money, col_rank,
        rank_cell_computed(ranks),
        assess_compare_all(count, parent, unit, ranks),
        assess_compare_some(count, parent, period, unit, ranks),
        assess_compare_published(unit, ranks),
        missing_units(period, units),
        directive_item(kind, number, date, issuer, title),
        directives_intro(unit),
        directives_none(unit),
        case_item(title, commune, measures, resolved),
        case_commune(commune),
        case_measures(measures),
        cases_intro, cases_none,
        article_item(date, title),
        articles_intro(count),
        articles_more(count),
        articles_none,
        on_behalf(position),
        recipients,
        recipient_office_copy,
    }
}

static BUILTIN_LABELS: LazyLock<Labels> = LazyLock::new(|| {
    // The file is compiled in, and a test loads it: it cannot fail for a reader's site.
    parse_builtin().unwrap_or_else(|e| panic!("templates/labels.toml: {e:?}"))
});

impl Labels {
    /// The built-in labels, parsed once.
    pub fn builtin() -> &'static Labels {
        &BUILTIN_LABELS
    }

    /// The built-in labels with those of a site's own labels file (`text`) over them: it needs
    /// only the labels it changes. An unknown section or label, a value that is not text, and a
    /// label naming a value it is not given are errors.
    pub fn with_overrides(text: &str) -> Result<Labels, LabelsError> {
        let site: Overrides = toml::from_str(text)
            .map_err(|e| LabelsError::at(text, e.span().map(|s| s.start), e.message().into()))?;
        let mut labels = Labels::builtin().clone();
        labels.merge(site, text)?;
        Ok(labels)
    }
}

fn parse_builtin() -> Result<Labels, LabelsError> {
    let labels: Labels = toml::from_str(BUILTIN)
        .map_err(|e| LabelsError::at(BUILTIN, e.span().map(|s| s.start), e.message().into()))?;
    for ((section, key, given), text) in CONTRACT.iter().zip(labels.texts()) {
        check_label(section, key, text, given).map_err(|m| LabelsError::at(BUILTIN, None, m))?;
    }
    Ok(labels)
}

/// A label may name only the values it is given.
fn check_label(section: &str, key: &str, text: &str, given: &[&str]) -> Result<(), String> {
    let Some(bad) = placeholders(text).find(|p| !given.contains(p)) else {
        return Ok(());
    };
    let can = if given.is_empty() {
        "it is given no values".to_string()
    } else {
        let names: Vec<String> = given.iter().map(|g| format!("{{{g}}}")).collect();
        format!("it is given {}", names.join(", "))
    };
    Err(format!(
        "label `{section}.{key}` names {{{bad}}}, a value it is not given: {can}"
    ))
}

/// `template` with each `{name}` replaced by the value of that name in `values`. A `{name}`
/// without a value, and any other brace, is kept as written (the labels' loading makes sure a
/// label names only values it is given).
pub fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = placeholder_at(after)
            .and_then(|name| Some((name.len(), values.iter().find(|(n, _)| *n == name)?.1)));
        match value {
            Some((len, v)) => {
                let _ = write!(out, "{v}");
                rest = &after[len + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names of the values `template` names, in order.
pub fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .match_indices('{')
        .filter_map(|(i, _)| placeholder_at(&template[i + 1..]))
}

/// The name of a placeholder whose `{` is just before `s`: lowercase letters, digits and `_`,
/// up to a `}`.
fn placeholder_at(s: &str) -> Option<&str> {
    let name = &s[..s.find('}')?];
    let is_name = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    is_name.then_some(name)
}

/// 1-based line and column (in characters) of a byte offset of `text`.
fn line_col(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[start..offset].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}
