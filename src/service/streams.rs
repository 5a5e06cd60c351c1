//! Opening event streams for agents and customers; a stream counts towards presence
//! while it is open.

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use uuid::Uuid;

use super::core::chats;
use super::core::presence::{StreamGuard, Subject};
use super::{AgentCaller, Result, Services};
use crate::domain::Sight;
use crate::events::hub::Audience;
pub use crate::events::sse_frame;
use crate::events::stream;
pub use crate::events::stream::StreamItem;

/// An open stream: its items, and the guard that keeps its subject present.
pub struct OpenStream {
    pub items: BoxStream<'static, StreamItem>,
    pub guard: StreamGuard,
}

/// What an agent stream carries besides the Live list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AgentScope {
    /// Every conversation the agent sees: its Live list changes, messages, seen marks
    /// and typing.
    #[default]
    All,
    /// The Live list changes of every conversation the agent sees, and the chat of their
    /// own conversations only.
    Mine,
    /// Only the conversations of the agent's groups, of no group and their own, even for
    /// supervisors and admins, who see every group's otherwise.
    Groups,
}

pub async fn open_for_agent(
    services: &Services,
    agent: &AgentCaller,
    scope: AgentScope,
    last_event_id: Option<i64>,
) -> Result<OpenStream> {
    let db = services.store.db();
    let (audience, sight) = match scope {
        AgentScope::All => (Audience::Agent { agent_id: agent.id }, chats::sight_of(db, agent).await?),
        AgentScope::Mine => (Audience::OwnConversations { agent_id: agent.id }, chats::sight_of(db, agent).await?),
        AgentScope::Groups => (Audience::Agent { agent_id: agent.id }, chats::departments_of(db, agent).await?),
    };
    open(services, Subject::Agent(agent.id), audience, sight, last_event_id).await
}

pub async fn open_for_customer(
    services: &Services,
    customer_id: Uuid,
    last_event_id: Option<i64>,
) -> Result<OpenStream> {
    let audience = Audience::Customer { customer_id };
    open(services, Subject::Customer(customer_id), audience, Sight::Everything, last_event_id).await
}

async fn open(
    services: &Services,
    subject: Subject,
    audience: Audience,
    sight: Sight,
    last_event_id: Option<i64>,
) -> Result<OpenStream> {
    let guard = services.presence.connected(subject).await?;
    let mut subscription = services.hub.subscribe(audience).await;
    subscription.sight = sight;
    let shutdown = services.workers.shutdown().clone();
    let db = services.store.db().clone();
    let items = stream::open(db, subscription, shutdown, last_event_id).boxed();
    Ok(OpenStream { items, guard })
}
