//! The module's rules as pure code: conversation states and their transitions, the
//! values that cross the API (emails, targets, message bodies, module settings) and the
//! process-specific variables. Nothing here does I/O.

pub mod conversation;
pub mod email;
pub mod message;
pub mod module;
pub mod people;
pub mod variables;

pub use conversation::{Action, Actor, ConversationState, Exit, ExitReason, ExitTarget, Status, TargetKind};
pub use email::EmailAddress;
pub use message::{AuthorKind, HistoryAuthor, MessageBody};
pub use module::{ModuleSettings, QuickReply};
pub use people::{Presence, Role};
pub use variables::ProcessVariables;

/// A rule of the module that a request would break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("the conversation has ended")]
    ConversationEnded,
    #[error("the conversation is already served by an agent")]
    AlreadyClaimed,
    #[error("the conversation is waiting; an agent must take it over first")]
    NotClaimed,
    #[error("the conversation is served by another agent")]
    NotAssigned,
    #[error("{0}")]
    NotAllowed(&'static str),
    #[error("{0}")]
    Invalid(String),
}

impl Error {
    pub fn invalid(reason: impl Into<String>) -> Self {
        Self::Invalid(reason.into())
    }
}

/// Checks that `value` is non-blank and at most `max` characters long.
pub fn bounded_text(field: &str, value: &str, max: usize) -> Result<(), Error> {
    if value.trim().is_empty() {
        return Err(Error::invalid(format!("{field} must not be empty")));
    }
    if value.chars().count() > max {
        return Err(Error::invalid(format!("{field} must be at most {max} characters")));
    }
    if value.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        return Err(Error::invalid(format!("{field} must not contain control characters")));
    }
    Ok(())
}

/// A `std` duration as a `chrono` one, for arithmetic with timestamps. A duration past
/// chrono's range (hundreds of millions of years) counts as a century.
pub fn chrono_duration(duration: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::days(36_500))
}
