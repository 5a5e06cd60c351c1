use sea_orm::entity::prelude::*;

use crate::domain::CannedScope;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "canned_responses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub scope: CannedScope,
    /// The agent (personal) or group it belongs to; the nil id for global ones.
    pub owner_id: Uuid,
    pub short_code: String,
    pub title: String,
    pub body: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
