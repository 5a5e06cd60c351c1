//! The agent's working day: internal notes on conversations, and canned responses
//! (saved replies with a short code) of an agent, a group or everyone.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Notes::Table)
                    .col(ColumnDef::new(Notes::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Notes::ConversationId).uuid().not_null())
                    .col(ColumnDef::new(Notes::AuthorId).uuid().not_null())
                    .col(ColumnDef::new(Notes::Text).text().not_null())
                    .col(ColumnDef::new(Notes::Mentions).json().not_null())
                    .col(ColumnDef::new(Notes::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notes_conversation")
                    .table(Notes::Table)
                    .col(Notes::ConversationId)
                    .col(Notes::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CannedResponses::Table)
                    .col(ColumnDef::new(CannedResponses::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(CannedResponses::Scope).string_len(16).not_null())
                    // The agent (personal) or group it belongs to; the nil id for global ones.
                    .col(ColumnDef::new(CannedResponses::OwnerId).uuid().not_null())
                    .col(ColumnDef::new(CannedResponses::ShortCode).string_len(32).not_null())
                    .col(ColumnDef::new(CannedResponses::Title).string_len(100).not_null())
                    .col(ColumnDef::new(CannedResponses::Body).text().not_null())
                    .col(ColumnDef::new(CannedResponses::CreatedBy).uuid().not_null())
                    .col(ColumnDef::new(CannedResponses::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(CannedResponses::UpdatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_canned_responses_code")
                    .table(CannedResponses::Table)
                    .col(CannedResponses::Scope)
                    .col(CannedResponses::OwnerId)
                    .col(CannedResponses::ShortCode)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(CannedResponses::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Notes::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Notes {
    Table,
    Id,
    ConversationId,
    AuthorId,
    Text,
    Mentions,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CannedResponses {
    Table,
    Id,
    Scope,
    OwnerId,
    ShortCode,
    Title,
    Body,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}
