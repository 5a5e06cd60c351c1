//! Storage: the connection, migrations, write transactions and the entities. Everything
//! above reaches the database through here.
//!
//! Writes are serialised. On PostgreSQL a transaction-scoped advisory lock orders them
//! across processes; at most a few writers per process queue for it, so queued writers
//! never hold the pooled connections that readers and the log tailer need. On SQLite,
//! which has one writer anyway, one writer at a time per process (no `SQLITE_BUSY`). Event ids are therefore committed in
//! the order they were allocated, which is what makes resuming a stream correct.

use std::ops::Deref;
use std::sync::Arc;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    TransactionTrait,
};
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore};

pub mod entities;
mod enums;

/// PostgreSQL channel notified when a write transaction commits, so that other processes
/// read the event log.
pub const COMMIT_CHANNEL: &str = "livechat_events";

/// Key of the PostgreSQL advisory lock that orders writes.
const WRITE_LOCK_KEY: i64 = 0x6c69_7665_6368_6174;
/// Writers of one process that may hold a connection while waiting for the advisory lock.
const POSTGRES_QUEUED_WRITERS: usize = 4;

#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    writers: Arc<Semaphore>,
    sqlite: bool,
    committed: Arc<Notify>,
}

/// A transaction holding the write lock until it commits or is dropped.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _writer: OwnedSemaphorePermit,
    postgres: bool,
    committed: Arc<Notify>,
}

impl Deref for WriteTxn {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &Self::Target {
        &self.txn
    }
}

impl WriteTxn {
    /// Commits and wakes the streams: this process's directly, other processes' by a
    /// `NOTIFY` that PostgreSQL delivers only if the transaction commits.
    pub async fn commit(self) -> Result<(), DbErr> {
        if self.postgres {
            self.txn.execute_unprepared(&format!("NOTIFY {COMMIT_CHANNEL}")).await?;
        }
        self.txn.commit().await?;
        self.committed.notify_one();
        Ok(())
    }
}

impl Store {
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str, max_connections: u32, committed: Arc<Notify>) -> Result<Self, DbErr> {
        let mut options = ConnectOptions::new(url.to_owned());
        options.max_connections(max_connections).sqlx_logging(false);
        let db = Database::connect(options).await?;
        let sqlite = db.get_database_backend() == DbBackend::Sqlite;
        if sqlite {
            db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
        }
        Migrator::up(&db, None).await?;
        let writers = Arc::new(Semaphore::new(if sqlite { 1 } else { POSTGRES_QUEUED_WRITERS }));
        Ok(Self { db, writers, sqlite, committed })
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    /// Starts a write transaction; writes of all processes take turns.
    pub async fn write(&self) -> Result<WriteTxn, DbErr> {
        let writer = self.writers.clone().acquire_owned().await.map_err(|_| DbErr::Custom("store closed".into()))?;
        let txn = self.db.begin().await?;
        if !self.sqlite {
            txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")).await?;
        }
        Ok(WriteTxn { txn, _writer: writer, postgres: !self.sqlite, committed: self.committed.clone() })
    }

    /// On SQLite, the writer lock for a single statement written outside a
    /// transaction (every SQLite write must hold it, or writers collide with
    /// `SQLITE_BUSY`); nothing on PostgreSQL.
    pub async fn sqlite_write_lock(&self) -> Option<OwnedSemaphorePermit> {
        match self.sqlite {
            true => self.writers.clone().acquire_owned().await.ok(),
            false => None,
        }
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.db.ping().await
    }
}
