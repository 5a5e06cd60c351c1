//! Server-Sent Events: the agent's stream and the customer's stream.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use poem::web::Data;
use poem::web::sse::Event;
use poem_openapi::OpenApi;
use poem_openapi::param::{Header, Query};
use poem_openapi::payload::EventStream;

use super::problem::{Problems, status::*};
use super::security::{AgentStreamAuth, CustomerStreamAuth};
use super::stream_events::StreamEvent;
use super::{AppState, Tag};
use crate::service::streams::{self, OpenStream, StreamItem};

/// The statuses of opening a stream: a malformed `Last-Event-ID`, a refused credential,
/// or too many streams open for this caller.
const OPEN: u16 = PARAMS | UNAUTHORIZED | TOO_MANY_REQUESTS;

fn stream_event(item: StreamItem) -> StreamEvent {
    match item {
        StreamItem::Ready { last_event_id } => StreamEvent {
            id: Some(last_event_id),
            event_type: "stream.ready".into(),
            data: serde_json::json!({ "last_event_id": last_event_id }),
        },
        StreamItem::Stored(record) => StreamEvent {
            id: Some(record.id),
            event_type: record.event_type.as_str().into(),
            data: record.payload.clone(),
        },
        StreamItem::Ephemeral(event) => {
            StreamEvent { id: None, event_type: event.event_type.as_str().into(), data: event.payload.clone() }
        }
        StreamItem::Reset { last_event_id, reason } => StreamEvent {
            id: Some(last_event_id),
            event_type: "stream.reset".into(),
            data: serde_json::json!({ "last_event_id": last_event_id, "reason": reason }),
        },
        StreamItem::Reconnect => reconnect("the server is shutting down; reconnect with Last-Event-ID"),
    }
}

/// One SSE message: `data:` is the whole `StreamEvent`, as the spec describes the
/// stream; `event:` and `id:` repeat its type and id for `EventSource` and resuming.
fn sse_event(event: StreamEvent) -> Event {
    let data = serde_json::json!({ "type": event.event_type, "id": event.id, "data": event.data });
    let sse = Event::message(data.to_string()).event_type(event.event_type);
    match event.id {
        Some(id) => sse.id(id.to_string()),
        None => sse,
    }
}

/// Turns a stream into SSE. After `lifetime` (when set) the stream says
/// `stream.reconnect` and ends: the client comes back with `Last-Event-ID`, and with a
/// credential that is checked again.
fn into_sse(
    open: OpenStream,
    keep_alive: Duration,
    lifetime: Option<Duration>,
) -> EventStream<BoxStream<'static, StreamEvent>> {
    let deadline = lifetime.map(|lifetime| Box::pin(tokio::time::sleep(lifetime)));
    let items = futures_util::stream::unfold(Some((open, deadline)), |state| async move {
        let (mut open, mut deadline) = state?;
        // `None`: the lifetime is over.
        let next = match deadline.as_mut() {
            Some(deadline) => tokio::select! {
                item = open.items.recv() => Some(item?),
                () = deadline => None,
            },
            None => Some(open.items.recv().await?),
        };
        match next {
            Some(item) => Some((stream_event(item), Some((open, deadline)))),
            None => Some((reconnect("the stream reached its maximum duration; reconnect with Last-Event-ID"), None)),
        }
    });
    EventStream::new(items.boxed()).keep_alive(keep_alive).to_event(sse_event)
}

fn reconnect(reason: &str) -> StreamEvent {
    StreamEvent { id: None, event_type: "stream.reconnect".into(), data: serde_json::json!({ "reason": reason }) }
}

fn settings_of(state: &AppState) -> (Duration, Option<Duration>) {
    let keep_alive = Duration::from_secs(state.settings.stream_keep_alive_secs.max(1));
    let lifetime = Some(state.settings.stream_max_secs).filter(|secs| *secs > 0).map(Duration::from_secs);
    (keep_alive, lifetime)
}

pub struct StreamApi;

#[OpenApi(tag = "Tag::Streams")]
impl StreamApi {
    /// Stream the Live list and every conversation's events (agent)
    ///
    /// Server-Sent Events. A resumed stream first replays what was missed; then
    /// `stream.ready` says it is live (on a new stream it is the first event), and every
    /// change follows as it commits: `conversation.waiting|claimed|released|transferred|ended|email_given|seen`,
    /// `message.created`, `customer.presence_changed|blocked|unblocked`,
    /// `agent.presence_changed`, and `typing` (not stored, no id). Reconnect with
    /// `Last-Event-ID` to get every event after it exactly once. `stream.reset` means the
    /// resume point is gone (reload state); `stream.reconnect` that the server is
    /// shutting down or the stream reached its maximum duration (`stream_max_secs`).
    /// An agent with no open stream for the grace period is set offline.
    #[oai(path = "/v1/streams/agent", method = "get", operation_id = "stream_agent_events")]
    async fn agent(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentStreamAuth,
        /// The id of the last event received; the stream resumes after it.
        #[oai(name = "Last-Event-ID")]
        last_event_id_header: Header<Option<i64>>,
        /// The same as the `Last-Event-ID` header, for clients that cannot set headers.
        last_event_id: Query<Option<i64>>,
    ) -> Result<EventStream<BoxStream<'static, StreamEvent>>, Problems<OPEN>> {
        let after = last_event_id_header.0.or(last_event_id.0);
        let open = streams::open_for_agent(&state.services, &auth.agent(), after).await?;
        let (keep_alive, lifetime) = settings_of(&state);
        Ok(into_sse(open, keep_alive, lifetime))
    }

    /// Stream the customer's own conversations (customer)
    ///
    /// Server-Sent Events of the customer's conversations: any replay, `stream.ready`, then
    /// `message.created`, `conversation.claimed|released|transferred|ended|email_given|seen`
    /// (`ended` carries the exit and variables), `customer.presence_changed` and the
    /// agent's `typing`. Resume with `Last-Event-ID` as for agents. While a stream is
    /// open the customer shows as online in the Live list.
    #[oai(path = "/v1/streams/customer", method = "get", operation_id = "stream_customer_events")]
    async fn customer(
        &self,
        state: Data<&Arc<AppState>>,
        auth: CustomerStreamAuth,
        /// The id of the last event received; the stream resumes after it.
        #[oai(name = "Last-Event-ID")]
        last_event_id_header: Header<Option<i64>>,
        /// The same as the `Last-Event-ID` header, for clients that cannot set headers.
        last_event_id: Query<Option<i64>>,
    ) -> Result<EventStream<BoxStream<'static, StreamEvent>>, Problems<OPEN>> {
        let after = last_event_id_header.0.or(last_event_id.0);
        let open = streams::open_for_customer(&state.services, auth.customer_id(), after).await?;
        let (keep_alive, lifetime) = settings_of(&state);
        Ok(into_sse(open, keep_alive, lifetime))
    }
}
