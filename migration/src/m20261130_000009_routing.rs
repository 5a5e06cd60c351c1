//! Routing: groups of agents (departments), agents' capacity, and the queue a
//! conversation waits in (its group, whether it is assigned automatically, its place).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Groups::Table)
                    .col(ColumnDef::new(Groups::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Groups::Name).string_len(100).not_null().unique_key())
                    .col(ColumnDef::new(Groups::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AgentGroups::Table)
                    .col(ColumnDef::new(AgentGroups::AgentId).uuid().not_null())
                    .col(ColumnDef::new(AgentGroups::GroupId).uuid().not_null())
                    .primary_key(Index::create().col(AgentGroups::AgentId).col(AgentGroups::GroupId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_agent_groups_group")
                    .table(AgentGroups::Table)
                    .col(AgentGroups::GroupId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Agents::Table)
                    .add_column(ColumnDef::new(Agents::MaxActiveChats).integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Agents::Table)
                    .add_column(ColumnDef::new(Agents::LastAssignedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(Conversations::GroupId).uuid().null().to_owned(),
            ColumnDef::new(Conversations::AutoAssign).boolean().not_null().default(false).to_owned(),
            ColumnDef::new(Conversations::QueuePosition).integer().null().to_owned(),
            ColumnDef::new(Conversations::QueuePositionAtEntry).integer().null().to_owned(),
        ] {
            manager.alter_table(Table::alter().table(Conversations::Table).add_column(column).to_owned()).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_conversations_queue")
                    .table(Conversations::Table)
                    .col(Conversations::Status)
                    .col(Conversations::GroupId)
                    .col(Conversations::WaitingSince)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_conversations_queue").table(Conversations::Table).to_owned())
            .await?;
        for column in [
            Conversations::GroupId,
            Conversations::AutoAssign,
            Conversations::QueuePosition,
            Conversations::QueuePositionAtEntry,
        ] {
            manager.alter_table(Table::alter().table(Conversations::Table).drop_column(column).to_owned()).await?;
        }
        for column in [Agents::MaxActiveChats, Agents::LastAssignedAt] {
            manager.alter_table(Table::alter().table(Agents::Table).drop_column(column).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(AgentGroups::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Groups::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Groups {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AgentGroups {
    Table,
    AgentId,
    GroupId,
}

#[derive(DeriveIden)]
enum Agents {
    Table,
    MaxActiveChats,
    LastAssignedAt,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    GroupId,
    AutoAssign,
    QueuePosition,
    QueuePositionAtEntry,
    Status,
    WaitingSince,
}
