//! SPEC §5: nothing internal reaches a public build; an internal build shows everything.

use crate::support::{fixture, read_text, read_tree};

/// Unique strings planted in every kind of internal record and `internal:` field of
/// `tests/fixtures/leak`, and in the full name of a masked party.
const CANARIES: &[&str] = &[
    "CANARY-UNIT-FIELD",          // internal: of a public unit
    "CANARY-UNIT-RECORD",         // an internal unit
    "CANARY-STATS-RECORD",        // an internal year of a public unit
    "CANARY-STATS-FIELD",         // internal: of a public year
    "CANARY-INTERNAL-UNIT-STATS", // figures of an internal unit
    "CANARY-DIRECTIVE-FIELD",     // internal: of a public directive
    "CANARY-DIRECTIVE-RECORD",    // an internal directive
    "Canaryname",                 // a party's full name (masked as initials in public)
    "CANARY-CASE-FIELD",          // internal: of a public case
    "CANARY-CASE-RECORD",         // an internal case
    "CANARY-ARTICLE-FIELD",       // internal: of a public article
    "CANARY-ARTICLE-RECORD",      // an internal article
    "CANARY-INTERNAL-TAG",        // a tag used only by an internal article
    "CANARY-DRAFT",               // a draft
];

fn files_containing(
    tree: &std::collections::BTreeMap<String, Vec<u8>>,
    needle: &str,
) -> Vec<String> {
    let needle = needle.as_bytes();
    let lower = needle.to_ascii_lowercase();
    tree.iter()
        .filter(|(_, bytes)| {
            bytes
                .windows(needle.len())
                .any(|w| w == needle || w == lower.as_slice())
        })
        .map(|(path, _)| path.clone())
        .collect()
}

#[test]
fn public_build_contains_no_canary_in_any_file() {
    let site = fixture("leak");
    site.build(&[]).expect_code(0);
    let tree = read_tree(&site.out());
    assert!(
        tree.len() > 10,
        "the public build wrote {} files",
        tree.len()
    );
    for canary in CANARIES {
        let found = files_containing(&tree, canary);
        assert!(found.is_empty(), "{canary} leaked into {found:?}");
    }
    // The public records are there, with the party masked.
    let case = read_text(&site.out(), "vu-viec/vu-xa-binh-2023/index.html");
    assert!(case.contains("Vụ L.T.C."), "{case}");
}

#[test]
fn internal_build_contains_every_canary() {
    let site = fixture("leak");
    site.build(&["--audience", "internal"]).expect_code(0);
    let tree = read_tree(&site.out());
    for canary in CANARIES {
        let found = files_containing(&tree, canary);
        assert!(
            !found.is_empty(),
            "{canary} is missing from the internal build"
        );
    }
    let home = read_text(&site.out(), "index.html");
    assert!(home.contains("Tài liệu nội bộ"));
    for (path, bytes) in &tree {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(
                html.contains("Tài liệu nội bộ"),
                "{path} is not marked internal"
            );
        }
    }
}

#[test]
fn public_ranks_are_computed_among_public_units_only() {
    // `beta` is internal: with it, `alpha` would be "2 of 2"; without it there is nothing to rank.
    let site = fixture("leak");
    site.build(&[]).expect_code(0);
    let stats = read_text(&site.out(), "thong-ke/index.html");
    assert!(
        !stats.contains("<span class=\"note\">(tính)</span>"),
        "a computed rank leaks the internal unit: {stats}"
    );
}

#[test]
fn full_names_policy_shows_the_party() {
    let site = fixture("leak");
    let yaml = std::fs::read_to_string(site.content().join("site.yaml")).unwrap();
    std::fs::write(
        site.content().join("site.yaml"),
        format!("{yaml}privacy:\n  person_names: full\n"),
    )
    .unwrap();
    site.build(&[]).expect_code(0);
    let case = read_text(&site.out(), "vu-viec/vu-xa-binh-2023/index.html");
    assert!(case.contains("Vụ Lê Thị Canaryname"), "{case}");
}

#[test]
fn a_public_article_naming_a_masked_party_is_warned_about() {
    let site = fixture("leak");
    let path = site.content().join("articles/2024/cong-khai.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nBà Lê Thị Canaryname đã hợp tác.\n")).unwrap();
    let run = site.check(&[]);
    run.expect_code(0);
    let warnings = run.diagnostics();
    assert!(
        warnings
            .iter()
            .any(|d| d.message.contains("names `Lê Thị Canaryname` in full")
                && d.location.ends_with("cong-khai.md:19:4")),
        "{}",
        run.stderr
    );
}
