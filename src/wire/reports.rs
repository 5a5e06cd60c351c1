//! Reports: figures of chats over a time range, bucketed in a time zone, per agent and
//! per group.

use chrono::{DateTime, Utc};
use poem_openapi::{Enum, Object};
use uuid::Uuid;

/// The width of a report's buckets, in the report's time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum ReportBucket {
    Hour,
    Day,
    /// Weeks start on Monday.
    Week,
}

/// The 50th and 90th percentiles of a duration, in seconds (nearest rank, exact);
/// absent when nothing was measured.
#[derive(Debug, Clone, Copy, Default, PartialEq, Object)]
pub struct Percentiles {
    pub p50: Option<f64>,
    pub p90: Option<f64>,
}

/// Ratings given (CSAT).
#[derive(Debug, Clone, Copy, Default, PartialEq, Object)]
pub struct CsatFigures {
    /// Chats rated.
    pub count: u64,
    /// The share of ratings that are good (1 of `good_bad`; 4 or 5 of `five_point`),
    /// 0 to 1; absent without ratings.
    pub good_share: Option<f64>,
    /// The average score of `five_point` ratings; absent without any.
    pub average: Option<f64>,
}

/// What happened to the chats that entered in a span of time.
#[derive(Debug, Clone, Default, PartialEq, Object)]
pub struct ChatFigures {
    /// Chats that entered the module (those that exited at once included).
    pub entered: u64,
    /// Chats an agent took over.
    pub served: u64,
    /// Chats that ended waiting, nobody having served them, and not by the customer
    /// (no agent available, outside business hours, timeout, blocked).
    pub missed: u64,
    /// Chats the customer left (or left by a quick reply) while waiting.
    pub abandoned: u64,
    /// From entering to the first agent (served chats).
    pub wait_seconds: Percentiles,
    /// From entering to the first agent message (chats that got one).
    pub first_response_seconds: Percentiles,
    /// From entering to the end (served chats that ended).
    pub duration_seconds: Percentiles,
    /// Messages of the customer and agents per served chat, on average.
    pub messages_per_chat: Option<f64>,
    pub csat: CsatFigures,
}

/// One bucket of a report.
#[derive(Debug, Clone, Object)]
pub struct ReportBucketFigures {
    /// Where the bucket starts (its local start in the report's time zone, as UTC).
    pub start: DateTime<Utc>,
    pub figures: ChatFigures,
}

/// The figures of one group's chats (`group_id` absent: chats of no group).
#[derive(Debug, Clone, Object)]
pub struct GroupFigures {
    pub group_id: Option<Uuid>,
    pub name: Option<String>,
    pub figures: ChatFigures,
}

/// The figures of the chats one agent served (the last agent of a chat counts it).
#[derive(Debug, Clone, Object)]
pub struct AgentFigures {
    pub agent_id: Uuid,
    pub name: String,
    pub figures: ChatFigures,
    /// Seconds the agent was online within the range, from the presence changes in the
    /// event log; absent when the log no longer reaches back to the range's start.
    pub online_seconds: Option<i64>,
    /// Seconds of active chats served within the range (each chat from take-over to end).
    pub chat_seconds: i64,
    /// Active chats over capacity while online: `chat_seconds / (online_seconds ×
    /// max_active_chats)`; absent without a capacity or online time.
    pub occupancy: Option<f64>,
}

/// The figures of the chats that entered from `from` to `to`.
#[derive(Debug, Clone, Object)]
pub struct ChatReport {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub time_zone: String,
    pub bucket: ReportBucket,
    /// Only this group's chats, if given.
    pub group_id: Option<Uuid>,
    pub totals: ChatFigures,
    /// Every bucket of the range, oldest first, empty ones included.
    pub buckets: Vec<ReportBucketFigures>,
    pub groups: Vec<GroupFigures>,
    pub agents: Vec<AgentFigures>,
}
