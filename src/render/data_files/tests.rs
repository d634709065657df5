use super::csv::{cell_text, field_text, number, write};
use super::*;

#[test]
fn csv_fields_are_quoted_only_when_they_must_be() {
    assert_eq!(field_text("Đại Từ"), "Đại Từ");
    assert_eq!(field_text("a,b"), "\"a,b\"");
    assert_eq!(field_text("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(field_text("two\nlines"), "\"two\nlines\"");
    assert_eq!(field_text("cr\r"), "\"cr\r\"");
    assert_eq!(field_text(" padded"), "\" padded\"");
    assert_eq!(field_text(""), "");
}

#[test]
fn csv_numbers_use_a_dot_and_no_exponent_dates_are_iso() {
    assert_eq!(number(85.71), "85.71");
    assert_eq!(number(90.0), "90");
    assert_eq!(number(-2.5), "-2.5");
    assert_eq!(number(0.05), "0.05");
    assert_eq!(cell_text(&Cell::Money(1_250_000_000)), "1250000000");
    assert_eq!(cell_text(&Cell::Percent(85.71)), "85.71");
    assert_eq!(cell_text(&Cell::Points(-1.5)), "-1.5");
    assert_eq!(cell_text(&Cell::Bool(true)), "true");
    assert_eq!(cell_text(&Cell::Empty), "");
    assert_eq!(
        cell_text(&Cell::Date(jiff::civil::date(2023, 9, 30))),
        "2023-09-30"
    );
    assert_eq!(two_decimals(85.714_285), 85.71);
    assert_eq!(two_decimals(-0.001), 0.0);
    assert_eq!(number(two_decimals(-0.001)), "0");
}

#[test]
fn a_csv_file_has_a_bom_one_header_row_and_crlf_lines() {
    let head = vec!["Tên [name]".to_string(), "Số, tiền [money]".to_string()];
    let rows = vec![
        vec![Cell::Text("A \"B\"".into()), Cell::Money(5)],
        vec![Cell::Empty, Cell::Empty],
    ];
    let bytes = write(&head, &rows);
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\u{feff}Tên [name],\"Số, tiền [money]\"\r\n\"A \"\"B\"\"\",5\r\n,\r\n"
    );
}

#[test]
fn every_column_has_a_header_with_its_machine_name() {
    let labels = text::labels::Labels::builtin();
    let head = headers(&labels.data);
    assert_eq!(head.len(), COLUMNS.len());
    for (h, m) in head.iter().zip(COLUMNS) {
        assert!(h.ends_with(&format!(" [{m}]")), "{h}");
    }
    let unique: BTreeSet<&str> = COLUMNS.iter().copied().collect();
    assert_eq!(unique.len(), COLUMNS.len());
}
