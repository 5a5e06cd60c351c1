//! Idempotency keys: a request that carries one is answered once; a retry with the same
//! key and the same request gets the first answer again, whatever happened in between
//! (a lost response, a server restart). Keys are per credential and kept for a set time.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};

use super::Result;
use crate::db::Store;
use crate::db::entities::idempotency_key;
use crate::domain::chrono_duration;

/// A first request still under way after this long is taken to have died with its
/// process; a retry then runs it again.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(60);

/// The first answer to a request, as kept for its retries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// The headers that say what the answer is (`content-type`, `location`).
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// What to do with a request that carries a key.
#[derive(Debug)]
pub enum Claim {
    /// The key is new (or expired, or its first request died): run the request, then
    /// [`complete`] or [`release`] the key.
    Run,
    /// The key has an answer: send it again.
    Replay(Answer),
    /// The key was used for another request.
    OtherRequest,
    /// The first request with the key is still under way.
    InProgress,
}

/// The idempotency keys of a store, kept `ttl` each.
#[derive(Clone)]
pub struct Keys {
    store: Store,
    ttl: Duration,
}

impl Keys {
    pub fn new(services: &super::Services, ttl: Duration) -> Self {
        Self { store: services.store.clone(), ttl }
    }

    /// Claims `key` of `scope` for the request whose digest is `fingerprint`.
    pub async fn claim(&self, scope: &str, key: &str, fingerprint: &str) -> Result<Claim> {
        claim(&self.store, scope, key, fingerprint, self.ttl).await
    }

    /// Keeps the first answer of the request that claimed `key`.
    pub async fn complete(&self, scope: &str, key: &str, answer: &Answer) -> Result<()> {
        complete(&self.store, scope, key, answer).await
    }

    /// Frees `key` after an answer worth retrying.
    pub async fn release(&self, scope: &str, key: &str) -> Result<()> {
        release(&self.store, scope, key).await
    }
}

async fn claim(store: &Store, scope: &str, key: &str, fingerprint: &str, ttl: Duration) -> Result<Claim> {
    let now = Utc::now();
    let row = idempotency_key::ActiveModel {
        scope: Set(scope.to_owned()),
        key: Set(key.to_owned()),
        fingerprint: Set(fingerprint.to_owned()),
        status: Set(None),
        headers: Set(None),
        body: Set(None),
        started_at: Set(now),
        expires_at: Set(now + chrono_duration(ttl)),
    };
    let txn = store.write().await?;
    let existing = idempotency_key::Entity::find_by_id((scope.to_owned(), key.to_owned())).one(&*txn).await?;
    let claim = match existing {
        Some(kept) if kept.expires_at > now && kept.fingerprint != fingerprint => Claim::OtherRequest,
        Some(kept) if kept.expires_at > now && kept.status.is_some() => Claim::Replay(answer_of(kept)),
        Some(kept) if kept.expires_at > now && !abandoned(&kept, now) => Claim::InProgress,
        _ => {
            // New, expired, or abandoned by a process that died: this request takes it.
            let take = OnConflict::columns([idempotency_key::Column::Scope, idempotency_key::Column::Key])
                .update_columns([
                    idempotency_key::Column::Fingerprint,
                    idempotency_key::Column::Status,
                    idempotency_key::Column::Headers,
                    idempotency_key::Column::Body,
                    idempotency_key::Column::StartedAt,
                    idempotency_key::Column::ExpiresAt,
                ])
                .to_owned();
            idempotency_key::Entity::insert(row).on_conflict(take).exec_without_returning(&*txn).await?;
            Claim::Run
        }
    };
    txn.commit().await?;
    Ok(claim)
}

fn abandoned(kept: &idempotency_key::Model, now: DateTime<Utc>) -> bool {
    kept.started_at + chrono_duration(ABANDONED_AFTER) <= now
}

fn answer_of(kept: idempotency_key::Model) -> Answer {
    let headers = kept
        .headers
        .and_then(|headers| serde_json::from_value::<Vec<(String, String)>>(headers).ok())
        .unwrap_or_default();
    Answer { status: kept.status.unwrap_or(500) as u16, headers, body: kept.body.unwrap_or_default() }
}

async fn complete(store: &Store, scope: &str, key: &str, answer: &Answer) -> Result<()> {
    let txn = store.write().await?;
    idempotency_key::Entity::update_many()
        .col_expr(idempotency_key::Column::Status, (answer.status as i16).into())
        .col_expr(idempotency_key::Column::Headers, serde_json::json!(answer.headers).into())
        .col_expr(idempotency_key::Column::Body, answer.body.clone().into())
        .filter(idempotency_key::Column::Scope.eq(scope))
        .filter(idempotency_key::Column::Key.eq(key))
        .exec(&*txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Frees `key` after an answer worth retrying (a server error, an overload): the next
/// request with it runs again.
async fn release(store: &Store, scope: &str, key: &str) -> Result<()> {
    let txn = store.write().await?;
    idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::Scope.eq(scope))
        .filter(idempotency_key::Column::Key.eq(key))
        .filter(idempotency_key::Column::Status.is_null())
        .exec(&*txn)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Forgets the keys that have expired; housekeeping calls it.
pub async fn purge_expired(store: &Store, now: DateTime<Utc>) -> Result<u64> {
    let txn = store.write().await?;
    let purged = idempotency_key::Entity::delete_many()
        .filter(idempotency_key::Column::ExpiresAt.lte(now))
        .exec(&*txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    Ok(purged)
}
