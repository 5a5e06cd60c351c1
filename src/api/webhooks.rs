//! Webhook endpoints of the bot platform and the outbox's deliveries (admins).

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::types::Example;
use poem_openapi::{ApiResponse, Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::idempotency::IdempotencyKey;
use super::problem::{Problems, status::*};
use super::security::AgentToken;
use super::{AppState, Tag};
use crate::domain::HttpUrl;
use crate::service::webhooks;
use crate::service::{self, Page};
use crate::wire::values::PageCursor;
use crate::wire::values::WebUrl;
use crate::wire::{Delivery, DeliveryStatus, WebhookEndpoint, WebhookEventType};

/// The statuses of an admin's operation on one endpoint.
const ONE_ENDPOINT: u16 = PARAMS | UNAUTHORIZED | FORBIDDEN | NOT_FOUND;

fn url(given: WebUrl) -> Result<HttpUrl, service::Error> {
    Ok(HttpUrl::parse("url", given.as_str())?)
}

/// An endpoint with its signing secret.
#[derive(Debug, Object)]
#[oai(example)]
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
    pub url: WebUrl,
    /// Event types beyond the exits, e.g. `message.created`; `*` for every type.
    #[oai(default, validator(max_items = 32))]
    pub event_types: Vec<WebhookEventType>,
}

impl Example for CreateWebhookEndpoint {
    fn example() -> Self {
        Self {
            url: "https://bots.example.com/livechat/webhook".into(),
            event_types: vec![WebhookEventType::MessageCreated],
        }
    }
}

/// Changes to an endpoint; absent fields stay.
#[derive(Debug, Object)]
#[oai(example)]
pub struct UpdateWebhookEndpoint {
    pub url: Option<WebUrl>,
    #[oai(validator(max_items = 32))]
    pub event_types: Option<Vec<WebhookEventType>>,
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

/// A page of deliveries, newest first.
#[derive(Debug, Object)]
pub struct DeliveryPage {
    pub items: Vec<Delivery>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<PageCursor>,
}

#[derive(ApiResponse)]
pub enum EndpointCreated {
    /// The endpoint was registered; keep its secret to verify signatures.
    #[oai(status = 201)]
    Created(
        Json<WebhookEndpointWithSecret>,
        /// The new endpoint: `/v1/webhooks/{endpoint_id}`.
        #[oai(header = "Location")]
        String,
    ),
}

#[derive(ApiResponse)]
pub enum EndpointDeleted {
    /// The endpoint was deleted; its pending deliveries are cancelled.
    #[oai(status = 204)]
    Deleted,
}

fn deliveries(page: Page<Delivery>) -> Json<DeliveryPage> {
    Json(DeliveryPage { items: page.items, next_cursor: page.next_cursor })
}

pub struct WebhookApi;

#[OpenApi(tag = "Tag::Webhooks")]
impl WebhookApi {
    /// List webhook endpoints (admin)
    #[oai(path = "/v1/webhooks", method = "get", operation_id = "list_webhook_endpoints")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
    ) -> Result<Json<WebhookEndpointList>, Problems<{ UNAUTHORIZED | FORBIDDEN }>> {
        let items = webhooks::list(&state.services, &auth.0).await?;
        Ok(Json(WebhookEndpointList { items }))
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
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<EndpointCreated, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | UNPROCESSABLE }>> {
        let body = body.0;
        let event_types = body.event_types.into_iter().map(Into::into).collect();
        let (endpoint, secret) = webhooks::create(&state.services, &auth.0, url(body.url)?, event_types).await?;
        let location = format!("/v1/webhooks/{}", endpoint.id);
        Ok(EndpointCreated::Created(Json(WebhookEndpointWithSecret { endpoint, secret }), location))
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
    ) -> Result<Json<WebhookEndpointWithSecret>, Problems<ONE_ENDPOINT>> {
        let (endpoint, secret) = webhooks::get(&state.services, &auth.0, endpoint_id.0).await?;
        Ok(Json(WebhookEndpointWithSecret { endpoint, secret }))
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
    ) -> Result<Json<WebhookEndpoint>, Problems<{ ONE_ENDPOINT | BODY | UNPROCESSABLE }>> {
        let body = body.0;
        let url = body.url.map(url).transpose()?;
        let event_types = body.event_types.map(|types| types.into_iter().map(Into::into).collect());
        let updated = webhooks::update(&state.services, &auth.0, endpoint_id.0, url, event_types, body.enabled).await?;
        Ok(Json(updated))
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
    ) -> Result<EndpointDeleted, Problems<ONE_ENDPOINT>> {
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
    ) -> Result<Json<DeliveryPage>, Problems<{ ONE_ENDPOINT | UNPROCESSABLE }>> {
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
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<Delivery>, Problems<{ ONE_ENDPOINT | CONFLICT }>> {
        Ok(Json(webhooks::replay(&state.services, &auth.0, endpoint_id.0, delivery_id.0).await?))
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
    ) -> Result<Json<DeliveryPage>, Problems<{ PARAMS | UNAUTHORIZED | FORBIDDEN | UNPROCESSABLE }>> {
        let status = status.0.map(Into::into);
        let page = webhooks::outbox(&state.services, &auth.0, status, cursor.0.as_deref(), limit.0).await?;
        Ok(deliveries(page))
    }
}

impl Example for WebhookEndpointWithSecret {
    fn example() -> Self {
        Self { endpoint: WebhookEndpoint::example(), secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".into() }
    }
}
