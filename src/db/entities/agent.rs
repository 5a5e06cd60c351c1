use sea_orm::entity::prelude::*;

use crate::domain::{Presence, Role};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "agents")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub active: bool,
    pub presence: Presence,
    pub presence_changed_at: DateTimeUtc,
    /// At most this many active chats at once; none: the module's or the server's limit.
    pub max_active_chats: Option<i32>,
    /// When a chat was last assigned to the agent automatically: the longest idle goes first.
    pub last_assigned_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
