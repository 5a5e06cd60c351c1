//! The connection level, spoken in raw HTTP where a client library would hide it:
//! silent, slow and surplus connections, refusals made before the application runs,
//! and clients that leave or stop reading.

use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{TestApp, World, in_secs, noticed};
use crate::sse::SseClient;

async fn connect(app: &TestApp) -> TcpStream {
    TcpStream::connect(app.address.trim_start_matches("http://")).await.expect("connects")
}

/// Reads until the server closes the connection (or `wait` passes); what arrived.
async fn read_to_close(stream: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut received = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0)) | Ok(Err(_)) => return Some(String::from_utf8_lossy(&received).into_owned()),
            Ok(Ok(n)) => received.extend_from_slice(&buf[..n]),
        }
    }
}

/// The status, headers (lower-cased) and body of a raw response.
fn parse_response(raw: &str) -> (u16, String, Value) {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or_else(|| panic!("not an HTTP response: {raw:?}"));
    let status = head.split(' ').nth(1).and_then(|status| status.parse().ok()).expect("a status");
    (status, head.to_ascii_lowercase(), serde_json::from_str(body).unwrap_or(Value::Null))
}

#[track_caller]
fn assert_problem(raw: &str, status: u16, code: &str) -> String {
    let (got, head, body) = parse_response(raw);
    assert_eq!(got, status, "response: {raw}");
    assert!(head.contains("content-type: application/problem+json"), "response: {raw}");
    assert_eq!((body["status"].as_u64(), body["code"].as_str()), (Some(u64::from(status)), Some(code)), "{raw}");
    head
}

#[tokio::test]
async fn connections_that_send_nothing_or_dribble_their_headers_are_closed() {
    let app =
        TestApp::spawn_with(|settings| settings.http.header_read_timeout = std::time::Duration::from_secs(1)).await;
    let mut silent = connect(&app).await;
    let dribbling = connect(&app).await;
    let (mut reading, mut writing) = dribbling.into_split();
    writing.write_all(b"GET /health/live HTTP/1.1\r\n").await.unwrap();
    let started = Instant::now();
    tokio::spawn(async move {
        for _ in 0..40 {
            if writing.write_all(b"x-a: b\r\n").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    });
    assert!(read_to_close(&mut silent, Duration::from_secs(5)).await.is_some(), "a silent connection stays open");
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        let mut buf = [0u8; 1024];
        while matches!(reading.read(&mut buf).await, Ok(n) if n > 0) {}
    });
    assert!(closed.await.is_ok(), "a client dribbling its headers stays connected");
    assert!(started.elapsed() < Duration::from_secs(4), "closed after {:?}", started.elapsed());
    // An idle keep-alive connection ends the same way, after its response.
    let mut idle = connect(&app).await;
    idle.write_all(b"GET /health/live HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
    let answered = read_to_close(&mut idle, Duration::from_secs(5)).await.expect("the idle connection is closed");
    assert!(answered.starts_with("HTTP/1.1 200"), "{answered}");
}

#[tokio::test]
async fn connections_beyond_the_limit_are_refused_with_503_and_retry_after() {
    let app = TestApp::spawn_with(|settings| settings.http.max_connections = Some(3)).await;
    let mut held = Vec::new();
    for _ in 0..3 {
        // Answered, so accepted (and counted) before the next one arrives; kept open.
        let mut connection = connect(&app).await;
        connection.write_all(b"GET /health/live HTTP/1.1\r\nhost: x\r\n\r\n").await.unwrap();
        let mut head = [0u8; 12];
        connection.read_exact(&mut head).await.expect("an answer");
        assert_eq!(&head, b"HTTP/1.1 200");
        held.push(connection);
    }
    let mut surplus = connect(&app).await;
    let _ = surplus.write_all(b"GET /health/live HTTP/1.1\r\nhost: x\r\n\r\n").await;
    let refused = read_to_close(&mut surplus, Duration::from_secs(5)).await.expect("a refusal");
    let head = assert_problem(&refused, 503, "too_many_connections");
    assert!(head.contains("\r\nretry-after: "), "{head}");
    drop(held.pop());
    crate::helpers::eventually("a connection slot freed", || async {
        let reply = app.client.get(format!("{}/health/live", app.address)).send().await.ok()?;
        (reply.status() == 200).then_some(())
    })
    .await;
}

#[tokio::test]
async fn refusals_below_the_application_are_problem_documents() {
    let app = TestApp::spawn().await;
    let mut many_headers = String::from("GET /health/live HTTP/1.1\r\nhost: x\r\n");
    for n in 0..150 {
        many_headers.push_str(&format!("x-header-{n}: {n}\r\n"));
    }
    many_headers.push_str("\r\n");
    let mut stream = connect(&app).await;
    stream.write_all(many_headers.as_bytes()).await.unwrap();
    let refused = read_to_close(&mut stream, Duration::from_secs(5)).await.expect("a response");
    assert_problem(&refused, 431, "request_failed");

    let long_query = format!("GET /health/live?q={} HTTP/1.1\r\nhost: x\r\n\r\n", "a".repeat(100_000));
    let mut stream = connect(&app).await;
    let _ = stream.write_all(long_query.as_bytes()).await;
    let refused = read_to_close(&mut stream, Duration::from_secs(5)).await.expect("a response");
    assert_problem(&refused, 414, "request_failed");

    let mut stream = connect(&app).await;
    stream.write_all(b"NOT HTTP AT ALL\r\n\r\n").await.unwrap();
    let refused = read_to_close(&mut stream, Duration::from_secs(5)).await.expect("a response");
    assert_problem(&refused, 400, "invalid_request");
}

/// The head of an admin's `POST /v1/api-keys` with its body framing (`content-length: …`
/// or `transfer-encoding: chunked`); the body follows.
fn create_api_key_head(admin: &str, framing: &str) -> String {
    format!(
        "POST /v1/api-keys HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {admin}\r\ncontent-type: application/json\r\n{framing}\r\n\r\n"
    )
}

#[tokio::test]
async fn a_client_sending_a_body_past_the_limit_reads_the_413() {
    let app = TestApp::spawn_with(|settings| settings.http.max_body = livechat::config::Bytes(4096)).await;
    let admin = app.admin_token().await;
    for _ in 0..3 {
        let mut stream = connect(&app).await;
        stream.write_all(create_api_key_head(&admin, "transfer-encoding: chunked").as_bytes()).await.unwrap();
        // Far more than the limit, sent in full before reading, as simple uploaders do:
        // the server must not reset the connection under the client while it sends.
        let chunk = format!("{:x}\r\n{}\r\n", 16 * 1024, "y".repeat(16 * 1024));
        for piece in 0..48 {
            stream.write_all(chunk.as_bytes()).await.expect("the server takes the rest of the body");
            if piece % 4 == 3 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }
        stream.write_all(b"0\r\n\r\n").await.expect("the server takes the end of the body");
        let answer = read_to_close(&mut stream, Duration::from_secs(10)).await.expect("a response");
        assert_problem(&answer, 413, "payload_too_large");
    }
}

#[tokio::test]
async fn a_body_that_does_not_arrive_in_time_is_answered_408() {
    let app = TestApp::spawn_with(|settings| settings.http.body_read_timeout = std::time::Duration::from_secs(1)).await;
    let admin = app.admin_token().await;
    let mut stream = connect(&app).await;
    // 100 bytes announced, 7 sent.
    let head = create_api_key_head(&admin, "content-length: 100") + "{\"name\"";
    stream.write_all(head.as_bytes()).await.unwrap();
    let answer = read_to_close(&mut stream, Duration::from_secs(5)).await.expect("a response in time");
    assert_problem(&answer, 408, "request_timeout");
    assert!(app.get("/v1/api-keys", &admin).await.expect(200)["items"].as_array().unwrap().is_empty());
}

/// Keep-alives far apart: what the server notices, it notices from the connection.
fn rare_keep_alive(settings: &mut livechat::Settings) {
    settings.streams.keep_alive = std::time::Duration::from_secs(600);
    settings.streams.customer_presence_grace = std::time::Duration::from_secs(5);
}

#[tokio::test]
async fn a_customer_who_closes_the_stream_shows_offline_once_the_grace_is_over() {
    let world = World::new_with(json!({}), rare_keep_alive).await;
    let (id, customer) = world.customer("c-1").await;
    let mut stream = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await;
    stream.expect("stream.ready").await;
    let path = format!("/v1/conversations/{id}");
    let online = || async { world.app.get(&path, &world.agent).await.expect(200)["customer"]["online"].clone() };
    assert_eq!(online().await, true);
    // Closing the connection sends FIN; nothing is written to it afterwards.
    let closes = world.app.closed_streams();
    drop(stream);
    noticed(closes, 1).await;
    world.app.run_presence_at(in_secs(6)).await;
    assert_eq!(online().await, false, "the closed stream still counts after the grace");
}

#[tokio::test]
async fn a_client_reopening_its_stream_in_a_loop_is_not_locked_out() {
    // Hundreds of opens at once would meet the customer's request budget first.
    let world = World::new_with(json!({}), |settings| {
        rare_keep_alive(settings);
        settings.limits.customer_per_min = None;
    })
    .await;
    let (_, customer) = world.customer("c-1").await;
    let limit = livechat::service::core::presence::MAX_STREAMS_PER_SUBJECT;
    for _ in 0..(2 * limit + 10) {
        let mut stream = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await;
        stream.expect("stream.ready").await;
    }
}

#[tokio::test]
async fn a_client_that_stops_reading_is_cut_off_and_resumes_from_the_log() {
    let world = World::new_with(json!({}), |settings| {
        rare_keep_alive(settings);
        settings.http.send_timeout = std::time::Duration::from_secs(1);
        settings.http.send_buffer = Some(livechat::config::Bytes(16 * 1024));
    })
    .await;
    let (id, customer) = world.active_conversation("c-1").await;
    let mut first = SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), None).await;
    let resume_from = first.expect("stream.ready").await.data["last_event_id"].as_i64().expect("an id");
    drop(first);

    // A client with a small window that never reads what it asked for.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stalled = socket.connect(world.app.address.trim_start_matches("http://").parse().unwrap()).await.unwrap();
    let request = format!("GET /v1/streams/customer HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {customer}\r\n\r\n");
    stalled.write_all(request.as_bytes()).await.unwrap();

    let path = format!("/v1/conversations/{id}/messages");
    let sent = 40;
    for n in 0..sent {
        let text = format!("{n:03} {}", "z".repeat(3900));
        world.app.post(&path, &world.agent, json!({ "text": text })).await.expect(201);
    }
    // Cut off, the client no longer counts as present.
    let conversation = format!("/v1/conversations/{id}");
    crate::helpers::eventually("the stalled client cut off", || async {
        world.app.run_presence_at(in_secs(6)).await;
        let online = world.app.get(&conversation, &world.agent).await.expect(200)["customer"]["online"].clone();
        (online == false).then_some(())
    })
    .await;

    // Back, it resumes from the log: every message once, in order.
    let mut resumed =
        SseClient::open(&world.app.address, "/v1/streams/customer", Some(&customer), Some(resume_from)).await;
    let mut texts = Vec::new();
    while texts.len() < sent {
        let event = resumed.expect("message.created").await;
        texts.push(event.data["content"]["text"].as_str().expect("text")[..3].to_owned());
    }
    let expected: Vec<String> = (0..sent).map(|n| format!("{n:03}")).collect();
    assert_eq!(texts, expected);
    drop(stalled);
}
