//! Presence that tells the truth: derived from open streams, not from what clients claim.
//!
//! Each process counts its open streams per agent and customer and keeps a lease row
//! per subject alive while it has any. A customer is online while a lease of any
//! process is alive (a short grace keeps a reload from flapping). An agent whose leases
//! have all been gone for the grace period is set offline by the sweeper, which every
//! process runs; the change goes through a write transaction, so two sweepers agree.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect,
};
use uuid::Uuid;

use super::{Result, Store, conversations};
use crate::domain::Presence;
use crate::entities::{agent, customer, presence_lease};
use crate::events::{self, EventType, Scope};

/// How long a lease outlives the last heartbeat of its process.
const LEASE_TTL_SECS: i64 = 30;
const HEARTBEAT: Duration = Duration::from_secs(10);
/// Open streams one agent or customer may have on one process.
pub const MAX_STREAMS_PER_SUBJECT: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Agent(Uuid),
    Customer(Uuid),
}

impl Subject {
    fn kind(self) -> &'static str {
        match self {
            Self::Agent(_) => "agent",
            Self::Customer(_) => "customer",
        }
    }

    fn id(self) -> Uuid {
        match self {
            Self::Agent(id) | Self::Customer(id) => id,
        }
    }
}

pub struct PresenceTracker {
    store: Store,
    instance_id: Uuid,
    open: Mutex<HashMap<Subject, usize>>,
    agent_grace: Duration,
    customer_grace: Duration,
}

/// Held by an open stream; dropping it counts the stream as gone.
pub struct StreamGuard {
    tracker: Arc<PresenceTracker>,
    subject: Subject,
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.tracker.clone().disconnected(self.subject);
    }
}

impl PresenceTracker {
    pub fn new(store: Store, instance_id: Uuid, agent_grace: Duration, customer_grace: Duration) -> Arc<Self> {
        Arc::new(Self { store, instance_id, open: Mutex::new(HashMap::new()), agent_grace, customer_grace })
    }

    fn open_streams(&self) -> std::sync::MutexGuard<'_, HashMap<Subject, usize>> {
        self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Counts a new stream of `subject`; a customer's first stream makes them online.
    pub async fn connected(self: &Arc<Self>, subject: Subject) -> Result<StreamGuard> {
        let first = {
            let mut open = self.open_streams();
            let count = open.entry(subject).or_insert(0);
            if *count >= MAX_STREAMS_PER_SUBJECT {
                let detail = format!("at most {MAX_STREAMS_PER_SUBJECT} open streams per agent or customer");
                return Err(super::Error::TooMany { code: "too_many_streams", detail });
            }
            *count += 1;
            *count == 1
        };
        let guard = StreamGuard { tracker: self.clone(), subject };
        if first {
            self.renew_lease(subject, 1).await?;
            if let Subject::Customer(id) = subject {
                refresh_customer(&self.store, id).await?;
            }
        }
        Ok(guard)
    }

    fn disconnected(self: Arc<Self>, subject: Subject) {
        let last = {
            let mut open = self.open_streams();
            let count = open.entry(subject).or_insert(1);
            *count = count.saturating_sub(1);
            *count == 0
        };
        if !last {
            return;
        }
        let grace = match subject {
            Subject::Agent(_) => Duration::ZERO,
            Subject::Customer(_) => self.customer_grace,
        };
        tokio::spawn(async move {
            tokio::time::sleep(grace).await;
            let still_gone = self.open_streams().get(&subject).is_none_or(|count| *count == 0);
            if !still_gone {
                return;
            }
            self.open_streams().retain(|_, count| *count > 0);
            if let Err(error) = self.end_lease(subject).await {
                tracing::warn!(%error, "could not end a presence lease; it expires by itself");
            }
            // A stream that opened while the lease was ending renews it.
            let reopened = self.open_streams().get(&subject).copied().unwrap_or(0);
            if reopened > 0
                && let Err(error) = self.renew_lease(subject, reopened).await
            {
                tracing::warn!(%error, "could not renew a presence lease");
            }
            if let Subject::Customer(id) = subject
                && let Err(error) = refresh_customer(&self.store, id).await
            {
                tracing::warn!(%error, "could not update a customer's presence");
            }
        });
    }

    async fn renew_lease(&self, subject: Subject, streams: usize) -> Result<()> {
        let lease = presence_lease::ActiveModel {
            subject_kind: Set(subject.kind().to_owned()),
            subject_id: Set(subject.id()),
            instance_id: Set(self.instance_id),
            streams: Set(i32::try_from(streams).unwrap_or(i32::MAX)),
            expires_at: Set(Utc::now() + chrono::Duration::seconds(LEASE_TTL_SECS)),
        };
        let conflict = OnConflict::columns([
            presence_lease::Column::SubjectKind,
            presence_lease::Column::SubjectId,
            presence_lease::Column::InstanceId,
        ])
        .update_columns([presence_lease::Column::Streams, presence_lease::Column::ExpiresAt])
        .to_owned();
        let _writer = self.store.sqlite_write_lock().await;
        presence_lease::Entity::insert(lease).on_conflict(conflict).exec(self.store.db()).await?;
        Ok(())
    }

    /// Marks the lease as ended now; the row stays as "last seen".
    async fn end_lease(&self, subject: Subject) -> Result<()> {
        let _writer = self.store.sqlite_write_lock().await;
        presence_lease::Entity::update_many()
            .col_expr(presence_lease::Column::Streams, Expr::value(0))
            .col_expr(presence_lease::Column::ExpiresAt, Expr::value(Utc::now()))
            .filter(presence_lease::Column::SubjectKind.eq(subject.kind()))
            .filter(presence_lease::Column::SubjectId.eq(subject.id()))
            .filter(presence_lease::Column::InstanceId.eq(self.instance_id))
            .exec(self.store.db())
            .await?;
        Ok(())
    }

    /// Heartbeats this process's leases and sweeps presence nobody backs, until shutdown.
    pub fn start(self: &Arc<Self>, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        let tracker = self.clone();
        let sweep_every = (self.agent_grace.min(self.customer_grace.max(Duration::from_secs(1))) / 2)
            .clamp(Duration::from_millis(250), Duration::from_secs(5));
        tokio::spawn(async move {
            let mut heartbeat = tokio::time::interval(HEARTBEAT);
            let mut sweep = tokio::time::interval(sweep_every);
            loop {
                tokio::select! {
                    _ = heartbeat.tick() => tracker.heartbeat().await,
                    _ = sweep.tick() => {
                        if let Err(error) = tracker.sweep().await {
                            tracing::warn!(%error, "presence sweep failed");
                        }
                    }
                    _ = shutdown.changed() => return,
                }
            }
        });
    }

    async fn heartbeat(&self) {
        let open: Vec<(Subject, usize)> =
            self.open_streams().iter().filter(|(_, count)| **count > 0).map(|(s, c)| (*s, *c)).collect();
        for (subject, streams) in open {
            if let Err(error) = self.renew_lease(subject, streams).await {
                tracing::warn!(%error, "could not renew a presence lease");
            }
            if let Subject::Customer(id) = subject
                && let Err(error) = refresh_customer(&self.store, id).await
            {
                tracing::warn!(%error, "could not update a customer's presence");
            }
        }
    }

    async fn sweep(&self) -> Result<()> {
        let now = Utc::now();
        let grace = crate::domain::chrono_duration(self.agent_grace);
        let claimed_present = agent::Entity::find()
            .filter(agent::Column::Presence.ne(Presence::Offline.as_str()))
            .filter(agent::Column::PresenceChangedAt.lt(now - grace))
            .all(self.store.db())
            .await?;
        for agent in claimed_present {
            let backed_until = last_lease_expiry(self.store.db(), Subject::Agent(agent.id)).await?;
            if backed_until.is_none_or(|until| until < now - grace) {
                set_agent_offline(&self.store, agent.id, now - grace).await?;
            }
        }
        let online_customers: Vec<Uuid> = customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .filter(customer::Column::Online.eq(true))
            .into_tuple()
            .all(self.store.db())
            .await?;
        for id in online_customers {
            refresh_customer(&self.store, id).await?;
        }
        Ok(())
    }
}

async fn last_lease_expiry(conn: &impl ConnectionTrait, subject: Subject) -> Result<Option<chrono::DateTime<Utc>>> {
    let leases = presence_lease::Entity::find()
        .filter(presence_lease::Column::SubjectKind.eq(subject.kind()))
        .filter(presence_lease::Column::SubjectId.eq(subject.id()))
        .all(conn)
        .await?;
    Ok(leases.into_iter().map(|lease| lease.expires_at).max())
}

async fn lease_alive(conn: &impl ConnectionTrait, subject: Subject) -> Result<bool> {
    Ok(last_lease_expiry(conn, subject).await?.is_some_and(|until| until > Utc::now()))
}

/// Sets an agent offline unless their presence changed after `unchanged_since`.
async fn set_agent_offline(store: &Store, agent_id: Uuid, unchanged_since: chrono::DateTime<Utc>) -> Result<()> {
    let txn = store.write().await?;
    let Some(agent) = agent::Entity::find_by_id(agent_id).one(&*txn).await? else { return Ok(()) };
    if agent.presence == Presence::Offline.as_str() || agent.presence_changed_at >= unchanged_since {
        return Ok(());
    }
    let backed_until = last_lease_expiry(&*txn, Subject::Agent(agent_id)).await?;
    if backed_until.is_some_and(|until| until >= unchanged_since) {
        return Ok(());
    }
    let name = agent.name.clone();
    let mut model = agent.into_active_model();
    model.presence = Set(Presence::Offline.as_str().to_owned());
    model.presence_changed_at = Set(Utc::now());
    model.update(&*txn).await?;
    let payload = serde_json::json!({"agent_id": agent_id, "name": name, "presence": Presence::Offline, "reason": "no_open_stream"});
    events::record(&*txn, EventType::AgentPresenceChanged, Scope::default(), &payload).await?;
    txn.commit().await?;
    tracing::info!(%agent_id, "set an agent offline: no open stream for the grace period");
    Ok(())
}

/// Brings a customer's online flag in line with the leases, recording the change.
pub async fn refresh_customer(store: &Store, customer_id: Uuid) -> Result<()> {
    // A look without the write lock first: most refreshes change nothing.
    let Some(customer) = customer::Entity::find_by_id(customer_id).one(store.db()).await? else { return Ok(()) };
    if customer.online == lease_alive(store.db(), Subject::Customer(customer_id)).await? {
        return Ok(());
    }
    let txn = store.write().await?;
    let backed = lease_alive(&*txn, Subject::Customer(customer_id)).await?;
    let Some(customer) = customer::Entity::find_by_id(customer_id).one(&*txn).await? else { return Ok(()) };
    if customer.online == backed {
        return Ok(());
    }
    let mut model = customer.into_active_model();
    model.online = Set(backed);
    model.update(&*txn).await?;
    let conversation_id = conversations::open_of(&*txn, customer_id).await?.map(|row| row.id);
    let payload = serde_json::json!({"customer_id": customer_id, "conversation_id": conversation_id, "online": backed});
    let scope = Scope { conversation_id, customer_id: Some(customer_id) };
    events::record(&*txn, EventType::CustomerPresenceChanged, scope, &payload).await?;
    txn.commit().await?;
    Ok(())
}
