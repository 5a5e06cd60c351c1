//! Rate limits and the login backoff that every process of a PostgreSQL deployment
//! shares: one row per bucket (its theoretical arrival time, GCRA) and one per account
//! and address that failed to log in. Unlogged: they are counters, not records, and a
//! crash of the database may forget them. SQLite deployments run one process, which
//! keeps its limits in memory, so the tables exist on PostgreSQL only.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        // `tat`: microseconds since the epoch (the database's clock) at which the
        // bucket is full again.
        db.execute_unprepared("CREATE UNLOGGED TABLE rate_limits (key text PRIMARY KEY, tat bigint NOT NULL)").await?;
        db.execute_unprepared(
            "CREATE UNLOGGED TABLE login_failures (key text PRIMARY KEY, failures integer NOT NULL, last_at bigint NOT NULL)",
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("DROP TABLE login_failures").await?;
        db.execute_unprepared("DROP TABLE rate_limits").await?;
        Ok(())
    }
}
