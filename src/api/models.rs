//! Request and page types shared by several resources; the resources themselves are
//! the contract's types of `crate::wire`.

use chrono::{DateTime, Utc};
use poem_openapi::Object;

use crate::domain;
pub(crate) use crate::wire::mirror_enum;
pub use crate::wire::resources::*;
use crate::wire::values::PageCursor;
use crate::wire::values::{Line, Token};
pub use crate::wire::variables::ProcessVariables;

/// Declares a target whose kind is limited to some of `TargetKind`'s variants.
macro_rules! restricted_target {
    ($(#[doc = $doc:literal])* $name:ident, $kind:ident { $($variant:ident),+ }) => {
        /// The kinds this target can have.
        #[derive(Debug, Clone, Copy, ::poem_openapi::Enum)]
        #[oai(rename_all = "snake_case")]
        pub enum $kind { $($variant),+ }

        $(#[doc = $doc])*
        #[derive(Debug, Clone, Object)]
        pub struct $name {
            pub kind: $kind,
            /// The id of the place in the bot platform.
            pub id: Line<{ domain::ExitTarget::MAX_ID_LEN }>,
        }

        impl $name {
            /// The target, if its id meets the rules.
            pub fn parse(self) -> Result<domain::ExitTarget, domain::Error> {
                let kind = match self.kind { $($kind::$variant => domain::TargetKind::$variant),+ };
                domain::ExitTarget::parse(kind, self.id.as_str())
            }
        }
    };
}

restricted_target!(
    /// Where a jump sends the customer: a process module or an experience.
    JumpTarget, JumpTargetKind { ProcessModule, Experience }
);

restricted_target!(
    /// Where a module sends the customer when nobody can chat: a subprocess or an experience.
    FallbackTarget, FallbackTargetKind { Subprocess, Experience }
);

/// A persistent quick reply of a module configuration.
#[derive(Debug, Clone, Object)]
pub struct QuickReplyIn {
    /// Unique within the module configuration.
    pub id: Line<{ domain::module::MAX_LABEL_LEN }>,
    pub label: Line<{ domain::module::MAX_LABEL_LEN }>,
    /// The experience the customer goes to when picking it.
    pub experience_id: Line<{ domain::ExitTarget::MAX_ID_LEN }>,
}

impl From<QuickReplyIn> for domain::QuickReply {
    fn from(reply: QuickReplyIn) -> Self {
        Self {
            id: reply.id.into_inner(),
            label: reply.label.into_inner(),
            experience_id: reply.experience_id.into_inner(),
        }
    }
}

/// A page of conversations, newest first.
#[derive(Debug, Object)]
pub struct ConversationPage {
    pub items: Vec<Conversation>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<PageCursor>,
}

/// A page of messages in `seq` order.
#[derive(Debug, Object)]
pub struct MessagePage {
    pub items: Vec<Message>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<PageCursor>,
}

/// A token for a customer's chat UI.
#[derive(Debug, Clone, Object)]
pub struct CustomerTokenGrant {
    /// Send as `Authorization: Bearer <token>`.
    pub token: Token,
    pub expires_at: DateTime<Utc>,
}

impl From<crate::service::core::auth::IssuedToken> for CustomerTokenGrant {
    fn from(issued: crate::service::core::auth::IssuedToken) -> Self {
        Self { token: Token::stored(issued.token), expires_at: issued.expires_at }
    }
}
