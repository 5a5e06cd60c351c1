//! One client's stream: replay everything after its last event id, then tail.

use std::sync::Arc;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::{broadcast, mpsc};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::hub::{Delivery, EphemeralEvent, Hub};
use super::{EventRecord, latest_id};
use crate::db::entities::event;
use crate::workers::Workers;

const REPLAY_BATCH: u64 = 500;
const CHANNEL_CAPACITY: usize = 256;

/// Which events a stream carries.
#[derive(Debug, Clone, Copy)]
pub enum Audience {
    /// Agents: the Live list and every conversation's events.
    Agent { agent_id: Uuid },
    /// A customer: the events of their own conversations.
    Customer { customer_id: Uuid },
}

impl Audience {
    fn sees(&self, customer_id: Option<Uuid>) -> bool {
        match self {
            Self::Agent { .. } => true,
            Self::Customer { customer_id: me } => customer_id == Some(*me),
        }
    }

    fn sees_ephemeral(&self, event: &EphemeralEvent) -> bool {
        let origin_is_me = match self {
            Self::Agent { agent_id } => event.origin == Some(*agent_id),
            Self::Customer { customer_id } => event.origin == Some(*customer_id),
        };
        !origin_is_me && self.sees(event.customer_id)
    }
}

/// What a stream sends.
#[derive(Debug, Clone)]
pub enum StreamItem {
    /// The stream is open; `last_event_id` is where it stands.
    Ready {
        last_event_id: i64,
    },
    Stored(Arc<EventRecord>),
    Ephemeral(Arc<EphemeralEvent>),
    /// The resume point is gone (older than the retention window, or unknown): reload
    /// state and go on from `last_event_id`.
    Reset {
        last_event_id: i64,
        reason: &'static str,
    },
    /// The server is shutting down: reconnect (to any process) with the last event id.
    Reconnect,
}

/// Opens a stream for `audience` that resumes after `after` (or starts at the tail). It
/// runs as a task of `workers` and ends with the process.
pub fn open(
    db: DatabaseConnection,
    hub: &Hub,
    workers: &Workers,
    audience: Audience,
    after: Option<i64>,
    purged_through: i64,
) -> mpsc::Receiver<StreamItem> {
    let (sender, receiver) = mpsc::channel(CHANNEL_CAPACITY);
    let deliveries = hub.subscribe();
    let shutdown = workers.shutdown().clone();
    workers.spawn_task(async move {
        if let Err(error) = run(&db, &shutdown, audience, after, purged_through, deliveries, &sender).await {
            tracing::warn!(%error, "stream ended by a storage error; the client will resume");
        }
    });
    receiver
}

async fn run(
    db: &DatabaseConnection,
    shutdown: &CancellationToken,
    audience: Audience,
    after: Option<i64>,
    purged_through: i64,
    mut deliveries: broadcast::Receiver<Delivery>,
    sender: &mpsc::Sender<StreamItem>,
) -> Result<(), sea_orm::DbErr> {
    if shutdown.is_cancelled() {
        let _ = sender.send(StreamItem::Reconnect).await;
        return Ok(());
    }
    let newest = latest_id(db).await?;
    let mut last = match after {
        Some(id) if id < purged_through => {
            let reset = StreamItem::Reset {
                last_event_id: newest,
                reason: "the resume point is older than the event retention window",
            };
            if sender.send(reset).await.is_err() {
                return Ok(());
            }
            newest
        }
        Some(id) if id > newest => {
            let reset =
                StreamItem::Reset { last_event_id: newest, reason: "the resume point is unknown to this server" };
            if sender.send(reset).await.is_err() {
                return Ok(());
            }
            newest
        }
        Some(id) => id,
        None => newest,
    };
    if !replay(db, audience, &mut last, sender).await? {
        return Ok(());
    }
    if sender.send(StreamItem::Ready { last_event_id: last }).await.is_err() {
        return Ok(());
    }
    loop {
        let item = tokio::select! {
            delivery = deliveries.recv() => delivery,
            () = sender.closed() => return Ok(()),
            () = shutdown.cancelled() => {
                let _ = sender.send(StreamItem::Reconnect).await;
                return Ok(());
            }
        };
        let sent = match item {
            Ok(Delivery::Stored(record)) if record.id > last => {
                last = record.id;
                if audience.sees(record.scope.customer_id) {
                    sender.send(StreamItem::Stored(record)).await.is_ok()
                } else {
                    true
                }
            }
            Ok(Delivery::Stored(_)) => true,
            Ok(Delivery::Ephemeral(event)) if audience.sees_ephemeral(&event) => {
                sender.send(StreamItem::Ephemeral(event)).await.is_ok()
            }
            Ok(Delivery::Ephemeral(_)) => true,
            Err(broadcast::error::RecvError::Lagged(_)) => replay(db, audience, &mut last, sender).await?,
            Err(broadcast::error::RecvError::Closed) => return Ok(()),
        };
        if !sent {
            return Ok(());
        }
    }
}

/// Sends the stored events after `last` that `audience` sees; false once the client is gone.
async fn replay(
    db: &DatabaseConnection,
    audience: Audience,
    last: &mut i64,
    sender: &mpsc::Sender<StreamItem>,
) -> Result<bool, sea_orm::DbErr> {
    loop {
        let mut query = event::Entity::find()
            .filter(event::Column::Id.gt(*last))
            .order_by_asc(event::Column::Id)
            .limit(REPLAY_BATCH);
        if let Audience::Customer { customer_id } = audience {
            query = query.filter(event::Column::CustomerId.eq(customer_id));
        }
        let rows = query.all(db).await?;
        let full = rows.len() as u64 == REPLAY_BATCH;
        for row in rows {
            *last = row.id;
            if sender.send(StreamItem::Stored(Arc::new(row.into()))).await.is_err() {
                return Ok(false);
            }
        }
        if !full {
            return Ok(true);
        }
    }
}
