//! The briefing: one printable page of the lead unit's figures, charts, directives, cases and bulletins.

use super::{Family, Key, ONLY};
use crate::render::*;

/// `/bao-cao/`: the briefing.
pub(crate) struct Briefing;

impl Family for Briefing {
    fn pages(&self, _: &Renderer) -> Vec<Key> {
        vec![ONLY]
    }
    fn id(&self, _: &Renderer, _: Key) -> String {
        urls::BRIEFING.into()
    }
    fn is_big(&self) -> bool {
        true
    }
    fn charts(&self, r: &Renderer, _: Key) -> Vec<ChartSpec> {
        let Some(u) = r.lead_unit() else {
            return Vec::new();
        };
        let mut specs = unit_chart_specs(r.site, &u.id);
        if let Some(c) = r.briefing_comparison(u) {
            specs.push(compare_spec(r.site, c, c.unit_ids.clone()));
        }
        specs
    }
    fn render(&self, r: &Renderer, _: Key, out: &mut JobOutput) {
        r.briefing(out)
    }
}

/// The briefing is meant to print on one A4 page (SPEC §4) whatever the size of the site: it shows the
/// latest directives and cases only, with a link to the full lists.
pub(crate) const BRIEFING_DIRECTIVES: usize = 8;
pub(crate) const BRIEFING_CASES: usize = 6;

impl<'a> Renderer<'a> {
    /// The comparison the briefing shows: the lead unit among its siblings in its latest year.
    pub(crate) fn briefing_comparison(&self, lead: &Unit) -> Option<&ComparisonView> {
        let latest = self.latest_year(&lead.id)?;
        self.comparisons
            .iter()
            .find(|c| c.year == latest.year && c.unit_ids.contains(&lead.id))
    }

    pub(crate) fn briefing(&self, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        if let Some(u) = self.insert_lead(&mut ctx)
            && let Some(c) = self.briefing_comparison(u)
        {
            ctx.insert_value(
                "compare_chart",
                self.chart(&compare_spec(self.site, c, c.unit_ids.clone())),
            );
            ctx.insert("comparison", &c);
        }
        let (timeline, directives_left_out) = recent_timeline(site, BRIEFING_DIRECTIVES);
        ctx.insert("timeline", &timeline);
        // `site.cases()` is newest first (validate sorts it by year resolved): the latest are the
        // first positions, shown in the order of every list of cases.
        let latest = BRIEFING_CASES.min(site.cases().len());
        let cases = self.sorted_cases.iter().copied().filter(|&i| i < latest);
        ctx.insert_value("cases", self.cases_of(cases));
        let left_out = |n: usize| (n > 0).then(|| text::format_int(n as u64));
        ctx.insert("directives_left_out", &left_out(directives_left_out));
        ctx.insert("cases_left_out", &left_out(site.cases().len() - latest));
        ctx.insert_value("articles", self.cards_in(List::All, 0..5, out));
        ctx.insert(
            "figures_date",
            &self
                .lead_unit()
                .and_then(|u| self.latest_year(&u.id))
                .map(|s| text::format_date(s.as_of.unwrap_or(s.period_end))),
        );
        self.page(
            "briefing.html",
            urls::BRIEFING,
            "briefing",
            self.site.labels().page.briefing(),
            ctx,
            out,
        );
    }
}
