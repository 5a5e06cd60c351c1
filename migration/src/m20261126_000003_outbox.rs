//! Side effects that must not be lost: the outbox and its attempts, webhook endpoints,
//! and per-conversation reply-notification bookkeeping.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WebhookEndpoints::Table)
                    .col(uuid(WebhookEndpoints::Id).primary_key())
                    .col(string_len(WebhookEndpoints::Url, 2000))
                    .col(json_binary(WebhookEndpoints::EventTypes))
                    .col(string_len(WebhookEndpoints::Secret, 200))
                    .col(boolean(WebhookEndpoints::Enabled))
                    .col(string_len_null(WebhookEndpoints::DisabledReason, 500))
                    .col(timestamp_with_time_zone_null(WebhookEndpoints::FailingSince))
                    .col(timestamp_with_time_zone(WebhookEndpoints::CreatedAt))
                    .col(timestamp_with_time_zone(WebhookEndpoints::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(uuid(Outbox::Id).primary_key())
                    .col(string_len(Outbox::Kind, 16))
                    .col(uuid_null(Outbox::EndpointId))
                    .col(uuid_null(Outbox::CustomerId))
                    .col(uuid_null(Outbox::ConversationId))
                    .col(string_len(Outbox::Topic, 64))
                    .col(json_binary(Outbox::Payload))
                    .col(string_len(Outbox::Status, 16))
                    .col(integer(Outbox::Attempts))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(timestamp_with_time_zone(Outbox::GiveUpAt))
                    .col(string_len_null(Outbox::LastError, 1000))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(timestamp_with_time_zone_null(Outbox::DeliveredAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::Status)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_endpoint")
                    .table(Outbox::Table)
                    .col(Outbox::EndpointId)
                    .col(Outbox::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(OutboxAttempts::Table)
                    .col(uuid(OutboxAttempts::Id).primary_key())
                    .col(uuid(OutboxAttempts::OutboxId))
                    .col(timestamp_with_time_zone(OutboxAttempts::AttemptedAt))
                    .col(boolean(OutboxAttempts::Succeeded))
                    .col(integer_null(OutboxAttempts::StatusCode))
                    .col(string_len_null(OutboxAttempts::Error, 1000))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OutboxAttempts::Table, OutboxAttempts::OutboxId)
                            .to(Outbox::Table, Outbox::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_outbox_attempts_outbox")
                    .table(OutboxAttempts::Table)
                    .col(OutboxAttempts::OutboxId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .add_column(timestamp_with_time_zone_null(Conversations::NotifyDueAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Conversations::Table)
                    .add_column(integer(Conversations::NotifiedThroughSeq).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Conversations::NotifiedThroughSeq, Conversations::NotifyDueAt] {
            manager.alter_table(Table::alter().table(Conversations::Table).drop_column(column).to_owned()).await?;
        }
        manager.drop_table(Table::drop().table(OutboxAttempts::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Outbox::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(WebhookEndpoints::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum WebhookEndpoints {
    Table,
    Id,
    Url,
    EventTypes,
    Secret,
    Enabled,
    DisabledReason,
    FailingSince,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Kind,
    EndpointId,
    CustomerId,
    ConversationId,
    Topic,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    GiveUpAt,
    LastError,
    CreatedAt,
    DeliveredAt,
}

#[derive(DeriveIden)]
enum OutboxAttempts {
    Table,
    Id,
    OutboxId,
    AttemptedAt,
    Succeeded,
    StatusCode,
    Error,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    NotifyDueAt,
    NotifiedThroughSeq,
}
