//! Issue 18: what the site says, in the words an official would use. Each test is named after a
//! finding of the review.

use std::fs;

use crate::support::{TempSite, element_at, example, fixture, read_text};

/// The example site built (public), with its output folder.
fn built_example() -> TempSite {
    let site = example();
    site.build(&[]).expect_code(0);
    site
}

/// Every file of the output whose name ends with `ext`, with its path, as text.
fn files(site: &TempSite, ext: &str) -> Vec<(String, String)> {
    crate::support::read_tree(&site.out())
        .into_iter()
        .filter(|(p, _)| p.ends_with(ext))
        .map(|(p, b)| (p, String::from_utf8_lossy(&b).into_owned()))
        .collect()
}

/// Every HTML page of the output, with its path.
fn pages(site: &TempSite) -> Vec<(String, String)> {
    files(site, ".html")
}

#[test]
fn atom_author_is_the_site_name_when_a_bulletin_has_none() {
    let site = fixture("snapshot");
    fs::write(
        site.content().join("articles/2024/khong-tac-gia.md"),
        "---\ntitle: \"Bản tin không ghi tác giả\"\ndate: 2024-05-02\n---\n\nNội dung.\n",
    )
    .unwrap();
    site.build(&[]).expect_code(0);
    let atom = read_text(&site.out(), "atom.xml");
    assert!(!atom.contains("<name></name>"), "{atom}");
    let title = fs::read_to_string(site.content().join("site.yaml")).unwrap();
    let title = title
        .lines()
        .find_map(|l| l.strip_prefix("title:"))
        .unwrap()
        .trim()
        .trim_matches('"')
        .to_string();
    assert!(atom.contains(&format!("<name>{title}</name>")), "{atom}");
}

#[test]
fn a_year_without_as_of_has_no_empty_clause_before_its_source() {
    // A year's note with a source and no `as_of` read "Năm 2022:; nguồn: …".
    let site = fixture("snapshot");
    let stats = site.content().join("stats/cho-don.yaml");
    let text = fs::read_to_string(&stats).unwrap();
    let text = text.replacen("    as_of: 30/09/2022\n", "    source: \"SLUG\"\n", 1);
    let slug = fs::read_to_string(site.content().join("articles/2023/ket-qua-nam-2023.md"))
        .unwrap()
        .lines()
        .find_map(|l| {
            l.strip_prefix("slug:")
                .map(|s| s.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| "ket-qua-nam-2023".into());
    fs::write(&stats, text.replace("SLUG", &slug)).unwrap();
    site.build(&[]).expect_code(0);
    let page = read_text(&site.out(), "thong-ke/cho-don/index.html");
    assert!(page.contains("<li>Năm 2022: nguồn: "), "{page}");
    assert!(
        page.contains("<li>Năm 2023: số liệu đến 30/09/2023</li>"),
        "{page}"
    );
    assert!(!page.contains(":; nguồn"), "{page}");
}

#[test]
fn the_date_of_issue_says_ngay_once() {
    let site = built_example();
    let page = read_text(&site.out(), "van-ban/33-ct-tu-2020/index.html");
    let cell = page
        .split("<th scope=\"row\">Ngày ban hành</th>")
        .nth(1)
        .expect("the directive's date of issue");
    let cell = &cell[..cell.find("</td>").unwrap()];
    assert!(!cell.contains(">ngày"), "{cell}");
    assert!(cell.contains("tháng"), "{cell}");
}

#[test]
fn predecessor_and_successor_units_are_named_by_direction() {
    let site = built_example();
    let ended = read_text(&site.out(), "don-vi/cuc-thai-nguyen/index.html");
    assert!(
        ended.contains("Đơn vị tiếp nhận:"),
        "the ended unit names its successor"
    );
    let successor = read_text(&site.out(), "don-vi/thads-thai-nguyen/index.html");
    assert!(
        successor.contains("Đơn vị tiền thân:"),
        "the successor names its predecessor"
    );
    for (path, html) in pages(&site) {
        assert!(!html.contains("ế tục"), "{path} still says kế tục");
    }
}

#[test]
fn the_party_of_a_case_is_labelled_duong_su() {
    let site = built_example();
    let mut cases = 0;
    for (path, html) in pages(&site) {
        assert!(!html.contains("Người/tổ chức liên quan"), "{path}");
        assert!(!html.contains("người liên quan"), "{path}");
        cases += usize::from(html.contains("<th scope=\"row\">Đương sự</th>"));
    }
    assert!(cases > 0);
}

#[test]
fn national_comparisons_name_the_provinces_and_cities_of_the_country() {
    let site = fixture("snapshot");
    let units = site.content().join("units/units.yaml");
    let mut text = String::from(
        "- id: toan-quoc\n  name: \"Hệ thống cơ quan thi hành án dân sự\"\n  short_name: \"Toàn quốc\"\n  kind: toan-quoc\n",
    );
    for n in 1..=2 {
        text.push_str(&format!(
            "- id: tinh-{n}\n  name: \"Thi hành án dân sự tỉnh số {n}\"\n  short_name: \"THADS tỉnh {n}\"\n  kind: thads-tinh\n  parent: toan-quoc\n  from: 01/07/2025\n"
        ));
        fs::write(
            site.content().join(format!("stats/tinh-{n}.yaml")),
            format!(
                "unit: tinh-{n}\nyears:\n  - year: 2025\n    cases:\n      total: 100\n      eligible: 80\n      completed: {}\n    money:\n      total: \"1.000.000\"\n      eligible: \"800.000\"\n      completed: \"500.000\"\n",
                60 + n
            ),
        )
        .unwrap();
    }
    text.push_str(&fs::read_to_string(&units).unwrap());
    fs::write(&units, text).unwrap();
    site.build(&[]).expect_code(0);
    // Two provinces in the content, not said to be all: only those with figures are compared.
    let stats = read_text(&site.out(), "thong-ke/index.html");
    assert!(
        stats.contains("Năm 2025 – các tỉnh, thành phố có số liệu"),
        "{stats}"
    );
    assert!(!stats.contains("trong cả nước"), "{stats}");
    for (path, html) in pages(&site) {
        assert!(!html.contains("thuộc Toàn quốc"), "{path}");
    }
    // The national unit says the content lists all its provinces, and both have figures.
    let text = fs::read_to_string(&units).unwrap().replacen(
        "  kind: toan-quoc\n",
        "  kind: toan-quoc\n  children_complete: true\n",
        1,
    );
    fs::write(&units, text).unwrap();
    site.build(&[]).expect_code(0);
    let stats = read_text(&site.out(), "thong-ke/index.html");
    assert!(
        stats.contains("Năm 2025 – các tỉnh, thành phố trong cả nước"),
        "{stats}"
    );
}

#[test]
fn a_comparison_of_some_units_says_it_is_of_the_units_with_figures() {
    let site = built_example();
    let stats = read_text(&site.out(), "thong-ke/index.html");
    assert!(stats.contains("Năm 2023 – các đơn vị thuộc Cục THADS Thái Nguyên có số liệu"));
    site.build(&["--audience", "internal"]).expect_code(0);
    let briefing = read_text(&site.out(), "bao-cao/index.html");
    assert!(briefing.contains("các đơn vị thuộc Cục THADS Thái Nguyên có số liệu, xếp theo"));
    assert!(briefing.contains("không phải thứ hạng trong toàn bộ các đơn vị"));
    // Said to be complete, but Đại Từ has no 2021 figures of its siblings: 2021 still says so.
    all_units_of_the_cuc_listed(&site);
    site.build(&[]).expect_code(0);
    let stats = read_text(&site.out(), "thong-ke/index.html");
    assert!(stats.contains("Năm 2023 – các đơn vị thuộc Cục THADS Thái Nguyên</h2>"));
    assert!(stats.contains("Năm 2021 – các đơn vị thuộc Cục THADS Thái Nguyên có số liệu"));
}

#[test]
fn ranks_are_written_as_ordinal_words() {
    // "Thứ 1" read as a numbering, not as a rank; an official writes "thứ nhất".
    let site = built_example();
    let mut ranks = 0;
    for (path, html) in pages(&site) {
        for digit in '0'..='9' {
            assert!(!html.contains(&format!("Thứ {digit}")), "{path}");
        }
        ranks += html.matches("Thứ nhất").count() + html.matches("Thứ hai").count();
    }
    assert!(ranks > 0, "the example shows ranks");
}

#[test]
fn briefing_parts_are_numbered_as_shown() {
    // A briefing without a comparison was numbered 1, 2, 4, 5, 6.
    let site = example();
    site.build(&["--audience", "internal"]).expect_code(0);
    let page = read_text(&site.out(), "bao-cao/index.html");
    let numerals: Vec<&str> = page
        .split("<h2>")
        .skip(1)
        .filter_map(|h| h.split_once(". ").map(|(n, _)| n))
        .collect();
    assert_eq!(numerals, ["I", "II", "III", "IV", "V"], "{page}");
    // Without siblings there is no comparison, and the numbers follow on.
    let units = site.content().join("units/units.yaml");
    let text = fs::read_to_string(&units).unwrap();
    let (lead, others) = text.split_once("# Các Chi cục cùng cấp").unwrap();
    let others = others.replace("  parent: cuc-thai-nguyen\n", "");
    fs::write(&units, format!("{lead}# Các Chi cục cùng cấp{others}")).unwrap();
    site.build(&["--audience", "internal"]).expect_code(0);
    let page = read_text(&site.out(), "bao-cao/index.html");
    let numerals: Vec<&str> = page
        .split("<h2>")
        .skip(1)
        .filter_map(|h| h.split_once(". ").map(|(n, _)| n))
        .collect();
    assert_eq!(numerals, ["I", "II", "III", "IV"], "{page}");
    assert!(!page.contains("CÙNG CẤP"));
}

#[test]
fn internal_fields_are_labelled_in_vietnamese_and_full_names_are_not_called_abbreviated() {
    // The internal build printed `judgment` and `note` as labels, and its footer said the parties'
    // names were abbreviated on pages that show them in full.
    let site = example();
    site.build(&["--audience", "internal"]).expect_code(0);
    let mut labelled = 0;
    for (path, html) in pages(&site) {
        for raw in [
            "<dt>judgment</dt>",
            "<dt>note</dt>",
            "<dt> judgment",
            "<dt>note ",
        ] {
            assert!(!html.contains(raw), "{path}: {raw}");
        }
        labelled += html.matches("<dt>Ghi chú</dt>").count();
        assert!(!html.contains("viết tắt"), "{path}");
    }
    assert!(labelled > 0);
    let public = built_example();
    let cases = read_text(&public.out(), "vu-viec/index.html");
    assert!(cases.contains("Tên đương sự được viết tắt."), "{cases}");
}

/// Replace `from` with `to` in the content file `rel` of `site` (it must be there).
fn edit(site: &TempSite, rel: &str, from: &str, to: &str) {
    let path = site.content().join(rel);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The example says that its content lists every unit under Cục THADS Thái Nguyên.
fn all_units_of_the_cuc_listed(site: &TempSite) {
    edit(
        site,
        "units/units.yaml",
        "  kind: cuc\n",
        "  kind: cuc\n  children_complete: true\n",
    );
}

#[test]
fn a_computed_rank_among_an_incomplete_set_says_how_many_units_have_figures() {
    let site = built_example();
    for page in [
        "index.html",
        "thong-ke/index.html",
        "don-vi/dai-tu/index.html",
    ] {
        let html = read_text(&site.out(), page);
        assert!(
            html.contains("(tính trong số 4 đơn vị có số liệu)"),
            "{page}: the computed rank does not say it is among the 4 units with figures"
        );
        assert!(!html.contains("Xếp hạng trong tỉnh"), "{page}");
    }
    // The overview's rank columns say "(tính)" and, under each table, among which units.
    let stats = read_text(&site.out(), "thong-ke/index.html");
    assert!(stats.contains("Hạng ghi “(tính)”: thứ hạng tính từ tỷ lệ trong số 4 đơn vị có số liệu trên trang này, không phải thứ hạng công bố."));
    // The parent says the content lists all its units: the rank is within it.
    all_units_of_the_cuc_listed(&site);
    site.build(&[]).expect_code(0);
    let stats = read_text(&site.out(), "thong-ke/index.html");
    assert!(stats.contains("(tính trong 4 đơn vị thuộc Cục THADS Thái Nguyên)"));
    assert!(!stats.contains("trong số 4 đơn vị có số liệu"));
}

#[test]
fn a_stated_rank_is_checked_against_the_computed_one_only_when_the_set_is_complete() {
    let site = fixture("invalid/rank_mismatch");
    let warned = site.check(&[]);
    assert!(warned.stderr.contains("differs from the rank computed"));
    edit(&site, "units/units.yaml", "  children_complete: true\n", "");
    let quiet = site.check(&[]);
    assert!(
        !quiet.stderr.contains("differs from the rank computed"),
        "{}",
        quiet.stderr
    );
}

#[test]
fn the_comparison_chart_says_which_rank_orders_it_and_gives_both() {
    let site = built_example();
    let svgs: Vec<String> = files(&site, ".svg")
        .into_iter()
        .map(|(_, svg)| svg)
        .filter(|s| s.contains("Biểu đồ thanh ngang"))
        .collect();
    assert!(!svgs.is_empty(), "no comparison chart in the example");
    for svg in &svgs {
        assert!(svg.contains("Số trước tên: hạng về việc, theo đó xếp thứ tự"));
    }
    // Đại Từ, 2023: second in cases, first in money.
    assert!(
        svgs.iter()
            .any(|s| s.contains("Hạng về việc 2, về tiền 1: Chi cục THADS Đại Từ")),
        "the description does not give both ranks"
    );
}

#[test]
fn an_unconfirmed_successor_is_marked_wherever_it_appears() {
    let site = built_example();
    for page in [
        "index.html",
        "don-vi/dai-tu/index.html",
        "don-vi/kv3-thai-nguyen/index.html",
    ] {
        let html = read_text(&site.out(), page);
        assert!(
            html.contains("<strong>chưa xác nhận</strong>: Suy ra từ địa bàn huyện Đại Từ"),
            "{page} states the inferred successor as fact"
        );
    }
    // A confirmed successor carries no mark.
    edit(
        &site,
        "units/units.yaml",
        "  unconfirmed:\n    successor: \"Suy ra từ địa bàn huyện Đại Từ; chưa có văn bản công bố đơn vị tiếp nhận công việc của Chi cục.\"\n",
        "",
    );
    site.build(&[]).expect_code(0);
    assert!(!read_text(&site.out(), "index.html").contains("chưa xác nhận"));
}

#[test]
fn unconfirmed_figures_of_a_year_are_marked_in_its_tables() {
    let site = example();
    edit(
        &site,
        "stats/dai-tu.yaml",
        "    as_of: 30/09/2022\n",
        "    as_of: 30/09/2022\n    unconfirmed:\n      money: \"Số của báo cáo sơ bộ; chờ báo cáo chính thức.\"\n",
    );
    site.build(&[]).expect_code(0);
    // The charts say it too, in their descriptions.
    let svgs: String = files(&site, ".svg")
        .into_iter()
        .map(|(_, svg)| svg)
        .collect();
    assert!(svgs.contains("Số liệu năm 2022 chưa xác nhận."));
    assert!(svgs.contains("Số liệu của Chi cục THADS Đại Từ chưa xác nhận."));
    for page in ["don-vi/dai-tu/index.html", "thong-ke/index.html"] {
        let html = read_text(&site.out(), page);
        assert!(
            html.contains("Năm 2022, số liệu về tiền: <span class=\"unconfirmed\"><strong>chưa xác nhận</strong></span>: Số của báo cáo sơ bộ"),
            "{page}"
        );
    }
}

#[test]
fn unconfirmed_must_name_a_field_the_record_has_with_a_note() {
    let site = example();
    edit(
        &site,
        "units/units.yaml",
        "  successor: thads-thai-nguyen\n",
        "  successor: thads-thai-nguyen\n  unconfirmed:\n    sucessor: \"x\"\n    parent: \"y\"\n    until: \"\"\n",
    );
    edit(
        &site,
        "units/units.yaml",
        "  parent: cuc-thai-nguyen\n",
        "  parent: cuc-thai-nguyen\n  children_complete: yes please\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    let messages: Vec<String> = run.diagnostics().into_iter().map(|d| d.message).collect();
    for want in [
        "`unconfirmed` names `sucessor`, which a unit cannot mark as unconfirmed",
        "`unconfirmed` names `parent`, which this unit does not have",
        "the unconfirmed `until` needs a note",
        "expected true or false",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(want)),
            "missing {want:?} in {messages:?}"
        );
    }
}

#[test]
fn a_computed_exceeded_is_marked_and_the_suy_ra_note_shows_only_with_a_derived_target() {
    let site = example();
    // The example's figures state `exceeded` and no target: derived targets, no computed vượt.
    site.build(&[]).expect_code(0);
    let home = read_text(&site.out(), "index.html");
    assert!(home.contains("Chỉ tiêu ghi “(suy ra)”"));
    assert!(!home.contains("Mức vượt ghi “(tính)”"));
    // A stated target and no `exceeded`: vượt is computed and says so; nothing is derived.
    let stats = fs::read_to_string(site.content().join("stats/dai-tu.yaml")).unwrap();
    let stats = stats
        .replace("      exceeded: 5.57\n", "      target: 84.5\n")
        .replace("      exceeded: 14.28\n", "      target: 48\n");
    fs::write(site.content().join("stats/dai-tu.yaml"), stats).unwrap();
    site.build(&[]).expect_code(0);
    let home = read_text(&site.out(), "index.html");
    assert!(
        home.contains("Mức vượt ghi “(tính)”"),
        "no explanation of (tính)"
    );
    assert!(
        home.contains("vượt 5,57% <small>(tính)</small>"),
        "vượt not marked computed"
    );
    assert!(
        home.contains("vượt 5,57% (tính)"),
        "the chart's description does not mark it"
    );
    assert!(
        !home.contains("Chỉ tiêu ghi “(suy ra)”"),
        "a (suy ra) note with nothing derived"
    );
}
#[test]
fn a_directive_implementing_two_others_is_shown_once_with_cung_thuc_hien() {
    // A plan implementing two directives was nested under both, in the timeline and the briefing.
    let site = fixture("snapshot");
    let directives = site.content().join("directives/directives.yaml");
    let mut text = fs::read_to_string(&directives).unwrap();
    text.push_str(concat!(
        "\n- number: \"07-CT/HU\"\n  date: 10/04/2021\n  issuer: \"Ban Thường vụ Huyện ủy Chợ Đồn\"\n",
        "  title: \"Về công tác thi hành án dân sự trên địa bàn huyện\"\n",
        "\n- number: \"60/KH-CCTHA\"\n  date: 01/06/2021\n  issuer: \"Chi cục Thi hành án dân sự\"\n",
        "  title: \"Kế hoạch thực hiện hai văn bản\"\n  implements: [\"12-CT/TU\", \"07-CT/HU\"]\n",
    ));
    fs::write(&directives, text).unwrap();
    site.build(&["--audience", "internal"]).expect_code(0);
    {
        let page = "van-ban/index.html";
        let html = read_text(&site.out(), page);
        let at = |needle: &str| {
            html.find(needle)
                .unwrap_or_else(|| panic!("{page}: {needle}"))
        };
        let timeline = element_at(&html, at("<ol class=\"timeline\">"), "ol");
        let plan = "<a class=\"doc-title\" href=\"../van-ban/60-kh-cctha-2021/\">";
        assert_eq!(timeline.matches(plan).count(), 1, "{page}: {timeline}");
        // Under its first parent, naming the second, which nests nothing.
        let under_first = element_at(
            &html,
            at("<ol class=\"implements\" aria-label=\"Văn bản thực hiện 12-CT/TU\">"),
            "ol",
        );
        assert!(under_first.contains(plan), "{page}: {timeline}");
        assert!(
            under_first.contains(
                "<span class=\"doc-also\">cũng thực hiện: <a href=\"../van-ban/07-ct-hu-2021/\">chỉ thị 07-CT/HU</a></span>"
            ),
            "{page}: {timeline}"
        );
        assert!(
            !timeline.contains("Văn bản thực hiện 07-CT/HU"),
            "{page}: {timeline}"
        );
    }
}

#[test]
fn units_are_ordered_by_hierarchy_generation_then_vietnamese_collation() {
    // Lists followed the units' ids (and so, often, their file names): the national unit came
    // between two provinces, an area office among the district offices it replaced, and "Đ"
    // after "N" as in byte order.
    let site = fixture("snapshot");
    let units = site.content().join("units");
    fs::remove_file(units.join("units.yaml")).unwrap();
    let unit = |id: &str, name: &str, short: &str, rest: &str| {
        fs::write(
            units.join(format!("{id}.yaml")),
            format!("id: {id}\nname: \"{name}\"\nshort_name: \"{short}\"\n{rest}"),
        )
        .unwrap();
    };
    let old = "until: 30/06/2025\n";
    let new = "from: 01/07/2025\n";
    unit(
        "he-thong",
        "Hệ thống cơ quan THADS",
        "Toàn quốc",
        "kind: toan-quoc\n",
    );
    unit(
        "hcm",
        "Cục Thi hành án dân sự Thành phố Hồ Chí Minh",
        "Cục THADS TP.HCM",
        &format!("kind: cuc\nparent: he-thong\n{old}"),
    );
    unit(
        "hcm-1",
        "Chi cục Thi hành án dân sự huyện Vĩnh Cửu",
        "Chi cục Vĩnh Cửu",
        &format!("kind: chi-cuc\nparent: hcm\n{old}"),
    );
    unit(
        "hcm-2",
        "Chi cục Thi hành án dân sự huyện Ứng Hòa",
        "Chi cục Ứng Hòa",
        &format!("kind: chi-cuc\nparent: hcm\n{old}"),
    );
    unit(
        "cuc-bac-kan",
        "Cục Thi hành án dân sự tỉnh Bắc Kạn",
        "Cục THADS Bắc Kạn",
        &format!("kind: cuc\nparent: he-thong\n{old}"),
    );
    unit(
        "cho-don",
        "Chi cục Thi hành án dân sự huyện Chợ Đồn",
        "Chi cục Chợ Đồn",
        &format!("kind: chi-cuc\nparent: cuc-bac-kan\n{old}"),
    );
    unit(
        "bk-1",
        "Chi cục Thi hành án dân sự huyện Na Rì",
        "Chi cục Na Rì",
        &format!("kind: chi-cuc\nparent: cuc-bac-kan\n{old}"),
    );
    unit(
        "bk-2",
        "Chi cục Thi hành án dân sự huyện Đồng Hỷ",
        "Chi cục Đồng Hỷ",
        &format!("kind: chi-cuc\nparent: cuc-bac-kan\n{old}"),
    );
    unit(
        "bk-kv",
        "Phòng Thi hành án dân sự khu vực 1 – Bắc Kạn",
        "Phòng THADS khu vực 1",
        &format!("kind: phong-khu-vuc\nparent: cuc-bac-kan\n{new}"),
    );
    unit(
        "tuyen-quang",
        "Thi hành án dân sự tỉnh Tuyên Quang",
        "THADS Tuyên Quang",
        &format!("kind: thads-tinh\nparent: he-thong\n{new}"),
    );
    // Equal rates within each comparison: the ranking leaves their order to the unit order.
    let stats = |id: &str, year: i32| {
        fs::write(
            site.content().join(format!("stats/{id}.yaml")),
            format!(
                "unit: {id}\nyears:\n  - year: {year}\n    cases:\n      total: 100\n      eligible: 80\n      completed: 60\n    money:\n      total: \"1.000.000\"\n      eligible: \"800.000\"\n      completed: \"400.000\"\n"
            ),
        )
        .unwrap();
    };
    for id in ["he-thong", "hcm", "hcm-1", "hcm-2", "cuc-bac-kan"] {
        stats(id, 2024);
    }
    for id in ["bk-1", "bk-2"] {
        stats(id, 2022);
    }
    for id in ["bk-kv", "tuyen-quang"] {
        stats(id, 2025);
    }
    site.build(&[]).expect_code(0);

    let in_order = [
        "Hệ thống cơ quan THADS",
        "Cục Thi hành án dân sự Thành phố Hồ Chí Minh",
        "Chi cục Thi hành án dân sự huyện Ứng Hòa",
        "Chi cục Thi hành án dân sự huyện Vĩnh Cửu",
        "Cục Thi hành án dân sự tỉnh Bắc Kạn",
        "Chi cục Thi hành án dân sự huyện Chợ Đồn",
        "Chi cục Thi hành án dân sự huyện Đồng Hỷ",
        "Chi cục Thi hành án dân sự huyện Na Rì",
        "Phòng Thi hành án dân sự khu vực 1 – Bắc Kạn",
        "Thi hành án dân sự tỉnh Tuyên Quang",
    ];
    // The link texts after each `marker`, up to `end`.
    let names = |html: &str, marker: &str, end: &str| -> Vec<String> {
        let html = &html[..html.find(end).unwrap_or(html.len())];
        html.split(marker)
            .skip(1)
            .map(|s| {
                let text = &s[s.find("\">").expect("a link") + 2..];
                text[..text.find("</a>").expect("a link")].to_string()
            })
            .collect()
    };
    let units_page = read_text(&site.out(), "don-vi/index.html");
    assert_eq!(
        names(&units_page, "<th scope=\"row\"><a href=\"", "</table>"),
        in_order,
        "{units_page}"
    );
    let overview = read_text(&site.out(), "thong-ke/index.html");
    let listed = &overview[overview.find("Số liệu từng đơn vị").expect("the list")..];
    assert_eq!(names(listed, "<li><a href=\"", "</ul>"), in_order);
    // Comparisons: each year's parents in unit order, equal rates in unit order.
    let sections: Vec<(String, Vec<String>)> = overview
        .split("<section>")
        .skip(1)
        .map(|s| {
            let heading = s.split("<h2 class=\"section-heading\">").nth(1).unwrap();
            let heading = heading[..heading.find("</h2>").unwrap()].to_string();
            (
                heading,
                names(s, "<th scope=\"row\"><a href=\"", "</table>"),
            )
        })
        .collect();
    let expected = [
        (
            "Năm 2025 – các tỉnh, thành phố có số liệu",
            &["THADS Tuyên Quang"][..],
        ),
        (
            "Năm 2025 – các đơn vị thuộc Cục THADS Bắc Kạn có số liệu",
            &["Phòng THADS khu vực 1"],
        ),
        (
            "Năm 2024 – các tỉnh, thành phố có số liệu",
            &["Cục THADS TP.HCM", "Cục THADS Bắc Kạn"],
        ),
        (
            "Năm 2024 – các đơn vị thuộc Cục THADS TP.HCM có số liệu",
            &["Chi cục Ứng Hòa", "Chi cục Vĩnh Cửu"],
        ),
        (
            "Năm 2022 – các đơn vị thuộc Cục THADS Bắc Kạn có số liệu",
            &["Chi cục Chợ Đồn", "Chi cục Đồng Hỷ", "Chi cục Na Rì"],
        ),
    ];
    for (heading, rows) in expected {
        let found = sections
            .iter()
            .find(|(h, _)| h == heading)
            .unwrap_or_else(|| panic!("no section {heading}: {sections:?}"));
        assert_eq!(found.1, rows, "{heading}");
    }
    let order: Vec<&str> = sections.iter().map(|(h, _)| h.as_str()).collect();
    let at = |h: &str| order.iter().position(|x| *x == h).unwrap();
    for pair in expected.windows(2) {
        assert!(at(pair[0].0) < at(pair[1].0), "{order:?}");
    }
}

/// The names of the content's fields (SPEC: site, units, stats, directives, cases, articles,
/// charts), and the usual `internal:` keys: none is a word a reader should meet.
const SCHEMA_FIELDS: &[&str] = &[
    "as_of",
    "audience",
    "author",
    "base_url",
    "cases",
    "children_complete",
    "commendation",
    "commune",
    "compare",
    "complaints",
    "completed",
    "counts",
    "date",
    "description",
    "directed_by",
    "directives",
    "draft",
    "eligible",
    "exceeded",
    "from",
    "id",
    "implements",
    "internal",
    "issuer",
    "kind",
    "language",
    "long_running",
    "measures",
    "money",
    "months",
    "name",
    "number",
    "parent",
    "party",
    "privacy",
    "rank",
    "rate",
    "resolved",
    "short_name",
    "site",
    "slug",
    "source",
    "stats",
    "successor",
    "summary",
    "tags",
    "target",
    "title",
    "total",
    "type",
    "unconfirmed",
    "unit",
    "units",
    "until",
    "url",
    "year",
    "yearly",
    "years",
    "judgment",
    "note",
    "contact",
    "file",
    "status",
];

/// What a reader sees of an HTML page or an SVG chart: its text, without scripts and styles.
fn visible_text(markup: &str) -> String {
    let mut rest = markup;
    let mut kept = String::with_capacity(markup.len());
    while let Some(at) = ["<script", "<style"]
        .iter()
        .filter_map(|t| rest.find(t).map(|i| (i, *t)))
        .min()
    {
        kept.push_str(&rest[..at.0]);
        let close = if at.1 == "<script" {
            "</script>"
        } else {
            "</style>"
        };
        rest = rest[at.0..]
            .find(close)
            .map_or("", |end| &rest[at.0 + end + close.len()..]);
    }
    kept.push_str(rest);
    crate::support::text_of(&kept)
}

#[test]
fn no_schema_field_name_is_visible_in_either_audience() {
    for args in [&[][..], &["--audience", "internal", "--drafts"][..]] {
        let site = example();
        site.build(args).expect_code(0);
        let mut found = Vec::new();
        for (path, bytes) in crate::support::read_tree(&site.out()) {
            if !(path.ends_with(".html") || path.ends_with(".svg")) {
                continue;
            }
            let text = visible_text(&String::from_utf8_lossy(&bytes));
            let words: std::collections::HashSet<&str> = text
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .collect();
            for field in SCHEMA_FIELDS {
                if words.contains(field) {
                    found.push(format!("{path}: {field}"));
                }
            }
        }
        assert!(
            found.is_empty(),
            "{args:?}: field names shown to readers: {found:?}"
        );
    }
}

#[test]
fn an_unconfirmed_link_between_directives_is_marked_on_its_page_and_in_the_timeline() {
    let site = example();
    edit(
        &site,
        "directives/directives.yaml",
        "  implements: [\"33-CT/TU\"]\n",
        "  implements: [\"33-CT/TU\"]\n  unconfirmed:\n    implements: \"Văn bản không dẫn chiếu Chỉ thị 33-CT/TU; suy ra từ nội dung.\"\n",
    );
    site.build(&[]).expect_code(0);
    let marked = "<strong>chưa xác nhận</strong>";
    let timeline = read_text(&site.out(), "van-ban/index.html");
    assert!(
        timeline.contains(&format!(
            "{marked} là văn bản thực hiện: Văn bản không dẫn chiếu"
        )),
        "{timeline}"
    );
    let pages: Vec<(String, String)> = pages(&site)
        .into_iter()
        .filter(|(p, h)| {
            p.starts_with("van-ban/") && p != "van-ban/index.html" && h.contains(marked)
        })
        .collect();
    assert_eq!(pages.len(), 1, "one directive page carries the mark");
}
