//! A minimal Server-Sent Events client for the tests, reading the wire format itself.

use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct SseEvent {
    pub id: Option<i64>,
    pub event: String,
    pub data: Value,
}

pub struct SseClient {
    body: BoxStream<'static, reqwest::Result<bytes::Bytes>>,
    buffer: String,
}

impl SseClient {
    /// Opens a stream at `path` (a full query string may be included) with a bearer
    /// token and an optional `Last-Event-ID` header.
    pub async fn open(base: &str, path: &str, token: Option<&str>, last_event_id: Option<i64>) -> Self {
        let mut request = reqwest::Client::new().get(format!("{base}{path}")).header("accept", "text/event-stream");
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = request.send().await.expect("stream opens");
        assert_eq!(response.status(), 200, "stream refused: {:?}", response.text().await);
        Self { body: response.bytes_stream().boxed(), buffer: String::new() }
    }

    /// The next event, or `None` when the stream ends or nothing comes within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<SseEvent> {
        tokio::time::timeout(wait, self.next()).await.ok().flatten()
    }

    /// Whether the stream ends within `wait` without another event.
    pub async fn ends_within(&mut self, wait: Duration) -> bool {
        matches!(tokio::time::timeout(wait, self.next()).await, Ok(None))
    }

    /// The next event (skipping keep-alive comments), `None` when the stream ends.
    pub async fn next(&mut self) -> Option<SseEvent> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(event) = parse(&block) {
                    return Some(event);
                }
                continue;
            }
            match self.body.next().await {
                Some(Ok(chunk)) => self.buffer.push_str(&String::from_utf8_lossy(&chunk).replace("\r\n", "\n")),
                _ => return None,
            }
        }
    }

    /// Reads events until one of type `event` arrives (within 10 s), returning it.
    pub async fn expect(&mut self, event: &str) -> SseEvent {
        self.expect_matching(event, |_| true).await
    }

    /// Reads events until one of type `event` whose data passes `test` arrives (within 10 s).
    pub async fn expect_matching(&mut self, event: &str, test: impl Fn(&Value) -> bool) -> SseEvent {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next_within(left).await {
                Some(found) if found.event == event && test(&found.data) => return found,
                Some(_) => continue,
                None => panic!("no {event} event arrived"),
            }
        }
    }
}

fn parse(block: &str) -> Option<SseEvent> {
    let (mut id, mut event, mut data) = (None, String::from("message"), String::new());
    let mut any = false;
    for line in block.lines() {
        let (field, value) = line.split_once(':').map_or((line, ""), |(f, v)| (f, v.strip_prefix(' ').unwrap_or(v)));
        match field {
            "" => continue,
            "id" => id = value.parse().ok(),
            "event" => event = value.to_owned(),
            "data" => {
                if !data.is_empty() {
                    data.push('\n');
                }
                data.push_str(value);
            }
            _ => continue,
        }
        any = true;
    }
    if !any {
        return None;
    }
    // `data:` is the whole event; `event:` and `id:` must agree with it.
    let envelope: Value =
        serde_json::from_str(&data).unwrap_or_else(|error| panic!("data is not JSON ({error}): {data}"));
    assert_eq!(envelope["type"], event.as_str(), "event: and the event's type differ: {block}");
    assert_eq!(envelope["id"].as_i64(), id, "id: and the event's id differ: {block}");
    Some(SseEvent { id, event, data: envelope["data"].clone() })
}
