//! The pages to render as independent jobs, run in parallel and put back in a fixed order,
//! and the files that are not pages (charts, static files).

use super::*;

/// One output file (or a few) to render. Jobs are independent of each other: they run in
/// parallel, and their results are put back in this order, so output and errors do not depend on
/// scheduling.
#[derive(Clone, Copy)]
pub(crate) enum Job {
    Home,
    /// Page `n` (1-based) of the bulletin list.
    ArticleList(usize),
    /// The article at this position of `site.articles`.
    Article(usize),
    Stats,
    StatsUnit(usize),
    Directives,
    Directive(usize),
    Cases,
    Case(usize),
    Units,
    Unit(usize),
    Tags,
    /// Page `n` of the tag at this position of `Renderer::tags`.
    Tag(usize, usize),
    Briefing,
    NotFound,
    Feeds,
    Search,
}

impl Job {
    /// A page that gathers the whole site (a list of every unit-year or every document).
    fn is_big(self) -> bool {
        matches!(
            self,
            Job::Search | Job::Stats | Job::Feeds | Job::Briefing | Job::Directives | Job::Cases
        )
    }
}

/// What a job produced: files, and template errors (the flag marks errors of whole pages, of
/// which only the first 20 are kept).
#[derive(Default)]
pub(crate) struct JobOutput {
    pub(crate) files: Vec<OutputFile>,
    pub(crate) errors: Vec<(bool, Diagnostic)>,
}

impl<'a> Renderer<'a> {
    /// Run jobs in parallel; their files in the jobs' order (but for pages that a static file of
    /// the site replaces), or the template errors. With a `sink`, each job's files go there as
    /// soon as they are made, and none is returned.
    pub(crate) fn run_jobs(
        &self,
        jobs: &[Job],
        sink: Option<Sink>,
    ) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        // A site's static file named like a page replaces it: the page is not kept (two files
        // of one path would race in the parallel write, and be rewritten on every build).
        let statics: HashSet<&str> = self
            .site
            .static_files
            .iter()
            .map(|f| f.rel.as_str())
            .collect();
        // The few big pages first, so that they do not finish alone at the end; results keep the
        // jobs' order.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| !jobs[i].is_big());
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
        for (_, result) in done {
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

    /// Every page to render, in the order files are listed before sorting by path.
    pub(crate) fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs = vec![Job::Home];
        jobs.extend((1..=crate::pages::page_count(site.articles.len())).map(Job::ArticleList));
        jobs.extend((0..site.articles.len()).map(Job::Article));
        jobs.push(Job::Stats);
        jobs.extend(
            (0..site.units.len())
                .filter(|&i| site.unit_stats(&site.units[i].id).next().is_some())
                .map(Job::StatsUnit),
        );
        jobs.push(Job::Directives);
        jobs.extend((0..site.directives.len()).map(Job::Directive));
        jobs.push(Job::Cases);
        jobs.extend((0..site.cases.len()).map(Job::Case));
        jobs.push(Job::Units);
        jobs.extend((0..site.units.len()).map(Job::Unit));
        jobs.push(Job::Tags);
        for (t, tag) in self.tags.iter().enumerate() {
            jobs.extend((1..=crate::pages::page_count(tag.articles.len())).map(|n| Job::Tag(t, n)));
        }
        jobs.extend([Job::Briefing, Job::NotFound, Job::Feeds, Job::Search]);
        jobs
    }

    pub(crate) fn run(&self, job: Job) -> JobOutput {
        let mut out = JobOutput::default();
        match job {
            Job::Home => self.home(&mut out),
            Job::ArticleList(n) => self.article_list(n, &mut out),
            Job::Article(i) => self.article(&self.site.articles[i], i, &mut out),
            Job::Stats => self.stats(&mut out),
            Job::StatsUnit(i) => self.stats_unit(&self.site.units[i], &mut out),
            Job::Directives => self.directives(&mut out),
            Job::Directive(i) => self.directive(&self.site.directives[i], &mut out),
            Job::Cases => self.cases(&mut out),
            Job::Case(i) => self.case(&self.site.cases[i], i, &mut out),
            Job::Units => self.units(&mut out),
            Job::Unit(i) => self.unit(&self.site.units[i], &mut out),
            Job::Tags => self.tags(&mut out),
            Job::Tag(t, n) => self.tag(&self.tags[t], n, &mut out),
            Job::Briefing => self.briefing(&mut out),
            Job::NotFound => self.not_found(&mut out),
            Job::Feeds => self.feeds(&mut out),
            Job::Search => self.search(&mut out),
        }
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
        }
        let mut statics = Vec::new();
        theme_static(&THEME, &mut statics);
        let own: HashSet<&str> = site.static_files.iter().map(|f| f.rel.as_str()).collect();
        for (rel, bytes) in statics {
            if !own.contains(rel.as_str()) {
                out.push(OutputFile { path: rel, bytes });
            }
        }
        for f in &site.static_files {
            out.push(OutputFile {
                path: f.rel.clone(),
                bytes: f.bytes.clone(),
            });
        }
    }
}
