//! The command line: help, exit codes, `--root`, the build summary and the `--out` refusals.

use std::fs;

use crate::support::{self, fixture, repo_root, run, tree_state};

#[test]
fn help_is_available_for_every_command() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["help", "build"],
    ] {
        let r = run(args);
        r.expect_code(0);
        assert!(r.stdout.contains("Usage: bantin"), "{args:?}: {}", r.stdout);
    }
    let r = run(&["build", "--help"]);
    for flag in ["--root", "--out", "--audience", "--drafts"] {
        assert!(r.stdout.contains(flag), "build --help lacks {flag}");
    }
    assert!(run(&["check", "--help"]).stdout.contains("--strict"));
}

#[test]
fn unknown_flag_or_bad_value_is_a_usage_error() {
    let r = run(&["build", "--bogus"]);
    r.expect_code(2);
    assert!(r.stderr.contains("--bogus"), "{}", r.stderr);

    let r = run(&["check", "--stirct"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("--strict"),
        "suggests --strict: {}",
        r.stderr
    );

    let r = run(&["build", "--audience", "everyone"]);
    r.expect_code(2);
    assert!(r.stderr.contains("public") && r.stderr.contains("internal"));

    // `--strict` belongs to `check` only.
    run(&["build", "--strict"]).expect_code(2);
    // No command at all.
    run(&[]).expect_code(2);
    run(&["publish"]).expect_code(2);
}

#[test]
fn root_without_content_folder_is_an_environment_error() {
    let empty = tempfile::tempdir().unwrap();
    let root = empty.path().to_str().unwrap();
    for cmd in ["check", "build"] {
        let r = run(&[cmd, "--root", root]);
        r.expect_code(2);
        assert!(
            r.stderr.contains("no content/ folder") && r.stderr.contains(root),
            "{cmd}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains("--root"),
            "the message says how to fix it"
        );
    }
    // `build` must not have created an output folder in the bad root.
    assert_eq!(fs::read_dir(empty.path()).unwrap().count(), 0);

    let missing = empty.path().join("khong-co");
    let r = run(&["check", "--root", missing.to_str().unwrap()]);
    r.expect_code(2);
    assert!(r.stderr.contains("no content/ folder"), "{}", r.stderr);
}

#[test]
fn check_of_the_example_site_succeeds() {
    let repo = repo_root().to_str().unwrap();
    let r = run(&["check", "--root", repo]);
    r.expect_code(0);
    assert!(r.last_line().starts_with("checked: "), "{}", r.stderr);
    assert!(
        r.last_line().contains(" pages would be built"),
        "{}",
        r.stderr
    );
    // One warning on purpose: a photo of the example holds a GPS position (issue 21).
    assert!(
        r.last_line().contains("0 errors, 1 warning"),
        "{}",
        r.stderr
    );
    assert!(r.diagnostics_but_example_gps().is_empty(), "{}", r.stderr);
    let strict = run(&["check", "--strict", "--root", repo]);
    strict.expect_code(1);
    assert!(
        strict.diagnostics_but_example_gps().is_empty(),
        "{}",
        strict.stderr
    );
}

#[test]
fn check_of_a_copy_of_the_example_writes_nothing() {
    let site = support::example();
    let before = tree_state(site.dir.path());
    site.check(&[]).expect_code(0);
    assert_eq!(tree_state(site.dir.path()), before);
    assert!(!site.root.join("output").exists());
}

/// "built N pages, …": N.
fn built_pages(summary: &str) -> usize {
    summary
        .strip_prefix("built ")
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("not a build summary: {summary}"))
}

#[test]
fn build_of_the_example_site_writes_output_and_a_one_line_summary() {
    // A copy: the build keeps its photo cache in the project, never in the repository.
    let site = support::example();
    let out = site.out();
    let r = site.build(&[]);
    r.expect_code(0);
    // The example's one warning on purpose (a photo with GPS), then one summary line.
    assert!(r.diagnostics_but_example_gps().is_empty(), "{}", r.stderr);
    let summary = r.last_line();
    assert!(summary.contains(" pages, "), "{summary}");
    assert!(summary.contains("0 errors, 1 warning"), "{summary}");
    assert!(
        summary.ends_with(" ms"),
        "the summary gives the time: {summary}"
    );
    assert!(out.join("index.html").is_file());
    assert!(
        out.join(".bantin-output").is_file(),
        "the marker is written"
    );
    let pages = support::read_tree(&out)
        .keys()
        .filter(|p| p.ends_with(".html"))
        .count();
    assert!(pages > 30, "{pages} pages");
    assert_eq!(
        built_pages(summary),
        pages,
        "the summary counts the pages written"
    );
}

#[test]
fn default_output_folder_is_output_inside_the_root() {
    let site = fixture("snapshot");
    let r = site.run(&["build"]);
    r.expect_code(0);
    assert!(site.root.join("output/index.html").is_file());
    assert!(site.root.join("output/.bantin-output").is_file());
}

/// Every refused `--out`: exit 2, a message saying why, and not one byte or mtime changed.
#[test]
fn unsafe_output_folders_are_refused_and_left_untouched() {
    let site = fixture("snapshot");
    fs::create_dir_all(site.root.join("templates")).unwrap();
    fs::write(site.root.join("templates/robots.txt"), "User-agent: *\n").unwrap();
    let foreign = site.dir.path().join("tai-lieu");
    fs::create_dir_all(&foreign).unwrap();
    fs::write(foreign.join("bao-cao.docx"), b"not a site").unwrap();

    let before = tree_state(site.dir.path());
    let cases = [
        (site.root.clone(), "it holds"),
        (site.content(), "content"),
        (site.root.join("templates"), "templates"),
        (site.content().join("articles"), "inside"),
        (site.dir.path().to_path_buf(), "it holds"),
        (foreign.clone(), ".bantin-output"),
        (site.content().join("site.yaml"), ""),
    ];
    for (out, why) in &cases {
        let r = site.run(&["build", "--out", out.to_str().unwrap()]);
        r.expect_code(2);
        assert!(
            r.stderr.contains("refusing") && r.stderr.contains(why),
            "--out {}: {}",
            out.display(),
            r.stderr
        );
        assert_eq!(
            tree_state(site.dir.path()),
            before,
            "--out {} changed files",
            out.display()
        );
    }
    let r = site.run(&["build", "--out", "/"]);
    r.expect_code(2);
    assert_eq!(tree_state(site.dir.path()), before);
}

#[test]
fn a_relative_out_that_resolves_to_the_root_is_refused() {
    let site = fixture("snapshot");
    let before = tree_state(site.dir.path());
    // `--out site/content/..` from the parent folder is the root itself.
    let args = [
        "build",
        "--root",
        site.root.to_str().unwrap(),
        "--out",
        "site/content/..",
    ];
    let args: Vec<&std::ffi::OsStr> = args.iter().map(std::ffi::OsStr::new).collect();
    let r = support::run_in(site.dir.path(), &args);
    r.expect_code(2);
    assert_eq!(tree_state(site.dir.path()), before);
}

#[test]
fn a_folder_bantin_made_is_accepted_and_an_empty_one_too() {
    let site = fixture("snapshot");
    let out = site.out();
    fs::create_dir_all(&out).unwrap();
    site.build(&[]).expect_code(0);
    assert!(out.join(".bantin-output").is_file());
    // Non-empty, but with the marker: updated in place.
    site.build(&[]).expect_code(0);
}

/// SPEC §3.1: `unit` (the lead unit) is optional in site.yaml.
#[test]
fn regression_a_site_without_a_lead_unit_builds() {
    let site = fixture("no_lead_unit");
    let r = site.build(&[]);
    r.expect_code(0);
    // The public site has no briefing unless site.yaml makes it public (issue 19).
    assert!(!site.out().join("bao-cao/index.html").exists());
    site.build(&["--audience", "internal"]).expect_code(0);
    let page = fs::read_to_string(site.out().join("bao-cao/index.html")).unwrap();
    assert!(page.contains("Chưa lập được báo cáo"), "{page}");
}

/// Whatever goes wrong in a template, the diagnostic names the template and a 1-based position.
#[test]
fn regression_builtin_template_errors_name_the_template() {
    let r = fixture("no_lead_unit").check(&[]);
    for d in r.diagnostics() {
        assert!(d.location.contains("briefing.html"), "{}", r.stderr);
        assert!(!d.location.ends_with(":0"), "{}", r.stderr);
    }
}
