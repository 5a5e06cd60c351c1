//! Webhook endpoints of the bot platform and the outbox's deliveries (admins).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::types::Example;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::Tag;
use super::problem::ApiError;
use super::security::AgentToken;
use crate::AppState;
use crate::service::webhooks::{self, DeliveryView, EndpointView};

/// A webhook endpoint. Every exit (`conversation.ended`) is delivered to every enabled
/// endpoint; other event types to those that subscribed (`*` for all).
#[derive(Debug, Object)]
pub struct WebhookEndpoint {
    pub id: Uuid,
    pub url: String,
    pub event_types: Vec<String>,
    /// `false` once disabled by an admin, or by the server after failing for too long.
    pub enabled: bool,
    /// Why the server disabled it.
    pub disabled_reason: Option<String>,
    /// Since when deliveries fail, while they do.
    pub failing_since: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<EndpointView> for WebhookEndpoint {
    fn from(view: EndpointView) -> Self {
        Self {
            id: view.id,
            url: view.url,
            event_types: view.event_types,
            enabled: view.enabled,
            disabled_reason: view.disabled_reason,
            failing_since: view.failing_since,
            created_at: view.created_at,
        }
    }
}

/// An endpoint with its signing secret.
#[derive(Debug, Object)]
pub struct WebhookEndpointWithSecret {
    pub endpoint: WebhookEndpoint,
    /// The Standard Webhooks secret (`whsec_…`) that signs deliveries.
    pub secret: String,
}

/// A new endpoint.
#[derive(Debug, Object)]
#[oai(example)]
pub struct CreateWebhookEndpoint {
    /// An http(s) URL.
    #[oai(validator(min_length = 1, max_length = 2000))]
    pub url: String,
    /// Event types beyond the exits, e.g. `message.created`; `*` for every type.
    #[oai(default, validator(max_items = 32))]
    pub event_types: Vec<String>,
}

impl Example for CreateWebhookEndpoint {
    fn example() -> Self {
        Self { url: "https://bots.example.com/livechat/webhook".into(), event_types: vec!["message.created".into()] }
    }
}

/// Changes to an endpoint; absent fields stay.
#[derive(Debug, Object)]
#[oai(example)]
pub struct UpdateWebhookEndpoint {
    #[oai(validator(min_length = 1, max_length = 2000))]
    pub url: Option<String>,
    #[oai(validator(max_items = 32))]
    pub event_types: Option<Vec<String>>,
    /// `true` re-enables a disabled endpoint.
    pub enabled: Option<bool>,
}

impl Example for UpdateWebhookEndpoint {
    fn example() -> Self {
        Self { url: None, event_types: None, enabled: Some(true) }
    }
}

/// The endpoints.
#[derive(Debug, Object)]
pub struct WebhookEndpointList {
    pub items: Vec<WebhookEndpoint>,
}

/// Where an outbox row stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum DeliveryStatus {
    Pending,
    Delivered,
    Failed,
    Cancelled,
}

impl DeliveryStatus {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
        }
    }
}

/// An email or webhook in the outbox.
#[derive(Debug, Object)]
pub struct Delivery {
    pub id: Uuid,
    /// `email` or `webhook`.
    pub kind: String,
    /// The event type of a webhook, or what an email is about.
    pub topic: String,
    /// `pending`, `delivered`, `failed` (gave up) or `cancelled`.
    pub status: String,
    pub attempts: i32,
    /// The error of the last failed attempt.
    pub last_error: Option<String>,
    pub conversation_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub next_attempt_at: DateTime<Utc>,
    pub delivered_at: Option<DateTime<Utc>>,
}

impl From<DeliveryView> for Delivery {
    fn from(view: DeliveryView) -> Self {
        Self {
            id: view.id,
            kind: view.kind,
            topic: view.topic,
            status: view.status,
            attempts: view.attempts,
            last_error: view.last_error,
            conversation_id: view.conversation_id,
            created_at: view.created_at,
            next_attempt_at: view.next_attempt_at,
            delivered_at: view.delivered_at,
        }
    }
}

/// A page of deliveries, newest first.
#[derive(Debug, Object)]
pub struct DeliveryPage {
    pub items: Vec<Delivery>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(ApiResponse)]
pub enum EndpointCreated {
    /// The endpoint was registered; keep its secret to verify signatures.
    #[oai(status = 201)]
    Created(Json<WebhookEndpointWithSecret>),
}

#[derive(ApiResponse)]
pub enum EndpointDeleted {
    /// The endpoint was deleted; its pending deliveries are cancelled.
    #[oai(status = 204)]
    Deleted,
}

fn deliveries(page: crate::service::Page<DeliveryView>) -> Json<DeliveryPage> {
    Json(DeliveryPage { items: page.items.into_iter().map(Into::into).collect(), next_cursor: page.next_cursor })
}

pub struct WebhookApi;

#[OpenApi(tag = "Tag::Webhooks")]
impl WebhookApi {
    /// List webhook endpoints (admin)
    #[oai(path = "/v1/webhooks", method = "get", operation_id = "list_webhook_endpoints")]
    async fn list(&self, state: Data<&Arc<AppState>>, auth: AgentToken) -> Result<Json<WebhookEndpointList>, ApiError> {
        let items = webhooks::list(&state.services, &auth.0).await?;
        Ok(Json(WebhookEndpointList { items: items.into_iter().map(Into::into).collect() }))
    }

    /// Register a webhook endpoint (admin)
    ///
    /// Deliveries are JSON (`type`, `event_id`, `timestamp`, `data`) signed per Standard
    /// Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature`.
    #[oai(path = "/v1/webhooks", method = "post", operation_id = "create_webhook_endpoint")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        body: Json<CreateWebhookEndpoint>,
    ) -> Result<EndpointCreated, ApiError> {
        let body = body.0;
        let (endpoint, secret) = webhooks::create(&state.services, &auth.0, &body.url, body.event_types).await?;
        Ok(EndpointCreated::Created(Json(WebhookEndpointWithSecret { endpoint: endpoint.into(), secret })))
    }

    /// Get a webhook endpoint with its secret (admin)
    ///
    /// The `secret` is the one returned at registration; it does not change and, unlike an
    /// API key, can be read again at any time.
    #[oai(path = "/v1/webhooks/:endpoint_id", method = "get", operation_id = "get_webhook_endpoint")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The endpoint's id.
        endpoint_id: Path<Uuid>,
    ) -> Result<Json<WebhookEndpointWithSecret>, ApiError> {
        let (endpoint, secret) = webhooks::get(&state.services, &auth.0, endpoint_id.0).await?;
        Ok(Json(WebhookEndpointWithSecret { endpoint: endpoint.into(), secret }))
    }

    /// Change, enable or disable a webhook endpoint (admin)
    ///
    /// Absent fields stay; `url` and `event_types` are checked as on registration (422).
    /// `enabled: true` re-enables an endpoint and clears `disabled_reason` and
    /// `failing_since`. While an endpoint is disabled no event is queued for it, exits
    /// included, and deliveries already queued fail their attempts until it is enabled
    /// again or they give up.
    #[oai(path = "/v1/webhooks/:endpoint_id", method = "patch", operation_id = "update_webhook_endpoint")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The endpoint's id.
        endpoint_id: Path<Uuid>,
        body: Json<UpdateWebhookEndpoint>,
    ) -> Result<Json<WebhookEndpoint>, ApiError> {
        let body = body.0;
        let updated =
            webhooks::update(&state.services, &auth.0, endpoint_id.0, body.url, body.event_types, body.enabled).await?;
        Ok(Json(updated.into()))
    }

    /// Delete a webhook endpoint (admin)
    ///
    /// No event is queued for it any more, and its deliveries still pending are
    /// `cancelled` (see `GET /v1/outbox`). An unknown or already deleted endpoint is a 404.
    #[oai(path = "/v1/webhooks/:endpoint_id", method = "delete", operation_id = "delete_webhook_endpoint")]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The endpoint's id.
        endpoint_id: Path<Uuid>,
    ) -> Result<EndpointDeleted, ApiError> {
        webhooks::delete(&state.services, &auth.0, endpoint_id.0).await?;
        Ok(EndpointDeleted::Deleted)
    }

    /// List an endpoint's recent deliveries (admin)
    ///
    /// Newest first, with each delivery's `status`, `attempts` and `last_error`. A
    /// delivery's `webhook-id` header is `msg_` and its `id` without dashes.
    #[oai(path = "/v1/webhooks/:endpoint_id/deliveries", method = "get", operation_id = "list_webhook_deliveries")]
    async fn deliveries(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The endpoint's id.
        endpoint_id: Path<Uuid>,
        /// The `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Page size, 1 to 200 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<DeliveryPage>, ApiError> {
        let page = webhooks::deliveries(&state.services, &auth.0, endpoint_id.0, cursor.0.as_deref(), limit.0).await?;
        Ok(deliveries(page))
    }

    /// Send a delivery again (admin)
    ///
    /// With the same `webhook-id`, so a receiver that already processed it can skip it.
    #[oai(
        path = "/v1/webhooks/:endpoint_id/deliveries/:delivery_id/replay",
        method = "post",
        operation_id = "replay_webhook_delivery"
    )]
    async fn replay(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The endpoint's id.
        endpoint_id: Path<Uuid>,
        /// The delivery's id.
        delivery_id: Path<Uuid>,
    ) -> Result<Json<Delivery>, ApiError> {
        Ok(Json(webhooks::replay(&state.services, &auth.0, endpoint_id.0, delivery_id.0).await?.into()))
    }

    /// List outbox rows: emails and webhooks (admin)
    ///
    /// `status=failed` shows what the server gave up on, with the last error.
    #[oai(path = "/v1/outbox", method = "get", operation_id = "list_outbox")]
    async fn outbox(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// Only rows in this status.
        status: Query<Option<DeliveryStatus>>,
        /// The `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Page size, 1 to 200 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<DeliveryPage>, ApiError> {
        let status = status.0.map(DeliveryStatus::as_str);
        let page = webhooks::outbox(&state.services, &auth.0, status, cursor.0.as_deref(), limit.0).await?;
        Ok(deliveries(page))
    }
}
