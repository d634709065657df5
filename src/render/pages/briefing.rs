//! The briefing: the report a leader signs ([`crate::briefing`]), on screen and in print, in the
//! administrative form. The site's page covers `briefing.period` of site.yaml, else the latest
//! period with figures; it has no number or date (the office fills them in, or `bantin briefing`
//! does).

use super::{Family, Key, ONLY};
use crate::briefing::{self, Problem, Report, Request};
use crate::render::*;

/// `/bao-cao/`: the briefing, on an internal build and on a public one whose site.yaml makes it
/// public.
pub(crate) struct Briefing;

impl Family for Briefing {
    fn pages(&self, r: &Renderer) -> Vec<Key> {
        if r.site.has_briefing() {
            vec![ONLY]
        } else {
            Vec::new()
        }
    }
    fn id(&self, _: &Renderer, _: Key) -> String {
        urls::BRIEFING.into()
    }
    fn is_big(&self) -> bool {
        true
    }
    fn charts(&self, r: &Renderer, _: Key) -> Vec<ChartSpec> {
        match r.report() {
            Ok(report) => report
                .parts
                .iter()
                .flat_map(|p| p.figures.iter().map(|f| f.spec.clone()))
                .collect(),
            Err(_) => Vec::new(),
        }
    }
    fn render(&self, r: &Renderer, _: Key, out: &mut JobOutput) {
        r.briefing(out)
    }
}

impl<'a> Renderer<'a> {
    /// The report of the page, made once.
    pub(crate) fn report(&self) -> &Result<Report, Problem> {
        self.report
            .get_or_init(|| briefing::build(self.site, &Request::default()))
    }

    pub(crate) fn briefing(&self, out: &mut JobOutput) {
        // The report lists the bulletins of its period, found by date among all of them: after
        // an edit of any bulletin (`serve`), the page is made again.
        self.read_all(out);
        let mut ctx = Context::new();
        match self.report() {
            Ok(report) => {
                ctx.insert("report", report);
                // The charts of each part, as the chart partial takes them.
                let charts: Vec<Vec<Value>> = report
                    .parts
                    .iter()
                    .map(|p| p.figures.iter().map(|f| self.chart(&f.spec)).collect())
                    .collect();
                ctx.insert("part_charts", &charts);
            }
            Err(_) => ctx.insert("report", &None::<Report>),
        }
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
