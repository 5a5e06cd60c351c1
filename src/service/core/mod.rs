//! The core under the use cases: callers and tokens, conversation rows and their
//! transitions, the queue, message appending, the event record and the views. It
//! imports no use case; use cases meet only here.

pub mod auth;
pub mod chats;
pub mod files;
pub mod idempotency;
pub mod messages;
pub mod page;
pub mod presence;
pub mod queue;
pub mod record;
pub mod router;
pub mod tags;
pub mod typing;
pub mod views;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

pub use auth::{AgentCaller, Caller, Tokens};
pub use page::{Cursor, Page};

use crate::db::Store;
use crate::domain;
use crate::events::hub::Hub;
use crate::workers::Workers;

/// Why a use case did not happen. Nothing was written when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Rule(#[from] domain::Error),
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Unauthorized(&'static str),
    /// The credential is of a kind that does not do this.
    #[error("{0}")]
    WrongCaller(&'static str),
    #[error("this operation is for admins")]
    AdminRequired,
    #[error("customers send text messages only")]
    AgentOnly,
    #[error("this customer is blocked from live chat")]
    CustomerBlocked,
    /// The agent who would serve is not online (the detail says what to do instead).
    #[error("{0}")]
    AgentNotOnline(&'static str),
    #[error("an agent with this email exists")]
    EmailTaken,
    #[error("admins cannot deactivate or demote themselves")]
    CannotDemoteSelf,
    #[error("another agent used this client_message_id in this conversation")]
    ClientMessageIdTaken,
    #[error("the customer has an open conversation; end it before erasing")]
    ConversationOpen,
    #[error("the delivery is being attempted or waiting for its retry")]
    DeliveryInProgress,
    #[error("at most {0} open streams per agent or customer")]
    TooManyStreams(usize),
    #[error("a group with this name exists")]
    GroupNameTaken,
    #[error("the conversation is served by a group the agent is not in")]
    NotInGroup,
    #[error("the customer was not asked to rate this chat")]
    RatingNotAsked,
    #[error("the time to change this rating is over")]
    RatingClosed,
    #[error("a tag with this name exists")]
    TagNameTaken,
    #[error("a canned response of this scope has this short code")]
    ShortCodeTaken,
    #[error("the agent serves as many chats as they may ({0}); end one first")]
    AgentAtCapacity(u32),
    #[error("files are limited to {0} bytes here")]
    FileTooLarge(u64),
    #[error("the customer's files would pass their quota of {0} bytes")]
    QuotaExceeded(u64),
    #[error("files of type {0} are not accepted here")]
    FileTypeNotAllowed(String),
    #[error("the file did not pass the malware check")]
    FileRejected,
    #[error("attachment {0} is in another message already")]
    AttachmentSent(Uuid),
    #[error("the upload stopped: no bytes arrived for {0} s")]
    UploadStalled(u64),
    /// The write met other work (see [`Error::contended`]) and was rolled back whole.
    #[error("the database is busy with conflicting work; nothing was stored: retry")]
    Busy,
    #[error("storage failed")]
    Storage(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Internal(String),
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// `taken` when a unique index refused the write (another writer, in this process or
    /// another, took the name a moment before), else the storage error.
    pub fn or_taken(error: sea_orm::DbErr, taken: Self) -> Self {
        match error.sql_err() {
            Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => taken,
            _ => Self::Storage(error),
        }
    }

    /// Whether this is a write that met other work rather than a fault: a deadlock, a
    /// lock not granted in time, a busy database, no connection free. Nothing of it was
    /// stored, and the same request may be tried again.
    pub fn contended(&self) -> bool {
        match self {
            Self::Busy => true,
            Self::Storage(error) => crate::db::contended(error),
            _ => false,
        }
    }

    pub fn invalid(detail: impl Into<String>) -> Self {
        Self::Rule(domain::Error::Invalid(detail.into()))
    }
}

/// Everything a use case may need, shared by all requests.
pub struct Services {
    pub store: Store,
    pub tokens: Tokens,
    pub hub: Arc<Hub>,
    /// Streams run as tasks of the supervisor, so that shutdown ends and joins them.
    pub workers: Workers,
    pub presence: Arc<presence::PresenceTracker>,
    /// Writes posted messages in batches.
    pub messages: messages::Writer,
    pub typing: typing::TypingLimiter,
    /// Agent replies to an away customer within this window go out in one email.
    pub reply_window: Duration,
    /// Where mails are written when no SMTP server is configured.
    pub mail_dir: Option<PathBuf>,
    /// Assigns conversations in `auto` routing and keeps queue places up to date.
    pub router: router::Router,
    /// The kept first answers of requests with an `Idempotency-Key`.
    pub idempotency: idempotency::Keys,
    /// Uploaded files and the server's limits on them.
    pub files: files::Files,
}
