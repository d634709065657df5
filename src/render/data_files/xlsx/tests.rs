use std::io::Read;

use proptest::prelude::*;

use super::*;
use crate::render::data_files::{COLUMNS, headers};

/// The entries of a zip: name, compression and decompressed bytes, in order.
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("an entry");
            let mut body = Vec::new();
            f.read_to_end(&mut body).expect("readable");
            let name = f.name().expect("a name");
            (format!("{name} {:?}", f.compression()), body)
        })
        .collect()
}

fn head() -> Vec<String> {
    headers(&text::labels::Labels::builtin().data)
}

fn book<'a>(head: &'a [String], rows: &'a [Vec<Cell>], notes: Vec<(String, bool)>) -> Book<'a> {
    Book {
        data_name: "Số liệu",
        notes_name: "Ghi chú",
        created: jiff::civil::date(2023, 9, 30),
        head,
        rows,
        notes,
    }
}

fn some_notes() -> Vec<(String, bool)> {
    vec![
        ("Ghi chú".into(), true),
        ("Kỳ: 01/10 – 30/09".into(), false),
        (String::new(), false),
        ("Nguồn".into(), true),
    ]
}

/// The fast path wrote the book, and as the reference does: the same entries (names, order,
/// compression, bytes). (Not the same zip file: the fixed entries, copied compressed, have
/// their CRC in their local header too.) Returns the entries.
fn same(book: &Book) -> Vec<(String, Vec<u8>)> {
    let fast = package::fast(book)
        .expect("the fast path takes it")
        .expect("written");
    let slow = reference::write(book).expect("written");
    let (f, s) = (entries(&fast), entries(&slow));
    assert_eq!(
        f.iter().map(|e| &e.0).collect::<Vec<_>>(),
        s.iter().map(|e| &e.0).collect::<Vec<_>>()
    );
    for ((name, a), (_, b)) in f.iter().zip(&s) {
        assert!(
            a == b,
            "{name} differs:\nfast: {}\nreference: {}",
            String::from_utf8_lossy(a),
            String::from_utf8_lossy(b)
        );
    }
    f
}

fn entry<'e>(entries: &'e [(String, Vec<u8>)], name: &str) -> &'e str {
    let e = entries
        .iter()
        .find(|e| e.0.split(' ').next() == Some(name))
        .expect("the entry");
    std::str::from_utf8(&e.1).expect("text")
}

/// A row with a value in every column, of its kind.
fn full_row(i: u64) -> Vec<Cell> {
    let d = jiff::civil::date(2020, 10, 1);
    COLUMNS
        .iter()
        .enumerate()
        .map(|(c, _)| match c {
            0 | 1 | 30 | 31 => Cell::Text(format!("Đơn vị {} & <{}>", i % 375, c)),
            2 => Cell::Int(2014 + i % 11),
            3 => Cell::Int(12),
            4 | 5 | 29 => Cell::Date(d),
            9..=11 | 18..=20 => Cell::Percent(85.71 + (i % 7) as f64),
            12 | 14 | 21 | 23 => Cell::Bool(i.is_multiple_of(2)),
            13 | 22 => Cell::Points(-1.5 + (i % 3) as f64 / 3.0),
            15..=17 => Cell::Money(1_250_000_000 + i),
            _ => Cell::Int(i),
        })
        .collect()
}

#[test]
fn the_bound_of_a_rate_s_width_holds_where_it_rounds_up() {
    for v in [
        99.995,
        999.995,
        9.999,
        -0.001,
        -999.999,
        0.0,
        -0.0,
        999_999.999,
    ] {
        let cell = Cell::Percent(v);
        assert!(at_most(&cell) >= shown(9, &cell), "{v}");
    }
}

#[test]
fn the_width_of_a_count_is_that_of_its_text() {
    for n in [0, 9, 10, 999, 1000, 99_999, 1_250_000_000, u64::MAX] {
        assert_eq!(shown(6, &Cell::Int(n)), text::format_int(n).len(), "{n}");
        assert_eq!(shown(15, &Cell::Money(n)), text::format_int(n).len(), "{n}");
        assert_eq!(shown(2, &Cell::Int(n)), n.to_string().len(), "{n}");
    }
}

#[test]
fn a_book_of_no_rows_is_the_reference_s() {
    let head = head();
    let e = same(&book(&head, &[], some_notes()));
    assert!(entry(&e, "xl/worksheets/sheet1.xml").contains("<dimension ref=\"A1:AF1\"/>"));
}

#[test]
fn a_book_of_one_row_is_the_reference_s() {
    let head = head();
    let rows = vec![full_row(1)];
    same(&book(&head, &rows, some_notes()));
}

#[test]
fn a_book_of_the_whole_site_is_the_reference_s() {
    let head = head();
    let rows: Vec<Vec<Cell>> = (0..4125).map(full_row).collect();
    let e = same(&book(&head, &rows, some_notes()));
    assert!(entry(&e, "xl/worksheets/sheet1.xml").contains("<row r=\"4126\" spans=\"1:32\">"));
}

#[test]
fn a_repeated_string_is_shared_once_and_counted_each_time() {
    let head = vec!["Tên [name]".to_string()];
    let rows = vec![
        vec![Cell::Text("Đại Từ".into())],
        vec![Cell::Text("Đại Từ".into())],
        vec![Cell::Text("Tên [name]".into())],
    ];
    let e = same(&book(&head, &rows, vec![("Đại Từ".into(), false)]));
    let sst = entry(&e, "xl/sharedStrings.xml");
    assert!(sst.contains("count=\"5\" uniqueCount=\"2\""), "{sst}");
}

#[test]
fn a_very_wide_column_is_capped_at_60_characters() {
    let head = vec!["A [a]".to_string(), "B [b]".to_string()];
    let rows = vec![vec![Cell::Text("x".repeat(500)), Cell::Int(5)]];
    let e = same(&book(&head, &rows, some_notes()));
    let sheet = entry(&e, "xl/worksheets/sheet1.xml");
    assert!(
        sheet.contains("<col min=\"1\" max=\"1\" width=\"60.7109375\""),
        "{sheet}"
    );
}

#[test]
fn escapes_whitespace_and_control_characters_are_the_reference_s() {
    let head = vec![
        "A [a]".to_string(),
        String::new(),
        "_x000D_ [c]".to_string(),
    ];
    let texts = [
        " lề ",
        "a\nb",
        "\tc",
        "x\ry",
        "\u{1}",
        "_x000D_",
        "_x00zz_",
        "_xABCD",
        "<r>rich</r>",
        "\"'&<>",
        "\u{fffe}",
    ];
    let rows: Vec<Vec<Cell>> = texts
        .iter()
        .map(|t| {
            vec![
                Cell::Text(t.to_string()),
                Cell::Empty,
                Cell::Text(String::new()),
            ]
        })
        .collect();
    same(&book(&head, &rows, vec![(" x ".into(), true)]));
}

#[test]
fn numbers_are_written_as_rust_xlsxwriter_writes_an_f64() {
    let head = vec![
        "A [a]".to_string(),
        "B [b]".to_string(),
        "C [c]".to_string(),
    ];
    let rows = vec![
        vec![Cell::Int(0), Cell::Points(-0.0), Cell::Percent(-0.0)],
        vec![
            Cell::Int(u64::MAX),
            Cell::Money(u64::MAX),
            Cell::Points(-2.0),
        ],
        vec![
            Cell::Int(1 << 53),
            Cell::Money((1 << 53) + 1),
            Cell::Percent(1e-9),
        ],
        vec![Cell::Int(7), Cell::Points(1e300), Cell::Percent(-250.0)],
        vec![
            Cell::Date(jiff::civil::date(1900, 1, 1)),
            Cell::Date(jiff::civil::date(1900, 3, 1)),
            Cell::Date(jiff::civil::date(9999, 12, 31)),
        ],
    ];
    same(&book(&head, &rows, some_notes()));
}

#[test]
fn what_the_fast_path_leaves_to_the_reference() {
    let head = head();
    for cell in [
        Cell::Percent(f64::NAN),
        Cell::Points(f64::INFINITY),
        Cell::Date(jiff::civil::date(1899, 12, 31)),
    ] {
        let rows = vec![vec![cell]];
        let b = book(&head, &rows, some_notes());
        assert!(package::fast(&b).is_none());
        let via = package::write(&b).map_err(|e| e.to_string());
        assert_eq!(via, reference::write(&b).map_err(|e| e.to_string()));
    }
}

/// Pieces of texts: Vietnamese, XML's specials, whitespace, Excel's escapes.
const PIECES: [&str; 14] = [
    "Đại Từ",
    "thi hành án",
    "ữ",
    " ",
    "&",
    "<",
    ">",
    "\"'",
    "\n",
    "\t",
    "_x000D_",
    "_x",
    "00AF_",
    "1.250",
];

fn text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES.to_vec()), 0..5)
        .prop_map(|v| v.concat())
}

fn date() -> impl Strategy<Value = jiff::civil::Date> {
    (1900i16..2101, 1i8..13, 1i8..29).prop_map(|(y, m, d)| jiff::civil::date(y, m, d))
}

/// A cell of column `c`: mostly of its kind, sometimes empty, sometimes of any kind.
fn cell(c: usize) -> BoxedStrategy<Cell> {
    let percent = prop_oneof![
        (-100_000i64..100_000).prop_map(|n| n as f64 / 100.0),
        -1e6f64..1e6,
    ];
    let other = prop_oneof![
        Just(Cell::Empty),
        text().prop_map(Cell::Text),
        any::<u64>().prop_map(Cell::Int),
        any::<u64>().prop_map(Cell::Money),
        percent.clone().prop_map(Cell::Percent),
        percent.clone().prop_map(Cell::Points),
        any::<bool>().prop_map(Cell::Bool),
        date().prop_map(Cell::Date),
    ];
    let kind: BoxedStrategy<Cell> = match c {
        0 | 1 | 30 | 31 => text().prop_map(Cell::Text).boxed(),
        2 | 3 | 6..=8 | 24..=28 => (0u64..10_000_000).prop_map(Cell::Int).boxed(),
        4 | 5 | 29 => date().prop_map(Cell::Date).boxed(),
        9..=11 | 18..=20 => percent.prop_map(Cell::Percent).boxed(),
        12 | 14 | 21 | 23 => any::<bool>().prop_map(Cell::Bool).boxed(),
        13 | 22 => percent.prop_map(Cell::Points).boxed(),
        _ => (0u64..100_000_000_000_000).prop_map(Cell::Money).boxed(),
    };
    prop_oneof![6 => kind, 2 => Just(Cell::Empty), 1 => other].boxed()
}

fn row() -> impl Strategy<Value = Vec<Cell>> {
    (0..COLUMNS.len()).map(cell).collect::<Vec<_>>()
}

proptest! {
    #[test]
    fn the_bound_of_a_width_is_never_below_it(v in -1e16f64..1e16, n in any::<u64>(), t in text()) {
        for (c, cell) in [
            (9, Cell::Percent(v)),
            (13, Cell::Points(v)),
            (9, Cell::Percent((v * 1000.0).round() / 1000.0)),
            (6, Cell::Int(n)),
            (2, Cell::Int(n)),
            (15, Cell::Money(n)),
            (0, Cell::Text(t)),
        ] {
            prop_assert!(at_most(&cell) >= shown(c, &cell), "{cell:?}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn the_fast_path_writes_the_reference_s_package(
        rows in proptest::collection::vec(row(), 0..40),
        notes in proptest::collection::vec((text(), any::<bool>()), 0..8),
        created in date(),
    ) {
        let head = head();
        let mut b = book(&head, &rows, notes);
        b.created = created;
        same(&b);
    }
}
