//! The home page: the lead unit's latest figures and chart, the newest bulletins, directives and cases.

use super::{Family, Key, ONLY};
use crate::render::*;

pub(crate) struct Home;

impl Family for Home {
    fn pages(&self, _: &Renderer) -> Vec<Key> {
        vec![ONLY]
    }
    fn id(&self, _: &Renderer, _: Key) -> String {
        urls::HOME.into()
    }
    fn charts(&self, r: &Renderer, _: Key) -> Vec<ChartSpec> {
        r.lead_unit()
            .map(|u| unit_chart_specs(r.site, &u.id))
            .unwrap_or_default()
    }
    fn render(&self, r: &Renderer, _: Key, out: &mut JobOutput) {
        r.home(out)
    }
}

impl<'a> Renderer<'a> {
    pub(crate) fn home(&self, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        self.insert_lead(&mut ctx);
        ctx.insert_value("articles", self.cards_in(List::All, 0..5, out));
        let newest: Vec<DirectiveRef> = site
            .directives()
            .iter()
            .rev()
            .take(5)
            .map(|d| directive_ref(site, d))
            .collect();
        ctx.insert("directives", &newest);
        ctx.insert_value(
            "cases",
            self.cases_of(self.sorted_cases.iter().take(6).copied()),
        );
        self.page(
            "index.html",
            urls::HOME,
            "home",
            &site.config().title,
            ctx,
            out,
        );
    }
}
