//! What the streams send, as the spec describes it: one schema per event type, joined
//! in the `StreamEvent` union with `type` as its discriminator, so that generated
//! clients get typed events.
//!
//! On the wire an event is one SSE message whose `data:` is the JSON of the whole
//! `StreamEvent`; `event:` and `id:` repeat its `type` and `id`. The server writes events
//! from their stored JSON (the typed changes of `service::core::record`), so these types
//! describe them; the integration tests check every event they see against this schema.
//! [`EventFrames`] is the streams' response.

use std::task::Poll;
use std::time::Duration;

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use poem::{Body, IntoResponse, Response};
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, Registry};
use poem_openapi::types::Type;
use poem_openapi::{ApiResponse, Object, Union};

use crate::wire::{
    AgentPresenceChange, Conversation, CustomerBlockChange, CustomerPresenceChange, Mention, Message, Note,
    QueuePosition, Typing,
};

/// Data of `stream.ready`: the stream is live. It comes first on a new stream, and after
/// the replay on a resumed one.
#[derive(Debug, Object)]
pub struct StreamReady {
    /// The stream's position: the newest event id, or the last one replayed.
    pub last_event_id: i64,
}

/// Data of `stream.reset`: the resume point is older than the kept events.
#[derive(Debug, Object)]
pub struct StreamReset {
    /// The newest event id now; reload state, then resume from here.
    pub last_event_id: i64,
    pub reason: String,
}

/// Data of `stream.reconnect`: the server is shutting down, the stream reached its
/// maximum duration, or what the agent sees changed (their groups or role).
#[derive(Debug, Object)]
pub struct StreamReconnect {
    pub reason: String,
}

/// Declares one schema per event type (`id` and `data`) and the `StreamEvent` union of
/// them, discriminated by `type`.
macro_rules! stream_events {
    ($( $(#[doc = $doc:literal])* $variant:ident($name:ident { id: $id:ty, data: $data:ty }) = $event_type:literal; )+) => {
        $(
            $(#[doc = $doc])*
            #[derive(Debug, Object)]
            pub struct $name {
                /// The event id (SSE `id:`); resume after it with `Last-Event-ID`.
                pub id: $id,
                pub data: $data,
            }
        )+

        /// An event on a stream; `type` tells which (SSE `event:`).
        #[derive(Debug, Union)]
        #[oai(rename = "StreamEvent", discriminator_name = "type", one_of)]
        pub enum StreamEventSchema {
            $( #[oai(mapping = $event_type)] $variant($name), )+
        }

        /// Every event type a stream can send.
        #[cfg(test)]
        pub const EVENT_TYPES: &[&str] = &[$($event_type),+];
    };
}

stream_events! {
    /// The stream is live: after any replay, before the changes that follow.
    Ready(StreamReadyEvent { id: i64, data: StreamReady }) = "stream.ready";
    /// The resume point is gone: reload state, then carry on with this stream.
    Reset(StreamResetEvent { id: i64, data: StreamReset }) = "stream.reset";
    /// The stream ends (the server is shutting down, the stream is an hour old, or what
    /// the agent sees changed): reconnect with `Last-Event-ID`.
    Reconnect(StreamReconnectEvent { id: Option<i64>, data: StreamReconnect }) = "stream.reconnect";
    /// Someone is typing; not stored, so it has no id.
    Typing(TypingEvent { id: Option<i64>, data: Typing }) = "typing";
    /// A customer entered and waits in the Live list.
    ConversationWaiting(ConversationWaitingEvent { id: i64, data: Conversation }) = "conversation.waiting";
    /// An agent took the conversation over.
    ConversationClaimed(ConversationClaimedEvent { id: i64, data: Conversation }) = "conversation.claimed";
    /// The server assigned the conversation to an agent (`auto` routing).
    ConversationAssigned(ConversationAssignedEvent { id: i64, data: Conversation }) = "conversation.assigned";
    /// A waiting conversation's place in its group's queue changed.
    ConversationQueuePosition(ConversationQueuePositionEvent { id: i64, data: QueuePosition }) = "conversation.queue_position";
    /// The agent gave the conversation back to the Live list.
    ConversationReleased(ConversationReleasedEvent { id: i64, data: Conversation }) = "conversation.released";
    /// The conversation moved to another agent or group.
    ConversationTransferred(ConversationTransferredEvent { id: i64, data: Conversation }) = "conversation.transferred";
    /// The conversation ended; `exit` and `variables` say how.
    ConversationEnded(ConversationEndedEvent { id: i64, data: Conversation }) = "conversation.ended";
    /// The customer gave an email address.
    ConversationEmailGiven(ConversationEmailGivenEvent { id: i64, data: Conversation }) = "conversation.email_given";
    /// A side marked messages as seen.
    ConversationSeen(ConversationSeenEvent { id: i64, data: Conversation }) = "conversation.seen";
    /// A message was written.
    MessageCreated(MessageCreatedEvent { id: i64, data: Message }) = "message.created";
    /// The chat ended; the customer is asked to rate it (`rating` says on which scale).
    ConversationRatingRequested(ConversationRatingRequestedEvent { id: i64, data: Conversation }) = "conversation.rating_requested";
    /// The customer rated the chat, or changed their rating.
    ConversationRated(ConversationRatedEvent { id: i64, data: Conversation }) = "conversation.rated";
    /// An agent tagged the conversation (agent streams only).
    ConversationTagged(ConversationTaggedEvent { id: i64, data: Conversation }) = "conversation.tagged";
    /// An agent took a tag off the conversation (agent streams only).
    ConversationUntagged(ConversationUntaggedEvent { id: i64, data: Conversation }) = "conversation.untagged";
    /// An agent added an internal note (agent streams only).
    ConversationNoteAdded(ConversationNoteAddedEvent { id: i64, data: Note }) = "conversation.note_added";
    /// A note mentions this stream's agent (their streams only, whoever serves the conversation).
    AgentMentioned(AgentMentionedEvent { id: i64, data: Mention }) = "agent.mentioned";
    /// A customer's stream opened or closed.
    CustomerPresenceChanged(CustomerPresenceChangedEvent { id: i64, data: CustomerPresenceChange }) = "customer.presence_changed";
    /// An agent blocked the customer.
    CustomerBlocked(CustomerBlockedEvent { id: i64, data: CustomerBlockChange }) = "customer.blocked";
    /// An admin unblocked the customer.
    CustomerUnblocked(CustomerUnblockedEvent { id: i64, data: CustomerBlockChange }) = "customer.unblocked";
    /// An agent's presence changed.
    AgentPresenceChanged(AgentPresenceChangedEvent { id: i64, data: AgentPresenceChange }) = "agent.presence_changed";
}

/// The streams' response: Server-Sent Events whose messages are prepared frames (one
/// `StreamEvent` each, built once per event for every stream that carries it), with a
/// keep-alive comment at every interval. The spec describes it as a stream of
/// `StreamEvent`s.
pub struct EventFrames {
    pub frames: BoxStream<'static, Bytes>,
    pub keep_alive: Duration,
}

impl ApiResponse for EventFrames {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "",
                status: Some(200),
                status_range: None,
                content: vec![MetaMediaType {
                    content_type: "text/event-stream",
                    schema: StreamEventSchema::schema_ref(),
                }],
                headers: vec![],
            }],
        }
    }

    fn register(registry: &mut Registry) {
        StreamEventSchema::register(registry);
    }
}

impl IntoResponse for EventFrames {
    fn into_response(self) -> Response {
        let comment = Bytes::from_static(b":\n\n");
        let mut frames = self.frames;
        let mut keep_alive = tokio::time::interval_at(tokio::time::Instant::now() + self.keep_alive, self.keep_alive);
        let body = futures_util::stream::poll_fn(move |cx| {
            if let Poll::Ready(frame) = frames.poll_next_unpin(cx) {
                return Poll::Ready(frame.map(Ok::<_, std::io::Error>));
            }
            keep_alive.poll_tick(cx).map(|_| Some(Ok(comment.clone())))
        });
        Response::builder()
            .content_type("text/event-stream")
            .header("Cache-Control", "no-cache")
            .header("X-Accel-Buffering", "no")
            .body(Body::from_bytes_stream(body))
    }
}

#[cfg(test)]
mod tests {
    use super::EVENT_TYPES;
    use crate::domain::EventType;

    #[test]
    fn every_event_type_has_a_schema() {
        for event_type in EventType::ALL {
            assert!(EVENT_TYPES.contains(&event_type.as_str()), "{} has no schema", event_type.as_str());
        }
        assert!(EVENT_TYPES.contains(&"typing"));
    }
}
