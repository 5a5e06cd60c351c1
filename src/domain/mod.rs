//! The module's rules as pure code: conversation states and their transitions, the
//! values that cross the API (text, emails, URLs, targets, message bodies, module
//! settings), and the kinds of event and delivery.
//! Nothing here does I/O.

pub mod attachment;
pub mod canned;
pub mod conversation;
pub mod email;
pub mod event;
pub mod hours;
pub mod message;
pub mod module;
pub mod people;
pub mod text;
pub mod url;

pub use canned::CannedScope;
pub use conversation::{Action, Actor, ConversationState, Exit, ExitReason, ExitTarget, Status, TargetKind};
pub use email::EmailAddress;
pub use event::{DeliveryKind, DeliveryStatus, EventType, Subscription};
pub use message::{AuthorKind, HistoryAuthor, MAX_CLIENT_MESSAGE_ID_LEN, MessageBody, MessageKind};
pub use module::{Csat, CsatScale, ModuleSettings, QuickReply, Routing};
pub use people::{ERASED_PREFIX, MAX_GROUPS_PER_AGENT, MAX_ID_LEN, Presence, Role, Sight};
pub use url::HttpUrl;

/// Declares an enum whose variants have one text form each: in JSON, in the database
/// and on the wire.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$variant_meta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name { $($(#[$variant_meta])* #[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use string_enum;

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

/// A `std` duration as a `chrono` one, for arithmetic with timestamps. A duration past
/// chrono's range (hundreds of millions of years) counts as a century.
pub fn chrono_duration(duration: std::time::Duration) -> chrono::Duration {
    chrono::Duration::from_std(duration).unwrap_or(chrono::Duration::days(36_500))
}
