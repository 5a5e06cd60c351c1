//! Module configurations: versioned; a conversation keeps the version it entered with.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::core::page::{self, Cursor, Page};
use super::core::{queue, views};
use super::{AgentCaller, Error, Result, Services};
use crate::db::entities::{module, module_version};
use crate::domain::ModuleSettings;
use crate::wire::values::Line;
use crate::wire::{Availability, Module, ModuleTexts};

pub const MAX_NAME_LEN: usize = 200;

/// A module configuration as the API shows it: its head and the settings of its version.
fn module_of(
    id: Uuid,
    name: String,
    version: i32,
    settings: ModuleSettings,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
) -> Module {
    Module {
        id,
        name,
        version,
        async_enabled: settings.async_enabled,
        request_email: settings.request_email,
        fallback_target: settings.fallback_target.map(Into::into),
        quick_replies: settings.quick_replies.into_iter().map(Into::into).collect(),
        texts: ModuleTexts {
            waiting: settings.texts.waiting,
            offline: settings.texts.offline,
            email_request: settings.texts.email_request,
        },
        group_id: settings.group_id,
        routing: settings.routing.into(),
        max_active_chats: settings.max_active_chats,
        keep_chats_when_agent_offline: settings.keep_chats_when_agent_offline,
        business_hours: settings.business_hours.map(Into::into),
        csat: settings.csat.map(Into::into),
        send_transcript: settings.send_transcript,
        attachments: settings.attachments.unwrap_or_default().into(),
        created_at,
        updated_at,
    }
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
    name: &Line<MAX_NAME_LEN>,
    settings: ModuleSettings,
) -> Result<Module> {
    admin.require_admin()?;
    settings.validate()?;
    let json = settings_json(&settings)?;
    let now = Utc::now();
    let id = Uuid::now_v7();
    let txn = services.store.write().await?;
    check_group(&*txn, &settings).await?;
    let model = module::ActiveModel {
        id: Set(id),
        name: Set(name.trimmed()),
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
    Ok(module_of(id, model.name, 1, settings, now, now))
}

/// Replaces the configuration with a new version; open conversations keep theirs.
pub async fn update(
    services: &Services,
    admin: &AgentCaller,
    id: Uuid,
    name: &Line<MAX_NAME_LEN>,
    settings: ModuleSettings,
) -> Result<Module> {
    admin.require_admin()?;
    settings.validate()?;
    let json = settings_json(&settings)?;
    let now = Utc::now();
    let txn = services.store.write().await?;
    // Locked: of two updates at once, the second numbers its version after the first's.
    let current = module::Entity::find_by_id(id)
        .lock(LockType::NoKeyUpdate)
        .one(&*txn)
        .await?
        .ok_or(Error::NotFound("module"))?;
    check_group(&*txn, &settings).await?;
    let version = current.version + 1;
    let created_at = current.created_at;
    let mut model = current.into_active_model();
    model.name = Set(name.trimmed());
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
    Ok(module_of(id, model.name, version, settings, created_at, now))
}

pub async fn get(services: &Services, _any_agent: &AgentCaller, id: Uuid) -> Result<Module> {
    let db = services.store.db();
    let model = module::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound("module"))?;
    let settings = views::module_settings(db, id, model.version).await?;
    Ok(module_of(id, model.name, model.version, settings, model.created_at, model.updated_at))
}

pub async fn list(
    services: &Services,
    _any_agent: &AgentCaller,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<Module>> {
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
        items.push(module_of(model.id, model.name, model.version, settings, model.created_at, model.updated_at));
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

/// Whether module `id`'s chat can be served at `now`, for a widget before the customer
/// enters: the same rule an entry follows (see `queue::could_serve`).
pub async fn availability(services: &Services, id: Uuid, now: DateTime<Utc>) -> Result<Availability> {
    let db = services.store.db();
    let model = module::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound("module"))?;
    let settings = views::module_settings(db, id, model.version).await?;
    let hours = settings.business_hours.as_ref();
    let open = hours.is_none_or(|hours| hours.is_open(now));
    let next_opening_at = if open { None } else { hours.and_then(|hours| hours.next_opening(now)) };
    let agents_available = queue::could_serve(db, settings.group_id, &settings, now).await? > 0;
    let waiting = queue::waiting_count(db, settings.group_id).await?;
    let estimated_wait_seconds = if agents_available {
        queue::estimate(waiting.saturating_add(1), queue::wait_per_place(db, settings.group_id).await?)
    } else {
        None
    };
    Ok(Availability {
        module_id: id,
        group_id: settings.group_id,
        open,
        next_opening_at,
        agents_available,
        async_enabled: settings.async_enabled,
        waiting,
        estimated_wait_seconds,
    })
}
