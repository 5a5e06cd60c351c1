//! An event of a conversation that moved to another group names the group it left, so
//! that the streams of that group's agents learn it is gone, and nobody else's do.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Events::Table)
                    .add_column(ColumnDef::new(Events::LeftGroupId).uuid().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Events::Table).drop_column(Events::LeftGroupId).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    LeftGroupId,
}
