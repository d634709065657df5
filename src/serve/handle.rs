//! Answering one request: the checks every request must pass (method, host, path), the mapping
//! of a decoded path to a file of the in-memory site, the live-reload long poll, and the replies.
//! A request can only ever name a key of the served map, so nothing outside the built site can be
//! served, whatever the path says.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::{Body, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use tokio::sync::watch;

use super::publish::{Served, inject_reload};
use super::{MAX_PATH, RELOAD_PATH};

/// Reload polls held open at once; more are answered 503 (the script retries later).
const MAX_WAITERS: usize = 64;
/// How long a reload poll is held when no build comes.
const POLL_TIMEOUT: Duration = Duration::from_secs(25);

/// What every request reads.
pub(super) struct State {
    pub(super) site: watch::Receiver<std::sync::Arc<Served>>,
    /// Requests must name a loopback host (guards against DNS rebinding) unless bound elsewhere.
    pub(super) loopback_only: bool,
    pub(super) waiters: AtomicUsize,
}

pub(super) type Reply = Response<Full<Bytes>>;

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

/// Answer one request. A request that carries a body is answered without the body being read,
/// and its connection is closed after the answer: nothing here takes a body, so none is ever
/// read (and no body-read timeout is needed).
pub(super) async fn handle(req: Request<Incoming>, state: &State) -> Reply {
    let has_body = !req.body().is_end_stream();
    let mut r = answer(req, has_body, state).await;
    if has_body {
        r.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    r
}

async fn answer(req: Request<Incoming>, has_body: bool, state: &State) -> Reply {
    // Exactly one Host header: with none or several, which site is asked for is unclear, and the
    // loopback check below could be dodged.
    let mut hosts = req.headers().get_all(header::HOST).iter();
    let (Some(host), None) = (hosts.next(), hosts.next()) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "400 a request needs exactly one Host header\n",
        );
    };
    // `GET http://host/path`: the form a client sends to a proxy. This is not one, and the
    // target's host could differ from the Host header.
    if req.uri().scheme().is_some() || req.uri().authority().is_some() {
        return plain(
            StatusCode::BAD_REQUEST,
            "400 absolute-form request targets are not served (this is not a proxy)\n",
        );
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = plain(StatusCode::METHOD_NOT_ALLOWED, "405 method not allowed\n");
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    if has_body {
        return plain(
            StatusCode::BAD_REQUEST,
            "400 a GET or HEAD request carries no body\n",
        );
    }
    if state.loopback_only && !is_loopback_host(host.as_bytes()) {
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
