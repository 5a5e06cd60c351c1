//! What clients see change. Every change is one typed event: it is appended to the log
//! and queues the webhooks that want it, in the transaction of the change, so a
//! client never sees a change that did not commit and never misses one that did.

use sea_orm::ConnectionTrait;
use serde::Serialize;
use uuid::Uuid;

use super::views::{AgentRef, ConversationView, MessageView};
use super::{Error, Result};
use crate::domain::{EventType, Presence};
use crate::events::{self, Scope};
use crate::outbox::{self, WebhookEvent};

/// Data of `conversation.queue_position`.
#[derive(Debug, Clone, Serialize)]
pub struct QueuePositionChange {
    pub conversation_id: Uuid,
    pub group_id: Option<Uuid>,
    pub queue_position: i32,
    pub estimated_wait_seconds: Option<i64>,
}

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
}

/// Data of `customer.blocked` and `customer.unblocked`.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerBlockChange {
    pub customer_id: Uuid,
    /// The agent who blocked or unblocked the customer.
    pub by_agent_id: Uuid,
}

/// Why the server changed an agent's presence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PresenceChangeReason {
    /// No stream of the agent was open for the grace period.
    NoOpenStream,
    /// An admin deactivated the agent.
    Deactivated,
}

/// Data of `agent.presence_changed`.
#[derive(Debug, Clone, Serialize)]
pub struct AgentPresenceChange {
    pub agent_id: Uuid,
    pub name: String,
    pub presence: Presence,
    /// Set when the server made the change.
    pub reason: Option<PresenceChangeReason>,
}

/// Data of `customer.presence_changed`.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerPresenceChange {
    pub customer_id: Uuid,
    /// The customer's open conversation, if any.
    pub conversation_id: Option<Uuid>,
    pub online: bool,
}

/// Which side is typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypingSide {
    Customer,
    Agent,
}

/// Data of `typing`, which is delivered live and never stored.
#[derive(Debug, Clone, Serialize)]
pub struct Typing {
    pub conversation_id: Uuid,
    pub side: TypingSide,
    /// The agent, when the agent is typing.
    pub agent: Option<AgentRef>,
}

/// A change a client can see, with its data.
#[derive(Debug, Clone, Copy)]
pub enum Change<'a> {
    Conversation(ConversationChange, &'a ConversationView),
    MessageCreated(&'a MessageView),
    CustomerBlocked(&'a CustomerBlockChange),
    CustomerUnblocked(&'a CustomerBlockChange),
    AgentPresenceChanged(&'a AgentPresenceChange),
    CustomerPresenceChanged(&'a CustomerPresenceChange),
    QueuePosition(&'a QueuePositionChange),
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
            },
            Self::MessageCreated(_) => EventType::MessageCreated,
            Self::CustomerBlocked(_) => EventType::CustomerBlocked,
            Self::CustomerUnblocked(_) => EventType::CustomerUnblocked,
            Self::AgentPresenceChanged(_) => EventType::AgentPresenceChanged,
            Self::CustomerPresenceChanged(_) => EventType::CustomerPresenceChanged,
            Self::QueuePosition(_) => EventType::ConversationQueuePosition,
        }
    }

    fn data(&self) -> Result<serde_json::Value, serde_json::Error> {
        match self {
            Self::Conversation(_, conversation) => serde_json::to_value(conversation),
            Self::MessageCreated(message) => serde_json::to_value(message),
            Self::CustomerBlocked(change) | Self::CustomerUnblocked(change) => serde_json::to_value(change),
            Self::AgentPresenceChanged(change) => serde_json::to_value(change),
            Self::CustomerPresenceChanged(change) => serde_json::to_value(change),
            Self::QueuePosition(change) => serde_json::to_value(change),
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
        let data = change.data().map_err(|error| Error::Internal(format!("{event_type} data: {error}")))?;
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
pub fn conversation_scope(conversation: &ConversationView) -> Scope {
    Scope {
        conversation_id: Some(conversation.id),
        customer_id: Some(conversation.customer.id),
        agent_id: conversation.agent.as_ref().map(|agent| agent.id),
        group_id: conversation.group_id,
    }
}
