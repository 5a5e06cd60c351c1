//! Indexes for the presence sweep, so that its cost follows the customers online and
//! the live leases, not every customer ever seen: online customers, and leases by
//! expiry.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create().name("idx_customers_online").table(Customers::Table).col(Customers::Online).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_presence_leases_expiry")
                    .table(PresenceLeases::Table)
                    .col(PresenceLeases::SubjectKind)
                    .col(PresenceLeases::ExpiresAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_presence_leases_expiry").table(PresenceLeases::Table).to_owned())
            .await?;
        manager.drop_index(Index::drop().name("idx_customers_online").table(Customers::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Online,
}

#[derive(DeriveIden)]
enum PresenceLeases {
    Table,
    SubjectKind,
    ExpiresAt,
}
