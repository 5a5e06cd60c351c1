//! Tags: labels admins keep and agents put on conversations.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::types::Example;
use poem_openapi::{ApiResponse, Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::idempotency::IdempotencyKey;
use super::models::Conversation;
use super::problem::{Problems, status::*};
use super::security::AgentToken;
use super::{AppState, Tag};
use crate::service::tags::{self, MAX_TAG_NAME_LEN};
use crate::wire::Tag as Label;
use crate::wire::values::Line;

/// A new tag.
#[derive(Debug, Object)]
#[oai(example)]
pub struct CreateTag {
    /// Up to 50 characters on one line; unique among tags whatever the case.
    pub name: Line<MAX_TAG_NAME_LEN>,
}

impl Example for CreateTag {
    fn example() -> Self {
        CreateTag { name: "refund".into() }
    }
}

/// Every tag, by name.
#[derive(Debug, Object)]
pub struct TagList {
    pub items: Vec<Label>,
}

#[derive(ApiResponse)]
pub enum TagCreated {
    /// The tag was created.
    #[oai(status = 201)]
    Created(
        Json<Label>,
        /// The new tag: `/v1/tags/{tag_id}`.
        #[oai(header = "Location")]
        String,
    ),
}

#[derive(ApiResponse)]
pub enum TagDeleted {
    /// The tag was deleted and taken off every conversation.
    #[oai(status = 204)]
    Deleted,
}

/// The statuses of tagging: a conversation out of sight or an unknown tag is 404.
const TAGGING: u16 = PARAMS | UNAUTHORIZED | NOT_FOUND;

pub struct TagApi;

#[OpenApi(tag = "Tag::Tags")]
impl TagApi {
    /// List tags
    ///
    /// Any agent reads the tags (to tag a conversation or filter by one).
    #[oai(path = "/v1/tags", method = "get", operation_id = "list_tags")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        _auth: AgentToken,
    ) -> Result<Json<TagList>, Problems<UNAUTHORIZED>> {
        Ok(Json(TagList { items: tags::list(&state.services).await? }))
    }

    /// Create a tag (admin)
    ///
    /// A name another tag has, in any case, is 409 `tag_name_taken`; control characters
    /// and line breaks are 422.
    #[oai(path = "/v1/tags", method = "post", operation_id = "create_tag")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        body: Json<CreateTag>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<TagCreated, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | CONFLICT | UNPROCESSABLE }>> {
        let tag = tags::create(&state.services, &auth.0, &body.name).await?;
        let location = format!("/v1/tags/{}", tag.id);
        Ok(TagCreated::Created(Json(tag), location))
    }

    /// Delete a tag (admin)
    ///
    /// Takes it off every conversation too, without a `conversation.untagged` for each.
    #[oai(path = "/v1/tags/:tag_id", method = "delete", operation_id = "delete_tag")]
    async fn delete(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The tag's id.
        tag_id: Path<Uuid>,
    ) -> Result<TagDeleted, Problems<{ PARAMS | UNAUTHORIZED | FORBIDDEN | NOT_FOUND }>> {
        tags::delete(&state.services, &auth.0, tag_id.0).await?;
        Ok(TagDeleted::Deleted)
    }

    /// Tag a conversation (agent)
    ///
    /// Any agent who sees the conversation tags it, open or ended; agent streams and
    /// webhooks get `conversation.tagged`. Tagging it again changes nothing (no event).
    /// Customers never see tags.
    #[oai(path = "/v1/conversations/:conversation_id/tags/:tag_id", method = "put", operation_id = "tag_conversation")]
    async fn tag(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        /// The tag's id.
        tag_id: Path<Uuid>,
    ) -> Result<Json<Conversation>, Problems<TAGGING>> {
        Ok(Json(tags::tag(&state.services, &auth.0, conversation_id.0, tag_id.0).await?))
    }

    /// Take a tag off a conversation (agent)
    ///
    /// Agent streams and webhooks get `conversation.untagged`; a conversation without
    /// the tag stays as it is (no event).
    #[oai(
        path = "/v1/conversations/:conversation_id/tags/:tag_id",
        method = "delete",
        operation_id = "untag_conversation"
    )]
    async fn untag(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        /// The tag's id.
        tag_id: Path<Uuid>,
    ) -> Result<Json<Conversation>, Problems<TAGGING>> {
        Ok(Json(tags::untag(&state.services, &auth.0, conversation_id.0, tag_id.0).await?))
    }
}
