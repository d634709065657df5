//! `bantin new`: each kind writes a file that passes `check` on a copy of the example site, never
//! overwrites, and refuses (writing nothing) a record that would not pass `check`.

use std::fs;

use crate::support::{self, TempSite, tree_state};

/// Run `bantin new <args> --root <root>`.
fn new(site: &TempSite, args: &[&str]) -> support::Run {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    site.run(&all)
}

/// Runs `args` once (it must create `rel`), checks the site, then runs it again: refused, exit 2,
/// nothing changed.
fn creates_once(site: &TempSite, args: &[&str], rel: &str) -> String {
    let r = new(site, args);
    r.expect_code(0);
    assert!(r.stderr.contains(rel), "names the file: {}", r.stderr);
    let text = fs::read_to_string(site.root.join(rel)).expect("the new file");
    let check = site.check(&[]);
    check.expect_code(0);
    assert!(
        check.last_line().contains("0 errors"),
        "{}",
        check.last_line()
    );

    let before = tree_state(&site.root);
    let again = new(site, args);
    again.expect_code(2);
    assert!(
        again.stderr.contains("already"),
        "says why: {}",
        again.stderr
    );
    assert_eq!(
        tree_state(&site.root),
        before,
        "the second run wrote nothing"
    );
    text
}

#[test]
fn new_article_is_a_dated_draft_that_passes_check() {
    let site = support::example();
    let text = creates_once(
        &site,
        &[
            "article",
            "Đại Từ: hội nghị triển khai nhiệm vụ năm 2025",
            "--date",
            "06/01/2025",
            "--unit",
            "dai-tu",
        ],
        "content/articles/2025/dai-tu-hoi-nghi-trien-khai-nhiem-vu-nam-2025.md",
    );
    assert!(text.starts_with("---\ntitle: \"Đại Từ: hội nghị triển khai nhiệm vụ năm 2025\"\n"));
    assert!(text.contains("\ndate: 2025-01-06\n"), "{text}");
    assert!(text.contains("\nunit: dai-tu "), "{text}");
    assert!(text.contains("\ndraft: true "), "{text}");
    // A draft: built with --drafts it has a page, without it does not.
    site.build(&["--drafts"]).expect_code(0);
    assert!(
        site.out()
            .join("tin-tuc/dai-tu-hoi-nghi-trien-khai-nhiem-vu-nam-2025/index.html")
            .is_file()
    );

    // Without --date: today in Vietnam, a date and time with +07:00.
    let r = new(&site, &["article", "Bài không ghi ngày"]);
    r.expect_code(0);
    let created = r
        .stderr
        .lines()
        .find_map(|l| l.strip_prefix("created "))
        .expect("created line");
    let text = fs::read_to_string(site.root.join(created)).expect("article");
    let date = text
        .lines()
        .find_map(|l| l.strip_prefix("date: "))
        .expect("date");
    assert!(date.ends_with(":00+07:00") && date.len() == 25, "{date}");
    site.check(&[]).expect_code(0);
}

#[test]
fn new_case_passes_check_and_a_bad_unit_is_refused() {
    let site = support::example();
    let text = creates_once(
        &site,
        &[
            "case",
            "--id",
            "vu-thu-nghiem-2024",
            "--title",
            "Vụ Trần Văn Bình",
            "--unit",
            "dai-tu",
            "--party",
            "Trần Văn Bình",
            "--resolved",
            "2024",
        ],
        "content/cases/vu-thu-nghiem-2024.yaml",
    );
    assert!(text.contains("\nparty: \"Trần Văn Bình\" "), "{text}");
    assert!(text.contains("\nresolved: 2024\n"), "{text}");

    let before = tree_state(&site.root);
    let r = new(
        &site,
        &[
            "case",
            "--id",
            "vu-khac",
            "--title",
            "Vụ khác",
            "--unit",
            "dai-tuu",
        ],
    );
    r.expect_code(1);
    assert!(
        r.stderr.contains("no unit with id `dai-tuu`") && r.stderr.contains("dai-tu"),
        "{}",
        r.stderr
    );
    assert!(r.last_line().contains("nothing was written"));
    assert_eq!(tree_state(&site.root), before);

    let r = new(&site, &["case", "--id", "Vụ Khác", "--title", "Vụ khác"]);
    r.expect_code(2);
    assert!(r.stderr.contains("vu-khac"), "suggests an id: {}", r.stderr);
}

#[test]
fn new_directive_takes_its_id_and_kind_from_the_number() {
    let site = support::example();
    let text = creates_once(
        &site,
        &[
            "directive",
            "45-kh/hu",
            "--date",
            "10/03/2022",
            "--issuer",
            "Ban Thường vụ Huyện ủy Đại Từ",
            "--title",
            "Kế hoạch thực hiện Chỉ thị số 33-CT/TU năm 2022",
            "--unit",
            "dai-tu",
        ],
        "content/directives/45-kh-hu-2022.yaml",
    );
    assert!(
        text.contains("\nnumber: \"45-KH/HU\"\n"),
        "canonical: {text}"
    );
    assert!(text.contains("\ndate: 10/03/2022\n"), "{text}");
    assert!(text.contains("# kind: \"Kế hoạch\""), "{text}");

    // 33-CT/TU of 2020 is already in directives.yaml: a duplicate is refused.
    let before = tree_state(&site.root);
    let r = new(
        &site,
        &[
            "directive",
            "33-CT/TU",
            "--date",
            "25/09/2020",
            "--issuer",
            "Ban Thường vụ Tỉnh ủy",
            "--title",
            "Trùng",
        ],
    );
    r.expect_code(1);
    assert!(r.stderr.contains("duplicate directive"), "{}", r.stderr);
    assert_eq!(tree_state(&site.root), before);
}

#[test]
fn new_stats_appends_a_year_or_creates_the_file() {
    let site = support::example();
    let old = fs::read_to_string(site.content().join("stats/dai-tu.yaml")).expect("stats");
    let text = creates_once(
        &site,
        &["stats", "dai-tu", "2024"],
        "content/stats/dai-tu.yaml",
    );
    assert!(text.starts_with(&old), "the old entries are untouched");
    assert!(text[old.len()..].starts_with("  - year: 2024\n"), "{text}");
    let check = site.check(&[]);
    assert!(
        check.stderr.contains("the entry for 2024 has no figures"),
        "a reminder to fill it in: {}",
        check.stderr
    );

    creates_once(
        &site,
        &["stats", "kv3-thai-nguyen", "2026"],
        "content/stats/kv3-thai-nguyen.yaml",
    );

    // dai-tu ended on 30/06/2025: it has no statistical year 2027.
    let before = tree_state(&site.root);
    let r = new(&site, &["stats", "dai-tu", "2027"]);
    r.expect_code(1);
    assert!(r.stderr.contains("did not exist"), "{}", r.stderr);
    assert_eq!(tree_state(&site.root), before);
}

/// `bantin new article` inside a private mount namespace (`unshare -rm`, so nothing outlives the
/// test) on a tmpfs of 512 KB holding the snapshot fixture, filled to the last block; then again
/// once space is freed. Prints what the script saw.
const FULL_DISK_SCRIPT: &str = r#"
set -u
mount -t tmpfs -o size=512k tmpfs "$DISK" || exit 90
cp -r "$FIXTURE/content" "$DISK/content" || exit 91
dd if=/dev/zero of="$DISK/fill" bs=1k 2>/dev/null
(cd "$DISK" && find . | sort) > "$DISK/../before"
"$BANTIN" new article "Bản tin khi đĩa đầy" --date 06/01/2025 --root "$DISK" >/dev/null 2>"$DISK/../err"
echo "full: $?"
(cd "$DISK" && find . | sort) | diff "$DISK/../before" - | grep '^[<>]' | sed 's/^/left: /'
rm "$DISK/fill"
"$BANTIN" new article "Bản tin khi đĩa đầy" --date 06/01/2025 --root "$DISK" >/dev/null 2>&1
echo "freed: $?"
ls "$DISK/content/articles/2025" | sed 's/^/made: /'
"$BANTIN" check --root "$DISK" >/dev/null 2>&1
echo "check: $?"
"#;

#[test]
fn new_on_a_full_disk_leaves_nothing_and_works_once_there_is_room() {
    let dir = tempfile::tempdir().expect("temp dir");
    let disk = dir.path().join("disk");
    fs::create_dir(&disk).expect("mount point");
    let out = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", FULL_DISK_SCRIPT])
        .env("DISK", &disk)
        .env("FIXTURE", support::fixture_path("snapshot"))
        .env("BANTIN", assert_cmd::cargo::cargo_bin("bantin"))
        .output()
        .expect("unshare (util-linux) runs");
    let seen = String::from_utf8_lossy(&out.stdout);
    let err = fs::read_to_string(dir.path().join("err")).unwrap_or_default();
    assert!(
        out.status.success(),
        "{seen}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        seen.contains("full: 2\n"),
        "refused with exit 2: {seen}\n{err}"
    );
    assert!(err.contains("cannot write"), "says why: {err}");
    assert!(!seen.contains("left: "), "nothing left behind: {seen}");
    assert!(seen.contains("freed: 0\n"), "{seen}");
    assert!(
        seen.contains("made: ban-tin-khi-dia-day.md\n"),
        "the retry writes the file: {seen}"
    );
    assert!(seen.contains("check: 0\n"), "{seen}");
}
