//! bantin: a static report-site generator for Vietnam's civil judgment enforcement offices.
//!
//! Data flows one way: load → validate → model → render → write (see DESIGN.md).
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod charts;
pub mod cli;
pub mod diag;
pub mod docnum;
#[doc(hidden)]
pub mod fuzzing;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pages;
pub mod pipeline;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod snapshot;
pub mod source;
pub mod text;
pub mod urls;
pub mod validate;

/// The most items one thread takes at a time in a parallel loop over files, articles or pages.
/// Rayon otherwise hands out large runs that are split further only when another thread steals:
/// a run of slow items at the end (data files after articles, unit pages) kept one thread busy
/// while the other waited (~75 ms of 330 ms when loading 10,000 articles).
pub(crate) const PAR_BATCH: usize = 16;
