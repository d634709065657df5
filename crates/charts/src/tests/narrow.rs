//! The phone layout of every chart, and the fixes made at every width with it (issue 21):
//! no rotated labels, target marks clear of bar ends, one year compact, place names whole.

use super::*;

/// The narrow layout as a chart of its own, for [`check_svg`].
fn narrow_of(chart: &Chart) -> Chart {
    Chart {
        svg: chart.narrow_svg.clone(),
        ..chart.clone()
    }
}

/// The viewBox's width and height.
fn view_box(svg: &str) -> (f64, f64) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let vb: Vec<f64> = doc
        .root_element()
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    (vb[2], vb[3])
}

/// Every chart's narrow layout fits a 360 px phone: at most 360 units wide, so in the 328 CSS px a
/// phone leaves inside the page's padding its smallest text is still 11 px; valid, accessible,
/// nothing overlapping or clipped, no text rotated, and its ids apart from the wide layout's (both
/// are inlined in one page).
#[test]
fn the_narrow_layout_fits_a_phone() {
    const SHOWN_PX: f64 = 328.0;
    let mut all = all_charts();
    let ex = example();
    all.push((
        "single".into(),
        render_chart(
            &spec(ChartKind::Yearly, &["dai-tu"], None, Some((2023, 2023))),
            &ex,
        ),
    ));
    for (name, chart) in all {
        let narrow = narrow_of(&chart);
        preview(&format!("{name}-narrow"), &chart);
        let doc = check_svg(&narrow);
        let (w, _) = view_box(&narrow.svg);
        assert!(w <= 360.0, "{name}: {w} units wide");
        let scale = SHOWN_PX / w;
        for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
            let size: f64 = t.attribute("font-size").unwrap().parse().unwrap();
            assert!(
                size * scale >= 11.0,
                "{name}: {:?} is {:.1} px at 360 px",
                t.text(),
                size * scale
            );
            assert!(t.attribute("transform").is_none(), "{name}: {:?}", t.text());
        }
        let wide_ids = roxmltree::Document::parse(&chart.svg)
            .unwrap()
            .descendants()
            .filter_map(|n| n.attribute("id").map(str::to_string))
            .collect::<Vec<_>>();
        assert!(
            doc.descendants()
                .filter_map(|n| n.attribute("id"))
                .all(|id| !wide_ids.iter().any(|w| w == id)),
            "{name}: the two layouts share an id"
        );
        // Every figure of the chart is written in the narrow layout too.
        let wide_values: Vec<String> = texts(&chart)
            .into_iter()
            .filter(|t| t.ends_with('%') && t.contains(','))
            .collect();
        let narrow_texts = texts(&narrow);
        for v in wide_values {
            assert!(narrow_texts.contains(&v), "{name}: {v} missing");
        }
    }
}

/// Newest year on top in the narrow layout.
#[test]
fn the_narrow_layout_puts_the_newest_year_on_top() {
    let chart = render_chart(&yearly_spec(), &example());
    let t = texts(&narrow_of(&chart));
    let at = |y: &str| t.iter().position(|s| s == y).unwrap();
    assert!(at("2023") < at("2022") && at("2022") < at("2021"), "{t:?}");
    insta::assert_snapshot!("yearly_narrow", chart.narrow_svg);
}

/// A unit with one year gets a compact chart: two bars across, not a full-height chart with one pair.
#[test]
fn one_year_is_a_compact_chart() {
    let ex = example();
    for kind in [ChartKind::Yearly, ChartKind::Counts] {
        let chart = render_chart(&spec(kind, &["dai-tu"], None, Some((2023, 2023))), &ex);
        preview(&format!("one-year-{}", kind_name(kind)), &chart);
        check_svg(&chart);
        let (w, h) = view_box(&chart.svg);
        assert_eq!(w, f64::from(WIDTH));
        assert!(h < 250.0, "{}: {h} units high", kind_name(kind));
    }
}

/// Six years: every value label reads across (staggered when two do not fit side by side).
#[test]
fn six_years_keep_value_labels_across() {
    let stats = (2018..2024)
        .map(|y| {
            let k = f64::from(y - 2018);
            with_counts(
                year(
                    "u",
                    y,
                    measure(Some(80.71 + k), Some((82.0 + k, false))),
                    measure(Some(45.55 + k * 3.0), Some((40.0 + k, false))),
                ),
                Some(12_345 + 1_111 * (y as u64 - 2018)),
                Some(1_268_450_720_000 + 98_765_432_100 * (y as u64 - 2018)),
            )
        })
        .collect();
    let site = site(vec![unit("u", "Quảng Nam", None)], stats, Some("u"));
    for kind in [ChartKind::Yearly, ChartKind::Counts] {
        let chart = render_chart(&spec(kind, &["u"], None, None), &site);
        preview(&format!("six-years-{}", kind_name(kind)), &chart);
        let doc = check_svg(&chart);
        // Only the axis title reads upwards.
        let rotated: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("text") && n.attribute("transform").is_some())
            .filter_map(|n| n.text())
            .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
            .collect();
        assert!(
            rotated.is_empty(),
            "{}: rotated values: {rotated:?}",
            kind_name(kind)
        );
    }
    let chart = render_chart(&spec(ChartKind::Yearly, &["u"], None, None), &site);
    assert!(texts(&chart).iter().any(|t| t == "85,71%"));
}

/// A bar 1 point past its target still shows its top: the target mark is drawn before (under) the
/// bar, and across it only well below its top, in both layouts and in comparisons.
#[test]
fn target_marks_do_not_cover_the_bar_ends() {
    let site = site_with_one(
        measure(Some(85.0), Some((84.0, false))),
        measure(Some(40.5), Some((40.0, true))),
    );
    let ex = example();
    let charts = [
        render_chart(&yearly_spec(), &ex),
        render_chart(&compare_spec(), &ex),
        render_chart(
            &spec(ChartKind::Yearly, &["u"], None, Some((2022, 2023))),
            &site,
        ),
    ];
    for chart in &charts {
        for svg in [&chart.svg, &chart.narrow_svg] {
            let doc = roxmltree::Document::parse(svg).unwrap();
            let num =
                |n: &roxmltree::Node, a: &str| -> f64 { n.attribute(a).unwrap().parse().unwrap() };
            // Bars: navy or hatched rects, less the legend's samples (16 × 14 and 12 × 12).
            let mut bars: Vec<(f64, f64, f64, f64)> = Vec::new();
            for n in doc.descendants().filter(|n| n.is_element()) {
                if n.has_tag_name("rect")
                    && (n.attribute("fill") == Some("#1F3A5F")
                        || n.attribute("fill").is_some_and(|f| f.starts_with("url(")))
                {
                    let (w, h) = (num(&n, "width"), num(&n, "height"));
                    if (w, h) != (16.0, 14.0) && (w, h) != (12.0, 12.0) {
                        let (x, y) = (num(&n, "x"), num(&n, "y"));
                        bars.push((x, y, x + w, y + h));
                    }
                }
                // Target marks: the 3-unit ink lines. None may cross a bar drawn before it.
                if n.has_tag_name("polyline") && n.attribute("stroke-width") == Some("3") {
                    let p: Vec<f64> = n
                        .attribute("points")
                        .unwrap()
                        .split([' ', ','])
                        .filter(|s| !s.is_empty())
                        .map(|v| v.parse().unwrap())
                        .collect();
                    let (x0, x1) = (p[0].min(p[2]), p[0].max(p[2]));
                    let (y0, y1) = (p[1].min(p[3]), p[1].max(p[3]));
                    // Drawn after a bar, a mark may cross it only well clear of its end (3 units
                    // of halo and 3 of the bar): a horizontal mark under the top of a column, a
                    // vertical one short of the end of a horizontal bar.
                    for b in &bars {
                        let crosses = x0 <= b.2 && b.0 <= x1 && y0 <= b.3 && b.1 <= y1;
                        let clear = if y0 == y1 {
                            y0 - b.1 >= 6.0
                        } else {
                            b.2 - x0 >= 6.0
                        };
                        assert!(
                            !crosses || clear,
                            "{}: a target mark {p:?} over the end of the bar {b:?}",
                            chart.file_name
                        );
                    }
                }
            }
        }
    }
}

/// Titles break between words, never inside a place name.
#[test]
fn titles_do_not_break_inside_a_place_name() {
    let stats = vec![year(
        "qn",
        2023,
        measure(Some(80.0), None),
        measure(Some(40.0), None),
    )];
    let site = site(
        vec![unit("qn", "Cục Thi hành án dân sự tỉnh Quảng Nam", None)],
        stats,
        Some("qn"),
    );
    let chart = render_chart(&spec(ChartKind::Yearly, &["qn"], None, None), &site);
    for svg in [&chart.svg, &chart.narrow_svg] {
        let c = Chart {
            svg: svg.clone(),
            ..chart.clone()
        };
        let t = texts(&c);
        assert!(
            t.iter()
                .all(|l| !l.ends_with("Quảng") && !l.starts_with("Nam")),
            "{t:?}"
        );
        assert!(t.iter().any(|l| l.contains("Quảng\u{a0}Nam")), "{t:?}");
    }
    // The title said in words is the plain one.
    assert!(!chart.title.contains('\u{a0}'));
}
