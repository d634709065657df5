//! Same content and options → byte-identical output (SPEC §9), whatever the Unicode
//! normalization or line endings of the source files (SPEC §9: read as UTF-8, normalized to NFC;
//! BOM and CRLF accepted).

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::support::{TempSite, example, fixture, read_tree};

fn build(site: &TempSite, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    site.build(extra).expect_code(0);
    read_tree(&site.out())
}

/// Rewrite every YAML and Markdown file of `content/` with `f`.
fn rewrite_sources(content: &Path, f: &dyn Fn(&str) -> Vec<u8>) -> usize {
    let mut n = 0;
    for (rel, bytes) in read_tree(content) {
        if rel.ends_with(".yaml") || rel.ends_with(".md") {
            let text = String::from_utf8(bytes).expect("fixture is UTF-8");
            fs::write(content.join(&rel), f(&text)).unwrap();
            n += 1;
        }
    }
    n
}

#[track_caller]
fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let paths_a: Vec<&String> = a.keys().collect();
    let paths_b: Vec<&String> = b.keys().collect();
    assert_eq!(paths_a, paths_b, "different sets of files");
    for (path, bytes) in a {
        assert!(b[path] == *bytes, "{path} differs");
    }
}

#[test]
fn two_builds_of_the_example_are_byte_identical() {
    let (one, two) = (example(), example());
    for extra in [&[][..], &["--drafts", "--audience", "internal"]] {
        let a = build(&one, extra);
        let b = build(&two, extra);
        assert!(a.len() > 30);
        assert_same_tree(&a, &b);
    }
}

#[test]
fn nfd_sources_build_the_same_site_as_nfc() {
    let nfc = example();
    let nfd = example();
    let changed = rewrite_sources(&nfd.content(), &|t| {
        let d: String = t.nfd().collect();
        d.into_bytes()
    });
    assert!(changed >= 10);
    // The copy really is different on disk.
    let sample = fs::read(nfd.content().join("units/units.yaml")).unwrap();
    assert_ne!(
        sample,
        fs::read(nfc.content().join("units/units.yaml")).unwrap()
    );
    assert_same_tree(&build(&nfc, &[]), &build(&nfd, &[]));
}

#[test]
fn bom_and_crlf_sources_build_the_same_site() {
    let plain = fixture("snapshot");
    let windows = fixture("snapshot");
    rewrite_sources(&windows.content(), &|t| {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend(t.replace('\n', "\r\n").into_bytes());
        b
    });
    assert_same_tree(&build(&plain, &[]), &build(&windows, &[]));
}
