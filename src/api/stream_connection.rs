//! Connections that open an event stream, served without hyper.
//!
//! An SSE connection lives for hours and, after its request, only ever writes. hyper
//! keeps a read buffer and a write buffer of 8 KiB each for every HTTP/1 connection,
//! for as long as it is open: most of what an idle stream costs. So the transport looks
//! at a new connection's first bytes without taking them (`peek`), and when they are a
//! plain `GET` of a stream (`/v1/streams/…`, HTTP/1.1, no body), it reads the request
//! head itself into a buffer it drops at once, passes the request through the
//! application like any other, and writes the answer with chunked transfer encoding,
//! chunk by chunk, straight to the socket; then it closes the connection. Everything
//! else (another path or method, a body, HTTP/1.0, a head that does not arrive in one
//! go) is left in the socket for hyper, which serves it as before.
//!
//! While a stream is open the connection still notices the client leaving: it reads
//! (and drops) what the client sends, a few bytes at a time, and ends the response at
//! end of file.

use std::io;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{FutureExt, StreamExt};
use poem::http::uri::Scheme;
use poem::http::{HeaderMap, HeaderName, HeaderValue, Method, Uri, Version, header};
use poem::web::{LocalAddr, RemoteAddr};
use poem::{Body, Endpoint, Request, RequestParts, Response};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;

/// The requests served here.
const STREAM_PREFIX: &[u8] = b"GET /v1/streams/";
/// A stream request's head fits in this (a token and a handful of headers); a longer
/// one goes to hyper.
const MAX_HEAD: usize = 8 * 1024;
/// Header fields of a stream request at the most; more go to hyper.
const MAX_FIELDS: usize = 32;
/// How long the rest of a head that began to arrive may take before hyper gets it.
const HEAD_WAIT: Duration = Duration::from_millis(500);
/// How often a head that arrived in part is looked at again.
const HEAD_POLL: Duration = Duration::from_millis(2);
/// Ready events written together at the most.
const COALESCE_BYTES: usize = 64 * 1024;

/// The transport's timeouts that apply here.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// For the request's head to arrive.
    pub header_read: Duration,
    /// For a write to make progress.
    pub send: Duration,
}

/// What became of a connection.
pub enum Outcome {
    /// It opened a stream, which was served and has ended, or it sent nothing in time:
    /// the connection is closed.
    Served,
    /// Anything else: the socket, untouched, for hyper.
    NotAStream(TcpStream),
}

/// Serves `stream`'s request if it opens an event stream; otherwise gives it back.
pub async fn serve<E>(
    mut stream: TcpStream,
    app: &E,
    local: &LocalAddr,
    remote: &RemoteAddr,
    timeouts: Timeouts,
    killed: &CancellationToken,
) -> Outcome
where
    E: Endpoint<Output = Response>,
{
    let send_timeout = timeouts.send;
    // A client that sends nothing at all within the header timeout is closed, as hyper
    // would close it.
    let head = match tokio::time::timeout(timeouts.header_read, peek_head(&stream)).await {
        Ok(Some(head)) => head,
        Ok(None) => return Outcome::NotAStream(stream),
        Err(_) => return Outcome::Served,
    };
    let Some((parts, length)) = parse(&head) else { return Outcome::NotAStream(stream) };
    drop(head);
    // Take the head out of the socket; what follows it (nothing, for a GET) stays.
    let mut taken = vec![0; length];
    if stream.read_exact(&mut taken).await.is_err() {
        return Outcome::Served;
    }
    drop(taken);
    let request = Request::from_parts(request_parts(parts, local, remote), Body::empty());
    // Boxed, so that what answering the request takes is freed once it is answered:
    // left inline, it would stay in the connection's future as long as the stream.
    let response = Box::pin(app.get_response(request)).await;
    let (mut reader, mut writer) = stream.split();
    let written = async {
        let (parts, body) = response.into_parts();
        let head = head_of(parts.status, &parts.headers);
        drop(parts);
        write_with_timeout(&mut writer, &head, send_timeout).await?;
        drop(head);
        let mut chunks = std::pin::pin!(body.into_bytes_stream());
        let mut scratch = [0u8; 64];
        loop {
            let chunk = tokio::select! {
                chunk = chunks.next() => chunk,
                // The client left (or sent more than a stream request): the response ends.
                read = reader.read(&mut scratch) => match read {
                    Ok(0) | Err(_) => return Ok(()),
                    Ok(_) => continue,
                },
                () = killed.cancelled() => return Ok(()),
            };
            let mut out = match chunk {
                Some(Ok(bytes)) => chunk_of(&bytes),
                Some(Err(error)) => return Err(error),
                None => break,
            };
            // Events that are ready already go out in the same write: one system call
            // (and one packet) for a burst, not one per event.
            let mut ended = false;
            while out.len() < COALESCE_BYTES {
                match chunks.next().now_or_never() {
                    Some(Some(Ok(bytes))) => out.extend_from_slice(&chunk_of(&bytes)),
                    Some(Some(Err(error))) => return Err(error),
                    Some(None) => {
                        ended = true;
                        break;
                    }
                    None => break,
                }
            }
            if !out.is_empty() {
                write_with_timeout(&mut writer, &out, send_timeout).await?;
            }
            if ended {
                break;
            }
        }
        write_with_timeout(&mut writer, b"0\r\n\r\n", send_timeout).await?;
        writer.shutdown().await
    };
    if let Err(error) = written.await {
        tracing::debug!(%error, "stream connection ended");
    }
    Outcome::Served
}

/// The head of a request that opens a stream, looked at without taking it from the
/// socket; `None` as soon as it is something else.
async fn peek_head(stream: &TcpStream) -> Option<Vec<u8>> {
    // Most connections are something else: they are told apart without a buffer.
    let mut probe = [0u8; STREAM_PREFIX.len()];
    let seen = stream.peek(&mut probe).await.ok()?;
    if seen == 0 || probe[..seen] != STREAM_PREFIX[..seen] {
        return None;
    }
    let mut buffer = vec![0; MAX_HEAD];
    let started = tokio::time::Instant::now();
    loop {
        let seen = stream.peek(&mut buffer).await.ok()?;
        if seen == 0 {
            return None;
        }
        let prefix = seen.min(STREAM_PREFIX.len());
        if buffer[..prefix] != STREAM_PREFIX[..prefix] {
            return None;
        }
        if buffer[..seen].windows(4).any(|window| window == b"\r\n\r\n") {
            buffer.truncate(seen);
            return Some(buffer);
        }
        if seen == MAX_HEAD || started.elapsed() >= HEAD_WAIT {
            return None;
        }
        // Part of a head: peeking again at once would find the same bytes.
        tokio::time::sleep(HEAD_POLL).await;
    }
}

/// The request's parts and the length of its head, when it is a plain stream request.
fn parse(head: &[u8]) -> Option<(poem::http::request::Parts, usize)> {
    let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
    let mut parsed = httparse::Request::new(&mut fields);
    let httparse::Status::Complete(length) = parsed.parse(head).ok()? else { return None };
    if parsed.method != Some("GET") || parsed.version != Some(1) {
        return None;
    }
    let uri: Uri = parsed.path?.parse().ok()?;
    let mut builder = poem::http::Request::builder().method(Method::GET).uri(uri).version(Version::HTTP_11);
    for field in parsed.headers.iter() {
        let name = HeaderName::from_bytes(field.name.as_bytes()).ok()?;
        // A body, an upgrade or a wish to be answered `100 Continue` is hyper's to handle.
        let bodyless = name == header::CONTENT_LENGTH && field.value == b"0";
        if !bodyless
            && [header::CONTENT_LENGTH, header::TRANSFER_ENCODING, header::UPGRADE, header::EXPECT].contains(&name)
        {
            return None;
        }
        builder = builder.header(name, HeaderValue::from_bytes(field.value).ok()?);
    }
    let (parts, ()) = builder.body(()).ok()?.into_parts();
    Some((parts, length))
}

fn request_parts(parts: poem::http::request::Parts, local: &LocalAddr, remote: &RemoteAddr) -> RequestParts {
    RequestParts::from((parts, local.clone(), remote.clone(), Scheme::HTTP))
}

/// The status line and headers: the body goes chunked, and the connection closes after it.
fn head_of(status: poem::http::StatusCode, headers: &HeaderMap) -> Vec<u8> {
    let mut head = Vec::with_capacity(512);
    head.extend_from_slice(b"HTTP/1.1 ");
    head.extend_from_slice(status.as_str().as_bytes());
    head.push(b' ');
    head.extend_from_slice(status.canonical_reason().unwrap_or("").as_bytes());
    head.extend_from_slice(b"\r\n");
    for (name, value) in headers {
        if [header::CONTENT_LENGTH, header::TRANSFER_ENCODING, header::CONNECTION].contains(name) {
            continue;
        }
        head.extend_from_slice(name.as_str().as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    let date = chrono::Utc::now().format("%a, %d %b %Y %H:%M:%S GMT");
    head.extend_from_slice(
        format!("date: {date}\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n").as_bytes(),
    );
    head
}

/// One chunk of a chunked body (nothing for no bytes: an empty chunk ends the body).
fn chunk_of(bytes: &Bytes) -> Vec<u8> {
    if bytes.is_empty() {
        return Vec::new();
    }
    let mut chunk = Vec::with_capacity(bytes.len() + 12);
    chunk.extend_from_slice(format!("{:x}\r\n", bytes.len()).as_bytes());
    chunk.extend_from_slice(bytes);
    chunk.extend_from_slice(b"\r\n");
    chunk
}

/// Writes `bytes`, failing when the client takes none of them for `timeout`.
async fn write_with_timeout(
    writer: &mut tokio::net::tcp::WriteHalf<'_>,
    bytes: &[u8],
    timeout: Duration,
) -> io::Result<()> {
    match tokio::time::timeout(timeout, writer.write_all(bytes)).await {
        Ok(result) => result,
        Err(_) => Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_stream_request_is_taken_and_anything_else_is_left() {
        let head = b"GET /v1/streams/customer?access_token=x HTTP/1.1\r\nHost: a\r\nLast-Event-ID: 7\r\n\r\n";
        let (parts, length) = parse(head).expect("a stream request");
        assert_eq!(length, head.len());
        assert_eq!(parts.uri.path(), "/v1/streams/customer");
        assert_eq!(parts.headers["last-event-id"], "7");
        assert!(parse(b"GET /v1/streams/agent HTTP/1.0\r\n\r\n").is_none(), "HTTP/1.0");
        assert!(parse(b"GET /v1/streams/agent HTTP/1.1\r\nContent-Length: 5\r\n\r\n").is_none(), "a body");
        assert!(parse(b"GET /v1/streams/agent HTTP/1.1\r\nExpect: 100-continue\r\n\r\n").is_none());
        assert!(parse(b"GET /v1/streams/agent HTTP/1.1\r\nContent-Length: 0\r\n\r\n").is_some());
    }

    #[test]
    fn chunks_carry_their_length_in_hex() {
        assert_eq!(chunk_of(&Bytes::from_static(b"data: 1234567890ab\n\n")), b"14\r\ndata: 1234567890ab\n\n\r\n");
    }
}
