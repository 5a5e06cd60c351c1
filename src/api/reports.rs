//! Reports for admins, supervisors and a group's agents.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::{OpenApi, payload::Json};
use uuid::Uuid;

use super::problem::{Problems, status::*};
use super::security::AgentToken;
use super::{AppState, Tag};
use crate::service::reports::{self, ReportQuery};
use crate::service::{self};
use crate::wire::reports::{ChatReport, ReportBucket};
use crate::wire::values::Timestamp;

pub struct ReportApi;

#[OpenApi(tag = "Tag::Reports")]
impl ReportApi {
    /// Report on chats (admins, supervisors; agents for their groups)
    ///
    /// The chats that entered from `from` to `to` (at most 366 days), counted exactly
    /// from the stored conversations: entered, served, missed (ended waiting, not by the
    /// customer), abandoned (left by the customer while waiting); wait to the first agent,
    /// first response and duration (p50 and p90, nearest rank); messages per served chat;
    /// CSAT (count, share good, average of five-point ratings). In `buckets` of an hour,
    /// a day or a week (from Monday) in `time_zone`, empty ones included; per group, and
    /// per agent (a chat counts for the agent who served it last) with online time from
    /// the presence changes in the event log (absent once the log no longer reaches the
    /// range's start) and occupancy. Agents must give `group_id`, one of their groups.
    #[oai(path = "/v1/reports/chats", method = "get", operation_id = "report_chats")]
    #[allow(clippy::too_many_arguments, reason = "each query parameter of the operation is an argument")]
    async fn chats(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The start of the range (RFC 3339).
        from: Query<Timestamp>,
        /// The end of the range, not included (RFC 3339).
        to: Query<Timestamp>,
        /// An IANA time zone for the buckets, e.g. `Europe/Berlin` (default `UTC`).
        #[oai(default = "utc", validator(max_length = 64))]
        time_zone: Query<String>,
        /// `hour`, `day` (default) or `week`.
        bucket: Query<Option<ReportBucket>>,
        /// Only this group's chats (required for agents).
        group_id: Query<Option<Uuid>>,
    ) -> Result<Json<ChatReport>, Problems<{ PARAMS | UNAUTHORIZED | FORBIDDEN | UNPROCESSABLE }>> {
        let query = ReportQuery {
            from: from.0.parse("from").map_err(service::Error::from)?,
            to: to.0.parse("to").map_err(service::Error::from)?,
            time_zone: time_zone.0,
            bucket: bucket.0.unwrap_or(ReportBucket::Day),
            group_id: group_id.0,
            default_capacity: state.settings.routing.agent_max_active_chats,
        };
        Ok(Json(reports::chats(&state.services, &auth.0, query).await?))
    }
}

fn utc() -> String {
    "UTC".to_owned()
}
