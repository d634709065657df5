//! The command line: flags → options, reports → the terminal. The only module that prints.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::diag;
use crate::model::Audience;
use crate::pipeline::{self, BuildOptions, Report};
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
    /// Write a dated, self-contained archive: archive/<DATE>/ (opens from disk), SHA256SUMS, <DATE>.zip
    Snapshot {
        #[command(flatten)]
        common: CommonArgs,
        /// Also write archive/<DATE>.warc.gz (WARC 1.1, one record per file under base_url)
        #[arg(long)]
        warc: bool,
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

fn parse_day(s: &str) -> Result<jiff::civil::Date, String> {
    crate::text::parse_date(s).map_err(|e| e.to_string())
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
    fn options(&self, strict: bool) -> BuildOptions {
        BuildOptions {
            out: self.out.clone().unwrap_or_else(|| self.root.join("output")),
            root: self.root.clone(),
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

/// Run the command line; returns the process exit code (0 ok, 1 content errors, 2 usage/environment).
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let started = Instant::now();
    let timings = match &cli.command {
        Command::Build(a) => a.timings,
        Command::Check { common, .. } | Command::Snapshot { common, .. } => common.timings,
    };
    if let Command::Snapshot { common, warc } = &cli.command {
        return run_snapshot(common, *warc, started);
    }
    let (result, strict, building) = match &cli.command {
        Command::Build(args) => (pipeline::build(&args.options(false)), false, true),
        Command::Check { common, strict } => (
            pipeline::check(&common.options(*strict)).map(|(r, _)| r),
            *strict,
            false,
        ),
        Command::Snapshot { .. } => unreachable!("handled above"),
    };
    match result {
        Err(e) => {
            eprintln!("error: {}", e.0);
            ExitCode::from(2)
        }
        Ok(report) => {
            print_diagnostics(&report);
            let failed = report.failed(strict);
            print_summary(&report, building, failed, started.elapsed());
            if timings {
                let t = &report.timings;
                let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
                eprintln!(
                    "timings: load {:.1} ms, validate {:.1} ms, render {:.1} ms, write {:.1} ms",
                    ms(t.load),
                    ms(t.validate),
                    ms(t.render),
                    ms(t.write)
                );
            }
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

fn run_snapshot(common: &CommonArgs, warc: bool, started: Instant) -> ExitCode {
    let date = match snapshot_day(common.as_of) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let build = common.options(false);
    let opts = snapshot::SnapshotOptions {
        archive_dir: common
            .out
            .clone()
            .unwrap_or_else(|| common.root.join("archive")),
        build,
        date,
        warc,
    };
    match snapshot::snapshot(&opts) {
        Err(e) => {
            eprintln!("error: {}", e.0);
            ExitCode::from(2)
        }
        Ok((report, files)) => {
            print_diagnostics(&report);
            let counts = diag::count_line(&report.diagnostics);
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            match files {
                None => {
                    eprintln!("{counts}; nothing was written ({ms:.0} ms)");
                    ExitCode::from(1)
                }
                Some(f) => {
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
                    ExitCode::SUCCESS
                }
            }
        }
    }
}

fn print_diagnostics(report: &Report) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for d in &report.diagnostics {
        eprintln!("{}\n", diag::render(d, &report.sources, color));
    }
}

fn print_summary(report: &Report, building: bool, failed: bool, elapsed: std::time::Duration) {
    let counts = diag::count_line(&report.diagnostics);
    let ms = elapsed.as_secs_f64() * 1000.0;
    if failed {
        eprintln!("{counts}; nothing was written ({ms:.0} ms)");
    } else if building {
        let w = report.written.unwrap_or_default();
        eprintln!(
            "built {} pages, {} files ({} written, {} unchanged, {} removed); {counts}; {ms:.0} ms",
            report.pages, report.files, w.written, w.unchanged, w.removed
        );
    } else {
        eprintln!(
            "checked: {} pages would be built; {counts}; {ms:.0} ms",
            report.pages
        );
    }
}
