//! Conversations: the Live list, taking over, agent actions and customer exits.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::types::Example;
use poem_openapi::{ApiResponse, Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::idempotency::IdempotencyKey;
use super::models::{
    Conversation, ConversationPage, ConversationStatus, Exit, JumpTarget, JumpTargetKind, ProcessVariables, Rating,
};
use super::problem::{Problems, status::*};
use super::security::{AgentOrCustomer, AgentToken, AnyCaller, CustomerToken, PlatformOrAgent};
use super::{AppState, Tag};
use crate::domain::{EmailAddress, module::MAX_LABEL_LEN};
use crate::service::conversations::{self, ListFilter};
use crate::service::ratings::{self, MAX_COMMENT_LEN};
use crate::service::transcripts;
use crate::service::{self, Page};
use crate::wire::QueueSummary;
use crate::wire::values::{Email, Line, Text};

/// The outcome of a conversation for the bot platform.
#[derive(Debug, Object)]
pub struct Outcome {
    pub conversation_id: Uuid,
    pub status: ConversationStatus,
    /// Set once ended: where the process continues.
    pub exit: Option<Exit>,
    pub variables: ProcessVariables,
    /// The customer's rating, when the module asks for one: present (unrated) once the
    /// chat ended, with its score from when the customer rates.
    pub rating: Option<Rating>,
}

/// Where to hand the conversation: an agent, or a group's queue. Exactly one of the two.
#[derive(Debug, Object)]
#[oai(example)]
pub struct Transfer {
    /// Another active agent (of the conversation's group, when it has one), with room.
    pub agent_id: Option<Uuid>,
    /// A group: the conversation goes back to waiting, at the end of that group's queue.
    pub group_id: Option<Uuid>,
}

impl Example for Transfer {
    fn example() -> Self {
        Transfer { agent_id: Some(Uuid::nil()), group_id: None }
    }
}

/// Where the jump sends the customer.
#[derive(Debug, Object)]
#[oai(example)]
pub struct Jump {
    pub target: JumpTarget,
}

impl Example for Jump {
    fn example() -> Self {
        Jump { target: JumpTarget { kind: JumpTargetKind::Experience, id: "checkout".into() } }
    }
}

/// The customer's email address.
#[derive(Debug, Object)]
#[oai(example)]
pub struct GiveEmail {
    pub email: Email,
}

impl Example for GiveEmail {
    fn example() -> Self {
        GiveEmail { email: "grace@example.com".into() }
    }
}

/// A customer's rating of their ended chat.
#[derive(Debug, Object)]
#[oai(example)]
pub struct RateConversation {
    /// On the module's scale (see the conversation's `rating.scale`): `good_bad` 0 (bad)
    /// or 1 (good); `five_point` 1 to 5. Another value is 422.
    pub score: i32,
    /// Up to 1000 characters.
    pub comment: Option<Text<MAX_COMMENT_LEN>>,
}

impl Example for RateConversation {
    fn example() -> Self {
        RateConversation { score: 5, comment: Some("Quick and friendly, thank you!".into()) }
    }
}

/// Where to send a transcript.
#[derive(Debug, Object)]
#[oai(example)]
pub struct RequestTranscript {
    /// Absent: the address given in the chat, or known for the customer (422 if none).
    pub email: Option<Email>,
}

impl Example for RequestTranscript {
    fn example() -> Self {
        RequestTranscript { email: Some("grace@example.com".into()) }
    }
}

/// A transcript on its way.
#[derive(Debug, Object)]
pub struct TranscriptQueued {
    /// Where it goes.
    pub to: Email,
}

#[derive(ApiResponse)]
pub enum TranscriptAccepted {
    /// The transcript will be emailed (see the outbox for its delivery).
    #[oai(status = 202)]
    Accepted(Json<TranscriptQueued>),
}

/// The quick reply the customer picked.
#[derive(Debug, Object)]
#[oai(example)]
pub struct PickQuickReply {
    /// The `id` of one of the conversation's `quick_replies` (422 for any other).
    pub quick_reply_id: Line<MAX_LABEL_LEN>,
}

impl Example for PickQuickReply {
    fn example() -> Self {
        PickQuickReply { quick_reply_id: "faq".into() }
    }
}

/// How far the caller has read.
#[derive(Debug, Object)]
#[oai(example)]
pub struct MarkSeen {
    /// The `seq` of the last message seen.
    #[oai(validator(minimum(value = "1")))]
    pub seq: i32,
}

impl Example for MarkSeen {
    fn example() -> Self {
        MarkSeen { seq: 7 }
    }
}

/// Whether a typing indicator went out.
#[derive(Debug, Object)]
pub struct TypingAccepted {
    /// `false` when one went out for this sender less than a second ago.
    pub forwarded: bool,
}

#[derive(ApiResponse)]
pub enum TypingResponse {
    /// Accepted; streams of the other side get a `typing` event.
    #[oai(status = 202)]
    Accepted(Json<TypingAccepted>),
}

/// The statuses of an agent's action on a conversation: it may be served by another
/// agent (403), be missing (404) or not allow it now (409).
const AGENT_ACTION: u16 = PARAMS | UNAUTHORIZED | FORBIDDEN | NOT_FOUND | CONFLICT;
/// The statuses of a customer's exit: the conversation may be missing or over.
const CUSTOMER_EXIT: u16 = PARAMS | UNAUTHORIZED | NOT_FOUND | CONFLICT;

fn page(page: Page<Conversation>) -> Json<ConversationPage> {
    Json(ConversationPage { items: page.items, next_cursor: page.next_cursor })
}

pub struct ConversationApi;

#[OpenApi(tag = "Tag::Conversations")]
impl ConversationApi {
    /// List conversations: the Live list (agents) or one's own (customers)
    ///
    /// Agents see the Live list, newest first: by default the open conversations
    /// (waiting and active); `status=ended` shows ended ones. Conversations that exited at
    /// once for lack of agents never enter the Live list. Customers see their own.
    #[oai(path = "/v1/conversations", method = "get", operation_id = "list_conversations")]
    #[allow(clippy::too_many_arguments, reason = "each query parameter of the operation is an argument")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentOrCustomer,
        /// Only conversations in this status; default: waiting and active.
        status: Query<Option<ConversationStatus>>,
        /// Agents: only the conversations the calling agent serves.
        #[oai(default)]
        mine: Query<bool>,
        /// Agents: only the conversations of this group (a department's console).
        group_id: Query<Option<Uuid>>,
        /// Agents: only the conversations with this tag.
        tag_id: Query<Option<Uuid>>,
        /// The `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Page size, 1 to 200 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<ConversationPage>, Problems<{ PARAMS | UNAUTHORIZED | UNPROCESSABLE }>> {
        let filter =
            ListFilter { status: status.0.map(Into::into), mine: mine.0, group_id: group_id.0, tag_id: tag_id.0 };
        Ok(page(conversations::list(&state.services, &auth.caller(), filter, cursor.0.as_deref(), limit.0).await?))
    }

    /// The Live list's queues, with their counts (agent)
    ///
    /// The queue of conversations of no group first, then each group the agent sees (an
    /// agent: their groups; supervisors and admins: every group), by name: how many
    /// conversations wait and are served, agents online, and the wait a conversation
    /// entering now may expect. A department console shows it beside the Live list
    /// filtered with `group_id`.
    #[oai(path = "/v1/queues", method = "get", operation_id = "list_queues")]
    async fn queues(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
    ) -> Result<Json<Vec<QueueSummary>>, Problems<UNAUTHORIZED>> {
        Ok(Json(conversations::queues(&state.services, &auth.0).await?))
    }

    /// Get a conversation
    #[oai(path = "/v1/conversations/:conversation_id", method = "get", operation_id = "get_conversation")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AnyCaller,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
    ) -> Result<Json<Conversation>, Problems<{ PARAMS | UNAUTHORIZED | NOT_FOUND }>> {
        Ok(Json(conversations::get(&state.services, &auth.caller(), conversation_id.0).await?))
    }

    /// Get a conversation's outcome and process-specific variables (bot platform)
    ///
    /// `exit` is absent until the conversation has ended; `variables` are computed at each
    /// call. Every exit is also delivered to every enabled webhook endpoint as
    /// `conversation.ended`, with the conversation and its variables. Agents may call it too.
    #[oai(
        path = "/v1/conversations/:conversation_id/outcome",
        method = "get",
        operation_id = "get_conversation_outcome"
    )]
    async fn outcome(
        &self,
        state: Data<&Arc<AppState>>,
        auth: PlatformOrAgent,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
    ) -> Result<Json<Outcome>, Problems<{ PARAMS | UNAUTHORIZED | NOT_FOUND }>> {
        let view = conversations::get(&state.services, &auth.caller(), conversation_id.0).await?;
        Ok(Json(Outcome {
            conversation_id: view.id,
            status: view.status,
            exit: view.exit,
            variables: view.variables,
            rating: view.rating,
        }))
    }

    /// Take a waiting conversation over
    ///
    /// The calling agent must be `online` (409 `agent_not_online`), in the
    /// conversation's group when it has one (another department's conversation is 404
    /// to an agent; a supervisor outside its group gets 403 `not_in_group`; admins serve
    /// every group), and below their limit of active chats (409 `agent_at_capacity`). Of two
    /// agents claiming at once, one wins; the other gets 409
    /// `conversation_already_claimed`. In `auto` routing agents may still claim.
    #[oai(path = "/v1/conversations/:conversation_id/claim", method = "post", operation_id = "claim_conversation")]
    async fn claim(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<Conversation>, Problems<{ PARAMS | UNAUTHORIZED | FORBIDDEN | NOT_FOUND | CONFLICT }>> {
        Ok(Json(conversations::claim(&state.services, &auth.0, conversation_id.0).await?))
    }

    /// Release a conversation back to waiting
    ///
    /// Only the serving agent may release: 403 `conversation_not_assigned` for other
    /// agents, 409 `conversation_not_claimed` if it is waiting already. It waits in the
    /// Live list again with no agent, streams get `conversation.released`, and the waiting
    /// timeout (`waiting_timeout_secs`) counts from the release.
    #[oai(path = "/v1/conversations/:conversation_id/release", method = "post", operation_id = "release_conversation")]
    async fn release(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<Conversation>, Problems<AGENT_ACTION>> {
        Ok(Json(conversations::release(&state.services, &auth.0, conversation_id.0).await?))
    }

    /// Transfer a conversation to another agent
    ///
    /// Only the serving agent may transfer: 403 `conversation_not_assigned` for other
    /// agents, 409 `conversation_not_claimed` while it waits. Give exactly one of:
    /// - `agent_id`: another active agent (422 otherwise), of the conversation's group
    ///   when it has one (422 otherwise: transfer to the group), and with room (409
    ///   `agent_at_capacity`). An `away` agent may be given chats; an `offline` one may
    ///   too, except in `auto` routing without `keep_chats_when_agent_offline`, where an
    ///   offline agent's chats go back to the queue: there 409 `agent_not_online`. The
    ///   conversation stays `active` and only the new agent writes in it.
    /// - `group_id`: a group (422 if there is none such); the conversation goes back to
    ///   `waiting`, at the end of that group's queue, served by that group from now on.
    ///
    /// Streams get `conversation.transferred`.
    #[oai(
        path = "/v1/conversations/:conversation_id/transfer",
        method = "post",
        operation_id = "transfer_conversation"
    )]
    async fn transfer(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<Transfer>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<Conversation>, Problems<{ AGENT_ACTION | BODY | UNPROCESSABLE }>> {
        let target = match (body.0.agent_id, body.0.group_id) {
            (Some(agent_id), None) => conversations::TransferTarget::Agent(agent_id),
            (None, Some(group_id)) => conversations::TransferTarget::Group(group_id),
            _ => return Err(service::Error::invalid("give exactly one of agent_id and group_id").into()),
        };
        Ok(Json(conversations::transfer(&state.services, &auth.0, conversation_id.0, target).await?))
    }

    /// End the chat (agent)
    ///
    /// Exits with reason `agent_ended`.
    #[oai(path = "/v1/conversations/:conversation_id/end", method = "post", operation_id = "end_conversation")]
    async fn end(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<Conversation>, Problems<AGENT_ACTION>> {
        Ok(Json(conversations::end(&state.services, &auth.0, conversation_id.0).await?))
    }

    /// Send the customer to a process module or an experience (agent)
    ///
    /// Writes a `jump` message and exits with reason `jump` and the target.
    #[oai(path = "/v1/conversations/:conversation_id/jump", method = "post", operation_id = "jump_conversation")]
    async fn jump(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<Jump>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<Conversation>, Problems<{ AGENT_ACTION | BODY | UNPROCESSABLE }>> {
        let target = body.0.target.parse().map_err(service::Error::from)?;
        Ok(Json(conversations::jump(&state.services, &auth.0, conversation_id.0, target).await?))
    }

    /// Block the customer and end the chat (agent)
    ///
    /// Exits with reason `blocked`; the customer cannot enter again until an admin unblocks them.
    #[oai(path = "/v1/conversations/:conversation_id/block", method = "post", operation_id = "block_customer")]
    async fn block(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<Conversation>, Problems<AGENT_ACTION>> {
        Ok(Json(conversations::block(&state.services, &auth.0, conversation_id.0).await?))
    }

    /// Leave the chat (customer)
    ///
    /// Exits with reason `customer_left`.
    #[oai(path = "/v1/conversations/:conversation_id/leave", method = "post", operation_id = "leave_conversation")]
    async fn leave(
        &self,
        state: Data<&Arc<AppState>>,
        auth: CustomerToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<Conversation>, Problems<CUSTOMER_EXIT>> {
        Ok(Json(conversations::leave(&state.services, auth.0, conversation_id.0).await?))
    }

    /// Give an email address (customer)
    ///
    /// Answers an `email_request`; the address is kept on the customer and the
    /// conversation and shown to agents. An invalid address is a 422.
    #[oai(path = "/v1/conversations/:conversation_id/email", method = "put", operation_id = "give_email")]
    async fn give_email(
        &self,
        state: Data<&Arc<AppState>>,
        auth: CustomerToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<GiveEmail>,
    ) -> Result<Json<Conversation>, Problems<{ CUSTOMER_EXIT | BODY | UNPROCESSABLE }>> {
        let email = EmailAddress::parse(body.email.as_str()).map_err(service::Error::from)?;
        Ok(Json(conversations::give_email(&state.services, auth.0, conversation_id.0, email).await?))
    }

    /// Email the chat's transcript (customer, or an agent for them)
    ///
    /// The transcript holds what the customer saw — their messages, agents' and the
    /// bot's, articles as links — never internal notes or the server's notices. It goes
    /// out through the outbox like reply emails (once, retried, HTML and text), to
    /// `email` or the address known for the chat; two requests before it is queued send
    /// one email. A module with `send_transcript` sends it by itself when a served chat
    /// ends and an email is known. A blocked customer gets none (403).
    #[oai(path = "/v1/conversations/:conversation_id/transcript", method = "post", operation_id = "request_transcript")]
    async fn transcript(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentOrCustomer,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<RequestTranscript>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<TranscriptAccepted, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | NOT_FOUND | UNPROCESSABLE }>> {
        let email =
            body.0.email.map(|email| EmailAddress::parse(email.as_str())).transpose().map_err(service::Error::from)?;
        let to = transcripts::request(&state.services, &auth.caller(), conversation_id.0, email).await?;
        Ok(TranscriptAccepted::Accepted(Json(TranscriptQueued { to: Email::stored(to) })))
    }

    /// Rate the chat (customer)
    ///
    /// When the module asks for ratings (`csat`), a chat an agent served asks its
    /// customer to rate it as it ends: `conversation.rating_requested` on their stream,
    /// and `rating` on the conversation. The customer rates once and may change the
    /// rating within the module's `change_window_secs` after the first one; after that,
    /// 409 `rating_closed`. A chat not asked to be rated (open, or its module does not
    /// ask) is 409 `rating_not_asked`; a score off the scale is 422. Agents, webhooks and
    /// the customer's stream get `conversation.rated`; the bot platform reads the rating
    /// in the outcome (`rating`, and `variables.live_rating`) whenever it arrives — the
    /// `conversation.ended` webhook, queued as the chat ends, carries it unrated.
    #[oai(path = "/v1/conversations/:conversation_id/rating", method = "put", operation_id = "rate_conversation")]
    async fn rate(
        &self,
        state: Data<&Arc<AppState>>,
        auth: CustomerToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<RateConversation>,
    ) -> Result<Json<Conversation>, Problems<{ CUSTOMER_EXIT | BODY | UNPROCESSABLE }>> {
        let body = body.0;
        let comment = body.comment.map(Text::into_inner);
        Ok(Json(ratings::rate(&state.services, auth.0, conversation_id.0, body.score, comment).await?))
    }

    /// Pick a persistent quick reply (customer)
    ///
    /// Exits with reason `quick_reply` and the quick reply's experience as target. An id
    /// that is not one of the conversation's quick replies is a 422.
    #[oai(path = "/v1/conversations/:conversation_id/quick-reply", method = "post", operation_id = "pick_quick_reply")]
    async fn pick_quick_reply(
        &self,
        state: Data<&Arc<AppState>>,
        auth: CustomerToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<PickQuickReply>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<Conversation>, Problems<{ CUSTOMER_EXIT | BODY | UNPROCESSABLE }>> {
        let reply_id = body.quick_reply_id.as_str();
        Ok(Json(conversations::pick_quick_reply(&state.services, auth.0, conversation_id.0, reply_id).await?))
    }

    /// Say the caller is typing (customer or serving agent)
    ///
    /// Not stored: the other side's streams get a `typing` event. At most one per sender
    /// and conversation per second goes out; call it while the user types.
    #[oai(path = "/v1/conversations/:conversation_id/typing", method = "post", operation_id = "send_typing")]
    async fn typing(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentOrCustomer,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
    ) -> Result<TypingResponse, Problems<AGENT_ACTION>> {
        let forwarded = conversations::typing(&state.services, &auth.caller(), conversation_id.0).await?;
        Ok(TypingResponse::Accepted(Json(TypingAccepted { forwarded })))
    }

    /// Mark messages as seen (customer or serving agent)
    ///
    /// Stores "seen up to `seq`" for the caller's side; marks only move forward. The
    /// other side's streams get `conversation.seen`.
    #[oai(path = "/v1/conversations/:conversation_id/seen", method = "put", operation_id = "mark_seen")]
    async fn mark_seen(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentOrCustomer,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<MarkSeen>,
    ) -> Result<Json<Conversation>, Problems<{ AGENT_ACTION | BODY | UNPROCESSABLE }>> {
        let view = conversations::mark_seen(&state.services, &auth.caller(), conversation_id.0, body.seq).await?;
        Ok(Json(view))
    }
}
