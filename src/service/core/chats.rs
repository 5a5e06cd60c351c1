//! Conversation rows: reading one as a caller may see it, its transitions through the
//! domain's state machine, and writing it back with its event.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::LockType;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, Iterable, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::record::{self, Change, ConversationChange};
use super::views;
use super::{AgentCaller, Caller, Error, Result, queue};
use crate::db::ROWS_PER_STATEMENT;
use crate::db::entities::{agent_group, conversation, conversation_tag, customer};
use crate::domain::{Action, Actor, ConversationState, Exit, ExitReason, Sight, Status};
use crate::wire::Conversation;

/// The conversation `id` as `caller` may see it: customers see only their own, agents
/// what their [`Sight`] holds; any other is "not found", so ids do not leak.
pub async fn load_for(conn: &impl ConnectionTrait, caller: &Caller, id: Uuid) -> Result<conversation::Model> {
    let found = conversation::Entity::find_by_id(id).one(conn).await?;
    visible_to(conn, caller, found).await
}

/// [`load_for`] in a write transaction that changes the row: it is read `FOR UPDATE`, so
/// that it stays as read until the transaction ends. Writers run side by side on
/// PostgreSQL, and what is decided from the row (its state, its counters) would
/// otherwise be written over a change that committed in between. A conversation's row
/// is locked before any agent's row.
pub async fn lock_for(conn: &impl ConnectionTrait, caller: &Caller, id: Uuid) -> Result<conversation::Model> {
    let found = conversation::Entity::find_by_id(id).lock(LockType::NoKeyUpdate).one(conn).await?;
    visible_to(conn, caller, found).await
}

/// The conversation `found`, if `caller` may see it; "not found" otherwise.
async fn visible_to(
    conn: &impl ConnectionTrait,
    caller: &Caller,
    found: Option<conversation::Model>,
) -> Result<conversation::Model> {
    let seen = match (&found, caller) {
        (None, _) => false,
        (Some(row), Caller::Customer { customer_id }) => row.customer_id == *customer_id,
        (Some(row), Caller::Agent(agent)) => sees(conn, agent, row).await?,
        (Some(_), Caller::Platform { .. }) => true,
    };
    found.filter(|_| seen).ok_or(Error::NotFound("conversation"))
}

/// What `agent` sees now.
pub async fn sight_of(conn: &impl ConnectionTrait, agent: &AgentCaller) -> Result<Sight> {
    if agent.role.sees_every_group() {
        return Ok(Sight::Everything);
    }
    departments_of(conn, agent).await
}

/// What `agent` would see by their groups alone, whatever their role (`scope=groups`).
pub async fn departments_of(conn: &impl ConnectionTrait, agent: &AgentCaller) -> Result<Sight> {
    let groups = queue::group_ids_of(conn, agent.id).await?.into_iter().collect();
    Ok(Sight::Departments { agent_id: agent.id, groups })
}

/// Whether `agent` sees `row`, reading their membership only when it decides.
pub async fn sees(conn: &impl ConnectionTrait, agent: &AgentCaller, row: &conversation::Model) -> Result<bool> {
    let Some(group_id) = row.group_id.filter(|_| !agent.role.sees_every_group() && row.agent_id != Some(agent.id))
    else {
        return Ok(true);
    };
    let member = agent_group::Entity::find()
        .filter(agent_group::Column::AgentId.eq(agent.id))
        .filter(agent_group::Column::GroupId.eq(group_id))
        .count(conn)
        .await?;
    Ok(member > 0)
}

/// The conversations `sight` holds, as a query condition.
pub fn in_sight(sight: &Sight) -> Condition {
    match sight {
        Sight::Everything => Condition::all(),
        Sight::Departments { agent_id, groups } => Condition::any()
            .add(conversation::Column::GroupId.is_null())
            .add(conversation::Column::GroupId.is_in(groups.iter().copied()))
            .add(conversation::Column::AgentId.eq(*agent_id)),
    }
}

/// The conversations with tag `tag_id`, as a query condition.
pub fn tagged(tag_id: Uuid) -> Condition {
    let with_tag = sea_orm::sea_query::Query::select()
        .column(conversation_tag::Column::ConversationId)
        .from(conversation_tag::Entity)
        .and_where(conversation_tag::Column::TagId.eq(tag_id))
        .to_owned();
    Condition::all().add(conversation::Column::Id.in_subquery(with_tag))
}

pub fn state_of(row: &conversation::Model) -> ConversationState {
    ConversationState { status: row.status, agent_id: row.agent_id }
}

/// Moves `row` as `actor` does `action`, when the state machine allows it, and keeps the
/// row's other columns in step: who serves it, its place in the queue, when it ended.
/// The one place a conversation changes state; the caller saves the row.
///
/// A conversation an agent hands back (or to a group) waits at the end of the queue and
/// not for that agent again; one the server hands back goes to the head of its queue, by
/// the time it entered, and the next routing round gives it its place.
pub async fn transition(
    conn: &impl ConnectionTrait,
    row: &mut conversation::Model,
    actor: Actor,
    action: &Action,
    now: DateTime<Utc>,
) -> Result<()> {
    let next = state_of(row).apply(actor, action)?;
    row.status = next.status;
    row.agent_id = next.agent_id;
    match (action, actor) {
        (Action::Claim | Action::Assign { .. }, _) => {
            if row.claimed_at.is_none() {
                let waited = (now - row.entered_at).num_milliseconds().max(0) as f64 / 1000.0;
                metrics::histogram!("livechat_wait_seconds").record(waited);
            }
            row.claimed_at = row.claimed_at.or(Some(now));
            row.queue_position = None;
            row.released_by = None;
        }
        (Action::Release, Actor::Agent(agent_id)) => {
            row.waiting_since = Some(now);
            row.queue_position = Some(queue::next_place(conn, row.group_id).await?);
            row.released_by = Some(agent_id);
        }
        (Action::Release, _) => {
            // Back to the head of the queue: its place by the time it entered.
            let since = row.entered_at.min(now);
            row.waiting_since = Some(since);
            row.queue_position = Some(queue::place_at(conn, row.group_id, since).await?);
        }
        (Action::TransferToGroup { group_id }, _) => {
            row.group_id = Some(*group_id);
            row.waiting_since = Some(now);
            row.queue_position = Some(queue::next_place(conn, Some(*group_id)).await?);
            // Handed to the group, not back to the agent who handed it on.
            if let Actor::Agent(agent_id) = actor {
                row.released_by = Some(agent_id);
            }
        }
        (Action::End(exit), _) => {
            row.exit_reason = Some(exit.reason);
            row.exit_target_kind = exit.target.as_ref().map(|target| target.kind);
            row.exit_target_id = exit.target.as_ref().map(|target| target.id.clone());
            row.ended_at = Some(now);
            row.queue_position = None;
        }
        (Action::Transfer { .. } | Action::PostMessage, _) => {}
    }
    Ok(())
}

/// Writes these conversations back whole, in one statement (an upsert on their ids).
pub async fn save_all(conn: &impl ConnectionTrait, rows: Vec<conversation::ActiveModel>) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let columns = conversation::Column::iter().filter(|column| !matches!(column, conversation::Column::Id));
    let update = OnConflict::column(conversation::Column::Id).update_columns(columns).to_owned();
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let insert = conversation::Entity::insert_many(chunk.iter().cloned()).on_conflict(update.clone());
        insert.exec_without_returning(conn).await?;
    }
    Ok(())
}

/// Writes every column of `row` back, in one statement.
pub async fn save(conn: &impl ConnectionTrait, row: conversation::Model) -> Result<conversation::Model> {
    let changes = row.clone().into_active_model().reset_all();
    conversation::Entity::update_many().set(changes).filter(conversation::Column::Id.eq(row.id)).exec(conn).await?;
    Ok(row)
}

/// Saves `row`, records `change` with the conversation as its data and returns the view.
pub async fn save_with_event(
    conn: &impl ConnectionTrait,
    row: conversation::Model,
    change: ConversationChange,
) -> Result<Conversation> {
    let row = save(conn, row).await?;
    let view = views::conversation(conn, row).await?;
    record::record(conn, record::conversation_scope(&view), Change::Conversation(change, &view)).await?;
    Ok(view)
}

/// Ends `row` with `exit` as `actor`; the caller commits.
pub async fn finish(
    conn: &impl ConnectionTrait,
    mut row: conversation::Model,
    actor: Actor,
    exit: Exit,
) -> Result<Conversation> {
    let blocked = exit.reason == ExitReason::Blocked;
    transition(conn, &mut row, actor, &Action::End(exit), Utc::now()).await?;
    // A chat an agent served asks its customer for a rating, when the module says so.
    let settings = views::module_settings(conn, row.module_id, row.module_version).await?;
    let csat = settings.csat.filter(|_| row.claimed_at.is_some() && !blocked);
    if settings.send_transcript && row.claimed_at.is_some() && !blocked && row.transcript_to.is_none() {
        row.transcript_to = match row.email.clone() {
            Some(email) => Some(email),
            None => customer::Entity::find_by_id(row.customer_id).one(conn).await?.and_then(|customer| customer.email),
        };
    }
    if let Some(csat) = csat {
        row.rating_scale = Some(csat.scale);
        row.rating_change_window_secs = Some(i32::try_from(csat.change_window_secs).unwrap_or(i32::MAX));
    }
    let view = save_with_event(conn, row, ConversationChange::Ended).await?;
    if csat.is_some() {
        let scope = record::conversation_scope(&view);
        record::record(conn, scope, Change::Conversation(ConversationChange::RatingRequested, &view)).await?;
    }
    Ok(view)
}

/// The one rule for an agent who stops serving (goes offline, or is deactivated): a chat
/// stays with them only while they may come back to it. Going offline, they keep the
/// chats they took by hand, and those the server gave them when the module says
/// `keep_chats_when_agent_offline`; deactivated, they keep none. A chat handed back goes
/// to the head of its queue, at its place by entry, with `conversation.released`.
pub fn stays_with_agent(row: &conversation::Model, agent_active: bool, keep_when_offline: bool) -> bool {
    agent_active && (!row.auto_assign || keep_when_offline)
}

/// Puts every conversation `agent_id` serves back to waiting, as the server: used when
/// the agent is deactivated, so no chat is left with nobody able to answer it (see
/// [`stays_with_agent`]).
pub async fn release_all_of(conn: &impl ConnectionTrait, agent_id: Uuid) -> Result<()> {
    // Locked, in id order, so that each goes back to waiting from the state it is in.
    let served = conversation::Entity::find()
        .filter(conversation::Column::AgentId.eq(agent_id))
        .filter(conversation::Column::Status.eq(Status::Active))
        .order_by_asc(conversation::Column::Id)
        .lock(LockType::NoKeyUpdate)
        .all(conn)
        .await?;
    let now = Utc::now();
    for mut row in served {
        transition(conn, &mut row, Actor::System, &Action::Release, now).await?;
        save_with_event(conn, row, ConversationChange::Released).await?;
    }
    Ok(())
}

/// Open: waiting or active. A customer has one open conversation at the most.
fn is_open() -> Condition {
    Condition::any()
        .add(conversation::Column::Status.eq(Status::Waiting))
        .add(conversation::Column::Status.eq(Status::Active))
}

/// The open conversation of a customer, if any.
pub async fn open_of(conn: &impl ConnectionTrait, customer_id: Uuid) -> Result<Option<conversation::Model>> {
    Ok(open_conversation(customer_id).one(conn).await?)
}

/// [`open_of`] in a write transaction that changes it: the row is locked until the
/// transaction ends (see [`lock_for`]).
pub async fn lock_open_of(conn: &impl ConnectionTrait, customer_id: Uuid) -> Result<Option<conversation::Model>> {
    Ok(open_conversation(customer_id).lock(LockType::NoKeyUpdate).one(conn).await?)
}

fn open_conversation(customer_id: Uuid) -> sea_orm::Select<conversation::Entity> {
    conversation::Entity::find().filter(conversation::Column::CustomerId.eq(customer_id)).filter(is_open())
}

/// The open conversation of each of `customer_ids` that has one, by customer.
pub async fn open_of_each(conn: &impl ConnectionTrait, customer_ids: &[Uuid]) -> Result<HashMap<Uuid, Uuid>> {
    let open: Vec<(Uuid, Uuid)> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::CustomerId)
        .column(conversation::Column::Id)
        .filter(conversation::Column::CustomerId.is_in(customer_ids.iter().copied()))
        .filter(is_open())
        .into_tuple()
        .all(conn)
        .await?;
    Ok(open.into_iter().collect())
}
