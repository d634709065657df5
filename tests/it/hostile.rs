//! Issue 15: active HTML never reaches a published page. Every fixture under
//! `tests/fixtures/hostile/<case>/` is a site whose articles, directive summaries or case
//! commendations hold what authors paste from Word, web pages and e-mails, and what an attacker
//! would write. Its `expected.txt` lists, one a line, every diagnostic `bantin check` must give:
//!
//! ```text
//! error content/articles/2024/bai-viet.md:6:18 event handler `onerror`
//! ^severity ^file:line:col (checked by hand)   ^a substring of the message
//! ```
//!
//! in the order bantin reports them (errors first, each group by position). Positions inside
//! directive summaries and case commendations are file positions too: after a block scalar's
//! indentation, after a quoted value's opening quote.

use std::collections::BTreeSet;
use std::fs;
use std::path::PathBuf;

use bantin::model::Audience;

use crate::support::{fixture, fixture_path};

fn cases() -> Vec<String> {
    crate::support::fixture_cases("hostile")
}

/// (severity, location as bantin reports it, message substring) of each expected diagnostic.
fn expected(case: &str) -> Vec<(String, String, String)> {
    let path = fixture_path(&format!("hostile/{case}/expected.txt"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let severity = parts.next().unwrap().to_string();
            let location = parts.next().expect("location").to_string();
            let message = parts.next().unwrap_or("").to_string();
            (severity, location, message)
        })
        .collect()
}

#[test]
fn hostile_every_construct_is_reported_where_it_is_written_and_nothing_is_written() {
    let mut failures = Vec::new();
    let mut total = 0;
    for case in cases() {
        let want = expected(&case);
        total += want.len();
        let site = fixture(&format!("hostile/{case}"));
        let r = site.check(&[]);
        let got = r.diagnostics();
        let mut problems = Vec::new();
        if r.code != 1 {
            problems.push(format!("exit code {} (expected 1)", r.code));
        }
        let got_places: Vec<(String, String)> = got
            .iter()
            .map(|d| (d.severity.clone(), d.location.clone()))
            .collect();
        let want_places: Vec<(String, String)> = want
            .iter()
            .map(|(s, l, _)| (s.clone(), l.clone()))
            .collect();
        if got_places != want_places {
            problems.push(format!(
                "diagnostics at\n{}\nexpected at\n{}",
                got_places
                    .iter()
                    .map(|(s, l)| format!("    {s} {l}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
                want_places
                    .iter()
                    .map(|(s, l)| format!("    {s} {l}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ));
        } else {
            for (d, (_, _, message)) in got.iter().zip(&want) {
                if !d.message.contains(message.as_str()) {
                    problems.push(format!("{}: {:?} lacks {message:?}", d.location, d.message));
                }
                if d.hint.is_none() {
                    problems.push(format!("{}: no hint", d.location));
                }
            }
        }
        let b = site.build(&[]);
        if b.code != 1 || site.out().exists() {
            problems.push(format!(
                "build exit {} and wrote output: {}",
                b.code,
                site.out().exists()
            ));
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{case}:\n  - {}\n--- stderr:\n{}",
                problems.join("\n  - "),
                r.stderr
            ));
        }
    }
    assert!(total >= 60, "only {total} hostile constructs");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The files of a fixture, as `render_unchecked` takes them.
fn files_of(case: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = fixture_path(&format!("hostile/{case}"));
    let mut out = Vec::new();
    let mut stack = vec![root.join("content")];
    while let Some(dir) = stack.pop() {
        for e in fs::read_dir(&dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(&root).unwrap().to_path_buf();
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// What the theme itself writes that the page check would flag, by page (the search page's form
/// and its `onsubmit="return false"`): found in a clean site, so that only what content adds
/// counts.
fn theme_baseline() -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for audience in [Audience::Public, Audience::Internal] {
        for f in bantin::fuzzing::render_unchecked(bantin::fuzzing::minimal_site(), audience) {
            if f.path.ends_with(".html") {
                let html = String::from_utf8_lossy(&f.bytes);
                for breach in bantin::sanitize::inspect::active_content_in_page(&html) {
                    out.insert((f.path.clone(), breach));
                }
            }
        }
    }
    out
}

#[test]
fn hostile_no_output_file_carries_active_content_even_when_rendered_despite_errors() {
    let baseline = theme_baseline();
    assert!(
        baseline
            .iter()
            .all(|(page, _)| page == "tim-kiem/index.html"),
        "the theme itself has active content outside its search form: {baseline:?}"
    );
    let mut failures = Vec::new();
    let mut pages = 0;
    for case in cases() {
        for audience in [Audience::Public, Audience::Internal] {
            let outputs = bantin::fuzzing::render_unchecked(files_of(&case), audience);
            assert!(!outputs.is_empty(), "{case}: nothing rendered");
            if case == "reviewer" {
                // The hostile article itself was rendered, with its harmless text.
                let page = outputs
                    .iter()
                    .find(|f| f.path.starts_with("tin-tuc/bai-co-ma-doc/"))
                    .expect("the reviewer's article page");
                let html = String::from_utf8_lossy(&page.bytes);
                assert!(html.contains("bấm") && html.contains("Hết."), "{html}");
            }
            for f in outputs {
                let name = f.path.clone();
                if !name.ends_with(".html") {
                    continue;
                }
                pages += 1;
                let html = String::from_utf8_lossy(&f.bytes);
                // Parsed as a browser parses it (html5ever), not searched for strings.
                for breach in bantin::sanitize::inspect::active_content_in_page(&html) {
                    if !baseline.contains(&(name.clone(), breach.clone())) {
                        failures.push(format!("{case} ({audience:?}) {name}: {breach}"));
                    }
                }
            }
        }
    }
    assert!(pages > 50, "only {pages} pages");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hostile_the_page_checker_sees_what_it_must() {
    let page = "<!DOCTYPE html><html><head><script src=\"x.js\"></script><link rel=stylesheet href=\"//e/x.css\"></head>\
                <body><p onclick=x>a</p><a href=\"javascript:x\">b</a><img src=\"https://e/a.png\"><script>x</script></body></html>";
    assert_eq!(
        bantin::sanitize::inspect::active_content_in_page(page).len(),
        6
    );
}
