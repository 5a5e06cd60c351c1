//! Indexes for the queries streams and housekeeping run all the time.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_events_customer")
                    .table(Events::Table)
                    .col(Events::CustomerId)
                    .col(Events::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conversations_notify_due")
                    .table(Conversations::Table)
                    .col(Conversations::NotifyDueAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_conversations_notify_due").table(Conversations::Table).to_owned())
            .await?;
        manager.drop_index(Index::drop().name("idx_events_customer").table(Events::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    CustomerId,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    NotifyDueAt,
}
