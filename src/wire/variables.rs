//! The process-specific variables a conversation hands back to the bot platform, and
//! how they are computed from its facts.

use chrono::{DateTime, Utc};
use poem_openapi::Object;
use uuid::Uuid;

use super::values::Email;
use super::{ConversationStatus, ExitReason, TargetKind};
use crate::domain::{Exit, Status};

/// What the variables are computed from.
#[derive(Debug, Clone)]
pub struct VariableFacts<'a> {
    pub status: Status,
    pub exit: Option<&'a Exit>,
    pub agent: Option<(Uuid, &'a str)>,
    pub email: Option<&'a str>,
    pub left_message: bool,
    pub entered_at: DateTime<Utc>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub customer_messages: i32,
    pub agent_messages: i32,
    /// The name of the group that serves the conversation.
    pub group: Option<&'a str>,
    pub queue_position_at_entry: Option<i32>,
    pub rating: Option<i32>,
}

/// The process-specific variables the module hands back to the process, computed for
/// every conversation at any time. Once it has ended they no longer change, except
/// `live_agent_name` (the agent's current name) and `live_email` (gone after an erase).
#[derive(Debug, Clone, Object)]
#[oai(example)]
pub struct ProcessVariables {
    /// `waiting`, `active` or `ended`.
    pub live_status: ConversationStatus,
    /// Why the chat ended: `agent_ended`, `customer_left`, `no_agent_available`, `jump`,
    /// `quick_reply`, `blocked` or `timeout`; absent while open.
    pub live_exit_reason: Option<ExitReason>,
    /// The id of the exit's target (fallback, jump target or quick reply experience).
    pub live_exit_target: Option<String>,
    /// The kind of the exit's target: `process_module`, `experience` or `subprocess`.
    pub live_exit_target_kind: Option<TargetKind>,
    /// The agent serving the conversation now, or who served it when it ended.
    pub live_agent_id: Option<Uuid>,
    /// That agent's name.
    pub live_agent_name: Option<String>,
    /// The customer's email, given or known.
    pub live_email: Option<Email>,
    /// Whether the customer left a message while no agent was online.
    pub live_async: bool,
    /// Seconds from entering to the first take-over (or to the end, or to now).
    pub live_waited_seconds: i64,
    /// Seconds from entering to the end (or to now).
    pub live_duration_seconds: i64,
    /// Messages the customer wrote.
    pub live_customer_messages: i32,
    /// Messages agents wrote.
    pub live_agent_messages: i32,
    /// The name of the group that serves the conversation, if any.
    pub live_group: Option<String>,
    /// The customer's place in the queue on entering (1: next).
    pub live_queue_position_at_entry: Option<i32>,
    /// The customer's rating (CSAT), once given: 0 or 1 (`good_bad`), 1 to 5 (`five_point`).
    pub live_rating: Option<i32>,
}

impl ProcessVariables {
    /// Waiting runs from entry to the first take-over (or to the end, or to `now`);
    /// duration runs from entry to the end (or to `now`).
    pub fn compute(facts: &VariableFacts<'_>, now: DateTime<Utc>) -> Self {
        let end = facts.ended_at.unwrap_or(now);
        let waited_until = facts.claimed_at.unwrap_or(end);
        let seconds = |from: DateTime<Utc>, to: DateTime<Utc>| (to - from).num_seconds().max(0);
        Self {
            live_status: facts.status.into(),
            live_exit_reason: facts.exit.map(|exit| exit.reason.into()),
            live_exit_target: facts.exit.and_then(|exit| exit.target.as_ref()).map(|target| target.id.clone()),
            live_exit_target_kind: facts.exit.and_then(|exit| exit.target.as_ref()).map(|target| target.kind.into()),
            live_agent_id: facts.agent.map(|(id, _)| id),
            live_agent_name: facts.agent.map(|(_, name)| name.to_owned()),
            live_email: facts.email.map(|email| Email::stored(email.to_owned())),
            live_async: facts.left_message,
            live_waited_seconds: seconds(facts.entered_at, waited_until),
            live_duration_seconds: seconds(facts.entered_at, end),
            live_customer_messages: facts.customer_messages,
            live_agent_messages: facts.agent_messages,
            live_group: facts.group.map(str::to_owned),
            live_queue_position_at_entry: facts.queue_position_at_entry,
            live_rating: facts.rating,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::domain::{ExitReason, ExitTarget, TargetKind};
    use crate::wire;

    #[test]
    fn an_ended_chat_reports_its_exit_and_timings() {
        let entered = Utc::now() - Duration::seconds(600);
        let exit = Exit {
            reason: ExitReason::Jump,
            target: Some(ExitTarget { kind: TargetKind::Experience, id: "exp-9".into() }),
        };
        let agent = Uuid::new_v4();
        let facts = VariableFacts {
            status: Status::Ended,
            exit: Some(&exit),
            agent: Some((agent, "Ada")),
            email: Some("c@example.com"),
            left_message: false,
            entered_at: entered,
            claimed_at: Some(entered + Duration::seconds(30)),
            ended_at: Some(entered + Duration::seconds(330)),
            customer_messages: 3,
            agent_messages: 4,
            group: Some("Billing"),
            queue_position_at_entry: Some(2),
            rating: Some(5),
        };
        let vars = ProcessVariables::compute(&facts, Utc::now());
        assert_eq!(vars.live_exit_reason, Some(wire::ExitReason::Jump));
        assert_eq!(vars.live_exit_target.as_deref(), Some("exp-9"));
        assert_eq!(vars.live_exit_target_kind, Some(wire::TargetKind::Experience));
        assert_eq!(vars.live_agent_id, Some(agent));
        assert_eq!(vars.live_waited_seconds, 30);
        assert_eq!(vars.live_duration_seconds, 330);
        assert_eq!((vars.live_customer_messages, vars.live_agent_messages), (3, 4));
    }

    #[test]
    fn a_waiting_chat_has_waited_until_now() {
        let now = Utc::now();
        let facts = VariableFacts {
            status: Status::Waiting,
            exit: None,
            agent: None,
            email: None,
            left_message: true,
            entered_at: now - Duration::seconds(90),
            claimed_at: None,
            ended_at: None,
            customer_messages: 1,
            agent_messages: 0,
            group: None,
            queue_position_at_entry: None,
            rating: None,
        };
        let vars = ProcessVariables::compute(&facts, now);
        assert_eq!(vars.live_waited_seconds, 90);
        assert!(vars.live_async);
        assert_eq!(vars.live_exit_reason, None);
    }
}
