//! Internal notes: agents write them on a conversation, open or ended, for each other.
//! They are events of the conversation's log on agent streams only: the customer never
//! gets them, by stream, REST, email or transcript. A mention notifies the agent named.

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::core::chats::{self, load_for};
use super::core::page::{self, Cursor, Page};
use super::core::record::{self, Change};
use super::core::views;
use super::{AgentCaller, Caller, Error, Result, Services};
use crate::db::entities::{agent, note};
use crate::domain::canned::MAX_MENTIONS;
use crate::events::Scope;
use crate::wire::{Mention, Note};

/// Adds a note as `author`, with one `agent.mentioned` event for each agent it mentions.
/// Mentioned agents must be active and see the conversation themselves (422 otherwise),
/// so a mention shows nobody what their department does not.
pub async fn add(
    services: &Services,
    author: &AgentCaller,
    conversation_id: Uuid,
    text: &str,
    mentions: &[Uuid],
) -> Result<Note> {
    let mut mentioned: Vec<Uuid> = Vec::with_capacity(mentions.len());
    for id in mentions {
        if !mentioned.contains(id) {
            mentioned.push(*id);
        }
    }
    if mentioned.len() > MAX_MENTIONS {
        return Err(Error::invalid(format!("a note mentions at most {MAX_MENTIONS} agents")));
    }
    let txn = services.store.write().await?;
    let row = load_for(&*txn, &Caller::Agent(author.clone()), conversation_id).await?;
    let agents = agent::Entity::find().filter(agent::Column::Id.is_in(mentioned.clone())).all(&*txn).await?;
    for id in &mentioned {
        let Some(agent) = agents.iter().find(|agent| agent.id == *id && agent.active) else {
            return Err(Error::invalid(format!("mentions: {id} is not an active agent")));
        };
        let caller = AgentCaller { id: agent.id, name: agent.name.clone(), role: agent.role };
        if !chats::sees(&*txn, &caller, &row).await? {
            return Err(Error::invalid(format!("mentions: {id} does not see this conversation (another group)")));
        }
    }
    let model = note::ActiveModel {
        id: Set(Uuid::now_v7()),
        conversation_id: Set(conversation_id),
        author_id: Set(author.id),
        text: Set(text.to_owned()),
        mentions: Set(serde_json::json!(mentioned)),
        created_at: Set(Utc::now()),
    };
    let inserted = model.insert(&*txn).await?;
    let view = views::notes(&*txn, vec![inserted]).await?.pop().ok_or(Error::NotFound("note"))?;
    // The conversation's agent streams carry the note; no customer's stream names it.
    let scope = Scope { customer_id: None, ..Scope::conversation(&row) };
    let notices: Vec<Mention> = mentioned
        .iter()
        .filter(|id| **id != author.id)
        .map(|id| Mention { agent_id: *id, note: view.clone() })
        .collect();
    let mut changes = vec![(scope, Change::NoteAdded(&view))];
    for notice in &notices {
        changes.push((Scope { agent_id: Some(notice.agent_id), ..scope }, Change::AgentMentioned(notice)));
    }
    record::record_all(&*txn, changes).await?;
    txn.commit().await?;
    Ok(view)
}

/// A conversation's notes, oldest first, after the cursor; agents only.
pub async fn list(
    services: &Services,
    agent: &AgentCaller,
    conversation_id: Uuid,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<Note>> {
    let db = services.store.db();
    load_for(db, &Caller::Agent(agent.clone()), conversation_id).await?;
    let limit = page::limit(limit);
    let mut query = note::Entity::find()
        .filter(note::Column::ConversationId.eq(conversation_id))
        .order_by_asc(note::Column::Id)
        .limit(limit + 1);
    if let Some(cursor) = Cursor::given(cursor) {
        query = query.filter(note::Column::Id.gt(Cursor::decode_uuid(cursor)?));
    }
    let rows = query.all(db).await?;
    let page = Page::from_rows(rows, limit, |row| row.id.to_string());
    Ok(Page { items: views::notes(db, page.items).await?, next_cursor: page.next_cursor })
}
