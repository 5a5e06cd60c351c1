//! The outbox: emails and webhooks are written here in the transaction of the change
//! that causes them, and a worker delivers them with retries, recording every attempt.
//!
//! Deliveries run in lanes: one per webhook endpoint and one per customer's emails. A
//! lane sends its rows one at a time in the order they fell due; lanes run side by side
//! (a bounded number at once), so a slow or failing endpoint holds up only itself.
//!
//! Delivery is at least once. A worker claims a row by moving its next attempt a lease
//! ahead (so other processes leave it alone), sends, then marks it. A crash between the
//! send and the mark (milliseconds: one UPDATE) makes the row due again when the lease
//! ends, and it is sent again with the same Message-ID / `webhook-id`, by which the
//! receiver can drop the duplicate.

pub mod email;
pub mod webhook;

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use serde_json::Value;
use uuid::Uuid;

use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::db::entities::{outbox, outbox_attempt, webhook_endpoint};
use crate::db::{ROWS_PER_STATEMENT, Store};
use crate::domain::{DeliveryKind, DeliveryStatus, EventType, Subscription, chrono_duration as chrono};
use email::{Email, Mailer};

/// Due rows read at once, across lanes.
const BATCH: u64 = 200;
const MAX_BACKOFF_SECS: i64 = 3600;
/// Webhook deliveries are retried this long (the Standard Webhooks schedule spans days).
pub const WEBHOOK_GIVE_UP: Duration = Duration::from_secs(3 * 24 * 3600);

/// Retry timing and when a failing endpoint is disabled. How long a delivery is retried
/// is set when it is queued: `outbox_give_up_secs` for emails, [`WEBHOOK_GIVE_UP`] for
/// webhooks.
#[derive(Debug, Clone)]
pub struct Policy {
    pub disable_endpoint_after: Duration,
    pub webhook_timeout: Duration,
    pub first_retry: Duration,
    /// Lanes delivering at once.
    pub max_in_flight: usize,
    /// While a worker delivers a row, others leave it alone this long; a row whose
    /// worker died is sent again once it is over. Webhook attempts get half of it.
    pub lease: Duration,
}

/// The wait before attempt `attempts + 1`: doubling from `first`, at most an hour.
pub fn backoff(first: Duration, attempts: i32) -> chrono::Duration {
    let first = chrono(first).num_milliseconds().max(1);
    let factor = 1i64 << attempts.clamp(0, 20);
    chrono::Duration::milliseconds(first.saturating_mul(factor).min(MAX_BACKOFF_SECS * 1000))
}

/// The body of a webhook delivery, as the spec's `webhooks` describe it.
#[derive(serde::Serialize)]
struct WebhookBody<'a> {
    #[serde(rename = "type")]
    event_type: &'a str,
    event_id: i64,
    timestamp: chrono::DateTime<chrono::Utc>,
    data: &'a serde_json::Value,
}

struct NewRow {
    kind: DeliveryKind,
    endpoint_id: Option<Uuid>,
    customer_id: Option<Uuid>,
    conversation_id: Option<Uuid>,
    topic: String,
    payload: Value,
}

fn new_row(row: NewRow, give_up_after: Duration, now: DateTime<Utc>) -> outbox::ActiveModel {
    outbox::ActiveModel {
        id: Set(Uuid::now_v7()),
        kind: Set(row.kind),
        endpoint_id: Set(row.endpoint_id),
        customer_id: Set(row.customer_id),
        conversation_id: Set(row.conversation_id),
        topic: Set(row.topic),
        payload: Set(row.payload),
        status: Set(DeliveryStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        give_up_at: Set(now + chrono(give_up_after)),
        last_error: Set(None),
        created_at: Set(now),
        delivered_at: Set(None),
    }
}

async fn insert(conn: &impl ConnectionTrait, row: NewRow, give_up_after: Duration) -> Result<(), DbErr> {
    outbox::Entity::insert(new_row(row, give_up_after, Utc::now())).exec_without_returning(conn).await?;
    Ok(())
}

/// Queues an email; call it in the transaction of the change that causes it.
pub async fn enqueue_email(
    conn: &impl ConnectionTrait,
    email: &Email,
    customer_id: Uuid,
    conversation_id: Uuid,
    topic: &str,
    give_up_after: Duration,
) -> Result<(), DbErr> {
    let payload = serde_json::to_value(email).map_err(|e| DbErr::Custom(e.to_string()))?;
    let row = NewRow {
        kind: DeliveryKind::Email,
        endpoint_id: None,
        customer_id: Some(customer_id),
        conversation_id: Some(conversation_id),
        topic: topic.to_owned(),
        payload,
    };
    insert(conn, row, give_up_after).await
}

/// Cancels the emails to a customer that are still pending.
pub async fn cancel_pending_emails(conn: &impl ConnectionTrait, customer_id: Uuid) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(DeliveryStatus::Cancelled))
        .filter(outbox::Column::CustomerId.eq(customer_id))
        .filter(outbox::Column::Kind.eq(DeliveryKind::Email))
        .filter(outbox::Column::Status.eq(DeliveryStatus::Pending))
        .exec(conn)
        .await?;
    Ok(())
}

/// The webhook deliveries about a customer that are still to be sent, locked (in id
/// order) for the write that changes them: a worker recording an attempt meanwhile waits.
pub async fn pending_webhooks_about(
    conn: &impl ConnectionTrait,
    customer_id: Uuid,
) -> Result<Vec<outbox::Model>, DbErr> {
    outbox::Entity::find()
        .filter(outbox::Column::CustomerId.eq(customer_id))
        .filter(outbox::Column::Kind.eq(DeliveryKind::Webhook))
        .filter(outbox::Column::Status.eq(DeliveryStatus::Pending))
        .order_by_asc(outbox::Column::Id)
        .lock(LockType::NoKeyUpdate)
        .all(conn)
        .await
}

/// Replaces the `data` a pending webhook delivery will send; its id and event stay.
pub async fn replace_webhook_data(conn: &impl ConnectionTrait, row: outbox::Model, data: Value) -> Result<(), DbErr> {
    let mut payload = row.payload.clone();
    payload["data"] = data;
    let mut model = row.into_active_model();
    model.payload = Set(payload);
    model.update(conn).await?;
    Ok(())
}

/// Blanks what the outbox keeps about a customer's settled deliveries (sent, given up
/// on or cancelled): their bodies and errors. Returns the ids of the blanked emails.
pub async fn blank_settled(conn: &impl ConnectionTrait, customer_id: Uuid) -> Result<Vec<Uuid>, DbErr> {
    let settled = || {
        outbox::Entity::find()
            .filter(outbox::Column::CustomerId.eq(customer_id))
            .filter(outbox::Column::Status.ne(DeliveryStatus::Pending))
    };
    let ids: Vec<Uuid> = settled().select_only().column(outbox::Column::Id).into_tuple().all(conn).await?;
    let emails: Vec<Uuid> = settled()
        .filter(outbox::Column::Kind.eq(DeliveryKind::Email))
        .select_only()
        .column(outbox::Column::Id)
        .into_tuple()
        .all(conn)
        .await?;
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Payload, Expr::value(serde_json::json!({"erased": true})))
        .col_expr(outbox::Column::LastError, Expr::value(Option::<String>::None))
        .filter(outbox::Column::Id.is_in(ids.clone()))
        .exec(conn)
        .await?;
    outbox_attempt::Entity::update_many()
        .col_expr(outbox_attempt::Column::Error, Expr::value(Option::<String>::None))
        .filter(outbox_attempt::Column::OutboxId.is_in(ids))
        .exec(conn)
        .await?;
    Ok(emails)
}

/// Cancels the deliveries still pending for a webhook endpoint that is going away.
pub async fn cancel_pending_for_endpoint(conn: &impl ConnectionTrait, endpoint_id: Uuid) -> Result<(), DbErr> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(DeliveryStatus::Cancelled))
        .filter(outbox::Column::EndpointId.eq(endpoint_id))
        .filter(outbox::Column::Status.eq(DeliveryStatus::Pending))
        .exec(conn)
        .await?;
    Ok(())
}

/// Puts a webhook delivery back in the queue, due now, with a new retry period.
pub async fn requeue_webhook(conn: &impl ConnectionTrait, row: outbox::Model) -> Result<outbox::Model, DbErr> {
    let now = Utc::now();
    let mut model = row.into_active_model();
    model.status = Set(DeliveryStatus::Pending);
    model.next_attempt_at = Set(now);
    model.give_up_at = Set(now + chrono(WEBHOOK_GIVE_UP));
    model.update(conn).await
}

/// The event a webhook delivery reports.
pub struct WebhookEvent<'a> {
    pub id: i64,
    pub event_type: EventType,
    pub conversation_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    pub data: &'a Value,
}

/// Queues the webhooks of one event for every enabled endpoint that wants it; call it
/// in the transaction that records the event.
pub async fn enqueue_webhooks(conn: &impl ConnectionTrait, event: WebhookEvent<'_>) -> Result<(), DbErr> {
    enqueue_webhooks_of(conn, vec![event]).await
}

/// Queues the webhooks of several events, reading the endpoints once.
pub async fn enqueue_webhooks_of(conn: &impl ConnectionTrait, events: Vec<WebhookEvent<'_>>) -> Result<(), DbErr> {
    if events.is_empty() {
        return Ok(());
    }
    let endpoints =
        webhook_endpoint::Entity::find().filter(webhook_endpoint::Column::Enabled.eq(true)).all(conn).await?;
    if endpoints.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let mut rows = Vec::new();
    for event in events {
        let event_type = event.event_type.as_str();
        let wanting = endpoints.iter().filter(|endpoint| {
            event.event_type.always_delivered()
                || endpoint.event_types.as_array().is_some_and(|types| {
                    types.iter().any(|wanted| {
                        wanted
                            .as_str()
                            .and_then(Subscription::parse)
                            .is_some_and(|wanted| wanted.wants(event.event_type))
                    })
                })
        });
        // One body for every endpoint: the same event, the same timestamp.
        let body = WebhookBody { event_type, event_id: event.id, timestamp: now, data: event.data };
        let body = serde_json::to_value(&body).unwrap_or_default();
        for endpoint in wanting {
            let row = NewRow {
                kind: DeliveryKind::Webhook,
                endpoint_id: Some(endpoint.id),
                customer_id: event.customer_id,
                conversation_id: event.conversation_id,
                topic: event_type.to_owned(),
                payload: body.clone(),
            };
            rows.push(new_row(row, WEBHOOK_GIVE_UP, now));
        }
    }
    if !rows.is_empty() {
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            outbox::Entity::insert_many(chunk.iter().cloned()).exec_without_returning(conn).await?;
        }
    }
    Ok(())
}

/// A sequence of deliveries that keeps its order: an endpoint's webhooks, or a
/// customer's emails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Lane {
    Endpoint(Uuid),
    Emails(Uuid),
}

impl Lane {
    fn of(row: &outbox::Model) -> Self {
        match row.kind {
            DeliveryKind::Webhook => Self::Endpoint(row.endpoint_id.unwrap_or(row.id)),
            DeliveryKind::Email => Self::Emails(row.customer_id.unwrap_or(row.id)),
        }
    }
}

/// A lane being delivered by this process; freed when dropped.
struct LaneLease {
    busy: Arc<Mutex<HashSet<Lane>>>,
    lane: Lane,
}

impl LaneLease {
    fn take(busy: &Arc<Mutex<HashSet<Lane>>>, lane: Lane) -> Option<Self> {
        let taken = busy.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(lane);
        taken.then(|| Self { busy: busy.clone(), lane })
    }
}

impl Drop for LaneLease {
    fn drop(&mut self) {
        self.busy.lock().unwrap_or_else(std::sync::PoisonError::into_inner).remove(&self.lane);
    }
}

/// Delivers what is due, with retries: the outbox worker.
pub struct Worker {
    store: Store,
    mailer: Mailer,
    http: reqwest::Client,
    policy: Policy,
    busy: Arc<Mutex<HashSet<Lane>>>,
    slots: Arc<Semaphore>,
    lane_ended: Notify,
    lanes: TaskTracker,
    /// Cancelled on shutdown: lanes stop between rows.
    stopping: CancellationToken,
}

impl Worker {
    pub fn new(store: Store, mailer: Mailer, http: reqwest::Client, policy: Policy) -> Self {
        let slots = Arc::new(Semaphore::new(policy.max_in_flight.clamp(1, Semaphore::MAX_PERMITS)));
        let (busy, lane_ended, lanes) = (Arc::default(), Notify::new(), TaskTracker::new());
        Self { store, mailer, http, policy, busy, slots, lane_ended, lanes, stopping: CancellationToken::new() }
    }

    /// Starts the due lanes every second, and whenever a lane ends, until `shutdown`;
    /// then waits for the deliveries under way.
    pub async fn run(self: Arc<Self>, shutdown: CancellationToken) {
        loop {
            if let Err(error) = self.start_due(Utc::now()).await {
                tracing::warn!(%error, "outbox delivery round failed");
            }
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(1)) => {}
                () = self.lane_ended.notified() => {}
                () = shutdown.cancelled() => break,
            }
        }
        self.stopping.cancel();
        self.lanes.close();
        self.lanes.wait().await;
    }

    /// Delivers every row due at `now`, lanes side by side; returns how many it attempted.
    pub async fn deliver_due(self: &Arc<Self>, now: DateTime<Utc>) -> Result<usize, DbErr> {
        let mut attempted = 0;
        loop {
            let started = self.start_due(now).await?;
            let mut this_round = 0;
            for lane in started {
                this_round += lane.await.unwrap_or_else(|error| {
                    tracing::error!(%error, "an outbox lane failed");
                    0
                });
            }
            if this_round == 0 {
                return Ok(attempted);
            }
            attempted += this_round;
        }
    }

    /// Starts a task for each lane with rows due at `now` that no task of this process
    /// is delivering, as far as the bound on lanes in flight allows.
    async fn start_due(self: &Arc<Self>, now: DateTime<Utc>) -> Result<Vec<JoinHandle<usize>>, DbErr> {
        // Lanes under way are left out, so that one lane's backlog never fills the batch.
        let (mut busy_endpoints, mut busy_customers) = (Vec::new(), Vec::new());
        for lane in self.busy.lock().unwrap_or_else(std::sync::PoisonError::into_inner).iter() {
            match lane {
                Lane::Endpoint(id) => busy_endpoints.push(*id),
                Lane::Emails(id) => busy_customers.push(*id),
            }
        }
        let free = |kind: DeliveryKind, column: outbox::Column, busy: Vec<Uuid>| {
            Condition::any().add(outbox::Column::Kind.ne(kind)).add(column.is_null()).add(column.is_not_in(busy))
        };
        let due = outbox::Entity::find()
            .filter(outbox::Column::Status.eq(DeliveryStatus::Pending))
            .filter(outbox::Column::NextAttemptAt.lte(now))
            .filter(free(DeliveryKind::Webhook, outbox::Column::EndpointId, busy_endpoints))
            .filter(free(DeliveryKind::Email, outbox::Column::CustomerId, busy_customers))
            .order_by_asc(outbox::Column::NextAttemptAt)
            .order_by_asc(outbox::Column::Id)
            .limit(BATCH)
            .all(self.store.db())
            .await?;
        let mut lanes: Vec<(Lane, Vec<outbox::Model>)> = Vec::new();
        for row in due {
            let lane = Lane::of(&row);
            match lanes.iter_mut().find(|(other, _)| *other == lane) {
                Some((_, rows)) => rows.push(row),
                None => lanes.push((lane, vec![row])),
            }
        }
        let mut started = Vec::new();
        for (lane, rows) in lanes {
            let Ok(slot) = self.slots.clone().try_acquire_owned() else { break };
            let Some(lease) = LaneLease::take(&self.busy, lane) else { continue };
            let worker = self.clone();
            started.push(self.lanes.spawn(async move {
                let attempted = worker.deliver_lane(rows, now).await;
                drop((lease, slot));
                // A lane that got nothing done (the database refusing writes, say) does
                // not wake the next round early.
                if attempted > 0 {
                    worker.lane_ended.notify_one();
                }
                attempted
            }));
        }
        Ok(started)
    }

    /// Delivers a lane's rows in order; returns how many it attempted.
    /// `due` is the time the rows were due at; each is claimed and recorded at the time
    /// its turn comes (never before `due`), since a lane of slow sends takes a while.
    async fn deliver_lane(&self, rows: Vec<outbox::Model>, due: DateTime<Utc>) -> usize {
        let mut attempted = 0;
        for row in rows {
            if self.stopping.is_cancelled() {
                break;
            }
            let now = Utc::now().max(due);
            match self.claim(&row, due, now).await {
                Ok(true) => {}
                Ok(false) => continue,
                Err(error) => {
                    tracing::warn!(%error, "cannot claim an outbox row; the lane resumes next round");
                    break;
                }
            }
            if let Err(error) = self.deliver(row, now).await {
                tracing::warn!(%error, "cannot record an outbox attempt; the row is retried when its lease ends");
                break;
            }
            attempted += 1;
        }
        attempted
    }

    /// Moves the row's next attempt a lease ahead, unless another worker did first.
    async fn claim(&self, row: &outbox::Model, due: DateTime<Utc>, now: DateTime<Utc>) -> Result<bool, DbErr> {
        let txn = self.store.write().await?;
        let claimed = outbox::Entity::update_many()
            .col_expr(outbox::Column::NextAttemptAt, Expr::value(now + chrono(self.policy.lease)))
            .filter(outbox::Column::Id.eq(row.id))
            .filter(outbox::Column::Status.eq(DeliveryStatus::Pending))
            .filter(outbox::Column::NextAttemptAt.lte(due))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(claimed.rows_affected == 1)
    }

    async fn deliver(&self, row: outbox::Model, now: DateTime<Utc>) -> Result<(), DbErr> {
        let (status_code, error) = match row.kind {
            DeliveryKind::Email => match serde_json::from_value::<Email>(row.payload.clone()) {
                Ok(email) => {
                    // Within half the lease, like webhooks: the row must not be claimed again
                    // while this send may still go out.
                    let sent = tokio::time::timeout(self.policy.lease / 2, self.mailer.send(row.id, &email)).await;
                    match sent {
                        Ok(sent) => (None, sent.err().map(|e| e.to_string())),
                        Err(_) => (None, Some("the SMTP server did not finish in time".to_owned())),
                    }
                }
                Err(error) => (None, Some(format!("unreadable email: {error}"))),
            },
            DeliveryKind::Webhook => {
                let endpoint = match row.endpoint_id {
                    Some(id) => webhook_endpoint::Entity::find_by_id(id).one(self.store.db()).await?,
                    None => None,
                };
                match endpoint {
                    Some(endpoint) if endpoint.enabled => {
                        let body = row.payload.to_string();
                        let id = format!("msg_{}", row.id.simple());
                        let attempt = webhook::deliver(
                            &self.http,
                            &endpoint.url,
                            &endpoint.secret,
                            &id,
                            &body,
                            self.policy.webhook_timeout.min(self.policy.lease / 2),
                        )
                        .await;
                        (attempt.status.map(i32::from), if attempt.succeeded() { None } else { attempt.error })
                    }
                    Some(_) => (None, Some("the endpoint is disabled".into())),
                    None => (None, Some("the endpoint was deleted".into())),
                }
            }
        };
        self.record(row, status_code, error, now).await
    }

    async fn record(
        &self,
        row: outbox::Model,
        status_code: Option<i32>,
        error: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let outcome = if error.is_none() { "delivered" } else { "failed" };
        metrics::counter!("livechat_outbox_attempts_total", "kind" => row.kind.as_str(), "outcome" => outcome)
            .increment(1);
        let endpoint_id = row.endpoint_id;
        let kind = row.kind;
        let txn = self.store.write().await?;
        // The endpoint's row before the delivery's, as deleting an endpoint takes them.
        if kind == DeliveryKind::Webhook
            && let Some(endpoint_id) = endpoint_id
        {
            self.track_endpoint(&*txn, endpoint_id, error.as_deref(), now).await?;
        }
        outbox_attempt::ActiveModel {
            id: Set(Uuid::now_v7()),
            outbox_id: Set(row.id),
            attempted_at: Set(now),
            succeeded: Set(error.is_none()),
            status_code: Set(status_code),
            error: Set(error.clone().map(|e| truncate(&e))),
        }
        .insert(&*txn)
        .await?;
        let attempts = row.attempts + 1;
        let give_up_at = row.give_up_at;
        let mut model = row.into_active_model();
        model.attempts = Set(attempts);
        match &error {
            None => {
                model.status = Set(DeliveryStatus::Delivered);
                model.delivered_at = Set(Some(now));
                model.last_error = Set(None);
            }
            Some(error) if now >= give_up_at => {
                model.status = Set(DeliveryStatus::Failed);
                model.last_error = Set(Some(truncate(error)));
            }
            Some(error) => {
                model.next_attempt_at = Set(now + backoff(self.policy.first_retry, attempts - 1));
                model.last_error = Set(Some(truncate(error)));
            }
        }
        model.update(&*txn).await?;
        txn.commit().await
    }

    /// Remembers since when an endpoint fails; one failing for too long is disabled. The
    /// endpoint's row is locked: lanes of several processes may record attempts to it at
    /// once, and an admin may change it.
    async fn track_endpoint(
        &self,
        conn: &impl ConnectionTrait,
        id: Uuid,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let found = webhook_endpoint::Entity::find_by_id(id).lock(LockType::NoKeyUpdate).one(conn).await?;
        let Some(endpoint) = found else { return Ok(()) };
        if !endpoint.enabled {
            return Ok(());
        }
        let failing_since = endpoint.failing_since;
        let mut model = endpoint.into_active_model();
        match (error, failing_since) {
            (None, Some(_)) => model.failing_since = Set(None),
            (None, None) => return Ok(()),
            (Some(_), None) => model.failing_since = Set(Some(now)),
            (Some(error), Some(since)) if now - since >= chrono(self.policy.disable_endpoint_after) => {
                model.enabled = Set(false);
                model.disabled_reason = Set(Some(truncate(&format!("failing since {since}: {error}"))));
                tracing::warn!(endpoint = %id, "disabled a webhook endpoint that kept failing");
            }
            (Some(_), Some(_)) => return Ok(()),
        }
        model.updated_at = Set(now);
        model.update(conn).await?;
        Ok(())
    }
}

fn truncate(text: &str) -> String {
    text.chars().take(1000).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let first = Duration::from_secs(2);
        assert_eq!(backoff(first, 0).num_seconds(), 2);
        assert_eq!(backoff(first, 3).num_seconds(), 16);
        assert_eq!(backoff(first, 40).num_seconds(), MAX_BACKOFF_SECS);
    }
}
