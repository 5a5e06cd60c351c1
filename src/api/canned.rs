//! Canned responses: saved replies agents send by short code.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::types::Example;
use poem_openapi::{ApiResponse, Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::idempotency::IdempotencyKey;
use super::messages::{MessagePosted, posted};
use super::models::{CannedResponse, CannedScope};
use super::problem::{Problems, status::*};
use super::security::AgentToken;
use super::{AppState, Tag};
use crate::domain::MAX_CLIENT_MESSAGE_ID_LEN;
use crate::domain::canned::{MAX_CANNED_BODY_LEN, MAX_CANNED_TITLE_LEN, MAX_SHORT_CODE_LEN};
use crate::service::canned::{self, CannedChange, NewCanned};
use crate::wire::values::{Line, Text};

/// The short code as sent: checked by the service (lowercase letters, digits, `-`, `_`).
type ShortCode = Line<{ MAX_SHORT_CODE_LEN + 1 }>;

/// A new canned response.
#[derive(Debug, Object)]
#[oai(example)]
pub struct CreateCannedResponse {
    /// 1 to 32 lowercase letters, digits, `-` and `_`, starting with a letter or digit;
    /// a leading `/` is dropped. Unique within its scope (and agent or group): 409
    /// `short_code_taken`.
    pub short_code: ShortCode,
    pub title: Line<MAX_CANNED_TITLE_LEN>,
    /// Up to 4000 characters, with placeholders `{{customer.name}}`,
    /// `{{customer.email}}`, `{{agent.name}}` and `{{variables.<name>}}`; any other is 422.
    pub body: Text<MAX_CANNED_BODY_LEN>,
    /// `personal` (default; the calling agent's own), `group` (admins; needs
    /// `group_id`) or `global` (admins).
    pub scope: Option<CannedScope>,
    /// The group whose agents use it (scope `group`).
    pub group_id: Option<Uuid>,
}

impl Example for CreateCannedResponse {
    fn example() -> Self {
        Self {
            short_code: "/refund".into(),
            title: "Refund on its way".into(),
            body: "Hi {{customer.name}}, your refund for order {{variables.order_id}} is on its way.".into(),
            scope: Some(CannedScope::Global),
            group_id: None,
        }
    }
}

/// Changes to a canned response; absent fields stay.
#[derive(Debug, Object)]
#[oai(example)]
pub struct UpdateCannedResponse {
    pub short_code: Option<ShortCode>,
    pub title: Option<Line<MAX_CANNED_TITLE_LEN>>,
    pub body: Option<Text<MAX_CANNED_BODY_LEN>>,
}

impl Example for UpdateCannedResponse {
    fn example() -> Self {
        Self { short_code: None, title: None, body: Some("Hi {{customer.name}}, your refund is on its way.".into()) }
    }
}

/// Canned responses by short code.
#[derive(Debug, Object)]
pub struct CannedResponseList {
    pub items: Vec<CannedResponse>,
}

/// Which canned response to send.
#[derive(Debug, Object)]
#[oai(example)]
pub struct SendCannedResponse {
    pub canned_response_id: Uuid,
    /// Idempotency key, as for text messages.
    pub client_message_id: Option<Line<MAX_CLIENT_MESSAGE_ID_LEN>>,
}

impl Example for SendCannedResponse {
    fn example() -> Self {
        Self { canned_response_id: CannedResponse::example().id, client_message_id: Some("c0a8012e-2".into()) }
    }
}

#[derive(ApiResponse)]
pub enum CannedCreated {
    /// The canned response was created.
    #[oai(status = 201)]
    Created(
        Json<CannedResponse>,
        /// The new canned response: `/v1/canned-responses/{canned_response_id}`.
        #[oai(header = "Location")]
        String,
    ),
}

#[derive(ApiResponse)]
pub enum CannedDeleted {
    /// The canned response was deleted.
    #[oai(status = 204)]
    Deleted,
}

/// The statuses of reading or changing one canned response.
const ONE: u16 = PARAMS | UNAUTHORIZED | FORBIDDEN | NOT_FOUND;

pub struct CannedApi;

#[OpenApi(tag = "Tag::CannedResponses")]
impl CannedApi {
    /// List the canned responses the agent may use
    ///
    /// Their own, their groups' (every group's for admins and supervisors) and the
    /// global ones, by short code. `prefix` (a leading `/` is ignored) narrows them to
    /// short codes that start with it, for a `/` menu.
    #[oai(path = "/v1/canned-responses", method = "get", operation_id = "list_canned_responses")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The start of the short codes to list.
        #[oai(validator(max_length = 33))]
        prefix: Query<Option<String>>,
        /// At most this many, 1 to 200 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<CannedResponseList>, Problems<{ PARAMS | UNAUTHORIZED }>> {
        let items = canned::list(&state.services, &auth.0, prefix.0.as_deref(), limit.0).await?;
        Ok(Json(CannedResponseList { items }))
    }

    /// Create a canned response
    ///
    /// Any agent creates `personal` ones for themselves; `group` and `global` ones are
    /// for admins (403). An unknown placeholder in `body` or a bad short code is 422; a
    /// short code taken in the same scope is 409 `short_code_taken`.
    #[oai(path = "/v1/canned-responses", method = "post", operation_id = "create_canned_response")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        body: Json<CreateCannedResponse>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<CannedCreated, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | CONFLICT | UNPROCESSABLE }>> {
        let body = body.0;
        let new = NewCanned {
            short_code: body.short_code.as_str(),
            title: body.title.as_str(),
            body: body.body.as_str(),
            scope: body.scope.unwrap_or(CannedScope::Personal).into(),
            group_id: body.group_id,
        };
        let created = canned::create(&state.services, &auth.0, new).await?;
        let location = format!("/v1/canned-responses/{}", created.id);
        Ok(CannedCreated::Created(Json(created), location))
    }

    /// Get a canned response
    ///
    /// One the agent may use; others are 404.
    #[oai(path = "/v1/canned-responses/:canned_response_id", method = "get", operation_id = "get_canned_response")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The canned response's id.
        canned_response_id: Path<Uuid>,
    ) -> Result<Json<CannedResponse>, Problems<{ PARAMS | UNAUTHORIZED | NOT_FOUND }>> {
        Ok(Json(canned::get(&state.services, &auth.0, canned_response_id.0).await?))
    }

    /// Change a canned response
    ///
    /// Agents change their own; group and global ones are for admins (403).
    #[oai(path = "/v1/canned-responses/:canned_response_id", method = "patch", operation_id = "update_canned_response")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The canned response's id.
        canned_response_id: Path<Uuid>,
        body: Json<UpdateCannedResponse>,
    ) -> Result<Json<CannedResponse>, Problems<{ ONE | BODY | CONFLICT | UNPROCESSABLE }>> {
        let body = body.0;
        let change = CannedChange {
            short_code: body.short_code.as_ref().map(Line::as_str),
            title: body.title.as_ref().map(Line::as_str),
            body: body.body.as_ref().map(Text::as_str),
        };
        Ok(Json(canned::update(&state.services, &auth.0, canned_response_id.0, change).await?))
    }

    /// Delete a canned response
    ///
    /// Agents delete their own; group and global ones are for admins (403).
    #[oai(
        path = "/v1/canned-responses/:canned_response_id",
        method = "delete",
        operation_id = "delete_canned_response"
    )]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The canned response's id.
        canned_response_id: Path<Uuid>,
    ) -> Result<CannedDeleted, Problems<ONE>> {
        canned::delete(&state.services, &auth.0, canned_response_id.0).await?;
        Ok(CannedDeleted::Deleted)
    }

    /// Send a canned response (serving agent)
    ///
    /// Renders the canned response's placeholders for this conversation and writes the
    /// result as the agent's text message (kind `text`; streams get `message.created`):
    /// the customer receives exactly the rendered text. A placeholder with no value here
    /// (no email known, a variable the process did not pass) is 422 naming it, and
    /// nothing is sent. As for any message, only the serving agent writes, and a retry
    /// with the same `client_message_id` returns the first message (200).
    #[oai(
        path = "/v1/conversations/:conversation_id/canned-replies",
        method = "post",
        operation_id = "send_canned_response"
    )]
    async fn send(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<SendCannedResponse>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<MessagePosted, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | NOT_FOUND | CONFLICT | UNPROCESSABLE }>>
    {
        let body = body.0;
        let sent =
            canned::send(&state.services, &auth.0, conversation_id.0, body.canned_response_id, body.client_message_id)
                .await?;
        Ok(posted(sent))
    }
}
