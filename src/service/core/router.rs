//! The router: automatic assignment in `auto` routing, and the queue places it announces.
//!
//! In `auto` routing the server assigns each waiting conversation to an online agent of
//! its group with room (fewest active chats, then longest since their last assignment),
//! first in, first out. Every waiting conversation has a place in its group's queue,
//! announced on its streams when it changes.
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
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::chats::{save, save_with_event, transition};
use super::queue::{active_chats, capacity, estimate, wait_per_place};
use super::record::{self, Change, ConversationChange, QueuePositionChange};
use super::{Result, views};
use crate::db::Store;
use crate::db::entities::{agent, agent_group, conversation};
use crate::domain::{Action, Actor, ModuleSettings, Presence, Status};
use crate::events::Scope;

/// Waiting conversations a round looks at, oldest first.
const MAX_QUEUE: u64 = 10_000;
const ROUND: Duration = Duration::from_secs(1);

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
    transition(conn, &mut row, Actor::System, &Action::Assign { to: agent_id }, now).await?;
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
            // Back to the head of the queue: its place by the time it entered.
            transition(conn, &mut row, Actor::System, &Action::Release, now).await?;
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
