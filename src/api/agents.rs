//! Agent accounts, and the calling agent's own profile and presence.

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
use crate::domain;
use crate::service::agents::{self, AgentChanges, MAX_NAME_LEN, NewAgent};
use crate::service::{self, Page};
use crate::wire::values::PageCursor;
use crate::wire::values::{Email, Line, Password};
use crate::wire::{Agent, Presence, Role};

/// A new agent account.
#[derive(Debug, Object)]
#[oai(example)]
pub struct CreateAgent {
    pub email: Email,
    pub name: Line<MAX_NAME_LEN>,
    /// 10 to 256 characters.
    pub password: Password,
    /// Defaults to `agent`.
    pub role: Option<Role>,
    /// The agent's own limit of active chats (1 to 1000); absent: the module's or the
    /// server's.
    #[oai(validator(minimum(value = "1"), maximum(value = "1000")))]
    pub max_active_chats: Option<u32>,
    /// The groups the agent serves (at most 50).
    #[oai(default, validator(max_items = 50))]
    pub group_ids: Vec<Uuid>,
}

impl Example for CreateAgent {
    fn example() -> Self {
        CreateAgent {
            email: "ada@example.com".into(),
            name: "Ada".into(),
            password: "correct horse battery".into(),
            role: Some(Role::Agent),
            max_active_chats: Some(3),
            group_ids: vec![],
        }
    }
}

/// Changes to an agent account; absent fields stay as they are.
#[derive(Debug, Object)]
#[oai(example)]
pub struct UpdateAgent {
    pub name: Option<Line<MAX_NAME_LEN>>,
    pub password: Option<Password>,
    pub role: Option<Role>,
    /// `false` deactivates the agent: logins are refused and tokens stop working.
    pub active: Option<bool>,
    /// The agent's own limit of active chats (1 to 1000); `0` removes it, so the
    /// module's or the server's applies.
    #[oai(validator(minimum(value = "0"), maximum(value = "1000")))]
    pub max_active_chats: Option<u32>,
    /// Replaces the groups the agent serves (at most 50).
    #[oai(validator(max_items = 50))]
    pub group_ids: Option<Vec<Uuid>>,
}

impl Example for UpdateAgent {
    fn example() -> Self {
        UpdateAgent {
            name: None,
            password: None,
            role: None,
            active: Some(false),
            max_active_chats: None,
            group_ids: None,
        }
    }
}

/// The calling agent's new presence.
#[derive(Debug, Object)]
#[oai(example)]
pub struct SetPresence {
    pub presence: Presence,
}

impl Example for SetPresence {
    fn example() -> Self {
        SetPresence { presence: Presence::Online }
    }
}

/// A page of agents.
#[derive(Debug, Object)]
pub struct AgentPage {
    pub items: Vec<Agent>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<PageCursor>,
}

#[derive(ApiResponse)]
pub enum AgentCreated {
    /// The agent was created.
    #[oai(status = 201)]
    Created(
        Json<Agent>,
        /// The new agent: `/v1/agents/{agent_id}`.
        #[oai(header = "Location")]
        String,
    ),
}

fn page_of(page: Page<Agent>) -> AgentPage {
    AgentPage { items: page.items, next_cursor: page.next_cursor }
}

pub struct AgentApi;

#[OpenApi(tag = "Tag::Agents")]
impl AgentApi {
    /// List agents
    #[oai(path = "/v1/agents", method = "get", operation_id = "list_agents")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Page size, 1 to 200 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<AgentPage>, Problems<{ PARAMS | UNAUTHORIZED | UNPROCESSABLE }>> {
        let page = agents::list(&state.services, &auth.0, cursor.0.as_deref(), limit.0).await?;
        Ok(Json(page_of(page)))
    }

    /// Create an agent (admin)
    ///
    /// The new agent is active and `offline`, with role `agent` unless `role` says
    /// otherwise; they log in with `POST /v1/auth/login` and go online with
    /// `PUT /v1/me/presence`. An email another agent already has, deactivated ones
    /// included, is a 409 `email_taken`.
    #[oai(path = "/v1/agents", method = "post", operation_id = "create_agent")]
    async fn create(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        body: Json<CreateAgent>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<AgentCreated, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | CONFLICT | UNPROCESSABLE }>> {
        let body = body.0;
        let new = NewAgent {
            email: domain::EmailAddress::parse(body.email.as_str()).map_err(service::Error::from)?,
            name: body.name,
            password: body.password,
            role: body.role.map_or(domain::Role::Agent, Into::into),
            max_active_chats: body.max_active_chats,
            group_ids: body.group_ids,
        };
        let agent = agents::create(&state.services, &auth.0, new).await?;
        let location = format!("/v1/agents/{}", agent.id);
        Ok(AgentCreated::Created(Json(agent), location))
    }

    /// Get an agent
    #[oai(path = "/v1/agents/:agent_id", method = "get", operation_id = "get_agent")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The agent's id.
        agent_id: Path<Uuid>,
    ) -> Result<Json<Agent>, Problems<{ PARAMS | UNAUTHORIZED | NOT_FOUND }>> {
        Ok(Json(agents::get(&state.services, &auth.0, agent_id.0).await?))
    }

    /// Update or deactivate an agent (admin)
    ///
    /// Setting `active` to `false` deactivates the agent: logins are refused and
    /// existing tokens stop working at once. Admins cannot deactivate or demote
    /// themselves.
    #[oai(path = "/v1/agents/:agent_id", method = "patch", operation_id = "update_agent")]
    async fn update(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The agent's id.
        agent_id: Path<Uuid>,
        body: Json<UpdateAgent>,
    ) -> Result<Json<Agent>, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | NOT_FOUND | CONFLICT | UNPROCESSABLE }>> {
        let body = body.0;
        let changes = AgentChanges {
            name: body.name,
            password: body.password,
            role: body.role.map(Into::into),
            active: body.active,
            max_active_chats: body.max_active_chats,
            group_ids: body.group_ids,
        };
        Ok(Json(agents::update(&state.services, &auth.0, agent_id.0, changes).await?))
    }

    /// Get the calling agent
    #[oai(path = "/v1/me", method = "get", operation_id = "get_me")]
    async fn me(&self, state: Data<&Arc<AppState>>, auth: AgentToken) -> Result<Json<Agent>, Problems<UNAUTHORIZED>> {
        Ok(Json(agents::get(&state.services, &auth.0, auth.0.id).await?))
    }

    /// Set the calling agent's presence
    ///
    /// Agents go `online` to take conversations over. Whether anyone is online also
    /// decides what entering customers get when async chatting is off.
    #[oai(path = "/v1/me/presence", method = "put", operation_id = "set_presence")]
    async fn set_presence(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        body: Json<SetPresence>,
    ) -> Result<Json<Agent>, Problems<{ BODY | UNAUTHORIZED }>> {
        Ok(Json(agents::set_presence(&state.services, &auth.0, body.0.presence.into()).await?))
    }
}
