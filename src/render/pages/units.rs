//! Units: the list, and each unit with its figures, directives, cases and bulletins.

use crate::render::*;

impl<'a> Renderer<'a> {
    pub(crate) fn units(&self, out: &mut JobOutput) {
        let site = self.site;
        let roots: Vec<UnitView> = site
            .units
            .iter()
            .filter(|u| u.parent.as_deref().is_none_or(|p| site.unit(p).is_none()))
            .map(|u| unit_view(site, u))
            .collect();
        let mut ctx = Context::new();
        ctx.insert("roots", &roots);
        let all: Vec<UnitView> = site.units.iter().map(|u| unit_view(site, u)).collect();
        ctx.insert("units", &all);
        self.page("units.html", urls::UNITS, "units", "Đơn vị", ctx, out);
    }

    pub(crate) fn unit(&self, u: &Unit, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("unit", &unit_view(site, u));
        ctx.insert_value("years", self.unit_years(&u.id));
        ctx.insert_value("key", self.key_year(&u.id));
        let charts = self.unit_charts(&u.id);
        ctx.insert_value("chart", Value::from(charts.into_iter().next()));
        let dirs: Vec<DirectiveRef> = listed(&self.refs.directives_by_unit, &u.id)
            .iter()
            .map(|&i| directive_ref(&site.directives[i]))
            .collect();
        ctx.insert("directives", &dirs);
        let cases = listed(&self.refs.cases_by_unit, &u.id);
        ctx.insert_value("cases", self.cases_of(cases.iter().copied()));
        let articles = listed(&self.refs.articles_by_unit, &u.id);
        ctx.insert_value("articles", self.cards_of(articles.iter().copied()));
        self.page("unit.html", &urls::unit(&u.id), "units", &u.name, ctx, out);
    }
}
