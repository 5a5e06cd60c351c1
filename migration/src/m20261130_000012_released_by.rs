//! The agent who last gave a conversation back: automatic routing hands it to someone
//! else, not straight back to them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .add_column(ColumnDef::new(Conversations::ReleasedBy).uuid().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Conversations::Table).drop_column(Conversations::ReleasedBy).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    ReleasedBy,
}
