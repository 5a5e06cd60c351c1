//! Tags on conversations, as entering and tagging share them.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{Error, Result};
use crate::db::entities::{conversation_tag, tag};

pub const MAX_TAG_NAME_LEN: usize = 50;
/// Tags the bot platform may name at entry.
pub const MAX_ENTRY_TAGS: usize = 20;

/// The ids of the tags named `names` (in any case); a name that is no tag is 422. Only
/// for a write transaction that puts them on a conversation.
pub async fn ids_of(conn: &impl ConnectionTrait, names: &[String]) -> Result<Vec<Uuid>> {
    if names.len() > MAX_ENTRY_TAGS {
        return Err(Error::invalid(format!("tags: at most {MAX_ENTRY_TAGS}")));
    }
    let keys: Vec<String> = names.iter().map(|name| name.trim().to_lowercase()).collect();
    // Shared locks, in id order: a tag being deleted is not put on the conversation
    // (nothing else ties its links to it), while entries naming the same tag do not wait
    // for each other.
    let found: HashMap<String, Uuid> = tag::Entity::find()
        .filter(tag::Column::NameKey.is_in(keys.clone()))
        .order_by_asc(tag::Column::Id)
        .lock_shared()
        .all(conn)
        .await?
        .into_iter()
        .map(|row| (row.name_key, row.id))
        .collect();
    let mut ids = Vec::with_capacity(keys.len());
    for (name, key) in names.iter().zip(&keys) {
        let id = found
            .get(key)
            .ok_or_else(|| Error::invalid(format!("tags: {name:?} is not a tag (admins create tags)")))?;
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    Ok(ids)
}

/// Puts tags on a new conversation, in the transaction that creates it.
pub async fn put_all(conn: &impl ConnectionTrait, conversation_id: Uuid, tag_ids: &[Uuid]) -> Result<()> {
    if tag_ids.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let links = tag_ids.iter().map(|tag_id| conversation_tag::ActiveModel {
        conversation_id: Set(conversation_id),
        tag_id: Set(*tag_id),
        tagged_at: Set(now),
    });
    conversation_tag::Entity::insert_many(links).exec_without_returning(conn).await?;
    Ok(())
}
