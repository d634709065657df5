//! Render: the model and the templates → every output file, in memory. No disk I/O here; bad
//! data was caught by `validate`, so only a broken (site) template can fail.

mod chart_views;
mod context;
mod feeds;
mod incremental;
mod jobs;
mod pages;
mod pagination;
mod reads;
mod rewrite;
pub mod search;
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

pub use incremental::{Prepared, render_changed};
pub use theme::{build_tera, builtin_template_names};

pub use crate::model::OutputFile;

/// Settings of one rendering that are not content.
#[derive(Clone, Debug, Default)]
pub struct RenderOptions {
    /// Shown on every page of a snapshot ("Bản lưu trữ ngày …").
    pub archive_date: Option<jiff::civil::Date>,
}

/// Render the whole site.
pub fn render_site(
    site: &Site,
    options: &RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    render_site_timed(site, options).map(|(files, _)| files)
}

/// Where each file goes as soon as it is made, from any thread (instead of all files being
/// returned at the end).
pub type Sink<'s> = &'s (dyn Fn(OutputFile) + Sync);

/// [`render_site`], also saying how long drawing the charts took (a part of rendering).
pub fn render_site_timed(
    site: &Site,
    options: &RenderOptions,
) -> Result<(Vec<OutputFile>, Duration), Vec<Diagnostic>> {
    let (mut files, r, charts, _) = render_all(site, options, None, false)?;
    // The renderer (hundreds of thousands of small values: ~50 ms to free at 10,000 articles)
    // borrows the site, so it is dropped here, while the files are put in order.
    rayon::join(move || drop(r), || sort_files(&mut files));
    Ok((files, charts))
}

/// [`render_site_timed`], handing each file to `sink` as soon as it is made. The files are
/// whole only when this returns `Ok`.
pub fn render_site_into(
    site: &Site,
    options: &RenderOptions,
    sink: Sink,
) -> Result<Duration, Vec<Diagnostic>> {
    let (rest, r, charts, _) = render_all(site, options, Some(sink), false)?;
    // The renderer is freed (see [`render_site_timed`]) while the charts and static files,
    // made last, are written.
    rayon::join(move || drop(r), || rest.into_iter().for_each(sink));
    Ok(charts)
}

/// [`render_site_timed`], keeping the templates and charts for [`render_changed`].
pub fn render_site_keep(
    site: &Site,
    options: &RenderOptions,
) -> Result<(Vec<OutputFile>, Prepared, Duration), Vec<Diagnostic>> {
    render_all(site, options, None, true).map(|(mut files, r, charts, (jobs, reads))| {
        sort_files(&mut files);
        (files, r.into_prepared(&jobs, reads), charts)
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
