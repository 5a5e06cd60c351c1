//! Messages: posting with idempotent retries, reading with cursor paging.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::core::chats::load_for;
use super::core::files;
use super::core::page::{self, Cursor, Page};
use super::core::views;
use super::{Caller, Error, Result, Services};
use crate::db::entities::message;
use crate::domain::{MAX_CLIENT_MESSAGE_ID_LEN, MessageBody};
use crate::wire::Message;
use crate::wire::values::Line;

/// Posts a message as `caller`. A retry with the same `client_message_id` returns the
/// first message and `false` instead of writing a second one, even once the
/// conversation no longer takes messages.
pub async fn post(
    services: &Services,
    caller: &Caller,
    conversation_id: Uuid,
    body: MessageBody,
    client_message_id: Option<Line<MAX_CLIENT_MESSAGE_ID_LEN>>,
) -> Result<(Message, bool)> {
    let client_message_id = client_message_id.map(Line::into_inner);
    match caller {
        Caller::Customer { .. } if !matches!(body, MessageBody::Text { .. } | MessageBody::File { .. }) => {
            return Err(Error::AgentOnly);
        }
        Caller::Platform { .. } => return Err(Error::WrongCaller("the bot platform does not write into live chats")),
        _ => {}
    }
    services.messages.post(caller, conversation_id, body, client_message_id).await
}

/// Posts a text, or files `caller` uploaded into the conversation with an optional text
/// (a message of kind `file`), as [`post`] does.
pub async fn send(
    services: &Services,
    caller: &Caller,
    conversation_id: Uuid,
    text: Option<&str>,
    attachment_ids: &[Uuid],
    client_message_id: Option<Line<MAX_CLIENT_MESSAGE_ID_LEN>>,
) -> Result<(Message, bool)> {
    let body = if attachment_ids.is_empty() {
        MessageBody::text(text.ok_or_else(|| Error::invalid("text is required without attachment_ids"))?)?
    } else {
        files::message_body(services, caller, conversation_id, text, attachment_ids).await?
    };
    post(services, caller, conversation_id, body, client_message_id).await
}

/// Messages in order of `seq`, after the cursor.
pub async fn list(
    services: &Services,
    caller: &Caller,
    conversation_id: Uuid,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<Message>> {
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
