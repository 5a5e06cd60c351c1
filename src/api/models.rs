//! DTOs shared by several resources: what the API shows of conversations, messages,
//! customers and exits. Converted from the service's views, never from entities.

use chrono::{DateTime, Utc};
use poem_openapi::{Object, Union};
use uuid::Uuid;

use super::values::{Email, Line};
use crate::domain;
use crate::service::core::views::{AgentRef, ConversationView, CustomerView, MessageView};

/// Declares an API enum mirroring a domain enum, with conversions both ways.
macro_rules! mirror_enum {
    ($(#[$meta:meta])* $name:ident = $domain:path { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, ::poem_openapi::Enum)]
        #[oai(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl From<$domain> for $name {
            fn from(value: $domain) -> Self {
                match value { $(<$domain>::$variant => Self::$variant),+ }
            }
        }

        impl From<$name> for $domain {
            fn from(value: $name) -> Self {
                match value { $($name::$variant => Self::$variant),+ }
            }
        }
    };
}
pub(crate) use mirror_enum;

mirror_enum!(
    /// Where a conversation is: `waiting` (in the Live list's queue, or a left message),
    /// `active` (served by an agent) or `ended`.
    ConversationStatus = domain::Status { Waiting, Active, Ended }
);

mirror_enum!(
    /// Why a conversation ended.
    ExitReason = domain::ExitReason {
        AgentEnded,
        CustomerLeft,
        NoAgentAvailable,
        Jump,
        QuickReply,
        Blocked,
        Timeout,
        OutsideBusinessHours,
    }
);

mirror_enum!(
    /// How waiting conversations reach agents: `manual` (agents claim them from the Live
    /// list) or `auto` (the server assigns each to an online agent of the group with
    /// room, first in, first out).
    Routing = domain::Routing { Manual, Auto }
);

mirror_enum!(
    /// The kind of place the bot platform continues with.
    TargetKind = domain::TargetKind { ProcessModule, Experience, Subprocess }
);

mirror_enum!(
    /// Who wrote a message.
    AuthorKind = domain::AuthorKind { Customer, Agent, Bot, System }
);

mirror_enum!(
    /// Who wrote a line of handed-over history.
    HistoryAuthor = domain::HistoryAuthor { Customer, Bot, Agent }
);

/// Where the customer goes next.
#[derive(Debug, Clone, Object)]
pub struct Target {
    pub kind: TargetKind,
    /// The id of the process module, experience or subprocess in the bot platform.
    pub id: String,
}

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

impl From<domain::ExitTarget> for Target {
    fn from(target: domain::ExitTarget) -> Self {
        Self { kind: target.kind.into(), id: target.id }
    }
}

/// How a conversation ended.
#[derive(Debug, Clone, Object)]
pub struct Exit {
    pub reason: ExitReason,
    /// Where the bot platform should continue; absent when the module's own next step applies.
    pub target: Option<Target>,
}

impl From<domain::Exit> for Exit {
    fn from(exit: domain::Exit) -> Self {
        Self { reason: exit.reason.into(), target: exit.target.map(Target::from) }
    }
}

/// A customer as the bot platform knows them.
#[derive(Debug, Clone, Object)]
pub struct Customer {
    pub id: Uuid,
    /// The bot platform's id of the customer.
    pub external_id: String,
    pub display_name: String,
    /// The customer's email, when known.
    pub email: Option<Email>,
    /// A blocked customer cannot enter live chat until an admin unblocks them.
    pub blocked: bool,
    /// Whether the customer has a stream open now (with a short grace after it closes).
    pub online: bool,
}

impl From<CustomerView> for Customer {
    fn from(view: CustomerView) -> Self {
        Self {
            id: view.id,
            external_id: view.external_id,
            display_name: view.display_name,
            email: view.email.map(Email::from),
            blocked: view.blocked,
            online: view.online,
        }
    }
}

/// An agent, as others see them.
#[derive(Debug, Clone, Object)]
pub struct AgentSummary {
    pub id: Uuid,
    pub name: String,
}

impl From<AgentRef> for AgentSummary {
    fn from(agent: AgentRef) -> Self {
        Self { id: agent.id, name: agent.name }
    }
}

/// A persistent quick reply: a button that leads the customer to an experience.
#[derive(Debug, Clone, Object)]
pub struct QuickReply {
    /// Unique within the module configuration.
    pub id: String,
    pub label: String,
    /// The experience the customer goes to when picking it.
    pub experience_id: String,
}

impl From<domain::QuickReply> for QuickReply {
    fn from(reply: domain::QuickReply) -> Self {
        Self { id: reply.id, label: reply.label, experience_id: reply.experience_id }
    }
}

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

/// The process-specific variables the module hands back to the process, computed for
/// every conversation at any time. Once it has ended they no longer change, except
/// `live_agent_name` (the agent's current name) and `live_email` (gone after an erase).
#[derive(Debug, Clone, Object)]
pub struct ProcessVariables {
    /// `waiting`, `active` or `ended`.
    pub live_status: ConversationStatus,
    /// Why the chat ended: `agent_ended`, `customer_left`, `no_agent_available`, `jump`,
    /// `quick_reply`, `blocked` or `timeout`; absent while open.
    pub live_exit_reason: Option<ExitReason>,
    /// The id of the exit's target (fallback, jump target or quick reply experience).
    pub live_exit_target: Option<String>,
    /// The kind of the exit's target: `process_module`, `experience` or `subprocess`.
    pub live_exit_target_kind: Option<TargetKind>,
    /// The agent serving the conversation now, or who served it when it ended.
    pub live_agent_id: Option<Uuid>,
    /// That agent's name.
    pub live_agent_name: Option<String>,
    /// The customer's email, given or known.
    pub live_email: Option<Email>,
    /// Whether the customer left a message while no agent was online.
    pub live_async: bool,
    /// Seconds from entering to the first take-over (or to the end, or to now).
    pub live_waited_seconds: i64,
    /// Seconds from entering to the end (or to now).
    pub live_duration_seconds: i64,
    /// Messages the customer wrote.
    pub live_customer_messages: i32,
    /// Messages agents wrote.
    pub live_agent_messages: i32,
    /// The name of the group that serves the conversation, if any.
    pub live_group: Option<String>,
    /// The customer's place in the queue on entering (1: next).
    pub live_queue_position_at_entry: Option<i32>,
}

impl From<domain::ProcessVariables> for ProcessVariables {
    fn from(vars: domain::ProcessVariables) -> Self {
        Self {
            live_status: vars.live_status.into(),
            live_exit_reason: vars.live_exit_reason.map(Into::into),
            live_exit_target: vars.live_exit_target,
            live_exit_target_kind: vars.live_exit_target_kind.map(Into::into),
            live_agent_id: vars.live_agent_id,
            live_agent_name: vars.live_agent_name,
            live_email: vars.live_email.map(Email::from),
            live_async: vars.live_async,
            live_waited_seconds: vars.live_waited_seconds,
            live_duration_seconds: vars.live_duration_seconds,
            live_customer_messages: vars.live_customer_messages,
            live_agent_messages: vars.live_agent_messages,
            live_group: vars.live_group,
            live_queue_position_at_entry: vars.live_queue_position_at_entry,
        }
    }
}

/// One pass of a customer through the live-chat module.
#[derive(Debug, Clone, Object)]
pub struct Conversation {
    pub id: Uuid,
    pub customer: Customer,
    pub module_id: Uuid,
    /// The module configuration version the conversation entered with.
    pub module_version: i32,
    /// The bot platform's reference of the process the customer came from.
    pub process_ref: String,
    pub status: ConversationStatus,
    /// The agent serving the conversation (or who served it last, once ended).
    pub agent: Option<AgentSummary>,
    /// Whether the customer left a message while nobody was online.
    pub left_message: bool,
    /// The customer's email for this conversation, when known.
    pub email: Option<Email>,
    /// Whether the customer was asked for an email.
    pub email_requested: bool,
    /// Set once the conversation has ended.
    pub exit: Option<Exit>,
    /// The persistent quick replies the customer sees.
    pub quick_replies: Vec<QuickReply>,
    /// Customer messages since the last agent message.
    pub unanswered: i32,
    /// A short preview of the last message.
    pub last_message_preview: Option<String>,
    pub last_message_at: Option<DateTime<Utc>>,
    pub entered_at: DateTime<Utc>,
    /// When an agent first took the conversation over.
    pub claimed_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// The customer has seen the messages up to this `seq`.
    pub customer_seen_seq: i32,
    /// The serving agent has seen the messages up to this `seq`.
    pub agent_seen_seq: i32,
    /// Seconds the customer waited (until the first take-over, or until now).
    pub waited_seconds: i64,
    /// The group that serves it (its module's); absent: every agent.
    pub group_id: Option<Uuid>,
    pub routing: Routing,
    /// While waiting: its place in its group's queue, 1 being next.
    pub queue_position: Option<i32>,
    /// While waiting: the expected wait in seconds, from the recent waits in its group
    /// (absent until some conversation of the group was taken over).
    pub estimated_wait_seconds: Option<i64>,
    pub variables: ProcessVariables,
}

impl From<ConversationView> for Conversation {
    fn from(view: ConversationView) -> Self {
        Self {
            id: view.id,
            customer: view.customer.into(),
            module_id: view.module_id,
            module_version: view.module_version,
            process_ref: view.process_ref,
            status: view.status.into(),
            agent: view.agent.map(Into::into),
            left_message: view.left_message,
            email: view.email.map(Email::from),
            email_requested: view.email_requested,
            exit: view.exit.map(Into::into),
            quick_replies: view.quick_replies.into_iter().map(Into::into).collect(),
            unanswered: view.unanswered,
            last_message_preview: view.last_message_preview,
            last_message_at: view.last_message_at,
            entered_at: view.entered_at,
            claimed_at: view.claimed_at,
            ended_at: view.ended_at,
            customer_seen_seq: view.customer_seen_seq,
            agent_seen_seq: view.agent_seen_seq,
            waited_seconds: view.waited_seconds,
            group_id: view.group_id,
            routing: view.routing.into(),
            queue_position: view.queue_position,
            estimated_wait_seconds: view.estimated_wait_seconds,
            variables: view.variables.into(),
        }
    }
}

/// A page of conversations, newest first.
#[derive(Debug, Object)]
pub struct ConversationPage {
    pub items: Vec<Conversation>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A text message.
#[derive(Debug, Clone, Object)]
pub struct TextContent {
    pub text: String,
}

/// An article the agent sends: a card with title, link, summary and image.
#[derive(Debug, Clone, Object)]
pub struct ArticleContent {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
    pub image_url: Option<String>,
}

/// An animation the customer's chat UI plays.
#[derive(Debug, Clone, Object)]
pub struct AnimationContent {
    pub name: String,
    /// Free-form parameters for the animation.
    pub params: Option<serde_json::Value>,
}

/// The agent sent the customer to another part of the process; the chat ended with it.
#[derive(Debug, Clone, Object)]
pub struct JumpContent {
    pub target: Target,
}

/// The customer is asked for an email address (answer with `give_email`).
#[derive(Debug, Clone, Object)]
pub struct EmailRequestContent {
    pub text: String,
}

/// A notice from the module, such as the waiting or offline text.
#[derive(Debug, Clone, Object)]
pub struct SystemContent {
    pub text: String,
}

/// A line of the chat history the bot platform handed over on entry.
#[derive(Debug, Clone, Object)]
pub struct HistoryContent {
    pub author: HistoryAuthor,
    pub text: String,
    pub sent_at: Option<DateTime<Utc>>,
}

/// The content of a message; `kind` tells which.
#[derive(Debug, Clone, Union)]
#[oai(discriminator_name = "kind", one_of)]
pub enum MessageContent {
    #[oai(mapping = "text")]
    Text(TextContent),
    #[oai(mapping = "article")]
    Article(ArticleContent),
    #[oai(mapping = "animation")]
    Animation(AnimationContent),
    #[oai(mapping = "jump")]
    Jump(JumpContent),
    #[oai(mapping = "email_request")]
    EmailRequest(EmailRequestContent),
    #[oai(mapping = "system")]
    System(SystemContent),
    #[oai(mapping = "history")]
    History(HistoryContent),
}

impl From<domain::MessageBody> for MessageContent {
    fn from(body: domain::MessageBody) -> Self {
        use domain::MessageBody as B;
        match body {
            B::Text { text } => Self::Text(TextContent { text }),
            B::Article { title, url, summary, image_url } => {
                Self::Article(ArticleContent { title, url, summary, image_url })
            }
            B::Animation { name, params } => Self::Animation(AnimationContent { name, params }),
            B::Jump { target } => Self::Jump(JumpContent { target: target.into() }),
            B::EmailRequest { text } => Self::EmailRequest(EmailRequestContent { text }),
            B::System { text } => Self::System(SystemContent { text }),
            B::History { author, text, sent_at } => {
                Self::History(HistoryContent { author: author.into(), text, sent_at })
            }
        }
    }
}

/// A message of a conversation.
#[derive(Debug, Clone, Object)]
pub struct Message {
    pub id: Uuid,
    pub conversation_id: Uuid,
    /// Position in the conversation: 1, 2, 3… without gaps.
    pub seq: i32,
    pub author_kind: AuthorKind,
    /// The agent who wrote it, for agent messages.
    pub author: Option<AgentSummary>,
    pub content: MessageContent,
    /// The sender's idempotency key, when given.
    pub client_message_id: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<MessageView> for Message {
    fn from(view: MessageView) -> Self {
        Self {
            id: view.id,
            conversation_id: view.conversation_id,
            seq: view.seq,
            author_kind: view.author_kind.into(),
            author: view.author.map(Into::into),
            content: view.body.into(),
            client_message_id: view.client_message_id,
            created_at: view.created_at,
        }
    }
}

/// A page of messages in `seq` order.
#[derive(Debug, Object)]
pub struct MessagePage {
    pub items: Vec<Message>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A token for a customer's chat UI.
#[derive(Debug, Clone, Object)]
pub struct CustomerTokenGrant {
    /// Send as `Authorization: Bearer <token>`.
    pub token: super::values::Token,
    pub expires_at: DateTime<Utc>,
}

impl From<crate::service::core::auth::IssuedToken> for CustomerTokenGrant {
    fn from(issued: crate::service::core::auth::IssuedToken) -> Self {
        Self { token: issued.token.into(), expires_at: issued.expires_at }
    }
}
