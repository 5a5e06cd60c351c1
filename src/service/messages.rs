//! Messages: posting with idempotent retries, reading with cursor paging.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::conversations::{self, load_for};
use super::page::{self, Cursor, Page};
use super::record::{self, Change};
use super::views::{self, AgentRef, MessageView};
use super::{Caller, Error, Result, Services};
use crate::db::entities::{conversation, message};
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
/// and records its event. `None` when the author already wrote a message with this
/// `client_message_id` here: nothing is written then.
pub async fn append(
    conn: &impl ConnectionTrait,
    conversation: &mut conversation::Model,
    author: Author,
    body: MessageBody,
    client_message_id: Option<String>,
    now: DateTime<Utc>,
) -> Result<Option<MessageView>> {
    let seq = conversation.next_seq;
    let json = serde_json::to_value(&body).map_err(|error| Error::Internal(format!("message body: {error}")))?;
    let id = Uuid::now_v7();
    let row = message::ActiveModel {
        id: Set(id),
        conversation_id: Set(conversation.id),
        seq: Set(seq),
        author_kind: Set(author.kind),
        author_id: Set(author.agent.as_ref().map(|agent| agent.id)),
        kind: Set(body.kind()),
        body: Set(json),
        client_message_id: Set(client_message_id.clone()),
        created_at: Set(now),
    };
    let retried = OnConflict::columns([
        message::Column::ConversationId,
        message::Column::AuthorKind,
        message::Column::ClientMessageId,
    ])
    .do_nothing()
    .to_owned();
    let inserted = message::Entity::insert(row).on_conflict(retried).exec_without_returning(conn).await?;
    if inserted == 0 {
        return Ok(None);
    }
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
    Ok(Some(view))
}

/// Appends a message that cannot be a retry (it has no `client_message_id`).
pub async fn append_new(
    conn: &impl ConnectionTrait,
    conversation: &mut conversation::Model,
    author: Author,
    body: MessageBody,
    now: DateTime<Utc>,
) -> Result<MessageView> {
    append(conn, conversation, author, body, None, now)
        .await?
        .ok_or_else(|| Error::Internal("a message without client_message_id was taken for a retry".into()))
}

/// The message the author wrote with `client_message_id` in this conversation, as a
/// retry returns it.
async fn earlier(
    conn: &impl ConnectionTrait,
    conversation_id: Uuid,
    author: &Author,
    client_message_id: &str,
) -> Result<Option<MessageView>> {
    let found = message::Entity::find()
        .filter(message::Column::ConversationId.eq(conversation_id))
        .filter(message::Column::AuthorKind.eq(author.kind))
        .filter(message::Column::ClientMessageId.eq(client_message_id))
        .one(conn)
        .await?;
    let Some(found) = found else { return Ok(None) };
    if found.author_id != author.agent.as_ref().map(|agent| agent.id) {
        return Err(Error::ClientMessageIdTaken);
    }
    Ok(views::messages(conn, vec![found]).await?.pop())
}

/// Posts a message as `caller`. A retry with the same `client_message_id` returns the
/// first message and `false` instead of writing a second one, even once the
/// conversation no longer takes messages.
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
    let (before, customer) = conversations::load_with_customer(&*txn, caller, conversation_id).await?;
    if let Err(refused) = conversations::state_of(&before).apply(actor, &Action::PostMessage) {
        let retried = match &client_message_id {
            Some(client_id) => earlier(&*txn, conversation_id, &author, client_id).await?,
            None => None,
        };
        return retried.map(|view| (view, false)).ok_or_else(|| refused.into());
    }
    let mut conversation = before.clone();
    if author.kind == AuthorKind::Customer
        && conversation.agent_id.is_none()
        && super::agents::online_count(&*txn).await? == 0
    {
        conversation.left_message = true;
    }
    let is_agent = author.kind == AuthorKind::Agent;
    let retry_of = client_message_id.clone();
    let Some(view) = append(&*txn, &mut conversation, author.clone(), body, client_message_id, Utc::now()).await?
    else {
        let client_id = retry_of.unwrap_or_default();
        let view = earlier(&*txn, conversation_id, &author, &client_id).await?;
        return view.map(|view| (view, false)).ok_or_else(|| Error::Internal("a retried message vanished".into()));
    };
    if is_agent {
        super::housekeeping::note_agent_reply(&mut conversation, &customer, services.reply_window);
    }
    conversations::save_changes(&*txn, &before, conversation).await?;
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
