//! Statistics: the comparison of units by year, and each unit's figures and charts.

use super::{Family, Key, ONLY};
use crate::render::*;

/// `/thong-ke/`: units compared year by year.
pub(crate) struct Overview;

impl Family for Overview {
    fn pages(&self, _: &Renderer) -> Vec<Key> {
        vec![ONLY]
    }
    fn id(&self, _: &Renderer, _: Key) -> String {
        urls::STATS.into()
    }
    fn is_big(&self) -> bool {
        true
    }
    fn charts(&self, r: &Renderer, _: Key) -> Vec<ChartSpec> {
        r.comparisons
            .iter()
            .filter(|c| c.unit_ids.len() > 1)
            .map(|c| compare_spec(r.site, c, c.unit_ids.clone()))
            .collect()
    }
    fn render(&self, r: &Renderer, _: Key, out: &mut JobOutput) {
        r.stats(out)
    }
}

/// One unit's figures (key: the unit's position in `site.units()`; units with figures only).
pub(crate) struct UnitPage;

impl Family for UnitPage {
    fn pages(&self, r: &Renderer) -> Vec<Key> {
        let site = r.site;
        (0..site.units().len())
            .filter(|&i| site.unit_stats(&site.units()[i].id).next().is_some())
            .map(|i| (i, 0))
            .collect()
    }
    fn id(&self, r: &Renderer, (i, _): Key) -> String {
        urls::stats_unit(&r.site.units()[i].id)
    }
    fn charts(&self, r: &Renderer, (i, _): Key) -> Vec<ChartSpec> {
        unit_chart_specs(r.site, &r.site.units()[i].id)
    }
    fn render(&self, r: &Renderer, (i, _): Key, out: &mut JobOutput) {
        r.stats_unit(&r.site.units()[i], out)
    }
}

impl<'a> Renderer<'a> {
    pub(crate) fn stats(&self, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        // Each section: {comparison: ComparisonView, chart: ChartView?}.
        let sections: Vec<Value> = self
            .comparisons
            .iter()
            .map(|c| {
                // A comparison of one unit says nothing a chart could add.
                let chart = (c.unit_ids.len() > 1)
                    .then(|| self.chart(&compare_spec(self.site, c, c.unit_ids.clone())));
                let mut section: BTreeMap<&'static str, Value> = BTreeMap::new();
                section.insert("comparison", Value::from_serializable(c));
                section.insert("chart", Value::from(chart));
                section.insert(
                    "data",
                    Value::from_serializable(&crate::render::data_files::DataLinks::year(c.year)),
                );
                Value::from(section)
            })
            .collect();
        ctx.insert_value("sections", Value::from(sections));
        ctx.insert("data_all", &crate::render::data_files::DataLinks::all());
        let units: Vec<UnitRef> = site
            .units()
            .iter()
            .filter(|u| site.unit_stats(&u.id).next().is_some())
            .map(|u| {
                let mut r = unit_ref(u);
                r.url = urls::stats_unit(&u.id);
                r
            })
            .collect();
        ctx.insert("units", &units);
        self.page(
            "stats.html",
            urls::STATS,
            "stats",
            self.site.labels().page.stats(),
            ctx,
            out,
        );
    }

    pub(crate) fn stats_unit(&self, u: &Unit, out: &mut JobOutput) {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("unit", &unit_view(site, u));
        ctx.insert_value("years", self.unit_years(&u.id));
        ctx.insert_value("charts", Value::from(self.unit_charts(&u.id)));
        ctx.insert("data", &crate::render::data_files::DataLinks::unit(&u.id));
        let title = site.labels().page.stats_unit(&u.short_name);
        self.page(
            "stats_unit.html",
            &urls::stats_unit(&u.id),
            "stats",
            &title,
            ctx,
            out,
        );
    }
}
