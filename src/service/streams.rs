//! Opening event streams for agents and customers; a stream counts towards presence
//! while it is open.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use uuid::Uuid;

use super::presence::{StreamGuard, Subject};
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
            let groups = super::routing::group_ids_of(services.store.db(), agent.id).await?;
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

/// Lets through at most one typing indicator per sender and conversation per interval.
pub struct TypingLimiter {
    interval: Duration,
    last: Mutex<HashMap<(Uuid, Uuid), Instant>>,
}

impl TypingLimiter {
    const PRUNE_AT: usize = 10_000;

    pub fn new(interval: Duration) -> Self {
        Self { interval, last: Mutex::new(HashMap::new()) }
    }

    pub fn allow(&self, conversation_id: Uuid, sender: Uuid) -> bool {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if last.len() > Self::PRUNE_AT {
            last.retain(|_, at| now.duration_since(*at) < self.interval);
        }
        match last.get(&(conversation_id, sender)) {
            Some(at) if now.duration_since(*at) < self.interval => false,
            _ => {
                last.insert((conversation_id, sender), now);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_is_let_through_once_per_interval_per_sender() {
        let limiter = TypingLimiter::new(Duration::from_secs(60));
        let (conversation, ada, grace) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        assert!(limiter.allow(conversation, ada));
        assert!(!limiter.allow(conversation, ada));
        assert!(limiter.allow(conversation, grace));
        assert!(limiter.allow(Uuid::new_v4(), ada));
    }
}
