//! Conversation rows: reading one as a caller may see it, its transitions through the
//! domain's state machine, and writing it back with its event.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, Iterable, QueryFilter,
    QuerySelect,
};
use uuid::Uuid;

use super::record::{self, Change, ConversationChange};
use super::views;
use super::{Caller, Error, Result, queue};
use crate::db::ROWS_PER_STATEMENT;
use crate::db::entities::conversation;
use crate::domain::{Action, Actor, ConversationState, Exit, Status};
use crate::wire::Conversation;

/// The conversation `id` as `caller` may see it: customers see only their own, and
/// another customer's conversation is "not found", so ids do not leak.
pub async fn load_for(conn: &impl ConnectionTrait, caller: &Caller, id: Uuid) -> Result<conversation::Model> {
    let found = conversation::Entity::find_by_id(id).one(conn).await?;
    match (found, caller) {
        (Some(row), Caller::Customer { customer_id }) if row.customer_id != *customer_id => {
            Err(Error::NotFound("conversation"))
        }
        (Some(row), _) => Ok(row),
        (None, _) => Err(Error::NotFound("conversation")),
    }
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
    transition(conn, &mut row, actor, &Action::End(exit), Utc::now()).await?;
    save_with_event(conn, row, ConversationChange::Ended).await
}

/// Puts every conversation `agent_id` serves back to waiting, as the server: used when
/// the agent is deactivated, so no chat is left with nobody able to answer it.
pub async fn release_all_of(conn: &impl ConnectionTrait, agent_id: Uuid) -> Result<()> {
    let served = conversation::Entity::find()
        .filter(conversation::Column::AgentId.eq(agent_id))
        .filter(conversation::Column::Status.eq(Status::Active))
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
    Ok(conversation::Entity::find()
        .filter(conversation::Column::CustomerId.eq(customer_id))
        .filter(is_open())
        .one(conn)
        .await?)
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
