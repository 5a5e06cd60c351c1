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
use tokio::sync::{Mutex, OwnedMutexGuard};

/// Key of the PostgreSQL advisory lock that orders writes.
const WRITE_LOCK_KEY: i64 = 0x6c69_7665_6368_6174;

#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    sqlite_writer: Option<Arc<Mutex<()>>>,
}

/// A transaction holding the write lock until it commits or is dropped.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _guard: Option<OwnedMutexGuard<()>>,
}

impl Deref for WriteTxn {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &Self::Target {
        &self.txn
    }
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }
}

impl Store {
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self, DbErr> {
        let mut options = ConnectOptions::new(url.to_owned());
        options.max_connections(max_connections).sqlx_logging(false);
        let db = Database::connect(options).await?;
        let sqlite = db.get_database_backend() == DbBackend::Sqlite;
        if sqlite {
            db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
        }
        Migrator::up(&db, None).await?;
        Ok(Self { db, sqlite_writer: sqlite.then(|| Arc::new(Mutex::new(()))) })
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
        Ok(WriteTxn { txn, _guard: guard })
    }

    /// Checks the database answers.
    pub async fn ping(&self) -> Result<(), DbErr> {
        self.db.ping().await
    }
}
