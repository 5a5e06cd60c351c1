//! What clients see change. Every change is one typed event: it is appended to the log
//! and queues the webhooks that want it, in the transaction of the change, so a
//! client never sees a change that did not commit and never misses one that did.

use poem_openapi::types::ToJSON;
use sea_orm::ConnectionTrait;

use super::{Error, Result};
use crate::domain::EventType;
use crate::events::{self, Scope};
use crate::outbox::{self, WebhookEvent};
use crate::wire::{
    AgentPresenceChange, Conversation, CustomerBlockChange, CustomerPresenceChange, Mention, Message, Note,
    QueuePosition,
};

/// What happened to a conversation; the event carries the conversation as it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversationChange {
    Waiting,
    Claimed,
    /// The server assigned the conversation to an agent (`auto` routing).
    Assigned,
    Released,
    Transferred,
    Ended,
    EmailGiven,
    Seen,
    /// The chat ended and the customer is asked to rate it.
    RatingRequested,
    /// The customer rated it (or changed their rating).
    Rated,
    /// An agent (or the bot platform at entry) put a tag on it.
    Tagged,
    Untagged,
}

/// A change a client can see, with its data.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    Conversation(ConversationChange, &'a Conversation),
    MessageCreated(&'a Message),
    CustomerBlocked(&'a CustomerBlockChange),
    CustomerUnblocked(&'a CustomerBlockChange),
    AgentPresenceChanged(&'a AgentPresenceChange),
    CustomerPresenceChanged(&'a CustomerPresenceChange),
    QueuePosition(&'a QueuePosition),
    NoteAdded(&'a Note),
    AgentMentioned(&'a Mention),
}

impl Change<'_> {
    pub fn event_type(&self) -> EventType {
        match self {
            Self::Conversation(change, _) => match change {
                ConversationChange::Waiting => EventType::ConversationWaiting,
                ConversationChange::Claimed => EventType::ConversationClaimed,
                ConversationChange::Assigned => EventType::ConversationAssigned,
                ConversationChange::Released => EventType::ConversationReleased,
                ConversationChange::Transferred => EventType::ConversationTransferred,
                ConversationChange::Ended => EventType::ConversationEnded,
                ConversationChange::EmailGiven => EventType::ConversationEmailGiven,
                ConversationChange::Seen => EventType::ConversationSeen,
                ConversationChange::RatingRequested => EventType::ConversationRatingRequested,
                ConversationChange::Rated => EventType::ConversationRated,
                ConversationChange::Tagged => EventType::ConversationTagged,
                ConversationChange::Untagged => EventType::ConversationUntagged,
            },
            Self::MessageCreated(_) => EventType::MessageCreated,
            Self::CustomerBlocked(_) => EventType::CustomerBlocked,
            Self::CustomerUnblocked(_) => EventType::CustomerUnblocked,
            Self::AgentPresenceChanged(_) => EventType::AgentPresenceChanged,
            Self::CustomerPresenceChanged(_) => EventType::CustomerPresenceChanged,
            Self::QueuePosition(_) => EventType::ConversationQueuePosition,
            Self::NoteAdded(_) => EventType::ConversationNoteAdded,
            Self::AgentMentioned(_) => EventType::AgentMentioned,
        }
    }

    /// The event's data: the JSON of its wire type, as REST shows the same resource.
    fn data(&self) -> Option<serde_json::Value> {
        match self {
            Self::Conversation(_, conversation) => conversation.to_json(),
            Self::MessageCreated(message) => message.to_json(),
            Self::CustomerBlocked(change) | Self::CustomerUnblocked(change) => change.to_json(),
            Self::AgentPresenceChanged(change) => change.to_json(),
            Self::CustomerPresenceChanged(change) => change.to_json(),
            Self::QueuePosition(change) => change.to_json(),
            Self::NoteAdded(note) => note.to_json(),
            Self::AgentMentioned(mention) => mention.to_json(),
        }
    }
}

/// Records `change` about `scope`: one event in the log and the webhooks it queues.
/// Call it with the transaction of the change.
pub async fn record(conn: &impl ConnectionTrait, scope: Scope, change: Change<'_>) -> Result<i64> {
    let ids = record_all(conn, vec![(scope, change)]).await?;
    ids.first().copied().ok_or_else(|| Error::Internal("recording an event returned no id".into()))
}

/// Records several changes in order, with one statement for their events and one look
/// at the webhook endpoints; returns their event ids.
pub async fn record_all(conn: &impl ConnectionTrait, changes: Vec<(Scope, Change<'_>)>) -> Result<Vec<i64>> {
    let mut events = Vec::with_capacity(changes.len());
    for (scope, change) in &changes {
        let event_type = change.event_type();
        let data = change.data().ok_or_else(|| Error::Internal(format!("{event_type} has no data")))?;
        events.push((event_type, *scope, data));
    }
    let ids = events::append_many(conn, events.clone()).await?;
    let deliveries = ids
        .iter()
        .zip(&events)
        .map(|(id, (event_type, scope, data))| WebhookEvent {
            id: *id,
            event_type: *event_type,
            conversation_id: scope.conversation_id,
            customer_id: scope.customer_id,
            data,
        })
        .collect();
    outbox::enqueue_webhooks_of(conn, deliveries).await?;
    Ok(ids)
}

/// The scope of a conversation's events: its own streams and its customer's.
pub fn conversation_scope(conversation: &Conversation) -> Scope {
    Scope {
        conversation_id: Some(conversation.id),
        customer_id: Some(conversation.customer.id),
        agent_id: conversation.agent.as_ref().map(|agent| agent.id),
        group_id: conversation.group_id,
        left_group: None,
    }
}
