//! Tests of the output folder: safe paths, the switch, what is kept.

use super::*;

/// A file of the site with text `b` at `p`.
fn f(p: &str, b: &str) -> OutputFile {
    OutputFile {
        path: p.into(),
        bytes: b.as_bytes().to_vec(),
    }
}

#[test]
fn unsafe_paths_are_refused() {
    for p in [
        "../x",
        "/etc/passwd",
        "a/../../b",
        "a\0b",
        "",
        "a//b",
        "C:/x",
        "a\\..\\b",
    ] {
        assert!(safe_relative(p).is_err(), "{p:?}");
    }
    assert!(safe_relative("tin-tuc/a/index.html").is_ok());
}

#[test]
fn unsafe_paths_and_files_named_like_folders_are_found_before_writing() {
    let found = path_problems([
        "thong-ke/index.html",
        "a:b.txt",
        "thong-ke",
        "index.html",
        "index.html/z.txt",
        "thong-ke-2/index.html",
        "x\\y.txt",
        "thong-ke/index.html",
    ]);
    assert_eq!(
        found,
        vec![
            PathProblem::Unsafe("a:b.txt".into()),
            PathProblem::FileIsFolder("index.html".into(), "index.html/z.txt".into()),
            PathProblem::FileIsFolder("thong-ke".into(), "thong-ke/index.html".into()),
            PathProblem::Unsafe("x\\y.txt".into()),
        ]
    );
    assert!(path_problems(["a/b", "a/c", "ab", "a-b/c"]).is_empty());
    assert_eq!(
        path_problems(["a", "a/b", "a/c/d"]),
        vec![PathProblem::FileIsFolder("a".into(), "a/b".into())]
    );
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    fs::symlink_metadata(p).unwrap().ino()
}

fn stats(written: usize, unchanged: usize, removed: usize, kept: &[&str]) -> WriteStats {
    WriteStats {
        written,
        unchanged,
        removed,
        kept: kept.iter().map(|k| k.to_string()).collect(),
        notices: Vec::new(),
    }
}

#[test]
fn only_what_bantin_wrote_is_replaced_or_removed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let s = write_site(&out, &[f("a/index.html", "1"), f("b.txt", "2")]).unwrap();
    assert_eq!(s, stats(2, 0, 0, &[]));
    // What a deploy adds: a repository, a domain file, a link to a folder elsewhere, a file
    // in one of bantin's folders.
    fs::create_dir_all(out.join(".git/objects")).unwrap();
    fs::write(out.join(".git/HEAD"), "ref").unwrap();
    fs::write(out.join("CNAME"), "thads.example.vn").unwrap();
    std::os::unix::fs::symlink(dir.path(), out.join("link")).unwrap();
    fs::write(out.join("a/ghi-chu.txt"), "x").unwrap();
    let a_inode = inode(&out.join("a/index.html"));
    let s = write_site(&out, &[f("a/index.html", "1"), f("c.txt", "3")]).unwrap();
    assert_eq!(
        s,
        stats(1, 1, 1, &[".git", "CNAME", "a/ghi-chu.txt", "link"])
    );
    assert!(!out.join("b.txt").exists());
    assert_eq!(fs::read_to_string(out.join("c.txt")).unwrap(), "3");
    assert_eq!(fs::read_to_string(out.join(".git/HEAD")).unwrap(), "ref");
    assert!(out.join(".git/objects").is_dir());
    assert_eq!(fs::read_link(out.join("link")).unwrap(), dir.path());
    assert_eq!(fs::read_to_string(out.join("a/ghi-chu.txt")).unwrap(), "x");
    assert_eq!(
        inode(&out.join("a/index.html")),
        a_inode,
        "unchanged, not rewritten"
    );
    assert_eq!(names_in(dir.path()), ["output"], "nothing left beside it");
}

#[test]
fn a_new_output_folder_appears_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x/y/output");
    // `a` is both a file and the folder of `a/index.html`: the file cannot be written.
    let broken = [f("a", "0"), f("a/index.html", "1"), f("b.txt", "2")];
    assert!(write_site(&out, &broken).is_err());
    assert_eq!(
        names_in(dir.path()),
        Vec::<String>::new(),
        "x/y/ made for it, removed"
    );
    let folder = Writer::for_folder(&out).unwrap();
    (0..40).into_par_iter().for_each(|i| {
        folder.put(&f(&format!("p{}/{i}/index.html", i % 3), &i.to_string()));
    });
    folder.put(&f("b.txt", "b"));
    assert_eq!(folder.paths().len(), 41);
    assert_eq!(
        names_in(&out),
        [LOCK],
        "nothing of the site before it is whole"
    );
    assert_eq!(folder.finish().unwrap().written, 41);
    assert_eq!(names_in(&out), [LOCK, MARKER, "b.txt", "p0", "p1", "p2"]);
    assert_eq!(
        fs::read_to_string(out.join("p1/7/index.html")).unwrap(),
        "7"
    );
    assert_eq!(names_in(&dir.path().join("x/y")), ["output"]);
    // An unsafe path is an error too, and so is abandoning: nothing changes.
    let folder = Writer::for_folder(&out).unwrap();
    folder.put(&f("b.txt", "changed"));
    folder.put(&f("../escape", "x"));
    assert!(matches!(folder.finish(), Err(EnvError::BadPath(_))));
    let folder = Writer::for_folder(&out).unwrap();
    folder.put(&f("b.txt", "changed"));
    folder.abandon();
    assert_eq!(fs::read_to_string(out.join("b.txt")).unwrap(), "b");
    assert_eq!(names_in(&dir.path().join("x/y")), ["output"]);
}

#[test]
fn an_existing_folder_is_switched_whole_and_left_alone_when_nothing_changed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    let first = [
        f("a/index.html", "1"),
        f("b.txt", "2"),
        f("c/index.html", "3"),
        f("d", "4"),
    ];
    write_site(&out, &first).unwrap();
    // The same files again: nothing is switched, the folder is exactly as it was.
    let folder_inode = inode(&out);
    assert_eq!(write_site(&out, &first).unwrap(), stats(0, 4, 0, &[]));
    assert_eq!(inode(&out), folder_inode);
    // `a` unchanged, `b.txt` changed, `c` now a file, `d` now a folder, `c/index.html`
    // gone, `e/f/g.txt` new.
    let a_before = inode(&out.join("a/index.html"));
    let folder = Writer::for_folder(&out).unwrap();
    let second = [
        f("a/index.html", "1"),
        f("b.txt", "22"),
        f("c", "33"),
        f("d/index.html", "44"),
        f("e/f/g.txt", "5"),
    ];
    second.par_iter().for_each(|file| folder.put(file));
    assert_eq!(
        fs::read_to_string(out.join("b.txt")).unwrap(),
        "2",
        "not yet"
    );
    assert_eq!(folder.finish().unwrap(), stats(4, 1, 2, &[]));
    assert_eq!(names_in(&out), [LOCK, MARKER, "a", "b.txt", "c", "d", "e"]);
    assert_eq!(fs::read_to_string(out.join("c")).unwrap(), "33");
    assert_eq!(fs::read_to_string(out.join("d/index.html")).unwrap(), "44");
    assert_eq!(
        inode(&out.join("a/index.html")),
        a_before,
        "linked, not rewritten"
    );
    assert_eq!(names_in(dir.path()), ["output"]);
}

#[test]
fn what_an_interrupted_build_left_is_removed_by_the_next_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("output");
    write_site(&out, &[f("a/index.html", "1")]).unwrap();
    fs::create_dir_all(dir.path().join(".output.bantin-next-4194999/a")).unwrap();
    fs::create_dir_all(out.join(LEGACY_STAGING).join("old")).unwrap();
    fs::write(out.join(LOCK), "4194999\n").unwrap();
    let notices = recover(&out);
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert!(notices[0].contains("pid 4194999"), "{notices:?}");
    assert_eq!(names_in(dir.path()), ["output"]);
    assert_eq!(names_in(&out), [LOCK, MARKER, "a"]);
    assert!(recover(&out).is_empty(), "nothing left to do");
    // The fallback switch stopped between its renames: the previous site goes back.
    fs::rename(&out, dir.path().join(".output.bantin-old-4194999")).unwrap();
    assert_eq!(recover(&out).len(), 1);
    assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "1");
}

#[test]
fn the_fallback_switch_puts_the_new_tree_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let (next, out) = (dir.path().join("next"), dir.path().join("out"));
    fs::create_dir(&next).unwrap();
    fs::write(next.join("n"), "new").unwrap();
    fs::create_dir(&out).unwrap();
    fs::write(out.join("o"), "old").unwrap();
    super::switch::exchange_by_renames(&next, &out).unwrap();
    assert_eq!(names_in(&out), ["n"]);
    assert_eq!(names_in(&next), ["o"]);
}

#[test]
fn refuses_foreign_and_dangerous_folders() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::create_dir_all(root.join("content")).unwrap();
    assert!(check_out_dir(Some(root), root).is_err());
    assert!(check_out_dir(Some(root), &root.join("content")).is_err());
    assert!(check_out_dir(Some(root), Path::new("/")).is_err());
    assert!(check_out_dir(Some(root), &root.join("content/x")).is_err());
    fs::create_dir_all(root.join("docs")).unwrap();
    fs::write(root.join("docs/a.txt"), "x").unwrap();
    assert!(check_out_dir(Some(root), &root.join("docs")).is_err());
    assert!(check_out_dir(Some(root), &root.join("output")).is_ok());
}
