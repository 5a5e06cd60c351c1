//! API keys for the bot platform.

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
use crate::service::api_keys::{self, MAX_NAME_LEN};
use crate::wire::ApiKeyRecord;
use crate::wire::values::PageCursor;
use crate::wire::values::{Line, Token};

/// A new API key.
#[derive(Debug, Object)]
#[oai(example)]
pub struct CreateApiKey {
    /// What the key is for, e.g. the bot platform's name.
    pub name: Line<MAX_NAME_LEN>,
}

impl Example for CreateApiKey {
    fn example() -> Self {
        CreateApiKey { name: "bot platform (production)".into() }
    }
}

/// A created API key with its secret, shown this once.
#[derive(Debug, Object)]
#[oai(example)]
pub struct CreatedApiKey {
    /// Send as `Authorization: Bearer <key>`. It is stored hashed and cannot be shown again.
    pub key: Token,
    pub record: ApiKeyRecord,
}

/// A page of API keys.
#[derive(Debug, Object)]
pub struct ApiKeyPage {
    pub items: Vec<ApiKeyRecord>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<PageCursor>,
}

#[derive(ApiResponse)]
pub enum ApiKeyCreated {
    /// The key was created; `key` is shown only now.
    #[oai(status = 201)]
    Created(
        Json<CreatedApiKey>,
        /// The new key: `/v1/api-keys/{api_key_id}` (to revoke it).
        #[oai(header = "Location")]
        String,
    ),
}

pub struct ApiKeyApi;

#[OpenApi(tag = "Tag::ApiKeys")]
impl ApiKeyApi {
    /// List API keys (admin)
    #[oai(path = "/v1/api-keys", method = "get", operation_id = "list_api_keys")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Page size, 1 to 200 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<ApiKeyPage>, Problems<{ PARAMS | UNAUTHORIZED | FORBIDDEN | UNPROCESSABLE }>> {
        let page = api_keys::list(&state.services, &auth.0, cursor.0.as_deref(), limit.0).await?;
        Ok(Json(ApiKeyPage { items: page.items, next_cursor: page.next_cursor }))
    }

    /// Create an API key for the bot platform (admin)
    ///
    /// Returns the key (`lc_…`) with its record. The key is shown only in this response
    /// (it is stored hashed); the bot platform sends it as `Authorization: Bearer <key>`
    /// until it is revoked.
    #[oai(path = "/v1/api-keys", method = "post", operation_id = "create_api_key")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        body: Json<CreateApiKey>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<ApiKeyCreated, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | UNPROCESSABLE }>> {
        let (record, key) = api_keys::create(&state.services, &auth.0, &body.name).await?;
        let location = format!("/v1/api-keys/{}", record.id);
        Ok(ApiKeyCreated::Created(Json(CreatedApiKey { key: Token::stored(key), record }), location))
    }

    /// Revoke an API key (admin)
    ///
    /// The key gets 401 from its next request on; customer tokens issued with it stay
    /// valid until they expire. Returns the record with `revoked_at`; revoking a revoked
    /// key changes nothing.
    #[oai(path = "/v1/api-keys/:api_key_id", method = "delete", operation_id = "revoke_api_key")]
    async fn revoke(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The key's id.
        api_key_id: Path<Uuid>,
    ) -> Result<Json<ApiKeyRecord>, Problems<{ PARAMS | UNAUTHORIZED | FORBIDDEN | NOT_FOUND }>> {
        Ok(Json(api_keys::revoke(&state.services, &auth.0, api_key_id.0).await?))
    }
}

impl Example for CreatedApiKey {
    fn example() -> Self {
        Self { key: Token::from("lc_3kTqXZ9vJ2mN8pR4sW7yB1cD5fG6hL0"), record: ApiKeyRecord::example() }
    }
}
