//! Webhook endpoints of the bot platform (admins), their deliveries, and replays.

use chrono::Utc;
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::core::page::{self, Cursor, Page};
use super::{AgentCaller, Error, Result, Services};
use crate::db::entities::{outbox, webhook_endpoint};
use crate::domain::{DeliveryStatus, HttpUrl, Subscription};
use crate::outbox::webhook;
use crate::wire::{Delivery, WebhookEndpoint};

pub const MAX_EVENT_TYPES: usize = 32;

impl From<webhook_endpoint::Model> for WebhookEndpoint {
    fn from(model: webhook_endpoint::Model) -> Self {
        let event_types = model
            .event_types
            .as_array()
            .map(|types| {
                types.iter().filter_map(|t| t.as_str().and_then(Subscription::parse)).map(Into::into).collect()
            })
            .unwrap_or_default();
        Self {
            id: model.id,
            url: model.url,
            event_types,
            enabled: model.enabled,
            disabled_reason: model.disabled_reason,
            failing_since: model.failing_since,
            created_at: model.created_at,
        }
    }
}

impl From<outbox::Model> for Delivery {
    fn from(model: outbox::Model) -> Self {
        Self {
            id: model.id,
            kind: model.kind.into(),
            topic: model.topic,
            status: model.status.into(),
            attempts: model.attempts,
            last_error: model.last_error,
            conversation_id: model.conversation_id,
            created_at: model.created_at,
            next_attempt_at: model.next_attempt_at,
            delivered_at: model.delivered_at,
        }
    }
}

fn check(event_types: &[Subscription]) -> Result<()> {
    if event_types.len() > MAX_EVENT_TYPES {
        return Err(Error::invalid(format!("at most {MAX_EVENT_TYPES} event types")));
    }
    Ok(())
}

fn stored(event_types: &[Subscription]) -> serde_json::Value {
    serde_json::json!(event_types.iter().map(|wanted| wanted.as_str()).collect::<Vec<_>>())
}

/// Registers an endpoint; returns it with its signing secret.
pub async fn create(
    services: &Services,
    admin: &AgentCaller,
    url: HttpUrl,
    event_types: Vec<Subscription>,
) -> Result<(WebhookEndpoint, String)> {
    admin.require_admin()?;
    check(&event_types)?;
    let secret = webhook::new_secret();
    let now = Utc::now();
    let txn = services.store.write().await?;
    let model = webhook_endpoint::ActiveModel {
        id: Set(Uuid::now_v7()),
        url: Set(url.into_string()),
        event_types: Set(stored(&event_types)),
        secret: Set(secret.clone()),
        enabled: Set(true),
        disabled_reason: Set(None),
        failing_since: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok((model.into(), secret))
}

pub async fn list(services: &Services, admin: &AgentCaller) -> Result<Vec<WebhookEndpoint>> {
    admin.require_admin()?;
    let rows = webhook_endpoint::Entity::find()
        .order_by_asc(webhook_endpoint::Column::Id)
        .limit(page::MAX_LIMIT)
        .all(services.store.db())
        .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

pub async fn get(services: &Services, admin: &AgentCaller, id: Uuid) -> Result<(WebhookEndpoint, String)> {
    admin.require_admin()?;
    let model = webhook_endpoint::Entity::find_by_id(id)
        .one(services.store.db())
        .await?
        .ok_or(Error::NotFound("webhook endpoint"))?;
    let secret = model.secret.clone();
    Ok((model.into(), secret))
}

/// Changes an endpoint; enabling it again clears why it was disabled.
pub async fn update(
    services: &Services,
    admin: &AgentCaller,
    id: Uuid,
    url: Option<HttpUrl>,
    event_types: Option<Vec<Subscription>>,
    enabled: Option<bool>,
) -> Result<WebhookEndpoint> {
    admin.require_admin()?;
    if let Some(types) = &event_types {
        check(types)?;
    }
    let txn = services.store.write().await?;
    // Locked: the outbox worker's tracking of failures (which may disable the endpoint)
    // takes turns with this change, and an endpoint deleted meanwhile is "not found".
    let current = webhook_endpoint::Entity::find_by_id(id)
        .lock(LockType::NoKeyUpdate)
        .one(&*txn)
        .await?
        .ok_or(Error::NotFound("webhook endpoint"))?;
    let mut model = current.into_active_model();
    if let Some(url) = url {
        model.url = Set(url.into_string());
    }
    if let Some(types) = event_types {
        model.event_types = Set(stored(&types));
    }
    if let Some(enabled) = enabled {
        model.enabled = Set(enabled);
        if enabled {
            model.disabled_reason = Set(None);
            model.failing_since = Set(None);
        }
    }
    model.updated_at = Set(Utc::now());
    let updated = model.update(&*txn).await?;
    txn.commit().await?;
    Ok(updated.into())
}

pub async fn delete(services: &Services, admin: &AgentCaller, id: Uuid) -> Result<()> {
    admin.require_admin()?;
    let txn = services.store.write().await?;
    let deleted = webhook_endpoint::Entity::delete_by_id(id).exec(&*txn).await?;
    if deleted.rows_affected == 0 {
        return Err(Error::NotFound("webhook endpoint"));
    }
    crate::outbox::cancel_pending_for_endpoint(&*txn, id).await?;
    txn.commit().await?;
    Ok(())
}

/// Deliveries to an endpoint, newest first.
pub async fn deliveries(
    services: &Services,
    admin: &AgentCaller,
    id: Uuid,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<Delivery>> {
    admin.require_admin()?;
    webhook_endpoint::Entity::find_by_id(id)
        .one(services.store.db())
        .await?
        .ok_or(Error::NotFound("webhook endpoint"))?;
    outbox_page(services, outbox::Entity::find().filter(outbox::Column::EndpointId.eq(id)), cursor, limit).await
}

/// Outbox rows (emails and webhooks), newest first, optionally of one status.
pub async fn outbox(
    services: &Services,
    admin: &AgentCaller,
    status: Option<DeliveryStatus>,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<Delivery>> {
    admin.require_admin()?;
    let mut query = outbox::Entity::find();
    if let Some(status) = status {
        query = query.filter(outbox::Column::Status.eq(status));
    }
    outbox_page(services, query, cursor, limit).await
}

async fn outbox_page(
    services: &Services,
    query: sea_orm::Select<outbox::Entity>,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<Delivery>> {
    let limit = page::limit(limit);
    let mut query = query.order_by_desc(outbox::Column::Id).limit(limit + 1);
    if let Some(cursor) = Cursor::given(cursor) {
        query = query.filter(outbox::Column::Id.lt(Cursor::decode_uuid(cursor)?));
    }
    let rows = query.all(services.store.db()).await?;
    Ok(Page::from_rows(rows, limit, |row| row.id.to_string()).map(Delivery::from))
}

/// Sends a webhook delivery again, with the same `webhook-id`.
pub async fn replay(
    services: &Services,
    admin: &AgentCaller,
    endpoint_id: Uuid,
    delivery_id: Uuid,
) -> Result<Delivery> {
    admin.require_admin()?;
    let txn = services.store.write().await?;
    // Locked: whether the delivery is under way is still so when it is queued again.
    let row = outbox::Entity::find_by_id(delivery_id)
        .lock(LockType::NoKeyUpdate)
        .one(&*txn)
        .await?
        .filter(|row| row.endpoint_id == Some(endpoint_id))
        .ok_or(Error::NotFound("delivery"))?;
    let now = Utc::now();
    if row.status == DeliveryStatus::Pending && row.next_attempt_at > now {
        return Err(Error::DeliveryInProgress);
    }
    let updated = crate::outbox::requeue_webhook(&*txn, row).await?;
    txn.commit().await?;
    Ok(updated.into())
}
