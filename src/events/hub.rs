//! Fan-out of the event log inside one process, and across processes on PostgreSQL.
//!
//! One tailer per process reads new rows of the log (woken by local commits, by
//! PostgreSQL `NOTIFY` from other processes, or by a poll when a notification was
//! missed) and broadcasts them to the process's streams. Writes are serialised, so ids
//! commit in order and "every row after the last one read" never skips a row.
//! Ephemeral events (typing) are not stored; they travel by broadcast and `NOTIFY`.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use tokio::sync::{Notify, broadcast, watch};
use uuid::Uuid;

use super::Scope;
use crate::entities::event;

/// PostgreSQL channel woken when events commit.
pub const EVENTS_CHANNEL: &str = "livechat_events";
/// PostgreSQL channel carrying ephemeral events between processes.
pub const EPHEMERAL_CHANNEL: &str = "livechat_ephemeral";
const POLL_INTERVAL: Duration = Duration::from_secs(1);
const TAIL_BATCH: u64 = 1000;
const BROADCAST_CAPACITY: usize = 8192;

/// A stored event as streams deliver it.
#[derive(Debug, Clone)]
pub struct EventRecord {
    pub id: i64,
    pub event_type: String,
    pub scope: Scope,
    pub payload: serde_json::Value,
}

impl From<event::Model> for EventRecord {
    fn from(row: event::Model) -> Self {
        Self {
            id: row.id,
            event_type: row.event_type,
            scope: Scope { conversation_id: row.conversation_id, customer_id: row.customer_id },
            payload: row.payload,
        }
    }
}

/// An event that is delivered live and never stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EphemeralEvent {
    pub event_type: String,
    pub conversation_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    /// Who caused it, so their own streams can skip it.
    pub origin: Option<Uuid>,
    pub payload: serde_json::Value,
}

#[derive(Debug, Clone)]
pub enum Delivery {
    Stored(Arc<EventRecord>),
    Ephemeral(Arc<EphemeralEvent>),
}

#[derive(Serialize, Deserialize)]
struct EphemeralEnvelope {
    instance: Uuid,
    event: EphemeralEvent,
}

pub struct Hub {
    instance_id: Uuid,
    wake: Arc<Notify>,
    deliveries: broadcast::Sender<Delivery>,
    shutdown: watch::Sender<bool>,
}

impl Hub {
    pub fn new() -> Arc<Self> {
        let (deliveries, _) = broadcast::channel(BROADCAST_CAPACITY);
        let (shutdown, _) = watch::channel(false);
        Arc::new(Self { instance_id: Uuid::new_v4(), wake: Arc::new(Notify::new()), deliveries, shutdown })
    }

    /// This process's id, which tells its presence leases apart.
    pub fn instance_id(&self) -> Uuid {
        self.instance_id
    }

    /// What commits use to wake the tailer.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Delivery> {
        self.deliveries.subscribe()
    }

    pub fn shutdown_signal(&self) -> watch::Receiver<bool> {
        self.shutdown.subscribe()
    }

    /// Tells every stream of this process to end and its client to reconnect.
    pub fn shut_down(&self) {
        self.shutdown.send_replace(true);
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
        let _ = self.deliveries.send(Delivery::Ephemeral(Arc::new(event)));
    }

    /// Starts the tailer (and, on PostgreSQL, the listener); they run until shutdown.
    /// The tailer's position is taken before this returns, so before any stream opens:
    /// a stream's replay and the tailer's broadcasts always meet.
    pub async fn start(self: &Arc<Self>, db: DatabaseConnection) -> Result<(), sea_orm::DbErr> {
        let tail_id = latest_event_id(&db).await?;
        tokio::spawn(self.clone().tail(db.clone(), tail_id));
        if db.get_database_backend() == DbBackend::Postgres {
            tokio::spawn(self.clone().listen(db));
        }
        Ok(())
    }

    async fn tail(self: Arc<Self>, db: DatabaseConnection, mut tail_id: i64) {
        let mut shutdown = self.shutdown_signal();
        loop {
            match event::Entity::find()
                .filter(event::Column::Id.gt(tail_id))
                .order_by_asc(event::Column::Id)
                .limit(TAIL_BATCH)
                .all(&db)
                .await
            {
                Ok(rows) => {
                    let full = rows.len() as u64 == TAIL_BATCH;
                    for row in rows {
                        tail_id = row.id;
                        let _ = self.deliveries.send(Delivery::Stored(Arc::new(row.into())));
                    }
                    if full {
                        continue;
                    }
                }
                Err(error) => tracing::warn!(%error, "event tailer failed to read the log"),
            }
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(POLL_INTERVAL) => {}
                _ = shutdown.changed() => return,
            }
        }
    }

    async fn listen(self: Arc<Self>, db: DatabaseConnection) {
        use sea_orm::sqlx::postgres::PgListener;
        let mut shutdown = self.shutdown_signal();
        let pool = db.get_postgres_connection_pool().clone();
        loop {
            let mut listener = match PgListener::connect_with(&pool).await {
                Ok(listener) => listener,
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for other processes' events; polling only");
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    continue;
                }
            };
            if let Err(error) = listener.listen_all([EVENTS_CHANNEL, EPHEMERAL_CHANNEL]).await {
                tracing::warn!(%error, "LISTEN failed");
                tokio::time::sleep(Duration::from_secs(5)).await;
                continue;
            }
            loop {
                tokio::select! {
                    notification = listener.recv() => match notification {
                        Ok(notification) if notification.channel() == EPHEMERAL_CHANNEL => self.receive_ephemeral(notification.payload()),
                        Ok(_) => self.wake.notify_one(),
                        Err(error) => {
                            tracing::warn!(%error, "lost the notification connection; reconnecting");
                            self.wake.notify_one();
                            break;
                        }
                    },
                    _ = shutdown.changed() => return,
                }
            }
        }
    }

    fn receive_ephemeral(&self, payload: &str) {
        match serde_json::from_str::<EphemeralEnvelope>(payload) {
            Ok(envelope) if envelope.instance != self.instance_id => {
                let _ = self.deliveries.send(Delivery::Ephemeral(Arc::new(envelope.event)));
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, "ignored a malformed ephemeral notification"),
        }
    }
}

/// The newest event id in the log (0 when empty).
pub async fn latest_event_id(db: &impl sea_orm::ConnectionTrait) -> Result<i64, sea_orm::DbErr> {
    let newest = event::Entity::find().order_by_desc(event::Column::Id).limit(1).one(db).await?;
    Ok(newest.map_or(0, |row| row.id))
}
