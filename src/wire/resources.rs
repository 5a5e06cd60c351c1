//! The resources REST answers with and events carry: one type each, used by the
//! handlers, the streams and the webhooks, and described once in the spec. The
//! service builds them; nothing copies them field by field.

use chrono::{DateTime, Utc};
use poem_openapi::{Object, Union};
use uuid::Uuid;

use super::mirror_enum;
use super::values::Email;
use super::variables::ProcessVariables;
use crate::domain;

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
#[oai(example)]
pub struct Target {
    pub kind: TargetKind,
    /// The id of the process module, experience or subprocess in the bot platform.
    pub id: String,
}

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
#[oai(example)]
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

/// An agent, as others see them.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct AgentSummary {
    pub id: Uuid,
    pub name: String,
}

/// A persistent quick reply: a button that leads the customer to an experience.
#[derive(Debug, Clone, Object)]
#[oai(example)]
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

/// One pass of a customer through the live-chat module.
#[derive(Debug, Clone, Object)]
#[oai(example)]
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
    /// While waiting: its place in its group's queue, 1 being next. Exact up to 200;
    /// further back rounded up to two significant digits (4,873 is shown as 4,900).
    pub queue_position: Option<i32>,
    /// While waiting: the expected wait in seconds, from the recent waits in its group
    /// (absent until some conversation of the group was taken over).
    pub estimated_wait_seconds: Option<i64>,
    pub variables: ProcessVariables,
    /// Agents' labels on the conversation, by name. Internal: always empty for the
    /// customer, on REST and on their stream.
    pub tags: Vec<Tag>,
    /// The customer's rating, once the chat ended and the module asked for one.
    pub rating: Option<Rating>,
}

/// A customer's rating of a chat (CSAT).
#[derive(Debug, Clone, Object)]
pub struct Rating {
    pub scale: super::CsatScale,
    /// `good_bad`: 0 bad, 1 good; `five_point`: 1 to 5. Absent until the customer rates.
    pub score: Option<i32>,
    pub comment: Option<String>,
    pub rated_at: Option<DateTime<Utc>>,
    /// Until when the customer may change their rating; absent before they rate.
    pub changeable_until: Option<DateTime<Utc>>,
}

impl Conversation {
    /// The conversation as its customer sees it: without agents' labels.
    pub fn for_customer(mut self) -> Self {
        self.tags.clear();
        self
    }
}

/// A label admins keep and agents put on conversations.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Tag {
    pub id: Uuid,
    pub name: String,
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

/// A file in a conversation. Fetch it with `GET /v1/attachments/{id}` (and images'
/// thumbnails with `GET /v1/attachments/{id}/thumbnail`) as a party of the conversation.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Attachment {
    pub id: Uuid,
    /// The file name as uploaded, without paths, control or direction characters.
    pub name: String,
    /// The type the server found in the file's bytes (not the one the client named).
    pub content_type: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256 of the bytes, in hex; also the download's `ETag`.
    pub sha256: String,
    /// Images only: width and height in pixels.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

impl From<domain::attachment::FileRef> for Attachment {
    fn from(file: domain::attachment::FileRef) -> Self {
        let domain::attachment::FileRef { id, name, content_type, size, sha256, width, height } = file;
        Self { id, name, content_type, size, sha256, width, height }
    }
}

/// Files the sender attached, with an optional text.
#[derive(Debug, Clone, Object)]
pub struct FileContent {
    pub text: Option<String>,
    pub attachments: Vec<Attachment>,
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
    #[oai(mapping = "file")]
    File(FileContent),
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
            B::File { text, attachments } => {
                Self::File(FileContent { text, attachments: attachments.into_iter().map(Into::into).collect() })
            }
        }
    }
}

/// A message of a conversation.
#[derive(Debug, Clone, Object)]
#[oai(example)]
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

/// Whether a module's chat can be served now, for a widget to show before the customer
/// writes: "we're closed, back at 9:00" or "about 3 minutes".
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Availability {
    pub module_id: Uuid,
    /// The group that serves the module's conversations, if any.
    pub group_id: Option<Uuid>,
    /// Inside the module's business hours (always, when it has none).
    pub open: bool,
    /// When it opens next, while closed (absent when open, or when it never opens
    /// again within a year).
    pub next_opening_at: Option<DateTime<Utc>>,
    /// Open, and an agent who could serve (of the group) is online: an entry now is
    /// answered by a person. Otherwise the customer leaves a message (`async_enabled`)
    /// or the entry exits to the fallback.
    pub agents_available: bool,
    /// Whether a customer may leave a message while nobody is available.
    pub async_enabled: bool,
    /// Conversations waiting in the group's queue now (rounded up like places beyond
    /// 200).
    pub waiting: i32,
    /// The wait a customer entering now may expect, from the group's recent waits;
    /// absent while nobody is available or before any wait was measured.
    pub estimated_wait_seconds: Option<i64>,
}

/// One queue of the Live list, as a department console shows it: a group's (or that
/// of conversations of no group).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct QueueSummary {
    /// The group; absent for the conversations of no group.
    pub group_id: Option<Uuid>,
    /// The group's name; absent for no group.
    pub name: Option<String>,
    /// Conversations waiting in the queue.
    pub waiting: i32,
    /// Conversations of the group agents are serving.
    pub active: i32,
    /// Agents of the group online now (every online agent for no group).
    pub agents_online: i32,
    /// The wait a conversation entering now may expect, from the group's recent waits.
    pub estimated_wait_seconds: Option<i64>,
}

/// An internal note on a conversation: agents see it, the customer never does (not on
/// their stream, not in messages, emails or transcripts).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Note {
    pub id: Uuid,
    pub conversation_id: Uuid,
    /// The agent who wrote it.
    pub author: AgentSummary,
    pub text: String,
    /// The agents it mentions; each got `agent.mentioned` on their streams.
    pub mentions: Vec<AgentSummary>,
    pub created_at: DateTime<Utc>,
}

/// Data of `agent.mentioned`: a note mentions the agent; only that agent's streams carry
/// it, whether or not the conversation is theirs.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct Mention {
    /// The agent mentioned.
    pub agent_id: Uuid,
    pub note: Note,
}

mirror_enum!(
    /// Whose a canned response is: one agent's (`personal`), the agents' of a group
    /// (`group`), or every agent's (`global`).
    CannedScope = domain::CannedScope { Personal, Group, Global }
);

/// A canned response: a saved reply an agent sends by its short code.
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct CannedResponse {
    pub id: Uuid,
    /// What the agent types after `/`, lowercase: unique within its scope (and owner).
    pub short_code: String,
    pub title: String,
    /// The text with placeholders: `{{customer.name}}`, `{{customer.email}}`,
    /// `{{agent.name}}`, `{{variables.<name>}}` (the process variables).
    pub body: String,
    pub scope: CannedScope,
    /// The agent whose it is (`personal`).
    pub agent_id: Option<Uuid>,
    /// The group whose it is (`group`).
    pub group_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
