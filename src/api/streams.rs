//! Server-Sent Events: the agent's stream and the customer's stream.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use poem::web::Data;
use poem_openapi::OpenApi;
use poem_openapi::param::{Header, Query};
use poem_openapi::types::ToJSON;

use super::models::mirror_enum;
use super::problem::{Problems, status::*};
use super::security::{AgentStreamAuth, CustomerStreamAuth};
use super::stream_events::{EventFrames, StreamReady, StreamReconnect, StreamReset};
use super::{AppState, Tag};
use crate::service::streams::{self, OpenStream, StreamItem, sse_frame};

/// The statuses of opening a stream: a malformed `Last-Event-ID`, a refused credential,
/// or too many streams open for this caller.
const OPEN: u16 = PARAMS | UNAUTHORIZED | TOO_MANY_REQUESTS;

/// The SSE message of an item: stored and ephemeral events bring theirs.
fn frame_of(item: StreamItem) -> Bytes {
    match item {
        StreamItem::Ready { last_event_id } => {
            sse_frame("stream.ready", Some(last_event_id), &StreamReady { last_event_id }.to_json())
        }
        StreamItem::Stored(record) => record.frame.clone(),
        StreamItem::Ephemeral(ephemeral) => ephemeral.frame.clone(),
        StreamItem::Reset { last_event_id, reason } => {
            let reset = StreamReset { last_event_id, reason: reason.to_owned() };
            sse_frame("stream.reset", Some(last_event_id), &reset.to_json())
        }
        StreamItem::Reconnect(reason) => reconnect(reason),
    }
}

fn reconnect(reason: &str) -> Bytes {
    sse_frame("stream.reconnect", None, &StreamReconnect { reason: reason.to_owned() }.to_json())
}

/// Turns a stream into SSE. After `lifetime` (when set) the stream says
/// `stream.reconnect` and ends: the client comes back with `Last-Event-ID`, and with a
/// credential that is checked again. The presence guard lives as long as the stream.
fn into_sse(open: OpenStream, keep_alive: Duration, lifetime: Option<Duration>) -> EventFrames {
    let OpenStream { items, guard } = open;
    let deadline = lifetime.map(|lifetime| Box::pin(tokio::time::sleep(lifetime)));
    let frames = futures_util::stream::unfold(Some((items, deadline, guard)), |state| async move {
        let (mut items, mut deadline, guard) = state?;
        // `None`: the lifetime is over.
        let next = match deadline.as_mut() {
            Some(deadline) => tokio::select! {
                item = items.next() => Some(item?),
                () = deadline => None,
            },
            None => Some(items.next().await?),
        };
        match next {
            Some(item) => Some((frame_of(item), Some((items, deadline, guard)))),
            None => Some((reconnect("the stream reached its maximum duration; reconnect with Last-Event-ID"), None)),
        }
    });
    EventFrames { frames: frames.boxed(), keep_alive }
}

fn settings_of(state: &AppState) -> (Duration, Option<Duration>) {
    let keep_alive = state.settings.streams.keep_alive;
    let lifetime = state.settings.streams.max_lifetime;
    (keep_alive, lifetime)
}

mirror_enum!(
    /// What an agent stream carries: `all` (the default: the whole Live list and every
    /// chat), `mine` (the whole Live list, and the chats the agent serves) or `groups`
    /// (the Live list and chats of the agent's groups' conversations, and of those of no
    /// group).
    AgentStreamScope = streams::AgentScope { All, Mine, Groups }
);

pub struct StreamApi;

#[OpenApi(tag = "Tag::Streams")]
impl StreamApi {
    /// Stream the Live list and every conversation's events (agent)
    ///
    /// Server-Sent Events. A resumed stream first replays what was missed; then
    /// `stream.ready` says it is live (on a new stream it is the first event), and every
    /// change follows as it commits, of the conversations the agent sees: those of no
    /// group, of their groups and their own (supervisors and admins: every group's).
    /// `typing` is not stored and has no id. With `scope=mine` the stream still carries
    /// the Live list, but `message.created`, `conversation.seen` and `typing` only of the
    /// agent's own conversations; with `scope=groups`, only conversations of no group,
    /// of the agent's groups and their own, whatever the role. A conversation
    /// transferred to another group is seen leaving by the group it left. Reconnect with
    /// `Last-Event-ID` to get every event after it exactly once. `stream.reset` means the
    /// resume point is gone (reload state); `stream.reconnect` that the server is
    /// shutting down, the stream reached its maximum duration (`stream_max_secs`), or
    /// what the agent sees changed (their groups or role). An agent with no open stream
    /// for the grace period is set offline.
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
        /// What the stream carries: `all` (the default: what the agent sees), `mine` (the
        /// chat of the agent's own conversations only) or `groups` (only conversations of
        /// no group, of the agent's groups and their own).
        scope: Query<Option<AgentStreamScope>>,
    ) -> Result<EventFrames, Problems<OPEN>> {
        let after = last_event_id_header.0.or(last_event_id.0);
        let scope = scope.0.map_or_else(streams::AgentScope::default, Into::into);
        let open = streams::open_for_agent(&state.services, &auth.agent(), scope, after).await?;
        let (keep_alive, lifetime) = settings_of(&state);
        Ok(into_sse(open, keep_alive, lifetime))
    }

    /// Stream the customer's own conversations (customer)
    ///
    /// Server-Sent Events of the customer's own conversations and of themselves: any
    /// replay, `stream.ready`, then each change as it commits — their messages, their
    /// place in the queue, who serves them, the end (`conversation.ended` carries the
    /// exit and variables) — and the agent's `typing`. Resume with `Last-Event-ID` as for
    /// agents. While a stream is open the customer shows as online in the Live list.
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
    ) -> Result<EventFrames, Problems<OPEN>> {
        let after = last_event_id_header.0.or(last_event_id.0);
        let open = streams::open_for_customer(&state.services, auth.customer_id(), after).await?;
        let (keep_alive, lifetime) = settings_of(&state);
        Ok(into_sse(open, keep_alive, lifetime))
    }
}
