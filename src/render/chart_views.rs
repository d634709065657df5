//! The charts the pages show: their specs in page order, drawn once each, and as templates
//! receive them.

use super::*;

/// Folder of the standalone chart files.
pub(crate) const CHART_DIR: &str = "bieu-do/";

/// The chart specs of one unit's page: its rates against targets when it has any, and its
/// counts when it has any.
pub(crate) fn unit_chart_specs(site: &Site, unit: &str) -> Vec<ChartSpec> {
    let years: Vec<&YearStats> = site.unit_stats(unit).filter(|s| s.months == 12).collect();
    let spec = |kind| ChartSpec {
        kind,
        units: vec![unit.to_string()],
        year: None,
        years: None,
        title: None,
    };
    let mut out = Vec::new();
    if years
        .iter()
        .any(|s| s.cases.rate.value().is_some() || s.money.rate.value().is_some())
    {
        out.push(spec(ChartKind::Yearly));
    }
    if years
        .iter()
        .any(|s| s.cases.completed.is_some() || s.money.completed.is_some())
    {
        out.push(spec(ChartKind::Counts));
    }
    out
}

/// A drawn chart as templates receive it ([`ChartView`]): `svg` inline, `title`, `desc`, `url`
/// of the standalone SVG under `bieu-do/`, the phone's layout as `narrow_svg` and `narrow_url`, `kind` (`yearly`, `compare`, `counts`) and the same
/// numbers as `rows` of [`YearView`] for a table.
pub(crate) fn chart_view(
    site: &Site,
    years: &[OnceLock<Value>],
    spec: &ChartSpec,
    drawn: &Chart,
) -> Value {
    let mut view = BTreeMap::new();
    view.insert("svg", Value::from(drawn.svg.as_str()));
    view.insert("narrow_svg", Value::from(drawn.narrow_svg.as_str()));
    view.insert(
        "narrow_url",
        Value::from(format!("{CHART_DIR}{}", drawn.narrow_file_name())),
    );
    view.insert("title", Value::from(drawn.title.as_str()));
    view.insert("desc", Value::from(drawn.desc.as_str()));
    view.insert(
        "url",
        Value::from(format!("{CHART_DIR}{}", drawn.file_name)),
    );
    let kind = match spec.kind {
        ChartKind::Yearly => "yearly",
        ChartKind::Compare => "compare",
        ChartKind::Counts => "counts",
    };
    view.insert("kind", Value::from(kind));
    // The data file of the chart's figures: its unit's, or its year's.
    let data = match (spec.kind, spec.year, spec.units.first()) {
        (ChartKind::Compare, Some(y), _) => Some(super::data_files::DataLinks::year(y)),
        (ChartKind::Yearly | ChartKind::Counts, _, Some(u)) => {
            Some(super::data_files::DataLinks::unit(u))
        }
        _ => None,
    };
    view.insert("data", Value::from_serializable(&data));
    let rows: Vec<Value> = charts::chart_rows(site, spec)
        .into_iter()
        .map(|s| year_value(site, years, s))
        .collect();
    view.insert("rows", Value::from(rows));
    Value::from(view)
}

/// The comparison chart of one parent's units in one year.
pub(crate) fn compare_spec(site: &Site, c: &ComparisonView, units: Vec<String>) -> ChartSpec {
    let l = &site.labels().chart;
    ChartSpec {
        kind: ChartKind::Compare,
        units,
        year: Some(c.year),
        years: None,
        title: Some(match (c.national, c.complete) {
            (true, true) => l.compare_title_national(&c.label),
            (true, false) => l.compare_title_national_some(&c.label),
            (false, true) => l.compare_title_parent(&c.label, &c.parent.short_name),
            (false, false) => l.compare_title_parent_some(&c.label, &c.parent.short_name),
        }),
    }
}

impl<'a> Renderer<'a> {
    /// The specs of every chart a page shows, page by page in the order of [`Self::jobs`].
    pub(crate) fn chart_specs(&self) -> Vec<ChartSpec> {
        self.jobs()
            .into_iter()
            .flat_map(|job| job.family().charts(self, job.key))
            .collect()
    }

    /// Draw every chart once, in parallel.
    pub(crate) fn draw_charts(&mut self) {
        let mut unique = Vec::new();
        for spec in self.chart_specs() {
            if !self.chart_of.contains_key(&spec) {
                self.chart_of.insert(spec.clone(), unique.len());
                unique.push(spec);
            }
        }
        let site = self.site;
        let years = &self.year_values;
        let (charts, views) = unique
            .par_iter()
            .with_max_len(crate::PAR_BATCH)
            .map(|spec| {
                let drawn = charts::render_chart(spec, site);
                let view = chart_view(site, years, spec, &drawn);
                (drawn, view)
            })
            .unzip();
        (self.charts, self.chart_views) = (charts, views);
    }

    /// A chart drawn by [`Self::draw_charts`], as templates receive it.
    pub(crate) fn chart(&self, spec: &ChartSpec) -> Value {
        self.chart_views[self.chart_of[spec]].clone()
    }

    /// The charts of one unit's page: its rates against targets, and its counts when it has any.
    pub(crate) fn unit_charts(&self, unit: &str) -> Vec<Value> {
        unit_chart_specs(self.site, unit)
            .iter()
            .map(|spec| self.chart(spec))
            .collect()
    }

    /// A chart embedded in an article (its links are made relative when the page is rendered).
    pub(crate) fn chart_html(&self, spec: &ChartSpec, out: &mut JobOutput) -> String {
        let mut ctx = Context::new();
        ctx.insert_value("chart", self.chart(spec));
        ctx.insert("root", ROOT_MARKER);
        match self.tera.render("partials/chart.html", &ctx) {
            Ok(h) => h,
            Err(e) => {
                out.errors
                    .push((false, template_diagnostic(&e, &self.sources)));
                String::new()
            }
        }
    }
}
