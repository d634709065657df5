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
pub mod model;
pub mod output;
pub mod pages;
pub mod pipeline;
pub mod render;
pub mod sanitize;
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

/// Threads that read files at once. A cold disk serves reads faster with more of them in flight:
/// loading 10,000 articles after the page cache was dropped took 1.0–5.1 s with the 2 threads of
/// the machine and 0.55 s with 16; files already in memory load as fast either way. (Writing with
/// as many threads measured no faster: writes go through one pool of one thread per CPU.)
const IO_THREADS: usize = 16;

/// Run `work` (parallel file I/O) in a pool of [`IO_THREADS`] threads, or in the usual pool of
/// one thread per CPU when that pool cannot be made.
pub(crate) fn with_io_threads<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    match rayon::ThreadPoolBuilder::new()
        .num_threads(IO_THREADS)
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}
