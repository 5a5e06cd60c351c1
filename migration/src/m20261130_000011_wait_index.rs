//! The estimate of a wait reads the last conversations of a group taken over: an index
//! on (group, when taken over) keeps that a short read however long the history.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_conversations_group_claimed")
                    .table(Conversations::Table)
                    .col(Conversations::GroupId)
                    .col(Conversations::ClaimedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_conversations_group_claimed").table(Conversations::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    GroupId,
    ClaimedAt,
}
