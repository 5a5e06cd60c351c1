//! Rate limits and the login backoff shared by every process on one PostgreSQL
//! database, so that N processes allow what one does.
//!
//! A bucket is one row holding its theoretical arrival time (GCRA: the moment the
//! bucket is full again, on the database's clock); taking a token is one upsert that
//! moves it on only when the bucket is not empty. A refusal is kept in the process
//! until its wait ends, so a caller hammering a full bucket costs no further database
//! round trips. Failed logins are one row per account and address, keyed by a digest.
//!
//! When the database does not answer, requests pass: they fail on the database anyway,
//! and a limiter that refuses everyone while the database is away would turn an outage
//! of seconds into one of its own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use super::Services;

/// The database's clock in microseconds since the epoch, when the statement began (one
/// clock for every process, read once per statement).
const NOW_US: &str = "(EXTRACT(EPOCH FROM now()) * 1000000)::bigint";
/// Takes between deletions of the buckets that are full again.
const CLEAN_EVERY: u64 = 10_000;
/// Refusals kept in the process at the most.
const MAX_KEPT_REFUSALS: usize = 100_000;

/// The outcome of taking a token from a bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Take {
    /// Taken: `remaining` tokens are left, and the bucket is full again after `reset`.
    Allowed { remaining: u32, reset: Duration },
    /// The bucket is empty for `wait` more.
    Refused { wait: Duration },
}

/// A bucket's size: `per_minute` tokens a minute, `burst` of them at once.
#[derive(Debug, Clone, Copy)]
pub struct Quota {
    pub per_minute: u32,
    pub burst: u32,
}

impl Quota {
    /// Microseconds between two tokens.
    fn interval_us(self) -> i64 {
        60_000_000 / i64::from(self.per_minute.max(1))
    }

    /// How far ahead of now the arrival time may be for a token to be taken.
    fn tolerance_us(self) -> i64 {
        self.interval_us() * i64::from(self.burst.max(1) - 1)
    }
}

/// The limits every process of the cluster shares; only on PostgreSQL.
pub struct Shared {
    db: DatabaseConnection,
    /// Buckets known to be empty, until when.
    refused: Mutex<HashMap<String, Instant>>,
    takes: AtomicU64,
}

impl Shared {
    /// The shared limits of the deployment's database; `None` on SQLite, whose single
    /// process keeps its limits in memory.
    pub fn of(services: &Services) -> Option<Self> {
        let db = services.store.db();
        (db.get_database_backend() == DbBackend::Postgres).then(|| Self {
            db: db.clone(),
            refused: Mutex::default(),
            takes: AtomicU64::new(0),
        })
    }

    /// Takes a token from the bucket `key` of `policy`.
    pub async fn take(&self, policy: &str, key: u128, quota: Quota) -> Take {
        let key = format!("{policy}:{key:032x}");
        if let Some(wait) = self.known_refusal(&key) {
            return Take::Refused { wait };
        }
        self.clean_now_and_then();
        let (interval, tolerance) = (quota.interval_us(), quota.tolerance_us());
        let taken = format!(
            "INSERT INTO rate_limits AS r (key, tat) VALUES ($1, {NOW_US} + $2) \
             ON CONFLICT (key) DO UPDATE SET tat = GREATEST(r.tat, {NOW_US}) + $2 \
             WHERE GREATEST(r.tat, {NOW_US}) - {NOW_US} <= $3 \
             RETURNING r.tat - {NOW_US} AS ahead"
        );
        let values = [key.clone().into(), interval.into(), tolerance.into()];
        let ahead = match self.ahead(&taken, values).await {
            Ok(Some(ahead)) => ahead,
            Ok(None) => {
                // The bucket is empty: how long until the next token.
                let current = format!("SELECT tat - {NOW_US} AS ahead FROM rate_limits WHERE key = $1");
                let ahead = self.ahead(&current, [key.clone().into()]).await.ok().flatten().unwrap_or(interval);
                let wait = micros((ahead - tolerance).max(1));
                self.keep_refusal(key, wait);
                return Take::Refused { wait };
            }
            Err(error) => {
                tracing::warn!(%error, "the shared rate limit could not be read; the request passes");
                return Take::Allowed { remaining: quota.burst, reset: Duration::ZERO };
            }
        };
        let left = (interval * i64::from(quota.burst) - ahead) / interval;
        Take::Allowed { remaining: u32::try_from(left.max(0)).unwrap_or(0), reset: micros(ahead.max(0)) }
    }

    /// How many logins in a row failed for `key` (an account and address), and how
    /// long ago the last one did; `None` when none did.
    pub async fn login_failures(&self, key: u128) -> Option<(u32, Duration)> {
        let sql = format!("SELECT failures, {NOW_US} - last_at AS ago FROM login_failures WHERE key = $1");
        let statement = Statement::from_sql_and_values(DbBackend::Postgres, sql, [format!("{key:032x}").into()]);
        let row = match self.db.query_one_raw(statement).await {
            Ok(row) => row?,
            Err(error) => {
                tracing::warn!(%error, "the shared login failures could not be read; the login proceeds");
                return None;
            }
        };
        let failures: i32 = row.try_get("", "failures").ok()?;
        let ago: i64 = row.try_get("", "ago").ok()?;
        Some((u32::try_from(failures).unwrap_or(0), micros(ago.max(0))))
    }

    /// Counts a failed login for `key` (restarting the count when the last failure is
    /// older than `memory`), or forgets its failures after a success.
    pub async fn record_login(&self, key: u128, succeeded: bool, memory: Duration) {
        let key = format!("{key:032x}");
        let (sql, values) = if succeeded {
            ("DELETE FROM login_failures WHERE key = $1".to_owned(), vec![key.into()])
        } else {
            let memory = i64::try_from(memory.as_micros()).unwrap_or(i64::MAX);
            let sql = format!(
                "INSERT INTO login_failures AS f (key, failures, last_at) VALUES ($1, 1, {NOW_US}) \
                 ON CONFLICT (key) DO UPDATE SET last_at = {NOW_US}, \
                 failures = CASE WHEN {NOW_US} - f.last_at >= $2 THEN 1 ELSE f.failures + 1 END"
            );
            (sql, vec![key.into(), memory.into()])
        };
        let statement = Statement::from_sql_and_values(DbBackend::Postgres, sql, values);
        if let Err(error) = self.db.execute_raw(statement).await {
            tracing::warn!(%error, "a login's outcome could not be counted in the shared login failures");
        }
    }

    async fn ahead(
        &self,
        sql: &str,
        values: impl IntoIterator<Item = sea_orm::Value>,
    ) -> Result<Option<i64>, sea_orm::DbErr> {
        let statement = Statement::from_sql_and_values(DbBackend::Postgres, sql, values);
        let row = self.db.query_one_raw(statement).await?;
        row.map(|row| row.try_get::<i64>("", "ahead")).transpose()
    }

    fn known_refusal(&self, key: &str) -> Option<Duration> {
        let mut refused = self.refused.lock().unwrap_or_else(PoisonError::into_inner);
        let until = *refused.get(key)?;
        let wait = until.checked_duration_since(Instant::now()).filter(|wait| !wait.is_zero());
        if wait.is_none() {
            refused.remove(key);
        }
        wait
    }

    fn keep_refusal(&self, key: String, wait: Duration) {
        let mut refused = self.refused.lock().unwrap_or_else(PoisonError::into_inner);
        if refused.len() >= MAX_KEPT_REFUSALS {
            let now = Instant::now();
            refused.retain(|_, until| *until > now);
        }
        if refused.len() < MAX_KEPT_REFUSALS {
            refused.insert(key, Instant::now() + wait);
        }
    }

    /// Now and then, deletes the buckets that are full again (a missing row is a full
    /// bucket) and failures nobody remembers, outside the request that triggered it.
    fn clean_now_and_then(&self) {
        if self.takes.fetch_add(1, Ordering::Relaxed) % CLEAN_EVERY != CLEAN_EVERY - 1 {
            return;
        }
        let db = self.db.clone();
        tokio::spawn(async move {
            for sql in [
                format!("DELETE FROM rate_limits WHERE tat < {NOW_US}"),
                format!("DELETE FROM login_failures WHERE last_at < {NOW_US} - 86400000000"),
            ] {
                if let Err(error) = db.execute_unprepared(&sql).await {
                    tracing::warn!(%error, "deleting stale shared rate limits failed");
                }
            }
        });
    }
}

fn micros(us: i64) -> Duration {
    Duration::from_micros(u64::try_from(us).unwrap_or(0))
}
