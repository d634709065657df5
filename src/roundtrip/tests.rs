use super::rows::{Field, Value, ValueKind};
use super::yaml_edit::{EntryEdit, FieldEdit, edit_file, new_file, yaml_text};

const FILE: &str = "\
# số liệu minh họa
unit: dai-tu
years:
  - year: 2022   # năm trước
    cases:
      total: 1400
      eligible: 1100
    money:
      completed: \"1.250.000\"
    as_of: 2022-09-30
  # năm nay
  - year: 2024
    cases: { total: 10, completed: 5 }
    rank: { cases: 2, money: 1 }
    source: báo cáo số 5
";

fn set(parent: Option<&'static str>, name: &'static str, kind: ValueKind, v: Value) -> FieldEdit {
    FieldEdit {
        field: Field { parent, name },
        kind,
        value: Some(v),
    }
}

fn unset(parent: Option<&'static str>, name: &'static str, kind: ValueKind) -> FieldEdit {
    FieldEdit {
        field: Field { parent, name },
        kind,
        value: None,
    }
}

fn entry(year: i32, edits: Vec<FieldEdit>) -> EntryEdit {
    EntryEdit {
        year,
        months: 12,
        edits,
    }
}

#[test]
fn a_changed_value_keeps_its_style_and_every_comment() {
    let out = edit_file(
        FILE,
        "dai-tu",
        &[entry(
            2022,
            vec![
                set(Some("cases"), "total", ValueKind::Count, Value::Int(1500)),
                set(
                    Some("money"),
                    "completed",
                    ValueKind::Money,
                    Value::Int(2_000_000),
                ),
                set(
                    None,
                    "as_of",
                    ValueKind::Date,
                    Value::Date(jiff::civil::date(2022, 9, 29)),
                ),
            ],
        )],
    )
    .unwrap();
    let expected = FILE
        .replace("total: 1400", "total: 1500")
        .replace("\"1.250.000\"", "\"2.000.000\"")
        .replace("as_of: 2022-09-30", "as_of: 2022-09-29");
    assert_eq!(out, expected);
}

#[test]
fn new_fields_go_in_the_usual_order_and_removed_ones_take_their_line() {
    let out = edit_file(
        FILE,
        "dai-tu",
        &[entry(
            2022,
            vec![
                set(
                    Some("cases"),
                    "completed",
                    ValueKind::Count,
                    Value::Int(900),
                ),
                set(Some("cases"), "rate", ValueKind::Percent, Value::Num(81.82)),
                unset(None, "as_of", ValueKind::Date),
                set(Some("rank"), "money", ValueKind::Rank, Value::Int(3)),
            ],
        )],
    )
    .unwrap();
    assert!(
        out.contains(
            "      eligible: 1100\n      completed: 900\n      rate: 81.82\n    money:\n      completed: \"1.250.000\"\n    rank:\n      money: 3\n  # năm nay\n"
        ),
        "{out}"
    );
    assert!(!out.contains("as_of"), "{out}");
    assert!(out.starts_with("# số liệu minh họa\n") && out.contains("# năm trước"));
}

#[test]
fn a_measure_left_empty_is_removed_whole() {
    let out = edit_file(
        FILE,
        "dai-tu",
        &[entry(
            2022,
            vec![unset(Some("money"), "completed", ValueKind::Money)],
        )],
    )
    .unwrap();
    assert!(!out.contains("    money:"), "{out}");
    assert!(
        out.contains("      eligible: 1100\n    as_of: 2022-09-30\n"),
        "{out}"
    );
}

#[test]
fn one_line_mappings_are_rewritten_with_their_order() {
    let out = edit_file(
        FILE,
        "dai-tu",
        &[entry(
            2024,
            vec![
                set(Some("cases"), "eligible", ValueKind::Count, Value::Int(8)),
                set(Some("rank"), "cases", ValueKind::Rank, Value::Int(1)),
                unset(Some("rank"), "money", ValueKind::Rank),
                set(
                    None,
                    "source",
                    ValueKind::Text,
                    Value::Text("Báo cáo số 7: tổng kết".into()),
                ),
            ],
        )],
    )
    .unwrap();
    assert!(
        out.contains("    cases: { total: 10, eligible: 8, completed: 5 }\n"),
        "{out}"
    );
    assert!(out.contains("    rank: { cases: 1 }\n"), "{out}");
    assert!(
        out.contains("    source: \"Báo cáo số 7: tổng kết\"\n"),
        "{out}"
    );
}

#[test]
fn a_missing_year_is_added_in_year_order() {
    let edits = vec![
        set(Some("cases"), "total", ValueKind::Count, Value::Int(12)),
        set(
            Some("money"),
            "total",
            ValueKind::Money,
            Value::Int(3_000_000),
        ),
        set(
            None,
            "as_of",
            ValueKind::Date,
            Value::Date(jiff::civil::date(2023, 9, 30)),
        ),
    ];
    let out = edit_file(
        FILE,
        "dai-tu",
        &[entry(2023, edits.clone()), entry(2020, edits)],
    )
    .unwrap();
    let y2023 = "  - year: 2023\n    cases:\n      total: 12\n    money:\n      total: \"3.000.000\"\n    as_of: 30/09/2023\n";
    assert!(
        out.contains(&format!("    as_of: 2022-09-30\n{y2023}  # năm nay\n")),
        "{out}"
    );
    assert!(out.contains("years:\n  - year: 2020\n"), "{out}");
    // The result reads back.
    crate::load::yaml::parse_yaml(&out, 0).unwrap();
}

#[test]
fn a_unit_without_figures_gets_a_new_file() {
    let out = new_file(
        "vo-nhai",
        &[EntryEdit {
            year: 2024,
            months: 6,
            edits: vec![set(
                Some("cases"),
                "rate",
                ValueKind::Percent,
                Value::Num(50.5),
            )],
        }],
    );
    assert_eq!(
        out,
        "unit: vo-nhai\nyears:\n  - year: 2024\n    cases:\n      rate: 50.5\n    months: 6\n"
    );
}

#[test]
fn a_file_it_cannot_edit_safely_is_refused() {
    assert!(
        edit_file(
            "unit: dai-tu\nyears: []\n",
            "dai-tu",
            &[entry(2024, vec![])]
        )
        .is_err()
    );
    assert!(edit_file(FILE, "vo-nhai", &[entry(2024, vec![])]).is_err());
    assert!(edit_file("unit: [\n", "dai-tu", &[]).is_err());
}

#[test]
fn texts_are_quoted_only_when_yaml_would_read_them_otherwise() {
    assert_eq!(yaml_text("báo cáo số 5"), "báo cáo số 5");
    assert_eq!(yaml_text("05/BC-CCTHADS"), "05/BC-CCTHADS");
    assert_eq!(yaml_text("2023"), "\"2023\"");
    assert_eq!(yaml_text("a: b"), "\"a: b\"");
    assert_eq!(yaml_text("- x"), "\"- x\"");
    assert_eq!(yaml_text("true"), "\"true\"");
    assert_eq!(yaml_text("say \"hi\" # no"), "\"say \\\"hi\\\" # no\"");
    assert_eq!(yaml_text(""), "\"\"");
}
