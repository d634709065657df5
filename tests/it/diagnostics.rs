//! Diagnostics (SPEC §9): every fixture under `tests/fixtures/invalid/<case>/` holds exactly one
//! fault; its `expected.txt` names where bantin must point and what it must say:
//!
//! ```text
//! content/stats/dai-tu.yaml:7:18        file:line:col of the offending token
//! is greater than `eligible`            a substring of the message
//! severity: warning                     optional (default: error)
//! exit: 0                               optional exit code of `check` (default: 1 for errors, 0 for warnings)
//! strict_exit: 1                        optional exit code of `check --strict`
//! hint: did you mean `kind`?            optional substring of the `help:` line
//! quote: none                           optional: the line cannot be quoted (not valid UTF-8)
//! bug: …                                optional: bantin gets this case wrong today (see the ignored tests)
//! ```
//!
//! The expectations were checked by hand against the files: a position that bantin gets wrong is
//! recorded as a bug, not copied.

use std::fs;

use crate::support::{Diag, Run, TempSite, col_of, fixture, fixture_path};

#[derive(Debug)]
struct Expected {
    location: String,
    message: String,
    severity: String,
    exit: i32,
    strict_exit: Option<i32>,
    hint: Option<String>,
    quote: bool,
    bug: Option<String>,
}

fn expected(case: &str) -> Expected {
    let path = fixture_path(&format!("invalid/{case}/expected.txt"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let location = lines.next().expect("location line").trim().to_string();
    let message = lines.next().expect("message line").trim().to_string();
    let mut e = Expected {
        location,
        message,
        severity: "error".into(),
        exit: 1,
        strict_exit: None,
        hint: None,
        quote: true,
        bug: None,
    };
    let mut exit = None;
    for line in lines.filter(|l| !l.trim().is_empty()) {
        let (k, v) = line
            .split_once(": ")
            .unwrap_or_else(|| panic!("{case}: bad line {line:?}"));
        match k {
            "severity" => e.severity = v.to_string(),
            "exit" => exit = Some(v.parse().expect("exit code")),
            "strict_exit" => e.strict_exit = Some(v.parse().expect("exit code")),
            "hint" => e.hint = Some(v.to_string()),
            "quote" => e.quote = v != "none",
            "bug" => e.bug = Some(v.to_string()),
            other => panic!("{case}: unknown key {other}"),
        }
    }
    e.exit = exit.unwrap_or(if e.severity == "warning" { 0 } else { 1 });
    e
}

fn invalid_cases() -> Vec<String> {
    crate::support::fixture_cases("invalid")
}

/// Run `check` (and `check --strict`, and `build`) on one invalid fixture; all mismatches.
fn check_case(case: &str) -> Result<(), String> {
    let exp = expected(case);
    let site = fixture(&format!("invalid/{case}"));
    let r = site.check(&[]);
    let mut problems = Vec::new();
    if r.code != exp.exit {
        problems.push(format!("exit code {} (expected {})", r.code, exp.exit));
    }
    let diags = r.diagnostics();
    if diags.len() != 1 {
        problems.push(format!(
            "{} diagnostics for one fault (expected exactly 1)",
            diags.len()
        ));
    }
    match diags.iter().find(|d| d.message.contains(&exp.message)) {
        None => problems.push(format!("no diagnostic says {:?}", exp.message)),
        Some(d) => problems.extend(compare(d, &exp)),
    }
    let counts = if exp.severity == "warning" {
        "0 errors, 1 warning"
    } else {
        "1 error, 0 warnings; nothing was written"
    };
    if !r.last_line().starts_with(counts) && !r.last_line().contains(&format!("; {counts}")) {
        problems.push(format!(
            "count line {:?} (expected {counts:?})",
            r.last_line()
        ));
    }
    if let Some(code) = exp.strict_exit {
        let strict = site.check(&["--strict"]);
        if strict.code != code {
            problems.push(format!(
                "check --strict exit {} (expected {code})",
                strict.code
            ));
        }
    }
    problems.extend(build_agrees(&site, &r, &exp));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{case}:\n  - {}\n--- stderr of `check`:\n{}",
            problems.join("\n  - "),
            r.stderr
        ))
    }
}

fn compare(d: &Diag, exp: &Expected) -> Vec<String> {
    let mut p = Vec::new();
    if d.severity != exp.severity {
        p.push(format!(
            "severity {} (expected {})",
            d.severity, exp.severity
        ));
    }
    if d.location != exp.location {
        p.push(format!(
            "location {} (expected {})",
            d.location, exp.location
        ));
    }
    if let Some(h) = &exp.hint
        && !d.hint.as_deref().unwrap_or("").contains(h.as_str())
    {
        p.push(format!("hint {:?} lacks {h:?}", d.hint));
    }
    if exp.quote {
        match (&d.quoted, d.caret_col) {
            (None, _) => p.push("the offending line is not quoted".into()),
            (Some(_), None) => p.push("no caret under the quoted line".into()),
            (Some(_), Some(c)) if Some(c) != col_of(&d.location) => p.push(format!(
                "caret at column {c} but location says {}",
                d.location
            )),
            _ => {}
        }
    }
    p
}

/// `build` reports exactly what `check` reported (SPEC §1) and, on errors, writes nothing.
fn build_agrees(site: &TempSite, check: &Run, exp: &Expected) -> Vec<String> {
    let b = site.build(&[]);
    let mut p = Vec::new();
    if b.code != exp.exit {
        p.push(format!("build exit {} (expected {})", b.code, exp.exit));
    }
    if b.diagnostics() != check.diagnostics() {
        p.push(format!("build reports other diagnostics:\n{}", b.stderr));
    }
    if exp.exit != 0 && site.out().exists() {
        p.push("a failed build created the output folder".into());
    }
    if exp.exit == 0 && !site.out().join("index.html").is_file() {
        p.push("a build with only warnings wrote no site".into());
    }
    p
}

#[test]
fn every_invalid_fixture_reports_its_one_fault_where_it_is() {
    let cases = invalid_cases();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in &cases {
        if expected(case).bug.is_some() {
            continue;
        }
        checked += 1;
        if let Err(e) = check_case(case) {
            failures.push(e);
        }
    }
    assert!(
        checked >= 25,
        "only {checked} invalid fixtures were checked"
    );
    assert!(
        failures.is_empty(),
        "{} of {checked} invalid fixtures failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn no_fixture_is_marked_as_a_known_bug() {
    // A fixture marks a known bug with a `bug:` line; fixed bugs move to the data-driven test.
    let marked: Vec<String> = invalid_cases()
        .into_iter()
        .filter(|c| expected(c).bug.is_some())
        .collect();
    assert!(marked.is_empty(), "known bugs: {marked:?}");
}

#[test]
fn expected_files_are_well_formed() {
    for case in invalid_cases() {
        let e = expected(&case);
        let (file, line_col) = e.location.split_once(':').expect("file:line:col");
        assert!(
            fixture_path(&format!("invalid/{case}/{file}")).is_file(),
            "{case}: {file} does not exist"
        );
        let mut parts = line_col.split(':');
        let line: usize = parts.next().unwrap().parse().expect("line");
        let col: usize = parts.next().unwrap().parse().expect("col");
        assert!(line >= 1 && col >= 1, "{case}: positions are 1-based");
        assert!(!e.message.is_empty());
    }
}

// ---- the rules whose fixtures record a column bug, checked here on what bantin gets right ----

#[track_caller]
fn only_diag(r: &Run) -> Diag {
    let d = r.diagnostics_but_example_gps();
    assert_eq!(d.len(), 1, "{}", r.stderr);
    d[0].clone()
}

#[test]
fn tab_indentation_is_an_error_on_its_line_with_a_hint() {
    let r = fixture("invalid/tab_indentation").check(&[]);
    r.expect_code(1);
    let d = only_diag(&r);
    assert!(
        d.location.starts_with("content/stats/dai-tu.yaml:5:"),
        "{}",
        d.location
    );
    assert!(d.message.contains("tab"), "{}", d.message);
    assert!(d.hint.unwrap().contains("spaces"));
}

#[test]
fn non_utf8_bytes_are_an_error_naming_the_offset() {
    let r = fixture("invalid/non_utf8").check(&[]);
    r.expect_code(1);
    let d = only_diag(&r);
    assert!(
        d.location
            .starts_with("content/directives/directives.yaml:3:")
    );
    assert!(d.message.contains("not valid UTF-8"), "{}", d.message);
    assert!(d.message.contains("offset 57"), "{}", d.message);
    assert!(d.hint.unwrap().contains("UTF-8"));
}

#[test]
fn legacy_encoded_bytes_say_tcvn3() {
    let r = fixture("invalid/legacy_encoding_bytes").check(&[]);
    r.expect_code(1);
    let d = only_diag(&r);
    assert!(
        d.location
            .starts_with("content/articles/2024/bai-viet.md:6:")
    );
    assert!(
        d.message.contains("offset 45") && d.message.contains("TCVN3"),
        "{}",
        d.message
    );
    assert!(d.hint.unwrap().contains("UniKey"));
}

#[test]
fn tcvn3_text_pasted_as_unicode_is_recognised() {
    let r = fixture("invalid/tcvn3_text").check(&[]);
    r.expect_code(1);
    let d = only_diag(&r);
    assert!(
        d.location
            .starts_with("content/articles/2024/bai-viet.md:6:")
    );
    assert!(d.message.contains("TCVN3"), "{}", d.message);
}

#[test]
fn a_public_record_referring_to_an_internal_one_is_an_error() {
    let site = fixture("invalid/internal_reference_leak");
    let r = site.check(&[]);
    r.expect_code(1);
    let d = only_diag(&r);
    assert!(d.location.starts_with("content/articles/2024/bai-viet.md:"));
    assert!(d.message.contains("internal directive `33-ct-tu-2020`"));
    // The internal build has no such problem.
    site.check(&["--audience", "internal"]).expect_code(0);
}

#[test]
fn a_dangling_lead_unit_is_an_error_with_a_suggestion() {
    let r = fixture("invalid/dangling_site_unit").check(&[]);
    r.expect_code(1);
    let d = only_diag(&r);
    assert!(d.location.starts_with("content/site.yaml:"));
    assert!(d.message.contains("no unit with id `dai-tuu`"));
    assert_eq!(d.hint.as_deref(), Some("did you mean `dai-tu`?"));
}

#[test]
fn a_broken_site_template_is_an_error_in_that_template() {
    let r = fixture("invalid/template_syntax").check(&[]);
    r.expect_code(1);
    let d = only_diag(&r);
    assert!(
        d.location.starts_with("templates/tags.html:3:"),
        "{}",
        d.location
    );
}

// ---- regressions: bugs found by this suite, fixed ----

#[test]
fn regression_dangling_lead_unit_points_at_the_unit_value() {
    check_case("dangling_site_unit").unwrap();
}

#[test]
fn regression_internal_reference_points_at_the_reference() {
    check_case("internal_reference_leak").unwrap();
}

#[test]
fn regression_invalid_utf8_column_is_one_based() {
    check_case("non_utf8").unwrap();
}

#[test]
fn regression_legacy_bytes_column_is_one_based() {
    check_case("legacy_encoding_bytes").unwrap();
}

#[test]
fn regression_tcvn3_text_is_quoted_at_its_first_garbled_word() {
    check_case("tcvn3_text").unwrap();
}

#[test]
fn regression_tab_error_points_at_the_tab() {
    check_case("tab_indentation").unwrap();
}

#[test]
fn regression_template_error_column_is_one_based() {
    check_case("template_syntax").unwrap();
}

#[test]
fn regression_caret_underlines_the_whole_quoted_value() {
    let r = fixture("invalid/ambiguous_number").check(&[]);
    let d = only_diag(&r);
    assert_eq!(d.quoted.as_deref(), Some("      total: \"1,234.5\""));
    assert_eq!(d.caret_col, Some(14));
    assert_eq!(d.caret_len, "\"1,234.5\"".len(), "{}", r.stderr);
}

// ---- a run reports everything, errors first ----

#[test]
fn two_faults_in_two_files_are_both_reported_errors_before_warnings() {
    let site = fixture("two_faults");
    let r = site.check(&[]);
    r.expect_code(1);
    let d = r.diagnostics();
    let got: Vec<(&str, &str)> = d
        .iter()
        .map(|d| (d.severity.as_str(), d.location.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("error", "content/directives/directives.yaml:2:9"),
            ("error", "content/stats/dai-tu.yaml:7:18"),
            // The article sorts first by name, but warnings come after every error.
            ("warning", "content/articles/2024/bai-viet.md:7:16"),
        ],
        "{}",
        r.stderr
    );
    assert!(d[0].message.contains("`31/02/2024` is not a valid date"));
    assert!(d[1].message.contains("is greater than `eligible`"));
    assert!(d[2].message.contains("names `Nguyễn Thị Hải` in full"));
    assert_eq!(d[2].hint.as_deref(), Some("write `N.T.H.` instead"));
    assert!(
        r.last_line()
            .starts_with("2 errors, 1 warning; nothing was written"),
        "{}",
        r.last_line()
    );
    // `build` says the same and writes nothing.
    let b = site.build(&[]);
    b.expect_code(1);
    assert_eq!(b.diagnostics(), d);
    assert!(!site.out().exists());
}

#[test]
fn diagnostics_read_like_a_compiler() {
    let r = fixture("invalid/completed_gt_eligible").check(&[]);
    let expected = [
        "error: `completed` (1.280) is greater than `eligible` (1.208)",
        " --> content/stats/dai-tu.yaml:7:18",
        "  |",
        "7 |       completed: 1280",
        "  |                  ^^^^",
        "  |",
    ];
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines[..expected.len()], expected, "{}", r.stderr);
    assert!(lines[expected.len()].starts_with("help: "), "{}", r.stderr);
    assert!(
        r.stdout.is_empty(),
        "diagnostics go to stderr: {}",
        r.stdout
    );
}

#[test]
fn warnings_pass_check_and_build_but_fail_check_strict() {
    let site = fixture("invalid/rate_mismatch");
    let r = site.check(&[]);
    r.expect_code(0);
    assert!(
        r.last_line().contains("0 errors, 1 warning"),
        "{}",
        r.last_line()
    );

    let strict = site.check(&["--strict"]);
    strict.expect_code(1);
    assert_eq!(strict.diagnostics(), r.diagnostics());
    assert!(
        strict
            .last_line()
            .starts_with("0 errors, 1 warning; nothing was written"),
        "{}",
        strict.last_line()
    );

    let b = site.build(&[]);
    b.expect_code(0);
    assert!(
        b.stderr.starts_with("warning: stated rate 91,07%"),
        "{}",
        b.stderr
    );
    // The page shows the published rate with the recomputed one in a note (SPEC §3.3).
    let page = fs::read_to_string(site.out().join("thong-ke/dai-tu/index.html")).unwrap();
    assert!(page.contains("91,07%"), "published rate shown");
    assert!(page.contains("90,07%"), "recomputed rate shown");
    assert!(page.contains("tính lại"), "the note says it was recomputed");
}

#[test]
fn bom_and_crlf_do_not_move_positions() {
    let site = fixture("invalid/invalid_date");
    let file = site.content().join("directives/directives.yaml");
    let text = fs::read_to_string(&file).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.replace('\n', "\r\n").into_bytes());
    fs::write(&file, bytes).unwrap();
    let r = site.check(&[]);
    r.expect_code(1);
    let d = only_diag(&r);
    assert_eq!(d.location, "content/directives/directives.yaml:2:9");
    assert_eq!(d.quoted.as_deref(), Some("  date: 31/02/2024"));
    assert_eq!(d.caret_col, Some(9));
}

#[test]
fn unknown_files_in_content_are_a_warning_not_silence() {
    let site = fixture("snapshot");
    fs::write(site.content().join("ghi-chu.txt"), "nháp\n").unwrap();
    let r = site.check(&[]);
    r.expect_code(0);
    let d = only_diag(&r);
    assert_eq!(d.severity, "warning");
    assert!(d.location.starts_with("content/ghi-chu.txt:1:"));
    assert!(d.message.contains("ignored"), "{}", d.message);
}

// ---- the article card, rendered once for every list ----

/// The example site with `templates/partials/article_item.html` overridden by `item`.
fn example_with_item(item: &str) -> TempSite {
    let site = crate::support::example();
    let dir = site.root.join("templates/partials");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("article_item.html"), item).unwrap();
    site
}

#[test]
fn an_overridden_article_item_is_what_every_list_shows_with_links_from_each_page() {
    let site = example_with_item(
        "<li class=\"mine\"><a href=\"{{ root }}{{ a.url }}\">{{ a.title }}</a></li>\n",
    );
    site.build(&[]).expect_code(0);
    let out = site.out();
    let read = |rel: &str| fs::read_to_string(out.join(rel)).unwrap();
    let home = read("index.html");
    assert!(
        home.contains("<li class=\"mine\"><a href=\"tin-tuc/"),
        "{home}"
    );
    assert!(!home.contains("class=\"article-item\""));
    for page in [
        "tin-tuc/index.html",
        "the/dai-tu/index.html",
        "don-vi/dai-tu/index.html",
    ] {
        let html = read(page);
        let depth = page.matches('/').count();
        let link = format!(
            "<li class=\"mine\"><a href=\"{}tin-tuc/",
            "../".repeat(depth)
        );
        assert!(html.contains(&link), "{page}: no {link}");
    }
}

#[test]
fn an_error_in_the_article_item_template_is_reported_once_and_nothing_is_written() {
    let site = example_with_item("<li>{{ a.title }}</li>\n<li>{{ a.nothing.deeper }}</li>\n");
    let r = site.build(&[]);
    r.expect_code(1);
    let d = only_diag(&r);
    assert!(
        d.location
            .starts_with("templates/partials/article_item.html:2:"),
        "{}",
        r.stderr
    );
    assert!(!site.out().exists());
}

/// Issue 15, finding 2: a cycle of parents passed `check` with 0 errors. Every record of a loop
/// (parents, successors, directives implementing each other) is an error at its own value.
#[test]
fn loops_of_parents_successors_and_implements_are_errors_at_every_value_of_the_loop() {
    let site = fixture("cycles");
    let r = site.check(&[]);
    r.expect_code(1);
    let found: Vec<(String, String)> = r
        .diagnostics()
        .into_iter()
        .map(|d| (d.location, d.message))
        .collect();
    let dirs = "A loop of directives implementing each other runs through `33-CT/TU`, `121-CV/HU` \
                and `53/KH-UBND`: `33-CT/TU` → `53/KH-UBND` → `121-CV/HU` → `33-CT/TU`";
    let parents = "A cycle of parents runs through `dai-tu` and `thai-nguyen`: \
                   `dai-tu` → `thai-nguyen` → `dai-tu`";
    let successors =
        "A cycle of successors runs through `kv2` and `phu-luong`: `kv2` → `phu-luong` → `kv2`";
    let expected: Vec<(String, String)> = [
        ("content/directives/directives.yaml:6:16", dirs),
        ("content/directives/directives.yaml:11:16", dirs),
        ("content/directives/directives.yaml:16:16", dirs),
        ("content/units/units.yaml:5:11", parents),
        ("content/units/units.yaml:9:11", parents),
        ("content/units/units.yaml:15:14", successors),
        ("content/units/units.yaml:21:14", successors),
    ]
    .into_iter()
    .map(|(l, m)| (l.to_string(), m.to_string()))
    .collect();
    assert_eq!(found, expected, "{}", r.stderr);
}

/// Issue 15, finding 8: a static file named `a:b.txt` or `x\y.txt` passed `check` and failed
/// `build` with exit 2 and no position. The output path rules run in both, before anything is
/// written, and name the file.
#[test]
fn check_and_build_agree_on_static_files_that_cannot_be_published() {
    let site = crate::support::example();
    let statics = site.content().join("static");
    for name in ["a:b.txt", "x\\y.txt", "thong-ke"] {
        fs::write(statics.join(name), "x").unwrap();
    }
    fs::create_dir_all(statics.join("index.html")).unwrap();
    fs::write(statics.join("index.html/z.txt"), "x").unwrap();
    let check = site.check(&[]);
    check.expect_code(1);
    let found: Vec<(String, String)> = check
        .diagnostics_but_example_gps()
        .into_iter()
        .map(|d| (d.location, d.message))
        .collect();
    let at = |f: &str| format!("content/static/{f}:1:1");
    let unsafe_name = "cannot be a file of the published site";
    assert_eq!(found.len(), 4, "{}", check.stderr);
    for (i, (file, says)) in [
        ("a:b.txt", unsafe_name),
        (
            "index.html/z.txt",
            "would be inside a folder named `index.html`",
        ),
        (
            "thong-ke",
            "would be a file where the site needs a folder of that name",
        ),
        ("x\\y.txt", unsafe_name),
    ]
    .into_iter()
    .enumerate()
    {
        assert_eq!(found[i].0, at(file));
        assert!(found[i].1.contains(says), "{}", found[i].1);
    }
    let build = site.build(&[]);
    build.expect_code(1);
    assert_eq!(build.diagnostics(), check.diagnostics());
    assert!(
        !site.out().exists(),
        "a failed build created the output folder"
    );
}
