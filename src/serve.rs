//! `bantin serve`: build in memory, serve the site on loopback, watch `content/` and `templates/`,
//! rebuild on change and reload open pages (SPEC §1, §9).
//!
//! Files are served from the in-memory build (`Vec<OutputFile>`), never from disk: a request can
//! only ever name a key of that map, so nothing outside the built site can be served, whatever
//! the path says. HTTP is hyper's (bounded head size, header-read timeout, malformed requests
//! answered 400 by its parser); this module only maps a decoded path to a key. Live reload is a
//! long poll on [`RELOAD_PATH`], answered as soon as a build with another id is published.
//! Nothing here prints: every event goes to the caller (`cli.rs`).

use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::DebounceEventResult;
use tokio::sync::{Semaphore, watch};

use crate::diag;
use crate::model::OutputFile;
use crate::pipeline::{self, Incremental, Input, Options, Output, Report};

/// The long-poll endpoint of live reload: `GET /__bantin/reload?v=<build id>` answers with the
/// current build id, at once when it differs from `v`, else when the next build is published (or
/// after [`POLL_TIMEOUT`], with the same id).
pub const RELOAD_PATH: &str = "/__bantin/reload";
/// Longest request path accepted (414 beyond).
pub const MAX_PATH: usize = 2048;
/// Bound on a request's head (request line and headers): hyper answers 431 beyond it.
const MAX_HEAD: usize = 16 * 1024;
/// Connections served at once; more wait in the kernel's accept queue.
const MAX_CONNECTIONS: usize = 256;
/// Reload polls held open at once; more are answered 503 (the script retries later).
const MAX_WAITERS: usize = 64;
const POLL_TIMEOUT: Duration = Duration::from_secs(25);
/// A client must send its whole request head within this time, also on an idle keep-alive
/// connection.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// Quiet time after the last file event before a rebuild (editors write in several steps, within
/// a few milliseconds; a rebuild that catches a half-written file is followed by another).
const DEBOUNCE: Duration = Duration::from_millis(25);

/// What `serve` needs.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The project folder, which holds `content/`.
    pub root: PathBuf,
    pub options: Options,
    /// Where to listen; port 0 picks a free port (reported in [`ServeEvent::Listening`]).
    pub addr: SocketAddr,
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
}

use crate::error::EnvError;

/// The site as served: the last good build, and the diagnostics page when the latest build failed.
struct Served {
    /// Changes whenever what a page shows changes; pages embed it and poll for another.
    id: u64,
    files: Arc<HashMap<String, Bytes>>,
    /// Replaces every page while the content has errors.
    error_page: Option<Bytes>,
}

struct State {
    site: watch::Receiver<Arc<Served>>,
    /// Requests must name a loopback host (guards against DNS rebinding) unless bound elsewhere.
    loopback_only: bool,
    waiters: AtomicUsize,
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
    let (tx, rx) = watch::channel(first);

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
    runtime.spawn(accept_loop(listener, state));

    let (events_tx, events_rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, events_tx)
        .map_err(|e| EnvError::Serve(format!("cannot watch files: {e}")))?;
    // Events name absolute paths: a relative `--root` must be made absolute to match them.
    let root = &std::path::absolute(&opts.root)
        .and_then(|r| r.canonicalize())
        .unwrap_or_else(|_| opts.root.clone());
    let content = root.join("content");
    debouncer
        .watch(&content, RecursiveMode::Recursive)
        .map_err(|e| EnvError::Serve(format!("cannot watch {}: {e}", content.display())))?;
    // The root itself, shallowly: notices `templates/` being created (then watched too).
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| EnvError::Serve(format!("cannot watch {}: {e}", root.display())))?;
    let templates = root.join("templates");
    let mut watching_templates = templates.is_dir()
        && debouncer
            .watch(&templates, RecursiveMode::Recursive)
            .is_ok();

    on_event(ServeEvent::Listening(addr));

    while let Ok(result) = events_rx.recv() {
        let mut changed = BTreeSetOfPaths::default();
        let mut collect =
            |result: DebounceEventResult, on_event: &mut dyn FnMut(ServeEvent)| match result {
                Ok(events) => {
                    for ev in events {
                        if matches!(ev.event.kind, EventKind::Access(_)) {
                            continue;
                        }
                        for p in &ev.event.paths {
                            if let Some(rel) = relevant(root, p) {
                                changed.insert(rel);
                            }
                        }
                    }
                }
                Err(errors) => {
                    for e in errors {
                        on_event(ServeEvent::WatchError(e.to_string()));
                    }
                }
            };
        collect(result, on_event);
        while let Ok(more) = events_rx.try_recv() {
            collect(more, on_event);
        }
        if changed.is_empty() {
            continue;
        }
        if !watching_templates && templates.is_dir() {
            watching_templates = debouncer
                .watch(&templates, RecursiveMode::Recursive)
                .is_ok();
        }
        let changed = changed.into_vec();
        on_event(ServeEvent::Changed(&changed));
        let mut publish = |next: Arc<Served>| {
            if next.id != tx.borrow().id {
                tx.send_replace(next);
            }
        };
        publisher.rebuild(opts, &changed, &mut publish, on_event);
    }
    Err(EnvError::Serve("the file watcher stopped".into()))
}

/// Paths in first-seen order without repeats.
#[derive(Default)]
struct BTreeSetOfPaths {
    seen: HashSet<PathBuf>,
    list: Vec<PathBuf>,
}

impl BTreeSetOfPaths {
    fn insert(&mut self, p: PathBuf) {
        if self.seen.insert(p.clone()) {
            self.list.push(p);
        }
    }
    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
    fn into_vec(mut self) -> Vec<PathBuf> {
        self.list.sort();
        self.list
    }
}

/// The root-relative path of a file event that can change the site: under `content/` or
/// `templates/`, and not an editor's temporary file (hidden, `~` backups, swap files).
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let top = rel.components().next()?.as_os_str();
    if top != "content" && top != "templates" {
        return None;
    }
    let name = rel.file_name()?.to_string_lossy();
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913"
    {
        return None;
    }
    Some(crate::load::rel_path(root, path))
}

/// Runs builds and turns them into what is served.
#[derive(Default)]
struct Publisher {
    last_id: u64,
    /// The last good site, and whether what is served now is an error page.
    files: Arc<HashMap<String, Bytes>>,
    showing_error: bool,
    /// The last good build, kept while only articles are edited.
    incremental: Option<Incremental>,
}

/// The changed files read again: (root-relative path, bytes); `None` when there are none or one
/// is gone. Whether they are only articles edited in place is for the build to say.
fn read_changed(root: &Path, changed: &[PathBuf]) -> Option<Vec<(PathBuf, Vec<u8>)>> {
    if changed.is_empty() {
        return None;
    }
    changed
        .iter()
        .map(|rel| Some((rel.clone(), std::fs::read(root.join(rel)).ok()?)))
        .collect()
}

impl Publisher {
    /// The site after `changed` files (none: the first build): only the pages that can differ
    /// when articles were edited in place, else a full build in memory. What is built goes to
    /// `publish` before `on_event` hears of it: open pages reload without waiting for the
    /// diagnostics to be printed.
    fn rebuild(
        &mut self,
        opts: &ServeOptions,
        changed: &[PathBuf],
        publish: &mut dyn FnMut(Arc<Served>),
        on_event: &mut dyn FnMut(ServeEvent),
    ) {
        let started = Instant::now();
        if let Some(edited) = read_changed(&opts.root, changed)
            && let Some(inc) = self.incremental.take()
            && let Ok((inc, report, rendered)) = inc.update_articles(edited)
        {
            self.incremental = Some(inc);
            let mut changed = self.showing_error;
            let mut files = (*self.files).clone();
            for f in rendered {
                if files.get(&f.path).is_none_or(|b| b[..] != f.bytes[..]) {
                    changed = true;
                    files.insert(f.path, Bytes::from(f.bytes));
                }
            }
            if changed {
                self.files = Arc::new(files);
                self.last_id += 1;
            }
            self.showing_error = false;
            publish(self.served());
            on_event(ServeEvent::Built {
                report: &report,
                elapsed: started.elapsed(),
                reloaded: changed,
            });
            return;
        }
        self.incremental = None;
        let outcome = pipeline::run(
            Input::Folder(opts.root.clone()),
            Output::Updatable,
            &opts.options,
            &mut |_| {},
        )
        .map(|(report, outcome)| (report, outcome.updatable()));
        let elapsed = started.elapsed();
        match outcome {
            Ok((report, Some((files, inc)))) => {
                self.incremental = Some(inc);
                let changed =
                    self.showing_error || !same_files(&self.files, &files) || self.last_id == 0;
                if changed {
                    self.files = Arc::new(
                        files
                            .into_iter()
                            .map(|f| (f.path, Bytes::from(f.bytes)))
                            .collect(),
                    );
                    self.last_id += 1;
                }
                self.showing_error = false;
                publish(self.served());
                on_event(ServeEvent::Built {
                    report: &report,
                    elapsed,
                    reloaded: changed && self.last_id > 1,
                });
            }
            Ok((report, None)) => {
                self.last_id += 1;
                self.showing_error = true;
                let text: Vec<String> = report
                    .diagnostics
                    .iter()
                    .map(|d| diag::render(d, &report.sources, false))
                    .collect();
                let summary = diag::count_line(&report.diagnostics);
                publish(self.served_error(&text, &summary));
                on_event(ServeEvent::Failed {
                    report: &report,
                    elapsed,
                });
            }
            Err(e) => {
                self.last_id += 1;
                self.showing_error = true;
                let message = e.to_string();
                publish(
                    self.served_error(std::slice::from_ref(&message), "the project cannot be read"),
                );
                on_event(ServeEvent::EnvError(&message));
            }
        }
    }

    /// The last good site, as served.
    fn served(&self) -> Arc<Served> {
        Arc::new(Served {
            id: self.last_id,
            files: self.files.clone(),
            error_page: None,
        })
    }

    fn served_error(&self, problems: &[String], summary: &str) -> Arc<Served> {
        Arc::new(Served {
            id: self.last_id,
            files: self.files.clone(),
            error_page: Some(Bytes::from(error_page(problems, summary, self.last_id))),
        })
    }
}

fn same_files(old: &HashMap<String, Bytes>, new: &[OutputFile]) -> bool {
    old.len() == new.len()
        && new
            .iter()
            .all(|f| old.get(&f.path).is_some_and(|b| b[..] == f.bytes[..]))
}

/// The live-reload script, for a page of build `id`. It reloads the page when the server answers
/// with another id, and retries after a pause when the server is away.
fn reload_script(id: u64) -> String {
    format!(
        "<script>/* bantin serve: live reload */(function(){{var v=\"{id}\";\
function poll(){{fetch(\"{RELOAD_PATH}?v=\"+v,{{cache:\"no-store\"}})\
.then(function(r){{if(!r.ok)throw r.status;return r.text();}})\
.then(function(t){{if(t.trim()!==v){{location.reload();}}else{{poll();}}}})\
.catch(function(){{setTimeout(poll,2000);}});}}poll();}})();</script>"
    )
}

/// `html` with the reload script before `</body>` (or at the end when there is none).
pub fn inject_reload(html: &[u8], id: u64) -> Vec<u8> {
    let script = reload_script(id);
    let at = rfind(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The page shown instead of every page while the content has errors.
fn error_page(problems: &[String], summary: &str, id: u64) -> Vec<u8> {
    let mut body = String::new();
    for p in problems {
        body.push_str("<pre>");
        body.push_str(&crate::text::escape_markup(p));
        body.push_str("</pre>\n");
    }
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<title>Nội dung có lỗi — bantin serve</title>\n<style>\
body{{font-family:system-ui,sans-serif;margin:0;padding:1rem 1.5rem;background:#fff8f6;color:#1a1a1a}}\
h1{{font-size:1.3rem;color:#a3130b}}pre{{background:#fff;border:1px solid #e4b9b4;border-left:4px solid #a3130b;\
padding:.75rem;overflow-x:auto;white-space:pre-wrap;font-size:.9rem}}\
</style>\n</head>\n<body>\n<main>\n<h1>Nội dung có lỗi: trang chưa được dựng lại</h1>\n\
<p>{summary}. Sửa lỗi rồi lưu tệp: trang sẽ tự tải lại.</p>\n{body}</main>\n</body>\n</html>\n",
        summary = crate::text::escape_markup(summary),
    );
    inject_reload(page.as_bytes(), id)
}

async fn accept_loop(listener: tokio::net::TcpListener, state: Arc<State>) {
    let permits = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(permit) = permits.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((s, _)) => s,
            Err(_) => {
                // Out of file descriptors or an aborted handshake: pause, keep serving.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let service = hyper::service::service_fn(move |req| {
                let state = state.clone();
                async move { Ok::<_, Infallible>(handle(req, &state).await) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_buf_size(MAX_HEAD)
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
    }
}

type Reply = Response<Full<Bytes>>;

fn reply(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Reply {
    let mut r = Response::new(Full::new(body.into()));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

fn plain(status: StatusCode, text: &'static str) -> Reply {
    reply(
        status,
        "text/plain; charset=utf-8",
        Bytes::from_static(text.as_bytes()),
    )
}

async fn handle(req: Request<Incoming>, state: &State) -> Reply {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "405 method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if state.loopback_only
        && let Some(host) = req.headers().get(header::HOST)
        && !is_loopback_host(host.as_bytes())
    {
        return plain(
            StatusCode::MISDIRECTED_REQUEST,
            "421 this server answers only to localhost\n",
        );
    }
    let raw_path = req.uri().path();
    if raw_path.len() > MAX_PATH {
        return plain(StatusCode::URI_TOO_LONG, "414 path too long\n");
    }
    if raw_path == RELOAD_PATH {
        return reload_poll(req.uri().query(), state).await;
    }
    let served = state.site.borrow().clone();
    let Ok(target) = decode_path(raw_path) else {
        return plain(StatusCode::BAD_REQUEST, "400 bad path\n");
    };
    match resolve(&served.files, &target) {
        Resolved::File(key) => {
            let Some(bytes) = served.files.get(&key) else {
                return not_found(&served);
            };
            let ctype = crate::content_type::content_type(&key);
            if key.ends_with(".html") {
                if let Some(page) = &served.error_page {
                    return reply(StatusCode::INTERNAL_SERVER_ERROR, ctype, page.clone());
                }
                return reply(StatusCode::OK, ctype, inject_reload(bytes, served.id));
            }
            reply(StatusCode::OK, ctype, bytes.clone())
        }
        Resolved::Redirect => {
            let mut location = format!("{raw_path}/");
            if let Some(q) = req.uri().query() {
                location.push('?');
                location.push_str(q);
            }
            let Ok(value) = HeaderValue::from_str(&location) else {
                return plain(StatusCode::BAD_REQUEST, "400 bad path\n");
            };
            let mut r = plain(StatusCode::MOVED_PERMANENTLY, "301 moved\n");
            r.headers_mut().insert(header::LOCATION, value);
            r
        }
        Resolved::NotFound => not_found(&served),
    }
}

fn not_found(served: &Served) -> Reply {
    if let Some(page) = &served.error_page {
        return reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            "text/html; charset=utf-8",
            page.clone(),
        );
    }
    match served.files.get("404.html") {
        Some(page) => reply(
            StatusCode::NOT_FOUND,
            "text/html; charset=utf-8",
            inject_reload(page, served.id),
        ),
        None => plain(StatusCode::NOT_FOUND, "404 not found\n"),
    }
}

/// Decrements the count of held polls when a poll ends, however it ends.
struct WaiterSlot<'a>(&'a AtomicUsize);

impl Drop for WaiterSlot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

async fn reload_poll(query: Option<&str>, state: &State) -> Reply {
    let seen: Option<u64> = query
        .unwrap_or("")
        .split('&')
        .find_map(|kv| kv.strip_prefix("v="))
        .and_then(|v| v.parse().ok());
    let mut rx = state.site.clone();
    let current = rx.borrow().id;
    let answer = |id: u64| reply(StatusCode::OK, "text/plain; charset=utf-8", id.to_string());
    let Some(seen) = seen.filter(|v| *v == current) else {
        return answer(current);
    };
    if state.waiters.fetch_add(1, Ordering::Relaxed) >= MAX_WAITERS {
        state.waiters.fetch_sub(1, Ordering::Relaxed);
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "503 too many reload polls\n",
        );
    }
    let _slot = WaiterSlot(&state.waiters);
    let _ = tokio::time::timeout(POLL_TIMEOUT, rx.wait_for(|s| s.id != seen)).await;
    let id = rx.borrow().id;
    answer(id)
}

/// `Host: localhost:8000`, `127.0.0.1`, `[::1]:8000` and the like.
fn is_loopback_host(host: &[u8]) -> bool {
    let Ok(host) = std::str::from_utf8(host) else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// A request path, percent-decoded once and checked.
#[derive(Debug, PartialEq, Eq)]
pub struct Target {
    /// The decoded path without its leading `/`.
    pub rel: String,
    /// The path ended with `/` (or was `/`).
    pub dir: bool,
}

/// Why a path is refused (400).
#[derive(Debug, PartialEq, Eq)]
pub struct BadPath;

/// Decode `%XX` once, then refuse what no file of a site can be named: not starting with `/`,
/// bad `%` escapes, text that is not UTF-8, control characters (NUL included), backslashes,
/// empty segments (`//etc`), and `.` or `..` segments (also when written `%2e%2e`).
pub fn decode_path(raw: &str) -> Result<Target, BadPath> {
    let rest = raw.strip_prefix('/').ok_or(BadPath)?;
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(BadPath)?;
            let hi = (hex[0] as char).to_digit(16).ok_or(BadPath)?;
            let lo = (hex[1] as char).to_digit(16).ok_or(BadPath)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    let text = String::from_utf8(out).map_err(|_| BadPath)?;
    if text.chars().any(|c| c.is_control() || c == '\\') {
        return Err(BadPath);
    }
    let dir = text.is_empty() || text.ends_with('/');
    let trimmed = text.strip_suffix('/').unwrap_or(&text);
    if !trimmed.is_empty() {
        for seg in trimmed.split('/') {
            if seg.is_empty() || seg == "." || seg == ".." {
                return Err(BadPath);
            }
        }
    }
    Ok(Target {
        rel: trimmed.to_string(),
        dir,
    })
}

enum Resolved {
    File(String),
    /// `/x` where `/x/` is a page.
    Redirect,
    NotFound,
}

fn resolve(files: &HashMap<String, Bytes>, t: &Target) -> Resolved {
    if t.rel.is_empty() {
        return Resolved::File("index.html".into());
    }
    if t.dir {
        let key = format!("{}/index.html", t.rel);
        return if files.contains_key(&key) {
            Resolved::File(key)
        } else {
            Resolved::NotFound
        };
    }
    if files.contains_key(&t.rel) {
        return Resolved::File(t.rel.clone());
    }
    if files.contains_key(&format!("{}/index.html", t.rel)) {
        return Resolved::Redirect;
    }
    Resolved::NotFound
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_once_and_checked() {
        let ok = |p: &str| decode_path(p).expect(p);
        assert_eq!(
            ok("/"),
            Target {
                rel: String::new(),
                dir: true
            }
        );
        assert_eq!(ok("/tin-tuc/").rel, "tin-tuc");
        assert!(ok("/tin-tuc/").dir);
        assert_eq!(ok("/th%E1%BA%BB/").rel, "thẻ");
        assert_eq!(ok("/atom.xml").rel, "atom.xml");
        assert!(!ok("/atom.xml").dir);
        // Decoded once: `%252e` is the text `%2e`, an ordinary (missing) name.
        assert_eq!(ok("/%252e%252e/x").rel, "%2e%2e/x");
        for bad in [
            "",
            "*",
            "/../Cargo.toml",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/x",
            "/..%2f..%2fetc/passwd",
            "//etc/passwd",
            "/%2Fetc/passwd",
            "/tin-tuc/..\\..\\x",
            "/tin-tuc/%5C..%5Cx",
            "/a%00b",
            "/a/./b",
            "/a/.",
            "/a/..",
            "/%",
            "/%zz",
            "/%e1%ba",
            "/a\nb",
        ] {
            assert_eq!(decode_path(bad), Err(BadPath), "{bad:?}");
        }
    }

    #[test]
    fn urls_map_to_files() {
        let files: HashMap<String, Bytes> = ["index.html", "tin-tuc/index.html", "atom.xml"]
            .into_iter()
            .map(|k| (k.to_string(), Bytes::new()))
            .collect();
        let r = |p: &str| match resolve(&files, &decode_path(p).expect(p)) {
            Resolved::File(k) => k,
            Resolved::Redirect => "→".into(),
            Resolved::NotFound => "404".into(),
        };
        assert_eq!(r("/"), "index.html");
        assert_eq!(r("/tin-tuc/"), "tin-tuc/index.html");
        assert_eq!(r("/tin-tuc"), "→");
        assert_eq!(r("/atom.xml"), "atom.xml");
        assert_eq!(r("/atom.xml/"), "404");
        assert_eq!(r("/khong-co"), "404");
        assert_eq!(r("/tin-tuc/index.html"), "tin-tuc/index.html");
    }

    #[test]
    fn reload_script_goes_before_body_end() {
        let out = String::from_utf8(inject_reload(b"<html><body><p>x</p></body></html>", 7))
            .expect("utf-8");
        assert!(out.ends_with("</script></body></html>"), "{out}");
        assert!(out.contains("var v=\"7\""));
        let out = String::from_utf8(inject_reload(b"<p>no body", 1)).expect("utf-8");
        assert!(out.starts_with("<p>no body<script>"));
    }

    #[test]
    fn error_page_escapes_diagnostics() {
        let page = String::from_utf8(error_page(
            &["error: bad `<script>` & \"x\"".into()],
            "1 error, 0 warnings",
            3,
        ))
        .expect("utf-8");
        assert!(page.contains("error: bad `&lt;script&gt;` &amp; &quot;x&quot;"));
        assert!(!page.contains("<script>` &"));
    }

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost",
            "localhost:8000",
            "127.0.0.1:80",
            "[::1]:8000",
            "127.1.2.3",
        ] {
            assert!(is_loopback_host(h.as_bytes()), "{h}");
        }
        for h in [
            "evil.example",
            "evil.example:8000",
            "10.0.0.1",
            "[::2]:1",
            "localhost.evil",
        ] {
            assert!(!is_loopback_host(h.as_bytes()), "{h}");
        }
    }
}
