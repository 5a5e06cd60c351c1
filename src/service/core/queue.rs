//! The queue and who may serve: group memberships, agents online, how many chats an
//! agent takes at once, places in a group's queue and the wait they mean.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait,
};
use uuid::Uuid;

use super::{Error, Result};
use crate::db::entities::{agent, agent_group, conversation, group};
use crate::domain::{MAX_GROUPS_PER_AGENT, ModuleSettings, Presence, Role, Status};

/// Recent waits the estimate of a group's waiting time is made from.
const WAIT_SAMPLE: u64 = 20;

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

/// Agents who could serve a conversation of `group_id` under `settings` at `now`: its
/// group's online agents (every online agent for none) while the module is open, none
/// outside its business hours. "Nobody online", for the greeting, the exit at entry and
/// a left message, means this is zero.
pub async fn could_serve(
    conn: &impl ConnectionTrait,
    group_id: Option<Uuid>,
    settings: &ModuleSettings,
    now: DateTime<Utc>,
) -> Result<u64> {
    if settings.business_hours.as_ref().is_some_and(|hours| !hours.is_open(now)) {
        return Ok(0);
    }
    online_agents(conn, group_id).await
}

/// How many chats `agent` may serve at once: their own limit, else the module's, else
/// the server's; none: no limit.
pub fn capacity(agent: &agent::Model, settings: &ModuleSettings, default: Option<u32>) -> Option<u32> {
    agent.max_active_chats.map(|max| max.max(0) as u32).or(settings.max_active_chats).or(default)
}

pub async fn active_chats(conn: &impl ConnectionTrait, agent_ids: &[Uuid]) -> Result<HashMap<Uuid, u32>> {
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
/// group), with room for one more chat. The caller has read `agent` locked (`FOR
/// UPDATE`, after the conversation's row): every assignment to an agent locks their row
/// before counting their chats, so two at once take turns and the second counts the
/// first's chat.
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

/// The conversations waiting in `group_id`'s queue (of no group for none).
fn waiting_in(group_id: Option<Uuid>) -> sea_orm::Select<conversation::Entity> {
    conversation::Entity::find()
        .filter(conversation::Column::Status.eq(Status::Waiting))
        .filter(conversation::Column::ShownInLive.eq(true))
        .filter(of_group(group_id))
}

/// The place a conversation entering `group_id` now takes: after everyone waiting there.
/// Within the exact places it is one behind the place of the last in the queue (one
/// index read); further back the tail's place is rounded, so one behind it would grow by
/// a whole step with every entry, and the queue is counted.
pub async fn next_place(conn: &impl ConnectionTrait, group_id: Option<Uuid>) -> Result<i32> {
    let waiting = || waiting_in(group_id);
    let tail = waiting()
        .order_by_desc(conversation::Column::WaitingSince)
        .order_by_desc(conversation::Column::Id)
        .one(conn)
        .await?;
    match tail {
        None => Ok(1),
        Some(conversation::Model { queue_position: Some(place), .. }) if place < EXACT_PLACES => Ok(place + 1),
        Some(_) => Ok(shown_place(i32::try_from(waiting().count(conn).await?).unwrap_or(i32::MAX - 1) + 1)),
    }
}

/// Conversations waiting in `group_id`'s queue, as their tail is shown.
pub async fn waiting_count(conn: &impl ConnectionTrait, group_id: Option<Uuid>) -> Result<i32> {
    let waiting = waiting_in(group_id).count(conn).await?;
    Ok(shown_place(i32::try_from(waiting).unwrap_or(i32::MAX - 1)))
}

/// The place in `group_id`'s queue of a conversation waiting since `since`: after those
/// waiting since before. The places behind it move up when the router renumbers them.
pub async fn place_at(conn: &impl ConnectionTrait, group_id: Option<Uuid>, since: DateTime<Utc>) -> Result<i32> {
    let ahead = waiting_in(group_id).filter(conversation::Column::WaitingSince.lt(since));
    Ok(shown_place(i32::try_from(ahead.count(conn).await?).unwrap_or(i32::MAX - 1) + 1))
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

/// Places up to this one are exact; those further back are shown rounded up.
pub const EXACT_PLACES: i32 = 200;

/// The place a conversation is shown at when `place` others are ahead of it, counting
/// itself: exact for the first [`EXACT_PLACES`], further back rounded up to two
/// significant digits (4,873 is 4,900). A customer that far back is told a new place when
/// it changes by that much, so a move of the head rewrites a few hundred places, not
/// every one behind it.
pub fn shown_place(place: i32) -> i32 {
    if place <= EXACT_PLACES {
        return place;
    }
    let step = 10_i32.pow(place.ilog10() - 1);
    ((place - 1) / step + 1).saturating_mul(step)
}

/// The expected wait of the conversation at `place`, from the seconds waited per place.
pub fn estimate(place: i32, per_place: Option<f64>) -> Option<i64> {
    per_place.map(|per_place| (f64::from(place) * per_place).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_far_back_are_rounded_up_to_two_significant_digits() {
        for (place, shown) in [(1, 1), (200, 200), (201, 210), (210, 210), (999, 1000), (1000, 1000), (1001, 1100)] {
            assert_eq!(shown_place(place), shown, "{place}");
        }
        assert_eq!(shown_place(4873), 4900);
        assert_eq!(shown_place(10_001), 11_000);
        let shown: Vec<i32> = (1..20_000).map(shown_place).collect();
        assert!(shown.windows(2).all(|pair| pair[0] <= pair[1]), "never ahead of one further forward");
        assert!((1..20_000).all(|place| shown_place(place) >= place), "never nearer than it is");
    }
}
