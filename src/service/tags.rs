//! Tags: admins keep the list; agents put tags on the conversations they see and take
//! them off, open or ended; the bot platform may name tags at entry. Tags are agents'
//! labels: customers never see them.

use chrono::Utc;
use sea_orm::sea_query::LockType;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::core::chats::lock_for;
use super::core::record::{self, Change, ConversationChange};
use super::core::views;
use super::{AgentCaller, Caller, Error, Result, Services};
use crate::db::entities::{conversation_tag, tag};
use crate::events::Scope;
use crate::wire::values::Line;
use crate::wire::{Conversation, Tag};

pub use super::core::tags::{MAX_ENTRY_TAGS, MAX_TAG_NAME_LEN};

/// Every tag, by name.
pub async fn list(services: &Services) -> Result<Vec<Tag>> {
    let rows = tag::Entity::find().order_by_asc(tag::Column::NameKey).all(services.store.db()).await?;
    Ok(rows.into_iter().map(|row| Tag { id: row.id, name: row.name }).collect())
}

/// Creates a tag (admins); a name another tag has, in any case, is 409.
pub async fn create(services: &Services, admin: &AgentCaller, name: &Line<MAX_TAG_NAME_LEN>) -> Result<Tag> {
    admin.require_admin()?;
    let name = name.trimmed();
    let key = name.to_lowercase();
    let txn = services.store.write().await?;
    if tag::Entity::find().filter(tag::Column::NameKey.eq(&key)).one(&*txn).await?.is_some() {
        return Err(Error::TagNameTaken);
    }
    let row =
        tag::ActiveModel { id: Set(Uuid::now_v7()), name: Set(name), name_key: Set(key), created_at: Set(Utc::now()) }
            .insert(&*txn)
            .await
            .map_err(|error| Error::or_taken(error, Error::TagNameTaken))?;
    txn.commit().await?;
    Ok(Tag { id: row.id, name: row.name })
}

/// Deletes a tag (admins) and takes it off every conversation, without an event for each.
pub async fn delete(services: &Services, admin: &AgentCaller, id: Uuid) -> Result<()> {
    admin.require_admin()?;
    let txn = services.store.write().await?;
    // Locked: a conversation being tagged with it meanwhile (which takes a shared lock on
    // it) has its link deleted too, or finds it gone.
    tag::Entity::find_by_id(id).lock(LockType::NoKeyUpdate).one(&*txn).await?.ok_or(Error::NotFound("tag"))?;
    conversation_tag::Entity::delete_many().filter(conversation_tag::Column::TagId.eq(id)).exec(&*txn).await?;
    tag::Entity::delete_by_id(id).exec(&*txn).await?;
    txn.commit().await?;
    Ok(())
}

/// Puts tag `tag_id` on the conversation; `conversation.tagged` follows unless it had it.
pub async fn tag(
    services: &Services,
    agent: &AgentCaller,
    conversation_id: Uuid,
    tag_id: Uuid,
) -> Result<Conversation> {
    change(services, agent, conversation_id, tag_id, ConversationChange::Tagged).await
}

/// Takes tag `tag_id` off the conversation; `conversation.untagged` follows if it had it.
pub async fn untag(
    services: &Services,
    agent: &AgentCaller,
    conversation_id: Uuid,
    tag_id: Uuid,
) -> Result<Conversation> {
    change(services, agent, conversation_id, tag_id, ConversationChange::Untagged).await
}

async fn change(
    services: &Services,
    agent: &AgentCaller,
    conversation_id: Uuid,
    tag_id: Uuid,
    change: ConversationChange,
) -> Result<Conversation> {
    let txn = services.store.write().await?;
    // The conversation's row is locked: changes of its tags take turns, so whether it had
    // the tag is still so when the link is written. The tag's is shared: it is not
    // deleted meanwhile, and other conversations are tagged with it at the same time.
    let row = lock_for(&*txn, &Caller::Agent(agent.clone()), conversation_id).await?;
    tag::Entity::find_by_id(tag_id).lock_shared().one(&*txn).await?.ok_or(Error::NotFound("tag"))?;
    let had = conversation_tag::Entity::find_by_id((conversation_id, tag_id)).one(&*txn).await?.is_some();
    let tagging = change == ConversationChange::Tagged;
    if had == tagging {
        return views::conversation(&*txn, row).await;
    }
    if tagging {
        let link = conversation_tag::ActiveModel {
            conversation_id: Set(conversation_id),
            tag_id: Set(tag_id),
            tagged_at: Set(Utc::now()),
        };
        conversation_tag::Entity::insert(link).exec_without_returning(&*txn).await?;
    } else {
        conversation_tag::Entity::delete_by_id((conversation_id, tag_id)).exec(&*txn).await?;
    }
    let scope = Scope::conversation(&row);
    let view = views::conversation(&*txn, row).await?;
    record::record(&*txn, scope, Change::Conversation(change, &view)).await?;
    txn.commit().await?;
    Ok(view)
}
