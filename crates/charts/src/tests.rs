//! Tests of the charts: snapshots of the SVGs, layouts at every width, labels that never overlap, and the figures they show.

use std::path::PathBuf;

use jiff::civil::date;

use super::*;
use bantin_model::{
    Audience, MoneyInput, NamePolicy, Ranks, Rate, SiteConfig, Target, Unit, UnitKind, YearStats,
};

// ---------------------------------------------------------------------------------------------------------
// An in-memory site.

fn unit(id: &str, short_name: &str, parent: Option<&str>) -> Unit {
    Unit {
        id: id.into(),
        name: short_name.into(),
        short_name: short_name.into(),
        kind: if parent.is_some() {
            UnitKind::ChiCuc
        } else {
            UnitKind::Cuc
        },
        parent: parent.map(Into::into),
        from: None,
        until: None,
        successor: None,
        children_complete: false,
        unconfirmed: Default::default(),
        audience: Audience::Public,
        internal: Default::default(),
        file: PathBuf::from("content/units/units.yaml"),
    }
}

/// A measure with a rate and optionally a target (derived or published).
fn measure(rate: Option<f64>, target: Option<(f64, bool)>) -> Measure {
    let target = target.map(|(value, derived)| Target { value, derived });
    Measure {
        rate: Rate {
            published: rate,
            computed: None,
        },
        target,
        exceeded: rate.zip(target).map(|(r, t)| r - t.value),
        ..Measure::default()
    }
}

fn year(unit: &str, year: i32, cases: Measure, money: Measure) -> YearStats {
    YearStats {
        unit: unit.into(),
        year,
        months: 12,
        period_start: date(year as i16 - 1, 10, 1),
        period_end: date(year as i16, 9, 30),
        cases,
        money,
        rank: Ranks::default(),
        computed_rank: Ranks::default(),
        rank_of: None,
        as_of: None,
        source: None,
        unconfirmed: Default::default(),
        audience: Audience::Public,
        internal: Default::default(),
        file: PathBuf::from(format!("content/stats/{unit}.yaml")),
    }
}

/// Completed counts for a `counts` chart.
fn with_counts(mut y: YearStats, cases: Option<u64>, money: Option<u64>) -> YearStats {
    y.cases.completed = cases;
    y.money.completed = money;
    y
}

fn site(units: Vec<Unit>, mut stats: Vec<YearStats>, lead: Option<&str>) -> Site {
    let mut units = units;
    units.sort_by(|a, b| a.id.cmp(&b.id));
    stats.sort_by(|a, b| (&a.unit, a.year, a.months).cmp(&(&b.unit, b.year, b.months)));
    Site::new(bantin_model::SiteParts {
        config: SiteConfig {
            title: "Thi hành án dân sự".into(),
            description: None,
            base_url: None,
            unit: lead.map(Into::into),
            language: "vi".into(),
            person_names: NamePolicy::Initials,
            year_start: (10, 1),
            money_input: MoneyInput::Dong,
            briefing: Default::default(),
        },
        units,
        stats,
        directives: vec![],
        cases: vec![],
        articles: vec![],
        static_files: vec![],
        photos: vec![],
        templates: vec![],
        labels: bantin_text::labels::Labels::builtin().clone(),
        audience: Audience::Public,
    })
}

/// The seed's figures (Đại Từ, derived targets) plus three sibling units with published targets and counts.
fn example() -> Site {
    let d = |r, t| measure(Some(r), Some((t, true)));
    let p = |r, t| measure(Some(r), Some((t, false)));
    site(
        vec![
            unit("cuc-thai-nguyen", "Cục THADS Thái Nguyên", None),
            unit("dai-tu", "Chi cục THADS Đại Từ", Some("cuc-thai-nguyen")),
            unit(
                "phu-luong",
                "Chi cục THADS Phú Lương",
                Some("cuc-thai-nguyen"),
            ),
            unit(
                "dinh-hoa",
                "Chi cục THADS Định Hóa",
                Some("cuc-thai-nguyen"),
            ),
            unit("vo-nhai", "Chi cục THADS Võ Nhai", Some("cuc-thai-nguyen")),
        ],
        vec![
            with_counts(
                year("dai-tu", 2021, d(85.71, 84.00), d(56.49, 35.71)),
                Some(1_234),
                Some(48_250_000_000),
            ),
            with_counts(
                year("dai-tu", 2022, d(88.62, 84.00), d(53.88, 43.60)),
                Some(1_310),
                Some(52_700_000_000),
            ),
            with_counts(
                year("dai-tu", 2023, d(90.07, 84.50), d(62.28, 48.00)),
                Some(1_402),
                Some(61_340_000_000),
            ),
            year("phu-luong", 2023, p(86.20, 84.50), p(44.10, 48.00)),
            year("dinh-hoa", 2023, p(91.35, 84.50), p(51.02, 48.00)),
            year("vo-nhai", 2023, p(83.90, 84.50), p(49.75, 48.00)),
            year("cuc-thai-nguyen", 2023, p(86.90, 84.50), p(50.10, 48.00)),
        ],
        Some("dai-tu"),
    )
}

fn spec(
    kind: ChartKind,
    units: &[&str],
    year: Option<i32>,
    years: Option<(i32, i32)>,
) -> ChartSpec {
    ChartSpec {
        kind,
        units: units.iter().map(|u| u.to_string()).collect(),
        year,
        years,
        title: None,
    }
}

fn yearly_spec() -> ChartSpec {
    spec(ChartKind::Yearly, &["dai-tu"], None, Some((2021, 2023)))
}

fn compare_spec() -> ChartSpec {
    spec(
        ChartKind::Compare,
        &["dai-tu", "phu-luong", "dinh-hoa", "vo-nhai"],
        Some(2023),
        None,
    )
}

fn counts_spec() -> ChartSpec {
    spec(ChartKind::Counts, &["dai-tu"], None, Some((2021, 2023)))
}

/// Parse the SVG as XML and return the root's attributes and the texts of `<title>` and `<desc>`.
fn check_svg(chart: &Chart) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(&chart.svg)
        .unwrap_or_else(|e| panic!("{} is not valid XML: {e}\n{}", chart.file_name, chart.svg));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    let vb = root.attribute("viewBox").expect("viewBox");
    assert!(vb.starts_with("0 0 "), "{vb}");
    assert_eq!(root.attribute("width"), Some("100%"));
    assert!(root.attribute("height").is_none());
    assert!(root.attribute("preserveAspectRatio").is_some());
    let labelled: Vec<&str> = root
        .attribute("aria-labelledby")
        .expect("aria-labelledby")
        .split(' ')
        .collect();
    assert_eq!(labelled.len(), 2);
    let by_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no element with id {id}"))
    };
    let title = by_id(labelled[0]);
    assert_eq!(title.tag_name().name(), "title");
    assert_eq!(title.text(), Some(chart.title.as_str()));
    let desc = by_id(labelled[1]);
    assert_eq!(desc.tag_name().name(), "desc");
    assert_eq!(desc.text(), Some(chart.desc.as_str()));
    assert!(
        root.attribute("font-family")
            .is_some_and(|f| f.contains("Noto Sans") && f.ends_with("sans-serif"))
    );
    // Ids are unique within the document.
    let mut ids: Vec<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "duplicate ids");
    // Every text lies inside the viewBox, and no two texts overlap.
    let dims: Vec<f64> = vb.split(' ').map(|v| v.parse().unwrap()).collect();
    let (w, h) = (dims[2], dims[3]);
    let boxes = text_boxes(&doc);
    for (text, b) in &boxes {
        assert!(
            b.0 >= 0.0 && b.1 >= 0.0 && b.2 <= w && b.3 <= h,
            "{}: text {text:?} {b:?} is clipped by the {w}×{h} viewBox",
            chart.file_name
        );
    }
    for (i, (ta, a)) in boxes.iter().enumerate() {
        for (tb, b) in &boxes[i + 1..] {
            let overlap = a.0 < b.2 - 0.5 && b.0 < a.2 - 0.5 && a.1 < b.3 - 0.5 && b.1 < a.3 - 0.5;
            assert!(
                !overlap,
                "{}: texts {ta:?} {a:?} and {tb:?} {b:?} overlap",
                chart.file_name
            );
        }
    }
    doc
}

/// Each text's box (x0, y0, x1, y1), measured with the embedded font: horizontal texts are centred
/// on `y` (`dy="0.5ex"`), vertical ones (rotated 270°) run upwards from `y`.
fn text_boxes(doc: &roxmltree::Document) -> Vec<(String, (f64, f64, f64, f64))> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|t| {
            let num = |a: &str| t.attribute(a).unwrap().parse::<f64>().unwrap();
            let (x, y, size) = (num("x"), num("y"), num("font-size"));
            let text = t.text().unwrap_or_default().to_string();
            let bold = t.attribute("font-weight") == Some("bold");
            let len = measure::text_width(&text, size, bold);
            let start = match t.attribute("text-anchor") {
                Some("middle") => -len / 2.0,
                Some("end") => -len,
                _ => 0.0,
            };
            let half = size * 0.5;
            let b = if t.attribute("transform").is_some() {
                (x - half, y - start - len, x + half, y - start)
            } else {
                (x + start, y - half, x + start + len, y + half)
            };
            (text, b)
        })
        .collect()
}

/// The texts drawn in the chart, in order.
fn texts(chart: &Chart) -> Vec<String> {
    let doc = roxmltree::Document::parse(&chart.svg).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or_default().to_string())
        .collect()
}

/// How many "không có số liệu" labels (on one line or two) a chart has.
fn gaps(texts: &[String]) -> usize {
    let l = &bantin_text::labels::Labels::builtin().chart;
    texts
        .iter()
        .filter(|s| *s == l.no_data() || *s == l.no_data_top())
        .count()
}

/// Write every chart of the tests to `$BANTIN_CHART_PREVIEW/` (for looking at them); no-op otherwise.
fn preview(name: &str, chart: &Chart) {
    if let Ok(dir) = std::env::var("BANTIN_CHART_PREVIEW") {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(format!("{dir}/{name}.svg"), &chart.svg).unwrap();
        std::fs::write(format!("{dir}/{name}-hep.svg"), &chart.narrow_svg).unwrap();
    }
}

// ---------------------------------------------------------------------------------------------------------
// The three kinds.

#[test]
fn yearly_snapshot() {
    let chart = render_chart(&yearly_spec(), &example());
    preview("yearly", &chart);
    check_svg(&chart);
    assert_eq!(chart.file_name, "yearly-dai-tu-2021-2023.svg");
    assert_eq!(
        chart.title,
        "Tỷ lệ thi hành xong so với chỉ tiêu – Chi cục THADS Đại Từ"
    );
    assert!(chart.desc.contains(
        "Năm 2021: về việc 85,71%, chỉ tiêu 84,00% (suy ra), vượt 1,71%; về tiền 56,49%, chỉ tiêu 35,71% (suy ra), vượt 20,78%."
    ), "{}", chart.desc);
    let t = texts(&chart);
    for label in [
        "Về việc",
        "Về tiền",
        "Chỉ tiêu (suy ra)",
        "85,71%",
        "62,28%",
        "0%",
        "100%",
        "2021",
        "2023",
        "Năm thống kê",
    ] {
        assert!(t.iter().any(|s| s == label), "no {label:?} in {t:?}");
    }
    insta::assert_snapshot!("yearly", chart.svg);
}

#[test]
fn compare_snapshot() {
    let chart = render_chart(&compare_spec(), &example());
    preview("compare", &chart);
    check_svg(&chart);
    assert_eq!(chart.file_name, "compare-cuc-thai-nguyen-2023.svg");
    insta::assert_snapshot!("compare", chart.svg);
}

#[test]
fn counts_snapshot() {
    let chart = render_chart(&counts_spec(), &example());
    preview("counts", &chart);
    check_svg(&chart);
    assert_eq!(chart.file_name, "counts-dai-tu-2021-2023.svg");
    insta::assert_snapshot!("counts", chart.svg);
}

// ---------------------------------------------------------------------------------------------------------
// Accessibility, names, determinism.

/// Every kind on the example site, plus the edge-case sites below.
fn all_charts() -> Vec<(String, Chart)> {
    let ex = example();
    let mut out = vec![
        ("yearly".to_string(), render_chart(&yearly_spec(), &ex)),
        ("compare".to_string(), render_chart(&compare_spec(), &ex)),
        ("counts".to_string(), render_chart(&counts_spec(), &ex)),
    ];
    let gaps = gaps_site();
    for kind in [ChartKind::Yearly, ChartKind::Counts] {
        out.push((
            format!("gaps-{}", kind_name(kind)),
            render_chart(&spec(kind, &["dai-tu"], None, Some((2019, 2023))), &gaps),
        ));
    }
    out
}

#[test]
fn every_chart_has_title_desc_viewbox_and_role() {
    for (name, chart) in all_charts() {
        preview(&name, &chart);
        check_svg(&chart);
        let svg = &chart.svg;
        assert!(svg.starts_with("<svg "), "{name}");
        for needle in [
            "<title id=",
            "<desc id=",
            "viewBox=\"0 0 560 ",
            "role=\"img\"",
        ] {
            assert!(svg.contains(needle), "{name}: no {needle}");
        }
        assert!(!chart.desc.is_empty() && !chart.title.is_empty());
        // Nothing of plotters' registration name survives.
        assert!(!svg.contains("bantin-metrics"), "{name}");
    }
}

#[test]
fn file_names_are_slug_safe_and_distinct() {
    let names: Vec<String> = all_charts().into_iter().map(|(_, c)| c.file_name).collect();
    for n in &names {
        let stem = n.strip_suffix(".svg").expect("ends in .svg");
        assert!(
            !stem.is_empty()
                && stem.split('-').all(|p| !p.is_empty()
                    && p.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())),
            "{n}"
        );
    }
    let ex = example();
    // A custom title or a hand-picked set of units changes the name.
    let mut titled = yearly_spec();
    titled.title = Some("Kết quả của Đại Từ".into());
    let titled = render_chart(&titled, &ex).file_name;
    assert!(titled.starts_with("yearly-dai-tu-2021-2023-") && titled != names[0]);
    let picked = render_chart(
        &spec(ChartKind::Compare, &["dai-tu", "vo-nhai"], Some(2023), None),
        &ex,
    );
    assert!(
        picked
            .file_name
            .starts_with("compare-cuc-thai-nguyen-2023-")
    );
    assert_ne!(picked.file_name, "compare-cuc-thai-nguyen-2023.svg");
    let single = render_chart(
        &spec(ChartKind::Yearly, &["dai-tu"], None, Some((2023, 2023))),
        &ex,
    );
    assert_eq!(single.file_name, "yearly-dai-tu-2023.svg");
    let all_years = render_chart(&spec(ChartKind::Yearly, &["dai-tu"], None, None), &ex);
    assert_eq!(all_years.file_name, "yearly-dai-tu-2021-2023.svg");
}

#[test]
fn same_input_gives_byte_identical_svg() {
    for (name, first) in all_charts() {
        let again = all_charts()
            .into_iter()
            .find(|(n, _)| *n == name)
            .unwrap()
            .1;
        assert_eq!(first, again, "{name}");
    }
    // A site built again from scratch (other allocations, other map orders) changes nothing either.
    let a = render_chart(&compare_spec(), &example());
    let b = render_chart(&compare_spec(), &example());
    assert_eq!(a.svg, b.svg);
    assert_eq!(a.narrow_svg, b.narrow_svg);
}

#[test]
fn hostile_unit_name_is_escaped() {
    let hostile = r#"A & B <C> "q" 'x' ]]> &amp;"#;
    let site = site(
        vec![
            unit("cha", "Cục <cha> & \"mẹ\"", None),
            unit("x", hostile, Some("cha")),
            unit("y", "Y", Some("cha")),
        ],
        vec![
            with_counts(
                year(
                    "x",
                    2023,
                    measure(Some(50.0), Some((40.0, false))),
                    measure(Some(20.0), None),
                ),
                Some(5),
                Some(1_000),
            ),
            year(
                "y",
                2023,
                measure(Some(60.0), None),
                measure(Some(30.0), None),
            ),
        ],
        Some("x"),
    );
    let mut titled = spec(ChartKind::Yearly, &["x"], None, None);
    titled.title = Some("<script>alert('x')</script> & co".into());
    for s in [
        spec(ChartKind::Yearly, &["x"], None, None),
        spec(ChartKind::Counts, &["x"], None, None),
        spec(ChartKind::Compare, &["x", "y"], Some(2023), None),
        titled,
    ] {
        let chart = render_chart(&s, &site);
        preview(&format!("hostile-{}", kind_name(s.kind)), &chart);
        let doc = check_svg(&chart);
        assert!(!chart.svg.contains("<C>") && !chart.svg.contains("<script>"));
        let all_text: String = doc
            .descendants()
            .filter_map(|n| n.text())
            .collect::<Vec<_>>()
            .join("\n");
        if s.title.is_none() && s.kind != ChartKind::Compare {
            assert!(chart.title.contains(hostile), "{}", chart.title);
        }
        assert!(all_text.contains("A & B <C>"), "{all_text}");
    }
}

// ---------------------------------------------------------------------------------------------------------
// Edge cases.

/// Đại Từ with gaps: no row for 2019 and 2022, 2020 without a money rate or counts, 2021 with counts
/// but no money amount.
fn gaps_site() -> Site {
    site(
        vec![unit("dai-tu", "Chi cục THADS Đại Từ", None)],
        vec![
            with_counts(
                year(
                    "dai-tu",
                    2020,
                    measure(Some(80.0), Some((80.0, false))),
                    Measure::default(),
                ),
                None,
                None,
            ),
            with_counts(
                year(
                    "dai-tu",
                    2021,
                    measure(Some(85.71), Some((84.0, true))),
                    measure(None, Some((35.71, true))),
                ),
                Some(1_234),
                None,
            ),
            with_counts(
                year(
                    "dai-tu",
                    2023,
                    measure(Some(90.07), None),
                    measure(Some(62.28), Some((48.0, false))),
                ),
                Some(1_402),
                Some(950_000_000),
            ),
        ],
        None,
    )
}

#[test]
fn missing_figures_render_as_labelled_gaps() {
    let site = gaps_site();
    let chart = render_chart(
        &spec(ChartKind::Yearly, &["dai-tu"], None, Some((2019, 2023))),
        &site,
    );
    check_svg(&chart);
    let t = texts(&chart);
    for y in ["2019", "2020", "2021", "2022", "2023"] {
        assert!(t.iter().any(|s| s == y), "year {y} missing from the axis");
    }
    // 2019 and 2022 have two gaps each, 2020 and 2021 one (money).
    assert_eq!(gaps(&t), 6, "{t:?}");
    assert!(
        chart.desc.contains("Năm 2019: không có số liệu."),
        "{}",
        chart.desc
    );
    assert!(chart.desc.contains("Năm 2020: về việc 80,00%, chỉ tiêu 80,00%, đạt đúng chỉ tiêu; về tiền: không có số liệu."), "{}", chart.desc);
    assert!(
        chart
            .desc
            .contains("về tiền: không có số liệu, chỉ tiêu 35,71% (suy ra)"),
        "{}",
        chart.desc
    );
    // Both kinds of target appear, so both legends.
    assert!(t.iter().any(|s| s == "Chỉ tiêu") && t.iter().any(|s| s == "Chỉ tiêu (suy ra)"));

    let counts = render_chart(
        &spec(ChartKind::Counts, &["dai-tu"], None, Some((2019, 2023))),
        &site,
    );
    check_svg(&counts);
    let t = texts(&counts);
    assert!(t.iter().any(|s| s == "1.234 việc"), "{t:?}");
    // The amount with its unit, or alone where the label does not fit its slot (the panel's
    // title names the unit).
    assert!(
        t.iter().any(|s| s == "950 triệu đồng")
            || (t.iter().any(|s| s == "950") && t.iter().any(|s| s.ends_with("(triệu đồng)"))),
        "{t:?}"
    );
    // Cases: 2019, 2020, 2022; money: 2019 to 2022.
    assert_eq!(gaps(&t), 7, "{t:?}");
    assert!(
        counts
            .desc
            .contains("Năm 2021: 1.234 việc; số tiền: không có số liệu."),
        "{}",
        counts.desc
    );

    // In a comparison, a unit without figures that year comes last, unranked.
    let chart = render_chart(
        &spec(
            ChartKind::Compare,
            &["phu-luong", "dai-tu"],
            Some(2022),
            None,
        ),
        &example(),
    );
    preview("gaps-compare", &chart);
    check_svg(&chart);
    let t = texts(&chart);
    assert_eq!(gaps(&t), 1, "{t:?}");
    assert!(
        t.iter().any(|s| s == "1.") && !t.iter().any(|s| s == "2."),
        "{t:?}"
    );
    assert!(
        chart
            .desc
            .ends_with("Chi cục THADS Phú Lương: không có số liệu."),
        "{}",
        chart.desc
    );

    // A unit with no figures at all still gives a chart.
    let empty = site_with_one(measure(None, None), measure(None, None));
    for kind in [ChartKind::Yearly, ChartKind::Counts] {
        let chart = render_chart(&spec(kind, &["u"], None, None), &empty);
        check_svg(&chart);
        assert!(gaps(&texts(&chart)) > 0);
    }
    let nobody = render_chart(&spec(ChartKind::Yearly, &[], None, None), &empty);
    check_svg(&nobody);
    assert!(nobody.desc.contains("Không có số liệu"));
}

fn site_with_one(cases: Measure, money: Measure) -> Site {
    site(
        vec![unit("u", "Chi cục THADS Một Năm", None)],
        vec![year("u", 2023, cases, money)],
        Some("u"),
    )
}

#[test]
fn a_single_year_renders() {
    let ex = example();
    for kind in [ChartKind::Yearly, ChartKind::Counts] {
        let chart = render_chart(&spec(kind, &["dai-tu"], None, Some((2023, 2023))), &ex);
        preview(&format!("single-{}", kind_name(kind)), &chart);
        check_svg(&chart);
        let t = texts(&chart);
        assert!(t.iter().any(|s| s == "2023"));
        assert!(!t.iter().any(|s| s == "2022"));
    }
    let chart = render_chart(
        &spec(ChartKind::Compare, &["dai-tu"], Some(2023), None),
        &ex,
    );
    preview("single-compare", &chart);
    check_svg(&chart);
}

#[test]
fn zero_and_hundred_percent_labels_are_not_clipped() {
    let site = site(
        vec![
            unit("p", "Cục THADS", None),
            unit("u", "Chi cục THADS Một Năm", Some("p")),
            unit("v", "Chi cục THADS Hai", Some("p")),
        ],
        vec![
            year(
                "u",
                2022,
                measure(Some(100.0), Some((100.0, false))),
                measure(Some(0.0), Some((0.0, true))),
            ),
            year(
                "u",
                2023,
                measure(Some(0.0), None),
                measure(Some(100.0), None),
            ),
            year(
                "v",
                2023,
                measure(Some(100.0), None),
                measure(Some(0.0), None),
            ),
        ],
        Some("u"),
    );
    for s in [
        spec(ChartKind::Yearly, &["u"], None, None),
        spec(ChartKind::Compare, &["u", "v"], Some(2023), None),
    ] {
        let chart = render_chart(&s, &site);
        preview(&format!("extremes-{}", kind_name(s.kind)), &chart);
        // check_svg asserts every label lies inside the viewBox and overlaps nothing.
        check_svg(&chart);
        let t = texts(&chart);
        assert!(t.iter().any(|s| s == "100,00%"), "{t:?}");
        assert!(t.iter().any(|s| s == "0,00%"), "{t:?}");
    }
    // A zero is drawn as a thin bar, not as a gap.
    let chart = render_chart(&spec(ChartKind::Yearly, &["u"], None, None), &site);
    assert_eq!(gaps(&texts(&chart)), 0);
}

#[test]
fn ten_units_with_long_names_stay_readable() {
    let mut units = vec![unit("cuc", "Cục Thi hành án dân sự tỉnh Thái Nguyên", None)];
    let mut stats = Vec::new();
    let names = [
        "Chi cục Thi hành án dân sự thành phố Thái Nguyên",
        "Chi cục Thi hành án dân sự thành phố Sông Công",
        "Chi cục Thi hành án dân sự thành phố Phổ Yên (trước đây là thị xã Phổ Yên, tỉnh Thái Nguyên)",
        "Chi cục Thi hành án dân sự huyện Đại Từ",
        "Chi cục Thi hành án dân sự huyện Định Hóa",
        "Chi cục Thi hành án dân sự huyện Đồng Hỷ",
        "Chi cục Thi hành án dân sự huyện Phú Bình",
        "Chi cục Thi hành án dân sự huyện Phú Lương",
        "Chi cục Thi hành án dân sự huyện Võ Nhai",
        "ChicụcThihànhándânsựhuyệnKhôngCóDấuCáchNàoCảNênPhảiCắt",
    ];
    let mut ids = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let id = format!("u{i:02}");
        units.push(unit(&id, name, Some("cuc")));
        let r = 70.0 + 2.5 * i as f64;
        stats.push(year(
            &id,
            2023,
            measure(Some(r), Some((80.0 + (i % 3) as f64, i % 2 == 0))),
            measure(Some(30.0 + 3.0 * i as f64), Some((45.0, false))),
        ));
        ids.push(id);
    }
    let site = site(units, stats, Some("u03"));
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    let chart = render_chart(&spec(ChartKind::Compare, &ids, Some(2023), None), &site);
    preview("ten-units", &chart);
    check_svg(&chart);
    assert_eq!(chart.file_name, "compare-cuc-2023.svg");
    let t = texts(&chart);
    // Ranked best first: u09 (92,5%) is first, u00 (70%) last.
    let first = t.iter().position(|s| s == "92,50%").unwrap();
    let last = t.iter().position(|s| s == "70,00%").unwrap();
    assert!(first < last);
    assert!(t.iter().any(|s| s == "10."));
    // Long names wrap onto two lines; what still does not fit ends with an ellipsis.
    assert!(t.iter().any(|s| s.ends_with('…')), "{t:?}");
    assert!(chart.desc.contains(
        "Hạng về việc 1, về tiền 1: ChicụcThihànhándânsựhuyệnKhôngCóDấuCáchNàoCảNênPhảiCắt"
    ));
    // The numbers before the names are the cases rank, and the chart says so.
    assert!(
        t.iter()
            .any(|s| s.starts_with("Số trước tên: hạng về việc")),
        "{t:?}"
    );
    let height: f64 = roxmltree::Document::parse(&chart.svg)
        .unwrap()
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .nth(3)
        .unwrap()
        .parse()
        .unwrap();
    assert!(height > 400.0, "ten rows need room: {height}");
}

#[test]
fn a_unit_without_targets() {
    let site = site(
        vec![
            unit("p", "Cục THADS", None),
            unit("u", "Chi cục THADS Không Chỉ Tiêu", Some("p")),
            unit("v", "Chi cục THADS Khác", Some("p")),
        ],
        vec![
            with_counts(
                year(
                    "u",
                    2022,
                    measure(Some(81.5), None),
                    measure(Some(40.25), None),
                ),
                Some(10),
                Some(2_000_000_000),
            ),
            with_counts(
                year(
                    "u",
                    2023,
                    measure(Some(83.0), None),
                    measure(Some(45.5), None),
                ),
                Some(12),
                Some(2_500_000_000),
            ),
            year(
                "v",
                2023,
                measure(Some(79.0), None),
                measure(Some(41.0), None),
            ),
        ],
        Some("u"),
    );
    for s in [
        spec(ChartKind::Yearly, &["u"], None, None),
        spec(ChartKind::Compare, &["u", "v"], Some(2023), None),
    ] {
        let chart = render_chart(&s, &site);
        preview(&format!("no-targets-{}", kind_name(s.kind)), &chart);
        check_svg(&chart);
        let t = texts(&chart);
        assert!(!t.iter().any(|s| s.starts_with("Chỉ tiêu")), "{t:?}");
        assert!(!chart.desc.contains("chỉ tiêu"), "{}", chart.desc);
        assert!(!chart.svg.contains("stroke-dasharray"));
        assert!(t.iter().any(|s| s == "83,00%"));
    }
}

#[test]
fn compare_draws_a_shared_target_as_one_line() {
    let p = |r, t| measure(Some(r), Some((t, false)));
    let shared = site(
        vec![
            unit("p", "Cục THADS Thái Nguyên", None),
            unit("a", "Chi cục THADS A", Some("p")),
            unit("b", "Chi cục THADS B", Some("p")),
            unit("c", "Chi cục THADS C", Some("p")),
        ],
        vec![
            year("a", 2023, p(90.0, 84.5), p(50.0, 48.0)),
            year("b", 2023, p(82.0, 84.5), p(47.0, 48.0)),
            year("c", 2023, p(86.0, 84.5), p(60.0, 48.0)),
        ],
        Some("b"),
    );
    let chart = render_chart(
        &spec(ChartKind::Compare, &["a", "b", "c"], Some(2023), None),
        &shared,
    );
    preview("compare-shared", &chart);
    check_svg(&chart);
    let t = texts(&chart);
    assert!(t.iter().any(|s| s == "Chỉ tiêu về việc: 84,50%"), "{t:?}");
    assert!(t.iter().any(|s| s == "Chỉ tiêu về tiền: 48,00%"), "{t:?}");

    // Without unit targets, the parent's target is the line.
    let m = |r| measure(Some(r), None);
    let parent_only = site(
        vec![
            unit("p", "Cục THADS Thái Nguyên", None),
            unit("a", "Chi cục THADS A", Some("p")),
            unit("b", "Chi cục THADS B", Some("p")),
        ],
        vec![
            year("p", 2023, p(86.9, 84.5), measure(Some(50.1), None)),
            year("a", 2023, m(90.0), m(50.0)),
            year("b", 2023, m(82.0), m(47.0)),
        ],
        None,
    );
    let chart = render_chart(
        &spec(ChartKind::Compare, &["a", "b"], Some(2023), None),
        &parent_only,
    );
    preview("compare-parent", &chart);
    check_svg(&chart);
    let t = texts(&chart);
    assert!(
        t.iter()
            .any(|s| s == "Chỉ tiêu về việc của Cục THADS Thái Nguyên: 84,50%"),
        "{t:?}"
    );
    assert!(
        chart
            .desc
            .contains("Đường chỉ tiêu 84,50% về việc của Cục THADS Thái Nguyên."),
        "{}",
        chart.desc
    );
}

#[test]
fn text_is_measured_with_the_embedded_font() {
    // Noto Sans digits are 0.572 em wide.
    let w = measure::text_width("0000000000", 10.0, false);
    assert!((w - 57.2).abs() < 0.2, "{w}");
    // Vietnamese letters are measured as glyphs, not as UTF-8 bytes.
    let plain = measure::text_width("Dai Tu", 14.0, false);
    let marked = measure::text_width("Đại Từ", 14.0, false);
    assert!((marked - plain).abs() < 3.0, "{plain} vs {marked}");
}

#[test]
fn many_years_stay_legible() {
    let stats = (2010..2024)
        .map(|y| {
            let k = f64::from(y - 2010);
            with_counts(
                year(
                    "u",
                    y,
                    measure(Some(70.0 + k * 2.0), Some((72.0 + k, k as i32 % 2 == 0))),
                    measure(Some(30.0 + k * 3.0), Some((35.0 + k, false))),
                ),
                Some(1_000 + 137 * (y as u64 - 2010)),
                Some(12_345_000_000 + 2_500_000_000 * (y as u64 - 2010)),
            )
        })
        .collect();
    let site = site(
        vec![unit("u", "Chi cục THADS Nhiều Năm", None)],
        stats,
        Some("u"),
    );
    for kind in [ChartKind::Yearly, ChartKind::Counts] {
        let chart = render_chart(&spec(kind, &["u"], None, None), &site);
        preview(&format!("many-{}", kind_name(kind)), &chart);
        // No overlaps, nothing clipped, every value still written.
        check_svg(&chart);
        let t = texts(&chart);
        // The latest year is always written; the others as many as fit side by side.
        let years = t
            .iter()
            .filter(|s| s.len() == 4 && s.starts_with("20"))
            .count();
        assert!(t.iter().any(|s| s == "2023") && years >= 7, "{t:?}");
        if kind == ChartKind::Yearly {
            assert!(t.iter().any(|s| s == "96,00%"), "{t:?}");
        }
    }
}

// On a phone, and the fixes at every width (issue 21).
mod narrow;
