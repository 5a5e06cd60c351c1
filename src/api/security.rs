//! The three credentials, each its own security scheme in the spec. Each checker
//! accepts only its own kind, so a token of one kind never opens another kind's
//! operations; a rejected credential becomes a 401 problem.

use std::sync::Arc;

use poem::Request;
use poem_openapi::SecurityScheme;
use poem_openapi::auth::Bearer;
use uuid::Uuid;

use super::AppState;
use super::problem::{Problems, status::UNAUTHORIZED};
use crate::service::{self, AgentCaller, Caller};

type Refused = Problems<UNAUTHORIZED>;

fn state(req: &Request) -> poem::Result<&Arc<AppState>> {
    req.data::<Arc<AppState>>().ok_or_else(|| {
        poem::Error::from_string("application state missing", poem::http::StatusCode::INTERNAL_SERVER_ERROR)
    })
}

/// An agent's token from `POST /v1/auth/login`. Admin operations also take it and
/// check the agent's role.
#[derive(SecurityScheme)]
#[oai(rename = "AgentToken", ty = "bearer", bearer_format = "JWT", checker = "check_agent")]
pub struct AgentToken(pub AgentCaller);

async fn check_agent(req: &Request, bearer: Bearer) -> poem::Result<AgentCaller> {
    let state = state(req)?;
    Ok(state.services.tokens.agent(&state.services.store, &bearer.token).await.map_err(Refused::from)?)
}

/// A customer's token, returned by `POST /v1/entries` and `POST /v1/customer-tokens`;
/// scoped to one customer.
#[derive(SecurityScheme)]
#[oai(rename = "CustomerToken", ty = "bearer", bearer_format = "JWT", checker = "check_customer")]
pub struct CustomerToken(pub Uuid);

async fn check_customer(req: &Request, bearer: Bearer) -> poem::Result<Uuid> {
    let state = state(req)?;
    Ok(state.services.tokens.customer(&state.services.store, &bearer.token).await.map_err(Refused::from)?)
}

/// The bot platform's API key (`lc_…`), created by an admin.
#[derive(SecurityScheme)]
#[oai(rename = "ApiKey", ty = "bearer", bearer_format = "lc_…", checker = "check_api_key")]
pub struct ApiKey(pub Uuid);

async fn check_api_key(req: &Request, bearer: Bearer) -> poem::Result<Uuid> {
    let state = state(req)?;
    match service::core::auth::platform(&state.services.store, &bearer.token).await.map_err(Refused::from)? {
        Caller::Platform { api_key_id } => Ok(api_key_id),
        _ => Err(Refused::from(service::Error::Unauthorized("an API key is required")).into()),
    }
}

/// An agent token as the `access_token` query parameter, for browsers' `EventSource`,
/// which cannot set headers. Prefer the header elsewhere: URLs end up in logs.
#[derive(SecurityScheme)]
#[oai(
    rename = "AgentTokenQuery",
    ty = "api_key",
    key_name = "access_token",
    key_in = "query",
    checker = "check_agent_query"
)]
pub struct AgentTokenQuery(pub AgentCaller);

async fn check_agent_query(req: &Request, key: poem_openapi::auth::ApiKey) -> poem::Result<AgentCaller> {
    check_agent(req, Bearer { token: key.key }).await
}

/// A customer token as the `access_token` query parameter, for `EventSource`.
#[derive(SecurityScheme)]
#[oai(
    rename = "CustomerTokenQuery",
    ty = "api_key",
    key_name = "access_token",
    key_in = "query",
    checker = "check_customer_query"
)]
pub struct CustomerTokenQuery(pub Uuid);

async fn check_customer_query(req: &Request, key: poem_openapi::auth::ApiKey) -> poem::Result<Uuid> {
    check_customer(req, Bearer { token: key.key }).await
}

/// An agent token in the header or the query.
#[derive(SecurityScheme)]
pub enum AgentStreamAuth {
    Header(AgentToken),
    Query(AgentTokenQuery),
}

impl AgentStreamAuth {
    pub fn agent(self) -> AgentCaller {
        match self {
            Self::Header(AgentToken(agent)) | Self::Query(AgentTokenQuery(agent)) => agent,
        }
    }
}

/// A customer token in the header or the query.
#[derive(SecurityScheme)]
pub enum CustomerStreamAuth {
    Header(CustomerToken),
    Query(CustomerTokenQuery),
}

impl CustomerStreamAuth {
    pub fn customer_id(self) -> Uuid {
        match self {
            Self::Header(CustomerToken(id)) | Self::Query(CustomerTokenQuery(id)) => id,
        }
    }
}

/// An agent or the customer of the conversation.
#[derive(SecurityScheme)]
pub enum AgentOrCustomer {
    Agent(AgentToken),
    Customer(CustomerToken),
}

impl AgentOrCustomer {
    pub fn caller(self) -> Caller {
        match self {
            Self::Agent(AgentToken(agent)) => Caller::Agent(agent),
            Self::Customer(CustomerToken(customer_id)) => Caller::Customer { customer_id },
        }
    }
}

/// Any of the three credentials.
#[derive(SecurityScheme)]
pub enum AnyCaller {
    Agent(AgentToken),
    Customer(CustomerToken),
    Platform(ApiKey),
}

impl AnyCaller {
    pub fn caller(self) -> Caller {
        match self {
            Self::Agent(AgentToken(agent)) => Caller::Agent(agent),
            Self::Customer(CustomerToken(customer_id)) => Caller::Customer { customer_id },
            Self::Platform(ApiKey(api_key_id)) => Caller::Platform { api_key_id },
        }
    }
}

/// The bot platform or an agent.
#[derive(SecurityScheme)]
pub enum PlatformOrAgent {
    Platform(ApiKey),
    Agent(AgentToken),
}

impl PlatformOrAgent {
    pub fn caller(self) -> Caller {
        match self {
            Self::Platform(ApiKey(api_key_id)) => Caller::Platform { api_key_id },
            Self::Agent(AgentToken(agent)) => Caller::Agent(agent),
        }
    }
}
