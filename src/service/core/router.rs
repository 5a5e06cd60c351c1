//! The router: automatic assignment in `auto` routing, and the queue places it announces.
//!
//! In `auto` routing the server assigns each waiting conversation to an online agent of
//! its group with room (fewest active chats, then longest since their last assignment),
//! first in, first out. Every waiting conversation has a place in its group's queue,
//! announced on its streams when it changes.
//!
//! The router is told what changed — a group's queue, an agent's room or presence — and
//! plans from that: it looks at the head of each queue that may move (one row per module
//! version waiting there), not at every waiting row. Assignments are one write
//! transaction, so no conversation goes to two agents and no agent gets more than their
//! limit, across processes on PostgreSQL too. Places are renumbered afterwards, only in
//! the queues that moved, at most once a second each: the first few hundred places at
//! once, those further back in the next full round (within ten seconds), so a move costs
//! the same however long the queue, and a long queue never holds up entries or
//! assignments. An entry within the first 200 takes the place behind the last one, with
//! one index read; further back the queue is counted.
//!
//! On PostgreSQL writers run side by side, so a pass that writes locks what it decides
//! on. The online agents' rows are locked, in id order, before their chats are counted,
//! as a claim or a transfer locks its agent's: an agent's assignments take turns. The
//! conversations it assigns or hands back are locked as they are read, which is after
//! the agents' rows, against the order every other writer keeps (a conversation's row
//! before an agent's); so it skips those another writer holds (`SKIP LOCKED`), and never
//! waits for a conversation while it holds an agent, which could deadlock. A
//! conversation skipped is being changed right then; the next round looks at it again.
//! Renumbering locks the places it rewrites, in queue order, and holds no agent.
//!
//! As a safety net it checks every second for chats of agents who went offline, and every
//! ten seconds plans every queue and renumbers every place (which also assigns the
//! chats waiting for business hours to open, within ten seconds of the opening).

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::sync::Notify;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::Result;
use super::chats::{self, save_with_event, transition};
use super::queue::{active_chats, capacity, estimate, shown_place, wait_per_place};
use super::record::{self, Change, ConversationChange};
use super::views;
use crate::db::Store;
use crate::db::entities::{agent, agent_group, conversation};
use crate::domain::{Action, Actor, ModuleSettings, Presence, Status};
use crate::events::Scope;
use crate::wire::{Conversation, ConversationStatus, QueuePosition};

/// How often the router looks for chats of agents who went offline, and the least time
/// between two renumberings of one queue.
const ROUND: Duration = Duration::from_secs(1);
/// How often it plans every queue and renumbers every place, whatever it was told.
const FULL_ROUND: Duration = Duration::from_secs(10);
/// Waiting rows read at a time from the head of one module version's queue.
const HEADS: u64 = 16;
/// Places renumbered in one write turn.
const PLACES_PER_TURN: u64 = 200;

/// What changed since the last round: where the router looks next.
#[derive(Debug, Default, Clone)]
pub struct Focus {
    /// Every queue (a settings change, a deactivation, the safety net).
    pub all: bool,
    /// Queues that may have someone to assign: a conversation entered or came back.
    pub groups: HashSet<Option<Uuid>>,
    /// Agents who may have room now (a chat of theirs ended, they came online…): the
    /// queues of their groups, and those of no group.
    pub agents: HashSet<Uuid>,
    /// Queues whose places moved: someone left them other than from the tail.
    pub moved: HashSet<Option<Uuid>>,
}

impl Focus {
    /// Everything: every queue planned, every place renumbered.
    pub fn everything() -> Self {
        Self { all: true, ..Self::default() }
    }

    fn merge(&mut self, other: Focus) {
        self.all |= other.all;
        self.groups.extend(other.groups);
        self.agents.extend(other.agents);
        self.moved.extend(other.moved);
    }
}

/// The server's router: plans when told what changed, and as a safety net on a timer.
#[derive(Clone)]
pub struct Router {
    store: Store,
    /// Active chats per agent when neither the agent nor the module says.
    pub default_max_active_chats: Option<u32>,
    wake: Arc<Notify>,
    focus: Arc<Mutex<Focus>>,
}

impl Router {
    pub fn new(store: Store, default_max_active_chats: Option<u32>) -> Self {
        Self { store, default_max_active_chats, wake: Arc::new(Notify::new()), focus: Arc::default() }
    }

    fn tell(&self, change: impl FnOnce(&mut Focus)) {
        change(&mut self.focus.lock().expect("the router's focus"));
        self.wake.notify_one();
    }

    /// A conversation joined the tail of `group_id`'s queue.
    pub fn entered(&self, group_id: Option<Uuid>) {
        self.tell(|focus| {
            focus.groups.insert(group_id);
        });
    }

    /// A conversation left `group_id`'s queue (claimed, ended, transferred away) or came
    /// back ahead of others: places there move.
    pub fn queue_moved(&self, group_id: Option<Uuid>) {
        self.tell(|focus| {
            focus.groups.insert(group_id);
            focus.moved.insert(group_id);
        });
    }

    /// `agent_id` may have room now, or changed presence.
    pub fn room_for(&self, agent_id: Uuid) {
        self.tell(|focus| {
            focus.agents.insert(agent_id);
        });
    }

    /// Tells the router what a change to one conversation did, from where it stood
    /// before (`was`) to `now`: the queue it left or joined, the agent it freed room for.
    pub fn changed(&self, was: &Was, now: &Conversation) {
        let waits = now.status == ConversationStatus::Waiting;
        let same_queue = was.group_id == now.group_id;
        if was.status == Status::Waiting && !(waits && same_queue) {
            self.queue_moved(was.group_id);
        }
        if waits && !(was.status == Status::Waiting && same_queue) {
            // At the tail: an agent's release or a transfer (the server's own releases,
            // to the head, renumber the queue themselves).
            self.entered(now.group_id);
        }
        let still_serves =
            now.status == ConversationStatus::Active && now.agent.as_ref().map(|agent| agent.id) == was.agent_id;
        if let Some(agent_id) = was.agent_id.filter(|_| !still_serves) {
            self.room_for(agent_id);
        }
    }

    /// Something that touches every queue changed (agent settings, deactivation).
    pub fn wake_all(&self) {
        self.tell(|focus| focus.all = true);
    }

    /// Runs until `shutdown`: the routing worker. Planning and renumbering run side by
    /// side, so that renumbering a long queue never holds up an assignment.
    pub async fn run(&self, shutdown: CancellationToken) {
        // Queues that moved and wait for their places to be renumbered.
        let unnumbered = Mutex::new(Focus::default());
        let renumber = Notify::new();
        tokio::join!(
            self.plan_rounds(&unnumbered, &renumber, &shutdown),
            self.renumber_rounds(&unnumbered, &renumber, &shutdown)
        );
    }

    async fn plan_rounds(&self, unnumbered: &Mutex<Focus>, renumber: &Notify, shutdown: &CancellationToken) {
        let mut full_due = Instant::now();
        loop {
            let mut focus = std::mem::take(&mut *self.focus.lock().expect("the router's focus"));
            if Instant::now() >= full_due {
                focus.all = true;
                full_due = Instant::now() + FULL_ROUND;
            }
            match self.plan(&focus, Utc::now()).await {
                Ok((_, moved)) => {
                    let mut unnumbered = unnumbered.lock().expect("the queues to renumber");
                    unnumbered.all |= focus.all;
                    unnumbered.moved.extend(focus.moved);
                    unnumbered.moved.extend(moved);
                    if unnumbered.all || !unnumbered.moved.is_empty() {
                        renumber.notify_one();
                    }
                }
                Err(error) => {
                    tracing::warn!(%error, "routing round failed");
                    self.focus.lock().expect("the router's focus").merge(focus);
                }
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(ROUND) => {}
                () = shutdown.cancelled() => return,
            }
        }
    }

    /// Renumbers the queues that moved, at most once a second.
    async fn renumber_rounds(&self, unnumbered: &Mutex<Focus>, renumber: &Notify, shutdown: &CancellationToken) {
        loop {
            tokio::select! {
                () = renumber.notified() => {}
                () = shutdown.cancelled() => return,
            }
            let queues = std::mem::take(&mut *unnumbered.lock().expect("the queues to renumber"));
            if let Err(error) = self.renumber(&queues).await {
                tracing::warn!(%error, "renumbering the queue failed");
                unnumbered.lock().expect("the queues to renumber").merge(queues);
                renumber.notify_one();
            }
            tokio::select! {
                () = tokio::time::sleep(ROUND) => {}
                () = shutdown.cancelled() => return,
            }
        }
    }

    /// A whole round at `now`: every queue planned, every place renumbered. Returns how
    /// many changes it made.
    pub async fn round(&self, now: DateTime<Utc>) -> Result<usize> {
        let everything = Focus::everything();
        let (assigned, _) = self.plan(&everything, now).await?;
        Ok(assigned + self.renumber(&everything).await?)
    }

    /// Plans `focus`, looking first without the write turn and taking it only when there
    /// is something to change; returns how many changes it made and the queues that moved.
    async fn plan(&self, focus: &Focus, now: DateTime<Utc>) -> Result<(usize, HashSet<Option<Uuid>>)> {
        let default_max = self.default_max_active_chats;
        if route(self.store.db(), focus, default_max, now, false).await?.changes == 0 {
            return Ok((0, HashSet::new()));
        }
        let txn = self.store.write().await?;
        let outcome = route(&*txn, focus, default_max, now, true).await?;
        txn.commit().await?;
        Ok((outcome.changes, outcome.moved))
    }

    /// Renumbers the places of the queues `focus` says moved (every queue with `all`), a
    /// few hundred at a time; returns how many places changed.
    async fn renumber(&self, focus: &Focus) -> Result<usize> {
        let groups: Vec<Option<Uuid>> =
            if focus.all { waiting_groups(self.store.db()).await? } else { focus.moved.iter().copied().collect() };
        let mut changed = 0;
        for group_id in groups {
            let mut start = None;
            loop {
                // Read first; the write turn only for a chunk with a place to change.
                let mut chunk = renumber_chunk(self.store.db(), group_id, start, false).await?;
                if chunk.changes > 0 {
                    let txn = self.store.write().await?;
                    chunk = renumber_chunk(&*txn, group_id, start, true).await?;
                    txn.commit().await?;
                    changed += chunk.changes;
                }
                // A queue that moved has its first places renumbered at once; the places
                // further back follow in the next full round, so that one move costs the
                // same with 200 or 10,000 waiting.
                match chunk.next.filter(|_| focus.all) {
                    Some(next) => start = Some(next),
                    None => break,
                }
            }
        }
        Ok(changed)
    }
}

/// Where a conversation stood before a change: what [`Router::changed`] compares with.
#[derive(Debug, Clone, Copy)]
pub struct Was {
    status: Status,
    group_id: Option<Uuid>,
    agent_id: Option<Uuid>,
}

impl Was {
    pub fn of(row: &conversation::Model) -> Self {
        Self { status: row.status, group_id: row.group_id, agent_id: row.agent_id }
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
    /// The pool as it is now; with `lock` (in a pass that assigns) the agents' rows are
    /// locked, in id order, before their chats are counted.
    async fn load(conn: &impl ConnectionTrait, lock: bool) -> Result<Self> {
        let mut online = agent::Entity::find()
            .filter(agent::Column::Active.eq(true))
            .filter(agent::Column::Presence.eq(Presence::Online))
            .order_by_asc(agent::Column::Id);
        if lock {
            online = online.lock(LockType::NoKeyUpdate);
        }
        let online: Vec<agent::Model> = online.all(conn).await?;
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

/// A conversation just entered in `auto` routing, inside the entry's transaction: when an
/// agent has room for it, it heads its group's queue and goes to them at once, or the
/// queue is planned so that those ahead of it go first (and it too, while room lasts).
/// Returns whether anyone was assigned; none when nobody has room, without reading the
/// queue.
pub async fn assign_on_entry(
    conn: &impl ConnectionTrait,
    row: &conversation::Model,
    module: &ModuleSettings,
    default_max: Option<u32>,
    now: DateTime<Utc>,
) -> Result<bool> {
    let Pick::Agent(agent_id) = AgentPool::load(conn, true).await?.choose(row, module, default_max) else {
        return Ok(false);
    };
    if row.queue_position == Some(1) {
        assign(conn, row.clone(), agent_id, now).await?;
        return Ok(true);
    }
    let queue = Focus { groups: HashSet::from([row.group_id]), ..Focus::default() };
    Ok(route(conn, &queue, default_max, now, true).await?.changes > 0)
}

/// What a planning pass did (or, dry, would do).
#[derive(Default)]
struct Outcome {
    changes: usize,
    /// Queues that someone left or came back to ahead of others.
    moved: HashSet<Option<Uuid>>,
}

/// The waiting conversations of one module version in one queue, read from the head a
/// few at a time: what a planning pass assigns from.
struct Lane {
    group_id: Option<Uuid>,
    module_id: Uuid,
    module_version: i32,
    module: ModuleSettings,
    rows: VecDeque<conversation::Model>,
    cursor: Option<(DateTime<Utc>, Uuid)>,
    done: bool,
}

impl Lane {
    /// The conversations of the same group and limit wait behind the first for whom no
    /// agent has room: first in, first out.
    fn kind(&self) -> (Option<Uuid>, Option<u32>) {
        (self.group_id, self.module.max_active_chats)
    }

    /// Reads the next few from the head; with `lock` (in a pass that assigns) they are
    /// locked, those another writer holds skipped.
    async fn fill(&mut self, conn: &impl ConnectionTrait, lock: bool) -> Result<()> {
        if !self.rows.is_empty() || self.done {
            return Ok(());
        }
        let mut query = waiting()
            .filter(conversation::Column::AutoAssign.eq(true))
            .filter(of_group(self.group_id))
            .filter(conversation::Column::ModuleId.eq(self.module_id))
            .filter(conversation::Column::ModuleVersion.eq(self.module_version));
        if let Some(cursor) = self.cursor {
            query = query.filter(after(cursor));
        }
        let rows = skip_locked(in_queue_order(query).limit(HEADS), lock).all(conn).await?;
        self.done = rows.len() < HEADS as usize;
        if let Some(last) = rows.last() {
            self.cursor = Some(place_key(last));
        }
        self.rows = rows.into();
        Ok(())
    }
}

/// Waiting conversations shown in the Live list: the ones with a place in a queue.
fn waiting() -> sea_orm::Select<conversation::Entity> {
    conversation::Entity::find()
        .filter(conversation::Column::Status.eq(Status::Waiting))
        .filter(conversation::Column::ShownInLive.eq(true))
}

fn in_queue_order(query: sea_orm::Select<conversation::Entity>) -> sea_orm::Select<conversation::Entity> {
    query.order_by_asc(conversation::Column::WaitingSince).order_by_asc(conversation::Column::Id)
}

/// With `lock`, the rows `query` reads are locked until the pass commits, and those
/// another writer holds are left out: a pass that holds agents' rows never waits for a
/// conversation's (see the module's note on locks).
fn skip_locked(query: sea_orm::Select<conversation::Entity>, lock: bool) -> sea_orm::Select<conversation::Entity> {
    if !lock {
        return query;
    }
    query.lock_with_behavior(LockType::NoKeyUpdate, LockBehavior::SkipLocked)
}

/// Where a waiting conversation stands in its queue: since when it waits, then its id.
fn place_key(row: &conversation::Model) -> (DateTime<Utc>, Uuid) {
    place_of(row.id, row.waiting_since, row.entered_at)
}

/// The same, from the columns a place depends on.
fn place_of(id: Uuid, waiting_since: Option<DateTime<Utc>>, entered_at: DateTime<Utc>) -> (DateTime<Utc>, Uuid) {
    (waiting_since.unwrap_or(entered_at), id)
}

/// Conversations behind `cursor` in the queue.
fn after((since, id): (DateTime<Utc>, Uuid)) -> Condition {
    Condition::any()
        .add(conversation::Column::WaitingSince.gt(since))
        .add(Condition::all().add(conversation::Column::WaitingSince.eq(since)).add(conversation::Column::Id.gt(id)))
}

/// Conversations of `group_id`, or of no group for none.
fn of_group(group_id: Option<Uuid>) -> Condition {
    match group_id {
        Some(group_id) => Condition::all().add(conversation::Column::GroupId.eq(group_id)),
        None => Condition::all().add(conversation::Column::GroupId.is_null()),
    }
}

/// One planning pass over what `focus` names: puts back in the queue the automatically
/// routed chats of agents who went offline, and assigns waiting conversations in `auto`
/// routing to agents with room, oldest first across the queues looked at.
async fn route(
    conn: &impl ConnectionTrait,
    focus: &Focus,
    default_max: Option<u32>,
    now: DateTime<Utc>,
    apply: bool,
) -> Result<Outcome> {
    let mut outcome = Outcome::default();
    let mut groups = focus.groups.clone();

    // Chats of agents who stopped serving go back to the head of the queue, by the one
    // rule of `chats::stays_with_agent`. Away agents keep their chats.
    let agents_where = |condition: Condition| {
        Query::select().column(agent::Column::Id).from(agent::Entity).cond_where(condition).to_owned()
    };
    let deactivated = agents_where(Condition::all().add(agent::Column::Active.eq(false)));
    let offline = agents_where(Condition::all().add(agent::Column::Presence.eq(Presence::Offline)));
    let orphaned = conversation::Entity::find()
        .filter(conversation::Column::Status.eq(Status::Active))
        .filter(
            Condition::any().add(conversation::Column::AgentId.in_subquery(deactivated)).add(
                Condition::all()
                    .add(conversation::Column::AutoAssign.eq(true))
                    .add(conversation::Column::AgentId.in_subquery(offline)),
            ),
        )
        .order_by_asc(conversation::Column::Id);
    let orphaned = skip_locked(orphaned, apply).all(conn).await?;
    let agent_ids: HashSet<Uuid> = orphaned.iter().filter_map(|row| row.agent_id).collect();
    let still_active: HashSet<Uuid> = agent::Entity::find()
        .filter(agent::Column::Id.is_in(agent_ids))
        .filter(agent::Column::Active.eq(true))
        .all(conn)
        .await?
        .into_iter()
        .map(|agent| agent.id)
        .collect();
    let mut settings = SettingsCache(HashMap::new());
    for mut row in orphaned {
        let active = row.agent_id.is_some_and(|id| still_active.contains(&id));
        match settings.of(conn, &row).await {
            Ok(module) if chats::stays_with_agent(&row, active, module.keep_chats_when_agent_offline) => continue,
            Ok(_) => {}
            Err(error) => {
                tracing::warn!(conversation_id = %row.id, %error, "cannot route a conversation; skipped");
                continue;
            }
        }
        outcome.changes += 1;
        groups.insert(row.group_id);
        outcome.moved.insert(row.group_id);
        if apply {
            // Back to the head of the queue: its place by the time it entered.
            transition(conn, &mut row, Actor::System, &Action::Release, now).await?;
            save_with_event(conn, row, ConversationChange::Released).await?;
        }
    }

    if !focus.all && groups.is_empty() && focus.agents.is_empty() {
        return Ok(outcome);
    }
    let mut pool = AgentPool::load(conn, apply).await?;
    for agent_id in &focus.agents {
        groups.extend(pool.groups_of.get(agent_id).into_iter().flatten().copied().map(Some));
        groups.insert(None);
    }

    // The module versions waiting in each queue looked at: one lane each.
    let kinds = if focus.all {
        waiting()
            .select_only()
            .column(conversation::Column::GroupId)
            .column(conversation::Column::ModuleId)
            .column(conversation::Column::ModuleVersion)
            .filter(conversation::Column::AutoAssign.eq(true))
            .group_by(conversation::Column::GroupId)
            .group_by(conversation::Column::ModuleId)
            .group_by(conversation::Column::ModuleVersion)
            .into_tuple()
            .all(conn)
            .await?
    } else {
        let mut kinds = Vec::new();
        for &group_id in &groups {
            kinds.extend(
                kinds_in(conn, group_id).await?.into_iter().map(|(module, version)| (group_id, module, version)),
            );
        }
        kinds
    };
    let mut lanes = Vec::with_capacity(kinds.len());
    for (group_id, module_id, module_version) in kinds {
        let module = match views::module_settings(conn, module_id, module_version).await {
            Ok(module) => module,
            Err(error) => {
                tracing::warn!(%module_id, module_version, %error, "cannot route a module's conversations; skipped");
                continue;
            }
        };
        if module.business_hours.as_ref().is_some_and(|hours| !hours.is_open(now)) {
            continue;
        }
        lanes.push(Lane {
            group_id,
            module_id,
            module_version,
            module,
            rows: Default::default(),
            cursor: None,
            done: false,
        });
    }

    // Oldest first across the lanes, until no lane has anyone an agent has room for.
    let mut full: HashSet<(Option<Uuid>, Option<u32>)> = HashSet::new();
    loop {
        for lane in &mut lanes {
            lane.fill(conn, apply).await?;
        }
        lanes.retain(|lane| !lane.rows.is_empty() && !full.contains(&lane.kind()));
        let Some(lane) = lanes.iter_mut().min_by_key(|lane| place_key(&lane.rows[0])) else {
            break;
        };
        let Some(row) = lane.rows.pop_front() else { break };
        match pool.choose(&row, &lane.module, default_max) {
            Pick::NoRoom => {
                full.insert(lane.kind());
            }
            Pick::OnlyWhoGaveItBack => {}
            Pick::Agent(agent_id) => {
                outcome.changes += 1;
                outcome.moved.insert(row.group_id);
                pool.took(agent_id, now);
                if apply {
                    assign(conn, row, agent_id, now).await?;
                }
            }
        }
    }
    Ok(outcome)
}

/// The module versions waiting in `group_id`'s queue in `auto` routing, found one after
/// the other through the routing index rather than by reading every waiting row.
async fn kinds_in(conn: &impl ConnectionTrait, group_id: Option<Uuid>) -> Result<Vec<(Uuid, i32)>> {
    let mut kinds = Vec::new();
    loop {
        let mut next = waiting()
            .select_only()
            .column(conversation::Column::ModuleId)
            .column(conversation::Column::ModuleVersion)
            .filter(conversation::Column::AutoAssign.eq(true))
            .filter(of_group(group_id));
        if let Some(&(module_id, version)) = kinds.last() {
            let key = Expr::tuple([
                Expr::col(conversation::Column::ModuleId),
                Expr::col(conversation::Column::ModuleVersion),
            ]);
            next = next.filter(key.gt(Expr::tuple([Expr::value(module_id), Expr::value(version)])));
        }
        let next = next
            .order_by_asc(conversation::Column::ModuleId)
            .order_by_asc(conversation::Column::ModuleVersion)
            .into_tuple()
            .one(conn)
            .await?;
        match next {
            Some(kind) => kinds.push(kind),
            None => return Ok(kinds),
        }
    }
}

/// The queues with someone waiting.
async fn waiting_groups(conn: &impl ConnectionTrait) -> Result<Vec<Option<Uuid>>> {
    let groups = waiting()
        .select_only()
        .column(conversation::Column::GroupId)
        .group_by(conversation::Column::GroupId)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(groups)
}

/// One write turn of renumbering.
struct Chunk {
    changes: usize,
    /// Where the next chunk starts; none when this one was past the tail.
    next: Option<ChunkStart>,
}

/// What a waiting conversation's place depends on: id, waiting since, entered at, and
/// its place as stored.
type PlaceRow = (Uuid, Option<DateTime<Utc>>, DateTime<Utc>, Option<i32>);

/// Where a chunk of places starts: behind this conversation, with this many ahead.
#[derive(Debug, Clone, Copy)]
struct ChunkStart {
    behind: (DateTime<Utc>, Uuid),
    ahead: u64,
}

/// Renumbers the places of up to [`PLACES_PER_TURN`] conversations of `group_id`'s queue
/// from `start` (the head without), announcing each place that changed.
async fn renumber_chunk(
    conn: &impl ConnectionTrait,
    group_id: Option<Uuid>,
    start: Option<ChunkStart>,
    apply: bool,
) -> Result<Chunk> {
    let queue = waiting().filter(of_group(group_id));
    let (ahead, behind) = match start {
        None => (0, queue),
        Some(start) => (start.ahead, queue.filter(after(start.behind))),
    };
    let place_at = |index: usize| shown_place(i32::try_from(ahead + index as u64 + 1).unwrap_or(i32::MAX));
    if !apply {
        // The check reads what a place depends on, not whole conversations: a full round
        // checks every place of every queue.
        let rows: Vec<PlaceRow> = in_queue_order(behind)
            .select_only()
            .columns([
                conversation::Column::Id,
                conversation::Column::WaitingSince,
                conversation::Column::EnteredAt,
                conversation::Column::QueuePosition,
            ])
            .limit(PLACES_PER_TURN)
            .into_tuple()
            .all(conn)
            .await?;
        let next = rows.last().map(|(id, since, entered_at, _)| ChunkStart {
            behind: place_of(*id, *since, *entered_at),
            ahead: ahead + rows.len() as u64,
        });
        let changes = rows.iter().enumerate().filter(|(index, row)| row.3 != Some(place_at(*index))).count();
        return Ok(Chunk { changes, next });
    }
    // Locked, in queue order, so that a place is written only on a conversation still
    // waiting where it was read.
    let rows = in_queue_order(behind).limit(PLACES_PER_TURN).lock(LockType::NoKeyUpdate).all(conn).await?;
    let next = rows.last().map(|last| ChunkStart { behind: place_key(last), ahead: ahead + rows.len() as u64 });
    let mut changes = 0;
    let mut per_place = None;
    for (index, mut row) in rows.into_iter().enumerate() {
        let place = place_at(index);
        if row.queue_position == Some(place) {
            continue;
        }
        changes += 1;
        let per_place = match per_place {
            Some(known) => known,
            None => *per_place.insert(wait_per_place(conn, group_id).await?),
        };
        conversation::Entity::update_many()
            .col_expr(conversation::Column::QueuePosition, Expr::value(place))
            .filter(conversation::Column::Id.eq(row.id))
            .exec(conn)
            .await?;
        row.queue_position = Some(place);
        let change = QueuePosition {
            conversation_id: row.id,
            group_id: row.group_id,
            queue_position: place,
            estimated_wait_seconds: estimate(place, per_place),
        };
        record::record(conn, Scope::conversation(&row), Change::QueuePosition(&change)).await?;
    }
    Ok(Chunk { changes, next })
}
