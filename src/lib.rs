//! bantin: a static report-site generator for Vietnam's civil judgment enforcement offices.
//!
//! Data flows one way: load → validate → model → render → write (see DESIGN.md).
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod atomic;
pub mod briefing;
pub mod cli;
pub mod content_type;
pub mod diag;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod images;
pub mod load;
pub mod markdown;
pub mod memory;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod roundtrip;
pub mod sanitize;
pub mod scaffold;
pub mod serve;
pub mod snapshot;
pub mod source;
pub mod validate;

// The crates below the application, under the names the code has always used for them.
pub use bantin_charts as charts;
pub use bantin_model as model;
pub use bantin_model::{pages, urls};
pub use bantin_text as text;
pub use bantin_text::docnum;

pub(crate) use memory::{PAR_BATCH, with_io_threads};
