//! `serve`'s fast path after an edit of articles (`Incremental::update_articles`): the pages it
//! renders again, put in place of the old ones, must give exactly the site a full build of the
//! edited content gives, with the same diagnostics; edits it cannot take must say so.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bantin::fuzzing::{check_files, check_files_updatable};
use bantin::model::Audience;

const N: usize = 64;

/// The snapshot fixture plus `N` bulletins over two units, three tags, a directive and a case.
fn base_files() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snapshot");
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(root.join("content")) {
        let e = e.expect("fixture readable");
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(&root)
                .expect("under root")
                .to_path_buf();
            let mut bytes = std::fs::read(e.path()).expect("fixture readable");
            if rel.ends_with("stats/cho-don.yaml") {
                // Figures quoting bulletin 5 as their source.
                let text = String::from_utf8(bytes).expect("UTF-8");
                let quoted = "    as_of: 30/09/2022\n    source: ban-tin-so-5\n";
                bytes = text
                    .replacen("    as_of: 30/09/2022\n", quoted, 1)
                    .into_bytes();
                assert!(String::from_utf8_lossy(&bytes).contains("ban-tin-so-5"));
            }
            files.push((rel, bytes));
        }
    }
    for i in 0..N {
        files.push((path(i), article(i, "", "").into_bytes()));
    }
    files
}

fn path(i: usize) -> PathBuf {
    PathBuf::from(format!("content/articles/2024/ban-tin-{i:03}.md"))
}

/// Bulletin `i`; `front` is added to its front matter, `body` to its text.
fn article(i: usize, front: &str, body: &str) -> String {
    let unit = if i.is_multiple_of(2) {
        "cuc-bac-kan"
    } else {
        "cho-don"
    };
    let extra = if i.is_multiple_of(5) {
        "directives: [\"12-CT/TU\"]\ncases: [vu-bang-lung-2023]\n"
    } else {
        ""
    };
    let date = if front.contains("date:") {
        String::new()
    } else {
        format!(
            "date: 2024-{:02}-{:02}T08:00:00+07:00\n",
            1 + i % 12,
            1 + i % 28
        )
    };
    let tags = if front.contains("tags:") {
        String::new()
    } else {
        format!("tags: [chung, nhóm {}]\n", i % 3)
    };
    format!(
        "---\ntitle: \"Bản tin số {i}\"\n{date}unit: {unit}\n{tags}{extra}{front}---\n\nKết quả tháng của đơn vị, bản tin {i}. {body}\n"
    )
}

/// Apply `edits` (bulletin, new text) both ways; whether the fast path took them. When it did,
/// its site and diagnostics must be those of a full build.
fn same_as_full_build(edits: &[(usize, String)]) -> bool {
    same_as_full_build_over(base_files(), edits)
}

/// [`same_as_full_build`] from the site of `base`.
fn same_as_full_build_over(base: Vec<(PathBuf, Vec<u8>)>, edits: &[(usize, String)]) -> bool {
    let (report, kept) = check_files_updatable(base.clone(), Audience::Public, false);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let (files, inc) = kept.expect("the base site builds");
    let mut site: BTreeMap<String, Vec<u8>> =
        files.into_iter().map(|f| (f.path, f.bytes)).collect();

    let changed: Vec<(PathBuf, Vec<u8>)> = edits
        .iter()
        .map(|(i, text)| (path(*i), text.clone().into_bytes()))
        .collect();
    let mut edited = base;
    for (p, bytes) in &changed {
        let slot = edited
            .iter_mut()
            .find(|(q, _)| q == p)
            .expect("an existing bulletin");
        slot.1 = bytes.clone();
    }
    let (full_report, full) = check_files(edited, Audience::Public, false);

    match inc.update_articles(changed) {
        Ok((_, fast_report, rendered)) => {
            let (_, full_files) = full.expect("a full build of what the fast path accepted");
            for f in rendered {
                assert!(site.contains_key(&f.path), "a new file {}", f.path);
                site.insert(f.path, f.bytes);
            }
            let full: BTreeMap<String, Vec<u8>> =
                full_files.into_iter().map(|f| (f.path, f.bytes)).collect();
            assert_eq!(
                site.keys().collect::<Vec<_>>(),
                full.keys().collect::<Vec<_>>()
            );
            for (p, bytes) in &full {
                assert!(
                    site[p] == *bytes,
                    "{p} differs from a full build after {edits:?}"
                );
            }
            assert_eq!(fast_report.diagnostics, full_report.diagnostics);
            true
        }
        Err(_) => false,
    }
}

#[test]
fn a_page_replaced_by_a_static_file_stays_replaced_after_an_edit() {
    // The news list shows every title; the site's own file stands in its place.
    let mut base = base_files();
    base.push((
        PathBuf::from("content/static/tin-tuc/index.html"),
        b"<p>danh s\xc3\xa1ch ri\xc3\xaang</p>\n".to_vec(),
    ));
    let retitled =
        article(10, "slug: ban-tin-so-10\n", "").replace("\"Bản tin số 10\"", "\"Tiêu đề mới\"");
    assert!(same_as_full_build_over(base, &[(10, retitled)]));
}

#[test]
fn a_typo_fixed_in_the_text_is_taken_and_matches_a_full_build() {
    assert!(same_as_full_build(&[(
        7,
        article(7, "", "Đã sửa lỗi chính tả.")
    )]));
}

#[test]
fn a_new_title_changes_every_list_the_bulletin_is_on() {
    // The slug comes from the title unless given: keep it, or the page moves (a full build).
    assert!(same_as_full_build(&[(
        10,
        article(10, "slug: ban-tin-so-10\n", "").replace("\"Bản tin số 10\"", "\"Tiêu đề mới\"")
    )]));
    assert!(!same_as_full_build(&[(
        10,
        article(10, "", "").replace("\"Bản tin số 10\"", "\"Tiêu đề mới\"")
    )]));
}

#[test]
fn a_new_date_moves_the_bulletin_across_list_pages() {
    for date in ["2023-01-02", "2025-12-31", "2024-06-15T09:00:00+07:00"] {
        let front = format!("date: {date}\n");
        assert!(
            same_as_full_build(&[(33, article(33, &front, ""))]),
            "{date}"
        );
    }
}

#[test]
fn tags_moved_between_existing_tags_update_both() {
    // Bulletin 4 leaves "nhóm 1" for "nhóm 0"; bulletin 3 does the reverse: page counts stay.
    assert!(same_as_full_build(&[
        (4, article(4, "tags: [chung, nhóm 0]\n", "")),
        (3, article(3, "tags: [chung, nhóm 1]\n", "")),
    ]));
}

#[test]
fn a_directive_cited_in_the_text_adds_the_bulletin_to_its_page() {
    assert!(same_as_full_build(&[(
        11,
        article(11, "", "Thực hiện Chỉ thị số 12-CT/TU của Tỉnh ủy.")
    )]));
    assert!(same_as_full_build(&[(
        11,
        article(11, "directives: [\"45/KH-UBND\"]\n", "")
    )]));
}

#[test]
fn warnings_of_the_edited_bulletin_are_replaced() {
    // A dangling footnote reference is a warning, not an error (or else the full build is
    // the answer): checked either way against the full build.
    let text = article(12, "", "Xem [liên kết](/tin-tuc/khong-co/).");
    let _ = same_as_full_build(&[(12, text)]);
    assert!(same_as_full_build(&[(12, article(12, "", "Văn bản mới."))]));
}

#[test]
fn edits_the_fast_path_cannot_take_ask_for_a_full_build() {
    // An error, a new slug (another page address), a draft (left out), a new tag (new pages).
    for text in [
        article(20, "unit: khong-co\n", ""),
        article(20, "slug: dia-chi-moi\n", ""),
        article(20, "draft: true\n", ""),
        article(20, "tags: [chủ đề mới]\n", ""),
        // Its tags' page counts stay, but the only bulletin of a new tag: a new page.
        article(20, "tags: [chung, nhóm 2, riêng]\n", ""),
        "no front matter".to_string(),
    ] {
        assert!(!same_as_full_build(&[(20, text.clone())]), "{text}");
    }
    // The source of published figures: its title is shown with them (a full build).
    let retitled =
        article(5, "slug: ban-tin-so-5\n", "").replace("\"Bản tin số 5\"", "\"Nguồn số liệu\"");
    assert!(!same_as_full_build(&[(5, retitled)]));
}

#[test]
fn a_changed_data_or_template_file_asks_for_a_full_build() {
    // serve hands over whatever changed; only bulletins edited in place are taken.
    for (path, text) in [
        ("content/units/units.yaml", "- id: cuc-bac-kan\n"),
        ("templates/base.html", "<html></html>"),
        (
            "content/articles/2024/moi.md",
            "---\ntitle: \"Mới\"\ndate: 2024-01-01\n---\n\nMới.\n",
        ),
    ] {
        let (_, kept) = check_files_updatable(base_files(), Audience::Public, false);
        let (_, inc) = kept.expect("the base site builds");
        let changed = vec![(PathBuf::from(path), text.as_bytes().to_vec())];
        assert!(inc.update_articles(changed).is_err(), "{path}");
    }
}
