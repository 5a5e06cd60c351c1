//! One client's stream: replay everything after its last event id, then follow the
//! deliveries of its subscription. The stream is the response's own future: no task,
//! no channel of its own beyond the subscription's small queue.

use std::collections::VecDeque;
use std::sync::Arc;

use futures_util::Stream;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio_util::sync::CancellationToken;

use super::hub::{Audience, Delivery, Ephemeral, EphemeralType, Subscription};
use super::{EventRecord, latest_id, retention};
use crate::db::entities::event;
use crate::domain::EventType;

const REPLAY_BATCH: u64 = 500;

/// What a stream sends.
#[derive(Debug, Clone)]
pub enum StreamItem {
    /// The stream is open; `last_event_id` is where it stands.
    Ready {
        last_event_id: i64,
    },
    Stored(Arc<EventRecord>),
    Ephemeral(Arc<Ephemeral>),
    /// The resume point is gone (older than the retention window, or unknown): reload
    /// state and go on from `last_event_id`.
    Reset {
        last_event_id: i64,
        reason: &'static str,
    },
    /// Reconnect (to any process) with the last event id, for `reason`.
    Reconnect(&'static str),
}

const SHUTTING_DOWN: &str = "the server is shutting down; reconnect with Last-Event-ID";
const SIGHT_CHANGED: &str =
    "the conversations this agent sees changed (their groups or role); reconnect with Last-Event-ID";

/// The stream of `subscription`, resuming after `after` (or starting at the newest event).
pub fn open(
    db: DatabaseConnection,
    subscription: Subscription,
    shutdown: CancellationToken,
    after: Option<i64>,
) -> impl Stream<Item = StreamItem> + Send + 'static {
    let reader =
        Reader { db, subscription, shutdown, last: 0, pending: VecDeque::new(), phase: Phase::Start { after } };
    futures_util::stream::unfold(reader, |mut reader| async move {
        match reader.next().await {
            Ok(Some(item)) => Some((item, reader)),
            Ok(None) => None,
            Err(error) => {
                tracing::warn!(%error, "stream ended by a storage error; the client will resume");
                None
            }
        }
    })
}

enum Phase {
    Start {
        after: Option<i64>,
    },
    /// Sending what the client missed; `stream.ready` follows.
    Replaying,
    /// Following the subscription.
    Live,
    /// Catching up from the log after falling behind; no second `stream.ready`.
    CatchingUp,
    Done,
}

struct Reader {
    db: DatabaseConnection,
    subscription: Subscription,
    shutdown: CancellationToken,
    /// The id of the last stored event this stream handled.
    last: i64,
    pending: VecDeque<StreamItem>,
    phase: Phase,
}

impl Reader {
    async fn next(&mut self) -> Result<Option<StreamItem>, DbErr> {
        loop {
            if let Some(item) = self.pending.pop_front() {
                return Ok(Some(item));
            }
            // Reading the log is boxed: its futures are large, and left inline they
            // would stay in the stream's future for as long as it is open.
            match self.phase {
                Phase::Done => return Ok(None),
                Phase::Start { after } => Box::pin(self.start(after)).await?,
                Phase::Replaying | Phase::CatchingUp => {
                    if !Box::pin(self.replay_batch()).await? {
                        if matches!(self.phase, Phase::Replaying) {
                            self.pending.push_back(StreamItem::Ready { last_event_id: self.last });
                        }
                        self.phase = Phase::Live;
                    }
                }
                Phase::Live => {
                    if self.subscription.fell_behind() {
                        self.phase = Phase::CatchingUp;
                        continue;
                    }
                    let delivery = tokio::select! {
                        delivery = self.subscription.recv() => delivery,
                        () = self.shutdown.cancelled() => {
                            self.phase = Phase::Done;
                            return Ok(Some(StreamItem::Reconnect(SHUTTING_DOWN)));
                        }
                    };
                    match delivery {
                        Some(Delivery::Stored(record)) if record.id > self.last => {
                            self.last = record.id;
                            if self.carries(&record) {
                                return Ok(Some(StreamItem::Stored(self.as_sent(record))));
                            }
                        }
                        Some(Delivery::Stored(_)) => {}
                        Some(Delivery::Ephemeral(ephemeral))
                            if ephemeral.event.event_type == EphemeralType::SightChanged =>
                        {
                            if self
                                .subscription
                                .audience
                                .agent_id()
                                .is_some_and(|me| ephemeral.event.agent_id == Some(me))
                            {
                                self.phase = Phase::Done;
                                return Ok(Some(StreamItem::Reconnect(SIGHT_CHANGED)));
                            }
                        }
                        Some(Delivery::Ephemeral(ephemeral))
                            if !self.caused(&ephemeral)
                                && self.subscription.sight.sees(ephemeral.event.agent_id, ephemeral.event.group_id) =>
                        {
                            return Ok(Some(StreamItem::Ephemeral(ephemeral)));
                        }
                        Some(Delivery::Ephemeral(_)) => {}
                        None => self.phase = Phase::Done,
                    }
                }
            }
        }
    }

    async fn start(&mut self, after: Option<i64>) -> Result<(), DbErr> {
        if self.shutdown.is_cancelled() {
            self.pending.push_back(StreamItem::Reconnect(SHUTTING_DOWN));
            self.phase = Phase::Done;
            return Ok(());
        }
        let Some(after) = after else {
            // A new stream starts where its subscription did: no reading of the log.
            self.last = self.subscription.from;
            self.pending.push_back(StreamItem::Ready { last_event_id: self.last });
            self.phase = Phase::Live;
            return Ok(());
        };
        let purged_through = retention::purged_through(&self.db).await?;
        let newest = latest_id(&self.db).await?;
        let gone = if after < purged_through {
            Some("the resume point is older than the event retention window")
        } else if after > newest {
            Some("the resume point is unknown to this server")
        } else {
            None
        };
        self.last = match gone {
            Some(reason) => {
                self.pending.push_back(StreamItem::Reset { last_event_id: newest, reason });
                newest
            }
            None => after,
        };
        self.phase = Phase::Replaying;
        Ok(())
    }

    /// Queues the next batch of stored events after `last` that this stream carries;
    /// false once there is nothing more.
    async fn replay_batch(&mut self) -> Result<bool, DbErr> {
        let mut query = event::Entity::find()
            .filter(event::Column::Id.gt(self.last))
            .filter(event::Column::Id.lte(self.subscription.readable_through()))
            .order_by_asc(event::Column::Id)
            .limit(REPLAY_BATCH);
        match self.subscription.audience {
            Audience::Agent { .. } => {}
            Audience::OwnConversations { agent_id } => {
                let live_list = event::Column::EventType.is_not_in(EventType::CHAT);
                query = query.filter(Condition::any().add(live_list).add(event::Column::AgentId.eq(agent_id)));
            }
            Audience::Customer { customer_id } => query = query.filter(event::Column::CustomerId.eq(customer_id)),
        }
        let rows = query.all(&self.db).await?;
        let full = rows.len() as u64 == REPLAY_BATCH;
        for row in rows {
            self.last = row.id;
            let record = Arc::new(EventRecord::from(row));
            if self.carries(&record) {
                self.pending.push_back(StreamItem::Stored(self.as_sent(record)));
            }
        }
        Ok(full)
    }

    /// Whether this stream carries a stored event: one its agent sees, of a type its
    /// audience gets.
    fn carries(&self, record: &EventRecord) -> bool {
        let of_type = match self.subscription.audience {
            Audience::Customer { .. } => record.event_type.reaches_customers() && record.scope.customer_id.is_some(),
            Audience::Agent { agent_id } | Audience::OwnConversations { agent_id } => {
                !record.event_type.for_one_agent() || record.scope.agent_id == Some(agent_id)
            }
        };
        of_type && record.scope.in_sight(&self.subscription.sight)
    }

    /// A stored event as this stream sends it: customers get conversations without tags.
    fn as_sent(&self, record: Arc<EventRecord>) -> Arc<EventRecord> {
        match self.subscription.audience {
            Audience::Customer { .. } => record.for_customer(),
            Audience::Agent { .. } | Audience::OwnConversations { .. } => record,
        }
    }

    /// Whether this stream's own subject caused an ephemeral event (its own typing).
    fn caused(&self, ephemeral: &Ephemeral) -> bool {
        let me = match self.subscription.audience {
            Audience::Agent { agent_id } | Audience::OwnConversations { agent_id } => agent_id,
            Audience::Customer { customer_id } => customer_id,
        };
        ephemeral.event.origin == Some(me)
    }
}

#[cfg(test)]
mod tests {
    use futures_util::StreamExt;
    use serde_json::json;
    use uuid::Uuid;

    use super::*;
    use crate::db::{Commits, Store};
    use crate::events::hub::{Hub, STREAM_QUEUE};
    use crate::events::{Scope, append};

    /// A store in a temporary directory, and a hub whose tailer follows it.
    async fn with_tailer() -> (tempfile::TempDir, Store, Arc<Hub>, CancellationToken) {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display());
        let commits = Arc::new(Commits::default());
        let lock_timeout = std::time::Duration::from_secs(5);
        let store = Store::connect(&url, 2, lock_timeout, commits.clone()).await.expect("the store opens");
        let hub = Hub::new(commits, 0);
        let shutdown = CancellationToken::new();
        tokio::spawn(hub.clone().tail(store.db().clone(), shutdown.clone()));
        (dir, store, hub, shutdown)
    }

    #[tokio::test]
    async fn a_new_stream_begins_after_what_was_committed_before_it_opened() {
        let (_dir, store, hub, shutdown) = with_tailer().await;
        let customer_id = Uuid::new_v4();
        let scope = Scope::customer(customer_id);
        let write = |n: i64| {
            let store = store.clone();
            async move {
                let txn = store.write().await.expect("a write");
                append(&*txn, EventType::MessageCreated, scope, json!({ "n": n })).await.expect("an event");
                txn.commit().await.expect("a commit");
            }
        };
        // Committed, but the tailer has not had a turn to hand it out yet.
        write(1).await;
        let subscription = hub.subscribe(Audience::Customer { customer_id }).await;
        let mut stream = Box::pin(open(store.db().clone(), subscription, shutdown.clone(), None));
        assert!(matches!(stream.next().await, Some(StreamItem::Ready { last_event_id: 1 })));
        write(2).await;
        let item = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next()).await;
        match item.expect("the stream goes on").expect("the stream is open") {
            StreamItem::Stored(record) => assert_eq!(record.id, 2, "the event from before the open is not carried"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test]
    async fn a_stream_that_fell_behind_catches_up_from_the_log_without_gaps_or_repeats() {
        let (_dir, store, hub, shutdown) = with_tailer().await;
        let customer_id = Uuid::new_v4();
        let subscription = hub.subscribe(Audience::Customer { customer_id }).await;
        let mut stream = Box::pin(open(store.db().clone(), subscription, shutdown.clone(), None));
        assert!(matches!(stream.next().await, Some(StreamItem::Ready { last_event_id: 0 })));

        // Nobody reads while more events are written than the stream's queue holds.
        let written = STREAM_QUEUE as i64 + 100;
        let scope = Scope::customer(customer_id);
        for n in 0..written {
            let txn = store.write().await.expect("a write");
            append(&*txn, EventType::MessageCreated, scope, json!({ "n": n })).await.expect("an event");
            txn.commit().await.expect("a commit");
        }
        let mut ids = Vec::new();
        while (ids.len() as i64) < written {
            let item = tokio::time::timeout(std::time::Duration::from_secs(5), stream.next()).await;
            match item.expect("the stream goes on").expect("the stream is open") {
                StreamItem::Stored(record) => ids.push(record.id),
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(ids, (1..=written).collect::<Vec<i64>>());
        shutdown.cancel();
        assert!(matches!(stream.next().await, Some(StreamItem::Reconnect(_))));
    }
}
