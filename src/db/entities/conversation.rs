use sea_orm::entity::prelude::*;

use crate::domain::{CsatScale, ExitReason, Status, TargetKind};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "conversations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    pub module_id: Uuid,
    pub module_version: i32,
    pub process_ref: String,
    pub status: Status,
    pub agent_id: Option<Uuid>,
    pub left_message: bool,
    pub email: Option<String>,
    pub email_requested: bool,
    pub exit_reason: Option<ExitReason>,
    pub exit_target_kind: Option<TargetKind>,
    pub exit_target_id: Option<String>,
    pub input_variables: Json,
    pub next_seq: i32,
    pub customer_messages: i32,
    pub agent_messages: i32,
    pub unanswered: i32,
    pub last_message_preview: Option<String>,
    pub last_message_at: Option<DateTimeUtc>,
    pub entered_at: DateTimeUtc,
    pub claimed_at: Option<DateTimeUtc>,
    pub ended_at: Option<DateTimeUtc>,
    pub shown_in_live: bool,
    pub customer_seen_seq: i32,
    pub agent_seen_seq: i32,
    pub notify_due_at: Option<DateTimeUtc>,
    pub notified_through_seq: i32,
    pub waiting_since: Option<DateTimeUtc>,
    /// The group that serves it (the module's); none: every agent.
    pub group_id: Option<Uuid>,
    /// Assigned automatically (the module's routing is `auto`) rather than claimed.
    pub auto_assign: bool,
    /// Its place in its group's queue while waiting, as last announced.
    pub queue_position: Option<i32>,
    pub queue_position_at_entry: Option<i32>,
    /// The agent who last gave it back to the queue: `auto` routing gives it to another.
    pub released_by: Option<Uuid>,
    /// The scale the customer was asked to rate on when the chat ended; none: not asked.
    pub rating_scale: Option<CsatScale>,
    /// After the first rating, the customer may change it for this long.
    pub rating_change_window_secs: Option<i32>,
    pub rating_score: Option<i32>,
    pub rating_comment: Option<String>,
    pub first_rated_at: Option<DateTimeUtc>,
    pub rated_at: Option<DateTimeUtc>,
    /// When an agent first wrote to the customer.
    pub first_response_at: Option<DateTimeUtc>,
    /// Where the transcript goes, while it waits to be queued.
    pub transcript_to: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::customer::Entity", from = "Column::CustomerId", to = "super::customer::Column::Id")]
    Customer,
}

impl Related<super::customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Customer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
