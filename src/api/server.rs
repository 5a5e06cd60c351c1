//! The HTTP transport: accepts connections and serves the application on them with
//! hyper (HTTP/1.1: a TLS terminator in front speaks it, and so do SSE clients), under the limits a public server needs. A request's headers must arrive in
//! time (which also ends idle keep-alive connections); a client that stops reading is
//! cut off once its buffers are full; connections beyond the limit are refused with a
//! 503 problem before file descriptors run out; a connection the client closes ends its
//! response (and its stream) at once; and hyper's own refusals (malformed requests,
//! URIs or headers too long) carry problem documents like every other error.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use bytes::Bytes;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use poem::http::StatusCode;
use poem::http::uri::Scheme;
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Addr, Endpoint, Response};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::Sleep;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use super::problem::{PROBLEM_CONTENT_TYPE, Problem, ProblemCode};
use super::stream_connection;
use crate::config::Settings;

/// Refusals under way at once; connections past them are closed without an answer.
const MAX_REFUSALS: usize = 64;
/// How long a refused connection may take to receive its 503.
const REFUSAL_TIMEOUT: Duration = Duration::from_secs(2);
/// After the server has closed its side, how long and how much it still reads (and
/// drops) of what the client sends, so that the client receives the response instead
/// of a reset: a body refused with 413, say.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 1 << 20;
/// The pause after `accept` fails (out of file descriptors, say), instead of spinning.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// The limits every connection is served under.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time for a request's headers, counted from the connection's start or the end of
    /// the previous response: silent and idle connections end after it.
    pub header_read_timeout: Duration,
    /// A connection whose writes make no progress this long is closed: its client
    /// stopped reading.
    pub send_timeout: Duration,
    /// Open connections beyond this are answered 503 and closed.
    pub max_connections: usize,
    /// Requests with more header fields are refused with 431.
    pub max_headers: usize,
    /// The kernel's send buffer of each connection (`None`: the system's autotuning, up
    /// to megabytes): what a client that stops reading can leave queued before the
    /// send timeout starts.
    pub send_buffer: Option<usize>,
}

impl Limits {
    /// The limits the settings ask for.
    pub fn of(settings: &Settings) -> Self {
        let http = &settings.http;
        Self {
            header_read_timeout: http.header_read_timeout,
            send_timeout: http.send_timeout,
            max_connections: http.max_connections.unwrap_or_else(default_max_connections).min(Semaphore::MAX_PERMITS),
            max_headers: http.max_headers,
            send_buffer: http.send_buffer.map(|bytes| bytes.0),
        }
    }
}

/// Serves `app` on `listener` until `stop` completes; then stops accepting, lets
/// open requests finish for up to `grace`, and closes what is left.
pub async fn serve<E>(
    listener: TcpListener,
    app: E,
    limits: Limits,
    stop: impl Future<Output = ()>,
    grace: Duration,
) -> io::Result<()>
where
    E: Endpoint<Output = Response> + 'static,
{
    let app = Arc::new(app);
    let local = LocalAddr(listener.local_addr().map(Addr::SocketAddr).unwrap_or(Addr::Custom("tcp", "".into())));
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).max_headers(limits.max_headers);
    let builder = Arc::new(builder);
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let refusals = Arc::new(Semaphore::new(MAX_REFUSALS));
    let connections = TaskTracker::new();
    let (stopping, killed) = (CancellationToken::new(), CancellationToken::new());
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        if let Some(bytes) = limits.send_buffer {
            let _ = socket2::SockRef::from(&stream).set_send_buffer_size(bytes);
        }
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            tracing::warn!(%peer, max_connections = limits.max_connections, "refused a connection: too many open");
            metrics::counter!("livechat_http_connections_refused_total").increment(1);
            // Refusals hold descriptors too: past a few at once, the rest are just closed.
            if let Ok(refusing) = refusals.clone().try_acquire_owned() {
                connections.spawn(async move {
                    refuse(stream).await;
                    drop(refusing);
                });
            }
            continue;
        };
        let remote = RemoteAddr(Addr::SocketAddr(peer));
        let (app, local, builder) = (app.clone(), local.clone(), builder.clone());
        let (stopping, killed) = (stopping.clone(), killed.clone());
        connections.spawn(async move {
            let _open = OpenConnection::counted();
            // A stream's connection is served without hyper's buffers.
            let timeouts =
                stream_connection::Timeouts { header_read: limits.header_read_timeout, send: limits.send_timeout };
            let stream = match stream_connection::serve(stream, &*app, &local, &remote, timeouts, &killed).await {
                stream_connection::Outcome::NotAStream(stream) => stream,
                stream_connection::Outcome::Served => {
                    drop(slot);
                    return;
                }
            };
            // Boxed: a task is as large as its future's largest state, and hyper's
            // connection is far larger than a stream's loop, which lives for hours.
            Box::pin(serve_with_hyper(stream, app, &builder, (local, remote), limits.send_timeout, (stopping, killed)))
                .await;
            drop(slot);
        });
    }
    drop(listener);
    stopping.cancel();
    connections.close();
    if tokio::time::timeout(grace, connections.wait()).await.is_err() {
        tracing::warn!(open = connections.len(), "closing the connections still open after the grace period");
        killed.cancel();
        connections.wait().await;
    }
    Ok(())
}

/// Serves a connection that is not an event stream with hyper, until it ends or the
/// server stops (gracefully on `stopping`, at once on `killed`).
async fn serve_with_hyper<E>(
    stream: TcpStream,
    app: Arc<E>,
    builder: &http1::Builder,
    (local, remote): (LocalAddr, RemoteAddr),
    send_timeout: Duration,
    (stopping, killed): (CancellationToken, CancellationToken),
) where
    E: Endpoint<Output = Response> + 'static,
{
    let peer = remote.clone();
    let service = hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
        let request = poem::Request::from((request, local.clone(), remote.clone(), Scheme::HTTP));
        let app = app.clone();
        async move { Ok::<_, Infallible>(hyper::Response::from(app.get_response(request).await)) }
    });
    let io = ClientIo::new(stream, send_timeout);
    let connection = builder.serve_connection(TokioIo::new(io), service);
    let mut connection = std::pin::pin!(connection);
    tokio::select! {
        served = connection.as_mut() => {
            if let Err(error) = served {
                tracing::debug!(%peer, %error, "connection ended");
            }
        }
        () = stopping.cancelled() => {
            connection.as_mut().graceful_shutdown();
            tokio::select! {
                _ = connection.as_mut() => {}
                () = killed.cancelled() => {}
            }
        }
    }
}

/// An open connection in the metrics, for as long as it lives (even if its task panics).
struct OpenConnection;

impl OpenConnection {
    fn counted() -> Self {
        metrics::gauge!("livechat_http_connections_open").increment(1.0);
        Self
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        metrics::gauge!("livechat_http_connections_open").decrement(1.0);
    }
}

/// The connection limit's answer: a 503 problem with `Retry-After`, then close.
async fn refuse(mut stream: TcpStream) {
    use tokio::io::AsyncWriteExt;
    let problem = Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        ProblemCode::TooManyConnections,
        "the server has as many connections open as it accepts; retry shortly",
    );
    let response = raw_problem_response(&problem, &["retry-after: 1"]);
    let _ = tokio::time::timeout(REFUSAL_TIMEOUT, async move {
        stream.write_all(&response).await?;
        stream.shutdown().await?;
        // Read what the client sends until it closes, so that closing does not reset
        // the connection before the client has read the refusal.
        let mut scratch = [0u8; 4096];
        while tokio::io::AsyncReadExt::read(&mut stream, &mut scratch).await? > 0 {}
        Ok::<(), io::Error>(())
    })
    .await;
}

/// A complete HTTP/1.1 response carrying `problem` that closes the connection.
fn raw_problem_response(problem: &Problem, extra_headers: &[&str]) -> Vec<u8> {
    use poem_openapi::types::ToJSON;
    let body = problem.to_json_string();
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::BAD_REQUEST);
    let mut head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: {PROBLEM_CONTENT_TYPE}\r\ncontent-length: {}\r\nconnection: close\r\n",
        status.as_str(),
        status.canonical_reason().unwrap_or("Error"),
        body.len()
    );
    for header in extra_headers {
        head.push_str(header);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut response = head.into_bytes();
    response.extend_from_slice(body.as_bytes());
    response
}

/// What hyper answers by itself when it cannot parse a request: a bare status with an
/// empty body. Returns the problem document to send instead.
fn replacement_for(written: &[u8]) -> Option<Vec<u8>> {
    const PREFIX: &[u8] = b"HTTP/1.1 ";
    let status = written.strip_prefix(PREFIX)?.get(..3)?;
    let (status, detail) = match status {
        b"400" => (StatusCode::BAD_REQUEST, "the request is not valid HTTP"),
        b"414" => (StatusCode::URI_TOO_LONG, "the request URI is longer than the server accepts"),
        b"431" => (
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "the request has more or larger header fields than the server accepts",
        ),
        _ => return None,
    };
    let end = written.windows(4).position(|window| window == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&written[..end]).ok()?.to_ascii_lowercase();
    // Every response of the application has a type or a request id; hyper's own have neither.
    let bare = head.contains("\r\ncontent-length: 0")
        && !head.contains("\r\ncontent-type:")
        && !head.contains("\r\nx-request-id:");
    if !bare || written.len() != end + 4 {
        return None;
    }
    let code = if status == StatusCode::BAD_REQUEST { ProblemCode::InvalidRequest } else { ProblemCode::RequestFailed };
    Some(raw_problem_response(&Problem::new(status, code, detail), &[]))
}

/// A client's connection with the transport's guards.
struct ClientIo {
    stream: TcpStream,
    send_timeout: Duration,
    /// Runs while a write is blocked; a write blocked past it fails.
    stalled: Option<Pin<Box<Sleep>>>,
    /// A problem document sent in place of what hyper wrote, and the length hyper is told.
    replacing: Option<(Bytes, usize)>,
    closing: Option<Closing>,
}

/// The lingering close: the write side is shut, and what still comes in is read and
/// dropped until the client closes too, or the linger is over.
struct Closing {
    until: Pin<Box<Sleep>>,
    drained: usize,
}

impl ClientIo {
    fn new(stream: TcpStream, send_timeout: Duration) -> Self {
        Self { stream, send_timeout, stalled: None, replacing: None, closing: None }
    }

    /// `written` as the result of a write; `Pending` starts (or checks) the send timeout.
    fn guard_write(&mut self, cx: &mut Context<'_>, written: Poll<io::Result<usize>>) -> Poll<io::Result<usize>> {
        match written {
            Poll::Ready(result) => {
                self.stalled = None;
                Poll::Ready(result)
            }
            Poll::Pending => {
                let timeout = self.send_timeout;
                let stalled = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
                match stalled.as_mut().poll(cx) {
                    Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client has not read what was sent to it",
                    ))),
                    Poll::Pending => Poll::Pending,
                }
            }
        }
    }

    /// Whether a replacement is being sent: one under way, or one for `written` when it
    /// is hyper's bare refusal.
    fn is_replacing(&mut self, written: &[u8]) -> bool {
        if self.replacing.is_none()
            && let Some(replacement) = replacement_for(written)
        {
            self.replacing = Some((Bytes::from(replacement), written.len()));
        }
        self.replacing.is_some()
    }

    /// Sends the rest of a replacement; ready with the length hyper wrote once it is out.
    fn poll_replacing(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        while let Some((rest, reported)) = self.replacing.as_mut() {
            if rest.is_empty() {
                let reported = *reported;
                self.replacing = None;
                return Poll::Ready(Ok(reported));
            }
            let written = Pin::new(&mut self.stream).poll_write(cx, rest);
            let written = ready!(self.guard_write(cx, written))?;
            if written == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            if let Some((rest, _)) = self.replacing.as_mut() {
                let _ = rest.split_to(written);
            }
        }
        Poll::Ready(Ok(0))
    }
}

impl AsyncRead for ClientIo {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for ClientIo {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        if this.is_replacing(buf) {
            return this.poll_replacing(cx);
        }
        let written = Pin::new(&mut this.stream).poll_write(cx, buf);
        this.guard_write(cx, written)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        // hyper writes a bare refusal as one slice.
        let only: &[u8] = if let [only] = bufs { only } else { &[] };
        if this.is_replacing(only) {
            return this.poll_replacing(cx);
        }
        let written = Pin::new(&mut this.stream).poll_write_vectored(cx, bufs);
        this.guard_write(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.closing.is_none() {
            ready!(Pin::new(&mut this.stream).poll_shutdown(cx))?;
            this.closing = Some(Closing { until: Box::pin(tokio::time::sleep(LINGER)), drained: 0 });
        }
        let Some(closing) = this.closing.as_mut() else { return Poll::Ready(Ok(())) };
        let mut scratch = [0u8; 8192];
        loop {
            if closing.until.as_mut().poll(cx).is_ready() || closing.drained >= LINGER_BYTES {
                return Poll::Ready(Ok(()));
            }
            let mut buf = ReadBuf::new(&mut scratch);
            match ready!(Pin::new(&mut this.stream).poll_read(cx, &mut buf)) {
                Ok(()) if buf.filled().is_empty() => return Poll::Ready(Ok(())),
                Ok(()) => closing.drained += buf.filled().len(),
                Err(_) => return Poll::Ready(Ok(())),
            }
        }
    }
}

/// The default connection limit: most of the file descriptors the process may open,
/// leaving room for the database pool, outgoing webhooks and files.
pub fn default_max_connections() -> usize {
    const RESERVED: u64 = 128;
    let limit = open_files_limit().unwrap_or(10_240);
    usize::try_from(limit.saturating_sub(RESERVED).max(64)).unwrap_or(usize::MAX)
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn open_files_limit() -> Option<u64> {
    let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
    // SAFETY: getrlimit only writes the struct it is given.
    let result = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    (result == 0 && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn open_files_limit() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hyper_refusals_get_a_problem_body_and_responses_of_the_application_do_not() {
        let bare = b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: Sun, 29 Nov 2026 21:00:00 GMT\r\n\r\n";
        let replaced = String::from_utf8(replacement_for(bare).expect("a bare 431 is replaced")).expect("text");
        assert!(replaced.starts_with("HTTP/1.1 431 "));
        assert!(replaced.contains("content-type: application/problem+json"));
        assert!(replaced.ends_with('}'));
        let problem =
            b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/problem+json\r\ncontent-length: 2\r\n\r\n";
        assert!(replacement_for(problem).is_none());
        let empty_ok = b"HTTP/1.1 204 No Content\r\ncontent-length: 0\r\n\r\n";
        assert!(replacement_for(empty_ok).is_none());
    }
}
