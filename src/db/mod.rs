//! Storage: the connection, migrations, write transactions and the entities. Everything
//! above reaches the database through here.
//!
//! On SQLite, which has one writer anyway, writes are serialised and grouped: the
//! process runs one write batch at a time, a transaction in which each writer takes its
//! turn inside a savepoint. A writer that arrives while a batch runs joins it; the batch
//! commits when nobody is waiting for a turn (or it holds [`MAX_BATCH`] writers), and
//! every writer's `commit` returns once its batch has committed. So a busy server pays
//! one commit per batch instead of per write, and a writer that fails rolls back its
//! savepoint alone. Event ids commit in the order they were allocated.
//!
//! On PostgreSQL every writer has a transaction of its own, and the writers of every
//! process run side by side: what two of them must not both do is decided by row locks
//! and conditional updates, not by a lock of the whole cluster. Event ids may then
//! commit out of order; the event tailer reads only below a horizon that no
//! transaction still running can write under (see `events::hub`). For that, a write
//! transaction is given its transaction id before it allocates any event id.

use std::ops::Deref;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    TransactionTrait,
};
use tokio::sync::{Mutex, Notify, OwnedMutexGuard};

pub mod entities;
mod enums;

/// PostgreSQL channel notified after writes commit, so that other processes read the
/// event log.
pub const COMMIT_CHANNEL: &str = "livechat_events";

/// Key of the PostgreSQL advisory lock held while migrating, so that processes starting
/// together on one database migrate one after the other.
const MIGRATION_LOCK_KEY: i64 = 0x6c69_7665_6368_6175;
/// Writers in one batch at the most, so that a steady stream of writers still commits.
pub const MAX_BATCH: usize = 64;
/// Rows one multi-row statement writes at the most, so that a statement's parameters
/// stay within a few hundred and its message within a few segments. (The PostgreSQL
/// driver must send with Nagle's algorithm off: sqlx 0.9.0 did not, and any statement
/// whose message left in two writes waited for the server's delayed ACK, 40 ms on
/// Linux; writing a batch's conversations back took 47 ms at p50 under load. The lock
/// file holds 0.9.1, which turns it off again.)
pub const ROWS_PER_STATEMENT: usize = 32;

/// The writes this process has committed: counted, and announced to whoever follows
/// the log (the tailer) and to whoever tells the other processes (the listener).
#[derive(Debug, Default)]
pub struct Commits {
    count: AtomicU64,
    wake: Notify,
    announce: Notify,
}

impl Commits {
    /// How many batches have committed so far.
    pub fn count(&self) -> u64 {
        self.count.load(Ordering::Acquire)
    }

    /// Returns after the next commit (at once if one came since the last call).
    pub async fn next(&self) {
        self.wake.notified().await;
    }

    /// Returns after the next commit, for the one who tells the other processes.
    pub async fn next_to_announce(&self) {
        self.announce.notified().await;
    }

    fn committed(&self) {
        self.count.fetch_add(1, Ordering::AcqRel);
        self.wake.notify_one();
        self.announce.notify_one();
    }
}

/// Whether `error` says the write met other work rather than a fault: a deadlock, a
/// serialization failure or a lock not granted in time on PostgreSQL, a busy or locked
/// database on SQLite, or no pooled connection free in time. The transaction was rolled
/// back whole; the same request may simply be tried again.
pub fn contended(error: &DbErr) -> bool {
    use sea_orm::{ConnAcquireErr, RuntimeErr, sqlx};
    match error {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout) => true,
        DbErr::Exec(RuntimeErr::SqlxError(error)) | DbErr::Query(RuntimeErr::SqlxError(error)) => {
            let sqlx::Error::Database(error) = &**error else { return false };
            // PostgreSQL's SQLSTATEs, SQLite's primary and extended result codes.
            const CONTENDED: &[&str] = &["40P01", "40001", "55P03", "5", "6", "261", "517", "262"];
            error.code().is_some_and(|code| CONTENDED.contains(&code.as_ref()))
        }
        _ => false,
    }
}

/// How long readiness waits for the database to answer.
const PING_TIMEOUT: Duration = Duration::from_secs(2);
/// How long a request waits for a pooled connection.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Clone)]
pub struct Store {
    db: DatabaseConnection,
    sqlite: bool,
    /// PostgreSQL: what a write transaction runs first: its lock timeout, and taking its
    /// transaction id.
    write_prelude: Arc<str>,
    /// The turn to write: whoever holds it may use the open batch.
    turn: Arc<Mutex<Batch>>,
    /// Writers waiting for the turn.
    queued: Arc<AtomicUsize>,
    commits: Arc<Commits>,
}

/// The process's write batch, while one is open.
#[derive(Default)]
struct Batch {
    open: Option<OpenBatch>,
}

struct OpenBatch {
    txn: DatabaseTransaction,
    /// Writers whose savepoint is released and who wait for the commit.
    members: usize,
    outcome: Arc<Outcome>,
}

/// How a batch ended, for the writers waiting on it.
#[derive(Default)]
struct Outcome {
    result: OnceLock<Result<(), String>>,
    settled: Notify,
}

impl Outcome {
    fn settle(&self, result: Result<(), String>) {
        let _ = self.result.set(result);
        self.settled.notify_waiters();
    }

    fn get(&self) -> Option<Result<(), DbErr>> {
        self.result.get().map(|result| result.clone().map_err(DbErr::Custom))
    }
}

/// One writer's transaction: on SQLite its turn, a savepoint in the open batch, held
/// until `commit` or drop; on PostgreSQL a transaction of its own.
pub struct WriteTxn {
    savepoint: Option<DatabaseTransaction>,
    turn: Option<OwnedMutexGuard<Batch>>,
    /// PostgreSQL: the writer's own transaction (`savepoint` and `turn` are `None`).
    own: Option<DatabaseTransaction>,
    store: Store,
}

impl Deref for WriteTxn {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &Self::Target {
        self.own.as_ref().or(self.savepoint.as_ref()).expect("a write transaction holds its transaction until it ends")
    }
}

impl WriteTxn {
    /// Keeps this writer's changes and returns once they have committed. Streams are
    /// woken then: this process's directly, other processes' by the listener's
    /// `NOTIFY`, sent after the commit (a `NOTIFY` inside the transaction would take
    /// PostgreSQL's lock of the notification queue until it commits, which orders every
    /// notifying transaction of the database one after the other).
    pub async fn commit(mut self) -> Result<(), DbErr> {
        if let Some(own) = self.own.take() {
            own.commit().await?;
            self.store.commits.committed();
            return Ok(());
        }
        let savepoint = self.savepoint.take().ok_or_else(|| DbErr::Custom("the savepoint vanished".into()))?;
        savepoint.commit().await?;
        let mut turn = self.turn.take().ok_or_else(|| DbErr::Custom("the write turn vanished".into()))?;
        let store = self.store.clone();
        let outcome = {
            let open = turn.open.as_mut().ok_or_else(|| DbErr::Custom("the write batch vanished".into()))?;
            open.members += 1;
            let outcome = open.outcome.clone();
            if store.queued.load(Ordering::Acquire) == 0 || open.members >= MAX_BATCH {
                store.finish(&mut turn).await;
            }
            outcome
        };
        drop(turn);
        loop {
            let settled = outcome.settled.notified();
            if let Some(result) = outcome.get() {
                return result;
            }
            // Whoever waits may commit the batch once the writers queued ahead are done.
            tokio::select! {
                () = settled => {}
                mut turn = store.turn.clone().lock_owned() => {
                    let still_open = turn.open.as_ref().is_some_and(|open| Arc::ptr_eq(&open.outcome, &outcome));
                    if still_open {
                        store.finish(&mut turn).await;
                    }
                }
            }
        }
    }
}

impl Drop for WriteTxn {
    /// A writer that ends without committing rolls its savepoint back; a batch nobody
    /// waits on is dropped too (rolled back when its connection returns to the pool).
    fn drop(&mut self) {
        drop(self.own.take());
        drop(self.savepoint.take());
        if let Some(turn) = self.turn.as_mut()
            && turn.open.as_ref().is_some_and(|open| open.members == 0)
        {
            turn.open = None;
        }
    }
}

/// Brings the schema up to date; on PostgreSQL under a session lock of its own
/// connection, so that a process starting beside another waits for its migrations and
/// then finds nothing left to do.
async fn migrate(db: &DatabaseConnection, url: &str) -> Result<(), DbErr> {
    use sea_orm::sqlx::Connection;
    use sea_orm::sqlx::postgres::PgConnection;
    if db.get_database_backend() != DbBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let lock_failed = |error: sea_orm::sqlx::Error| DbErr::Custom(format!("taking the migration lock failed: {error}"));
    let mut lock = PgConnection::connect(url).await.map_err(lock_failed)?;
    sea_orm::sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(MIGRATION_LOCK_KEY)
        .execute(&mut lock)
        .await
        .map_err(lock_failed)?;
    let migrated = Migrator::up(db, None).await;
    // Ending the session releases the lock.
    if let Err(error) = lock.close().await {
        tracing::warn!(%error, "closing the migration lock's connection failed");
    }
    migrated
}

impl Store {
    /// Connects and brings the schema up to date. A write waits at most `lock_timeout`
    /// for a lock another transaction holds (a row on PostgreSQL, the database on
    /// SQLite); then it fails as [`contended`].
    pub async fn connect(
        url: &str,
        max_connections: u32,
        lock_timeout: Duration,
        commits: Arc<Commits>,
    ) -> Result<Self, DbErr> {
        use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
        let mut options = ConnectOptions::new(url.to_owned());
        // A request waits at most this long for a connection (the default is 30 s): while
        // the database is away, requests fail in seconds rather than pile up.
        options.max_connections(max_connections).acquire_timeout(ACQUIRE_TIMEOUT).sqlx_logging(false);
        // WAL with `synchronous=NORMAL`: a commit is written to the log before it returns,
        // so it survives the process being killed; only a crash of the machine itself
        // can lose the last commits. Readers never wait for the writer.
        options.map_sqlx_sqlite_opts(move |sqlite| {
            sqlite
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(lock_timeout)
        });
        let db = Database::connect(options).await?;
        let sqlite = db.get_database_backend() == DbBackend::Sqlite;
        migrate(&db, url).await?;
        let turn = Arc::new(Mutex::new(Batch::default()));
        let write_prelude =
            format!("SET LOCAL lock_timeout = {}; SELECT pg_current_xact_id()", lock_timeout.as_millis().max(1)).into();
        Ok(Self { db, sqlite, write_prelude, turn, queued: Arc::new(AtomicUsize::new(0)), commits })
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.db
    }

    pub fn backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }

    /// Begins a write: on SQLite takes this writer's turn in the process's write batch
    /// (opening one if none is open; writers take turns in the order they asked), on
    /// PostgreSQL a transaction of its own, given its transaction id at once.
    pub async fn write(&self) -> Result<WriteTxn, DbErr> {
        if !self.sqlite {
            let own = self.db.begin().await?;
            // One round trip: both statements go in one simple query.
            own.execute_unprepared(&self.write_prelude).await?;
            return Ok(WriteTxn { savepoint: None, turn: None, own: Some(own), store: self.clone() });
        }
        self.queued.fetch_add(1, Ordering::AcqRel);
        let mut turn = self.turn.clone().lock_owned().await;
        self.queued.fetch_sub(1, Ordering::AcqRel);
        if turn.open.is_none() {
            let txn = self.db.begin().await?;
            turn.open = Some(OpenBatch { txn, members: 0, outcome: Arc::default() });
        }
        let open = turn.open.as_ref().ok_or_else(|| DbErr::Custom("the write batch vanished".into()))?;
        let savepoint = match open.txn.begin().await {
            Ok(savepoint) => savepoint,
            Err(error) => {
                // The batch's connection failed: whoever waits on it learns so.
                self.finish(&mut turn).await;
                return Err(error);
            }
        };
        Ok(WriteTxn { savepoint: Some(savepoint), turn: Some(turn), own: None, store: self.clone() })
    }

    /// Commits the open batch (rolls it back if nobody waits on it) and tells its writers.
    async fn finish(&self, turn: &mut OwnedMutexGuard<Batch>) {
        let Some(open) = turn.open.take() else { return };
        if open.members == 0 {
            drop(open.txn);
            open.outcome.settle(Err("the write batch was abandoned".into()));
            return;
        }
        let result = open.txn.commit().await;
        if result.is_ok() {
            self.commits.committed();
        }
        open.outcome.settle(result.map_err(|error| format!("committing a write batch failed: {error}")));
    }

    /// Checks the database answers.
    /// Checks the database answers, within [`PING_TIMEOUT`]: while it is away, the pool
    /// keeps trying to connect until a request's acquire timeout, far longer than a
    /// readiness probe waits.
    pub async fn ping(&self) -> Result<(), DbErr> {
        match tokio::time::timeout(PING_TIMEOUT, self.db.ping()).await {
            Ok(result) => result,
            Err(_) => Err(DbErr::Custom(format!("the database did not answer within {} s", PING_TIMEOUT.as_secs()))),
        }
    }
}
