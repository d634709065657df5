//! `build` and `check`: the stages in order, timed. Nothing is written until every stage has
//! succeeded in memory.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{self, Diagnostic, Severity};
use crate::images;
use crate::load;
use crate::model::{Audience, Site};
use crate::output::{self, WriteStats};
use crate::render::{self, OutputFile, RenderOptions, Target};
use crate::source::SourceMap;
use crate::validate::{self, Diags, ValidateOptions};

/// How a run reads the content: for whom, as of which day, and how strictly.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub audience: Audience,
    pub drafts: bool,
    /// Warnings count as errors (`check --strict`).
    pub strict: bool,
    /// Build the site as it stood on that day.
    pub as_of: Option<jiff::civil::Date>,
    /// An archive snapshot of that day: every page says so and every link names `index.html`.
    pub archive: Option<jiff::civil::Date>,
}

impl Options {
    /// For `audience`, with drafts or not, and the defaults otherwise.
    pub fn for_audience(audience: Audience, drafts: bool) -> Options {
        Options {
            audience,
            drafts,
            ..Options::default()
        }
    }
    fn validate_options(&self) -> ValidateOptions {
        ValidateOptions {
            audience: self.audience,
            drafts: self.drafts,
            as_of: self.as_of,
        }
    }
    fn render_options(&self) -> RenderOptions {
        RenderOptions {
            archive_date: self.archive,
            cache: None,
        }
    }
}

/// The cache folder in a project folder (beside `output/`): files costly to make, kept by the
/// hash of what they show; safe to delete.
pub const CACHE_DIR: &str = ".bantin-cache";

/// Where a run's content comes from.
pub enum Input {
    /// The project folder on disk, which holds `content/` (and maybe `templates/`).
    Folder(PathBuf),
    /// A project held in memory: (path relative to the project's root, bytes), as
    /// [`load::load_files`] takes them. Nothing is read from the disk (tests, fuzzing).
    Files(Vec<(PathBuf, Vec<u8>)>),
}

/// What becomes of the files a run renders.
pub enum Output {
    /// Written into this folder, whole or not at all (`build`).
    Folder(PathBuf),
    /// Kept in memory and returned with the site ([`Outcome::Built`]: `check`, `snapshot`).
    Memory,
    /// Kept in memory with what updates them after articles are edited ([`Outcome::Updatable`]:
    /// `serve`).
    Updatable,
}

/// What a run left, besides its [`Report`].
pub enum Outcome {
    /// The content has errors (or warnings, when strict): nothing was kept or written.
    Failed,
    /// The output folder was written ([`Report::written`]).
    Written,
    /// The site and its files, in memory.
    Built(Box<Built>),
    /// The files, and what updates them after articles are edited.
    Updatable(Box<Updatable>),
}

impl Outcome {
    /// The site and its files, when the run kept them in memory.
    pub fn built(self) -> Option<Built> {
        match self {
            Outcome::Built(b) => Some(*b),
            _ => None,
        }
    }
    /// The files and what updates them, when the run kept them so.
    pub fn updatable(self) -> Option<Updatable> {
        match self {
            Outcome::Updatable(u) => Some(*u),
            _ => None,
        }
    }
}

/// Time spent in each stage.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub load: Duration,
    pub validate: Duration,
    pub render: Duration,
    /// Drawing the charts, a part of `render`.
    pub charts: Duration,
    /// Making the derived files of photos (from the cache or by decoding).
    pub photos: Duration,
    /// Photos decoded (none when the cache holds them all).
    pub photos_decoded: usize,
    pub write: Duration,
}

/// What a run produced.
#[derive(Debug, Default)]
pub struct Report {
    /// Sorted: errors first, then warnings.
    pub diagnostics: Vec<Diagnostic>,
    pub sources: SourceMap,
    pub pages: usize,
    /// Standalone chart files (`bieu-do/*.svg`).
    pub charts: usize,
    pub files: usize,
    pub written: Option<WriteStats>,
    pub timings: Timings,
}

impl Report {
    /// Count the pages, charts and files of a site from its files' paths.
    fn count_files<'p>(&mut self, paths: impl Iterator<Item = &'p str>) {
        let (mut pages, mut charts, mut files) = (0, 0, 0);
        for path in paths {
            files += 1;
            pages += usize::from(path.ends_with(".html"));
            charts += usize::from(path.starts_with("bieu-do/") && path.ends_with(".svg"));
        }
        (self.pages, self.charts, self.files) = (pages, charts, files);
    }

    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
    /// Whether the run failed on content (errors, or warnings under `--strict`).
    pub fn failed(&self, strict: bool) -> bool {
        self.errors() > 0 || (strict && self.warnings() > 0)
    }
}

/// A stage of a run, announced as it starts (for a progress display).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Load,
    Validate,
    Render,
    Write,
}

impl Stage {
    pub fn name(self) -> &'static str {
        match self {
            Stage::Load => "reading content",
            Stage::Validate => "checking",
            Stage::Render => "rendering pages and charts",
            Stage::Write => "writing output",
        }
    }
}

pub use crate::error::EnvError;

/// A site checked and rendered in memory, ready to write.
pub type Built = (Site, Vec<OutputFile>);

/// A site rendered in memory, and what updates it after articles are edited.
pub type Updatable = (Vec<OutputFile>, Incremental);

/// Run the stages on `input`, announcing each as it starts: load, validate and render, then,
/// when the content has no errors, hand the files to `output`. The one way into the pipeline.
pub fn run(
    input: Input,
    output: Output,
    opts: &Options,
    progress: &mut dyn FnMut(Stage),
) -> Result<(Report, Outcome), EnvError> {
    match output {
        Output::Folder(out) => write_folder(input, &out, opts, progress),
        Output::Memory => {
            let (report, kept) = load_and_check(input, opts, Target::Returned, progress)?;
            let outcome = kept.map_or(Outcome::Failed, |k| Outcome::Built(Box::new(k.built())));
            Ok((report, outcome))
        }
        Output::Updatable => {
            let (report, kept) = load_and_check(input, opts, Target::Prepared, progress)?;
            let outcome = kept.map_or(Outcome::Failed, |k| {
                Outcome::Updatable(Box::new(k.incremental(&report, opts)))
            });
            Ok((report, outcome))
        }
    }
}

/// Load the project, then validate and render.
fn load_and_check(
    input: Input,
    opts: &Options,
    target: Target,
    progress: &mut dyn FnMut(Stage),
) -> Result<(Report, Option<Kept>), EnvError> {
    progress(Stage::Load);
    let t = Instant::now();
    let mut load_diags = Vec::new();
    let (raw, cache) = match input {
        Input::Folder(root) => (
            load::load_site(&root, &mut load_diags)?,
            Some(root.join(CACHE_DIR)),
        ),
        Input::Files(files) => (load::load_files(files, &mut load_diags), None),
    };
    Ok(validate_and_render(
        (raw, load_diags, t.elapsed()),
        opts,
        (target, cache),
        progress,
    ))
}

/// What a successful run produced, with what an incremental update reuses.
struct Kept {
    site: Site,
    files: Vec<OutputFile>,
    context: validate::ArticleContext,
    /// Only when an incremental update may follow.
    prepared: Option<render::Prepared>,
}

impl Kept {
    fn built(self) -> Built {
        (self.site, self.files)
    }

    fn incremental(self, report: &Report, opts: &Options) -> Updatable {
        let inc = Incremental {
            validate: opts.validate_options(),
            render: opts.render_options(),
            strict: opts.strict,
            site: self.site,
            context: self.context,
            prepared: self.prepared,
            sources: report.sources.clone(),
            diagnostics: report.diagnostics.clone(),
            pages: report.pages,
            charts: report.charts,
            files: report.files,
        };
        (self.files, inc)
    }
}

/// A site built in memory, kept to be updated when articles are edited (`serve`): only the
/// edited articles are read and checked again, and only the pages that can show them are
/// rendered again. Anything else is a full build ([`validate::NeedsFullBuild`]).
pub struct Incremental {
    validate: ValidateOptions,
    render: RenderOptions,
    strict: bool,
    site: Site,
    context: validate::ArticleContext,
    /// Taken while rendering.
    prepared: Option<render::Prepared>,
    sources: SourceMap,
    /// Those of the last run, sorted.
    diagnostics: Vec<Diagnostic>,
    pages: usize,
    charts: usize,
    files: usize,
}

impl Incremental {
    /// The site after these files (root-relative path, new bytes) were edited: the
    /// report of the whole site, and the files that were rendered again (same paths as before;
    /// none appears or disappears). [`validate::NeedsFullBuild`] when the edit is more than
    /// that (a new or removed article, a changed slug, errors…): build the whole site.
    pub fn update_articles(
        mut self,
        changed: Vec<(PathBuf, Vec<u8>)>,
    ) -> Result<(Self, Report, Vec<OutputFile>), validate::NeedsFullBuild> {
        let mut timings = Timings::default();
        let t = Instant::now();
        let mut d = Diags::default();
        let mut raws = Vec::new();
        let paths: Vec<PathBuf> = changed.iter().map(|(p, _)| p.clone()).collect();
        for (rel, bytes) in changed {
            let (raw, source, diags) = load::load_article(rel, bytes);
            if diags.iter().any(|x| x.severity == Severity::Error) {
                return Err(validate::NeedsFullBuild);
            }
            d.list.extend(diags);
            raws.push(raw.ok_or(validate::NeedsFullBuild)?);
            if let Some(source) = source {
                self.sources.add(source);
            }
        }
        timings.load = t.elapsed();
        let t = Instant::now();
        let (site, previous) = validate::revalidate_articles(
            self.site,
            &self.context,
            &raws,
            self.validate,
            &self.sources,
            &mut d,
        )?;
        self.site = site;
        timings.validate = t.elapsed();
        let mut diagnostics: Vec<Diagnostic> = std::mem::take(&mut self.diagnostics)
            .into_iter()
            .filter(|x| !paths.contains(&x.file))
            .chain(d.list)
            .collect();
        diag::sort(&mut diagnostics);
        let t = Instant::now();
        let prepared = self.prepared.take().ok_or(validate::NeedsFullBuild)?;
        let (files, prepared) = prepared.render_changed(&self.site, &self.render, &previous);
        self.prepared = Some(prepared);
        let files = files.map_err(|_| validate::NeedsFullBuild)?;
        timings.render = t.elapsed();
        let report = Report {
            diagnostics: diagnostics.clone(),
            sources: self.sources.clone(),
            pages: self.pages,
            charts: self.charts,
            files: self.files,
            written: None,
            timings,
        };
        if report.failed(self.strict) {
            return Err(validate::NeedsFullBuild);
        }
        self.diagnostics = diagnostics;
        Ok((self, report, files))
    }
}

/// The stages after loading (the site as read, its problems and the time it took): validate,
/// then render when there are no errors.
fn validate_and_render(
    (raw, load_diags, load_time): (load::RawSite, Vec<Diagnostic>, Duration),
    opts: &Options,
    (target, cache): (Target, Option<PathBuf>),
    progress: &mut dyn FnMut(Stage),
) -> (Report, Option<Kept>) {
    let images_dir = cache.as_ref().map(|c| c.join(images::cache::SUBDIR));
    let render_options = &RenderOptions {
        cache: cache.map(|dir| render::Cache {
            dir,
            write: matches!(target, Target::Sent(_) | Target::Prepared),
        }),
        ..opts.render_options()
    };
    let mut report = Report::default();
    report.timings.load = load_time;
    let sources = raw.sources.clone();

    progress(Stage::Validate);
    let t = Instant::now();
    let mut d = Diags { list: load_diags };
    let site = validate::validate_site_with_context(raw, opts.validate_options(), &mut d);
    report.timings.validate = t.elapsed();

    let mut rendered = None;
    if let Some((site, context)) = site
        && d.error_count() == 0
    {
        progress(Stage::Render);
        let t = Instant::now();
        let render = || {
            render::render(&site, render_options, target).map(|r| (r.files, r.prepared, r.charts))
        };
        // The diagnostics (thousands on some sites) are put in order meanwhile.
        let (rendered_site, ()) = rayon::join(render, || diag::sort(&mut d.list));
        let rendered_site = rendered_site.map(|(mut files, prepared, charts)| {
            let t = Instant::now();
            // `check` and `snapshot` (files returned) read the cache but write nothing into the
            // project; `build` and `serve` fill it.
            let cache = images_dir.as_deref().map(|dir| images::cache::Cache {
                dir,
                write: !matches!(target, Target::Returned),
            });
            let made = photos(&site, target, cache, &mut files);
            report.timings.photos = t.elapsed();
            report.timings.photos_decoded = made.decoded;
            d.list.extend(made.diagnostics);
            diag::sort(&mut d.list);
            (files, prepared, charts)
        });
        match rendered_site {
            Ok((files, prepared, charts)) => {
                report.timings.charts = charts;
                report.count_files(files.iter().map(|f| f.path.as_str()));
                if !matches!(target, Target::Sent(_)) {
                    // A build checks the paths of what it was sent (`build_with_progress`).
                    d.list.extend(path_diagnostics(
                        files.iter().map(|f| f.path.as_str()),
                        &site,
                    ));
                    diag::sort(&mut d.list);
                }
                rendered = Some(Kept {
                    site,
                    files,
                    context,
                    prepared,
                });
            }
            Err(errs) => {
                d.list.extend(errs);
                diag::sort(&mut d.list);
            }
        }
        report.timings.render = t.elapsed();
    } else {
        diag::sort(&mut d.list);
    }
    report.diagnostics = d.list;
    report.sources = sources;
    if report.failed(opts.strict) {
        rendered = None;
    }
    (report, rendered)
}

/// The photo stage: the derived files of the photos the site shows, sent or added to `files`
/// like the rendered ones. `serve` (a [`Target::Prepared`] render) does not wait for photos
/// the cache lacks ([`images::Mode::Background`]).
fn photos(
    site: &Site,
    target: Target,
    cache: Option<images::cache::Cache>,
    files: &mut Vec<OutputFile>,
) -> images::Production {
    if site.photos().is_empty() {
        return images::Production::default();
    }
    let originals: std::collections::HashMap<&str, &[u8]> = site
        .static_files()
        .iter()
        .map(|f| (f.rel.as_str(), f.bytes.as_slice()))
        .collect();
    let bytes = |rel: &str| originals.get(rel).copied();
    let mode = match target {
        Target::Prepared => images::Mode::Background,
        _ => images::Mode::Now,
    };
    let mut made = images::produce(site.photos(), &bytes, cache, mode);
    let produced = std::mem::take(&mut made.files)
        .into_iter()
        .map(|f| OutputFile {
            path: f.path,
            bytes: f.bytes,
        });
    match target {
        Target::Sent(sink) => produced.for_each(sink),
        _ => {
            files.extend(produced);
            files.sort_by(|a, b| a.path.cmp(&b.path));
        }
    }
    made
}

/// The files of a site that cannot be written ([`output::path_problems`]) as errors of the
/// content: only a file of `static/` can have such a path (bantin's own pages are named from
/// checked ids and slugs), and the diagnostic names it.
fn path_diagnostics<'p>(paths: impl IntoIterator<Item = &'p str>, site: &Site) -> Vec<Diagnostic> {
    let statics: std::collections::HashSet<&str> =
        site.static_files().iter().map(|f| f.rel.as_str()).collect();
    let at = |path: &str| -> PathBuf {
        if statics.contains(path) {
            PathBuf::from("content/static").join(path)
        } else {
            PathBuf::from("content/static")
        }
    };
    output::path_problems(paths)
        .into_iter()
        .map(|problem| {
            let (file, message, hint) = match problem {
                output::PathProblem::Unsafe(path) => (
                    at(&path),
                    format!(
                        "`{}` cannot be a file of the published site: its name holds `:`, `\\` or another character that web addresses and output folders do not allow",
                        path.chars().map(|c| if c.is_control() { '�' } else { c }).collect::<String>()
                    ),
                    "rename it with letters, digits, `-`, `_` and `.` only, e.g. `bao-cao-2024.pdf`",
                ),
                output::PathProblem::FileIsFolder(file, under) if statics.contains(file.as_str()) => (
                    at(&file),
                    format!("`{file}` would be a file where the site needs a folder of that name (for `{under}`)"),
                    "rename the file or move it into a folder of its own, e.g. `tep/`",
                ),
                output::PathProblem::FileIsFolder(file, under) => (
                    at(&under),
                    format!("`{under}` would be inside a folder named `{file}`, which is a file of the site"),
                    "rename the folder or move the file into a folder of its own, e.g. `tep/`",
                ),
            };
            Diagnostic {
                severity: Severity::Error,
                file,
                pos: crate::diag::Pos::new(1, 1),
                message,
                hint: Some(hint.into()),
            }
        })
        .collect()
}

/// Check, then write the output folder `out` (only when the content has no errors).
fn write_folder(
    input: Input,
    out: &Path,
    opts: &Options,
    progress: &mut dyn FnMut(Stage),
) -> Result<(Report, Outcome), EnvError> {
    let root = match &input {
        Input::Folder(root) => Some(root.as_path()),
        Input::Files(_) => None,
    };
    output::check_out_dir(root, out)?;
    let mut folder = output::Writer::for_folder(out)?;
    folder.settle_later();
    let sink = |file: OutputFile| folder.put(&file);
    let checked = load_and_check(input, opts, Target::Sent(&sink), progress);
    let (mut report, rendered) = match checked {
        Ok(c) => c,
        Err(e) => {
            folder.abandon();
            return Err(e);
        }
    };
    let Some(built) = rendered else {
        folder.abandon();
        return Ok((report, Outcome::Failed));
    };
    let paths = folder.paths();
    let problems = path_diagnostics(paths.iter().map(String::as_str), &built.site);
    if !problems.is_empty() {
        // What `check` reports too: nothing is written.
        report.diagnostics.extend(problems);
        diag::sort(&mut report.diagnostics);
        folder.abandon();
        return Ok((report, Outcome::Failed));
    }
    report.count_files(paths.iter().map(String::as_str));
    progress(Stage::Write);
    let t = Instant::now();
    let stats = folder.finish()?;
    report.timings.write = t.elapsed();
    report.written = Some(stats);
    // The build is done: the site is freed on another thread.
    crate::memory::drop_in_background(built);
    Ok((report, Outcome::Written))
}

/// What `bantin check` says of a project held in memory, for both audiences (the internal one
/// with drafts): the internal site when it has no error, and the diagnostics of both, without
/// repeats. For commands that check files before writing them (`bantin new`, `bantin import`).
pub fn check_files(
    files: &[(PathBuf, Vec<u8>)],
) -> (Option<Site>, Vec<Diagnostic>, crate::source::SourceMap) {
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut sources = crate::source::SourceMap::default();
    let mut site = None;
    for (audience, drafts) in [(Audience::Internal, true), (Audience::Public, false)] {
        let mut list = Vec::new();
        let raw = load::load_files(files.to_vec(), &mut list);
        sources = raw.sources.clone();
        let mut d = Diags { list };
        let s = validate::validate_site(
            raw,
            ValidateOptions {
                audience,
                drafts,
                as_of: None,
            },
            &mut d,
        );
        if audience == Audience::Internal {
            site = s;
        }
        for x in d.list {
            if !all.contains(&x) {
                all.push(x);
            }
        }
    }
    (site, all, sources)
}
