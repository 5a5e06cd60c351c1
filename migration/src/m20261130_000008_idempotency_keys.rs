//! Idempotency keys: the first answer to a request that carried an `Idempotency-Key`,
//! kept so that a retry with the same key gets it again instead of acting twice.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(IdempotencyKeys::Table)
                    .col(ColumnDef::new(IdempotencyKeys::Scope).string_len(64).not_null())
                    .col(ColumnDef::new(IdempotencyKeys::Key).string_len(255).not_null())
                    .col(ColumnDef::new(IdempotencyKeys::Fingerprint).string_len(64).not_null())
                    .col(ColumnDef::new(IdempotencyKeys::Status).small_integer().null())
                    .col(ColumnDef::new(IdempotencyKeys::Body).text().null())
                    .col(ColumnDef::new(IdempotencyKeys::StartedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(IdempotencyKeys::ExpiresAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(IdempotencyKeys::Scope).col(IdempotencyKeys::Key))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_idempotency_keys_expiry")
                    .table(IdempotencyKeys::Table)
                    .col(IdempotencyKeys::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(IdempotencyKeys::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Scope,
    Key,
    Fingerprint,
    Status,
    Body,
    StartedAt,
    ExpiresAt,
}
