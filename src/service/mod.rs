//! Use cases: each public function is one thing a caller can do, run in one
//! transaction, with its authorisation decided here. Nothing here knows about HTTP.

pub mod agents;
pub mod api_keys;
pub mod auth;
pub mod conversations;
pub mod customers;
pub mod entries;
pub mod housekeeping;
pub mod messages;
pub mod modules;
pub mod page;
pub mod presence;
pub mod store;
pub mod streams;
pub mod views;
pub mod webhooks;

pub use auth::{AgentCaller, Caller, Tokens};
pub use page::{Cursor, Page};
pub use store::Store;

use crate::domain;

/// Why a use case did not happen. Nothing was written when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Rule(#[from] domain::Error),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Unauthorized(&'static str),
    #[error("{detail}")]
    Forbidden { code: &'static str, detail: &'static str },
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    #[error("{detail}")]
    TooMany { code: &'static str, detail: String },
    #[error("storage failed")]
    Storage(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn invalid(detail: impl Into<String>) -> Self {
        Self::Rule(domain::Error::Invalid(detail.into()))
    }
}

/// Everything a use case may need, shared by all requests.
pub struct Services {
    pub store: Store,
    pub tokens: Tokens,
    pub hub: std::sync::Arc<crate::events::hub::Hub>,
    pub presence: std::sync::Arc<presence::PresenceTracker>,
    pub typing: streams::TypingLimiter,
    /// Agent replies to an away customer within this window go out in one email.
    pub reply_window: std::time::Duration,
    /// Where mails are written when no SMTP server is configured.
    pub mail_dir: Option<std::path::PathBuf>,
}
