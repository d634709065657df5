//! `bantin serve` under slow and hostile clients: connections that stop reading, go idle, fill
//! the connection cap or pipeline too many requests. The limits are made small through
//! `BANTIN_SERVE_LIMITS` so that each test takes a few seconds; the timeouts of the other limits
//! are made long, so that only the one under test can end a connection. How fast the server
//! stays under load is measured by `bench/slow_clients.py`, not here.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::serve::{ARTICLE, Server, append, build_id, eventually, read_reply};
use crate::support;

/// Read `s` to its end; `true` when the server closed it (end of stream or reset), `false` when
/// it was still open after `within`.
fn read_to_close(s: &mut TcpStream, within: Duration, into: &mut Vec<u8>) -> bool {
    let deadline = Instant::now() + within;
    let mut chunk = [0u8; 65536];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        s.set_read_timeout(Some(left)).expect("read timeout");
        match s.read(&mut chunk) {
            Ok(0) => return true,
            Ok(n) => into.extend_from_slice(&chunk[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return false;
            }
            Err(_) => return true,
        }
    }
}

/// Whether the server has closed `s` (which it has not answered).
fn is_closed(s: &mut TcpStream) -> bool {
    s.set_nonblocking(true).expect("nonblocking");
    let closed = match s.read(&mut [0u8; 1]) {
        Ok(_) => true,
        Err(e) => e.kind() != ErrorKind::WouldBlock,
    };
    s.set_nonblocking(false).expect("blocking");
    closed
}

fn connect(server: &Server) -> TcpStream {
    TcpStream::connect(server.addr).expect("connect")
}

/// A kept-alive connection that has been answered once (so the server has surely taken it).
fn answered_once(server: &Server) -> TcpStream {
    let mut s = connect(server);
    s.set_read_timeout(Some(Duration::from_secs(20))).ok();
    s.write_all(b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    let r = read_reply(&mut s, true);
    assert_eq!(r.status, 200, "{r:?}");
    s
}

#[test]
fn a_client_that_stops_reading_is_cut_off_after_the_write_timeout() {
    let site = support::example();
    let server = Server::with_limits(
        &site,
        "write_timeout_ms=400,max_requests=100000,idle_timeout_ms=60000,header_timeout_ms=60000",
    );
    // Far more answers than the socket buffers hold (about 60 MB), never read.
    let mut s = connect(&server);
    s.set_write_timeout(Some(Duration::from_secs(2))).ok();
    let requests = 3000;
    let one = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let all: Vec<u8> = one
        .iter()
        .copied()
        .cycle()
        .take(one.len() * requests)
        .collect();
    s.write_all(&all)
        .expect("the requests fit in the socket buffers");
    // Others are answered meanwhile.
    assert_eq!(server.get("/").status, 200);
    // Once the server gives up on the stalled write, the connection is closed: a further write
    // fails (reset, or a broken pipe). The header and idle timeouts are a minute: only the write
    // timeout can have closed it within the 20 s waited here.
    eventually("the stalled connection to be closed", &server, || {
        std::thread::sleep(Duration::from_millis(100));
        s.write_all(one).is_err().then_some(())
    });
    let mut got = Vec::new();
    read_to_close(&mut s, Duration::from_secs(20), &mut got);
    let answered = got.windows(9).filter(|w| w == b"HTTP/1.1 ").count();
    assert!(answered < requests, "{answered} of {requests} answered");
    assert_eq!(server.get("/tin-tuc/").status, 200);
}

#[test]
fn an_idle_connection_is_closed_after_the_idle_timeout() {
    let site = support::example();
    let server = Server::with_limits(&site, "idle_timeout_ms=300,header_timeout_ms=60000");
    let mut silent = connect(&server);
    let mut kept = answered_once(&server);
    let mut rest = Vec::new();
    assert!(
        read_to_close(&mut silent, Duration::from_secs(20), &mut rest),
        "a silent connection is closed"
    );
    assert!(rest.is_empty(), "and told nothing");
    assert!(
        read_to_close(&mut kept, Duration::from_secs(20), &mut rest),
        "an idle keep-alive connection is closed"
    );
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn at_the_cap_the_oldest_idle_connection_is_shed_and_busy_ones_refuse_newcomers() {
    let site = support::example();
    let server = Server::with_limits(
        &site,
        "max_connections=3,idle_timeout_ms=60000,header_timeout_ms=60000",
    );
    let id = build_id(&server);
    let mut oldest = answered_once(&server);
    let mut second = answered_once(&server);
    let _third = answered_once(&server);
    // A fourth client is served: the oldest idle connection made room.
    assert_eq!(server.get("/").status, 200);
    let mut rest = Vec::new();
    assert!(
        read_to_close(&mut oldest, Duration::from_secs(20), &mut rest),
        "the oldest idle connection was shed"
    );
    second
        .write_all(b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    assert_eq!(read_reply(&mut second, true).status, 200, "the others stay");

    // Three reload polls held open: every connection is busy, newcomers are refused at once
    // (not queued behind the polls, which are held 25 s). A poll whose request the server had
    // not read yet was idle, and may have been shed for a newcomer: it is sent again.
    let poll = format!("GET /__bantin/reload?v={id} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    let send_poll = || {
        let mut s = connect(&server);
        s.write_all(poll.as_bytes()).expect("send");
        s
    };
    let mut polls: Vec<TcpStream> = (0..3).map(|_| send_poll()).collect();
    let refused = eventually("a newcomer refused", &server, || {
        for p in &mut polls {
            if is_closed(p) {
                *p = send_poll();
            }
        }
        std::thread::sleep(Duration::from_millis(50));
        let mut s = connect(&server);
        s.set_read_timeout(Some(Duration::from_secs(5))).ok();
        let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let r = read_reply(&mut s, false);
        (r.status == 503).then_some(r)
    });
    assert_eq!(refused.header("connection"), Some("close"));
    // A new build answers the polls: their connections are idle again, and room is made.
    append(&site.root.join(ARTICLE), "\nĐoạn thêm CAP-3.\n");
    for s in &mut polls {
        s.set_read_timeout(Some(Duration::from_secs(30))).ok();
        assert_eq!(read_reply(s, false).status, 200);
    }
    eventually("a newcomer served", &server, || {
        (server.get("/").status == 200).then_some(())
    });
}

#[test]
fn a_connection_serves_at_most_max_requests() {
    let site = support::example();
    let server = Server::with_limits(&site, "max_requests=5,idle_timeout_ms=60000");
    let mut s = connect(&server);
    let one = b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    s.write_all(&one.repeat(8)).expect("send");
    let mut got = Vec::new();
    assert!(
        read_to_close(&mut s, Duration::from_secs(20), &mut got),
        "closed after the fifth answer"
    );
    let text = String::from_utf8_lossy(&got).to_ascii_lowercase();
    assert_eq!(text.matches("http/1.1 200 ").count(), 5, "{text}");
    let last = text.rsplit("http/1.1 200 ").next().unwrap_or("");
    assert!(last.contains("connection: close"), "{last}");
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_client_that_reads_slowly_is_not_idle() {
    // The idle timeout is for connections with no traffic: a response that is still being
    // written, however slowly it is read, keeps its connection (a big file over a slow link).
    let site = support::example();
    let size = 16 << 20;
    std::fs::write(site.content().join("static/big.bin"), vec![b'x'; size]).expect("write");
    let server = Server::with_limits(
        &site,
        "idle_timeout_ms=200,write_timeout_ms=10000,header_timeout_ms=60000",
    );
    let mut s = connect(&server);
    s.write_all(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .expect("send");
    s.set_read_timeout(Some(Duration::from_secs(20))).ok();
    let mut got = 0;
    let mut chunk = vec![0u8; 256 * 1024];
    let started = Instant::now();
    while got < size {
        // About 12 MB/s: the socket buffers fill, and the server writes on as they drain.
        std::thread::sleep(Duration::from_millis(20));
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    assert!(got > size, "cut off after {got} bytes of {size}");
    assert!(
        started.elapsed() > Duration::from_millis(400),
        "the write lasted longer than the idle timeout"
    );
}
