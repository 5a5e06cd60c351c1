//! The database handle and write transactions.
//!
//! Writes are serialised: on SQLite by a process-wide lock (SQLite has one writer
//! anyway, and waiting here beats `SQLITE_BUSY`), on PostgreSQL by a transaction-scoped
//! advisory lock shared by every server process. Event ids are therefore committed in
//! the order they were allocated, which is what makes resuming a stream correct.

use std::ops::Deref;
use std::sync::Arc;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    TransactionTrait,
};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard};

use crate::events::hub::EVENTS_CHANNEL;

/// Key of the PostgreSQL advisory lock that orders writes.
const WRITE_LOCK_KEY: i64 = 0x6c69_7665_6368_6174;

#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    sqlite_writer: Option<Arc<Mutex<()>>>,
    committed: Arc<Notify>,
}

/// A transaction holding the write lock until it commits or is dropped.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    sqlite_guard: Option<OwnedMutexGuard<()>>,
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
        if self.sqlite_guard.is_none() {
            self.txn.execute_unprepared(&format!("NOTIFY {EVENTS_CHANNEL}")).await?;
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
        Ok(Self { db, sqlite_writer: sqlite.then(|| Arc::new(Mutex::new(()))), committed })
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    /// Starts a write transaction; writes of all processes take turns.
    pub async fn write(&self) -> Result<WriteTxn, DbErr> {
        let guard = match &self.sqlite_writer {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        };
        let txn = self.db.begin().await?;
        if guard.is_none() {
            txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")).await?;
        }
        Ok(WriteTxn { txn, sqlite_guard: guard, committed: self.committed.clone() })
    }

    /// On SQLite, the writer lock for a single statement written outside a
    /// transaction (every SQLite write must hold it, or writers collide with
    /// `SQLITE_BUSY`); nothing on PostgreSQL.
    pub async fn sqlite_write_lock(&self) -> Option<OwnedMutexGuard<()>> {
        match &self.sqlite_writer {
            Some(lock) => Some(lock.clone().lock_owned().await),
            None => None,
        }
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.db.ping().await
    }
}
