//! The command line: flags → options, reports → the terminal. The only module that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::IsTerminal;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag;
use crate::error::EnvError;
use crate::model::Audience;
use crate::pipeline::{self, Input, Options, Output, Report};
use crate::scaffold::{self, NewItem, ScaffoldError};
use crate::serve::{self, ServeEvent, ServeOptions};
use crate::snapshot;

#[derive(Parser, Debug)]
#[command(
    name = "bantin",
    version,
    about = "Build report sites for civil judgment enforcement offices (THADS) from YAML data and Markdown bulletins."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site: content/ → output/
    Build(CommonArgs),
    /// Load and validate everything; write nothing
    Check {
        #[command(flatten)]
        common: CommonArgs,
        /// Treat warnings as errors
        #[arg(long)]
        strict: bool,
    },
    /// Build in memory, serve on http://127.0.0.1:8000/, rebuild and reload pages on every change
    Serve {
        #[command(flatten)]
        common: CommonArgs,
        /// Port to listen on (0: any free port; the address is printed)
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on; anything but loopback makes the site visible to other machines
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
    },
    /// Create a correctly-formed content file: an article, a case, a directive or a year of statistics
    New {
        #[command(subcommand)]
        what: NewCommand,
        /// Folder that holds content/
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Write the report a leader signs as a Word document (administrative form, Nghị định 30/2020)
    Briefing {
        #[command(flatten)]
        common: CommonArgs,
        /// The statistical period: a year (2023 = 01/10/2022 – 30/09/2023) or its first six months
        /// (2024-6t = 01/10/2023 – 31/03/2024); default: briefing.period of site.yaml, else the
        /// latest with figures
        #[arg(long, value_parser = parse_period)]
        period: Option<crate::model::Period>,
        /// The report's number in the office's register (left blank to fill in by hand)
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..=99999))]
        number: Option<u32>,
        /// The day it is signed, dd/mm/yyyy or YYYY-MM-DD (left blank to fill in by hand)
        #[arg(long, value_parser = parse_day)]
        date: Option<jiff::civil::Date>,
        /// Write the Word document to FILE (default: bao-cao-<period>.docx in --out, else in the root)
        #[arg(long, value_name = "FILE")]
        docx: Option<PathBuf>,
    },
    /// Write figures out as a workbook to fill in: `bantin export stats FILE.xlsx`
    Export {
        #[command(subcommand)]
        what: ExportCommand,
        /// Folder that holds content/
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Read figures back from a filled-in workbook or CSV: `bantin import stats FILE.xlsx`
    Import {
        #[command(subcommand)]
        what: ImportCommand,
        /// Folder that holds content/
        #[arg(long, default_value = ".", global = true)]
        root: PathBuf,
    },
    /// Write a dated, self-contained archive: archive/<DATE>/ (opens from disk), SHA256SUMS, <DATE>.zip
    Snapshot {
        #[command(flatten)]
        common: CommonArgs,
        /// Also write archive/<DATE>.warc.gz (WARC 1.1, one record per file under base_url)
        #[arg(long)]
        warc: bool,
        /// Replace a snapshot of the same day (refused without it: an archive is never overwritten)
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// The yearly figures as an .xlsx in the layout of the site's data files, with a row for
    /// every unit and year to fill (those without figures left empty)
    Stats {
        /// Only this unit (its id), e.g. dai-tu
        #[arg(long)]
        unit: Option<String>,
        /// Only this statistical year (repeatable), e.g. 2025; default: every year with figures
        #[arg(long, value_parser = clap::value_parser!(i32).range(1950..=2100))]
        year: Vec<i32>,
        /// The workbook to write (.xlsx)
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// Show (or, with --write, make) the changes a filled-in workbook or CSV brings to
    /// content/stats/; nothing is written unless the site still passes `bantin check`
    Stats {
        /// Update content/stats/*.yaml in place (comments and order kept)
        #[arg(long)]
        write: bool,
        /// The workbook (.xlsx) or CSV to read
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// content/articles/<year>/<slug>.md, a draft with its front matter filled in
    Article {
        /// The title, e.g. "Đại Từ vượt chỉ tiêu thi hành án năm 2024"
        title: String,
        /// The article's date (YYYY-MM-DD or dd/mm/yyyy; default: now, Vietnam time)
        #[arg(long, value_parser = parse_day)]
        date: Option<jiff::civil::Date>,
        /// The page address under /tin-tuc/ (default: from the title)
        #[arg(long)]
        slug: Option<String>,
        /// Id of the unit the article is about
        #[arg(long)]
        unit: Option<String>,
    },
    /// content/cases/<id>.yaml, a resolved case worth commending
    Case {
        /// The case id, e.g. vu-hoang-nong-2023 (it becomes the page address)
        #[arg(long)]
        id: String,
        /// e.g. "Vụ Nguyễn Thị Hải" (shown as initials on the public site)
        #[arg(long)]
        title: String,
        /// Id of the unit that resolved it (default: left for you to fill in)
        #[arg(long)]
        unit: Option<String>,
        /// The person or organisation named in the case
        #[arg(long)]
        party: Option<String>,
        /// Year or date it was resolved
        #[arg(long)]
        resolved: Option<String>,
    },
    /// content/directives/<id>.yaml; the id and kind come from the number (33-CT/TU → 33-ct-tu-2020)
    Directive {
        /// The number as printed: 33-CT/TU, 53/KH-UBND, 30/2020/NĐ-CP
        number: String,
        /// Date signed (dd/mm/yyyy or YYYY-MM-DD)
        #[arg(long, value_parser = parse_day)]
        date: jiff::civil::Date,
        /// Who issued it, e.g. "Ban Thường vụ Tỉnh ủy Thái Nguyên"
        #[arg(long)]
        issuer: String,
        /// Its title
        #[arg(long)]
        title: String,
        /// Id of the unit it concerns
        #[arg(long)]
        unit: Option<String>,
        /// The kind of document, when the number does not tell (e.g. "Luật")
        #[arg(long)]
        kind: Option<String>,
    },
    /// A year of statistics for a unit: content/stats/<unit>.yaml, created or given one more year
    Stats {
        /// Unit id, e.g. dai-tu
        unit: String,
        /// Statistical year (1/10 of the year before to 30/9), e.g. 2024
        year: i32,
    },
}

#[derive(Args, Debug, Clone)]
pub struct CommonArgs {
    /// Folder that holds content/ (and optionally templates/)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder (default: output/ inside the root)
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Who the build is for
    #[arg(long, value_enum, default_value_t = AudienceArg::Public)]
    pub audience: AudienceArg,
    /// Include articles marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Print the time spent in each stage
    #[arg(long)]
    pub timings: bool,
    /// Build the site as it stood on this day: only content dated on or before it (YYYY-MM-DD or dd/mm/yyyy)
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<jiff::civil::Date>,
}

fn parse_period(s: &str) -> Result<crate::model::Period, String> {
    crate::model::Period::parse(s).ok_or_else(|| {
        format!(
            "{}; {}",
            crate::validate::briefing::period_message(s),
            crate::validate::briefing::PERIOD_HINT
        )
    })
}

fn parse_day(s: &str) -> Result<jiff::civil::Date, String> {
    crate::text::parse_date(s).map_err(|e| e.to_string())
}

/// Now in Vietnam (UTC+7), where the offices are.
fn vietnam_now() -> jiff::civil::DateTime {
    let vietnam = jiff::tz::Offset::constant(7);
    vietnam.to_datetime(jiff::Timestamp::now())
}

/// The day a snapshot is of: `--as-of`, else `SOURCE_DATE_EPOCH` (reproducible builds), else today
/// in Vietnam. The only clock read of the program.
fn snapshot_day(as_of: Option<jiff::civil::Date>) -> Result<jiff::civil::Date, String> {
    if let Some(d) = as_of {
        return Ok(d);
    }
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let secs: i64 = epoch
            .trim()
            .parse()
            .map_err(|_| format!("SOURCE_DATE_EPOCH must be seconds since 1970, not `{epoch}`"))?;
        let ts = jiff::Timestamp::from_second(secs).map_err(|e| e.to_string())?;
        return Ok(jiff::tz::Offset::UTC.to_datetime(ts).date());
    }
    // Today in Vietnam (UTC+7), where the offices keep their archives.
    let vietnam = jiff::tz::Offset::from_hours(7).map_err(|e| e.to_string())?;
    Ok(vietnam.to_datetime(jiff::Timestamp::now()).date())
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum AudienceArg {
    Public,
    Internal,
}

impl CommonArgs {
    /// The output folder: `--out`, or `output/` in the root.
    fn out(&self) -> PathBuf {
        self.out.clone().unwrap_or_else(|| self.root.join("output"))
    }

    fn options(&self, strict: bool) -> Options {
        Options {
            audience: match self.audience {
                AudienceArg::Public => Audience::Public,
                AudienceArg::Internal => Audience::Internal,
            },
            drafts: self.drafts,
            strict,
            as_of: self.as_of,
            archive: None,
        }
    }
}

/// Run the command line: the exit code of a run that went through (0 ok, 1 content errors, 2 a
/// command line clap refused, after printing why), or the environment's error, which the
/// caller reports with exit code 2.
pub fn run() -> Result<ExitCode, EnvError> {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return Ok(if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            });
        }
    };
    let started = Instant::now();
    let timings = match &cli.command {
        Command::Build(a) => a.timings,
        Command::Check { common, .. }
        | Command::Snapshot { common, .. }
        | Command::Briefing { common, .. } => common.timings,
        Command::Serve { .. }
        | Command::New { .. }
        | Command::Export { .. }
        | Command::Import { .. } => false,
    };
    // What an interrupted build left is cleaned up by whichever command comes next (a build
    // does it itself, holding the folder's lock).
    let site_out = match &cli.command {
        Command::Build(_) => None,
        Command::Check { common, .. } | Command::Serve { common, .. } => Some(common.out()),
        Command::Snapshot { common, .. } | Command::Briefing { common, .. } => {
            Some(common.root.join("output"))
        }
        Command::New { root, .. } | Command::Export { root, .. } | Command::Import { root, .. } => {
            Some(root.join("output"))
        }
    };
    for notice in site_out.iter().flat_map(|out| crate::output::recover(out)) {
        eprintln!("note: {notice}");
    }
    let (result, strict, building) = match &cli.command {
        Command::Snapshot {
            common,
            warc,
            force,
        } => return run_snapshot(common, *warc, *force, started),
        Command::Serve { common, port, bind } => return run_serve(common, *bind, *port),
        Command::Briefing {
            common,
            period,
            number,
            date,
            docx,
        } => {
            let opts = crate::briefing::command::BriefingOptions {
                root: common.root.clone(),
                options: common.options(false),
                period: *period,
                number: *number,
                date: *date,
                docx: docx.clone(),
                out_dir: common.out.clone(),
            };
            return run_briefing(&opts, started);
        }
        Command::New { what, root } => return run_new(what, root),
        Command::Export {
            what: ExportCommand::Stats { unit, year, file },
            root,
        } => {
            let opts = crate::roundtrip::command::ExportOptions {
                root: root.clone(),
                unit: unit.clone(),
                years: year.clone(),
                file: file.clone(),
            };
            return run_export(&opts);
        }
        Command::Import {
            what: ImportCommand::Stats { write, file },
            root,
        } => {
            let opts = crate::roundtrip::command::ImportOptions {
                root: root.clone(),
                file: file.clone(),
                write: *write,
            };
            return run_import(&opts);
        }
        Command::Build(args) => {
            let mut progress = Progress::start();
            let (input, output) = (Input::Folder(args.root.clone()), Output::Folder(args.out()));
            let r = pipeline::run(input, output, &args.options(false), &mut |s| {
                progress.stage(s)
            })
            .map(|(r, _)| r);
            progress.finish();
            (r, false, true)
        }
        Command::Check { common, strict } => {
            let mut progress = Progress::start();
            let (input, output) = (Input::Folder(common.root.clone()), Output::Memory);
            let options = common.options(*strict);
            let r =
                pipeline::run(input, output, &options, &mut |s| progress.stage(s)).map(|(r, _)| r);
            progress.finish();
            (r, *strict, false)
        }
    };
    let report = result?;
    print_diagnostics(&report);
    let failed = report.failed(strict);
    print_summary(&report, building, failed, started.elapsed());
    if timings {
        print_timings(&report);
    }
    crate::memory::leave_to_exit(report);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_snapshot(
    common: &CommonArgs,
    warc: bool,
    force: bool,
    started: Instant,
) -> Result<ExitCode, EnvError> {
    let date = snapshot_day(common.as_of).map_err(|e| EnvError::Usage(e.to_string()))?;
    let opts = snapshot::SnapshotOptions {
        root: common.root.clone(),
        options: common.options(false),
        archive_dir: common
            .out
            .clone()
            .unwrap_or_else(|| common.root.join("archive")),
        date,
        warc,
        force,
    };
    let (report, files) = snapshot::snapshot(&opts)?;
    print_diagnostics(&report);
    let counts = diag::count_line(&report.diagnostics);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let Some(f) = files else {
        eprintln!("{counts}; nothing was written ({ms:.0} ms)");
        return Ok(ExitCode::from(1));
    };
    eprintln!(
        "snapshot of {}: {} pages, {} files, {} KB in {}; zip {} KB{}; {counts}; {ms:.0} ms",
        crate::text::format_date(date),
        report.pages,
        report.files + 1,
        f.site_bytes / 1024,
        f.dir.display(),
        f.zip_bytes / 1024,
        f.warc_bytes
            .map(|b| format!(", WARC {} KB", b / 1024))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

fn run_briefing(
    opts: &crate::briefing::command::BriefingOptions,
    started: Instant,
) -> Result<ExitCode, EnvError> {
    let (report, written) = crate::briefing::command::write_briefing(opts)?;
    print_diagnostics(&report);
    let counts = diag::count_line(&report.diagnostics);
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let Some(w) = written else {
        eprintln!("{counts}; nothing was written ({ms:.0} ms)");
        return Ok(ExitCode::from(1));
    };
    eprintln!(
        "wrote {} ({} KB): {} [{}]; {counts}; {ms:.0} ms",
        w.path.display(),
        w.bytes.div_ceil(1024),
        w.subject,
        w.period
    );
    Ok(ExitCode::SUCCESS)
}

/// Every diagnostic, rendered in parallel and written at once (a site may have thousands, and
/// standard error is unbuffered: one write per piece would be tens of thousands of calls).
fn print_diagnostics(report: &Report) {
    use rayon::prelude::*;
    use std::io::Write;
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let rendered: Vec<String> = report
        .diagnostics
        .par_iter()
        .map(|d| diag::render(d, &report.sources, color) + "\n\n")
        .collect();
    let mut err = std::io::BufWriter::with_capacity(1 << 16, std::io::stderr().lock());
    for text in rendered {
        let _ = err.write_all(text.as_bytes());
    }
    let _ = err.flush();
}

fn print_summary(report: &Report, building: bool, failed: bool, elapsed: std::time::Duration) {
    let counts = diag::count_line(&report.diagnostics);
    let ms = elapsed.as_secs_f64() * 1000.0;
    if failed {
        eprintln!("{counts}; nothing was written ({ms:.0} ms)");
    } else if building {
        let w = report.written.clone().unwrap_or_default();
        for notice in &w.notices {
            eprintln!("note: {notice}");
        }
        if !w.kept.is_empty() {
            eprintln!(
                "note: kept in the output folder, not written by bantin: {}",
                w.kept.join(", ")
            );
        }
        eprintln!(
            "built {} pages, {} charts, {} files ({} written, {} unchanged, {} removed); {counts}; {ms:.0} ms",
            report.pages, report.charts, report.files, w.written, w.unchanged, w.removed
        );
    } else {
        eprintln!(
            "checked: {} pages would be built ({} charts); {counts}; {ms:.0} ms",
            report.pages, report.charts
        );
    }
}

/// A spinner with the stage name, on a terminal only, and only once a run has taken longer than
/// [`Progress::DELAY`]: quick builds stay silent, and so does everything when stderr is not a
/// terminal (indicatif draws nothing then).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    stop: Option<std::sync::mpsc::Sender<()>>,
    shower: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    const DELAY: std::time::Duration = std::time::Duration::from_millis(300);

    fn start() -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress {
                bar: None,
                stop: None,
                shower: None,
            };
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        let (stop, wait) = std::sync::mpsc::channel::<()>();
        let shown = bar.clone();
        let shower = std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) = wait.recv_timeout(Self::DELAY)
            {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(std::time::Duration::from_millis(100));
            }
        });
        Progress {
            bar: Some(bar),
            stop: Some(stop),
            shower: Some(shower),
        }
    }

    fn stage(&mut self, stage: pipeline::Stage) {
        if let Some(bar) = &self.bar {
            bar.set_message(stage.name());
        }
    }

    fn finish(&mut self) {
        drop(self.stop.take());
        if let Some(t) = self.shower.take() {
            let _ = t.join();
        }
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }
}

fn print_timings(report: &Report) {
    let t = &report.timings;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "timings: load {:.1} ms, validate {:.1} ms, render {:.1} ms (of which charts {:.1} ms, photos {:.1} ms, {} photos decoded), write {:.1} ms",
        ms(t.load),
        ms(t.validate),
        ms(t.render),
        ms(t.charts),
        ms(t.photos),
        t.photos_decoded,
        ms(t.write)
    );
}

fn run_serve(common: &CommonArgs, bind: IpAddr, port: u16) -> Result<ExitCode, EnvError> {
    let opts = ServeOptions {
        root: common.root.clone(),
        options: common.options(false),
        addr: SocketAddr::new(bind, port),
        limits: serve::Limits::from_env()?,
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    // Warnings already shown are not repeated on every rebuild (a big site may have thousands).
    let mut shown_warnings: std::collections::HashSet<String> = Default::default();
    let mut on_event = |event: ServeEvent| match event {
        ServeEvent::Listening(addr) => {
            let host = if addr.ip().is_loopback() {
                addr.to_string()
            } else {
                format!("{addr} (visible to other machines)")
            };
            eprintln!("serving http://{host}/ — watching content/ and templates/; Ctrl-C to stop");
        }
        ServeEvent::Changed(paths) => {
            let list: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            let more = if list.len() > 3 {
                format!(" and {} more", list.len() - 3)
            } else {
                String::new()
            };
            eprintln!(
                "changed: {}{more}",
                list.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
            );
        }
        ServeEvent::Built {
            report,
            elapsed,
            reloaded,
        } => {
            let repeated = print_new_diagnostics(report, color, &mut shown_warnings);
            let counts = diag::count_line(&report.diagnostics);
            let again = if repeated > 0 {
                format!(" ({repeated} shown before)")
            } else {
                String::new()
            };
            eprintln!(
                "built {} pages, {} charts in memory; {counts}{again}; {:.0} ms{}",
                report.pages,
                report.charts,
                elapsed.as_secs_f64() * 1000.0,
                if reloaded { "; reloading pages" } else { "" }
            );
            if common.timings {
                print_timings(report);
            }
        }
        ServeEvent::Failed { report, elapsed } => {
            let repeated = print_new_diagnostics(report, color, &mut shown_warnings);
            let again = if repeated > 0 {
                format!(" ({repeated} warnings shown before)")
            } else {
                String::new()
            };
            eprintln!(
                "{}{again}; {:.0} ms; pages show the errors until they are fixed",
                diag::count_line(&report.diagnostics),
                elapsed.as_secs_f64() * 1000.0
            );
        }
        ServeEvent::EnvError(e) => eprintln!("error: {e}"),
        ServeEvent::WatchError(e) => eprintln!("warning: file watcher: {e}"),
        ServeEvent::Reattached(folder) => {
            eprintln!("{folder}/ was replaced: watching it again")
        }
    };
    serve::serve(&opts, &mut on_event)?;
    Ok(ExitCode::SUCCESS)
}

/// Print errors, and warnings not printed before; returns how many warnings were held back.
fn print_new_diagnostics(
    report: &Report,
    color: bool,
    shown: &mut std::collections::HashSet<String>,
) -> usize {
    let mut held = 0;
    for d in &report.diagnostics {
        if d.severity == diag::Severity::Warning {
            let key = format!("{}\0{}", d.location(), d.message);
            if !shown.insert(key) {
                held += 1;
                continue;
            }
        }
        eprintln!("{}\n", diag::render(d, &report.sources, color));
    }
    held
}

fn print_checked(checked: &crate::roundtrip::command::Checked) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in &checked.diagnostics {
        eprintln!("{}\n", diag::render(d, &checked.sources, color));
    }
}

fn run_export(opts: &crate::roundtrip::command::ExportOptions) -> Result<ExitCode, EnvError> {
    match crate::roundtrip::command::export_stats(opts)? {
        Ok(done) => {
            println!(
                "wrote {} ({} rows, {} of them to fill)",
                done.path.display(),
                done.rows,
                done.blank
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(checked) => {
            print_checked(&checked);
            eprintln!(
                "{}; nothing was exported (correct the content first: `bantin check`)",
                diag::count_line(&checked.diagnostics)
            );
            Ok(ExitCode::from(1))
        }
    }
}

fn run_import(opts: &crate::roundtrip::command::ImportOptions) -> Result<ExitCode, EnvError> {
    let done = crate::roundtrip::command::import_stats(opts)?;
    for p in &done.problems {
        eprintln!("{}\n", p.render());
    }
    if done.after_import && done.checked.has_errors() {
        eprintln!("with the imported figures, the site would not pass `bantin check`:\n");
    }
    print_checked(&done.checked);
    if done.failed() {
        let errors = done.problems.iter().filter(|p| p.is_error()).count()
            + done
                .checked
                .diagnostics
                .iter()
                .filter(|d| d.severity == diag::Severity::Error)
                .count();
        eprintln!("{errors} error(s); nothing was written");
        return Ok(ExitCode::from(1));
    }
    for (_, diff) in &done.diffs {
        print!("{diff}");
    }
    if done.diffs.is_empty() {
        println!(
            "no change: the figures of {} are those of content/stats/",
            opts.file.display()
        );
    } else if done.written {
        println!(
            "updated {} value(s) in {} file(s)",
            done.values,
            done.diffs.len()
        );
    } else {
        println!(
            "{} value(s) would change in {} file(s); run again with --write to apply",
            done.values,
            done.diffs.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn run_new(what: &NewCommand, root: &Path) -> Result<ExitCode, EnvError> {
    let item = match what {
        NewCommand::Article {
            title,
            date,
            slug,
            unit,
        } => NewItem::Article {
            title: title.clone(),
            date: *date,
            now: vietnam_now(),
            slug: slug.clone(),
            unit: unit.clone(),
        },
        NewCommand::Case {
            id,
            title,
            unit,
            party,
            resolved,
        } => NewItem::Case {
            id: id.clone(),
            title: title.clone(),
            unit: unit.clone(),
            party: party.clone(),
            resolved: resolved.clone(),
        },
        NewCommand::Directive {
            number,
            date,
            issuer,
            title,
            unit,
            kind,
        } => NewItem::Directive {
            number: number.clone(),
            date: *date,
            issuer: issuer.clone(),
            title: title.clone(),
            unit: unit.clone(),
            kind: kind.clone(),
        },
        NewCommand::Stats { unit, year } => NewItem::Stats {
            unit: unit.clone(),
            year: *year,
        },
    };
    match scaffold::create(root, &item) {
        Ok(created) => {
            let path = created.path.display();
            if created.appended {
                eprintln!("added a year entry to {path}");
            } else {
                eprintln!("created {path}");
            }
            for note in &created.notes {
                eprintln!("  {note}");
            }
            if !created.warnings.is_empty() {
                let color =
                    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                eprintln!();
                for d in &created.warnings {
                    eprintln!("{}\n", diag::render(d, &created.sources, color));
                }
                eprintln!(
                    "{}: `bantin check` will show them until they are fixed",
                    diag::count_line(&created.warnings)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ScaffoldError::Invalid {
            diagnostics,
            sources,
        }) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            for d in &diagnostics {
                eprintln!("{}\n", diag::render(d, &sources, color));
            }
            eprintln!(
                "{}; the new file would not pass `bantin check`, so nothing was written",
                diag::count_line(&diagnostics)
            );
            Ok(ExitCode::from(1))
        }
        Err(ScaffoldError::Env(e)) => Err(e),
        Err(e @ (ScaffoldError::Exists(_) | ScaffoldError::Usage(_))) => {
            Err(EnvError::Usage(e.to_string()))
        }
    }
}
