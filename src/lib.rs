//! bantin: a static report-site generator for Vietnam's civil judgment enforcement offices.
//!
//! Data flows one way: load → validate → model → render → write (see DESIGN.md).
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod charts;
pub mod cli;
pub mod content_type;
pub mod diag;
pub mod docnum;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod load;
pub mod markdown;
pub mod memory;
pub mod model;
pub mod output;
pub mod pages;
pub mod pipeline;
pub mod render;
pub mod sanitize;
pub mod scaffold;
pub mod serve;
pub mod snapshot;
pub mod source;
pub mod text;
pub mod urls;
pub mod validate;

pub(crate) use memory::{PAR_BATCH, with_io_threads};
