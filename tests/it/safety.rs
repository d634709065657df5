//! Output safety (SPEC §9): a failed build changes nothing; a build switches the folder to the
//! new site at once, rewriting only what changed, removing only what bantin wrote and the site no
//! longer has, and keeping everything else.

use std::fs;
use std::thread::sleep;
use std::time::Duration;

use crate::support::{fixture, inode_of, read_tree, tree_state};

/// Long enough for a rewritten file to get a different mtime on any common file system.
const TICK: Duration = Duration::from_millis(20);

#[test]
fn a_failed_build_leaves_the_previous_output_exactly_as_it_was() {
    let site = fixture("snapshot");
    site.build(&[]).expect_code(0);
    let before = tree_state(&site.out());
    assert!(before.len() > 20);
    sleep(TICK);

    // Break the content in two ways: an invalid count, and a changed article that would
    // otherwise have been rewritten.
    let stats = site.content().join("stats/cho-don.yaml");
    let text = fs::read_to_string(&stats).unwrap();
    fs::write(&stats, text.replace("completed: 547", "completed: 700")).unwrap();
    let article = site
        .content()
        .join("articles/2024/hoi-nghi-trien-khai-2024.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, text.replace("năm 2024.", "năm 2024 (đã sửa).")).unwrap();

    let r = site.build(&[]);
    r.expect_code(1);
    assert!(
        r.last_line().contains("nothing was written"),
        "{}",
        r.stderr
    );
    assert_eq!(
        tree_state(&site.out()),
        before,
        "bytes, mtimes or inodes of the output changed"
    );
}

#[test]
fn an_identical_second_build_rewrites_nothing() {
    let site = fixture("snapshot");
    let first = site.build(&[]);
    first.expect_code(0);
    assert!(
        first.last_line().contains("0 unchanged"),
        "{}",
        first.last_line()
    );
    let before = tree_state(&site.out());
    sleep(TICK);

    let r = site.build(&[]);
    r.expect_code(0);
    let files = before.values().filter(|e| !e.is_dir).count() - 1; // minus the marker
    assert!(
        r.last_line()
            .contains(&format!("(0 written, {files} unchanged, 0 removed)")),
        "{}",
        r.last_line()
    );
    assert_eq!(
        tree_state(&site.out()),
        before,
        "an unchanged file was touched"
    );
}

#[test]
fn a_change_rewrites_only_the_files_it_affects() {
    let site = fixture("snapshot");
    site.build(&[]).expect_code(0);
    let before = tree_state(&site.out());
    sleep(TICK);

    let case = site.content().join("cases/cases.yaml");
    let text = fs::read_to_string(&case).unwrap();
    fs::write(
        &case,
        text.replace("kéo dài từ năm 2018", "kéo dài từ năm 2017"),
    )
    .unwrap();
    let r = site.build(&[]);
    r.expect_code(0);
    let after = tree_state(&site.out());

    let changed: Vec<&String> = after
        .iter()
        .filter(|(p, e)| !e.is_dir && *p != ".bantin-output" && before.get(*p) != Some(e))
        .map(|(p, _)| p)
        .collect();
    assert!(changed.contains(&&"vu-viec/vu-bang-lung-2023/index.html".to_string()));
    for p in &changed {
        assert!(
            String::from_utf8_lossy(&after[*p].bytes).contains("năm 2017"),
            "{p} was rewritten although it does not show the changed text"
        );
    }
    // Files that did not change kept their mtime and inode.
    for (p, e) in &before {
        if !e.is_dir && !changed.contains(&p) && p != ".bantin-output" {
            assert_eq!(after.get(p), Some(e), "{p}");
        }
    }
    assert!(
        r.last_line()
            .contains(&format!("({} written,", changed.len())),
        "{}",
        r.last_line()
    );
}

#[test]
fn a_removed_article_loses_its_page_and_unchanged_pages_are_kept_as_they_were() {
    let site = fixture("snapshot");
    let out = site.out();
    site.build(&[]).expect_code(0);
    let page = "tin-tuc/hoi-nghi-trien-khai-nhiem-vu-thi-hanh-an-nam-2024/index.html";
    assert!(out.join(page).is_file());
    assert!(out.join("the/hoi-nghi/index.html").is_file());
    let kept_page = out.join("tin-tuc/cho-don-vuot-chi-tieu-thi-hanh-an-nam-2023/index.html");
    let kept_inode = inode_of(&kept_page);

    fs::remove_file(
        site.content()
            .join("articles/2024/hoi-nghi-trien-khai-2024.md"),
    )
    .unwrap();
    let r = site.build(&[]);
    r.expect_code(0);

    assert!(
        !out.join(page).exists(),
        "the removed article's page is gone"
    );
    assert!(
        !out.join("tin-tuc/hoi-nghi-trien-khai-nhiem-vu-thi-hanh-an-nam-2024")
            .exists(),
        "its empty folder is gone too"
    );
    assert!(
        !out.join("the/hoi-nghi").exists(),
        "the tag it alone used is gone"
    );
    // Its page, its tag's page and its share card.
    assert!(r.last_line().contains("3 removed"), "{}", r.last_line());
    assert_eq!(
        inode_of(&kept_page),
        kept_inode,
        "an unchanged page was rewritten"
    );
    let sitemap = fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("hoi-nghi"), "the sitemap forgot it");
    assert!(out.join(".bantin-output").is_file(), "the marker stays");
}

/// Issue 17: a deploy keeps its own files in the output folder (a repository, a domain file, the
/// files a web server needs, a link to a folder elsewhere). Builds never remove or change them;
/// they remove only what bantin wrote and the site no longer has, and say what they kept.
#[cfg(unix)]
#[test]
fn files_bantin_did_not_write_survive_ten_builds() {
    let site = fixture("snapshot");
    let out = site.out();
    site.build(&[]).expect_code(0);
    fs::create_dir_all(out.join(".git/objects/ab")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    fs::write(out.join(".git/objects/ab/cdef"), "blob").unwrap();
    fs::write(out.join("CNAME"), "thads.example.vn\n").unwrap();
    fs::write(out.join(".nojekyll"), "").unwrap();
    fs::create_dir_all(out.join(".well-known/acme-challenge")).unwrap();
    fs::write(out.join(".well-known/acme-challenge/tok"), "tok").unwrap();
    let elsewhere = site.dir.path().join("tai-lieu");
    fs::create_dir(&elsewhere).unwrap();
    fs::write(elsewhere.join("a.pdf"), "pdf").unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("tai-lieu")).unwrap();
    fs::write(out.join("tin-tuc/ghi-chu.txt"), "của người triển khai").unwrap();
    let theirs = |out: &std::path::Path| {
        let mut t = read_tree(out);
        t.retain(|p, _| {
            p.starts_with(".git/")
                || p.starts_with(".well-known/")
                || ["CNAME", ".nojekyll", "tin-tuc/ghi-chu.txt"].contains(&p.as_str())
        });
        t
    };
    let before = theirs(&out);
    assert_eq!(before.len(), 6);
    let article = site
        .content()
        .join("articles/2024/hoi-nghi-trien-khai-2024.md");
    for i in 0..10 {
        // Every other build changes a page, so that the folder is switched.
        if i % 2 == 0 {
            let text = fs::read_to_string(&article).unwrap();
            fs::write(&article, text.replace("năm 2024.", "năm 2024 .")).unwrap();
        }
        let r = site.build(&[]);
        r.expect_code(0);
        assert!(
            r.stderr.contains("kept in the output folder, not written by bantin: .git, .nojekyll, .well-known, CNAME, tai-lieu, tin-tuc/ghi-chu.txt"),
            "{}",
            r.stderr
        );
        assert_eq!(theirs(&out), before, "build {i}");
        assert_eq!(fs::read_link(out.join("tai-lieu")).unwrap(), elsewhere);
        assert_eq!(fs::read(elsewhere.join("a.pdf")).unwrap(), b"pdf");
    }
    // What bantin wrote and the site no longer has is removed.
    fs::remove_file(&article).unwrap();
    let r = site.build(&[]);
    assert!(r.last_line().contains("removed)"), "{}", r.last_line());
    assert!(
        !out.join("tin-tuc/hoi-nghi-trien-khai-nhiem-vu-thi-hanh-an-nam-2024")
            .exists()
    );
    assert_eq!(theirs(&out), before);
}

#[test]
fn a_build_writes_only_inside_out_and_the_cache_folder_and_leaves_no_temporary_files() {
    let site = fixture("snapshot");
    let project_before = tree_state(&site.root);
    site.build(&[]).expect_code(0);
    site.build(&["--drafts"]).expect_code(0);
    let cache = site.root.join(".bantin-cache");
    let cached: Vec<String> = read_tree(&cache).into_keys().collect();
    assert!(
        cached
            .iter()
            .all(|p| p.starts_with("cards/") && p.ends_with(".png")),
        "only share cards are cached: {cached:?}"
    );
    fs::remove_dir_all(&cache).unwrap_or(());
    // The root folder itself changed (its cache folder came and went); nothing in it did.
    let without_root = |mut t: std::collections::BTreeMap<String, _>| {
        t.remove("");
        t
    };
    assert!(
        without_root(tree_state(&site.root)) == without_root(project_before),
        "the project was touched"
    );
    let siblings: Vec<String> = fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut siblings = siblings;
    siblings.sort();
    assert_eq!(siblings, ["out", "site"]);
    for path in read_tree(&site.out()).keys() {
        assert!(
            !path.contains("bantin-tmp"),
            "leftover temporary file {path}"
        );
    }
}

#[test]
fn check_never_writes() {
    let site = fixture("snapshot");
    let before = tree_state(site.dir.path());
    site.check(&[]).expect_code(0);
    site.check(&["--out", site.out().to_str().unwrap()])
        .expect_code(0);
    assert_eq!(tree_state(site.dir.path()), before);
}

// ---- privacy (SPEC §5) ----

/// Under `person_names: initials` a party's full name is masked wherever bantin renders it.
fn assert_name_absent(out: &std::path::Path, name: &str) {
    for (path, bytes) in read_tree(out) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains(name),
            "{path} shows the full name {name}"
        );
    }
}

#[test]
fn case_titles_are_masked_under_initials() {
    let site = fixture("privacy");
    fs::write(
        site.content().join("cases/cases.yaml"),
        fs::read_to_string(site.content().join("cases/cases.yaml"))
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("commendation:"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    site.build(&[]).expect_code(0);
    let page =
        fs::read_to_string(site.out().join("vu-viec/vu-hoang-nong-2023/index.html")).unwrap();
    assert!(page.contains("<h1>Vụ việc của bà N.T.H. ở xã Hoàng Nông</h1>"));
    assert_name_absent(&site.out(), "Nguyễn Thị Hải");
}

#[test]
fn regression_commendations_are_masked_under_initials() {
    let site = fixture("privacy");
    let r = site.build(&[]);
    r.expect_code(0);
    assert_name_absent(&site.out(), "Nguyễn Thị Hải");
}

#[test]
fn a_static_file_named_like_a_page_replaces_it_once_and_for_all() {
    let site = crate::support::example();
    let static_dir = site.content().join("static");
    fs::create_dir_all(&static_dir).unwrap();
    fs::write(static_dir.join("index.html"), "<p>trang riêng</p>\n").unwrap();
    let first = site.build(&[]);
    first.expect_code(0);
    assert_eq!(
        fs::read_to_string(site.out().join("index.html")).unwrap(),
        "<p>trang riêng</p>\n"
    );
    // One file per path: a rebuild finds everything as it was (the page and the file no
    // longer take turns at the same path).
    let again = site.build(&[]);
    again.expect_code(0);
    assert!(
        again.last_line().contains("(0 written,"),
        "{}",
        again.last_line()
    );
}

/// Override template `name` with one that fails while its pages render (it reads a value no page
/// has), after other pages were written; the override's path.
fn break_late(site: &crate::support::TempSite, name: &str) -> std::path::PathBuf {
    let templates = site.root.join("templates");
    fs::create_dir_all(&templates).unwrap();
    let path = templates.join(name);
    fs::write(
        &path,
        "<p>{{ page_title }}</p>\n<p>{{ no_such_value.field }}</p>\n",
    )
    .unwrap();
    path
}

/// A new output folder is written while the site renders; a page that fails late (here: every
/// article, in a template that reads a value no page has) leaves no folder at all, though other
/// pages were written meanwhile.
#[test]
fn a_build_that_fails_while_writing_a_new_folder_leaves_no_folder() {
    let site = fixture("snapshot");
    let broken = break_late(&site, "article.html");
    let r = site.build(&[]);
    r.expect_code(1);
    assert!(
        r.stderr.contains("templates/article.html:2:"),
        "{}",
        r.stderr
    );
    assert!(!site.out().exists(), "{:?}", read_tree(&site.out()).keys());
    let siblings: Vec<String> = fs::read_dir(site.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(siblings, ["site"]);

    // Mended, the same build writes the whole site, and nothing else.
    fs::remove_file(broken).unwrap();
    site.build(&[]).expect_code(0);
    let files = read_tree(&site.out());
    assert!(files.keys().any(|p| p.starts_with("tin-tuc/")));
    assert!(files.keys().all(|p| !p.contains("bantin-staging")));
}

/// An existing output folder is compared and staged while the site renders; a page that fails
/// late leaves the folder exactly as it was (bytes, mtimes, inodes), with no staging folder.
#[test]
fn a_build_that_fails_while_updating_a_folder_leaves_it_exactly_as_it_was() {
    let site = fixture("snapshot");
    site.build(&[]).expect_code(0);
    let before = tree_state(&site.out());
    sleep(TICK);
    // Changed pages are staged before the failing ones are rendered.
    let article = site
        .content()
        .join("articles/2024/hoi-nghi-trien-khai-2024.md");
    let text = fs::read_to_string(&article).unwrap();
    fs::write(&article, text.replace("năm 2024.", "năm 2024 (đã sửa).")).unwrap();
    let broken = break_late(&site, "case.html");
    let r = site.build(&[]);
    r.expect_code(1);
    assert!(r.stderr.contains("templates/case.html:2:"), "{}", r.stderr);
    assert_eq!(tree_state(&site.out()), before, "the output changed");

    // Mended, the next build updates the folder and leaves no staging folder.
    fs::remove_file(broken).unwrap();
    let r = site.build(&[]);
    r.expect_code(0);
    assert!(r.stderr.contains(" written, "), "{}", r.stderr);
    let after = read_tree(&site.out());
    assert!(after.keys().all(|p| !p.contains("bantin-staging")));
    assert_ne!(tree_state(&site.out()), before);
}

/// Issue 15, finding 5: links under `content/` were skipped without a word (a linked folder of
/// bulletins vanished with 0 warnings, even under `--strict`). Each is now a warning naming it
/// and its target; none is followed outside the project folder.
#[cfg(unix)]
#[test]
fn symbolic_links_are_each_a_warning_and_never_followed_outside_the_project() {
    use std::os::unix::fs::symlink;
    let site = crate::support::example();
    let outside = site.dir.path().join("outside");
    std::fs::create_dir_all(outside.join("2026")).unwrap();
    std::fs::write(
        outside.join("2026/bai.md"),
        "---\ntitle: Bài ở ngoài\ndate: 2026-01-02\n---\nNội dung.\n",
    )
    .unwrap();
    symlink("/etc/passwd", site.content().join("static/passwd.txt")).unwrap();
    symlink(outside.join("2026"), site.content().join("articles/2026")).unwrap();
    let check = site.check(&[]);
    check.expect_code(0);
    let warnings: Vec<String> = check
        .diagnostics_but_example_gps()
        .into_iter()
        .map(|d| format!("{} {}", d.location, d.message))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", check.stderr);
    assert!(warnings[0].starts_with(
        "content/articles/2026:1:1 the symbolic link `content/articles/2026` points to `"
    ));
    assert!(warnings[1].starts_with("content/static/passwd.txt:1:1 the symbolic link `content/static/passwd.txt` points to `/etc/passwd`, outside the project folder"));
    site.check(&["--strict"]).expect_code(1);
    site.build(&[]).expect_code(0);
    assert!(!site.out().join("passwd.txt").exists());
    assert!(!site.out().join("tin-tuc/bai-o-ngoai").exists());
}

/// Issue 17: two builds of one folder at once mixed their pages. A build now holds the folder's
/// lock; another waits briefly, then refuses with exit 2 and the owner's pid, writing nothing.
#[test]
fn a_second_build_of_the_same_folder_waits_then_refuses() {
    let site = fixture("snapshot");
    site.build(&[]).expect_code(0);
    let before = tree_state(&site.out());
    let mut lock = fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(site.out().join(".bantin-lock"))
        .unwrap();
    lock.lock().unwrap();
    std::io::Write::write_all(&mut lock, b"4242\n").unwrap();
    let started = std::time::Instant::now();
    let r = site.build(&["--drafts"]);
    r.expect_code(2);
    assert!(
        started.elapsed() >= Duration::from_millis(1500),
        "it waited"
    );
    assert!(
        r.stderr.contains("another bantin build is writing") && r.stderr.contains("(pid 4242)"),
        "{}",
        r.stderr
    );
    assert_eq!(tree_state(&site.out()), before);
    // The owner dies without clearing its pid: the next build takes over and says so.
    drop(lock);
    let r = site.build(&["--drafts"]);
    r.expect_code(0);
    assert!(
        r.stderr.contains("(pid 4242) stopped before it finished"),
        "{}",
        r.stderr
    );
}

/// Issue 17: after a crash, the very next command, `check` included, removes what the build
/// left beside the output folder and says so; the folder itself is a whole site throughout.
#[test]
fn the_command_after_a_crash_removes_its_leftovers_and_says_so() {
    let site = fixture("snapshot");
    site.build(&[]).expect_code(0);
    let before = tree_state(&site.out());
    let left = site.dir.path().join(".out.bantin-next-4194999");
    fs::create_dir_all(left.join("tin-tuc")).unwrap();
    fs::write(left.join("tin-tuc/index.html"), "half").unwrap();
    let out = site.out();
    let r = site.check(&["--out", out.to_str().unwrap()]);
    r.expect_code(0);
    assert!(
        r.stderr.contains("left by an interrupted build")
            && r.stderr.contains(".out.bantin-next-4194999"),
        "{}",
        r.stderr
    );
    assert!(!left.exists());
    assert_eq!(tree_state(&site.out()), before);
    let again = site.check(&["--out", out.to_str().unwrap()]);
    assert!(
        !again.stderr.contains("interrupted"),
        "said once: {}",
        again.stderr
    );
}
