//! Real time: stream leases that back presence, "seen up to" marks per side, and the
//! event log's retention floor.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PresenceLeases::Table)
                    .col(string_len(PresenceLeases::SubjectKind, 16))
                    .col(uuid(PresenceLeases::SubjectId))
                    .col(uuid(PresenceLeases::InstanceId))
                    .col(integer(PresenceLeases::Streams))
                    .col(timestamp_with_time_zone(PresenceLeases::ExpiresAt))
                    .primary_key(
                        Index::create()
                            .col(PresenceLeases::SubjectKind)
                            .col(PresenceLeases::SubjectId)
                            .col(PresenceLeases::InstanceId),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(EventLogState::Table)
                    .col(integer(EventLogState::Id).primary_key())
                    .col(big_integer(EventLogState::PurgedThrough))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(EventLogState::Table)
                    .columns([EventLogState::Id, EventLogState::PurgedThrough])
                    .values_panic([1.into(), 0i64.into()])
                    .to_owned(),
            )
            .await?;
        for column in [Conversations::CustomerSeenSeq, Conversations::AgentSeenSeq] {
            manager
                .alter_table(
                    Table::alter().table(Conversations::Table).add_column(integer(column).default(0)).to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter().table(Customers::Table).add_column(boolean(Customers::Online).default(false)).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Customers::Table).drop_column(Customers::Online).to_owned()).await?;
        for column in [Conversations::CustomerSeenSeq, Conversations::AgentSeenSeq] {
            manager.alter_table(Table::alter().table(Conversations::Table).drop_column(column).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(EventLogState::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(PresenceLeases::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum PresenceLeases {
    Table,
    SubjectKind,
    SubjectId,
    InstanceId,
    Streams,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum EventLogState {
    Table,
    Id,
    PurgedThrough,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    CustomerSeenSeq,
    AgentSeenSeq,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Online,
}
