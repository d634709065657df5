//! `bantin briefing`: the report as a Word document. The site is loaded and checked as a build
//! would (nothing is written when it has errors), the report is made for the period asked, its
//! charts are drawn and the `.docx` is written in one step (whole or absent).

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::{Problem, Request, build, docx};
use crate::diag::{Diagnostic, Pos, Severity};
use crate::error::EnvError;
use crate::model::{Period, Site};
use crate::pipeline::{self, Input, Options, Output, Report};
use crate::source::SourceMap;

/// What `bantin briefing` is asked.
#[derive(Clone, Debug)]
pub struct BriefingOptions {
    pub root: PathBuf,
    pub options: Options,
    pub period: Option<Period>,
    pub number: Option<u32>,
    pub date: Option<Date>,
    /// `--docx FILE`.
    pub docx: Option<PathBuf>,
    /// `--out DIR` (default: the root): where `bao-cao-<period>.docx` goes without `--docx`.
    pub out_dir: Option<PathBuf>,
}

/// What was written.
#[derive(Clone, Debug)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: usize,
    pub subject: String,
    pub period: String,
}

/// Check the site, make the report and write it. `Ok((report, None))`: the content has errors
/// (in the report's diagnostics), and nothing was written.
pub fn write_briefing(opts: &BriefingOptions) -> Result<(Report, Option<Written>), EnvError> {
    let (mut report, outcome) = pipeline::run(
        Input::Folder(opts.root.clone()),
        Output::Memory,
        &opts.options,
        &mut |_| {},
    )?;
    let Some((site, _)) = outcome.built() else {
        return Ok((report, None));
    };
    if !site.has_briefing() {
        return Err(EnvError::Usage(
            "the briefing is an internal document: add `--audience internal`, or `public: true` \
             under `briefing:` in content/site.yaml to publish it"
                .into(),
        ));
    }
    let request = Request {
        period: opts.period,
        number: opts.number,
        date: opts.date,
    };
    let made = match build(&site, &request) {
        Ok(r) => r,
        Err(problem) => {
            let d = diagnostic(&site, &report.sources, &problem);
            report.diagnostics.push(d);
            return Ok((report, None));
        }
    };
    let charts: Vec<crate::charts::Chart> = made
        .parts
        .iter()
        .flat_map(|p| &p.figures)
        .map(|f| crate::charts::render_chart(&f.spec, &site))
        .collect();
    let bytes = docx::docx_bytes(&made, &charts)
        .map_err(|e| EnvError::Project(format!("the Word document could not be made: {e}")))?;
    let path = match &opts.docx {
        Some(p) => p.clone(),
        None => opts
            .out_dir
            .clone()
            .unwrap_or_else(|| opts.root.clone())
            .join(file_name(&made.period.code, made.internal)),
    };
    write_file(&path, &bytes)?;
    Ok((
        report,
        Some(Written {
            path,
            bytes: bytes.len(),
            subject: made.subject.clone(),
            period: made.period.code.clone(),
        }),
    ))
}

/// `bao-cao-2023.docx`, `bao-cao-2024-6t-noi-bo.docx`: an internal report says so in its name too.
pub fn file_name(period: &str, internal: bool) -> String {
    format!(
        "bao-cao-{period}{}.docx",
        if internal { "-noi-bo" } else { "" }
    )
}

/// Why there is no report, where it can be mended: the `years:` of the lead unit's figures,
/// else the `unit:` of site.yaml.
fn diagnostic(site: &Site, sources: &SourceMap, problem: &Problem) -> Diagnostic {
    let (message, hint) = problem.message();
    let lead = site.config().unit.as_deref();
    let (file, key) = match lead.and_then(|u| site.unit_stats(u).next()) {
        Some(s) => (s.file.clone(), "years:"),
        None => (PathBuf::from("content/site.yaml"), "unit:"),
    };
    // The line that starts with the key, when the file has one at the start of a line.
    let line = sources
        .get(&file)
        .and_then(|src| src.text.split('\n').position(|l| l.starts_with(key)))
        .map_or(1, |i| i as u32 + 1);
    Diagnostic {
        severity: Severity::Error,
        file,
        pos: Pos::new(line, 1),
        message,
        hint: Some(hint),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), EnvError> {
    let err = |e: std::io::Error| EnvError::io("cannot write", path, e);
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(err)?;
    }
    crate::atomic::replace(path, bytes).map_err(err)
}
