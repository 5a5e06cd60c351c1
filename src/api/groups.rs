//! Groups of agents (departments): who serves which modules' conversations.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::Path;
use poem_openapi::types::Example;
use poem_openapi::{ApiResponse, Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::idempotency::IdempotencyKey;
use super::problem::{Problems, status::*};
use super::security::AgentToken;
use super::{AppState, Tag};
use crate::service::routing::{self, MAX_GROUP_NAME_LEN};
use crate::wire::Group;
use crate::wire::values::Line;

/// A new group.
#[derive(Debug, Object)]
#[oai(example)]
pub struct CreateGroup {
    /// Unique among groups.
    pub name: Line<MAX_GROUP_NAME_LEN>,
}

impl Example for CreateGroup {
    fn example() -> Self {
        CreateGroup { name: "Billing".into() }
    }
}

/// Every group, by name.
#[derive(Debug, Object)]
pub struct GroupList {
    pub items: Vec<Group>,
}

#[derive(ApiResponse)]
pub enum GroupCreated {
    /// The group was created.
    #[oai(status = 201)]
    Created(
        Json<Group>,
        /// The new group: `/v1/groups/{group_id}`.
        #[oai(header = "Location")]
        String,
    ),
}

pub struct GroupApi;

#[OpenApi(tag = "Tag::Groups")]
impl GroupApi {
    /// List groups
    ///
    /// Any agent may read the groups (to transfer a conversation to one).
    #[oai(path = "/v1/groups", method = "get", operation_id = "list_groups")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        _auth: AgentToken,
    ) -> Result<Json<GroupList>, Problems<UNAUTHORIZED>> {
        let items = routing::list_groups(&state.services).await?;
        Ok(Json(GroupList { items }))
    }

    /// Create a group (admin)
    ///
    /// Put agents in it with `group_ids` on `POST /v1/agents` or `PATCH /v1/agents/{agent_id}`,
    /// and name it as a module's `group_id` to have it serve that module. A name another
    /// group has is 409 `group_name_taken`.
    #[oai(path = "/v1/groups", method = "post", operation_id = "create_group")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        body: Json<CreateGroup>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<GroupCreated, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | CONFLICT | UNPROCESSABLE }>> {
        let group = routing::create_group(&state.services, &auth.0, &body.name).await?;
        let location = format!("/v1/groups/{}", group.id);
        Ok(GroupCreated::Created(Json(group), location))
    }

    /// Get a group
    #[oai(path = "/v1/groups/:group_id", method = "get", operation_id = "get_group")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        _auth: AgentToken,
        /// The group's id.
        group_id: Path<Uuid>,
    ) -> Result<Json<Group>, Problems<{ PARAMS | UNAUTHORIZED | NOT_FOUND }>> {
        Ok(Json(routing::get_group(&state.services, group_id.0).await?))
    }
}
