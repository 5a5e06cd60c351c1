//! When a conversation last started waiting (on entry, or when released), so a waiting
//! timeout counts from there and not from the entry.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .add_column(timestamp_with_time_zone_null(Conversations::WaitingSince))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Conversations::Table)
                    .value(Conversations::WaitingSince, Expr::col(Conversations::EnteredAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Conversations::Table).drop_column(Conversations::WaitingSince).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    WaitingSince,
    EnteredAt,
}
