//! Agents: accounts (admin), login, presence, and the first admin at start-up.

use chrono::Utc;
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::core::auth::{self, IssuedToken};
use super::core::page::{self, Cursor, Page};
use super::core::record::{self, Change};
use super::core::{chats, queue};
use super::{AgentCaller, Error, Result, Services};
use crate::db::Store;
use crate::db::entities::agent;
use crate::domain::people::MAX_PASSWORD_LEN;
use crate::domain::{EmailAddress, Presence, Role};
use crate::events::Scope;
use crate::events::hub::EphemeralEvent;
use crate::wire::values::{Email, Line, Password};
use crate::wire::{Agent, AgentPresenceChange, PresenceChangeReason};

pub const MAX_NAME_LEN: usize = 200;

/// The agent with the groups it serves.
async fn agent_of(conn: &impl sea_orm::ConnectionTrait, model: agent::Model) -> Result<Agent> {
    let group_ids = queue::group_ids_of(conn, model.id).await?;
    Ok(Agent { group_ids, ..model.into() })
}

impl From<agent::Model> for Agent {
    fn from(model: agent::Model) -> Self {
        Self {
            id: model.id,
            email: Email::stored(model.email),
            name: model.name,
            role: model.role.into(),
            active: model.active,
            presence: model.presence.into(),
            presence_changed_at: model.presence_changed_at,
            created_at: model.created_at,
            max_active_chats: model.max_active_chats.map(|max| max.max(0) as u32),
            group_ids: Vec::new(),
        }
    }
}

pub struct NewAgent {
    pub email: EmailAddress,
    pub name: Line<MAX_NAME_LEN>,
    pub password: Password,
    pub role: Role,
    pub max_active_chats: Option<u32>,
    pub group_ids: Vec<Uuid>,
}

#[derive(Default)]
pub struct AgentChanges {
    pub name: Option<Line<MAX_NAME_LEN>>,
    pub password: Option<Password>,
    pub role: Option<Role>,
    pub active: Option<bool>,
    /// `Some(0)` removes the agent's own limit.
    pub max_active_chats: Option<u32>,
    /// Replaces the agent's groups.
    pub group_ids: Option<Vec<Uuid>>,
}

fn check_max_active_chats(max: Option<u32>) -> Result<()> {
    if max.is_some_and(|max| max > crate::domain::module::MAX_ACTIVE_CHATS) {
        let limit = crate::domain::module::MAX_ACTIVE_CHATS;
        return Err(Error::invalid(format!("max_active_chats is at most {limit}")));
    }
    Ok(())
}

pub async fn create(services: &Services, admin: &AgentCaller, new: NewAgent) -> Result<Agent> {
    admin.require_admin()?;
    insert(&services.store, new).await
}

async fn insert(store: &Store, new: NewAgent) -> Result<Agent> {
    let email = new.email.into_string();
    check_max_active_chats(new.max_active_chats)?;
    let password_hash = auth::hash_password(new.password.as_str())?;
    let txn = store.write().await?;
    let taken = agent::Entity::find().filter(agent::Column::Email.eq(&email)).count(&*txn).await? > 0;
    if taken {
        return Err(Error::EmailTaken);
    }
    let now = Utc::now();
    let model = agent::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email),
        name: Set(new.name.trimmed()),
        password_hash: Set(password_hash),
        role: Set(new.role),
        active: Set(true),
        presence: Set(Presence::Offline),
        presence_changed_at: Set(now),
        max_active_chats: Set(new.max_active_chats.filter(|max| *max > 0).map(|max| max as i32)),
        last_assigned_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&*txn)
    .await
    .map_err(|error| Error::or_taken(error, Error::EmailTaken))?;
    queue::set_memberships(&*txn, model.id, &new.group_ids).await?;
    let view = agent_of(&*txn, model).await?;
    txn.commit().await?;
    Ok(view)
}

pub async fn list(
    services: &Services,
    _any_agent: &AgentCaller,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<Agent>> {
    let limit = page::limit(limit);
    let mut query = agent::Entity::find().order_by_asc(agent::Column::Id).limit(limit + 1);
    if let Some(cursor) = Cursor::given(cursor) {
        query = query.filter(agent::Column::Id.gt(Cursor::decode_uuid(cursor)?));
    }
    let rows = query.all(services.store.db()).await?;
    let page = Page::from_rows(rows, limit, |row| row.id.to_string());
    let mut items = Vec::with_capacity(page.items.len());
    for row in page.items {
        items.push(agent_of(services.store.db(), row).await?);
    }
    Ok(Page { items, next_cursor: page.next_cursor })
}

pub async fn get(services: &Services, _any_agent: &AgentCaller, id: Uuid) -> Result<Agent> {
    agent_of(services.store.db(), find(&services.store, id).await?).await
}

async fn find(store: &Store, id: Uuid) -> Result<agent::Model> {
    agent::Entity::find_by_id(id).one(store.db()).await?.ok_or(Error::NotFound("agent"))
}

pub async fn update(services: &Services, admin: &AgentCaller, id: Uuid, changes: AgentChanges) -> Result<Agent> {
    admin.require_admin()?;
    let password_hash = changes.password.map(|password| auth::hash_password(password.as_str())).transpose()?;
    check_max_active_chats(changes.max_active_chats)?;
    if id == admin.id && (changes.active == Some(false) || changes.role.is_some_and(|role| role != Role::Admin)) {
        return Err(Error::CannotDemoteSelf);
    }
    let txn = services.store.write().await?;
    // Locked: whether this deactivates them, and their presence, stay as read.
    let current =
        agent::Entity::find_by_id(id).lock(LockType::NoKeyUpdate).one(&*txn).await?.ok_or(Error::NotFound("agent"))?;
    let current_active = current.active;
    let current_role = current.role;
    let was_present = current.presence != Presence::Offline;
    let mut model = current.into_active_model();
    let now = Utc::now();
    if let Some(name) = changes.name {
        model.name = Set(name.trimmed());
    }
    if let Some(hash) = password_hash {
        model.password_hash = Set(hash);
    }
    if let Some(role) = changes.role {
        model.role = Set(role);
    }
    let deactivating = changes.active == Some(false) && current_active;
    if let Some(active) = changes.active {
        model.active = Set(active);
    }
    if let Some(max) = changes.max_active_chats {
        model.max_active_chats = Set((max > 0).then_some(max as i32));
    }
    let mut sight_changed = changes.role.is_some_and(|role| role != current_role);
    if let Some(group_ids) = &changes.group_ids {
        let before = queue::group_ids_of(&*txn, id).await?;
        queue::set_memberships(&*txn, id, group_ids).await?;
        sight_changed |= queue::group_ids_of(&*txn, id).await? != before;
    }
    if deactivating {
        model.presence = Set(Presence::Offline);
        model.presence_changed_at = Set(now);
    }
    model.updated_at = Set(now);
    let updated = model.update(&*txn).await?;
    if deactivating {
        chats::release_all_of(&*txn, id).await?;
        if was_present {
            let change = AgentPresenceChange {
                agent_id: id,
                name: updated.name.clone(),
                presence: Presence::Offline.into(),
                reason: Some(PresenceChangeReason::Deactivated),
            };
            record::record(&*txn, Scope::default(), Change::AgentPresenceChanged(&change)).await?;
        }
    }
    let view = agent_of(&*txn, updated).await?;
    txn.commit().await?;
    if sight_changed {
        // Their open streams were filtered by what they saw: they reconnect to the new sight.
        let db = services.store.db();
        services.hub.publish_ephemeral(db, EphemeralEvent::sight_changed(id)).await;
    }
    services.router.wake_all();
    Ok(view)
}

/// Exchanges an email and password for an agent token. The same answer is given for an
/// unknown email, a wrong password and a deactivated agent.
pub async fn login(services: &Services, email: &str, password: &str) -> Result<(IssuedToken, Agent)> {
    let refused = Error::Unauthorized("email or password is wrong, or the account is deactivated");
    let Ok(email) = EmailAddress::parse(email) else {
        return Err(refused);
    };
    let found = agent::Entity::find().filter(agent::Column::Email.eq(email.as_str())).one(services.store.db()).await?;
    let Some(agent) = found.filter(|agent| agent.active) else {
        return Err(refused);
    };
    if password.len() > MAX_PASSWORD_LEN || !auth::verify_password(password, &agent.password_hash) {
        return Err(refused);
    }
    let token = services.tokens.issue_agent(agent.id)?;
    Ok((token, agent_of(services.store.db(), agent).await?))
}

pub async fn set_presence(services: &Services, caller: &AgentCaller, presence: Presence) -> Result<Agent> {
    let txn = services.store.write().await?;
    // Locked: of two changes at once, the second compares with the first's presence.
    let current = agent::Entity::find_by_id(caller.id)
        .lock(LockType::NoKeyUpdate)
        .one(&*txn)
        .await?
        .ok_or(Error::NotFound("agent"))?;
    if current.presence == presence {
        return Ok(current.into());
    }
    let mut model = current.into_active_model();
    model.presence = Set(presence);
    model.presence_changed_at = Set(Utc::now());
    let view = agent_of(&*txn, model.update(&*txn).await?).await?;
    let change =
        AgentPresenceChange { agent_id: view.id, name: view.name.clone(), presence: presence.into(), reason: None };
    record::record(&*txn, Scope::default(), Change::AgentPresenceChanged(&change)).await?;
    txn.commit().await?;
    services.router.room_for(caller.id);
    Ok(view)
}

/// What start-up did about the first admin.
pub enum Bootstrap {
    AdminExists,
    Created { email: String, generated_password: Option<String> },
}

/// Creates the first admin when there is none.
pub async fn bootstrap_admin(store: &Store, email: &str, password: Option<&str>) -> Result<Bootstrap> {
    let admins = agent::Entity::find().filter(agent::Column::Role.eq(Role::Admin)).count(store.db()).await?;
    if admins > 0 {
        return Ok(Bootstrap::AdminExists);
    }
    let generated = password.is_none().then(|| auth::random_token(18));
    let password = Password::new(password.or(generated.as_deref()).unwrap_or_default())?;
    let email = EmailAddress::parse(email)?;
    let new = NewAgent {
        email,
        name: "Administrator".into(),
        password,
        role: Role::Admin,
        max_active_chats: None,
        group_ids: Vec::new(),
    };
    match insert(store, new).await {
        Ok(agent) => Ok(Bootstrap::Created { email: agent.email.into_inner(), generated_password: generated }),
        // Another process starting on the same database made it first.
        Err(Error::EmailTaken) => Ok(Bootstrap::AdminExists),
        Err(error) => Err(error),
    }
}
