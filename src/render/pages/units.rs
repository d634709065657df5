//! Units: the list, and each unit with its figures, directives, cases and bulletins.

use super::{Family, Key, ONLY};
use crate::render::*;

/// `/don-vi/`: every unit.
pub(crate) struct List;

impl Family for List {
    fn pages(&self, _: &Renderer) -> Vec<Key> {
        vec![ONLY]
    }
    fn id(&self, _: &Renderer, _: Key) -> String {
        urls::UNITS.into()
    }
    fn render(&self, r: &Renderer, _: Key, out: &mut JobOutput) {
        r.units(out)
    }
}

/// Each unit (key: its position in `site.units()`).
pub(crate) struct Page;

impl Family for Page {
    fn pages(&self, r: &Renderer) -> Vec<Key> {
        (0..r.site.units().len()).map(|i| (i, 0)).collect()
    }
    fn id(&self, r: &Renderer, (i, _): Key) -> String {
        urls::unit(&r.site.units()[i].id)
    }
    fn charts(&self, r: &Renderer, (i, _): Key) -> Vec<ChartSpec> {
        unit_chart_specs(r.site, &r.site.units()[i].id)
    }
    fn render(&self, r: &Renderer, (i, _): Key, out: &mut JobOutput) {
        r.unit(&r.site.units()[i], out)
    }
}

impl<'a> Renderer<'a> {
    pub(crate) fn units(&self, out: &mut JobOutput) {
        let site = self.site;
        let roots: Vec<UnitView> = site
            .units()
            .iter()
            .filter(|u| u.parent.as_deref().is_none_or(|p| site.unit(p).is_none()))
            .map(|u| unit_view(site, u))
            .collect();
        let mut ctx = Context::new();
        ctx.insert("roots", &roots);
        let all: Vec<UnitView> = site.units().iter().map(|u| unit_view(site, u)).collect();
        ctx.insert("units", &all);
        let title = site.labels().page.units();
        self.page("units.html", urls::UNITS, "units", title, ctx, out);
    }

    pub(crate) fn unit(&self, u: &Unit, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("unit", &unit_view(site, u));
        ctx.insert_value("years", self.unit_years(&u.id));
        ctx.insert_value("key", self.key_year(&u.id));
        ctx.insert("data", &crate::render::data_files::DataLinks::unit(&u.id));
        let charts = self.unit_charts(&u.id);
        ctx.insert_value("chart", Value::from(charts.into_iter().next()));
        let dirs: Vec<DirectiveRef> = listed(&self.refs.directives_by_unit, &u.id)
            .iter()
            .map(|&i| directive_ref(site, &site.directives()[i]))
            .collect();
        ctx.insert("directives", &dirs);
        let cases = listed(&self.refs.cases_by_unit, &u.id);
        ctx.insert_value("cases", self.cases_of(cases.iter().copied()));
        ctx.insert_value(
            "articles",
            self.cards_all(crate::render::List::Unit(&u.id), out),
        );
        self.page("unit.html", &urls::unit(&u.id), "units", &u.name, ctx, out);
    }
}
