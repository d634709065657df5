use super::*;

#[test]
fn the_built_in_labels_file_loads() {
    // Every label the code reads is in the file and the file has no other (deny_unknown_fields,
    // no defaults); each names only the values it is given.
    if let Err(e) = parse_builtin() {
        panic!("templates/labels.toml: {e:?}");
    }
}

#[test]
fn every_built_in_label_names_every_value_it_is_given() {
    // A site's file may leave a value out; the built-in one says everything the code knows.
    let labels = Labels::builtin();
    for ((section, key, given), text) in CONTRACT.iter().zip(labels.texts()) {
        let mut named: Vec<&str> = placeholders(text).collect();
        named.sort_unstable();
        named.dedup();
        let mut given = given.to_vec();
        given.sort_unstable();
        assert_eq!(named, given, "{section}.{key} = {text:?}");
    }
}

#[test]
fn labels_are_read_through_their_methods() {
    let l = Labels::builtin();
    assert_eq!(l.nav.home(), "Trang chủ");
    assert_eq!(l.page.stats_unit("Đại Từ"), "Kết quả thi hành án – Đại Từ");
    assert_eq!(
        l.page.tag_page("Chuyển đổi số", 2),
        "Chủ đề: Chuyển đổi số – trang 2"
    );
    assert_eq!(l.period.half_year(2024), "6 tháng 2024");
}

#[test]
fn fill_puts_each_value_in_its_place() {
    let n = 3;
    assert_eq!(
        fill("{a} và {b}, {a}", &[("a", &"x"), ("b", &n)]),
        "x và 3, x"
    );
    assert_eq!(fill("không có", &[("a", &1)]), "không có");
    assert_eq!(fill("", &[]), "");
    // Unknown names and other braces are kept as written.
    assert_eq!(fill("{c} {a}", &[("a", &1)]), "{c} 1");
    assert_eq!(
        fill("{ a } {A} {} {a {{a}} }", &[("a", &1)]),
        "{ a } {A} {} {a {1} }"
    );
    assert_eq!(fill("{đ}{a}", &[("a", &"Đ")]), "{đ}Đ");
}

#[test]
fn placeholders_are_lowercase_names_in_braces() {
    let found: Vec<&str> = placeholders("{unit}{years}{against}. {X} {a b} {n2} {}").collect();
    assert_eq!(found, ["unit", "years", "against", "n2"]);
}

#[test]
fn a_sites_file_changes_only_the_labels_it_names() {
    let l = Labels::with_overrides(
        "# ours\n[nav]\nhome = \"Trang đầu\"\n[page]\nstats_unit = \"Số liệu: {unit}\"\n",
    )
    .unwrap();
    assert_eq!(l.nav.home(), "Trang đầu");
    assert_eq!(l.nav.articles(), "Tin tức");
    assert_eq!(l.page.stats_unit("Đại Từ"), "Số liệu: Đại Từ");
    // A label may leave its values out.
    let l = Labels::with_overrides("[period]\nyear = \"Cả năm\"\n").unwrap();
    assert_eq!(l.period.year(2023), "Cả năm");
    // An empty file changes nothing.
    let l = Labels::with_overrides("").unwrap();
    assert_eq!(l.texts(), Labels::builtin().texts());
}

#[test]
fn a_sites_file_is_checked_with_its_place() {
    let e = Labels::with_overrides("[nav]\nhome = \"A\"\nhomepage = \"B\"\n").unwrap_err();
    assert!(e.message.contains("unknown field `homepage`"), "{e:?}");
    assert_eq!((e.line, e.col), (3, 1));

    let e = Labels::with_overrides("[navigation]\nhome = \"A\"\n").unwrap_err();
    assert!(e.message.contains("unknown field `navigation`"), "{e:?}");

    let e = Labels::with_overrides("[nav]\nhome = 1\n").unwrap_err();
    assert_eq!(e.line, 2, "{e:?}");

    let e = Labels::with_overrides("[nav]\nhome = \"A\n").unwrap_err();
    assert_eq!(e.line, 2, "{e:?}");

    let e = Labels::with_overrides("[page]\n\nstats_unit = \"Số liệu: {don_vi}\"\n").unwrap_err();
    assert_eq!(
        e.message,
        "label `page.stats_unit` names {don_vi}, a value it is not given: it is given {unit}"
    );
    assert_eq!((e.line, e.col), (3, 14));

    let e = Labels::with_overrides("[nav]\nhome = \"{site}\"\n").unwrap_err();
    assert_eq!(
        e.message,
        "label `nav.home` names {site}, a value it is not given: it is given no values"
    );
}

#[test]
fn line_and_column_count_characters() {
    let text = "ab\nđây x";
    assert_eq!(line_col(text, 0), (1, 1));
    assert_eq!(line_col(text, 3), (2, 1));
    assert_eq!(line_col(text, text.find('x').unwrap()), (2, 5));
    assert_eq!(line_col(text, 4), (2, 1)); // inside `đ`
    assert_eq!(line_col(text, 99), (2, 6));
}
