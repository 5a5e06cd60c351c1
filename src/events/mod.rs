//! The event log: every change a client can see is written here, in the transaction
//! of the change. Streams replay and tail it.

pub mod hub;
pub mod retention;
pub mod stream;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait};
use serde::Serialize;
use uuid::Uuid;

use crate::entities::event;

/// The kinds of event, as their `type` is written in the log and on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventType {
    ConversationWaiting,
    ConversationClaimed,
    ConversationReleased,
    ConversationTransferred,
    ConversationEnded,
    ConversationEmailGiven,
    MessageCreated,
    CustomerBlocked,
    CustomerUnblocked,
    AgentPresenceChanged,
    CustomerPresenceChanged,
    ConversationSeen,
}

impl EventType {
    pub const ALL: &'static [EventType] = &[
        Self::ConversationWaiting,
        Self::ConversationClaimed,
        Self::ConversationReleased,
        Self::ConversationTransferred,
        Self::ConversationEnded,
        Self::ConversationEmailGiven,
        Self::MessageCreated,
        Self::CustomerBlocked,
        Self::CustomerUnblocked,
        Self::AgentPresenceChanged,
        Self::CustomerPresenceChanged,
        Self::ConversationSeen,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ConversationWaiting => "conversation.waiting",
            Self::ConversationClaimed => "conversation.claimed",
            Self::ConversationReleased => "conversation.released",
            Self::ConversationTransferred => "conversation.transferred",
            Self::ConversationEnded => "conversation.ended",
            Self::ConversationEmailGiven => "conversation.email_given",
            Self::MessageCreated => "message.created",
            Self::CustomerBlocked => "customer.blocked",
            Self::CustomerUnblocked => "customer.unblocked",
            Self::AgentPresenceChanged => "agent.presence_changed",
            Self::CustomerPresenceChanged => "customer.presence_changed",
            Self::ConversationSeen => "conversation.seen",
        }
    }
}

/// Whom an event concerns; it decides which streams carry it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope {
    pub conversation_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
}

/// Appends one event to the log; call it with the transaction of the change.
pub async fn record(
    conn: &impl ConnectionTrait,
    event_type: EventType,
    scope: Scope,
    payload: &impl Serialize,
) -> Result<i64, DbErr> {
    let payload = serde_json::to_value(payload).map_err(|error| DbErr::Custom(format!("event payload: {error}")))?;
    let for_webhooks = payload.clone();
    let row = event::ActiveModel {
        conversation_id: Set(scope.conversation_id),
        customer_id: Set(scope.customer_id),
        event_type: Set(event_type.as_str().to_owned()),
        payload: Set(payload),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let id = event::Entity::insert(row).exec(conn).await?.last_insert_id;
    let (conversation_id, customer_id) = (scope.conversation_id, scope.customer_id);
    crate::outbox::enqueue_webhooks(conn, id, event_type.as_str(), conversation_id, customer_id, &for_webhooks).await?;
    Ok(id)
}
