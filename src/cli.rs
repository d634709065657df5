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
        Command::Check { common, .. } => common.timings,
    };
    let (result, strict, building) = match &cli.command {
        Command::Build(args) => (pipeline::build(&args.options(false)), false, true),
        Command::Check { common, strict } => (
            pipeline::check(&common.options(*strict)).map(|(r, _)| r),
            *strict,
            false,
        ),
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
