//! Where bantin deliberately handles memory and threads in a way other than the obvious one,
//! in one place, each with the figure that justified it. Nothing else in the code forgets,
//! drops on another thread or makes a thread pool of its own (tests aside).

use std::sync::OnceLock;

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

/// Run `work` (parallel file I/O) in the pool of [`IO_THREADS`] threads, made once per process
/// (`serve` reads the site again after every edit), or in the usual pool of one thread per CPU
/// when that pool cannot be made.
pub(crate) fn with_io_threads<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(IO_THREADS)
            .thread_name(|i| format!("bantin-io-{i}"))
            .build()
            .ok()
    });
    match pool {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// Drop `value` on another thread, while this one goes on (a built site is hundreds of
/// thousands of small allocations: freeing them took ~50 ms at 10,000 articles, on the path to
/// the next stage or to the end of the run).
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    // Should no thread be available, `spawn` drops the value here as it fails.
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// At the very end of a command, leave `value` to the operating system, which takes back the
/// whole process's memory at once, instead of freeing its allocations one by one (the sources
/// and diagnostics of a large site are hundreds of thousands of them).
pub fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
}
