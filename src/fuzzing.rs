//! Entry points shared by the cargo-fuzz targets (`fuzz/`) and their proptest fallback
//! (`tests/it/fuzz_fallback.rs`), so both exercise exactly the same code, and the runs in memory
//! that they and the tests make ([`check_files`]). Not a public API.
//!
//! Each function takes arbitrary bytes and must return, whatever they hold: a panic anywhere
//! below is a bug. The few invariants checked here (`assert!`) are ones the rest of bantin
//! relies on.

use std::ops::Range;
use std::path::PathBuf;

use crate::docnum::{find_doc_numbers, parse_doc_number};
use crate::markdown::{AutoLink, MarkdownEnv, MdProblem, render_markdown};
use crate::model::Audience;
use crate::pipeline::{self, Built, Input, Options, Output, Report, Updatable};

/// Check and render a project held in memory (root-relative path, bytes) for `audience`, with
/// drafts or not: the report, and the site with its files when it has no errors. The pipeline
/// as tests and fuzzing use it most.
pub fn check_files(
    files: Vec<(PathBuf, Vec<u8>)>,
    audience: Audience,
    drafts: bool,
) -> (Report, Option<Built>) {
    let options = Options::for_audience(audience, drafts);
    let run = pipeline::run(Input::Files(files), Output::Memory, &options, &mut |_| {});
    // Nothing touches the disk, so nothing in the environment can fail.
    let (report, outcome) = run.expect("a run in memory has no environment to fail");
    (report, outcome.built())
}

/// [`check_files`], keeping what updates the site after articles are edited (as `serve` does).
pub fn check_files_updatable(
    files: Vec<(PathBuf, Vec<u8>)>,
    audience: Audience,
    drafts: bool,
) -> (Report, Option<Updatable>) {
    let options = Options::for_audience(audience, drafts);
    let run = pipeline::run(
        Input::Files(files),
        Output::Updatable,
        &options,
        &mut |_| {},
    );
    let (report, outcome) = run.expect("a run in memory has no environment to fail");
    (report, outcome.updatable())
}

/// The fuzz targets, by name (as under `fuzz/fuzz_targets/` and `fuzz/corpus/`).
pub const TARGETS: &[&str] = &["article", "records", "docnum", "markdown"];

/// Run the entry point of the target `name` (one of [`TARGETS`]) on `data`.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "article" => article(data),
        "records" => records(data),
        "docnum" => docnum(data),
        "markdown" => markdown(data),
        other => panic!("no fuzz target named {other}"),
    }
}

const SITE: &str =
    "title: \"Bản tin thử nghiệm\"\nunit: dai-tu\nbase_url: \"https://example.vn/\"\n";
const UNITS: &str = "\
- id: cuc-thai-nguyen
  name: \"Cục Thi hành án dân sự tỉnh Thái Nguyên\"
  kind: cuc
  until: 30/06/2025
  successor: thads-thai-nguyen
- id: thads-thai-nguyen
  name: \"Thi hành án dân sự tỉnh Thái Nguyên\"
  kind: thads-tinh
  from: 01/07/2025
- id: dai-tu
  name: \"Chi cục Thi hành án dân sự huyện Đại Từ\"
  short_name: \"Chi cục THADS Đại Từ\"
  kind: chi-cuc
  parent: cuc-thai-nguyen
  until: 30/06/2025
  successor: kv3-thai-nguyen
- id: kv3-thai-nguyen
  name: \"Phòng Thi hành án dân sự khu vực 3 – Thái Nguyên\"
  kind: phong-khu-vuc
  parent: thads-thai-nguyen
  from: 01/07/2025
- { id: phu-luong, name: \"Chi cục THADS Phú Lương\", kind: chi-cuc, parent: cuc-thai-nguyen }
- { id: dinh-hoa, name: \"Chi cục THADS Định Hóa\", kind: chi-cuc, parent: cuc-thai-nguyen }
- { id: vo-nhai, name: \"Chi cục THADS Võ Nhai\", kind: chi-cuc, parent: cuc-thai-nguyen }
";
const STATS: &str = "\
- unit: dai-tu
  years:
    - { year: 2021, cases: { rate: 85.71, exceeded: 1.71 }, money: { rate: 56.49, exceeded: 20.78 } }
    - { year: 2022, cases: { rate: 88.62, exceeded: 4.62 }, money: { rate: 53.88, exceeded: 10.28 } }
    - year: 2023
      cases: { total: 1530, eligible: 1208, completed: 1088, target: 84.5 }
      money: { rate: 62.28, target: 48 }
      rank: { cases: 1, money: 1 }
- { unit: phu-luong, years: [{ year: 2023, cases: { rate: 80 }, money: { rate: 40 } }] }
- { unit: dinh-hoa, years: [{ year: 2023, cases: { rate: 79.5 }, money: { rate: 39 } }] }
- { unit: vo-nhai, years: [{ year: 2023, cases: { rate: 70 }, money: { rate: 30.25 } }] }
";
const DIRECTIVES: &str = "\
- number: \"33-CT/TU\"
  date: 25/09/2020
  issuer: \"Ban Thường vụ Tỉnh ủy Thái Nguyên\"
  title: \"Về tăng cường sự lãnh đạo của Đảng đối với công tác thi hành án dân sự\"
  unit: cuc-thai-nguyen
- number: \"121-CV/HU\"
  date: 25/01/2021
  issuer: \"Ban Thường vụ Huyện ủy Đại Từ\"
  title: \"Về tăng cường sự lãnh đạo của Đảng\"
  implements: [\"33-CT/TU\"]
  unit: dai-tu
- number: \"53/KH-UBND\"
  date: 02/03/2021
  issuer: \"Ủy ban nhân dân huyện Đại Từ\"
  title: \"Kế hoạch thực hiện Chỉ thị số 33-CT/TU\"
  implements: [\"33-CT/TU\"]
";
const CASES: &str = "\
- id: vu-hoang-nong-2023
  title: \"Vụ Nguyễn Thị Hải\"
  unit: dai-tu
  party: \"Nguyễn Thị Hải\"
  resolved: 2023
  directives: [\"33-CT/TU\"]
- id: vu-phu-xuyen-2023
  title: \"Vụ Nguyễn Văn Sơn\"
  unit: dai-tu
  resolved: 25/09/2023
  measures: [cưỡng chế]
- { id: vu-khoi-ky-2023, title: \"Vụ Công ty TNHH An Phát\", unit: dai-tu, resolved: 2023 }
";

/// A small valid site: `site.yaml`, units of both generations, a year of statistics,
/// directives, cases and two static images, so that the example site's articles check clean.
pub fn minimal_site() -> Vec<(PathBuf, Vec<u8>)> {
    [
        ("content/site.yaml", SITE),
        ("content/units/units.yaml", UNITS),
        ("content/stats/stats.yaml", STATS),
        ("content/directives/directives.yaml", DIRECTIVES),
        ("content/cases/cases.yaml", CASES),
        ("content/static/img/a.jpg", "\u{ff}\u{d8}"),
        (
            "content/static/img/cuong-che-ky-phu.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
    ]
    .into_iter()
    .map(|(p, t)| (PathBuf::from(p), t.as_bytes().to_vec()))
    .collect()
}

/// Render a project held in memory (as [`check_files`] takes it) whatever errors it has: what
/// would be published if a build ignored its errors. Builds never do; tests use it to show
/// that hostile content is harmless even then. Records that fail to validate are left out.
pub fn render_unchecked(
    files: Vec<(PathBuf, Vec<u8>)>,
    audience: Audience,
) -> Vec<crate::model::OutputFile> {
    let mut diags = Vec::new();
    let raw = crate::load::load_files(files, &mut diags);
    let mut d = crate::validate::Diags { list: diags };
    let opts = crate::validate::ValidateOptions {
        audience,
        drafts: true,
        as_of: None,
    };
    let Some(site) = crate::validate::validate_site_unchecked(raw, opts, &mut d) else {
        return Vec::new();
    };
    crate::render::render(&site, &Default::default(), crate::render::Target::Returned)
        .map(|r| r.files)
        .unwrap_or_default()
}

/// Run the whole pipeline in memory, with drafts (so that every article is rendered), for the
/// public site or, when the input's length is odd, the internal one.
fn check(files: Vec<(PathBuf, Vec<u8>)>, data: &[u8]) {
    let audience = if data.len() % 2 == 1 {
        Audience::Internal
    } else {
        Audience::Public
    };
    let (report, built) = check_files(files, audience, true);
    // A site is handed back only when there is no error.
    assert!(built.is_none() || report.errors() == 0);
}

/// `article`: the bytes are an article file (front matter + Markdown) in the minimal site.
pub fn article(data: &[u8]) {
    let mut files = minimal_site();
    files.push((
        PathBuf::from("content/articles/2024/bai-viet.md"),
        data.to_vec(),
    ));
    check(files, data);
}

/// Where the `records` target puts its file, by the first byte of the input modulo 5.
pub const RECORD_FILES: &[&str] = &[
    "content/site.yaml",
    "content/units/fuzz.yaml",
    "content/stats/fuzz.yaml",
    "content/directives/fuzz.yaml",
    "content/cases/fuzz.yaml",
];

/// `records`: the first byte picks a kind of YAML file ([`RECORD_FILES`]), the rest is its
/// content. `site.yaml` replaces the minimal site's; the others sit beside its records.
pub fn records(data: &[u8]) {
    let Some((&first, body)) = data.split_first() else {
        return;
    };
    let path = RECORD_FILES[first as usize % RECORD_FILES.len()];
    let mut files = minimal_site();
    files.retain(|(p, _)| p.as_os_str() != path);
    files.push((PathBuf::from(path), body.to_vec()));
    check(files, data);
}

/// `docnum`: the bytes (lossily decoded) as one document number, and as text to search.
pub fn docnum(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(n) = parse_doc_number(&text) {
        let _ = (n.canonical(), n.slug(), n.id(2024), n.kind_name());
        for year in [i32::MIN, -1, 0, 9999, i32::MAX] {
            let _ = n.id(year);
        }
    }
    for (range, n) in find_doc_numbers(&text) {
        // The Markdown renderer slices the text with these ranges.
        assert!(
            text.get(range.clone()).is_some(),
            "range {range:?} is not a slice of the text"
        );
        let _ = (n.canonical(), n.slug(), n.kind_name());
    }
}

/// `markdown`: the bytes (lossily decoded) as an article body, rendered with callbacks that
/// give awkward answers: links to odd URLs, auto-link ranges out of bounds, reversed,
/// overlapping or inside a character, charts that fail at impossible positions. Its HTML must
/// hold no active content (the sanitizer's promise, `crate::sanitize::inspect`).
pub fn markdown(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    // Where the body starts in its file: after no front matter, a short one, or a long one.
    let first_line = data
        .first()
        .map_or(1, |&b| [1, 2, 12, 100_000][b as usize % 4]);
    let resolve = |path: &str| -> Option<String> {
        match path.len() % 4 {
            0 => None,
            1 => Some(String::new()),
            2 => Some(format!("\"><script>{path}</script>")),
            _ => Some(path.repeat(2)),
        }
    };
    let autolinks = |t: &str| -> Vec<AutoLink> {
        let n = t.len();
        let mut out: Vec<AutoLink> = find_doc_numbers(t)
            .into_iter()
            .map(|(r, d)| (r, format!("../van-ban/{}/", d.slug()), d.canonical()))
            .collect();
        let odd: [Range<usize>; 7] = [
            0..n,
            0..0,
            n / 2..n + 3,
            1..n.saturating_sub(1),
            #[allow(clippy::reversed_empty_ranges)]
            (n..0),
            usize::MAX - 1..usize::MAX,
            1..2,
        ];
        out.extend(
            odd.into_iter()
                .map(|r| (r, "\"<&>'".to_string(), "\u{0}\"".to_string())),
        );
        out
    };
    let chart = |body: &str, line: u32| -> Result<String, MdProblem> {
        match body.len() % 3 {
            0 => Ok(String::new()),
            // The chart renderer's HTML is trusted; here it is inert, so that the output can be
            // held to the sanitizer's promise.
            1 => Ok(format!("<div class=\"chart\">{}</div>", body.len())),
            _ => Err(MdProblem {
                line: line.wrapping_add(u32::MAX),
                col: 0,
                message: body.to_string(),
                hint: None,
                is_warning: body.len().is_multiple_of(2),
            }),
        }
    };
    let env = MarkdownEnv {
        first_line,
        column_offset: 0,
        footnote_prefix: "fn-\"x\"-",
        resolve_root_path: &resolve,
        find_autolinks: &autolinks,
        render_chart: &chart,
        resolve_photo: None,
    };
    let out = render_markdown(&text, &env);
    let _ = (out.html.len(), out.problems.len(), out.plain_text.len());
    // The sanitizer's promise (issue 15): whatever the text, its HTML, parsed as a browser
    // parses it, has no event handler, no URL that runs code, nothing from another host, no
    // element that runs or embeds, no forbidden character.
    let breaches = crate::sanitize::inspect::active_content(&out.html);
    assert!(breaches.is_empty(), "{breaches:?} in {:?}", out.html);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The targets only reach rendering if the site around the fuzzed file is clean.
    #[test]
    fn minimal_site_is_clean_and_renders() {
        for audience in [Audience::Public, Audience::Internal] {
            let (report, built) = check_files(minimal_site(), audience, true);
            assert_eq!(report.diagnostics, vec![], "{audience:?}");
            assert!(built.is_some() && report.pages > 10, "{audience:?}");
        }
    }

    #[test]
    fn render_unchecked_renders_a_site_whose_errors_stop_a_build() {
        let mut files = minimal_site();
        files.push((
            PathBuf::from("content/articles/2024/loi.md"),
            "---\ntitle: Có lỗi\ndate: 2024-01-02\n---\n[x](/khong-co/)\n"
                .as_bytes()
                .to_vec(),
        ));
        let (report, built) = check_files(files.clone(), Audience::Public, false);
        assert!(report.errors() > 0 && built.is_none());
        let out = render_unchecked(files, Audience::Public);
        assert!(out.iter().any(|f| f.path == "tin-tuc/co-loi/index.html"));
    }
}
