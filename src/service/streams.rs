//! Opening event streams for agents and customers; a stream counts towards presence
//! while it is open.

use std::sync::Arc;

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use uuid::Uuid;

use super::core::presence::{StreamGuard, Subject};
use super::core::queue;
use super::{AgentCaller, Result, Services};
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
    /// Every conversation's messages, seen marks and typing.
    #[default]
    All,
    /// Those of the agent's own conversations only.
    Mine,
    /// Only the conversations of the agent's groups (and of no group): their Live list
    /// and their chats.
    Groups,
}

pub async fn open_for_agent(
    services: &Services,
    agent: &AgentCaller,
    scope: AgentScope,
    last_event_id: Option<i64>,
) -> Result<OpenStream> {
    let (audience, groups) = match scope {
        AgentScope::All => (Audience::Agent { agent_id: agent.id }, None),
        AgentScope::Mine => (Audience::OwnConversations { agent_id: agent.id }, None),
        AgentScope::Groups => {
            let groups = queue::group_ids_of(services.store.db(), agent.id).await?;
            (Audience::Agent { agent_id: agent.id }, Some(Arc::new(groups.into_iter().collect())))
        }
    };
    open(services, Subject::Agent(agent.id), audience, groups, last_event_id).await
}

pub async fn open_for_customer(
    services: &Services,
    customer_id: Uuid,
    last_event_id: Option<i64>,
) -> Result<OpenStream> {
    open(services, Subject::Customer(customer_id), Audience::Customer { customer_id }, None, last_event_id).await
}

async fn open(
    services: &Services,
    subject: Subject,
    audience: Audience,
    groups: Option<Arc<std::collections::HashSet<Uuid>>>,
    last_event_id: Option<i64>,
) -> Result<OpenStream> {
    let guard = services.presence.connected(subject).await?;
    let mut subscription = services.hub.subscribe(audience).await;
    subscription.groups = groups;
    let shutdown = services.workers.shutdown().clone();
    let db = services.store.db().clone();
    let items = stream::open(db, subscription, shutdown, last_event_id).boxed();
    Ok(OpenStream { items, guard })
}
