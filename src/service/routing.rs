//! Groups of agents: a module's conversations are served by its group (none: every
//! agent). Who may serve, the queue and automatic assignment are in the core's
//! `queue` and `router`.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{AgentCaller, Error, Result, Services};
use crate::db::entities::{agent_group, group};
use crate::wire::Group;
use crate::wire::values::Line;

pub const MAX_GROUP_NAME_LEN: usize = 100;

pub async fn create_group(services: &Services, admin: &AgentCaller, name: &Line<MAX_GROUP_NAME_LEN>) -> Result<Group> {
    admin.require_admin()?;
    let name = name.trimmed();
    let txn = services.store.write().await?;
    if group::Entity::find().filter(group::Column::Name.eq(&name)).count(&*txn).await? > 0 {
        return Err(Error::GroupNameTaken);
    }
    let row = group::ActiveModel { id: Set(Uuid::now_v7()), name: Set(name), created_at: Set(Utc::now()) }
        .insert(&*txn)
        .await
        .map_err(|error| Error::or_taken(error, Error::GroupNameTaken))?;
    txn.commit().await?;
    Ok(Group { id: row.id, name: row.name, agent_ids: Vec::new(), created_at: row.created_at })
}

/// Every group, by name; agents read them to transfer, admins to configure.
pub async fn list_groups(services: &Services) -> Result<Vec<Group>> {
    let db = services.store.db();
    let groups = group::Entity::find().order_by_asc(group::Column::Name).all(db).await?;
    let mut members: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for membership in agent_group::Entity::find().all(db).await? {
        members.entry(membership.group_id).or_default().push(membership.agent_id);
    }
    Ok(groups
        .into_iter()
        .map(|row| {
            let mut agent_ids = members.remove(&row.id).unwrap_or_default();
            agent_ids.sort();
            Group { id: row.id, name: row.name, agent_ids, created_at: row.created_at }
        })
        .collect())
}

pub async fn get_group(services: &Services, id: Uuid) -> Result<Group> {
    list_groups(services).await?.into_iter().find(|group| group.id == id).ok_or(Error::NotFound("group"))
}
