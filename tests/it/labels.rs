//! Issue 18: every word a reader sees is in a template or in the one file of Vietnamese labels,
//! `templates/labels.toml`, never in a Rust string literal; a site changes a label with its own
//! `templates/labels.toml`.

use std::fs;
use std::path::Path;

use crate::support::{fixture, read_text, repo_root};

/// The folders whose Rust builds what a reader sees (pages, views, the search index, charts, the
/// model's names of things). Test files and `#[cfg(test)]` items are left out.
const READER_VISIBLE_SOURCES: &[&str] = &[
    "src/render",
    "src/briefing",
    "crates/charts/src",
    "crates/model/src",
];

/// String literals allowed to hold Vietnamese letters in those folders: (file, literal). Keep it
/// tiny; a word a reader sees belongs in templates/labels.toml.
const ALLOWED: &[(&str, &str)] = &[];

#[test]
fn reader_visible_words_live_in_the_labels_file() {
    let mut files = Vec::new();
    for dir in READER_VISIBLE_SOURCES {
        rust_files(&repo_root().join(dir), &mut files);
    }
    assert!(files.len() > 20, "the scan found only {files:?}");
    let mut literals = 0;
    let mut found = Vec::new();
    for file in &files {
        let rel = file
            .strip_prefix(repo_root())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let src = fs::read_to_string(file).unwrap();
        for (line, lit) in string_literals(&src) {
            literals += 1;
            if has_vietnamese_letter(&lit) && !ALLOWED.contains(&(rel.as_str(), lit.as_str())) {
                found.push(format!("{rel}:{line}: \"{lit}\""));
            }
        }
    }
    assert!(
        literals > 200,
        "the scan found only {literals} string literals"
    );
    assert!(
        found.is_empty(),
        "Vietnamese words in Rust string literals: move them to templates/labels.toml (or a \
         template) and read them through text::labels:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_sees_literals_outside_comments_and_tests() {
    let src = r####"
// "chú thích"
/* "khối /* lồng */ chú thích" */
/// "tài liệu"
fn a() -> &'static str { let _c = '"'; let _d = '\''; "Về việc" }
fn b<'a>(x: &'a str) -> String { format!("{x} – {{}} năm \"{}\"", r#"thô "đ" "#) }
const E: &str = "\u{111}ồng";
#[cfg(test)]
mod tests {
    fn t() { let _ = "Trang chủ"; let _ = '}'; let _ = "}"; }
}
#[cfg(test)]
fn helper() -> &'static str { "không" }
fn c() -> &'static str { "x" }
"####;
    let found: Vec<(usize, String)> = string_literals(src);
    let texts: Vec<&str> = found.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Về việc",
            "{x} – {{}} năm \\\"{}\\\"",
            "thô \"đ\" ",
            "\\u{111}ồng",
            "x"
        ]
    );
    assert_eq!(found[0].0, 5);
    assert!(has_vietnamese_letter("\\u{111}"));
    assert!(has_vietnamese_letter("a\u{301}"));
    assert!(has_vietnamese_letter("ư"));
    assert!(!has_vietnamese_letter("Thi hanh an – 85,71% × 2 · {n}"));
}

#[test]
fn a_site_changes_a_label_with_its_own_labels_file() {
    let site = fixture("snapshot");
    site.build(&[]).expect_code(0);
    let before = read_text(&site.out(), "index.html");
    assert!(before.contains("Trang chủ"), "{before}");
    let templates = site.root.join("templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("labels.toml"),
        "# Only what this site words otherwise.\n[nav]\nhome = \"Trang đầu\"\n\n\
         [chart]\nyear_axis = \"Năm ({unit})\"\nyearly_title = \"Tỷ lệ – {unit}\"\n",
    )
    .unwrap();
    // `{unit}` is not a value the axis title is given: an error at its place.
    let r = site.check(&[]);
    r.expect_code(1);
    let d = r.diagnostics();
    assert_eq!(d.len(), 1, "{}", r.stderr);
    assert_eq!(d[0].location, "templates/labels.toml:6:13", "{}", r.stderr);
    assert!(
        d[0].message
            .contains("label `chart.year_axis` names {unit}, a value it is not given"),
        "{}",
        r.stderr
    );

    fs::write(
        templates.join("labels.toml"),
        "[nav]\nhome = \"Trang đầu\"\n\n[chart]\nyear_axis = \"Năm\"\n",
    )
    .unwrap();
    site.build(&[]).expect_code(0);
    let after = read_text(&site.out(), "index.html");
    assert!(
        after.contains("Trang đầu") && !after.contains("Trang chủ"),
        "{after}"
    );
    // Only the labels it names: the rest of the navigation is the built-in one.
    assert!(after.contains("Tin tức"), "{after}");
    let charts = fs::read_dir(site.out().join("bieu-do")).unwrap();
    let svgs: Vec<String> = charts
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(svgs.iter().any(|s| s.contains(">Năm<")), "{svgs:?}");
    assert!(
        !svgs.iter().any(|s| s.contains("Năm thống kê<")),
        "{svgs:?}"
    );
}

#[test]
fn a_labels_file_with_an_unknown_label_is_an_error_at_that_label() {
    let site = fixture("snapshot");
    let templates = site.root.join("templates");
    fs::create_dir_all(&templates).unwrap();
    fs::write(
        templates.join("labels.toml"),
        "[nav]\nhome = \"Trang đầu\"\nhomepage = \"Trang đầu\"\n",
    )
    .unwrap();
    let r = site.check(&[]);
    r.expect_code(1);
    let d = r.diagnostics();
    assert_eq!(d.len(), 1, "{}", r.stderr);
    assert_eq!(d[0].location, "templates/labels.toml:3:1", "{}", r.stderr);
    assert!(
        d[0].message.contains("unknown field `homepage`"),
        "{}",
        r.stderr
    );
    assert!(d[0].hint.is_some(), "{}", r.stderr);
}

/// Every `.rs` file under `dir` but test files (`tests.rs`, anything under `tests/`).
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if name != "tests" && name != "snapshots" {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") && name != "tests.rs" && !name.ends_with("_tests.rs") {
            out.push(path);
        }
    }
}

/// A Vietnamese letter with a mark (đ, ư, ơ, ă, â, ê, ô, a toned vowel) or a combining mark,
/// written or as a `\u{…}` escape.
fn has_vietnamese_letter(lit: &str) -> bool {
    let marked = |c: char| {
        (('\u{C0}'..='\u{24F}').contains(&c) && c.is_alphabetic())
            || ('\u{1E00}'..='\u{1EFF}').contains(&c)
            || ('\u{300}'..='\u{36F}').contains(&c)
    };
    let escaped = lit.split("\\u{").skip(1).filter_map(|rest| {
        let hex = rest.split('}').next()?;
        char::from_u32(u32::from_str_radix(hex, 16).ok()?)
    });
    lit.chars().any(marked) || escaped.into_iter().any(marked)
}

/// The string literals of Rust source `src` as written (escapes not decoded), with their line,
/// outside comments and outside the item after each `#[cfg(test)]`.
fn string_literals(src: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = src.chars().collect();
    // The source with comments and the insides of literals blanked, to find test items in.
    let mut code: Vec<char> = chars.clone();
    let mut literals: Vec<(usize, usize, String)> = Vec::new(); // (char index, line, text)
    let blank = |code: &mut Vec<char>, from: usize, to: usize| {
        for c in &mut code[from..to] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    };
    let line_of = |i: usize| chars[..i].iter().filter(|&&c| c == '\n').count() + 1;
    let ident = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            let end = (i..chars.len())
                .find(|&j| chars[j] == '\n')
                .unwrap_or(chars.len());
            blank(&mut code, i, end);
            i = end;
        } else if c == '/' && next == Some('*') {
            let (mut depth, mut j) = (0, i);
            while j < chars.len() {
                if chars[j] == '/' && chars.get(j + 1) == Some(&'*') {
                    depth += 1;
                    j += 2;
                } else if chars[j] == '*' && chars.get(j + 1) == Some(&'/') {
                    depth -= 1;
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += 1;
                }
            }
            blank(&mut code, i, j);
            i = j;
        } else if c == 'r'
            && (i == 0 || !ident(chars[i - 1]) || chars[i - 1] == 'b' || chars[i - 1] == 'c')
            && matches!(next, Some('"') | Some('#'))
            && {
                let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
                chars.get(i + 1 + hashes) == Some(&'"')
            }
        {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            let start = i + 2 + hashes;
            let closing: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            let closing: Vec<char> = closing.chars().collect();
            let end = (start..chars.len())
                .find(|&j| chars[j..].starts_with(&closing))
                .unwrap_or(chars.len());
            literals.push((i, line_of(i), chars[start..end].iter().collect()));
            blank(&mut code, start, end);
            i = end + closing.len();
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                j += if chars[j] == '\\' { 2 } else { 1 };
            }
            let end = j.min(chars.len());
            literals.push((i, line_of(i), chars[i + 1..end].iter().collect()));
            blank(&mut code, i + 1, end);
            i = end + 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            let close = if next == Some('\\') {
                // After the backslash and the character it escapes.
                (i + 3..chars.len()).find(|&j| chars[j] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match close {
                Some(end) => {
                    blank(&mut code, i + 1, end);
                    i = end + 1;
                }
                None => i += 1,
            }
        } else {
            i += 1;
        }
    }
    // The items after `#[cfg(test)]`: to the end of their `{…}` block, or their `;`.
    let text: String = code.iter().collect();
    let code_chars: Vec<char> = text.chars().collect();
    let mut skipped: Vec<(usize, usize)> = Vec::new();
    let marker: Vec<char> = "#[cfg(test)]".chars().collect();
    let mut k = 0;
    while k + marker.len() <= code_chars.len() {
        if code_chars[k..].starts_with(&marker) {
            let mut j = k + marker.len();
            let mut depth = 0usize;
            while j < code_chars.len() {
                match code_chars[j] {
                    '{' => depth += 1,
                    '}' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    ';' if depth == 0 => break,
                    _ => {}
                }
                j += 1;
            }
            skipped.push((k, j));
            k = j;
        }
        k += 1;
    }
    literals
        .into_iter()
        .filter(|(at, ..)| !skipped.iter().any(|(a, b)| at > a && at < b))
        .map(|(_, line, text)| (line, text))
        .collect()
}
