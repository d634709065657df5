//! Issue 16: serve's incremental path against full builds over random sequences of edits. Each
//! step edits, adds or deletes bulletins as an author would (body, title, date, tags, unit,
//! directives, cases, slug, draft flag, audience); `serve` takes it on its fast path when it can
//! (`Incremental::update_articles`) and builds the whole site otherwise. After every step, the
//! site it would serve must be, file for file and diagnostic for diagnostic, what a full build
//! of the same content gives.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bantin::fuzzing::{check_files, check_files_updatable};
use bantin::model::Audience;
use bantin::pipeline::Incremental;
use proptest::prelude::*;

/// A bulletin as the test writes it.
#[derive(Clone, Debug)]
struct Bulletin {
    file: usize,
    title: String,
    date: (u8, u8, u8),
    unit: bool,
    tags: Vec<&'static str>,
    directives: Vec<&'static str>,
    case: bool,
    slug: Option<String>,
    draft: bool,
    internal: bool,
    body: String,
}

impl Bulletin {
    fn new(file: usize) -> Self {
        Bulletin {
            file,
            title: format!("Bản tin số {file}"),
            date: (1 + (file % 12) as u8, 1 + (file % 27) as u8, 8),
            unit: file.is_multiple_of(2),
            tags: vec![["chung", "nhóm một", "nhóm hai"][file % 3]],
            directives: if file.is_multiple_of(5) {
                vec!["12-CT/TU"]
            } else {
                Vec::new()
            },
            case: file.is_multiple_of(7),
            // Its address, kept when its title changes (as authors do); see `Edit::Title`.
            slug: Some(format!("tin-{file:03}")),
            draft: false,
            internal: false,
            body: format!("Kết quả của đơn vị, bản tin {file}."),
        }
    }

    fn path(&self) -> PathBuf {
        PathBuf::from(format!("content/articles/2024/tin-{:03}.md", self.file))
    }

    fn text(&self) -> String {
        let (month, day, hour) = self.date;
        let mut front = format!(
            "title: \"{}\"\ndate: 2024-{month:02}-{day:02}T{hour:02}:00:00+07:00\nunit: {}\ntags: [{}]\n",
            self.title,
            if self.unit { "cuc-bac-kan" } else { "cho-don" },
            self.tags.join(", ")
        );
        if !self.directives.is_empty() {
            let list: Vec<String> = self.directives.iter().map(|d| format!("\"{d}\"")).collect();
            front.push_str(&format!("directives: [{}]\n", list.join(", ")));
        }
        if self.case {
            front.push_str("cases: [vu-bang-lung-2023]\n");
        }
        if let Some(slug) = &self.slug {
            front.push_str(&format!("slug: {slug}\n"));
        }
        if self.draft {
            front.push_str("draft: true\n");
        }
        if self.internal {
            front.push_str("audience: internal\n");
        }
        format!("---\n{front}---\n\n{}\n", self.body)
    }
}

/// One step of an author.
#[derive(Clone, Debug)]
enum Edit {
    Body(usize, u8),
    Title(usize, u8),
    Date(usize, u8, u8, u8),
    Tags(usize, u8),
    Unit(usize),
    Directives(usize, u8),
    Case(usize),
    Slug(usize, u8),
    Draft(usize),
    Audience(usize),
    Add,
    Delete(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let k = 0usize..64;
    prop_oneof![
        3 => (k.clone(), any::<u8>()).prop_map(|(i, x)| Edit::Body(i, x)),
        2 => (k.clone(), any::<u8>()).prop_map(|(i, x)| Edit::Title(i, x)),
        3 => (k.clone(), 1u8..=12, 1u8..=28, 0u8..24).prop_map(|(i, m, d, h)| Edit::Date(i, m, d, h)),
        2 => (k.clone(), any::<u8>()).prop_map(|(i, x)| Edit::Tags(i, x)),
        1 => k.clone().prop_map(Edit::Unit),
        2 => (k.clone(), any::<u8>()).prop_map(|(i, x)| Edit::Directives(i, x)),
        1 => k.clone().prop_map(Edit::Case),
        1 => (k.clone(), any::<u8>()).prop_map(|(i, x)| Edit::Slug(i, x)),
        1 => k.clone().prop_map(Edit::Draft),
        1 => k.clone().prop_map(Edit::Audience),
        1 => Just(Edit::Add),
        1 => k.prop_map(Edit::Delete),
    ]
}

/// The snapshot fixture's data and other files (its own bulletins left out).
fn data_files() -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/snapshot");
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(root.join("content")) {
        let e = e.expect("fixture readable");
        let rel = e
            .path()
            .strip_prefix(&root)
            .expect("under root")
            .to_path_buf();
        if e.file_type().is_file() && !rel.starts_with("content/articles") {
            let mut bytes = std::fs::read(e.path()).expect("fixture readable");
            // The public site has the briefing too (issue 19), whose report lists the
            // bulletins of its period: the fast path must remake it when they change.
            // A year of figures whose period (01/10/2023 – 30/09/2024) holds most of them.
            if rel == Path::new("content/site.yaml") {
                bytes.extend_from_slice(b"briefing:\n  public: true\n");
            }
            if rel == Path::new("content/stats/cho-don.yaml") {
                bytes.extend_from_slice(b"\n  - year: 2024\n    cases:\n      rate: 90\n");
            }
            files.push((rel, bytes));
        }
    }
    files
}

/// The files of the project with these bulletins.
fn project(bulletins: &[Bulletin]) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = data_files();
    files.extend(bulletins.iter().map(|b| (b.path(), b.text().into_bytes())));
    files
}

/// What `serve` holds: the site it serves and the state its fast path updates.
struct Served {
    files: BTreeMap<String, Vec<u8>>,
    diagnostics: Vec<bantin::diag::Diagnostic>,
    incremental: Incremental,
}

fn full(bulletins: &[Bulletin]) -> Served {
    let (report, kept) = check_files_updatable(project(bulletins), Audience::Public, false);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    let (files, incremental) = kept.expect("the site builds");
    Served {
        files: files.into_iter().map(|f| (f.path, f.bytes)).collect(),
        diagnostics: report.diagnostics,
        incremental,
    }
}

/// Apply `edit` to the bulletins; the files it changed in place (none for an added or deleted
/// bulletin: `serve` builds the whole site then).
fn apply(edit: &Edit, bulletins: &mut Vec<Bulletin>, next_file: &mut usize) -> Option<Vec<usize>> {
    let n = bulletins.len();
    let at = |i: usize| i % n.max(1);
    match *edit {
        Edit::Add => {
            bulletins.push(Bulletin::new(*next_file));
            *next_file += 1;
            return None;
        }
        Edit::Delete(i) => {
            if n > 1 {
                bulletins.remove(at(i));
            }
            return None;
        }
        _ => {}
    }
    let i = match *edit {
        Edit::Body(i, _)
        | Edit::Title(i, _)
        | Edit::Date(i, ..)
        | Edit::Tags(i, _)
        | Edit::Unit(i)
        | Edit::Directives(i, _)
        | Edit::Case(i)
        | Edit::Slug(i, _)
        | Edit::Draft(i)
        | Edit::Audience(i) => at(i),
        Edit::Add | Edit::Delete(_) => unreachable!(),
    };
    let b = &mut bulletins[i];
    match *edit {
        Edit::Body(_, x) => b.body = format!("Nội dung sửa lần {x}. Theo Chỉ thị số 12-CT/TU."),
        Edit::Title(_, x) => {
            // Now and then with the address made from the new title (another page).
            if x % 4 == 0 {
                b.slug = None;
            }
            b.title = format!("Tiêu đề mới {x} của bản tin {}", b.file);
        }
        Edit::Date(_, m, d, h) => b.date = (m, d, h),
        Edit::Tags(_, x) => {
            let all = ["chung", "nhóm một", "nhóm hai", "chủ đề mới"];
            b.tags = all
                .iter()
                .enumerate()
                .filter(|(k, _)| x & (1 << k) != 0)
                .map(|(_, t)| *t)
                .collect();
        }
        Edit::Unit(_) => b.unit = !b.unit,
        Edit::Directives(_, x) => {
            b.directives = [("12-CT/TU", 1), ("45/KH-UBND", 2)]
                .iter()
                .filter(|(_, bit)| x & bit != 0)
                .map(|(d, _)| *d)
                .collect();
        }
        Edit::Case(_) => b.case = !b.case,
        Edit::Slug(_, x) => b.slug = Some(format!("dia-chi-{x}")),
        Edit::Draft(_) => b.draft = !b.draft,
        Edit::Audience(_) => b.internal = !b.internal,
        Edit::Add | Edit::Delete(_) => unreachable!(),
    }
    Some(vec![i])
}

/// Run `edits` from a site of `n` bulletins; after each, compare what is served with a full build.
fn check(n: usize, edits: &[Edit]) -> Result<(usize, usize), TestCaseError> {
    let mut bulletins: Vec<Bulletin> = (0..n).map(Bulletin::new).collect();
    let mut next_file = n;
    let mut served = full(&bulletins);
    let (mut fast, mut whole) = (0, 0);
    for (step, edit) in edits.iter().enumerate() {
        let before = bulletins.clone();
        let changed = apply(edit, &mut bulletins, &mut next_file);
        // Two bulletins may come to share a slug: the author sees an error and fixes it; the
        // test leaves such a step out.
        let (report, built) = check_files(project(&bulletins), Audience::Public, false);
        if report.errors() > 0 {
            if std::env::var_os("BANTIN_TEST_TRACE").is_some() {
                eprintln!("step {step} {edit:?} left out: {:?}", report.diagnostics);
            }
            bulletins = before;
            continue;
        }
        let (_, expected) = built.expect("a site without errors is built");
        let expected: BTreeMap<String, Vec<u8>> =
            expected.into_iter().map(|f| (f.path, f.bytes)).collect();
        let taken = changed.and_then(|changed| {
            let files: Vec<(PathBuf, Vec<u8>)> = changed
                .iter()
                .map(|&i| (bulletins[i].path(), bulletins[i].text().into_bytes()))
                .collect();
            served.incremental.update_articles(files).ok()
        });
        if std::env::var_os("BANTIN_TEST_TRACE").is_some() {
            eprintln!("step {step} {edit:?}: fast path {}", taken.is_some());
        }
        served = match taken {
            Some((incremental, report, rendered)) => {
                fast += 1;
                let mut files = std::mem::take(&mut served.files);
                for f in rendered {
                    prop_assert!(
                        files.contains_key(&f.path),
                        "step {step}: a new file {}",
                        f.path
                    );
                    files.insert(f.path, f.bytes);
                }
                Served {
                    files,
                    diagnostics: report.diagnostics,
                    incremental,
                }
            }
            None => {
                whole += 1;
                full(&bulletins)
            }
        };
        prop_assert_eq!(
            served.files.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "step {} ({:?})",
            step,
            edit
        );
        for (path, bytes) in &expected {
            prop_assert!(
                served.files[path] == *bytes,
                "step {step} ({edit:?}): {path} differs from a full build"
            );
        }
        prop_assert_eq!(&served.diagnostics, &report.diagnostics);
    }
    Ok((fast, whole))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn served_site_after_random_edits_is_a_full_build(edits in prop::collection::vec(edit(), 1..7)) {
        check(24, &edits)?;
    }
}

/// Every kind of edit, one after the other, on a site with lists of several pages: the fast path
/// takes the edits of text, title, date, tags between existing tags, unit, directives and cases.
#[test]
fn every_kind_of_edit_in_turn_matches_a_full_build_and_most_take_the_fast_path() {
    let edits = [
        Edit::Body(3, 1),
        Edit::Title(4, 1),
        Edit::Date(5, 12, 28, 23),
        Edit::Date(6, 1, 1, 0),
        Edit::Tags(7, 0b011),
        Edit::Unit(8),
        Edit::Directives(9, 0b10),
        Edit::Case(10),
        Edit::Slug(11, 7),
        Edit::Draft(12),
        Edit::Audience(13),
        Edit::Add,
        Edit::Delete(14),
        Edit::Title(15, 3),
        Edit::Tags(16, 0b1000),
    ];
    let (fast, whole) = check(30, &edits).expect("served site matches full builds");
    assert!(
        fast >= 8,
        "only {fast} edits took the fast path ({whole} full builds)"
    );
}
