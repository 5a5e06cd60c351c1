//! Reports: exact figures of the chats that entered in a time range — from the stored
//! columns of conversations, and agents' online time from the presence changes in the
//! event log — bucketed by hour, day or week in a time zone, per group and per agent.
//! Admins and supervisors report on every group; an agent on one of their groups.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::core::queue;
use super::{AgentCaller, Error, Result, Services};
use crate::db::entities::{agent, conversation, event, group};
use crate::domain::{CsatScale, EventType, ExitReason, Presence, Status};
use crate::events::retention;
use crate::wire::reports::{
    AgentFigures, ChatFigures, ChatReport, CsatFigures, GroupFigures, Percentiles, ReportBucket, ReportBucketFigures,
};

/// The longest range one report covers.
pub const MAX_RANGE_DAYS: i64 = 366;

pub struct ReportQuery {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub time_zone: String,
    pub bucket: ReportBucket,
    pub group_id: Option<Uuid>,
    /// Active chats an agent takes at most when the agent sets no limit (the server's).
    pub default_capacity: Option<u32>,
}

/// A chat's agent, take-over and end.
type ServedSpan = (Option<Uuid>, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

#[derive(Debug, FromQueryResult)]
struct Row {
    group_id: Option<Uuid>,
    agent_id: Option<Uuid>,
    status: Status,
    exit_reason: Option<ExitReason>,
    entered_at: DateTime<Utc>,
    claimed_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
    first_response_at: Option<DateTime<Utc>>,
    customer_messages: i32,
    agent_messages: i32,
    rating_scale: Option<CsatScale>,
    rating_score: Option<i32>,
}

pub async fn chats(services: &Services, caller: &AgentCaller, query: ReportQuery) -> Result<ChatReport> {
    let db = services.store.db();
    let zone: Tz = query
        .time_zone
        .parse()
        .map_err(|_| Error::invalid(format!("time_zone {:?} is not an IANA time zone", query.time_zone)))?;
    if query.from >= query.to {
        return Err(Error::invalid("from must be before to"));
    }
    if query.to - query.from > Duration::days(MAX_RANGE_DAYS) {
        return Err(Error::invalid(format!("a report covers at most {MAX_RANGE_DAYS} days")));
    }
    if !caller.role.sees_every_group() {
        let Some(group_id) = query.group_id else {
            return Err(Error::WrongCaller("agents report on one of their groups: give group_id"));
        };
        if !queue::group_ids_of(db, caller.id).await?.contains(&group_id) {
            return Err(Error::NotInGroup);
        }
    }
    let in_group = |select: sea_orm::Select<conversation::Entity>| match query.group_id {
        Some(group_id) => select.filter(conversation::Column::GroupId.eq(group_id)),
        None => select,
    };
    let rows: Vec<Row> = in_group(conversation::Entity::find())
        .filter(conversation::Column::EnteredAt.gte(query.from))
        .filter(conversation::Column::EnteredAt.lt(query.to))
        .select_only()
        .columns([
            conversation::Column::GroupId,
            conversation::Column::AgentId,
            conversation::Column::Status,
            conversation::Column::ExitReason,
            conversation::Column::EnteredAt,
            conversation::Column::ClaimedAt,
            conversation::Column::EndedAt,
            conversation::Column::FirstResponseAt,
            conversation::Column::CustomerMessages,
            conversation::Column::AgentMessages,
            conversation::Column::RatingScale,
            conversation::Column::RatingScore,
        ])
        .into_model()
        .all(db)
        .await?;

    let starts = bucket_starts(query.from, query.to, zone, query.bucket)?;
    let mut totals = Tally::default();
    let mut buckets: Vec<Tally> = starts.iter().map(|_| Tally::default()).collect();
    let mut groups: BTreeMap<Option<Uuid>, Tally> = BTreeMap::new();
    let mut agents: HashMap<Uuid, Tally> = HashMap::new();
    for row in &rows {
        totals.add(row);
        // The last bucket that starts at or before the chat entered.
        let index = starts.partition_point(|start| *start <= row.entered_at).saturating_sub(1);
        if let Some(bucket) = buckets.get_mut(index) {
            bucket.add(row);
        }
        groups.entry(row.group_id).or_default().add(row);
        if let Some(agent_id) = row.agent_id.filter(|_| row.claimed_at.is_some()) {
            agents.entry(agent_id).or_default().add(row);
        }
    }

    let group_names: HashMap<Uuid, String> =
        group::Entity::find().all(db).await?.into_iter().map(|row| (row.id, row.name)).collect();
    let groups = groups
        .into_iter()
        .map(|(group_id, tally)| GroupFigures {
            group_id,
            name: group_id.and_then(|id| group_names.get(&id).cloned()),
            figures: tally.figures(),
        })
        .collect();
    let agents = agent_figures(services, &query, agents).await?;
    Ok(ChatReport {
        from: query.from,
        to: query.to,
        time_zone: query.time_zone,
        bucket: query.bucket,
        group_id: query.group_id,
        totals: totals.figures(),
        buckets: starts
            .into_iter()
            .zip(buckets)
            .map(|(start, tally)| ReportBucketFigures { start, figures: tally.figures() })
            .collect(),
        groups,
        agents,
    })
}

/// The agents' figures: their chats', online time and occupancy.
async fn agent_figures(
    services: &Services,
    query: &ReportQuery,
    tallies: HashMap<Uuid, Tally>,
) -> Result<Vec<AgentFigures>> {
    let db = services.store.db();
    let ids: Vec<Uuid> = tallies.keys().copied().collect();
    let rows = agent::Entity::find().filter(agent::Column::Id.is_in(ids.clone())).all(db).await?;
    // The log must reach back to the range's start for online time to be known.
    let purged = retention::purged_through(db).await?;
    let first_kept = if purged > 0 {
        event::Entity::find().order_by_asc(event::Column::Id).limit(1).one(db).await?.map(|row| row.created_at)
    } else {
        None
    };
    let log_complete = purged == 0 || first_kept.is_some_and(|first| first <= query.from);
    // Chats served within the range, by agent: from take-over to end (or now).
    let now = Utc::now();
    // Those that ended within the range, and those still open, each by its own index.
    let spans = || {
        conversation::Entity::find().select_only().columns([
            conversation::Column::AgentId,
            conversation::Column::ClaimedAt,
            conversation::Column::EndedAt,
        ])
    };
    let mut served: Vec<ServedSpan> =
        spans().filter(conversation::Column::EndedAt.gt(query.from)).into_tuple().all(db).await?;
    let open: Vec<ServedSpan> =
        spans().filter(conversation::Column::Status.eq(Status::Active)).into_tuple().all(db).await?;
    served.extend(open);
    // The agents and the take-over time are checked here rather than in the queries: by
    // those columns' indexes they would read every chat ever served.
    served.retain(|(agent_id, claimed_at, _)| {
        agent_id.is_some_and(|id| tallies.contains_key(&id)) && claimed_at.is_some_and(|at| at < query.to)
    });
    let mut chat_seconds: HashMap<Uuid, i64> = HashMap::new();
    for (agent_id, claimed_at, ended_at) in served {
        if let (Some(agent_id), Some(claimed_at)) = (agent_id, claimed_at) {
            let start = claimed_at.max(query.from);
            let end = ended_at.unwrap_or(now).min(query.to).min(now);
            *chat_seconds.entry(agent_id).or_default() += (end - start).num_seconds().max(0);
        }
    }
    let mut figures = Vec::with_capacity(rows.len());
    for agent in rows {
        let online =
            if log_complete { Some(online_seconds(services, agent.id, query.from, query.to).await?) } else { None };
        let chats = chat_seconds.get(&agent.id).copied().unwrap_or(0);
        let capacity = agent.max_active_chats.and_then(|max| u32::try_from(max).ok()).or(query.default_capacity);
        let occupancy = match (online, capacity) {
            (Some(online), Some(capacity)) if online > 0 && capacity > 0 => {
                Some(chats as f64 / (online as f64 * f64::from(capacity)))
            }
            _ => None,
        };
        figures.push(AgentFigures {
            agent_id: agent.id,
            name: agent.name,
            figures: tallies.get(&agent.id).map(Tally::figures).unwrap_or_default(),
            online_seconds: online,
            chat_seconds: chats,
            occupancy,
        });
    }
    figures.sort_by(|a, b| a.name.cmp(&b.name).then(a.agent_id.cmp(&b.agent_id)));
    Ok(figures)
}

/// Seconds `agent_id` was online from `from` to `to` (or now), by their presence changes.
async fn online_seconds(services: &Services, agent_id: Uuid, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<i64> {
    let db = services.store.db();
    let changes = event::Entity::find()
        .filter(event::Column::EventType.eq(EventType::AgentPresenceChanged))
        .filter(event::Column::AgentId.eq(agent_id));
    let before = changes
        .clone()
        .filter(event::Column::CreatedAt.lt(from))
        .order_by_desc(event::Column::Id)
        .limit(1)
        .one(db)
        .await?;
    let during = changes
        .filter(event::Column::CreatedAt.gte(from))
        .filter(event::Column::CreatedAt.lt(to))
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?;
    let presence_of = |row: &event::Model| row.payload["presence"].as_str().and_then(Presence::parse);
    let mut online_since = before.as_ref().and_then(presence_of).filter(|p| *p == Presence::Online).map(|_| from);
    let mut total = 0;
    for change in &during {
        match (presence_of(change), online_since) {
            (Some(Presence::Online), None) => online_since = Some(change.created_at),
            (Some(Presence::Away | Presence::Offline), Some(since)) => {
                total += (change.created_at - since).num_seconds().max(0);
                online_since = None;
            }
            _ => {}
        }
    }
    if let Some(since) = online_since {
        total += (to.min(Utc::now()) - since).num_seconds().max(0);
    }
    Ok(total)
}

/// Where each bucket of the range starts, as UTC instants of local starts in `zone`.
fn bucket_starts(from: DateTime<Utc>, to: DateTime<Utc>, zone: Tz, bucket: ReportBucket) -> Result<Vec<DateTime<Utc>>> {
    let local = from.with_timezone(&zone).naive_local();
    let day = local.date();
    let mut start: NaiveDateTime = match bucket {
        ReportBucket::Hour => day.and_hms_opt(chrono::Timelike::hour(&local), 0, 0),
        ReportBucket::Day => day.and_hms_opt(0, 0, 0),
        ReportBucket::Week => {
            let monday: NaiveDate = day - Duration::days(i64::from(day.weekday().num_days_from_monday()));
            monday.and_hms_opt(0, 0, 0)
        }
    }
    .ok_or_else(|| Error::Internal("a bucket start out of range".into()))?;
    let step = match bucket {
        ReportBucket::Hour => Duration::hours(1),
        ReportBucket::Day => Duration::days(1),
        ReportBucket::Week => Duration::weeks(1),
    };
    let mut starts: Vec<DateTime<Utc>> = Vec::new();
    loop {
        // A local time a DST change skips starts at the first instant after the gap.
        let instant = zone
            .from_local_datetime(&start)
            .earliest()
            .or_else(|| zone.from_local_datetime(&(start + Duration::hours(1))).earliest())
            .map(|time| time.with_timezone(&Utc));
        if let Some(instant) = instant {
            if instant >= to {
                break;
            }
            if starts.last().is_none_or(|last| *last < instant) {
                starts.push(instant);
            }
        }
        start += step;
    }
    if let Some(first) = starts.first_mut() {
        *first = (*first).min(from);
    }
    Ok(starts)
}

/// What the rows of a span add up to.
#[derive(Default)]
struct Tally {
    entered: u64,
    served: u64,
    missed: u64,
    abandoned: u64,
    waits: Vec<i64>,
    first_responses: Vec<i64>,
    durations: Vec<i64>,
    messages: i64,
    rated: u64,
    good: u64,
    five_point: Vec<i32>,
}

impl Tally {
    fn add(&mut self, row: &Row) {
        self.entered += 1;
        let millis = |from: DateTime<Utc>, to: DateTime<Utc>| (to - from).num_milliseconds().max(0);
        match row.claimed_at {
            Some(claimed_at) => {
                self.served += 1;
                self.waits.push(millis(row.entered_at, claimed_at));
                self.messages += i64::from(row.customer_messages + row.agent_messages);
                if let Some(ended_at) = row.ended_at {
                    self.durations.push(millis(row.entered_at, ended_at));
                }
            }
            None if row.status == Status::Ended => {
                if matches!(row.exit_reason, Some(ExitReason::CustomerLeft | ExitReason::QuickReply)) {
                    self.abandoned += 1;
                } else {
                    self.missed += 1;
                }
            }
            None => {}
        }
        if let Some(first) = row.first_response_at {
            self.first_responses.push(millis(row.entered_at, first));
        }
        if let (Some(scale), Some(score)) = (row.rating_scale, row.rating_score) {
            self.rated += 1;
            if scale.is_good(score) {
                self.good += 1;
            }
            if scale == CsatScale::FivePoint {
                self.five_point.push(score);
            }
        }
    }

    fn figures(&self) -> ChatFigures {
        ChatFigures {
            entered: self.entered,
            served: self.served,
            missed: self.missed,
            abandoned: self.abandoned,
            wait_seconds: percentiles(&self.waits),
            first_response_seconds: percentiles(&self.first_responses),
            duration_seconds: percentiles(&self.durations),
            messages_per_chat: (self.served > 0).then(|| self.messages as f64 / self.served as f64),
            csat: CsatFigures {
                count: self.rated,
                good_share: (self.rated > 0).then(|| self.good as f64 / self.rated as f64),
                average: (!self.five_point.is_empty())
                    .then(|| f64::from(self.five_point.iter().sum::<i32>()) / self.five_point.len() as f64),
            },
        }
    }
}

/// The 50th and 90th percentiles of durations in milliseconds, in seconds: nearest rank.
fn percentiles(millis: &[i64]) -> Percentiles {
    if millis.is_empty() {
        return Percentiles::default();
    }
    let mut sorted = millis.to_vec();
    sorted.sort_unstable();
    let rank = |p: f64| {
        let index = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len()) - 1;
        sorted[index] as f64 / 1000.0
    };
    Percentiles { p50: Some(rank(0.5)), p90: Some(rank(0.9)) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let millis: Vec<i64> = (1..=10).map(|s| s * 1000).collect();
        assert_eq!(percentiles(&millis), Percentiles { p50: Some(5.0), p90: Some(9.0) });
        assert_eq!(percentiles(&[2500]), Percentiles { p50: Some(2.5), p90: Some(2.5) });
        assert_eq!(percentiles(&[]), Percentiles::default());
    }

    #[test]
    fn days_start_at_local_midnight_across_a_change_of_clocks() {
        let zone: Tz = "Europe/Berlin".parse().expect("a zone");
        // 25 to 27 October 2026: clocks go back on the 25th.
        let from = Utc.with_ymd_and_hms(2026, 10, 24, 22, 0, 0).single().expect("a time");
        let to = Utc.with_ymd_and_hms(2026, 10, 27, 23, 0, 0).single().expect("a time");
        let starts = bucket_starts(from, to, zone, ReportBucket::Day).expect("buckets");
        let hours: Vec<u32> = starts.iter().map(chrono::Timelike::hour).collect();
        assert_eq!(starts.len(), 3);
        assert_eq!(hours, [22, 23, 23], "midnight is 22:00 UTC in summer time, 23:00 after");
        let weeks = bucket_starts(from, to, zone, ReportBucket::Week).expect("weeks");
        assert_eq!(weeks.len(), 2, "the week of the 19th, and the one from Monday the 26th");
    }
}
