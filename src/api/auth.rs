//! Agent login.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use poem::web::Data;
use poem_openapi::types::Example;
use poem_openapi::{Object, OpenApi, payload::Json};

use super::problem::{Refusal, status::*};
use super::rate_limit::LoginAttempt;
use super::{AppState, Tag};
use crate::service::agents;
use crate::wire::Agent;
use crate::wire::values::{Opaque, SecretOpaque, Token};

/// An agent's credentials.
#[derive(Debug, Object)]
#[oai(example)]
pub struct Login {
    pub email: Opaque<254>,
    pub password: SecretOpaque<256>,
}

impl Example for Login {
    fn example() -> Self {
        Login { email: "ada@example.com".into(), password: "correct horse battery".into() }
    }
}

/// An agent token and the agent it belongs to.
#[derive(Debug, Object)]
#[oai(example)]
pub struct Session {
    /// Send as `Authorization: Bearer <token>`.
    pub token: Token,
    pub expires_at: DateTime<Utc>,
    pub agent: Agent,
}

pub struct AuthApi;

#[OpenApi(tag = "Tag::Auth")]
impl AuthApi {
    /// Log in as an agent
    ///
    /// Exchanges email and password for an agent token. Wrong credentials and
    /// deactivated accounts get the same 401.
    #[oai(path = "/v1/auth/login", method = "post", operation_id = "login")]
    async fn login(
        &self,
        attempt: LoginAttempt,
        state: Data<&Arc<AppState>>,
        body: Json<Login>,
    ) -> Result<Json<Session>, Refusal<{ BODY | UNAUTHORIZED }>> {
        let email = body.email.as_str();
        attempt.check(email).await?;
        let answer = agents::login(&state.services, email, body.password.as_str()).await;
        match &answer {
            Ok(_) => attempt.record(email, true).await,
            Err(crate::service::Error::Unauthorized(_)) => attempt.record(email, false).await,
            Err(_) => {}
        }
        let (token, agent) = answer?;
        Ok(Json(Session { token: Token::stored(token.token), expires_at: token.expires_at, agent }))
    }
}

impl Example for Session {
    fn example() -> Self {
        let expires_at = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 29, 22, 0, 0).single().unwrap_or_default();
        Self {
            token: Token::from("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl"),
            expires_at,
            agent: Agent::example(),
        }
    }
}
