//! A Server-Sent Events client for the tests: `eventsource-stream` parses the wire
//! format, and every event is checked against the published `StreamEvent` schema.

use std::time::Duration;

use eventsource_stream::{EventStream, Eventsource};
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use serde_json::Value;

use crate::contract::CONTRACT;

#[derive(Debug, Clone)]
pub struct SseEvent {
    /// The event's own id (`null` in its JSON for events that are not stored).
    pub id: Option<i64>,
    pub event: String,
    pub data: Value,
}

pub struct SseClient {
    events: EventStream<BoxStream<'static, reqwest::Result<bytes::Bytes>>>,
    /// The event types the stream's published description lists.
    listed: Vec<String>,
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
        let listed = CONTRACT.stream_event_types(path);
        Self { events: response.bytes_stream().boxed().eventsource(), listed }
    }

    /// The next event, or `None` when the stream ends or nothing comes within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<SseEvent> {
        tokio::time::timeout(wait, self.next()).await.ok().flatten()
    }

    /// Whether the stream ends within `wait` without another event.
    pub async fn ends_within(&mut self, wait: Duration) -> bool {
        matches!(tokio::time::timeout(wait, self.next()).await, Ok(None))
    }

    /// The next event, `None` when the stream ends.
    pub async fn next(&mut self) -> Option<SseEvent> {
        let event = self.events.next().await?.ok()?;
        // `data:` is the whole event; `event:` and `id:` must agree with it.
        let envelope: Value = serde_json::from_str(&event.data)
            .unwrap_or_else(|error| panic!("data is not JSON ({error}): {}", event.data));
        CONTRACT.check_event(&envelope);
        assert_eq!(envelope["type"], event.event.as_str(), "event: and the event's type differ: {envelope}");
        assert!(self.listed.contains(&event.event), "{} is not among the stream's listed events", event.event);
        let id = envelope["id"].as_i64();
        if let Some(id) = id {
            assert_eq!(event.id, id.to_string(), "id: and the event's id differ: {envelope}");
        }
        Some(SseEvent { id, event: event.event, data: envelope["data"].clone() })
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
