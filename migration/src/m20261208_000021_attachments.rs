//! Attachments: files uploaded into a conversation, stored outside the database.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Attachments::Table)
                    .col(ColumnDef::new(Attachments::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Attachments::ConversationId).uuid().not_null())
                    .col(ColumnDef::new(Attachments::CustomerId).uuid().not_null())
                    // The agent who uploaded it; none: the customer.
                    .col(ColumnDef::new(Attachments::AgentId).uuid().null())
                    .col(ColumnDef::new(Attachments::Name).string_len(255).not_null())
                    .col(ColumnDef::new(Attachments::ContentType).string_len(100).not_null())
                    .col(ColumnDef::new(Attachments::Size).big_integer().not_null())
                    .col(ColumnDef::new(Attachments::Sha256).string_len(64).not_null())
                    .col(ColumnDef::new(Attachments::Width).integer().null())
                    .col(ColumnDef::new(Attachments::Height).integer().null())
                    // `uploading`, `scanning` or `ready`: only ready files are sent and read.
                    .col(ColumnDef::new(Attachments::Status).string_len(20).not_null())
                    .col(ColumnDef::new(Attachments::MessageId).uuid().null())
                    .col(ColumnDef::new(Attachments::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_attachments_conversation", vec![Attachments::ConversationId]),
            ("idx_attachments_customer", vec![Attachments::CustomerId]),
            ("idx_attachments_unsent", vec![Attachments::MessageId, Attachments::CreatedAt]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Attachments::Table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Attachments::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Attachments {
    Table,
    Id,
    ConversationId,
    CustomerId,
    AgentId,
    Name,
    ContentType,
    Size,
    Sha256,
    Width,
    Height,
    Status,
    MessageId,
    CreatedAt,
}
