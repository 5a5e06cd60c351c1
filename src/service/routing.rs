//! Routing: groups of agents, how many chats an agent takes at once, automatic
//! assignment and the queue.
//!
//! A module's conversations are served by its group (none: every agent). In `manual`
//! routing agents claim from the Live list; in `auto` routing the server assigns each
//! waiting conversation to an online agent of the group with room (fewest active chats,
//! then longest since their last assignment), first in, first out. Every waiting
//! conversation has a place in its group's queue, announced on its streams when it
//! changes.
//!
//! The router makes those changes in rounds, each one write transaction: writes take
//! turns (across processes on PostgreSQL too), so no conversation goes to two agents and
//! no agent gets more than their limit. A round runs when something may have freed room
//! or moved the queue (an entry, an end, a release, an agent coming online…), and every
//! second as a safety net; entries in `auto` routing run one inside their own
//! transaction, so their answer already says who serves them.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use serde::Serialize;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::conversations::{save, save_with_event, state_of};
use super::record::{self, Change, ConversationChange};
use super::{AgentCaller, Error, Result, Services, views};
use crate::db::Store;
use crate::db::entities::{agent, agent_group, conversation, group};
use crate::domain::{Action, Actor, ModuleSettings, Presence, Role, Status, text};
use crate::events::Scope;

pub const MAX_GROUP_NAME_LEN: usize = 100;
pub const MAX_GROUPS_PER_AGENT: usize = 50;
/// Recent waits the estimate of a group's waiting time is made from.
const WAIT_SAMPLE: u64 = 20;
/// Waiting conversations a round looks at, oldest first.
const MAX_QUEUE: u64 = 10_000;
const ROUND: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Serialize)]
pub struct GroupView {
    pub id: Uuid,
    pub name: String,
    pub agent_ids: Vec<Uuid>,
    pub created_at: DateTime<Utc>,
}

/// Data of `conversation.queue_position`.
#[derive(Debug, Clone, Serialize)]
pub struct QueuePositionChange {
    pub conversation_id: Uuid,
    pub group_id: Option<Uuid>,
    pub queue_position: i32,
    pub estimated_wait_seconds: Option<i64>,
}

pub async fn create_group(services: &Services, admin: &AgentCaller, name: &str) -> Result<GroupView> {
    admin.require_admin()?;
    text::line("name", name, MAX_GROUP_NAME_LEN)?;
    let name = name.trim().to_owned();
    let txn = services.store.write().await?;
    if group::Entity::find().filter(group::Column::Name.eq(&name)).count(&*txn).await? > 0 {
        return Err(Error::GroupNameTaken);
    }
    let row = group::ActiveModel { id: Set(Uuid::now_v7()), name: Set(name), created_at: Set(Utc::now()) }
        .insert(&*txn)
        .await?;
    txn.commit().await?;
    Ok(GroupView { id: row.id, name: row.name, agent_ids: Vec::new(), created_at: row.created_at })
}

/// Every group, by name; agents read them to transfer, admins to configure.
pub async fn list_groups(services: &Services) -> Result<Vec<GroupView>> {
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
            GroupView { id: row.id, name: row.name, agent_ids, created_at: row.created_at }
        })
        .collect())
}

pub async fn get_group(services: &Services, id: Uuid) -> Result<GroupView> {
    list_groups(services).await?.into_iter().find(|group| group.id == id).ok_or(Error::NotFound("group"))
}

/// Checks that every id names a group.
pub async fn check_groups(conn: &impl ConnectionTrait, ids: &[Uuid]) -> Result<()> {
    if ids.len() > MAX_GROUPS_PER_AGENT {
        return Err(Error::invalid(format!("an agent is in at most {MAX_GROUPS_PER_AGENT} groups")));
    }
    let unique: HashSet<Uuid> = ids.iter().copied().collect();
    let found = group::Entity::find().filter(group::Column::Id.is_in(unique.iter().copied())).count(conn).await?;
    if found != unique.len() as u64 {
        return Err(Error::invalid("group_ids names a group that does not exist"));
    }
    Ok(())
}

/// Makes `agent_id` a member of exactly `group_ids`.
pub async fn set_memberships(conn: &impl ConnectionTrait, agent_id: Uuid, group_ids: &[Uuid]) -> Result<()> {
    check_groups(conn, group_ids).await?;
    agent_group::Entity::delete_many().filter(agent_group::Column::AgentId.eq(agent_id)).exec(conn).await?;
    let unique: HashSet<Uuid> = group_ids.iter().copied().collect();
    if !unique.is_empty() {
        let rows = unique
            .into_iter()
            .map(|group_id| agent_group::ActiveModel { agent_id: Set(agent_id), group_id: Set(group_id) });
        agent_group::Entity::insert_many(rows).exec_without_returning(conn).await?;
    }
    Ok(())
}

pub async fn group_ids_of(conn: &impl ConnectionTrait, agent_id: Uuid) -> Result<Vec<Uuid>> {
    let mut ids: Vec<Uuid> = agent_group::Entity::find()
        .filter(agent_group::Column::AgentId.eq(agent_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|membership| membership.group_id)
        .collect();
    ids.sort();
    Ok(ids)
}

/// Online agents who serve `group` (every online agent for none).
pub async fn online_agents(conn: &impl ConnectionTrait, group_id: Option<Uuid>) -> Result<u64> {
    let mut query = agent::Entity::find()
        .filter(agent::Column::Active.eq(true))
        .filter(agent::Column::Presence.eq(Presence::Online));
    if let Some(group_id) = group_id {
        let members = agent_group::Entity::find()
            .select_only()
            .column(agent_group::Column::AgentId)
            .filter(agent_group::Column::GroupId.eq(group_id))
            .into_query();
        query = query.filter(agent::Column::Id.in_subquery(members));
    }
    Ok(query.count(conn).await?)
}

/// How many chats `agent` may serve at once: their own limit, else the module's, else
/// the server's; none: no limit.
pub fn capacity(agent: &agent::Model, settings: &ModuleSettings, default: Option<u32>) -> Option<u32> {
    agent.max_active_chats.map(|max| max.max(0) as u32).or(settings.max_active_chats).or(default)
}

async fn active_chats(conn: &impl ConnectionTrait, agent_ids: &[Uuid]) -> Result<HashMap<Uuid, u32>> {
    if agent_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Option<Uuid>, i64)> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::AgentId)
        .expr_as(Func::count(Expr::col(conversation::Column::Id)), "chats")
        .filter(conversation::Column::Status.eq(Status::Active))
        .filter(conversation::Column::AgentId.is_in(agent_ids.iter().copied()))
        .group_by(conversation::Column::AgentId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().filter_map(|(agent_id, chats)| Some((agent_id?, chats.max(0) as u32))).collect())
}

/// Whether `agent` may take `row` over now: a member of its group (admins serve every
/// group), with room for one more chat.
pub async fn check_may_take(
    conn: &impl ConnectionTrait,
    agent: &agent::Model,
    row: &conversation::Model,
    settings: &ModuleSettings,
    default: Option<u32>,
) -> Result<()> {
    if let Some(group_id) = row.group_id
        && agent.role != Role::Admin
        && !group_ids_of(conn, agent.id).await?.contains(&group_id)
    {
        return Err(Error::NotInGroup);
    }
    if let Some(max) = capacity(agent, settings, default) {
        let serving = active_chats(conn, &[agent.id]).await?.get(&agent.id).copied().unwrap_or(0);
        if serving >= max {
            return Err(Error::AgentAtCapacity(max));
        }
    }
    Ok(())
}

/// Conversations of `group_id`, or of no group for none.
fn of_group(group_id: Option<Uuid>) -> sea_orm::sea_query::SimpleExpr {
    match group_id {
        Some(group_id) => conversation::Column::GroupId.eq(group_id),
        None => conversation::Column::GroupId.is_null(),
    }
}

/// The place a conversation entering `group_id` now takes: after everyone waiting there.
pub async fn next_place(conn: &impl ConnectionTrait, group_id: Option<Uuid>) -> Result<i32> {
    let waiting = conversation::Entity::find()
        .filter(conversation::Column::Status.eq(Status::Waiting))
        .filter(conversation::Column::ShownInLive.eq(true))
        .filter(of_group(group_id));
    Ok(i32::try_from(waiting.count(conn).await?).unwrap_or(i32::MAX - 1) + 1)
}

/// Seconds of waiting per place in the queue, from the last conversations of `group_id`
/// that an agent took over: what the estimate of a wait is made of. None without any.
pub async fn wait_per_place(conn: &impl ConnectionTrait, group_id: Option<Uuid>) -> Result<Option<f64>> {
    let taken = conversation::Entity::find()
        .filter(conversation::Column::ClaimedAt.is_not_null())
        .filter(conversation::Column::QueuePositionAtEntry.is_not_null())
        .filter(of_group(group_id))
        .order_by_desc(conversation::Column::ClaimedAt)
        .limit(WAIT_SAMPLE);
    let (mut seconds, mut places) = (0.0, 0.0);
    for row in taken.all(conn).await? {
        let (Some(claimed_at), Some(place)) = (row.claimed_at, row.queue_position_at_entry) else { continue };
        seconds += (claimed_at - row.entered_at).num_milliseconds().max(0) as f64 / 1000.0;
        places += f64::from(place.max(1));
    }
    Ok((places > 0.0).then(|| seconds / places))
}

/// The server's router: it runs a round when woken, and every second.
#[derive(Clone)]
pub struct Router {
    store: Store,
    /// Active chats per agent when neither the agent nor the module says.
    pub default_max_active_chats: Option<u32>,
    wake: Arc<Notify>,
}

impl Router {
    pub fn new(store: Store, default_max_active_chats: Option<u32>) -> Self {
        Self { store, default_max_active_chats, wake: Arc::new(Notify::new()) }
    }

    /// Asks for a round soon: something may have freed room or moved a queue.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Runs rounds until `shutdown`: the routing worker.
    pub async fn run(&self, shutdown: CancellationToken) {
        loop {
            if let Err(error) = self.round(Utc::now()).await {
                tracing::warn!(%error, "routing round failed");
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(ROUND) => {}
                () = shutdown.cancelled() => return,
            }
        }
    }

    /// One round: looks first without the write turn, and takes it only when there is
    /// something to change.
    pub async fn round(&self, now: DateTime<Utc>) -> Result<usize> {
        if route(self.store.db(), self.default_max_active_chats, now, false).await? == 0 {
            return Ok(0);
        }
        let txn = self.store.write().await?;
        let changed = route(&*txn, self.default_max_active_chats, now, true).await?;
        txn.commit().await?;
        Ok(changed)
    }
}

/// Settings of the module versions of `rows`, read once each.
struct SettingsCache(HashMap<(Uuid, i32), ModuleSettings>);

impl SettingsCache {
    async fn of(&mut self, conn: &impl ConnectionTrait, row: &conversation::Model) -> Result<&ModuleSettings> {
        let key = (row.module_id, row.module_version);
        if let std::collections::hash_map::Entry::Vacant(slot) = self.0.entry(key) {
            slot.insert(views::module_settings(conn, row.module_id, row.module_version).await?);
        }
        Ok(&self.0[&key])
    }
}

/// The online agents a round (or an entry) may give chats to: their groups, their active
/// chats and when each was last given one.
struct AgentPool {
    online: Vec<agent::Model>,
    groups_of: HashMap<Uuid, HashSet<Uuid>>,
    serving: HashMap<Uuid, u32>,
    last_assigned: HashMap<Uuid, Option<DateTime<Utc>>>,
}

/// Who takes a conversation.
enum Pick {
    /// Nobody of its group has room under its module's limit.
    NoRoom,
    /// Only the agent who gave it back has room: it waits for another.
    OnlyWhoGaveItBack,
    Agent(Uuid),
}

impl AgentPool {
    async fn load(conn: &impl ConnectionTrait) -> Result<Self> {
        let online: Vec<agent::Model> = agent::Entity::find()
            .filter(agent::Column::Active.eq(true))
            .filter(agent::Column::Presence.eq(Presence::Online))
            .all(conn)
            .await?;
        let ids: Vec<Uuid> = online.iter().map(|agent| agent.id).collect();
        let mut groups_of: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
        if !ids.is_empty() {
            let memberships =
                agent_group::Entity::find().filter(agent_group::Column::AgentId.is_in(ids.clone())).all(conn).await?;
            for membership in memberships {
                groups_of.entry(membership.agent_id).or_default().insert(membership.group_id);
            }
        }
        let serving = active_chats(conn, &ids).await?;
        let last_assigned = online.iter().map(|agent| (agent.id, agent.last_assigned_at)).collect();
        Ok(Self { online, groups_of, serving, last_assigned })
    }

    /// An online agent of `row`'s group with room under `module`'s limit: the fewest active
    /// chats, then the longest since their last assignment; never the one who gave it back.
    fn choose(&self, row: &conversation::Model, module: &ModuleSettings, default_max: Option<u32>) -> Pick {
        let busy = |agent: &agent::Model| self.serving.get(&agent.id).copied().unwrap_or(0);
        let with_room: Vec<&agent::Model> = self
            .online
            .iter()
            .filter(|agent| {
                row.group_id.is_none_or(|group_id| self.groups_of.get(&agent.id).is_some_and(|g| g.contains(&group_id)))
            })
            .filter(|agent| capacity(agent, module, default_max).is_none_or(|max| busy(agent) < max))
            .collect();
        if with_room.is_empty() {
            return Pick::NoRoom;
        }
        with_room
            .into_iter()
            .filter(|agent| row.released_by != Some(agent.id))
            .min_by_key(|agent| (busy(agent), self.last_assigned.get(&agent.id).copied().flatten(), agent.id))
            .map_or(Pick::OnlyWhoGaveItBack, |agent| Pick::Agent(agent.id))
    }

    fn took(&mut self, agent_id: Uuid, now: DateTime<Utc>) {
        *self.serving.entry(agent_id).or_default() += 1;
        self.last_assigned.insert(agent_id, Some(now));
    }
}

/// Gives waiting `row` to `agent_id`, with its event.
async fn assign(
    conn: &impl ConnectionTrait,
    mut row: conversation::Model,
    agent_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    let next = state_of(&row).apply(Actor::System, &Action::Assign { to: agent_id })?;
    row.status = next.status;
    row.agent_id = next.agent_id;
    row.claimed_at = row.claimed_at.or(Some(now));
    row.queue_position = None;
    row.released_by = None;
    save_with_event(conn, row, ConversationChange::Assigned).await?;
    agent::Entity::update_many()
        .col_expr(agent::Column::LastAssignedAt, now.into())
        .filter(agent::Column::Id.eq(agent_id))
        .exec(conn)
        .await?;
    Ok(())
}

/// A conversation just entered in `auto` routing, inside the entry's transaction, when
/// nobody waits ahead of it in its group: it goes to an agent with room at once, without
/// a whole round. Returns whether it was given (false too when others wait ahead).
pub async fn assign_on_entry(
    conn: &impl ConnectionTrait,
    row: &conversation::Model,
    module: &ModuleSettings,
    default_max: Option<u32>,
    now: DateTime<Utc>,
) -> Result<bool> {
    if row.queue_position != Some(1) {
        return Ok(false);
    }
    let Pick::Agent(agent_id) = AgentPool::load(conn).await?.choose(row, module, default_max) else {
        return Ok(false);
    };
    assign(conn, row.clone(), agent_id, now).await?;
    Ok(true)
}

/// The expected wait of the conversation at `place`, from the seconds waited per place.
pub fn estimate(place: i32, per_place: Option<f64>) -> Option<i64> {
    per_place.map(|per_place| (f64::from(place) * per_place).round() as i64)
}

/// What a round does: puts back in the queue the automatically routed chats of agents
/// who went offline, assigns waiting conversations in `auto` routing, and announces
/// changed queue places. Returns how many changes it made (or, with `apply` false,
/// would make).
pub async fn route(
    conn: &impl ConnectionTrait,
    default_max: Option<u32>,
    now: DateTime<Utc>,
    apply: bool,
) -> Result<usize> {
    let mut changes = 0;
    let mut settings = SettingsCache(HashMap::new());

    let mut pool = AgentPool::load(conn).await?;

    // Chats of agents who are gone go back to the head of the queue.
    let online_set: HashSet<Uuid> = pool.online.iter().map(|agent| agent.id).collect();
    let orphaned: Vec<conversation::Model> = conversation::Entity::find()
        .filter(conversation::Column::Status.eq(Status::Active))
        .filter(conversation::Column::AutoAssign.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .filter(|row| row.agent_id.is_some_and(|agent_id| !online_set.contains(&agent_id)))
        .collect();
    // Away agents keep their chats; offline and deactivated ones hand them back.
    let serving_elsewhere: HashSet<Uuid> = orphaned.iter().filter_map(|row| row.agent_id).collect();
    let gone: HashSet<Uuid> = if serving_elsewhere.is_empty() {
        HashSet::new()
    } else {
        let present: HashSet<Uuid> = agent::Entity::find()
            .filter(agent::Column::Id.is_in(serving_elsewhere.iter().copied()))
            .filter(agent::Column::Active.eq(true))
            .filter(agent::Column::Presence.ne(Presence::Offline))
            .all(conn)
            .await?
            .into_iter()
            .map(|agent| agent.id)
            .collect();
        serving_elsewhere.difference(&present).copied().collect()
    };
    for mut row in orphaned.into_iter().filter(|row| row.agent_id.is_some_and(|id| gone.contains(&id))) {
        match settings.of(conn, &row).await {
            Ok(module) if module.keep_chats_when_agent_offline => continue,
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(conversation_id = %row.id, %error, "cannot route a conversation; skipped");
                continue;
            }
        }
        changes += 1;
        if apply {
            let next = state_of(&row).apply(Actor::System, &Action::Release)?;
            row.status = next.status;
            row.agent_id = next.agent_id;
            // Back to the head of the queue: its place by the time it entered.
            row.waiting_since = Some(row.entered_at.min(now));
            row.queue_position = None;
            save_with_event(conn, row, ConversationChange::Released).await?;
        }
    }

    // The queue, oldest first; automatically routed conversations go to agents with room.
    let waiting = conversation::Entity::find()
        .filter(conversation::Column::Status.eq(Status::Waiting))
        .filter(conversation::Column::ShownInLive.eq(true))
        .order_by_asc(conversation::Column::WaitingSince)
        .order_by_asc(conversation::Column::Id)
        .limit(MAX_QUEUE)
        .all(conn)
        .await?;
    // Groups (with a module's limit) where no agent has room: later conversations of
    // the same kind wait behind the first, first in, first out.
    let mut full: HashSet<(Option<Uuid>, Option<u32>)> = HashSet::new();
    let mut still_waiting = Vec::new();
    for row in waiting {
        let group_key = row.group_id;
        if !row.auto_assign {
            still_waiting.push(row);
            continue;
        }
        let module = match settings.of(conn, &row).await {
            Ok(module) => module.clone(),
            Err(error) => {
                tracing::warn!(conversation_id = %row.id, %error, "cannot route a conversation; skipped");
                still_waiting.push(row);
                continue;
            }
        };
        if full.contains(&(group_key, module.max_active_chats)) {
            still_waiting.push(row);
            continue;
        }
        if module.business_hours.as_ref().is_some_and(|hours| !hours.is_open(now)) {
            still_waiting.push(row);
            continue;
        }
        match pool.choose(&row, &module, default_max) {
            Pick::NoRoom => {
                full.insert((group_key, module.max_active_chats));
                still_waiting.push(row);
            }
            Pick::OnlyWhoGaveItBack => still_waiting.push(row),
            Pick::Agent(agent_id) => {
                changes += 1;
                pool.took(agent_id, now);
                if apply {
                    assign(conn, row, agent_id, now).await?;
                }
            }
        }
    }

    // Every conversation still waiting learns its place when it changed.
    let mut places: HashMap<Option<Uuid>, i32> = HashMap::new();
    let mut estimates: HashMap<Option<Uuid>, Option<f64>> = HashMap::new();
    for mut row in still_waiting {
        let place = places.entry(row.group_id).or_insert(0);
        *place += 1;
        let place = *place;
        if row.queue_position == Some(place) {
            continue;
        }
        changes += 1;
        if !apply {
            continue;
        }
        let per_place = match estimates.get(&row.group_id) {
            Some(known) => *known,
            None => {
                let computed = wait_per_place(conn, row.group_id).await?;
                estimates.insert(row.group_id, computed);
                computed
            }
        };
        row.queue_position = Some(place);
        let scope = Scope::conversation(&row);
        let change = QueuePositionChange {
            conversation_id: row.id,
            group_id: row.group_id,
            queue_position: place,
            estimated_wait_seconds: estimate(place, per_place),
        };
        save(conn, row).await?;
        record::record(conn, scope, Change::QueuePosition(&change)).await?;
    }
    Ok(changes)
}
