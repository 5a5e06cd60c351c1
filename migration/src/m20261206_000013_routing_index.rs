//! The router reads the head of each module version's queue, and which module versions
//! wait in a queue: an index on (status, shown, auto, group, module version, waiting
//! since) answers both without reading the rows behind the head, however long the queue.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_conversations_routing")
                    .table(Conversations::Table)
                    .col(Conversations::Status)
                    .col(Conversations::ShownInLive)
                    .col(Conversations::AutoAssign)
                    .col(Conversations::GroupId)
                    .col(Conversations::ModuleId)
                    .col(Conversations::ModuleVersion)
                    .col(Conversations::WaitingSince)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_conversations_routing").table(Conversations::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Status,
    ShownInLive,
    AutoAssign,
    GroupId,
    ModuleId,
    ModuleVersion,
    WaitingSince,
}
