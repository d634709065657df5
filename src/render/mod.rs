//! Render: the model and the templates → every output file, in memory. No disk I/O here; bad
//! data was caught by `validate`, so only a broken (site) template can fail.

mod chart_views;
mod context;
pub(crate) mod data_files;
mod feeds;
mod incremental;
mod jobs;
mod pages;
mod pagination;
mod reads;
mod rewrite;
pub mod search;
mod share;
#[cfg(test)]
mod tests;
mod theme;
pub mod views;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::charts::{self, Chart};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::model::*;
use crate::model::{ROOT_MARKER, chart_marker};
use crate::pages::PER_PAGE;
use crate::text;
use crate::urls;
use views::*;

use chart_views::*;
use context::*;
use jobs::*;
use pagination::*;
use reads::*;
use rewrite::*;
use theme::*;

pub use incremental::Prepared;
pub use theme::{build_tera, builtin_template_names};

pub use crate::model::OutputFile;

/// Settings of one rendering that are not content.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Shown on every page of a snapshot ("Bản lưu trữ ngày …").
    pub archive_date: Option<jiff::civil::Date>,
    /// A folder where costly files (share cards) are kept between builds, by the hash of what
    /// they show: `.bantin-cache/` in the project folder, beside `output/`. Safe to delete.
    pub cache: Option<Cache>,
}

/// The cache folder, and whether this run may add to it (`build` and `serve` do; `check`,
/// `briefing` and `snapshot`, which write nothing of the site, only read it).
#[derive(Clone, Debug)]
pub struct Cache {
    pub dir: std::path::PathBuf,
    pub write: bool,
}

/// Where each file goes as soon as it is made, from any thread (instead of all files being
/// returned at the end).
pub type Sink<'s> = &'s (dyn Fn(OutputFile) + Sync);

/// What becomes of the files a render makes.
#[derive(Clone, Copy)]
pub enum Target<'s> {
    /// Returned, in the order of their paths.
    Returned,
    /// Returned, with what [`Prepared::render_changed`] needs to render again only the pages
    /// whose reads an edit changed (`serve`).
    Prepared,
    /// Handed to the sink as soon as each is made (none is returned). The files are whole only
    /// when [`render`] returns `Ok`.
    Sent(Sink<'s>),
}

/// What a render made.
pub struct Rendered {
    /// The files, in the order of their paths (none when they were [`Target::Sent`]).
    pub files: Vec<OutputFile>,
    /// What renders again after edits, for [`Target::Prepared`].
    pub prepared: Option<Prepared>,
    /// How long drawing the charts took (a part of rendering).
    pub charts: Duration,
}

/// Render the whole site for `target`: the one way into rendering. Only a broken template (of
/// the site's own) can fail.
pub fn render(
    site: &Site,
    options: &RenderOptions,
    target: Target,
) -> Result<Rendered, Vec<Diagnostic>> {
    let sink = match target {
        Target::Sent(sink) => Some(sink),
        _ => None,
    };
    let record = matches!(target, Target::Prepared);
    let (mut files, r, charts, (jobs, reads)) = render_all(site, options, sink, record)?;
    let prepared = match target {
        Target::Returned => {
            // The renderer (hundreds of thousands of small values: ~50 ms to free at 10,000
            // articles) borrows the site, so it is dropped here, while the files are put in
            // order.
            rayon::join(move || drop(r), || sort_files(&mut files));
            None
        }
        Target::Sent(sink) => {
            // The renderer is freed (as above) while the charts and static files, made last,
            // are written.
            rayon::join(move || drop(r), || files.drain(..).for_each(sink));
            None
        }
        Target::Prepared => {
            sort_files(&mut files);
            Some(r.into_prepared(&jobs, reads))
        }
    };
    Ok(Rendered {
        files,
        prepared,
        charts,
    })
}

/// What the pages of a render read, when it records it: its jobs, and each job's reads.
type Recorded = (Vec<Job>, Vec<Reads>);

/// Every file of the site (in the order made: see [`sort_files`]; with a `sink`, only the
/// charts and static files, made last, while the pages went there), the renderer that made
/// them, the time its charts took, and, when `record`, what each page read.
fn render_all<'a>(
    site: &'a Site,
    options: &'a RenderOptions,
    sink: Option<Sink>,
    record: bool,
) -> Result<(Vec<OutputFile>, Renderer<'a>, Duration, Recorded), Vec<Diagnostic>> {
    let (tera, sources) = build_tera_with_sources(site.templates())?;
    let versions = record.then(|| vec![0; site.articles().len()]);
    let mut r = Renderer::new(site, tera, sources, options, None, versions);
    let started = std::time::Instant::now();
    r.draw_charts();
    let charts = started.elapsed();
    let jobs = r.jobs();
    let mut reads = Vec::new();
    let mut out = r.run_jobs(&jobs, sink, &mut reads)?;
    r.finish(&mut out);
    Ok((out, r, charts, (jobs, reads)))
}

/// Files in the order of their paths.
fn sort_files(files: &mut [OutputFile]) {
    files.par_sort_by(|a, b| a.path.cmp(&b.path));
}
