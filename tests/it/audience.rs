//! SPEC §5: nothing internal reaches a public build; an internal build shows everything.

use crate::support::{fixture, read_text, read_tree};

/// The unique strings planted in `tests/fixtures/leak` in every field of every kind of internal
/// record (placed first, in the middle and last, by date and by file order), in `internal:`
/// fields, in drafts, and in the full names of masked parties: every word of its content files
/// that starts with `CANARY-` or `Canary`.
fn canaries() -> Vec<String> {
    let mut found = std::collections::BTreeSet::new();
    for text in read_tree(&crate::support::fixture_path("leak/content")).values() {
        let text = String::from_utf8_lossy(text);
        for (at, _) in text
            .match_indices("CANARY-")
            .chain(text.match_indices("Canary"))
        {
            let word: String = text[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            found.insert(word.trim_end_matches('-').to_string());
        }
    }
    assert!(
        found.len() > 60,
        "the leak fixture has {} canaries",
        found.len()
    );
    found.into_iter().collect()
}

/// Files of `tree` containing `needle`, in any case (a slug is the lower-case form).
fn files_containing(
    tree: &std::collections::BTreeMap<String, Vec<u8>>,
    needle: &str,
) -> Vec<String> {
    let needle = needle.to_ascii_lowercase();
    let needle = needle.as_bytes();
    tree.iter()
        .filter(|(_, bytes)| {
            bytes
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle))
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
    let found = files_containing(&tree, "canary");
    assert!(found.is_empty(), "canaries leaked into {found:?}");
    // The public records are there, with the party masked.
    let case = read_text(&site.out(), "vu-viec/vu-xa-binh-2023/index.html");
    assert!(case.contains("Vụ L.T.C."), "{case}");
}

/// Issue 15, finding 0: summaries were paired with directives by position after the internal
/// ones were left out, so a public directive showed the summary of the internal one before it.
#[test]
fn public_records_show_their_own_texts_when_internal_ones_are_left_out() {
    let site = fixture("leak");
    site.build(&[]).expect_code(0);
    for (page, own) in [
        (
            "van-ban/33-ct-tu-2020/index.html",
            "Tóm tắt công khai của Chỉ thị 33.",
        ),
        (
            "van-ban/53-kh-ubnd-2021/index.html",
            "Tóm tắt công khai của Kế hoạch 53.",
        ),
        (
            "vu-viec/vu-xa-dong-2021/index.html",
            "Lời biểu dương công khai của vụ xã Đông.",
        ),
    ] {
        let html = read_text(&site.out(), page);
        assert!(html.contains(own), "{page} lacks its own text: {html}");
    }
    let index = read_text(&site.out(), "search-index.js");
    assert!(index.contains("Tóm tắt công khai của Chỉ thị 33."));
    assert!(index.contains("Tóm tắt công khai của Kế hoạch 53."));
}

#[test]
fn internal_build_with_drafts_contains_every_canary() {
    let site = fixture("leak");
    site.build(&["--audience", "internal", "--drafts"])
        .expect_code(0);
    let tree = read_tree(&site.out());
    for canary in canaries() {
        let found = files_containing(&tree, &canary);
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

/// Issue 15, finding 4: the internal build included drafts without `--drafts`.
#[test]
fn drafts_reach_no_audience_without_the_drafts_flag() {
    let drafts: Vec<String> = canaries()
        .into_iter()
        .filter(|c| c.contains("DRAFT"))
        .collect();
    assert_eq!(drafts.len(), 4, "{drafts:?}");
    for audience in ["public", "internal"] {
        let site = fixture("leak");
        site.build(&["--audience", audience]).expect_code(0);
        let tree = read_tree(&site.out());
        for canary in &drafts {
            let found = files_containing(&tree, canary);
            assert!(
                found.is_empty(),
                "{canary} reached the {audience} build: {found:?}"
            );
        }
    }
    // A snapshot of the internal site is made the same way.
    let site = fixture("leak");
    let archive = site.dir.path().join("archive");
    site.run(&[
        "snapshot",
        "--audience",
        "internal",
        "--as-of",
        "2026-12-01",
        "--out",
        archive.to_str().unwrap(),
    ])
    .expect_code(0);
    let tree = read_tree(&archive.join("2026-12-01"));
    assert!(tree.len() > 10);
    for canary in &drafts {
        let found = files_containing(&tree, canary);
        assert!(
            found.is_empty(),
            "{canary} reached the internal snapshot: {found:?}"
        );
    }
    // With the flag, the public build shows the public draft only.
    let site = fixture("leak");
    site.build(&["--drafts"]).expect_code(0);
    let tree = read_tree(&site.out());
    assert!(!files_containing(&tree, "CANARY-DRAFT").is_empty());
    assert!(files_containing(&tree, "CANARY-INTERNAL-DRAFT").is_empty());
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
