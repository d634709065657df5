//! `bantin serve`: build in memory, serve the site on loopback, watch `content/` and `templates/`,
//! rebuild on change and reload open pages (SPEC §1, §9).
//!
//! This module owns the entry point, its options and the events it reports; the parts are
//! `publish` (builds and what is served), `handle` (one request: checks, paths, replies), `http`
//! (connections and their limits), `deadline` (the socket's write and idle deadlines) and `watch`
//! (the file watcher). Files are served from the
//! in-memory build, never from disk. HTTP is hyper's; this crate only maps a decoded path to a
//! key. Live reload is a long poll on [`RELOAD_PATH`], answered as soon as a build with another
//! id is published. Nothing here prints: every event goes to the caller (`cli.rs`).

mod deadline;
mod handle;
mod http;
mod publish;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use tokio::sync::watch as channel;

pub use handle::{BadPath, Target, decode_path};
pub use http::{
    HEADER_TIMEOUT, IDLE_TIMEOUT, LIMITS_ENV, Limits, MAX_CONNECTIONS, MAX_REQUESTS, WRITE_TIMEOUT,
};
pub use publish::inject_reload;

use crate::error::EnvError;
use crate::pipeline::{Options, Report};
use handle::State;
use publish::{Publisher, Served};
use watch::Watcher;

/// The long-poll endpoint of live reload: `GET /__bantin/reload?v=<build id>` answers with the
/// current build id, at once when it differs from `v`, else when the next build is published (or
/// after a while, with the same id).
pub const RELOAD_PATH: &str = "/__bantin/reload";
/// Longest request path accepted (414 beyond).
pub const MAX_PATH: usize = 2048;

/// What `serve` needs.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The project folder, which holds `content/`.
    pub root: PathBuf,
    pub options: Options,
    /// Where to listen; port 0 picks a free port (reported in [`ServeEvent::Listening`]).
    pub addr: SocketAddr,
    /// Bounds on connections ([`Limits::default`] but in tests).
    pub limits: Limits,
}

/// What happened, for the caller to show.
#[derive(Debug)]
pub enum ServeEvent<'a> {
    /// The first build is done and the server accepts requests at this address.
    Listening(SocketAddr),
    /// Files changed (paths relative to the root); a rebuild starts.
    Changed(&'a [PathBuf]),
    /// A build succeeded (warnings allowed). `reloaded`: the site changed, open pages reload.
    Built {
        report: &'a Report,
        elapsed: Duration,
        reloaded: bool,
    },
    /// A build found content errors: pages show them, the last good site's other files stay.
    Failed {
        report: &'a Report,
        elapsed: Duration,
    },
    /// The project could not be read at all (e.g. `content/` was removed).
    EnvError(&'a str),
    /// The file watcher reported a problem.
    WatchError(String),
    /// A watched folder (`content` or `templates`) was replaced or came back after being moved
    /// away or deleted: the new one is watched, and a full build follows.
    Reattached(&'a str),
}

/// Build, then serve until the process is stopped. Returns only on a problem that stops the
/// server (cannot listen, no `content/`, watcher failure at start).
pub fn serve(opts: &ServeOptions, on_event: &mut dyn FnMut(ServeEvent)) -> Result<(), EnvError> {
    let listener = std::net::TcpListener::bind(opts.addr)
        .map_err(|e| EnvError::io_at("cannot listen on", opts.addr, e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| EnvError::io_at("cannot listen on", opts.addr, e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| EnvError::io_at("cannot listen on", addr, e))?;
    if !opts.root.join("content").is_dir() {
        return Err(EnvError::Project(format!(
            "no content/ folder in {} (use --root to point at the folder that holds content/)",
            opts.root.display()
        )));
    }

    let mut publisher = Publisher::default();
    let mut first = None;
    publisher.rebuild(opts, &[], &mut |served| first = Some(served), on_event);
    let first = first.unwrap_or_else(|| publisher.served());
    let (tx, rx) = channel::channel(first);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| EnvError::io_at("cannot start", "the server", e))?;
    let listener = {
        let _guard = runtime.enter();
        tokio::net::TcpListener::from_std(listener)
            .map_err(|e| EnvError::io_at("cannot listen on", addr, e))?
    };
    let state = Arc::new(State {
        site: rx,
        loopback_only: addr.ip().is_loopback(),
        waiters: AtomicUsize::new(0),
    });
    runtime.spawn(http::accept_loop(listener, state, opts.limits));

    let mut watcher = Watcher::start(&opts.root)?;

    on_event(ServeEvent::Listening(addr));

    while let Some(changes) = watcher.next(on_event) {
        if !changes.paths.is_empty() {
            on_event(ServeEvent::Changed(&changes.paths));
        }
        for folder in &changes.reattached {
            on_event(ServeEvent::Reattached(folder));
        }
        let mut publish = |next: Arc<Served>| {
            if next.id != tx.borrow().id {
                tx.send_replace(next);
            }
        };
        // No paths: a full build.
        let changed: &[PathBuf] = if changes.full { &[] } else { &changes.paths };
        publisher.rebuild(opts, changed, &mut publish, on_event);
    }
    Err(EnvError::Serve("the file watcher stopped".into()))
}
