use sea_orm::entity::prelude::*;

use crate::domain::EventType;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub conversation_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    /// The conversation's agent after the change, for `scope=mine` agent streams.
    pub agent_id: Option<Uuid>,
    /// The conversation's group, for agent streams scoped to the agent's groups.
    pub group_id: Option<Uuid>,
    /// The group the conversation left with this change (a transfer to another group).
    pub left_group_id: Option<Uuid>,
    #[sea_orm(column_name = "type")]
    pub event_type: EventType,
    pub payload: Json,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
