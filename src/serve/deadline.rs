//! Deadlines on a connection's socket, which hyper does not have: a write that makes no progress
//! for the write timeout fails (the client stopped reading), and so does a read that waits for
//! the idle timeout while no request is being answered and nothing is being written (an idle
//! keep-alive connection, or a client that connected and went quiet). Either failure ends the
//! connection.
//!
//! Written here rather than taken from a crate: it is one small type over tokio's `AsyncRead` and
//! `AsyncWrite`, and the idle deadline must know whether a request is being answered (a long poll
//! on the reload endpoint reads nothing for 25 s and is not idle), which generic timeout wrappers
//! (`tokio-io-timeout`) cannot be told.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

use super::http::Conn;

/// A socket with deadlines on reads and writes that make no progress.
pub(super) struct Deadline<S> {
    io: S,
    conn: Arc<Conn>,
    idle: Duration,
    write: Duration,
    read_timer: Timer,
    write_timer: Timer,
}

impl<S> Deadline<S> {
    pub(super) fn new(io: S, conn: Arc<Conn>, idle: Duration, write: Duration) -> Deadline<S> {
        Deadline {
            io,
            conn,
            idle,
            write,
            read_timer: Timer::default(),
            write_timer: Timer::default(),
        }
    }

    /// What a write-side call returned, with the deadlines applied. Bytes written are traffic:
    /// the idle deadline starts again from the next read that waits. While a write waits, the
    /// write deadline is the one that runs (a response being written slowly is not idle).
    fn written<T>(
        &mut self,
        cx: &mut Context<'_>,
        poll: Poll<io::Result<T>>,
        wrote: impl FnOnce(&T) -> bool,
    ) -> Poll<io::Result<T>> {
        match poll {
            Poll::Ready(r) => {
                self.write_timer.disarm();
                if r.as_ref().is_ok_and(wrote) {
                    self.read_timer.disarm();
                }
                Poll::Ready(r)
            }
            Poll::Pending => {
                self.read_timer.disarm();
                if self.write_timer.expired(cx, self.write) {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client does not read the response",
                    )));
                }
                Poll::Pending
            }
        }
    }
}

/// A deadline armed when an operation first waits and disarmed when it makes progress. The
/// `Sleep` is allocated once per connection and reset afterwards.
#[derive(Default)]
struct Timer {
    sleep: Option<Pin<Box<Sleep>>>,
    armed: bool,
}

impl Timer {
    /// Arm the timer for `after` from now unless it is armed already; whether it has expired.
    /// When it has not, the task is woken when it does.
    fn expired(&mut self, cx: &mut Context<'_>, after: Duration) -> bool {
        if !self.armed {
            let deadline = Instant::now() + after;
            match &mut self.sleep {
                Some(sleep) => sleep.as_mut().reset(deadline),
                None => self.sleep = Some(Box::pin(tokio::time::sleep_until(deadline))),
            }
            self.armed = true;
        }
        match &mut self.sleep {
            Some(sleep) => sleep.as_mut().poll(cx).is_ready(),
            None => false,
        }
    }

    fn disarm(&mut self) {
        self.armed = false;
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Deadline<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(r) => {
                this.read_timer.disarm();
                Poll::Ready(r)
            }
            // hyper reads while a request is answered too (to see the client leave): no
            // deadline then; the next read after the response arms it.
            Poll::Pending if this.conn.is_busy() => {
                this.read_timer.disarm();
                Poll::Pending
            }
            Poll::Pending => {
                if this.read_timer.expired(cx, this.idle) {
                    return Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the connection is idle",
                    )));
                }
                Poll::Pending
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Deadline<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_write(cx, buf);
        this.written(cx, poll, |n| *n > 0)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.written(cx, poll, |n| *n > 0)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_flush(cx);
        this.written(cx, poll, |_| false)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let poll = Pin::new(&mut this.io).poll_shutdown(cx);
        this.written(cx, poll, |_| false)
    }
}
