//! The pages to render as independent jobs, run in parallel and put back in a fixed order,
//! and the files that are not pages (charts, static files).

use super::*;

/// One page (or a few files) to render: a family of [`pages::FAMILIES`] and which of its pages.
/// Jobs are independent of each other: they run in parallel, and their results are put back in
/// the jobs' order, so output and errors do not depend on scheduling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Job {
    pub(crate) family: usize,
    pub(crate) key: pages::Key,
}

impl Job {
    pub(crate) fn family(self) -> &'static dyn pages::Family {
        pages::FAMILIES[self.family]
    }
}

/// What a job produced: files, template errors (the flag marks errors of whole pages, of which
/// only the first 20 are kept), and, when the renderer records them, what it read of the
/// bulletins ([`Reads`]).
#[derive(Default)]
pub(crate) struct JobOutput {
    pub(crate) files: Vec<OutputFile>,
    pub(crate) errors: Vec<(bool, Diagnostic)>,
    pub(crate) reads: Reads,
}

impl<'a> Renderer<'a> {
    /// Run jobs in parallel; their files in the jobs' order (but for pages that a static file of
    /// the site replaces), or the template errors. With a `sink`, each job's files go there as
    /// soon as they are made, and none is returned.
    pub(crate) fn run_jobs(
        &self,
        jobs: &[Job],
        sink: Option<Sink>,
        reads: &mut Vec<Reads>,
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        // A site's static file named like a page replaces it: the page is not kept (two files
        // of one path would race in the parallel write, and be rewritten on every build).
        let statics: HashSet<&str> = self
            .site
            .static_files()
            .iter()
            .map(|f| f.rel.as_str())
            .collect();
        // The few big pages first, so that they do not finish alone at the end; results keep the
        // jobs' order.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| !jobs[i].family().is_big());
        let mut done: Vec<(usize, JobOutput)> = order
            .par_iter()
            .with_max_len(crate::PAR_BATCH)
            .map(|&i| {
                let mut result = self.run(jobs[i]);
                if let Some(sink) = sink {
                    result
                        .files
                        .drain(..)
                        .filter(|f| !statics.contains(f.path.as_str()))
                        .for_each(sink);
                }
                (i, result)
            })
            .collect();
        done.sort_unstable_by_key(|(i, _)| *i);
        let mut out = Vec::with_capacity(jobs.len() + 2048);
        let mut errors: Vec<Diagnostic> = self.card_error.iter().cloned().collect();
        reads.clear();
        for (_, result) in done {
            reads.push(result.reads);
            for (page, e) in result.errors {
                if !page || errors.len() < 20 {
                    errors.push(e);
                }
            }
            out.extend(
                result
                    .files
                    .into_iter()
                    .filter(|f| !statics.contains(f.path.as_str())),
            );
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    /// Every page to render, family by family, in the order files are listed before sorting by
    /// path.
    pub(crate) fn jobs(&self) -> Vec<Job> {
        pages::FAMILIES
            .iter()
            .enumerate()
            .flat_map(|(family, f)| {
                f.pages(self)
                    .into_iter()
                    .map(move |key| Job { family, key })
            })
            .collect()
    }

    pub(crate) fn run(&self, job: Job) -> JobOutput {
        let mut out = JobOutput::default();
        job.family().render(self, job.key, &mut out);
        out
    }

    /// The files that are not pages: charts and static files.
    pub(crate) fn finish(&self, out: &mut Vec<OutputFile>) {
        let site = self.site;
        // A file name is drawn by the first spec that asked for it (specs are in page order).
        let mut files: BTreeMap<&str, &Chart> = BTreeMap::new();
        for chart in &self.charts {
            files.entry(&chart.file_name).or_insert(chart);
        }
        for (name, chart) in files {
            out.push(OutputFile {
                path: format!("{CHART_DIR}{name}"),
                bytes: chart.svg.clone().into_bytes(),
            });
            out.push(OutputFile {
                path: format!("{CHART_DIR}{}", chart.narrow_file_name()),
                bytes: chart.narrow_svg.clone().into_bytes(),
            });
        }
        let mut statics = Vec::new();
        theme_static(&THEME, &mut statics);
        let own: HashSet<&str> = site.static_files().iter().map(|f| f.rel.as_str()).collect();
        for (rel, bytes) in statics {
            if !own.contains(rel.as_str()) {
                out.push(OutputFile { path: rel, bytes });
            }
        }
        // A photo Markdown shows is published as its derived files only (the photo stage,
        // `crate::images`): its original may tell where it was taken.
        let photos: HashSet<&str> = site.photos().iter().map(|p| p.rel.as_str()).collect();
        for f in site.static_files() {
            if photos.contains(f.rel.as_str()) {
                continue;
            }
            out.push(OutputFile {
                path: f.rel.clone(),
                bytes: f.bytes.clone(),
            });
        }
    }
}
