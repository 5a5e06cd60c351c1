//! Module configurations: versioned; a conversation keeps the version it entered with.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::core::page::{self, Cursor, Page};
use super::core::{queue, views};
use super::{AgentCaller, Error, Result, Services};
use crate::db::entities::{module, module_version};
use crate::domain::{ModuleSettings, text};

pub const MAX_NAME_LEN: usize = 200;

#[derive(Debug, Clone)]
pub struct ModuleView {
    pub id: Uuid,
    pub name: String,
    pub version: i32,
    pub settings: ModuleSettings,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn settings_json(settings: &ModuleSettings) -> Result<serde_json::Value> {
    serde_json::to_value(settings).map_err(|error| Error::Internal(format!("module settings: {error}")))
}

async fn check_group(conn: &impl sea_orm::ConnectionTrait, settings: &ModuleSettings) -> Result<()> {
    match settings.group_id {
        Some(group_id) => {
            queue::check_groups(conn, &[group_id]).await.map_err(|_| Error::invalid("group_id does not name a group"))
        }
        None => Ok(()),
    }
}

pub async fn create(
    services: &Services,
    admin: &AgentCaller,
    name: &str,
    settings: ModuleSettings,
) -> Result<ModuleView> {
    admin.require_admin()?;
    text::line("name", name, MAX_NAME_LEN)?;
    settings.validate()?;
    let json = settings_json(&settings)?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    let txn = services.store.write().await?;
    check_group(&*txn, &settings).await?;
    let model = module::ActiveModel {
        id: Set(id),
        name: Set(name.trim().to_owned()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&*txn)
    .await?;
    module_version::ActiveModel { module_id: Set(id), version: Set(1), settings: Set(json), created_at: Set(now) }
        .insert(&*txn)
        .await?;
    txn.commit().await?;
    Ok(ModuleView { id, name: model.name, version: 1, settings, created_at: now, updated_at: now })
}

/// Replaces the configuration with a new version; open conversations keep theirs.
pub async fn update(
    services: &Services,
    admin: &AgentCaller,
    id: Uuid,
    name: &str,
    settings: ModuleSettings,
) -> Result<ModuleView> {
    admin.require_admin()?;
    text::line("name", name, MAX_NAME_LEN)?;
    settings.validate()?;
    let json = settings_json(&settings)?;
    let now = Utc::now();
    let txn = services.store.write().await?;
    let current = module::Entity::find_by_id(id).one(&*txn).await?.ok_or(Error::NotFound("module"))?;
    check_group(&*txn, &settings).await?;
    let version = current.version + 1;
    let created_at = current.created_at;
    let mut model = current.into_active_model();
    model.name = Set(name.trim().to_owned());
    model.version = Set(version);
    model.updated_at = Set(now);
    let model = model.update(&*txn).await?;
    module_version::ActiveModel {
        module_id: Set(id),
        version: Set(version),
        settings: Set(json),
        created_at: Set(now),
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok(ModuleView { id, name: model.name, version, settings, created_at, updated_at: now })
}

pub async fn get(services: &Services, _any_agent: &AgentCaller, id: Uuid) -> Result<ModuleView> {
    let db = services.store.db();
    let model = module::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound("module"))?;
    let settings = views::module_settings(db, id, model.version).await?;
    Ok(ModuleView {
        id,
        name: model.name,
        version: model.version,
        settings,
        created_at: model.created_at,
        updated_at: model.updated_at,
    })
}

pub async fn list(
    services: &Services,
    _any_agent: &AgentCaller,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<ModuleView>> {
    let limit = page::limit(limit);
    let db = services.store.db();
    let mut query = module::Entity::find().order_by_asc(module::Column::Id).limit(limit + 1);
    if let Some(cursor) = Cursor::given(cursor) {
        query = query.filter(module::Column::Id.gt(Cursor::decode_uuid(cursor)?));
    }
    let rows = query.all(db).await?;
    let page = Page::from_rows(rows, limit, |row| row.id.to_string());
    let mut items = Vec::with_capacity(page.items.len());
    for model in page.items {
        let settings = views::module_settings(db, model.id, model.version).await?;
        items.push(ModuleView {
            id: model.id,
            name: model.name,
            version: model.version,
            settings,
            created_at: model.created_at,
            updated_at: model.updated_at,
        });
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}
