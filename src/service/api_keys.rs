//! API keys for the bot platform: created by admins, shown once, stored hashed, revocable.

use chrono::Utc;
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::core::auth;
use super::core::page::{self, Cursor, Page};
use super::{AgentCaller, Error, Result, Services};
use crate::db::entities::api_key;
use crate::wire::ApiKeyRecord;
use crate::wire::values::Line;

pub const MAX_NAME_LEN: usize = 200;

impl From<api_key::Model> for ApiKeyRecord {
    fn from(model: api_key::Model) -> Self {
        Self {
            id: model.id,
            name: model.name,
            prefix: model.prefix,
            created_at: model.created_at,
            revoked_at: model.revoked_at,
        }
    }
}

/// Returns the key's record and the key itself, which is not stored and cannot be shown again.
pub async fn create(
    services: &Services,
    admin: &AgentCaller,
    name: &Line<MAX_NAME_LEN>,
) -> Result<(ApiKeyRecord, String)> {
    admin.require_admin()?;
    let (key, hash) = auth::new_api_key();
    let txn = services.store.write().await?;
    let model = api_key::ActiveModel {
        id: Set(Uuid::now_v7()),
        name: Set(name.trimmed()),
        prefix: Set(key.chars().take(10).collect()),
        key_hash: Set(hash),
        created_by: Set(admin.id),
        created_at: Set(Utc::now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok((model.into(), key))
}

pub async fn list(
    services: &Services,
    admin: &AgentCaller,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<ApiKeyRecord>> {
    admin.require_admin()?;
    let limit = page::limit(limit);
    let mut query = api_key::Entity::find().order_by_asc(api_key::Column::Id).limit(limit + 1);
    if let Some(cursor) = Cursor::given(cursor) {
        query = query.filter(api_key::Column::Id.gt(Cursor::decode_uuid(cursor)?));
    }
    let rows = query.all(services.store.db()).await?;
    Ok(Page::from_rows(rows, limit, |row| row.id.to_string()).map(ApiKeyRecord::from))
}

/// Revokes a key; revoking a revoked key changes nothing.
pub async fn revoke(services: &Services, admin: &AgentCaller, id: Uuid) -> Result<ApiKeyRecord> {
    admin.require_admin()?;
    let txn = services.store.write().await?;
    // Locked: of two revokes at once, the second finds the key revoked and keeps its time.
    let current = api_key::Entity::find_by_id(id)
        .lock(LockType::NoKeyUpdate)
        .one(&*txn)
        .await?
        .ok_or(Error::NotFound("API key"))?;
    if current.revoked_at.is_some() {
        return Ok(current.into());
    }
    let mut model = current.into_active_model();
    model.revoked_at = Set(Some(Utc::now()));
    let updated = model.update(&*txn).await?;
    txn.commit().await?;
    Ok(updated.into())
}
