//! `bantin snapshot` and `--as-of` (SPEC §7): a dated archive that opens from disk.

use std::fs;
use std::process::Command;

use crate::support::{example, read_text, read_tree};

#[test]
fn snapshot_as_of_2022_leaves_out_what_came_later() {
    let site = example();
    let archive = site.out().join("archive");
    site.run(&[
        "snapshot",
        "--as-of",
        "2022-12-31",
        "--out",
        archive.to_str().unwrap(),
    ])
    .expect_code(0);
    let dir = archive.join("2022-12-31");
    let tree = read_tree(&dir);
    // Bulletins are dated 2023 and later, cases were resolved in 2023: none of them yet.
    assert!(
        !tree
            .keys()
            .any(|p| p.starts_with("tin-tuc/") && p != "tin-tuc/index.html"),
        "{:?}",
        tree.keys()
    );
    assert!(
        !tree
            .keys()
            .any(|p| p.starts_with("vu-viec/") && p != "vu-viec/index.html")
    );
    // Statistics of years whose period had ended: 2021 and 2022, not 2023.
    let stats = read_text(&dir, "thong-ke/dai-tu/index.html");
    assert!(
        stats.contains("85,71%") && stats.contains("88,62%"),
        "{stats}"
    );
    assert!(!stats.contains("90,07%"), "2023 figures in a 2022 snapshot");
    // On that day the district office still existed; its successor did not.
    let unit = read_text(&dir, "don-vi/dai-tu/index.html");
    assert!(!unit.contains("đã kết thúc"), "{unit}");
    assert!(!tree.contains_key("don-vi/kv3-thai-nguyen/index.html"));
    // The three directives predate the day.
    assert!(tree.contains_key("van-ban/53-kh-ubnd-2021/index.html"));
    for (path, bytes) in &tree {
        if path.ends_with(".html") {
            let html = String::from_utf8_lossy(bytes);
            assert!(
                html.contains("Bản lưu trữ ngày 31/12/2022"),
                "{path} has no archive banner"
            );
        }
    }
}

#[test]
fn snapshot_links_name_index_files_and_sums_verify() {
    let site = example();
    let archive = site.out().join("archive");
    site.run(&[
        "snapshot",
        "--as-of",
        "2025-12-31",
        "--out",
        archive.to_str().unwrap(),
    ])
    .expect_code(0);
    let dir = archive.join("2025-12-31");
    let tree = read_tree(&dir);
    for (path, bytes) in &tree {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for part in html.split("href=\"").skip(1) {
            let href = &part[..part.find('"').unwrap_or(0)];
            let target = href.split('#').next().unwrap_or("");
            if target.is_empty() || target.contains(':') {
                continue;
            }
            assert!(
                !target.ends_with('/'),
                "{path}: {href} names a folder, not its index.html"
            );
            assert!(!target.starts_with('/'), "{path}: {href} is absolute");
        }
    }
    // SHA256SUMS lists every other file with its hash; `sha256sum -c` agrees when it is there.
    let sums = read_text(&dir, "SHA256SUMS");
    let listed = tree
        .keys()
        .filter(|p| {
            *p != "SHA256SUMS" && !p.ends_with(".bantin-output") && !p.ends_with(".bantin-lock")
        })
        .count();
    assert_eq!(sums.lines().count(), listed);
    if Command::new("sha256sum").arg("--version").output().is_ok() {
        let status = Command::new("sha256sum")
            .args(["-c", "--quiet", "SHA256SUMS"])
            .current_dir(&dir)
            .status()
            .unwrap();
        assert!(status.success());
    }
    assert!(archive.join("2025-12-31.zip").is_file());
}

#[test]
fn two_snapshots_are_byte_identical() {
    let site = example();
    let a = site.out().join("a");
    let b = site.out().join("b");
    for out in [&a, &b] {
        site.run(&[
            "snapshot",
            "--as-of",
            "2024-06-30",
            "--warc",
            "--out",
            out.to_str().unwrap(),
        ])
        .expect_code(0);
    }
    assert_eq!(read_tree(&a), read_tree(&b));
    assert!(read_tree(&a).contains_key("2024-06-30.warc.gz"));
}

#[test]
fn snapshot_date_comes_from_source_date_epoch() {
    let site = example();
    let out = site.out().join("archive");
    let run = crate::support::bantin()
        .args([
            "snapshot",
            "--root",
            site.root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .env("SOURCE_DATE_EPOCH", "1704067200") // 2024-01-01T00:00:00Z
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(out.join("2024-01-01/index.html").is_file());
}

#[test]
fn search_index_covers_every_kind_and_nothing_internal() {
    let site = example();
    site.build(&[]).expect_code(0);
    let js = read_text(&site.out(), "search-index.js");
    assert!(js.starts_with("window.BANTIN_SEARCH = "));
    for kind in [
        "\"k\":\"Bản tin\"",
        "\"k\":\"Văn bản\"",
        "\"k\":\"Vụ việc\"",
        "\"k\":\"Đơn vị\"",
    ] {
        assert!(js.contains(kind), "no {kind} in the index");
    }
    assert!(
        !js.contains("Nguyễn Thị Hải"),
        "a masked name is in the public index"
    );
    assert!(
        !js.contains("DS-ST"),
        "an internal field is in the public index"
    );
    let page = read_text(&site.out(), "tim-kiem/index.html");
    assert!(page.contains("search-index.js") && page.contains("search.js"));
}

#[test]
fn a_snapshot_is_never_overwritten_without_force() {
    let site = example();
    let out = site.out().join("archive");
    let snap = |extra: &[&str]| {
        let mut args = vec!["snapshot", "--as-of", "2024-06-30", "--warc", "--out"];
        args.push(out.to_str().unwrap());
        args.extend_from_slice(extra);
        site.run(&args)
    };
    snap(&[]).expect_code(0);
    // What an archivist may have done since: the day's files are theirs now.
    fs::write(out.join("2024-06-30.zip"), b"kept").unwrap();
    fs::write(out.join("2024-06-30.warc.gz"), b"kept").unwrap();
    fs::write(out.join("2024-06-30/index.html"), b"kept").unwrap();
    let before = read_tree(&out);
    let again = snap(&[]);
    again.expect_code(2);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert!(again.stderr.contains("--force"), "{}", again.stderr);
    assert_eq!(read_tree(&out), before, "nothing was touched");
    // Each of the three alone is enough to refuse.
    for kept in ["2024-06-30.zip", "2024-06-30.warc.gz"] {
        let other = site.out().join(format!("only-{kept}"));
        fs::create_dir_all(&other).unwrap();
        fs::write(other.join(kept), b"kept").unwrap();
        let mut args = vec!["snapshot", "--as-of", "2024-06-30", "--out"];
        args.push(other.to_str().unwrap());
        site.run(&args).expect_code(2);
        assert_eq!(fs::read(other.join(kept)).unwrap(), b"kept");
    }
    snap(&["--force"]).expect_code(0);
    assert_ne!(fs::read(out.join("2024-06-30.zip")).unwrap(), b"kept");
    assert_ne!(
        fs::read(out.join("2024-06-30/index.html")).unwrap(),
        b"kept"
    );
}

#[test]
fn snapshot_refuses_the_file_system_root_and_the_home_folder() {
    let site = example();
    let r = site.run(&["snapshot", "--as-of", "2024-06-30", "--out", "/"]);
    r.expect_code(2);
    assert!(r.stderr.contains("file system root"), "{}", r.stderr);
    assert!(!std::path::Path::new("/2024-06-30").exists());
    let home = tempfile::tempdir().unwrap();
    let run = crate::support::bantin()
        .args(["snapshot", "--as-of", "2024-06-30", "--root"])
        .arg(&site.root)
        .arg("--out")
        .arg(home.path())
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("home folder"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(fs::read_dir(home.path()).unwrap().count(), 0);
    for inside in ["", "content", "content/archive", "templates"] {
        let out = site.root.join(inside);
        let r = site.run(&[
            "snapshot",
            "--as-of",
            "2024-06-30",
            "--out",
            out.to_str().unwrap(),
        ]);
        r.expect_code(2);
        assert!(r.stderr.contains("refusing"), "{inside}: {}", r.stderr);
    }
}
