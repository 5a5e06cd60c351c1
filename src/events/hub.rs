//! Fan-out of the event log inside one process, and across processes on PostgreSQL.
//!
//! One tailer per process reads new rows of the log (woken by local commits, by
//! PostgreSQL `NOTIFY` from other processes, or by a poll when a notification was
//! missed) and broadcasts them to the process's streams. Writes are serialised, so ids
//! commit in order and "every row after the last one read" never skips a row.
//! Ephemeral events (typing) are not stored; they travel by broadcast and `NOTIFY`.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use sea_orm::{ColumnTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use tokio::sync::{Notify, broadcast};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::EventRecord;
use crate::db::COMMIT_CHANNEL;
use crate::db::entities::event;

/// PostgreSQL channel carrying ephemeral events between processes.
pub const EPHEMERAL_CHANNEL: &str = "livechat_ephemeral";
const POLL_INTERVAL: Duration = Duration::from_secs(1);
const TAIL_BATCH: u64 = 1000;
const BROADCAST_CAPACITY: usize = 8192;

/// The kinds of event that are delivered live and never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EphemeralType {
    Typing,
}

impl EphemeralType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Typing => "typing",
        }
    }
}

/// An event that is delivered live and never stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EphemeralEvent {
    pub event_type: EphemeralType,
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
    /// The newest event broadcast; a restarted tailer goes on from here.
    tail_id: AtomicI64,
}

impl Hub {
    /// A hub whose tailer starts after event `tail_from` (the newest when the process
    /// starts, read before any stream opens, so a stream's replay and the broadcasts
    /// always meet). Commits wake it through `wake`.
    pub fn new(wake: Arc<Notify>, tail_from: i64) -> Arc<Self> {
        let (deliveries, _) = broadcast::channel(BROADCAST_CAPACITY);
        Arc::new(Self { instance_id: Uuid::new_v4(), wake, deliveries, tail_id: AtomicI64::new(tail_from) })
    }

    /// This process's id, which tells its presence leases apart.
    pub fn instance_id(&self) -> Uuid {
        self.instance_id
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Delivery> {
        self.deliveries.subscribe()
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

    /// The tailer: broadcasts new rows of the log until `shutdown`.
    pub async fn tail(self: Arc<Self>, db: DatabaseConnection, shutdown: CancellationToken) {
        loop {
            let tail_id = self.tail_id.load(Ordering::Acquire);
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
                        self.tail_id.store(row.id, Ordering::Release);
                        let _ = self.deliveries.send(Delivery::Stored(Arc::new(row.into())));
                    }
                    if full {
                        continue;
                    }
                }
                Err(error) => tracing::warn!(%error, "event tailer failed to read the log"),
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(POLL_INTERVAL) => {}
                () = shutdown.cancelled() => return,
            }
        }
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
                    () = shutdown.cancelled() => return,
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
