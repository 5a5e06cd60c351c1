//! Which agent a conversation's event concerns (the conversation's agent after the
//! change), so that an agent stream with `scope=mine` carries only its own chats'
//! messages, on replay as live. Existing events take their conversation's current agent.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(Events::Table).add_column(uuid_null(Events::AgentId)).to_owned())
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Events::Table)
                    .value(
                        Events::AgentId,
                        Expr::SubQuery(
                            None,
                            Box::new(
                                Query::select()
                                    .column((Conversations::Table, Conversations::AgentId))
                                    .from(Conversations::Table)
                                    .and_where(
                                        Expr::col((Conversations::Table, Conversations::Id))
                                            .equals((Events::Table, Events::ConversationId)),
                                    )
                                    .to_owned()
                                    .into(),
                            ),
                        ),
                    )
                    .and_where(Expr::col(Events::ConversationId).is_not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Events::Table).drop_column(Events::AgentId).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    AgentId,
    ConversationId,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Id,
    AgentId,
}
