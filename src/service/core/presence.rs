//! Presence that tells the truth: derived from open streams, not from what clients claim.
//!
//! Each process counts its open streams per agent and customer and keeps a lease row
//! per subject alive while it has any. A customer is online while a lease of any
//! process is alive; when their last stream closes, the lease ends after a short grace
//! (so a reload does not flap). An agent whose leases have all been gone for the grace
//! period is set offline by the sweep, which every process runs; the change goes through
//! a write transaction, so two sweeps agree.
//!
//! The tracker's work runs in rounds ([`PresenceTracker::round`]), once a second by the
//! presence worker. So an agent without a stream goes offline within grace + one second
//! of the server noticing the stream is gone, which it does at the latest with the next
//! keep-alive it writes.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::LockType;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::record::{self, Change};
use super::{Error, Result, chats};
use crate::db::entities::{agent, customer, presence_lease};
use crate::db::{ROWS_PER_STATEMENT, Store};
use crate::domain::{Presence, chrono_duration};
use crate::events::Scope;
use crate::wire::{AgentPresenceChange, CustomerPresenceChange, PresenceChangeReason};

/// How long a lease outlives the last heartbeat of its process.
const LEASE_TTL: Duration = Duration::from_secs(30);
const HEARTBEAT: Duration = Duration::from_secs(10);
/// How often the customers' online flags are checked against every process's leases.
/// Each check reads every online customer; the customers of this process are set
/// offline by the round that ends their lease, so the check only catches the leases of
/// a process that went away, which last [`LEASE_TTL`] anyway.
const CUSTOMER_SWEEP: Duration = Duration::from_secs(5);
/// How often the presence worker runs a round.
pub const ROUND: Duration = Duration::from_secs(1);
/// Open streams one agent or customer may have on one process.
pub const MAX_STREAMS_PER_SUBJECT: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Subject {
    Agent(Uuid),
    Customer(Uuid),
}

impl Subject {
    const AGENT: &'static str = "agent";
    const CUSTOMER: &'static str = "customer";

    fn kind(self) -> &'static str {
        match self {
            Self::Agent(_) => Self::AGENT,
            Self::Customer(_) => Self::CUSTOMER,
        }
    }

    fn id(self) -> Uuid {
        match self {
            Self::Agent(id) | Self::Customer(id) => id,
        }
    }

    fn customer(self) -> Option<Uuid> {
        match self {
            Self::Agent(_) => None,
            Self::Customer(id) => Some(id),
        }
    }
}

/// This process's streams of one subject.
#[derive(Debug, Default)]
struct Local {
    streams: usize,
    /// When the last stream closed, while none is open.
    gone_since: Option<DateTime<Utc>>,
}

/// First streams waiting for their lease: whoever gets the turn writes the leases of
/// all that wait, so a reconnect storm costs a few writes, not one per stream.
#[derive(Default)]
struct Arrivals {
    /// The batch now filling (its number) and its subjects.
    filling: Mutex<(u64, Vec<Subject>)>,
    /// The turn to write; holds the number of the first batch not written yet.
    turn: tokio::sync::Mutex<u64>,
}

pub struct PresenceTracker {
    store: Store,
    instance_id: Uuid,
    local: Mutex<HashMap<Subject, Local>>,
    arrivals: Arrivals,
    last_heartbeat: Mutex<Option<DateTime<Utc>>>,
    last_customer_sweep: Mutex<Option<DateTime<Utc>>>,
    agent_grace: Duration,
    customer_grace: Duration,
    /// How many streams have closed since the start.
    closed: watch::Sender<u64>,
}

/// Held by an open stream; dropping it counts the stream as gone.
pub struct StreamGuard {
    tracker: Arc<PresenceTracker>,
    subject: Subject,
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        metrics::gauge!("livechat_streams_open", "kind" => self.subject.kind()).decrement(1.0);
        let mut local = self.tracker.local();
        if let Some(entry) = local.get_mut(&self.subject) {
            entry.streams = entry.streams.saturating_sub(1);
            if entry.streams == 0 {
                entry.gone_since = Some(Utc::now());
            }
        }
        drop(local);
        self.tracker.closed.send_modify(|closed| *closed += 1);
    }
}

impl PresenceTracker {
    pub fn new(store: Store, instance_id: Uuid, agent_grace: Duration, customer_grace: Duration) -> Arc<Self> {
        Arc::new(Self {
            store,
            instance_id,
            local: Mutex::new(HashMap::new()),
            arrivals: Arrivals::default(),
            last_heartbeat: Mutex::new(None),
            last_customer_sweep: Mutex::new(None),
            agent_grace,
            customer_grace,
            closed: watch::Sender::new(0),
        })
    }

    /// The number of streams closed so far, which changes as soon as the server learns
    /// that a stream is gone (when writing to it fails, at the latest on its keep-alive).
    pub fn closed_streams(&self) -> watch::Receiver<u64> {
        self.closed.subscribe()
    }

    fn local(&self) -> MutexGuard<'_, HashMap<Subject, Local>> {
        self.local.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Counts a new stream of `subject`. The first one (or the first back within the
    /// grace, whose lease may have run out meanwhile) renews the lease, and makes a
    /// customer online, before it returns.
    pub async fn connected(self: &Arc<Self>, subject: Subject) -> Result<StreamGuard> {
        let first = {
            let mut local = self.local();
            let entry = local.entry(subject).or_default();
            if entry.streams >= MAX_STREAMS_PER_SUBJECT {
                return Err(Error::TooManyStreams(MAX_STREAMS_PER_SUBJECT));
            }
            entry.streams += 1;
            entry.gone_since = None;
            entry.streams == 1
        };
        let guard = StreamGuard { tracker: self.clone(), subject };
        metrics::gauge!("livechat_streams_open", "kind" => subject.kind()).increment(1.0);
        if first {
            self.arrive(subject).await?;
        }
        Ok(guard)
    }

    /// Waits until the lease of `subject` is written, writing it together with those of
    /// every other first stream waiting when this one gets the turn.
    async fn arrive(&self, subject: Subject) -> Result<()> {
        let batch = {
            let mut filling = self.arrivals.filling.lock().unwrap_or_else(PoisonError::into_inner);
            filling.1.push(subject);
            filling.0
        };
        let mut unwritten = self.arrivals.turn.lock().await;
        if *unwritten > batch {
            return Ok(());
        }
        let subjects = {
            let mut filling = self.arrivals.filling.lock().unwrap_or_else(PoisonError::into_inner);
            filling.0 += 1;
            std::mem::take(&mut filling.1)
        };
        match self.write_arrivals(&subjects).await {
            Ok(()) => {
                *unwritten = batch + 1;
                Ok(())
            }
            Err(error) => {
                // Those who wait in this batch write their own next.
                self.arrivals.filling.lock().unwrap_or_else(PoisonError::into_inner).1.extend(subjects);
                Err(error)
            }
        }
    }

    /// Renews the leases of `subjects` in one write and brings their customers online.
    async fn write_arrivals(&self, subjects: &[Subject]) -> Result<()> {
        let now = Utc::now();
        let leases: Vec<presence_lease::ActiveModel> = {
            let local = self.local();
            let streams = |subject: &Subject| local.get(subject).map_or(1, |entry| entry.streams.max(1));
            subjects.iter().map(|subject| self.lease(*subject, streams(subject), now)).collect()
        };
        let txn = self.store.write().await?;
        for chunk in leases.chunks(ROWS_PER_STATEMENT) {
            let renew = presence_lease::Entity::insert_many(chunk.iter().cloned()).on_conflict(lease_conflict());
            renew.exec_without_returning(&*txn).await?;
        }
        txn.commit().await?;
        let customers: Vec<Uuid> = subjects.iter().filter_map(|subject| subject.customer()).collect();
        refresh_customers(&self.store, &customers, now).await
    }

    /// Runs rounds until `shutdown`: the presence worker.
    pub async fn run(&self, shutdown: CancellationToken) {
        let mut every = tokio::time::interval(ROUND);
        loop {
            tokio::select! {
                _ = every.tick() => {
                    if let Err(error) = self.round(Utc::now()).await {
                        tracing::warn!(%error, "presence round failed");
                    }
                }
                () = shutdown.cancelled() => return,
            }
        }
    }

    /// One round at `now`: renews this process's leases when a heartbeat is due, ends
    /// the leases of subjects gone for their grace, and sets offline whoever no lease
    /// backs any more.
    pub async fn round(&self, now: DateTime<Utc>) -> Result<()> {
        self.heartbeat(now).await?;
        self.end_gone(now).await?;
        self.sweep(now).await
    }

    /// Renews every lease of this process, in one write, when a heartbeat is due.
    async fn heartbeat(&self, now: DateTime<Utc>) -> Result<()> {
        if !due(&self.last_heartbeat, now, HEARTBEAT) {
            return Ok(());
        }
        let (open, known) = {
            let local = self.local();
            let open: Vec<presence_lease::ActiveModel> = local
                .iter()
                .filter(|(_, local)| local.streams > 0)
                .map(|(subject, local)| self.lease(*subject, local.streams, now))
                .collect();
            (open, local.len())
        };
        if open.is_empty() {
            return Ok(());
        }
        // One statement extends every lease of this process; only when a subject here
        // has no lease row (a first stream whose lease is being written) are they all
        // written out.
        let txn = self.store.write().await?;
        let extended = presence_lease::Entity::update_many()
            .col_expr(presence_lease::Column::ExpiresAt, Expr::value(now + chrono_duration(LEASE_TTL)))
            .filter(presence_lease::Column::InstanceId.eq(self.instance_id))
            .filter(presence_lease::Column::Streams.gt(0))
            .exec(&*txn)
            .await?
            .rows_affected;
        if extended < known as u64 {
            for chunk in open.chunks(ROWS_PER_STATEMENT) {
                let renew = presence_lease::Entity::insert_many(chunk.iter().cloned()).on_conflict(lease_conflict());
                renew.exec_without_returning(&*txn).await?;
            }
        }
        txn.commit().await?;
        Ok(())
    }

    /// Ends the lease of every subject whose last stream here closed a grace ago.
    async fn end_gone(&self, now: DateTime<Utc>) -> Result<()> {
        let gone: Vec<(Subject, DateTime<Utc>)> = {
            let mut local = self.local();
            let due: Vec<(Subject, DateTime<Utc>)> = local
                .iter()
                .filter_map(|(subject, entry)| Some((*subject, entry.gone_since?)))
                .filter(|(subject, since)| *since + chrono_duration(self.lease_grace(*subject)) <= now)
                .collect();
            for (subject, _) in &due {
                local.remove(subject);
            }
            due
        };
        if gone.is_empty() {
            return Ok(());
        }
        let txn = self.store.write().await?;
        for (subject, since) in &gone {
            self.end_lease(&*txn, *subject, *since).await?;
        }
        txn.commit().await?;
        // A stream that opened while the leases were ending renews its own.
        let reopened: Vec<(Subject, usize)> = {
            let local = self.local();
            gone.iter().filter_map(|(subject, _)| Some((*subject, local.get(subject)?.streams))).collect()
        };
        for (subject, streams) in reopened.into_iter().filter(|(_, streams)| *streams > 0) {
            self.renew_lease(subject, streams, now).await?;
        }
        let customers: Vec<Uuid> = gone.iter().filter_map(|(subject, _)| subject.customer()).collect();
        refresh_customers(&self.store, &customers, now).await
    }

    /// How long a subject's lease outlives its last stream here: customers keep theirs
    /// for the grace, agents' grace counts from the lease's end.
    fn lease_grace(&self, subject: Subject) -> Duration {
        match subject {
            Subject::Agent(_) => Duration::ZERO,
            Subject::Customer(_) => self.customer_grace,
        }
    }

    fn lease(&self, subject: Subject, streams: usize, now: DateTime<Utc>) -> presence_lease::ActiveModel {
        presence_lease::ActiveModel {
            subject_kind: Set(subject.kind().to_owned()),
            subject_id: Set(subject.id()),
            instance_id: Set(self.instance_id),
            streams: Set(i32::try_from(streams).unwrap_or(i32::MAX)),
            expires_at: Set(now + chrono_duration(LEASE_TTL)),
        }
    }

    async fn renew_lease(&self, subject: Subject, streams: usize, now: DateTime<Utc>) -> Result<()> {
        let txn = self.store.write().await?;
        let renew = presence_lease::Entity::insert(self.lease(subject, streams, now)).on_conflict(lease_conflict());
        renew.exec_without_returning(&*txn).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Marks the lease as ended at `at`; the row stays as "last seen".
    async fn end_lease(&self, conn: &impl ConnectionTrait, subject: Subject, at: DateTime<Utc>) -> Result<()> {
        presence_lease::Entity::update_many()
            .col_expr(presence_lease::Column::Streams, Expr::value(0))
            .col_expr(presence_lease::Column::ExpiresAt, Expr::value(at))
            .filter(presence_lease::Column::SubjectKind.eq(subject.kind()))
            .filter(presence_lease::Column::SubjectId.eq(subject.id()))
            .filter(presence_lease::Column::InstanceId.eq(self.instance_id))
            .exec(conn)
            .await?;
        Ok(())
    }

    /// Sets offline the agents no lease backed for the grace period, and (every
    /// [`CUSTOMER_SWEEP`]) brings the customers whose online flag disagrees with the
    /// leases in line: one query each, however many subjects are online.
    async fn sweep(&self, now: DateTime<Utc>) -> Result<()> {
        let cutoff = now - chrono_duration(self.agent_grace);
        let unbacked: Vec<Uuid> = agent::Entity::find()
            .select_only()
            .column(agent::Column::Id)
            .filter(agent::Column::Presence.ne(Presence::Offline))
            .filter(agent::Column::PresenceChangedAt.lt(cutoff))
            .filter(agent::Column::Id.not_in_subquery(leased(Subject::AGENT, cutoff, true)))
            .into_tuple()
            .all(self.store.db())
            .await?;
        for agent_id in unbacked {
            set_agent_offline(&self.store, agent_id, cutoff).await?;
        }
        if !due(&self.last_customer_sweep, now, CUSTOMER_SWEEP) {
            return Ok(());
        }
        // Online customers no live lease backs, then live leases of offline customers:
        // both follow the indexes, so the cost is that of the customers online. (`NOT
        // IN`, not a correlated `NOT EXISTS`: SQLite would probe the expiry index with
        // every online customer and scan every live lease each time.)
        let live = leased(Subject::CUSTOMER, now, false);
        let mut disagreeing: Vec<Uuid> = customer::Entity::find()
            .select_only()
            .column(customer::Column::Id)
            .filter(customer::Column::Online.eq(true))
            .filter(customer::Column::Id.not_in_subquery(live))
            .into_tuple()
            .all(self.store.db())
            .await?;
        let offline = Query::select()
            .expr(Expr::val(1))
            .from(customer::Entity)
            .and_where(
                Expr::col(customer_id_column()).equals((presence_lease::Entity, presence_lease::Column::SubjectId)),
            )
            .and_where(Expr::col((customer::Entity, customer::Column::Online)).eq(false))
            .to_owned();
        let backed_offline: Vec<Uuid> = presence_lease::Entity::find()
            .select_only()
            .column(presence_lease::Column::SubjectId)
            .distinct()
            .filter(presence_lease::Column::SubjectKind.eq(Subject::CUSTOMER))
            .filter(presence_lease::Column::ExpiresAt.gt(now))
            .filter(Expr::exists(offline))
            .into_tuple()
            .all(self.store.db())
            .await?;
        disagreeing.extend(backed_offline);
        refresh_customers(&self.store, &disagreeing, now).await
    }
}

/// Whether `every` has passed since `last` (then it is `now`): a periodic part of the
/// round is due.
fn due(last: &Mutex<Option<DateTime<Utc>>>, now: DateTime<Utc>, every: Duration) -> bool {
    let mut last = last.lock().unwrap_or_else(PoisonError::into_inner);
    if last.is_some_and(|at| now - at < chrono_duration(every)) {
        return false;
    }
    *last = Some(now);
    true
}

fn lease_conflict() -> OnConflict {
    OnConflict::columns([
        presence_lease::Column::SubjectKind,
        presence_lease::Column::SubjectId,
        presence_lease::Column::InstanceId,
    ])
    .update_columns([presence_lease::Column::Streams, presence_lease::Column::ExpiresAt])
    .to_owned()
}

fn customer_id_column() -> (customer::Entity, customer::Column) {
    (customer::Entity, customer::Column::Id)
}

/// The subjects of `kind` with a lease that lasts past `at` (or reaches `at`, with
/// `inclusive`).
fn leased(kind: &str, at: DateTime<Utc>, inclusive: bool) -> SelectStatement {
    let expires = Expr::col((presence_lease::Entity, presence_lease::Column::ExpiresAt));
    Query::select()
        .column(presence_lease::Column::SubjectId)
        .from(presence_lease::Entity)
        .and_where(Expr::col((presence_lease::Entity, presence_lease::Column::SubjectKind)).eq(kind))
        .and_where(if inclusive { expires.gte(at) } else { expires.gt(at) })
        .to_owned()
}

/// When the last lease of `subject` ends, its leases locked (by instance) until the
/// transaction ends: a heartbeat renewing one waits for what was decided from it.
async fn last_lease_expiry(conn: &impl ConnectionTrait, subject: Subject) -> Result<Option<DateTime<Utc>>> {
    let leases = presence_lease::Entity::find()
        .filter(presence_lease::Column::SubjectKind.eq(subject.kind()))
        .filter(presence_lease::Column::SubjectId.eq(subject.id()))
        .order_by_asc(presence_lease::Column::InstanceId)
        .lock(LockType::NoKeyUpdate)
        .all(conn)
        .await?;
    Ok(leases.into_iter().map(|lease| lease.expires_at).max())
}

/// Sets an agent offline unless their presence changed, or a lease backed them, after
/// `unchanged_since`.
async fn set_agent_offline(store: &Store, agent_id: Uuid, unchanged_since: DateTime<Utc>) -> Result<()> {
    let txn = store.write().await?;
    // Locked before its leases: a presence the agent sets meanwhile is not overwritten.
    let Some(agent) = agent::Entity::find_by_id(agent_id).lock(LockType::NoKeyUpdate).one(&*txn).await? else {
        return Ok(());
    };
    if agent.presence == Presence::Offline || agent.presence_changed_at >= unchanged_since {
        return Ok(());
    }
    let backed_until = last_lease_expiry(&*txn, Subject::Agent(agent_id)).await?;
    if backed_until.is_some_and(|until| until >= unchanged_since) {
        return Ok(());
    }
    let name = agent.name.clone();
    let mut model = agent.into_active_model();
    model.presence = Set(Presence::Offline);
    model.presence_changed_at = Set(Utc::now());
    model.update(&*txn).await?;
    let change = AgentPresenceChange {
        agent_id,
        name,
        presence: Presence::Offline.into(),
        reason: Some(PresenceChangeReason::NoOpenStream),
    };
    record::record(&*txn, Scope::default(), Change::AgentPresenceChanged(&change)).await?;
    txn.commit().await?;
    tracing::info!(%agent_id, "set an agent offline: no open stream for the grace period");
    Ok(())
}

/// Brings the online flags of `ids` in line with the leases at `now`, in one write with
/// a `customer.presence_changed` for each change. A look without the write turn comes
/// first: most refreshes change nothing.
pub async fn refresh_customers(store: &Store, ids: &[Uuid], now: DateTime<Utc>) -> Result<()> {
    for chunk in ids.chunks(ROWS_PER_STATEMENT) {
        if changes_of(store.db(), chunk, now, false).await?.is_empty() {
            continue;
        }
        let txn = store.write().await?;
        let changes = changes_of(&*txn, chunk, now, true).await?;
        for online in [true, false] {
            let ids: Vec<Uuid> = changes.iter().filter(|(_, backed)| *backed == online).map(|(id, _)| *id).collect();
            if !ids.is_empty() {
                customer::Entity::update_many()
                    .col_expr(customer::Column::Online, Expr::value(online))
                    .filter(customer::Column::Id.is_in(ids))
                    .exec(&*txn)
                    .await?;
            }
        }
        let changed: Vec<Uuid> = changes.iter().map(|(id, _)| *id).collect();
        let open = chats::open_of_each(&*txn, &changed).await?;
        let events: Vec<(Scope, CustomerPresenceChange)> = changes
            .iter()
            .map(|(customer_id, online)| {
                let conversation_id = open.get(customer_id).copied();
                let change = CustomerPresenceChange { customer_id: *customer_id, conversation_id, online: *online };
                (Scope { conversation_id, ..Scope::customer(*customer_id) }, change)
            })
            .collect();
        let recorded = events.iter().map(|(scope, change)| (*scope, Change::CustomerPresenceChanged(change))).collect();
        record::record_all(&*txn, recorded).await?;
        txn.commit().await?;
    }
    Ok(())
}

/// The customers among `ids` whose online flag differs from whether a lease of theirs
/// lives at `now`, with the flag they should have. With `lock` (in the write that flips
/// them) their rows are locked, in id order, before the leases are read: two refreshes
/// of one customer take turns, and the second finds the flag the first set.
async fn changes_of(
    conn: &impl ConnectionTrait,
    ids: &[Uuid],
    now: DateTime<Utc>,
    lock: bool,
) -> Result<Vec<(Uuid, bool)>> {
    let mut flags = customer::Entity::find()
        .select_only()
        .column(customer::Column::Id)
        .column(customer::Column::Online)
        .filter(customer::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(customer::Column::Id);
    if lock {
        flags = flags.lock(LockType::NoKeyUpdate);
    }
    let flags: Vec<(Uuid, bool)> = flags.into_tuple().all(conn).await?;
    let live: HashSet<Uuid> = presence_lease::Entity::find()
        .select_only()
        .column(presence_lease::Column::SubjectId)
        .filter(presence_lease::Column::SubjectKind.eq(Subject::CUSTOMER))
        .filter(presence_lease::Column::SubjectId.is_in(ids.iter().copied()))
        .filter(presence_lease::Column::ExpiresAt.gt(now))
        .into_tuple()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    Ok(flags
        .into_iter()
        .filter(|(id, online)| *online != live.contains(id))
        .map(|(id, online)| (id, !online))
        .collect())
}
