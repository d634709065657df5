//! `bantin serve`: a real server on a free port (`--port 0`) in a temp copy of the example site,
//! spoken to over plain `TcpStream`s (raw requests are the point of the traversal tests). The
//! server process is always killed by [`Server`]'s `Drop`.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::support::{self, TempSite};

pub(crate) const ARTICLE: &str = "content/articles/2024/cuong-che-thi-hanh-an-tai-xa-ky-phu.md";
pub(crate) const ARTICLE_URL: &str =
    "/tin-tuc/cuong-che-thi-hanh-an-tai-xa-ky-phu-dien-ra-an-toan/";

/// A running `bantin serve`; killed and reaped on drop, whatever happens in the test.
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: SocketAddr,
    stderr: mpsc::Receiver<String>,
}

impl Server {
    pub(crate) fn start(site: &TempSite, extra: &[&str]) -> Server {
        Server::start_at(site, &site.root, extra, None)
    }

    /// With smaller connection limits: `limits` is the value of `BANTIN_SERVE_LIMITS`.
    pub(crate) fn with_limits(site: &TempSite, limits: &str) -> Server {
        Server::start_at(site, &site.root, &[], Some(limits))
    }

    /// With `--root root` as given (relative to the site's temporary folder, or absolute).
    fn start_at(site: &TempSite, root: &Path, extra: &[&str], limits: Option<&str>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_bantin"));
        if let Some(limits) = limits {
            command.env("BANTIN_SERVE_LIMITS", limits);
        }
        let mut child = command
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .env("NO_COLOR", "1")
            .current_dir(site.dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start bantin serve");
        let (tx, rx) = mpsc::channel();
        let err = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            stderr: rx,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut seen = Vec::new();
        while Instant::now() < deadline {
            match server.stderr.recv_timeout(Duration::from_millis(200)) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix("serving http://") {
                        let addr = rest.split('/').next().unwrap_or("");
                        server.addr = addr.parse().expect("address in the serving line");
                        return server;
                    }
                    seen.push(line);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        panic!("serve did not start:\n{}", seen.join("\n"));
    }

    /// Everything printed on stderr so far.
    pub(crate) fn log(&self) -> String {
        self.stderr.try_iter().collect::<Vec<_>>().join("\n")
    }

    pub(crate) fn get(&self, path: &str) -> Reply {
        self.request(
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
    }

    /// Send `raw` and read one response: its head, then `content-length` bytes of body (none
    /// for HEAD), or up to the end of the stream. Does not wait for a kept-alive connection to
    /// close.
    pub(crate) fn request(&self, raw: &[u8]) -> Reply {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(40))).ok();
        // A server may answer and close before reading everything: ignore write errors.
        let _ = s.write_all(raw);
        read_reply(&mut s, raw.starts_with(b"HEAD "))
    }
}

/// Read one response from `s`: its head, then `content-length` bytes of body (none when
/// `head_only`), or up to the end of the stream (or a read timeout).
pub(crate) fn read_reply(s: &mut TcpStream, head_only: bool) -> Reply {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16384];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok());
            let want = if head_only { Some(0) } else { len };
            if want.is_some_and(|n| buf.len() >= end + 4 + n) {
                break;
            }
        }
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    Reply::parse(&buf)
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: String,
}

impl Reply {
    fn parse(buf: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(buf).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Poll `f` until it returns `Some`, for at most 30 s.
#[track_caller]
pub(crate) fn eventually<T>(what: &str, server: &Server, mut f: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(v) = f() {
            return v;
        }
        if Instant::now() > deadline {
            panic!(
                "timed out waiting for {what}; server log:\n{}",
                server.log()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub(crate) fn build_id(server: &Server) -> u64 {
    let r = server.get("/__bantin/reload?v=none");
    assert_eq!(r.status, 200, "{r:?}");
    r.body.trim().parse().expect("a build id")
}

pub(crate) fn append(path: &Path, text: &str) {
    let mut old = fs::read_to_string(path).expect("read");
    old.push_str(text);
    fs::write(path, old).expect("write");
}

#[test]
fn a_relative_root_is_watched_too() {
    // File events name absolute paths; a relative `--root` once made every edit go unnoticed.
    let site = support::example();
    let rel = site
        .root
        .strip_prefix(site.dir.path())
        .expect("root inside the temp folder");
    assert!(rel.is_relative() && !rel.as_os_str().is_empty());
    let server = Server::start_at(&site, rel, &[], None);
    let first = build_id(&server);
    append(&site.root.join(ARTICLE), "\nĐoạn thêm RELATIVE-ROOT-9.\n");
    eventually("the edited article", &server, || {
        server
            .get(ARTICLE_URL)
            .body
            .contains("RELATIVE-ROOT-9")
            .then_some(())
    });
    assert_ne!(build_id(&server), first);
}

#[test]
fn serve_rebuilds_on_edit_shows_errors_and_recovers() {
    let site = support::example();
    let server = Server::start(&site, &[]);

    let home = server.get("/");
    assert_eq!(home.status, 200, "{home:?}");
    assert!(
        home.body.contains("/__bantin/reload?v="),
        "no reload script"
    );
    let page = server.get(ARTICLE_URL);
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("DOAN-THU-8"));
    let first = build_id(&server);

    // Edit an article: the new text is served, and a poll with the old id answers the new one.
    append(
        &site.root.join(ARTICLE),
        "\nĐoạn thêm khi thử DOAN-THU-8.\n",
    );
    eventually("the edited article", &server, || {
        server
            .get(ARTICLE_URL)
            .body
            .contains("DOAN-THU-8")
            .then_some(())
    });
    let poll = server.get(&format!("/__bantin/reload?v={first}"));
    assert_eq!(poll.status, 200);
    let second: u64 = poll.body.trim().parse().expect("id");
    assert_ne!(second, first, "the reload endpoint signals a new build");

    // Break the YAML: every page shows the diagnostics, the server keeps answering.
    let units = site.root.join("content/units/units.yaml");
    let good = fs::read_to_string(&units).expect("read units");
    fs::write(&units, format!("{good}\n- id: [khong-dong\n")).expect("break units");
    let broken = eventually("the error page", &server, || {
        let r = server.get("/tin-tuc/");
        (r.status == 500).then_some(r)
    });
    assert!(
        broken.body.contains("content/units/units.yaml") && broken.body.contains("YAML"),
        "{}",
        broken.body
    );
    assert!(broken.body.contains("- id: [khong-dong"), "the quoted line");
    assert!(
        broken.body.contains("/__bantin/reload?v="),
        "it reloads too"
    );
    assert_eq!(server.get("/").status, 500);
    assert_eq!(
        server.get("/style.css").status,
        200,
        "assets of the last good build stay"
    );
    assert!(build_id(&server) > second);

    // Fix it: the site is back, with the edit.
    fs::write(&units, good).expect("fix units");
    let fixed = eventually("the fixed site", &server, || {
        let r = server.get(ARTICLE_URL);
        (r.status == 200).then_some(r)
    });
    assert!(fixed.body.contains("DOAN-THU-8"));

    let log = server.log();
    assert!(log.contains("changed: content/units/units.yaml"), "{log}");
    assert!(
        log.contains("error: YAML syntax"),
        "terminal shows it: {log}"
    );
    assert!(
        !site.root.join("output").exists(),
        "serve builds in memory only"
    );
}

#[test]
fn urls_map_to_pages_redirects_and_the_404_page() {
    let site = support::example();
    let server = Server::start(&site, &[]);
    let r = server.get("/tin-tuc");
    assert_eq!(r.status, 301, "{r:?}");
    assert_eq!(r.header("location"), Some("/tin-tuc/"));
    let r = server.get("/tin-tuc?trang=2");
    assert_eq!(r.header("location"), Some("/tin-tuc/?trang=2"));
    let r = server.get("/tin-tuc/index.html");
    assert_eq!(r.status, 200);
    let r = server.get("/khong-co-trang-nay/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("<html"), "the site's 404 page");
    let r = server.get("/style.css");
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type")
            .unwrap_or("")
            .starts_with("text/css")
    );
    assert!(
        !r.body.contains("__bantin"),
        "the script goes into HTML only"
    );
    let r = server.get("/sitemap.xml");
    assert!(!r.body.contains("__bantin"));
    let r = server.request(b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    let r = server.request(
        b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi",
    );
    assert_eq!(r.status, 405);
    // A page asked for under another host name (DNS rebinding) is refused on loopback.
    let r = server.request(b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 421);
    let r = server.request(b"GET / HTTP/1.1\r\nHost: localhost:1\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 200);
}

#[test]
fn traversal_and_malformed_requests_get_4xx_and_the_server_keeps_answering() {
    let site = support::example();
    // A symlink in static/ pointing out of the site is never served.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", site.content().join("static/passwd"))
            .expect("symlink");
        std::os::unix::fs::symlink("/etc", site.content().join("static/etc")).expect("symlink");
    }
    let server = Server::start(&site, &[]);
    let long = format!("/{}", "a".repeat(20_000));
    let header_flood = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: {}\r\n\r\n",
        "b".repeat(100_000)
    );
    let raw: Vec<(&str, Vec<u8>)> = vec![
        (
            "parent",
            b"GET /../Cargo.toml HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "encoded parent",
            b"GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "encoded slash",
            b"GET /..%2f..%2fetc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "double slash",
            b"GET //etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "encoded leading slash",
            b"GET /%2Fetc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "backslashes",
            b"GET /tin-tuc/..\\..\\x HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "encoded backslashes",
            b"GET /tin-tuc/..%5c..%5cx HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "NUL",
            b"GET /a\0b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "encoded NUL",
            b"GET /a%00b HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "bad escape",
            b"GET /%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "not UTF-8",
            b"GET /%ff%fe HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "very long URL",
            format!("GET {long} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").into_bytes(),
        ),
        ("huge header", header_flood.into_bytes()),
        ("malformed request line", b"HELLO\r\n\r\n".to_vec()),
        ("no version", b"GET /\r\n\r\n".to_vec()),
        (
            "garbage",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n".to_vec(),
        ),
        (
            "symlink to a file",
            b"GET /passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
        (
            "symlink to a folder",
            b"GET /etc/passwd HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".to_vec(),
        ),
    ];
    for (what, req) in raw {
        let r = server.request(&req);
        assert!(
            (400..500).contains(&r.status),
            "{what}: expected 4xx, got {} {:?}",
            r.status,
            r.head
        );
        assert!(!r.body.contains("root:"), "{what}: served a system file");
        let again = server.get("/");
        assert_eq!(again.status, 200, "the server answers after {what}");
    }
    // A client that connects and says nothing does not stop the others.
    let idle = TcpStream::connect(server.addr).expect("connect");
    assert_eq!(server.get("/tin-tuc/").status, 200);
    drop(idle);
}

#[test]
fn build_output_carries_no_reload_script() {
    let site = support::example();
    site.build(&[]).expect_code(0);
    let index = support::read_text(&site.out(), "index.html");
    assert!(!index.contains("__bantin"), "only serve injects the script");
}

#[test]
fn requests_need_one_host_an_origin_form_target_and_no_body() {
    let site = support::example();
    let server = Server::start(&site, &[]);
    let cases: [(&str, &[u8]); 6] = [
        ("no Host", b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n"),
        ("no Host, HTTP/1.0", b"GET / HTTP/1.0\r\n\r\n"),
        (
            "two Hosts",
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n",
        ),
        (
            "two loopback Hosts",
            b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
        ),
        (
            "absolute form",
            b"GET http://127.0.0.1/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        ),
        (
            "absolute form, another host",
            b"GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        ),
    ];
    for (what, raw) in cases {
        let r = server.request(raw);
        assert_eq!(r.status, 400, "{what}: {r:?}");
        assert!(!r.body.contains("<html"), "{what}: no page is served");
    }
    // A GET with a body is refused without the body being read, and the connection closed.
    let r = server.request(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello");
    assert_eq!(r.status, 400, "{r:?}");
    assert_eq!(r.header("connection"), Some("close"));
    let r = server.request(
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    );
    assert_eq!(r.status, 400, "{r:?}");
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn the_watcher_follows_content_moved_away_and_copied_back() {
    // Issue 17: once content/ had been replaced, edits were never picked up again.
    let site = support::example();
    let server = Server::start(&site, &[]);
    let content = site.root.join("content");
    let mut log = String::new();
    let mut wait_log = |what: &str, server: &Server| {
        eventually(what, server, || {
            log.push_str(&server.log());
            log.push('\n');
            log.contains(what).then_some(())
        });
    };

    // Moved away (the site cannot be built meanwhile), then copied back.
    let away = site.dir.path().join("content-away");
    fs::rename(&content, &away).expect("move content/ away");
    eventually("the error page", &server, || {
        (server.get("/").status == 500).then_some(())
    });
    support::copy_dir(&away, &content);
    wait_log("content/ was replaced: watching it again", &server);
    eventually("the site back", &server, || {
        (server.get("/").status == 200).then_some(())
    });
    append(
        &content.join(ARTICLE.trim_start_matches("content/")),
        "\nĐoạn thêm REATTACH-1.\n",
    );
    eventually("an edit in the copy", &server, || {
        server
            .get(ARTICLE_URL)
            .body
            .contains("REATTACH-1")
            .then_some(())
    });

    // Replaced in one go, with nothing in between to see.
    let old = site.dir.path().join("content-old");
    fs::rename(&content, &old).expect("move content/ away");
    support::copy_dir(&old, &content);
    append(
        &content.join(ARTICLE.trim_start_matches("content/")),
        "\nĐoạn thêm REATTACH-2.\n",
    );
    eventually("an edit in the second copy", &server, || {
        server
            .get(ARTICLE_URL)
            .body
            .contains("REATTACH-2")
            .then_some(())
    });
    // Edits to the folder moved away are not the site's any more.
    append(
        &old.join(ARTICLE.trim_start_matches("content/")),
        "\nĐoạn thêm STALE-3.\n",
    );
    append(
        &content.join(ARTICLE.trim_start_matches("content/")),
        "\nĐoạn thêm REATTACH-4.\n",
    );
    let page = eventually("a later edit", &server, || {
        let r = server.get(ARTICLE_URL);
        r.body.contains("REATTACH-4").then_some(r)
    });
    assert!(!page.body.contains("STALE-3"));
}
