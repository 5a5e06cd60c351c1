//! Fan-out of the event log inside one process, and across processes on PostgreSQL.
//!
//! One tailer per process reads new rows of the log (woken by local commits, by
//! PostgreSQL `NOTIFY` from other processes, or by a poll when a notification was
//! missed) and hands each to the streams of its audience only: the streams of its
//! customer, and every agent stream (agents follow the whole Live list), except that a
//! conversation's chat (messages, seen marks, typing) reaches the `scope=mine` streams of
//! its own agent only. Ephemeral events (typing) are not stored; they travel the same
//! way and by `NOTIFY`.
//!
//! Streams resume by event id, so the log is read in id order and never past an id a
//! transaction still running could commit under. On SQLite writes are serialised and
//! ids commit in order: every committed row is final. On PostgreSQL writers run side by
//! side, so a row with id 11 can commit while id 10's transaction still runs; the tailer
//! reads only up to the *horizon*, an id at or under which nothing can still appear, and
//! moves it on like this. Every write transaction takes its transaction id before it
//! allocates an event id (`db::Store::write`). Each round of the tailer reads, in one
//! statement on a connection of its own, the snapshot's `xmin` (the oldest transaction
//! still running), then the event sequence's last value `L`, then a new transaction id
//! `B` of its own (after `L` was read; given in a transaction that commits at once,
//! without waiting for the disk). Whoever allocated an id ≤ `L` had taken its
//! transaction id before `B` was given, so it is below `B`. Once a later round's `xmin`
//! reaches `B`, all of them have ended, committed or not, and every id ≤ `L` that will
//! ever exist is visible: the horizon becomes `L`. A transaction that commits late only
//! holds the horizon back; it is never skipped, and nothing under the horizon is read
//! twice. Streams replaying the log stop at the horizon too, which is published before
//! the events under it are handed out. While the horizon trails the sequence, the tailer
//! runs a round every [`HORIZON_POLL`] without waiting for a wake.
//!
//! A new stream begins after every event this process has committed: it waits for the
//! tailer to hand those out (a commit counter tells when), instead of reading the log.
//!
//! Each stream has a small queue. A stream whose client does not keep up finds its
//! queue full; it is marked behind and catches up from the log instead of being
//! buffered without bound.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use sea_orm::{ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use tokio::sync::{Notify, mpsc, watch};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::{EventRecord, sse_frame};
use crate::db::entities::event;
use crate::db::{COMMIT_CHANNEL, Commits};
use crate::domain::{EventType, Sight};

/// PostgreSQL channel carrying ephemeral events between processes.
pub const EPHEMERAL_CHANNEL: &str = "livechat_ephemeral";
const POLL_INTERVAL: Duration = Duration::from_secs(1);
/// How soon the tailer looks again while the horizon trails allocated event ids.
const HORIZON_POLL: Duration = Duration::from_millis(1);
const TAIL_BATCH: u64 = 1000;
/// How long a new stream waits at most for the tailer to hand out earlier commits.
const CATCH_UP_WAIT: Duration = Duration::from_secs(2);
/// Deliveries a stream may have waiting before it is marked behind: a busy agent
/// stream gets every event of the server, so a fraction of a second of them.
pub(crate) const STREAM_QUEUE: usize = 1024;

/// The kinds of event that are delivered live and never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EphemeralType {
    Typing,
    /// What an agent sees changed (their groups or role): their streams end with
    /// `stream.reconnect`, and the next one is opened with the new sight. Never sent.
    SightChanged,
}

impl EphemeralType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Typing => "typing",
            Self::SightChanged => "sight_changed",
        }
    }
}

impl EphemeralEvent {
    /// Tells the streams of `agent_id`, in every process, that what the agent sees changed.
    pub fn sight_changed(agent_id: Uuid) -> Self {
        Self {
            event_type: EphemeralType::SightChanged,
            conversation_id: None,
            customer_id: None,
            agent_id: Some(agent_id),
            group_id: None,
            origin: None,
            payload: serde_json::Value::Null,
        }
    }
}

/// An event that is delivered live and never stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EphemeralEvent {
    pub event_type: EphemeralType,
    pub conversation_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    /// The conversation's agent, for `scope=mine` agent streams.
    #[serde(default)]
    pub agent_id: Option<Uuid>,
    /// The conversation's group, for `scope=groups` agent streams.
    #[serde(default)]
    pub group_id: Option<Uuid>,
    /// Who caused it, so their own streams can skip it.
    pub origin: Option<Uuid>,
    pub payload: serde_json::Value,
}

/// An ephemeral event with its SSE message, built once.
#[derive(Debug)]
pub struct Ephemeral {
    pub event: EphemeralEvent,
    pub frame: Bytes,
}

impl From<EphemeralEvent> for Ephemeral {
    fn from(event: EphemeralEvent) -> Self {
        let frame = sse_frame(event.event_type.as_str(), None, &event.payload);
        Self { event, frame }
    }
}

#[derive(Debug, Clone)]
pub enum Delivery {
    Stored(Arc<EventRecord>),
    Ephemeral(Arc<Ephemeral>),
}

impl Delivery {
    fn customer_id(&self) -> Option<Uuid> {
        match self {
            Self::Stored(record) => record.scope.customer_id,
            Self::Ephemeral(ephemeral) => ephemeral.event.customer_id,
        }
    }

    /// The agent of a conversation's chat event (a message, a seen mark, typing); `None`
    /// for Live list events, which every agent stream carries.
    fn chat_of(&self) -> Option<Option<Uuid>> {
        match self {
            Self::Stored(record) if EventType::CHAT.contains(&record.event_type) => Some(record.scope.agent_id),
            Self::Stored(_) => None,
            Self::Ephemeral(ephemeral) => Some(ephemeral.event.agent_id),
        }
    }
}

#[derive(Serialize, Deserialize)]
struct EphemeralEnvelope {
    instance: Uuid,
    event: EphemeralEvent,
}

/// Whose events a stream carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Agents: the Live list and every conversation's events.
    Agent { agent_id: Uuid },
    /// Agents with `scope=mine`: the Live list, and the chat (messages, seen marks,
    /// typing) of their own conversations only.
    OwnConversations { agent_id: Uuid },
    /// A customer: the events of their own conversations.
    Customer { customer_id: Uuid },
}

impl Audience {
    /// The agent whose stream this is.
    pub fn agent_id(self) -> Option<Uuid> {
        match self {
            Self::Agent { agent_id } | Self::OwnConversations { agent_id } => Some(agent_id),
            Self::Customer { .. } => None,
        }
    }
}

/// One stream's place in the hub.
struct Route {
    queue: mpsc::Sender<Delivery>,
    behind: Arc<AtomicBool>,
}

impl Route {
    fn offer(&self, delivery: &Delivery) {
        if let Err(mpsc::error::TrySendError::Full(_)) = self.queue.try_send(delivery.clone()) {
            self.behind.store(true, Ordering::Release);
        }
    }
}

/// Streams by whose they are.
type Keyed = HashMap<Uuid, HashMap<u64, Route>>;

#[derive(Default)]
struct Routes {
    agents: HashMap<u64, Route>,
    /// `scope=mine` agent streams, by agent.
    own: Keyed,
    customers: Keyed,
}

impl Routes {
    fn keyed(&mut self, audience: Audience) -> Option<(&mut Keyed, Uuid)> {
        match audience {
            Audience::Agent { .. } => None,
            Audience::OwnConversations { agent_id } => Some((&mut self.own, agent_id)),
            Audience::Customer { customer_id } => Some((&mut self.customers, customer_id)),
        }
    }
}

pub struct Hub {
    instance_id: Uuid,
    /// This process's commits, which wake the tailer.
    commits: Arc<Commits>,
    /// Wakes the tailer when another process commits.
    wake: Notify,
    /// How many of this process's commits the tailer has handed out.
    tailed_commits: watch::Sender<u64>,
    routes: Mutex<Routes>,
    next_route: AtomicU64,
    /// Subscriptions ended since the process started.
    ended: AtomicU64,
    /// The newest event handed out; a restarted tailer goes on from here.
    tail_id: AtomicI64,
    /// The id at or under which no new event can appear (see the module's notes), and
    /// which the tailer has handed out: streams replay the log through it.
    horizon: AtomicI64,
}

/// The horizon's bookkeeping: ids allocated, waiting for the transactions that may
/// still write them to end.
#[derive(Default)]
struct Horizon {
    waiting: std::collections::VecDeque<Mark>,
}

/// Ids through `allocated` are final once the oldest running transaction is at
/// `until_xmin`; `commits` of this process were counted before they were read.
struct Mark {
    allocated: i64,
    commits: u64,
    until_xmin: i64,
}

/// What a round of the tailer may do: hand out the log through `through`, and tell new
/// streams that the process's first `tailed` commits are handed out.
#[derive(Debug, PartialEq, Eq)]
struct Step {
    through: i64,
    tailed: Option<u64>,
}

impl Horizon {
    /// One round's reading of the clock, with the horizon at `through` and this
    /// process's commit count read just before.
    fn advance(&mut self, through: i64, clock: &Clock, commits: u64) -> Step {
        let mut step = Step { through, tailed: None };
        while let Some(mark) = self.waiting.front().filter(|mark| mark.until_xmin <= clock.xmin) {
            step = Step { through: step.through.max(mark.allocated), tailed: Some(mark.commits) };
            self.waiting.pop_front();
        }
        let newest = self.waiting.back().map_or(step.through, |mark| mark.allocated.max(step.through));
        if clock.allocated > newest {
            self.waiting.push_back(Mark { allocated: clock.allocated, commits, until_xmin: clock.next_xid });
        } else if self.waiting.is_empty() {
            // Everything allocated is under the horizon, this process's commits too.
            step.tailed = Some(commits);
        }
        step
    }

    /// Whether ids were allocated that the horizon has not reached yet.
    fn trails(&self) -> bool {
        !self.waiting.is_empty()
    }
}

/// A stream's subscription: its deliveries, until it is dropped.
pub struct Subscription {
    hub: Arc<Hub>,
    route: u64,
    pub audience: Audience,
    deliveries: mpsc::Receiver<Delivery>,
    behind: Arc<AtomicBool>,
    /// The newest event handed out when the subscription began: every later one comes
    /// through it.
    pub from: i64,
    /// Agent streams: only the events of conversations their agent sees.
    pub sight: Sight,
}

impl Subscription {
    /// The next delivery; `None` if the hub is gone.
    pub async fn recv(&mut self) -> Option<Delivery> {
        self.deliveries.recv().await
    }

    /// The newest id the log may be read through: nothing can still appear under it.
    pub fn readable_through(&self) -> i64 {
        self.hub.horizon.load(Ordering::Acquire)
    }

    /// Whether deliveries were dropped since the last call because the queue was full:
    /// the stream must catch up from the log.
    pub fn fell_behind(&self) -> bool {
        self.behind.swap(false, Ordering::AcqRel)
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.hub.ended.fetch_add(1, Ordering::Relaxed);
        let mut routes = self.hub.routes();
        match routes.keyed(self.audience) {
            None => {
                routes.agents.remove(&self.route);
            }
            Some((keyed, key)) => {
                if let Some(streams) = keyed.get_mut(&key) {
                    streams.remove(&self.route);
                    if streams.is_empty() {
                        keyed.remove(&key);
                    }
                }
            }
        }
    }
}

impl Hub {
    /// A hub whose tailer starts after event `tail_from` (the newest when the process
    /// starts, read before any stream opens, so a stream's replay and the deliveries
    /// always meet; on PostgreSQL a horizon, [`initial_horizon`]) and follows `commits`.
    pub fn new(commits: Arc<Commits>, tail_from: i64) -> Arc<Self> {
        let tailed = commits.count();
        Arc::new(Self {
            instance_id: Uuid::new_v4(),
            commits,
            wake: Notify::new(),
            tailed_commits: watch::Sender::new(tailed),
            routes: Mutex::default(),
            next_route: AtomicU64::new(0),
            ended: AtomicU64::new(0),
            tail_id: AtomicI64::new(tail_from),
            horizon: AtomicI64::new(tail_from),
        })
    }

    /// How many streams have ended since the process started.
    pub fn streams_ended(&self) -> u64 {
        self.ended.load(Ordering::Relaxed)
    }

    /// This process's id, which tells its presence leases apart.
    pub fn instance_id(&self) -> Uuid {
        self.instance_id
    }

    fn routes(&self) -> MutexGuard<'_, Routes> {
        self.routes.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Subscribes a stream to the deliveries of `audience`. It begins after every event
    /// this process committed before: it waits (briefly) for the tailer to hand those
    /// out, so a new stream never carries what happened before it opened.
    pub async fn subscribe(self: &Arc<Self>, audience: Audience) -> Subscription {
        let (queue, deliveries) = mpsc::channel(STREAM_QUEUE);
        let behind = Arc::new(AtomicBool::new(false));
        let route = self.next_route.fetch_add(1, Ordering::Relaxed);
        let entry = Route { queue, behind: behind.clone() };
        {
            let mut routes = self.routes();
            match routes.keyed(audience) {
                None => {
                    routes.agents.insert(route, entry);
                }
                Some((keyed, key)) => {
                    keyed.entry(key).or_default().insert(route, entry);
                }
            }
        }
        // Made before the wait, so that a stream given up meanwhile leaves its route.
        let mut subscription =
            Subscription { hub: self.clone(), route, audience, deliveries, behind, from: 0, sight: Sight::Everything };
        let committed = self.commits.count();
        let mut tailed = self.tailed_commits.subscribe();
        if tokio::time::timeout(CATCH_UP_WAIT, tailed.wait_for(|tailed| *tailed >= committed)).await.is_err() {
            tracing::warn!("the event tailer lags; a new stream may carry events from just before it opened");
        }
        // Read after the route is in place: the tailer stores an id before it hands the
        // event out, so every event after `from` reaches this subscription.
        subscription.from = self.tail_id.load(Ordering::Acquire);
        subscription
    }

    /// Hands `delivery` to the streams of its audience.
    fn dispatch(&self, delivery: Delivery) {
        let routes = self.routes();
        for route in routes.agents.values() {
            route.offer(&delivery);
        }
        match delivery.chat_of() {
            None => routes.own.values().flat_map(HashMap::values).for_each(|route| route.offer(&delivery)),
            Some(agent_id) => {
                if let Some(streams) = agent_id.and_then(|agent_id| routes.own.get(&agent_id)) {
                    streams.values().for_each(|route| route.offer(&delivery));
                }
            }
        }
        if let Some(streams) = delivery.customer_id().and_then(|customer_id| routes.customers.get(&customer_id)) {
            for route in streams.values() {
                route.offer(&delivery);
            }
        }
    }

    /// Publishes an ephemeral event to this process and, on PostgreSQL, to the others.
    pub async fn publish_ephemeral(&self, db: &DatabaseConnection, event: EphemeralEvent) {
        if db.get_database_backend() == DbBackend::Postgres {
            let envelope = EphemeralEnvelope { instance: self.instance_id, event: event.clone() };
            if let Ok(payload) = serde_json::to_string(&envelope) {
                let pool = db.get_postgres_connection_pool();
                let sent = sea_orm::sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(EPHEMERAL_CHANNEL)
                    .bind(payload)
                    .execute(pool)
                    .await;
                if let Err(error) = sent {
                    tracing::warn!(%error, "could not publish an ephemeral event to other processes");
                }
            }
        }
        self.dispatch(Delivery::Ephemeral(Arc::new(event.into())));
    }

    /// The tailer: hands out new rows of the log until `shutdown`.
    pub async fn tail(self: Arc<Self>, db: DatabaseConnection, shutdown: CancellationToken) {
        if db.get_database_backend() == DbBackend::Postgres {
            return self.tail_under_horizon(db, shutdown).await;
        }
        loop {
            // A read that starts after a commit sees its events.
            let commits = self.commits.count();
            match self.hand_out_through(&db, None).await {
                Ok(()) => {
                    self.tailed_commits.send_replace(commits);
                }
                Err(error) => tracing::warn!(%error, "event tailer failed to read the log"),
            }
            tokio::select! {
                () = self.commits.next() => {}
                () = self.wake.notified() => {}
                () = tokio::time::sleep(POLL_INTERVAL) => {}
                () = shutdown.cancelled() => return,
            }
        }
    }

    /// The tailer on PostgreSQL: hands out new rows of the log under the horizon.
    async fn tail_under_horizon(self: Arc<Self>, db: DatabaseConnection, shutdown: CancellationToken) {
        let mut horizon = Horizon::default();
        let mut clock = ClockReader::new(&db);
        let mut through = self.tail_id.load(Ordering::Acquire);
        loop {
            let commits = self.commits.count();
            match clock.read().await {
                Ok(reading) => {
                    let step = horizon.advance(through, &reading, commits);
                    let handed_out = if step.through > through {
                        self.hand_out_through(&db, Some(step.through)).await
                    } else {
                        Ok(())
                    };
                    match handed_out {
                        Ok(()) => {
                            through = step.through;
                            if let Some(tailed) = step.tailed {
                                self.tailed_commits.send_replace(tailed);
                            }
                        }
                        Err(error) => {
                            // Read again from the same place: later rounds mark anew.
                            tracing::warn!(%error, "event tailer failed to read the log");
                            horizon = Horizon::default();
                        }
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "event tailer failed to read the transaction clock");
                    clock = ClockReader::new(&db);
                }
            }
            let soon = if horizon.trails() { HORIZON_POLL } else { POLL_INTERVAL };
            tokio::select! {
                () = self.commits.next() => {}
                () = self.wake.notified() => {}
                () = tokio::time::sleep(soon) => {}
                () = shutdown.cancelled() => return,
            }
        }
    }

    /// Hands out every row after the last one handed out: through `horizon` on
    /// PostgreSQL, every committed row on SQLite (where ids commit in order). What is
    /// handed out is first published to replaying streams, so that a stream subscribing
    /// meanwhile replays what was handed out before its subscription.
    async fn hand_out_through(&self, db: &DatabaseConnection, horizon: Option<i64>) -> Result<(), sea_orm::DbErr> {
        if let Some(horizon) = horizon {
            self.horizon.fetch_max(horizon, Ordering::AcqRel);
        }
        loop {
            let mut query = event::Entity::find().filter(event::Column::Id.gt(self.tail_id.load(Ordering::Acquire)));
            if let Some(horizon) = horizon {
                query = query.filter(event::Column::Id.lte(horizon));
            }
            let rows = query.order_by_asc(event::Column::Id).limit(TAIL_BATCH).all(db).await?;
            let full = rows.len() as u64 == TAIL_BATCH;
            if let Some(newest) = rows.last().filter(|_| horizon.is_none()) {
                self.horizon.fetch_max(newest.id, Ordering::AcqRel);
            }
            for row in rows {
                self.tail_id.store(row.id, Ordering::Release);
                self.dispatch(Delivery::Stored(Arc::new(row.into())));
            }
            if !full {
                break;
            }
        }
        if let Some(horizon) = horizon {
            // Nothing else can appear at or under the horizon: the tail is there.
            self.tail_id.fetch_max(horizon, Ordering::AcqRel);
        }
        Ok(())
    }

    /// The listener (PostgreSQL only): wakes the tailer when other processes commit and
    /// relays their ephemeral events, until `shutdown`.
    pub async fn listen(self: Arc<Self>, db: DatabaseConnection, shutdown: CancellationToken) {
        use sea_orm::sqlx::postgres::PgListener;
        let pool = db.get_postgres_connection_pool().clone();
        loop {
            let mut listener = match PgListener::connect_with(&pool).await {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for other processes' events; polling only");
                    tokio::select! {
                        () = tokio::time::sleep(Duration::from_secs(5)) => continue,
                        () = shutdown.cancelled() => return,
                    }
                }
            };
            if let Err(error) = listener.listen_all([COMMIT_CHANNEL, EPHEMERAL_CHANNEL]).await {
                tracing::warn!(%error, "LISTEN failed");
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(5)) => continue,
                    () = shutdown.cancelled() => return,
                }
            }
            let me = self.instance_id.to_string();
            loop {
                tokio::select! {
                    notification = listener.recv() => match notification {
                        Ok(notification) if notification.channel() == EPHEMERAL_CHANNEL => self.receive_ephemeral(notification.payload()),
                        Ok(notification) if notification.payload() == me => {}
                        Ok(_) => self.wake.notify_one(),
                        Err(error) => {
                            tracing::warn!(%error, "lost the notification connection; reconnecting");
                            self.wake.notify_one();
                            break;
                        }
                    },
                    // Tells the other processes of this one's commits; commits that come
                    // while one notification is on its way share the next.
                    () = self.commits.next_to_announce() => {
                        let sent = sea_orm::sqlx::query("SELECT pg_notify($1, $2)")
                            .bind(COMMIT_CHANNEL)
                            .bind(&me)
                            .execute(&pool)
                            .await;
                        if let Err(error) = sent {
                            tracing::warn!(%error, "could not tell other processes of a commit; they poll");
                        }
                    }
                    () = shutdown.cancelled() => return,
                }
            }
        }
    }

    fn receive_ephemeral(&self, payload: &str) {
        match serde_json::from_str::<EphemeralEnvelope>(payload) {
            Ok(envelope) if envelope.instance != self.instance_id => {
                self.dispatch(Delivery::Ephemeral(Arc::new(envelope.event.into())));
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "ignored a malformed ephemeral notification"),
        }
    }
}

/// A reading of PostgreSQL's transaction clock and the event sequence.
struct Clock {
    /// The oldest transaction still running when the reading began.
    xmin: i64,
    /// The sequence's last value, read next.
    allocated: i64,
    /// A transaction id given after `allocated` was read.
    next_xid: i64,
}

/// The snapshot's `xmin`, then the sequence's last value, then a transaction id of the
/// reading's own: the subquery's row is read before the outer row is projected.
const CLOCK_SQL: &str = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin, allocated, \
    pg_current_xact_id()::text::bigint AS next_xid \
    FROM (SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS allocated FROM events_id_seq) AS sequence";

/// Reads the clock on a connection of its own (out of the pool), on which commits do
/// not wait for the disk: each reading is a transaction with an id, whose commit needs
/// no durability.
struct ClockReader {
    pool: sea_orm::sqlx::PgPool,
    connection: Option<sea_orm::sqlx::PgConnection>,
}

impl ClockReader {
    fn new(db: &DatabaseConnection) -> Self {
        Self { pool: db.get_postgres_connection_pool().clone(), connection: None }
    }

    async fn read(&mut self) -> Result<Clock, sea_orm::sqlx::Error> {
        use sea_orm::sqlx::Row;
        let connection = match &mut self.connection {
            Some(connection) => connection,
            None => {
                let mut connection = self.pool.acquire().await?.detach();
                sea_orm::sqlx::query("SET synchronous_commit = off").execute(&mut connection).await?;
                self.connection.insert(connection)
            }
        };
        let row = sea_orm::sqlx::query(CLOCK_SQL).fetch_one(connection).await?;
        Ok(Clock {
            xmin: row.try_get("xmin")?,
            allocated: row.try_get("allocated")?,
            next_xid: row.try_get("next_xid")?,
        })
    }
}

/// Where a process starting on PostgreSQL begins to tail: a horizon, found by waiting
/// (a few milliseconds, as long as the longest write running) for the transactions
/// that may still write under the sequence's value to end. On SQLite the newest event.
pub async fn initial_horizon(db: &DatabaseConnection) -> Result<i64, sea_orm::DbErr> {
    if db.get_database_backend() != DbBackend::Postgres {
        return super::latest_id(db).await;
    }
    let failed =
        |error: sea_orm::sqlx::Error| sea_orm::DbErr::Custom(format!("reading the transaction clock: {error}"));
    let mut clock = ClockReader::new(db);
    let first = clock.read().await.map_err(failed)?;
    if first.allocated <= 0 {
        return Ok(0);
    }
    let began = std::time::Instant::now();
    let mut warned = Duration::ZERO;
    loop {
        tokio::time::sleep(HORIZON_POLL).await;
        let reading = clock.read().await.map_err(failed)?;
        if reading.xmin >= first.next_xid {
            return Ok(first.allocated);
        }
        if began.elapsed() >= warned + Duration::from_secs(10) {
            warned = began.elapsed();
            tracing::warn!(
                xmin = reading.xmin,
                "waiting for a long transaction on the database to end before streams can start"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::events::Scope;

    #[test]
    fn the_horizon_passes_allocated_ids_only_once_their_transactions_have_ended() {
        let clock = |xmin, allocated, next_xid| Clock { xmin, allocated, next_xid };
        let mut horizon = Horizon::default();
        // Ids through 10 allocated; whoever allocated them is below transaction 105.
        assert_eq!(horizon.advance(0, &clock(100, 10, 105), 1), Step { through: 0, tailed: None });
        assert!(horizon.trails());
        // 100 still runs; meanwhile 12 is allocated, by transactions below 107.
        assert_eq!(horizon.advance(0, &clock(100, 12, 107), 2), Step { through: 0, tailed: None });
        // Every transaction below 105 has ended: through 10, with the commits counted
        // before it was read; 12 waits for those below 107.
        assert_eq!(horizon.advance(0, &clock(105, 12, 108), 3), Step { through: 10, tailed: Some(1) });
        assert_eq!(horizon.advance(10, &clock(106, 12, 109), 4), Step { through: 10, tailed: None });
        // Through 12, and nothing else allocated: every commit counted so far is under it.
        assert_eq!(horizon.advance(10, &clock(107, 12, 110), 5), Step { through: 12, tailed: Some(5) });
        assert!(!horizon.trails());
        // Nothing new allocated: the process's commits since are all handed out.
        assert_eq!(horizon.advance(12, &clock(111, 12, 112), 6), Step { through: 12, tailed: Some(6) });
    }

    fn stored(id: i64, customer_id: Option<Uuid>) -> Delivery {
        let scope = Scope { customer_id, ..Scope::default() };
        let event_type = EventType::MessageCreated;
        Delivery::Stored(Arc::new(EventRecord { id, event_type, scope, frame: Bytes::new(), customer_frame: None }))
    }

    fn of_agent(id: i64, event_type: EventType, agent_id: Option<Uuid>) -> Delivery {
        let scope = Scope { agent_id, ..Scope::default() };
        Delivery::Stored(Arc::new(EventRecord { id, event_type, scope, frame: Bytes::new(), customer_frame: None }))
    }

    fn ids(subscription: &mut Subscription) -> Vec<i64> {
        let mut ids = Vec::new();
        while let Ok(Delivery::Stored(record)) = subscription.deliveries.try_recv() {
            ids.push(record.id);
        }
        ids
    }

    #[tokio::test]
    async fn an_event_reaches_its_customer_and_the_agents_only() {
        let hub = Hub::new(Arc::default(), 0);
        let (ada, bob) = (Uuid::new_v4(), Uuid::new_v4());
        let mut agent = hub.subscribe(Audience::Agent { agent_id: Uuid::new_v4() }).await;
        let mut ada_stream = hub.subscribe(Audience::Customer { customer_id: ada }).await;
        let mut bob_stream = hub.subscribe(Audience::Customer { customer_id: bob }).await;
        hub.dispatch(stored(1, Some(ada)));
        hub.dispatch(stored(2, None));
        assert_eq!(ids(&mut agent), vec![1, 2]);
        assert_eq!(ids(&mut ada_stream), vec![1]);
        assert_eq!(ids(&mut bob_stream), Vec::<i64>::new());
    }

    #[tokio::test]
    async fn a_chat_event_reaches_the_own_streams_of_its_agent_only() {
        let hub = Hub::new(Arc::default(), 0);
        let (ann, ben) = (Uuid::new_v4(), Uuid::new_v4());
        let mut everything = hub.subscribe(Audience::Agent { agent_id: ben }).await;
        let mut anns = hub.subscribe(Audience::OwnConversations { agent_id: ann }).await;
        let mut bens = hub.subscribe(Audience::OwnConversations { agent_id: ben }).await;
        hub.dispatch(of_agent(1, EventType::MessageCreated, Some(ann)));
        hub.dispatch(of_agent(2, EventType::ConversationClaimed, Some(ann)));
        hub.dispatch(of_agent(3, EventType::MessageCreated, None));
        hub.dispatch(of_agent(4, EventType::ConversationSeen, Some(ben)));
        assert_eq!(ids(&mut everything), vec![1, 2, 3, 4]);
        assert_eq!(ids(&mut anns), vec![1, 2]);
        assert_eq!(ids(&mut bens), vec![2, 4]);
        drop(anns);
        drop(bens);
        assert!(hub.routes().own.is_empty());
    }

    #[tokio::test]
    async fn a_stream_that_does_not_keep_up_is_marked_behind_and_a_dropped_one_leaves() {
        let hub = Hub::new(Arc::default(), 0);
        let customer = Uuid::new_v4();
        let mut slow = hub.subscribe(Audience::Customer { customer_id: customer }).await;
        for id in 0..(STREAM_QUEUE as i64 + 5) {
            hub.dispatch(stored(id, Some(customer)));
        }
        assert!(slow.fell_behind());
        assert!(!slow.fell_behind(), "the mark is cleared once read");
        assert_eq!(ids(&mut slow).len(), STREAM_QUEUE);
        drop(slow);
        assert!(hub.routes().customers.is_empty());
    }
}
