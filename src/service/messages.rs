//! Messages: posting with idempotent retries, reading with cursor paging.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::conversations::{self, load_for};
use super::page::{self, Cursor, Page};
use super::record::{self, Change};
use super::views::{self, AgentRef, MessageView};
use super::{Caller, Error, Result, Services};
use crate::db::entities::{conversation, customer, message};
use crate::domain::{Action, Actor, AuthorKind, MessageBody, text};
use crate::events::Scope;

pub const MAX_CLIENT_MESSAGE_ID_LEN: usize = 100;

/// Who a new message is written by.
#[derive(Debug, Clone)]
pub struct Author {
    pub kind: AuthorKind,
    pub agent: Option<AgentRef>,
}

impl Author {
    pub fn of(kind: AuthorKind) -> Self {
        Self { kind, agent: None }
    }
}

/// Appends a message to `conversation` (whose counters it updates; the caller saves it)
/// and records its event.
pub async fn append(
    conn: &impl ConnectionTrait,
    conversation: &mut conversation::Model,
    author: Author,
    body: MessageBody,
    client_message_id: Option<String>,
    now: DateTime<Utc>,
) -> Result<MessageView> {
    let seq = conversation.next_seq;
    conversation.next_seq += 1;
    match author.kind {
        AuthorKind::Customer => {
            conversation.customer_messages += 1;
            conversation.unanswered += 1;
        }
        AuthorKind::Agent => {
            conversation.agent_messages += 1;
            conversation.unanswered = 0;
        }
        AuthorKind::Bot | AuthorKind::System => {}
    }
    conversation.last_message_preview = Some(body.preview());
    conversation.last_message_at = Some(now);
    let json = serde_json::to_value(&body).map_err(|error| Error::Internal(format!("message body: {error}")))?;
    let id = Uuid::now_v7();
    message::ActiveModel {
        id: Set(id),
        conversation_id: Set(conversation.id),
        seq: Set(seq),
        author_kind: Set(author.kind),
        author_id: Set(author.agent.as_ref().map(|agent| agent.id)),
        kind: Set(body.kind()),
        body: Set(json),
        client_message_id: Set(client_message_id.clone()),
        created_at: Set(now),
    }
    .insert(conn)
    .await?;
    let view = MessageView {
        id,
        conversation_id: conversation.id,
        seq,
        author_kind: author.kind,
        author: author.agent,
        body,
        client_message_id,
        created_at: now,
    };
    let scope = Scope { conversation_id: Some(conversation.id), customer_id: Some(conversation.customer_id) };
    record::record(conn, scope, Change::MessageCreated(&view)).await?;
    Ok(view)
}

/// Posts a message as `caller`. A retry with the same `client_message_id` returns the
/// first message and `false` instead of writing a second one.
pub async fn post(
    services: &Services,
    caller: &Caller,
    conversation_id: Uuid,
    body: MessageBody,
    client_message_id: Option<String>,
) -> Result<(MessageView, bool)> {
    if let Some(id) = &client_message_id {
        text::line("client_message_id", id, MAX_CLIENT_MESSAGE_ID_LEN)?;
    }
    let (actor, author) = match caller {
        Caller::Customer { .. } => {
            if !matches!(body, MessageBody::Text { .. }) {
                return Err(Error::AgentOnly);
            }
            (Actor::Customer, Author::of(AuthorKind::Customer))
        }
        Caller::Agent(agent) => (
            Actor::Agent(agent.id),
            Author { kind: AuthorKind::Agent, agent: Some(AgentRef { id: agent.id, name: agent.name.clone() }) },
        ),
        Caller::Platform { .. } => return Err(Error::WrongCaller("the bot platform does not write into live chats")),
    };
    let txn = services.store.write().await?;
    let mut conversation = load_for(&*txn, caller, conversation_id).await?;
    if let Some(client_id) = &client_message_id {
        let earlier = message::Entity::find()
            .filter(message::Column::ConversationId.eq(conversation_id))
            .filter(message::Column::AuthorKind.eq(author.kind))
            .filter(message::Column::ClientMessageId.eq(client_id.as_str()))
            .one(&*txn)
            .await?;
        if let Some(earlier) = earlier {
            if earlier.author_id != author.agent.as_ref().map(|agent| agent.id) {
                return Err(Error::ClientMessageIdTaken);
            }
            let view = views::messages(&*txn, vec![earlier])
                .await?
                .pop()
                .ok_or_else(|| Error::Internal("message view vanished".into()))?;
            return Ok((view, false));
        }
    }
    conversations::state_of(&conversation).apply(actor, &Action::PostMessage)?;
    if author.kind == AuthorKind::Customer
        && conversation.agent_id.is_none()
        && super::agents::online_count(&*txn).await? == 0
    {
        conversation.left_message = true;
    }
    // An email already on its way takes this reply along: no need to look at the customer.
    let may_notify = author.kind == AuthorKind::Agent && conversation.notify_due_at.is_none();
    let view = append(&*txn, &mut conversation, author, body, client_message_id, Utc::now()).await?;
    if may_notify && let Some(customer) = customer::Entity::find_by_id(conversation.customer_id).one(&*txn).await? {
        super::housekeeping::note_agent_reply(&mut conversation, &customer, services.reply_window);
    }
    conversations::save(&*txn, conversation).await?;
    txn.commit().await?;
    Ok((view, true))
}

/// Messages in order of `seq`, after the cursor.
pub async fn list(
    services: &Services,
    caller: &Caller,
    conversation_id: Uuid,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<MessageView>> {
    if matches!(caller, Caller::Platform { .. }) {
        return Err(Error::WrongCaller("the bot platform reads outcomes, not messages"));
    }
    let db = services.store.db();
    load_for(db, caller, conversation_id).await?;
    let limit = page::limit(limit);
    let mut query = message::Entity::find()
        .filter(message::Column::ConversationId.eq(conversation_id))
        .order_by_asc(message::Column::Seq)
        .limit(limit + 1);
    if let Some(cursor) = Cursor::given(cursor) {
        query = query.filter(message::Column::Seq.gt(Cursor::decode_i64(cursor)?));
    }
    let rows = query.all(db).await?;
    let page = Page::from_rows(rows, limit, |row| row.seq.to_string());
    Ok(Page { items: views::messages(db, page.items).await?, next_cursor: page.next_cursor })
}
