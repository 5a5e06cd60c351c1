//! The data of the events streams and webhooks carry, besides the resources: one type
//! per event, recorded by the service and described by the spec from the same type.

use poem_openapi::{Enum, Object};
use uuid::Uuid;

use super::AgentSummary;
use super::mirror_enum;
use crate::domain;

mirror_enum!(
    /// Whether an agent takes conversations now. Only `online` agents take conversations over.
    Presence = domain::Presence { Online, Away, Offline }
);

/// Which side is typing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum TypingSide {
    Customer,
    Agent,
}

/// Data of `typing`.
#[derive(Debug, Clone, Object)]
pub struct Typing {
    pub conversation_id: Uuid,
    pub side: TypingSide,
    /// The agent, when the agent is typing.
    pub agent: Option<AgentSummary>,
}

/// Data of `customer.presence_changed`.
#[derive(Debug, Clone, Object)]
pub struct CustomerPresenceChange {
    pub customer_id: Uuid,
    /// The customer's open conversation, if any.
    pub conversation_id: Option<Uuid>,
    pub online: bool,
}

/// Data of `conversation.queue_position`.
#[derive(Debug, Clone, Object)]
pub struct QueuePosition {
    pub conversation_id: Uuid,
    /// The group whose queue it is; absent: the queue of conversations of no group.
    pub group_id: Option<Uuid>,
    /// 1 is next. Exact up to 200; further back rounded up to two significant digits,
    /// so a place that far back is announced when it changes by that much.
    pub queue_position: i32,
    /// The expected wait in seconds, from the recent waits in the group; absent until
    /// some conversation of the group was taken over.
    pub estimated_wait_seconds: Option<i64>,
}

/// Data of `customer.blocked` and `customer.unblocked`.
#[derive(Debug, Clone, Object)]
pub struct CustomerBlockChange {
    pub customer_id: Uuid,
    /// The agent who blocked or unblocked the customer.
    pub by_agent_id: Uuid,
}

/// Why the server changed an agent's presence: no stream of theirs was open for the
/// grace period, or an admin deactivated them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum PresenceChangeReason {
    NoOpenStream,
    Deactivated,
}

/// Data of `agent.presence_changed`.
#[derive(Debug, Clone, Object)]
pub struct AgentPresenceChange {
    pub agent_id: Uuid,
    pub name: String,
    pub presence: Presence,
    /// Why the server changed it, when it did.
    pub reason: Option<PresenceChangeReason>,
}
