//! Messages: text from both sides, articles and animations from agents.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::types::Example;
use poem_openapi::{ApiResponse, Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::idempotency::IdempotencyKey;
use super::models::{Message, MessagePage};
use super::problem::{Problems, status::*};
use super::security::{AgentOrCustomer, AgentToken};
use super::{AppState, Tag};
use crate::domain::MAX_CLIENT_MESSAGE_ID_LEN;
use crate::domain::MessageBody;
use crate::domain::message::{MAX_NAME_LEN, MAX_TEXT_LEN, MAX_TITLE_LEN};
use crate::service::{self, Caller, messages};
use crate::wire::values::{Line, Text, WebUrl};

/// Idempotency keys chosen by the sender.
type ClientMessageId = Line<MAX_CLIENT_MESSAGE_ID_LEN>;

/// The statuses of writing a message: the conversation may be served by another agent
/// (403), be missing (404), not take messages now (409), and a value may break a rule.
const WRITE: u16 = BODY | UNAUTHORIZED | FORBIDDEN | NOT_FOUND | CONFLICT | UNPROCESSABLE;

/// A text message, or files with an optional text.
#[derive(Debug, Object)]
#[oai(example)]
pub struct SendMessage {
    /// Required unless the message carries `attachment_ids`.
    pub text: Option<Text<MAX_TEXT_LEN>>,
    /// Files uploaded into this conversation by the sender and not sent yet
    /// (`upload_attachment`): the message is of kind `file`. Another conversation's or
    /// another sender's upload is 404; one in a message already is 409 `attachment_sent`;
    /// at most the module's `attachments.max_per_message` (422).
    #[oai(validator(max_items = 20))]
    pub attachment_ids: Option<Vec<Uuid>>,
    /// An idempotency key chosen by the sender: a retry with the same key returns the
    /// first message (200) instead of writing another.
    pub client_message_id: Option<ClientMessageId>,
}

impl Example for SendMessage {
    fn example() -> Self {
        SendMessage {
            text: Some("Hello, how can I help?".into()),
            attachment_ids: None,
            client_message_id: Some("c0a8012e-1".into()),
        }
    }
}

/// An article: a card with a title, a link, a summary and an image.
#[derive(Debug, Object)]
#[oai(example)]
pub struct SendArticle {
    pub title: Line<MAX_TITLE_LEN>,
    /// An http(s) URL.
    pub url: WebUrl,
    pub summary: Option<Text<MAX_TEXT_LEN>>,
    /// An http(s) URL of an image.
    pub image_url: Option<WebUrl>,
    /// Idempotency key, as for text messages.
    pub client_message_id: Option<ClientMessageId>,
}

impl Example for SendArticle {
    fn example() -> Self {
        SendArticle {
            title: "Resetting your password".into(),
            url: "https://help.example.com/password".into(),
            summary: Some("Three steps to a new password.".into()),
            image_url: None,
            client_message_id: None,
        }
    }
}

/// An animation for the customer's chat UI to play.
#[derive(Debug, Object)]
#[oai(example)]
pub struct TriggerAnimation {
    pub name: Line<MAX_NAME_LEN>,
    /// A JSON object of parameters, at most 4 KiB.
    pub params: Option<AnimationParams>,
    /// Idempotency key, as for text messages.
    pub client_message_id: Option<ClientMessageId>,
}

/// Free-form parameters of an animation: a JSON object the server passes on as is.
pub type AnimationParams = std::collections::BTreeMap<String, serde_json::Value>;

impl Example for TriggerAnimation {
    fn example() -> Self {
        TriggerAnimation {
            name: "confetti".into(),
            params: Some([("duration_ms".to_owned(), serde_json::json!(1500))].into()),
            client_message_id: None,
        }
    }
}

#[derive(ApiResponse)]
pub enum MessagePosted {
    /// The message was written.
    #[oai(status = 201)]
    Created(Json<Message>),
    /// A retry: the message written first with this `client_message_id`.
    #[oai(status = 200)]
    Existing(Json<Message>),
}

pub(super) fn posted((view, created): (Message, bool)) -> MessagePosted {
    if created { MessagePosted::Created(Json(view)) } else { MessagePosted::Existing(Json(view)) }
}

async fn post(
    state: &AppState,
    caller: Caller,
    conversation_id: Uuid,
    body: Result<MessageBody, crate::domain::Error>,
    client_message_id: Option<ClientMessageId>,
) -> Result<MessagePosted, Problems<WRITE>> {
    let body = body.map_err(service::Error::from)?;
    Ok(posted(messages::post(&state.services, &caller, conversation_id, body, client_message_id).await?))
}

pub struct MessageApi;

#[OpenApi(tag = "Tag::Messages")]
impl MessageApi {
    /// List a conversation's messages
    ///
    /// In `seq` order, oldest first; page forward with `cursor`.
    #[oai(path = "/v1/conversations/:conversation_id/messages", method = "get", operation_id = "list_messages")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentOrCustomer,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        /// The `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Page size, 1 to 200 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<MessagePage>, Problems<{ PARAMS | UNAUTHORIZED | NOT_FOUND | UNPROCESSABLE }>> {
        let page =
            messages::list(&state.services, &auth.caller(), conversation_id.0, cursor.0.as_deref(), limit.0).await?;
        Ok(Json(MessagePage { items: page.items, next_cursor: page.next_cursor }))
    }

    /// Send a text message or files (customer or serving agent)
    ///
    /// Customers write while waiting or active; agents write where they serve. With
    /// `attachment_ids` the message is of kind `file` and carries the files' names,
    /// types, sizes, hashes and image sizes; `message.created` on the streams has them.
    #[oai(path = "/v1/conversations/:conversation_id/messages", method = "post", operation_id = "send_message")]
    async fn send(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentOrCustomer,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<SendMessage>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<MessagePosted, Problems<WRITE>> {
        let body = body.0;
        let text = body.text.as_ref().map(Text::as_str);
        let ids = body.attachment_ids.unwrap_or_default();
        let caller = auth.caller();
        let sent = messages::send(&state.services, &caller, conversation_id.0, text, &ids, body.client_message_id);
        Ok(posted(sent.await?))
    }

    /// Send an article (serving agent)
    ///
    /// Writes a message of kind `article`; streams get `message.created`. `url` and
    /// `image_url` must be http(s) URLs (422). Only the serving agent writes: 409
    /// `conversation_not_claimed` while it waits, 403 `conversation_not_assigned` for other
    /// agents; a retry with the same `client_message_id` returns the first message (200).
    /// Reply emails to an away customer list articles by title and link.
    #[oai(path = "/v1/conversations/:conversation_id/articles", method = "post", operation_id = "send_article")]
    async fn send_article(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<SendArticle>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<MessagePosted, Problems<WRITE>> {
        let body = body.0;
        let article = MessageBody::article(
            body.title.as_str(),
            body.url.as_str(),
            body.summary.as_ref().map(Text::as_str),
            body.image_url.as_ref().map(WebUrl::as_str),
        );
        post(&state, Caller::Agent(auth.0), conversation_id.0, article, body.client_message_id).await
    }

    /// Trigger an animation in the customer's chat UI (serving agent)
    ///
    /// Writes a message of kind `animation` with `name` and `params` for the customer's
    /// chat UI to play; streams get `message.created`, and the server does not interpret
    /// either field. Only the serving agent writes: 409 `conversation_not_claimed` while it
    /// waits, 403 `conversation_not_assigned` for other agents; a retry with the same
    /// `client_message_id` returns the first message (200).
    #[oai(path = "/v1/conversations/:conversation_id/animations", method = "post", operation_id = "trigger_animation")]
    async fn trigger_animation(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<TriggerAnimation>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<MessagePosted, Problems<WRITE>> {
        let body = body.0;
        let params = body.params.map(|params| serde_json::Value::Object(params.into_iter().collect()));
        let animation = MessageBody::animation(body.name.as_str(), params);
        post(&state, Caller::Agent(auth.0), conversation_id.0, animation, body.client_message_id).await
    }
}
