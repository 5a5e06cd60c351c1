//! Ratings (CSAT) on conversations, when an agent first answered (for reports), and a
//! transcript waiting to be emailed.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            // The scale the customer was asked to rate on, when the chat ended; none: not asked.
            ColumnDef::new(Conversations::RatingScale).string_len(16).null().to_owned(),
            ColumnDef::new(Conversations::RatingChangeWindowSecs).integer().null().to_owned(),
            ColumnDef::new(Conversations::RatingScore).integer().null().to_owned(),
            ColumnDef::new(Conversations::RatingComment).text().null().to_owned(),
            ColumnDef::new(Conversations::FirstRatedAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Conversations::RatedAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Conversations::FirstResponseAt).timestamp_with_time_zone().null().to_owned(),
            // Where the transcript goes, while it waits to be rendered and queued.
            ColumnDef::new(Conversations::TranscriptTo).string_len(254).null().to_owned(),
        ] {
            manager.alter_table(Table::alter().table(Conversations::Table).add_column(column).to_owned()).await?;
        }
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE conversations SET first_response_at = (SELECT min(created_at) FROM messages \
                 WHERE messages.conversation_id = conversations.id AND messages.author_kind = 'agent')",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Conversations::RatingScale,
            Conversations::RatingChangeWindowSecs,
            Conversations::RatingScore,
            Conversations::RatingComment,
            Conversations::FirstRatedAt,
            Conversations::RatedAt,
            Conversations::FirstResponseAt,
            Conversations::TranscriptTo,
        ] {
            manager.alter_table(Table::alter().table(Conversations::Table).drop_column(column).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    RatingScale,
    RatingChangeWindowSecs,
    RatingScore,
    RatingComment,
    FirstRatedAt,
    RatedAt,
    FirstResponseAt,
    TranscriptTo,
}
