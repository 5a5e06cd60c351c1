//! The initial schema: agents, credentials, module configurations, customers,
//! conversations, messages and the event log.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Agents::Table)
                    .col(uuid(Agents::Id).primary_key())
                    .col(string_len_uniq(Agents::Email, 254))
                    .col(string_len(Agents::Name, 200))
                    .col(string(Agents::PasswordHash))
                    .col(string_len(Agents::Role, 16))
                    .col(boolean(Agents::Active))
                    .col(string_len(Agents::Presence, 16))
                    .col(timestamp_with_time_zone(Agents::PresenceChangedAt))
                    .col(timestamp_with_time_zone(Agents::CreatedAt))
                    .col(timestamp_with_time_zone(Agents::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ApiKeys::Table)
                    .col(uuid(ApiKeys::Id).primary_key())
                    .col(string_len(ApiKeys::Name, 200))
                    .col(string_len(ApiKeys::Prefix, 16))
                    .col(string_len_uniq(ApiKeys::KeyHash, 64))
                    .col(uuid(ApiKeys::CreatedBy))
                    .col(timestamp_with_time_zone(ApiKeys::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiKeys::LastUsedAt))
                    .col(timestamp_with_time_zone_null(ApiKeys::RevokedAt))
                    .foreign_key(
                        ForeignKey::create().from(ApiKeys::Table, ApiKeys::CreatedBy).to(Agents::Table, Agents::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Modules::Table)
                    .col(uuid(Modules::Id).primary_key())
                    .col(string_len(Modules::Name, 200))
                    .col(integer(Modules::Version))
                    .col(timestamp_with_time_zone(Modules::CreatedAt))
                    .col(timestamp_with_time_zone(Modules::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ModuleVersions::Table)
                    .col(uuid(ModuleVersions::ModuleId))
                    .col(integer(ModuleVersions::Version))
                    .col(json_binary(ModuleVersions::Settings))
                    .col(timestamp_with_time_zone(ModuleVersions::CreatedAt))
                    .primary_key(Index::create().col(ModuleVersions::ModuleId).col(ModuleVersions::Version))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ModuleVersions::Table, ModuleVersions::ModuleId)
                            .to(Modules::Table, Modules::Id),
                    )
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Customers::Table)
                    .col(uuid(Customers::Id).primary_key())
                    .col(string_len_uniq(Customers::ExternalId, 200))
                    .col(string_len(Customers::DisplayName, 200))
                    .col(string_len_null(Customers::Email, 254))
                    .col(boolean(Customers::Blocked))
                    .col(timestamp_with_time_zone(Customers::CreatedAt))
                    .col(timestamp_with_time_zone(Customers::UpdatedAt))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Conversations::Table)
                    .col(uuid(Conversations::Id).primary_key())
                    .col(uuid(Conversations::CustomerId))
                    .col(uuid(Conversations::ModuleId))
                    .col(integer(Conversations::ModuleVersion))
                    .col(string_len(Conversations::ProcessRef, 200))
                    .col(string_len(Conversations::Status, 16))
                    .col(uuid_null(Conversations::AgentId))
                    .col(boolean(Conversations::LeftMessage))
                    .col(string_len_null(Conversations::Email, 254))
                    .col(boolean(Conversations::EmailRequested))
                    .col(string_len_null(Conversations::ExitReason, 32))
                    .col(string_len_null(Conversations::ExitTargetKind, 32))
                    .col(string_len_null(Conversations::ExitTargetId, 200))
                    .col(json_binary(Conversations::InputVariables))
                    .col(integer(Conversations::NextSeq))
                    .col(integer(Conversations::CustomerMessages))
                    .col(integer(Conversations::AgentMessages))
                    .col(integer(Conversations::Unanswered))
                    .col(string_len_null(Conversations::LastMessagePreview, 200))
                    .col(timestamp_with_time_zone_null(Conversations::LastMessageAt))
                    .col(timestamp_with_time_zone(Conversations::EnteredAt))
                    .col(timestamp_with_time_zone_null(Conversations::ClaimedAt))
                    .col(timestamp_with_time_zone_null(Conversations::EndedAt))
                    .col(boolean(Conversations::ShownInLive))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Conversations::Table, Conversations::CustomerId)
                            .to(Customers::Table, Customers::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Conversations::Table, Conversations::AgentId)
                            .to(Agents::Table, Agents::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conversations_customer_status")
                    .table(Conversations::Table)
                    .col(Conversations::CustomerId)
                    .col(Conversations::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_conversations_status")
                    .table(Conversations::Table)
                    .col(Conversations::Status)
                    .col(Conversations::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(uuid(Messages::Id).primary_key())
                    .col(uuid(Messages::ConversationId))
                    .col(integer(Messages::Seq))
                    .col(string_len(Messages::AuthorKind, 16))
                    .col(uuid_null(Messages::AuthorId))
                    .col(string_len(Messages::Kind, 32))
                    .col(json_binary(Messages::Body))
                    .col(string_len_null(Messages::ClientMessageId, 100))
                    .col(timestamp_with_time_zone(Messages::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Messages::Table, Messages::ConversationId)
                            .to(Conversations::Table, Conversations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_messages_conversation_seq")
                    .table(Messages::Table)
                    .col(Messages::ConversationId)
                    .col(Messages::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_messages_client_message_id")
                    .table(Messages::Table)
                    .col(Messages::ConversationId)
                    .col(Messages::AuthorKind)
                    .col(Messages::ClientMessageId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Events::Table)
                    .col(big_integer(Events::Id).primary_key().auto_increment())
                    .col(uuid_null(Events::ConversationId))
                    .col(uuid_null(Events::CustomerId))
                    .col(string_len(Events::Type, 64))
                    .col(json_binary(Events::Payload))
                    .col(timestamp_with_time_zone(Events::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_events_conversation")
                    .table(Events::Table)
                    .col(Events::ConversationId)
                    .col(Events::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Events::Table.into_iden(),
            Messages::Table.into_iden(),
            Conversations::Table.into_iden(),
            Customers::Table.into_iden(),
            ModuleVersions::Table.into_iden(),
            Modules::Table.into_iden(),
            ApiKeys::Table.into_iden(),
            Agents::Table.into_iden(),
        ] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Agents {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    Role,
    Active,
    Presence,
    PresenceChangedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    Name,
    Prefix,
    KeyHash,
    CreatedBy,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Modules {
    Table,
    Id,
    Name,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ModuleVersions {
    Table,
    ModuleId,
    Version,
    Settings,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    ExternalId,
    DisplayName,
    Email,
    Blocked,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
    CustomerId,
    ModuleId,
    ModuleVersion,
    ProcessRef,
    Status,
    AgentId,
    LeftMessage,
    Email,
    EmailRequested,
    ExitReason,
    ExitTargetKind,
    ExitTargetId,
    InputVariables,
    NextSeq,
    CustomerMessages,
    AgentMessages,
    Unanswered,
    LastMessagePreview,
    LastMessageAt,
    EnteredAt,
    ClaimedAt,
    EndedAt,
    ShownInLive,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    ConversationId,
    Seq,
    AuthorKind,
    AuthorId,
    Kind,
    Body,
    ClientMessageId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    ConversationId,
    CustomerId,
    Type,
    Payload,
    CreatedAt,
}
