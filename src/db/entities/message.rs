use sea_orm::entity::prelude::*;

use crate::domain::{AuthorKind, MessageKind};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub conversation_id: Uuid,
    pub seq: i32,
    pub author_kind: AuthorKind,
    pub author_id: Option<Uuid>,
    pub kind: MessageKind,
    pub body: Json,
    pub client_message_id: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
