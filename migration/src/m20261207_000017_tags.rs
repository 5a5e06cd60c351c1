//! Tags: labels admins keep and agents put on conversations.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tags::Table)
                    .col(ColumnDef::new(Tags::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Tags::Name).string_len(50).not_null())
                    // The name in lowercase: two tags never differ by case alone.
                    .col(ColumnDef::new(Tags::NameKey).string_len(50).not_null().unique_key())
                    .col(ColumnDef::new(Tags::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ConversationTags::Table)
                    .col(ColumnDef::new(ConversationTags::ConversationId).uuid().not_null())
                    .col(ColumnDef::new(ConversationTags::TagId).uuid().not_null())
                    .col(ColumnDef::new(ConversationTags::TaggedAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(ConversationTags::ConversationId).col(ConversationTags::TagId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conversation_tags_tag")
                    .table(ConversationTags::Table)
                    .col(ConversationTags::TagId)
                    .col(ConversationTags::ConversationId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(ConversationTags::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Tags::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Tags {
    Table,
    Id,
    Name,
    NameKey,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ConversationTags {
    Table,
    ConversationId,
    TagId,
    TaggedAt,
}
