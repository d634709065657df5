//! The connections and what bounds them: the accept loop, the cap on live connections (the oldest
//! idle one is shed for a newcomer; a newcomer is refused at once when all are busy, never left to
//! queue), the requests one connection may make, and the timeouts — hyper's on request heads, and
//! [`Deadline`]'s on idle connections and stalled writes.

use std::collections::HashMap;
use std::convert::Infallible;
use std::future::poll_fn;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Poll;
use std::time::{Duration, Instant};

use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpStream;
use tokio::sync::Notify;

use super::deadline::Deadline;
use super::handle::{State, handle};
use crate::error::EnvError;

/// Bound on a request's head (request line and headers), and so on the pipelined requests read
/// ahead: hyper's read buffer holds no more (`max_buf_size`), it answers 431 to a bigger head,
/// and what a client sends beyond waits in the kernel until hyper reads on.
const MAX_HEAD: usize = 16 * 1024;
/// Connections served at once. A newcomer beyond it sheds the connection idle for longest; when
/// every connection is busy (answering a request, e.g. a held reload poll), it is refused.
pub const MAX_CONNECTIONS: usize = 256;
/// Requests answered on one connection; the last is answered with `Connection: close`. Bounds
/// what one client that pipelines requests can make the server do on one connection (one that
/// never reads is stopped sooner, by the socket buffers filling and then [`WRITE_TIMEOUT`]); a
/// browser opens another connection. 1,000 as nginx's `keepalive_requests`: in
/// `bench/serve_load.sh` (wrk, 64 connections) 100 cost 3% and 16% of the requests per second in
/// two runs (reconnections), 1,000 nothing measurable; `bench/slow_clients.py` showed no
/// difference between them.
pub const MAX_REQUESTS: usize = 1000;
/// A client must send a whole request head within this time from when the server waits for it
/// (hyper's `header_read_timeout`): a client that trickles its head is cut off.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection that answers no request, writes nothing and receives nothing for this long is
/// closed: an idle keep-alive connection, or one opened and left silent.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// A response write that makes no progress for this long closes the connection: the client does
/// not read what it asked for.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// The environment variable that can make [`Limits`] smaller (for tests): comma-separated
/// `name=value` pairs, e.g. `max_connections=4,write_timeout_ms=300`.
pub const LIMITS_ENV: &str = "BANTIN_SERVE_LIMITS";

/// The bounds on connections; the default is the constants above.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub max_connections: usize,
    pub max_requests: usize,
    pub header_timeout: Duration,
    pub idle_timeout: Duration,
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_connections: MAX_CONNECTIONS,
            max_requests: MAX_REQUESTS,
            header_timeout: HEADER_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            write_timeout: WRITE_TIMEOUT,
        }
    }
}

impl Limits {
    /// The defaults, with what [`LIMITS_ENV`] sets when it is set: `max_connections`,
    /// `max_requests`, `header_timeout_ms`, `idle_timeout_ms`, `write_timeout_ms`, each a
    /// positive whole number. Meant for tests, which cannot wait for the real timeouts.
    pub fn from_env() -> Result<Limits, EnvError> {
        match std::env::var(LIMITS_ENV) {
            Ok(spec) => Limits::parse(&spec)
                .map_err(|e| EnvError::Usage(format!("{LIMITS_ENV}={spec:?}: {e}"))),
            Err(_) => Ok(Limits::default()),
        }
    }

    fn parse(spec: &str) -> Result<Limits, String> {
        let mut limits = Limits::default();
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, value) = pair
                .split_once('=')
                .ok_or_else(|| format!("`{pair}` is not name=value"))?;
            let n: u64 = value
                .trim()
                .parse()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("`{value}` is not a positive whole number"))?;
            let count = usize::try_from(n).map_err(|_| format!("`{value}` is too big"))?;
            match name.trim() {
                "max_connections" => limits.max_connections = count,
                "max_requests" => limits.max_requests = count,
                "header_timeout_ms" => limits.header_timeout = Duration::from_millis(n),
                "idle_timeout_ms" => limits.idle_timeout = Duration::from_millis(n),
                "write_timeout_ms" => limits.write_timeout = Duration::from_millis(n),
                other => return Err(format!("unknown limit `{other}`")),
            }
        }
        Ok(limits)
    }
}

/// What a connection's task, its socket's [`Deadline`] and the registry share.
pub(super) struct Conn {
    /// A request is being answered (set and cleared under the registry's lock, so that a
    /// connection chosen to be shed is never busy).
    busy: AtomicBool,
    /// Requests begun on this connection.
    requests: AtomicUsize,
    /// Woken when the connection is shed.
    shed: Notify,
}

impl Conn {
    pub(super) fn is_busy(&self) -> bool {
        self.busy.load(Ordering::Relaxed)
    }
}

/// The live connections: each idle or busy, idle since when.
struct Registry {
    cap: usize,
    live: Mutex<Live>,
}

#[derive(Default)]
struct Live {
    next_id: u64,
    conns: HashMap<u64, Slot>,
}

struct Slot {
    conn: Arc<Conn>,
    /// When the connection was opened or its last request answered.
    idle_since: Instant,
}

/// A connection's place in the registry, given up on drop.
struct Admitted {
    registry: Arc<Registry>,
    id: u64,
    conn: Arc<Conn>,
}

impl Registry {
    fn lock(&self) -> MutexGuard<'_, Live> {
        // Nothing panics while holding the lock; a poisoned lock still holds a usable map.
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A place for a new connection: at the cap, the connection idle for longest is shed to make
    /// room; `None` when every connection is busy.
    fn admit(self: &Arc<Self>) -> Option<Admitted> {
        let mut live = self.lock();
        if live.conns.len() >= self.cap {
            let oldest = live
                .conns
                .iter()
                .filter(|(_, slot)| !slot.conn.is_busy())
                .min_by_key(|(_, slot)| slot.idle_since)
                .map(|(id, _)| *id)?;
            if let Some(slot) = live.conns.remove(&oldest) {
                slot.conn.shed.notify_one();
            }
        }
        let id = live.next_id;
        live.next_id += 1;
        let conn = Arc::new(Conn {
            busy: AtomicBool::new(false),
            requests: AtomicUsize::new(0),
            shed: Notify::new(),
        });
        live.conns.insert(
            id,
            Slot {
                conn: conn.clone(),
                idle_since: Instant::now(),
            },
        );
        Some(Admitted {
            registry: self.clone(),
            id,
            conn,
        })
    }
}

impl Admitted {
    /// Mark the connection busy until the guard is dropped (the request answered, or abandoned).
    fn begin(&self) -> Busy<'_> {
        let _live = self.registry.lock();
        self.conn.busy.store(true, Ordering::Relaxed);
        Busy(self)
    }
}

impl Drop for Admitted {
    fn drop(&mut self) {
        self.registry.lock().conns.remove(&self.id);
    }
}

struct Busy<'a>(&'a Admitted);

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        let mut live = self.0.registry.lock();
        self.0.conn.busy.store(false, Ordering::Relaxed);
        if let Some(slot) = live.conns.get_mut(&self.0.id) {
            slot.idle_since = Instant::now();
        }
    }
}

/// The answer to a connection refused because every connection is busy: written once without
/// waiting, then the socket is closed. Fixed bytes (no request is read, and no hyper connection
/// is set up for a client that is turned away).
const REFUSED: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
content-type: text/plain; charset=utf-8\r\ncache-control: no-store\r\nretry-after: 1\r\n\
connection: close\r\ncontent-length: 25\r\n\r\n503 too many connections\n";

pub(super) async fn accept_loop(
    listener: tokio::net::TcpListener,
    state: Arc<State>,
    limits: Limits,
) {
    let registry = Arc::new(Registry {
        cap: limits.max_connections,
        live: Mutex::default(),
    });
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(MAX_HEAD);
    let builder = Arc::new(builder);
    loop {
        let stream = match listener.accept().await {
            Ok((s, _)) => s,
            Err(_) => {
                // Out of file descriptors or an aborted handshake: pause, keep serving.
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        let Some(admitted) = registry.admit() else {
            let _ = stream.try_write(REFUSED);
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(
            stream,
            admitted,
            state.clone(),
            builder.clone(),
            limits,
        ));
    }
}

/// Serve one connection until it ends, times out or is shed.
async fn connection(
    stream: TcpStream,
    admitted: Admitted,
    state: Arc<State>,
    builder: Arc<http1::Builder>,
    limits: Limits,
) {
    let admitted = Arc::new(admitted);
    let io = Deadline::new(
        stream,
        admitted.conn.clone(),
        limits.idle_timeout,
        limits.write_timeout,
    );
    let service = {
        let admitted = admitted.clone();
        hyper::service::service_fn(move |req| {
            let state = state.clone();
            let admitted = admitted.clone();
            async move {
                let _busy = admitted.begin();
                let n = admitted.conn.requests.fetch_add(1, Ordering::Relaxed) + 1;
                let mut reply = handle(req, &state).await;
                if n >= limits.max_requests {
                    reply
                        .headers_mut()
                        .insert(header::CONNECTION, HeaderValue::from_static("close"));
                }
                Ok::<_, Infallible>(reply)
            }
        })
    };
    let mut http = pin!(builder.serve_connection(TokioIo::new(io), service));
    let mut shed = pin!(admitted.conn.shed.notified());
    // Whichever comes first; dropping the connection closes the socket at once.
    poll_fn(|cx| {
        if shed.as_mut().poll(cx).is_ready() {
            return Poll::Ready(());
        }
        http.as_mut().poll(cx).map(|_| ())
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_is_a_whole_response() {
        let text = std::str::from_utf8(REFUSED).expect("ascii");
        let (head, body) = text.split_once("\r\n\r\n").expect("a head");
        assert!(head.starts_with("HTTP/1.1 503 "));
        assert!(head.contains(&format!("content-length: {}", body.len())));
    }

    #[test]
    fn limits_from_text() {
        assert_eq!(Limits::parse(""), Ok(Limits::default()));
        let l = Limits::parse("max_connections=4, write_timeout_ms=300").expect("valid");
        assert_eq!(l.max_connections, 4);
        assert_eq!(l.write_timeout, Duration::from_millis(300));
        assert_eq!(l.max_requests, MAX_REQUESTS);
        for bad in [
            "max_connections",
            "max_connections=0",
            "x=1",
            "idle_timeout_ms=-1",
        ] {
            assert!(Limits::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_oldest_idle_connection_is_shed_and_busy_ones_are_not() {
        let registry = Arc::new(Registry {
            cap: 2,
            live: Mutex::default(),
        });
        let a = registry.admit().expect("room");
        let b = registry.admit().expect("room");
        let c = registry.admit().expect("a is shed");
        assert!(!registry.lock().conns.contains_key(&a.id));
        let told = pin!(a.conn.shed.notified())
            .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()))
            .is_ready();
        assert!(told, "a was told to close");
        let b_busy = b.begin();
        let c_busy = c.begin();
        assert!(registry.admit().is_none(), "all busy: refused");
        drop(c_busy);
        let d = registry.admit().expect("c is idle again, and shed");
        assert!(!registry.lock().conns.contains_key(&c.id));
        assert!(registry.lock().conns.contains_key(&d.id));
        drop(b_busy);
        drop(b);
        assert_eq!(registry.lock().conns.len(), 1);
    }
}
