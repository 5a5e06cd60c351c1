//! Idempotency keys: a request that carries one is answered once; a retry with the same
//! key and the same request gets the first answer again, whatever happened in between
//! (a lost response, a server restart). Keys belong to the caller (an API key, an agent
//! or a customer) and are kept for a set time. The kept answers are encrypted: some
//! carry secrets (a new API key, a customer token).

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use chrono::{DateTime, SubsecRound, Utc};
use hmac::{Hmac, Mac};
use sea_orm::sea_query::LockType;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use super::{Caller, Result, Services, auth};
use crate::db::Store;
use crate::db::entities::idempotency_key;
use crate::domain::chrono_duration;

/// A first request still under way after this long is taken to have died with its
/// process; a retry then runs it again.
pub const ABANDONED_AFTER: Duration = Duration::from_secs(60);

/// The first answer to a request, as kept for its retries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// [`Keys::complete`] or [`Keys::release`] with this claim's start.
    Run { started_at: DateTime<Utc> },
    /// The key has an answer: send it again.
    Replay(Answer),
    /// The key was used for another request.
    OtherRequest,
    /// The first request with the key is still under way.
    InProgress,
}

/// The idempotency keys, kept `ttl` each, their answers sealed with a key derived from
/// the server's secret.
#[derive(Clone)]
pub struct Keys {
    ttl: Duration,
    cipher: ChaCha20Poly1305,
}

impl Keys {
    pub fn new(ttl: Duration, server_secret: &[u8]) -> Self {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(server_secret).expect("HMAC takes keys of any length");
        mac.update(b"livechat idempotency answers");
        let key: [u8; 32] = mac.finalize().into_bytes().into();
        Self { ttl, cipher: ChaCha20Poly1305::new(&Key::from(key)) }
    }

    /// Whose keys a bearer credential uses: its API key, agent or customer; none for a
    /// credential the server does not accept (the operation answers 401 then).
    pub async fn owner(&self, services: &Services, credential: &str) -> Option<String> {
        let store = &services.store;
        if credential.starts_with(auth::API_KEY_PREFIX) {
            return match auth::platform(store, credential).await {
                Ok(Caller::Platform { api_key_id }) => Some(format!("key:{api_key_id}")),
                _ => None,
            };
        }
        if let Ok(agent) = services.tokens.agent(store, credential).await {
            return Some(format!("agent:{}", agent.id));
        }
        services.tokens.customer(store, credential).await.ok().map(|customer| format!("customer:{customer}"))
    }

    /// Claims `key` of `owner` for the request whose digest is `fingerprint`.
    pub async fn claim(&self, store: &Store, owner: &str, key: &str, fingerprint: &str) -> Result<Claim> {
        // Stored to the microsecond, so that it compares equal when read back.
        let now = Utc::now().trunc_subsecs(6);
        let row = idempotency_key::ActiveModel {
            scope: Set(owner.to_owned()),
            key: Set(key.to_owned()),
            fingerprint: Set(fingerprint.to_owned()),
            status: Set(None),
            body: Set(None),
            started_at: Set(now),
            expires_at: Set(now + chrono_duration(self.ttl)),
        };
        let txn = store.write().await?;
        // Locked when the key is kept already (expired, or its first request died): a
        // retry at the same time waits, then finds this claim.
        let existing = idempotency_key::Entity::find_by_id((owner.to_owned(), key.to_owned()))
            .lock(LockType::NoKeyUpdate)
            .one(&*txn)
            .await?;
        let claim = match existing {
            Some(kept) if kept.expires_at > now && kept.fingerprint != fingerprint => Claim::OtherRequest,
            Some(kept) if kept.expires_at > now && kept.status.is_some() => Claim::Replay(self.open(&kept)?),
            Some(kept) if kept.expires_at > now && !abandoned(&kept, now) => Claim::InProgress,
            None => {
                // New: this request takes it, unless another one inserted it meanwhile (on
                // PostgreSQL the insert waits for that one's commit, then finds it there).
                let keep_first = OnConflict::columns([idempotency_key::Column::Scope, idempotency_key::Column::Key])
                    .do_nothing()
                    .to_owned();
                let inserted =
                    idempotency_key::Entity::insert(row).on_conflict(keep_first).exec_without_returning(&*txn).await?;
                if inserted == 0 { Claim::InProgress } else { Claim::Run { started_at: now } }
            }
            Some(_) => {
                // Expired, or abandoned by a process that died: this request takes it.
                let take = OnConflict::columns([idempotency_key::Column::Scope, idempotency_key::Column::Key])
                    .update_columns([
                        idempotency_key::Column::Fingerprint,
                        idempotency_key::Column::Status,
                        idempotency_key::Column::Body,
                        idempotency_key::Column::StartedAt,
                        idempotency_key::Column::ExpiresAt,
                    ])
                    .to_owned();
                idempotency_key::Entity::insert(row).on_conflict(take).exec_without_returning(&*txn).await?;
                Claim::Run { started_at: now }
            }
        };
        txn.commit().await?;
        Ok(claim)
    }

    /// Keeps the first answer of the request that claimed `key` at `started_at` (unless
    /// another request has taken the key over since).
    pub async fn complete(
        &self,
        store: &Store,
        owner: &str,
        key: &str,
        started_at: DateTime<Utc>,
        answer: &Answer,
    ) -> Result<()> {
        let sealed = self.seal(answer)?;
        let txn = store.write().await?;
        idempotency_key::Entity::update_many()
            .col_expr(idempotency_key::Column::Status, i16::try_from(answer.status).unwrap_or(500).into())
            .col_expr(idempotency_key::Column::Body, sealed.into())
            .filter(idempotency_key::Column::Scope.eq(owner))
            .filter(idempotency_key::Column::Key.eq(key))
            .filter(idempotency_key::Column::StartedAt.eq(started_at))
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Frees `key` after an answer worth retrying (a server error, an overload): the next
    /// request with it runs again.
    pub async fn release(&self, store: &Store, owner: &str, key: &str, started_at: DateTime<Utc>) -> Result<()> {
        let txn = store.write().await?;
        idempotency_key::Entity::delete_many()
            .filter(idempotency_key::Column::Scope.eq(owner))
            .filter(idempotency_key::Column::Key.eq(key))
            .filter(idempotency_key::Column::StartedAt.eq(started_at))
            .filter(idempotency_key::Column::Status.is_null())
            .exec(&*txn)
            .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The answer as stored: a random nonce and the encrypted JSON, in base64.
    fn seal(&self, answer: &Answer) -> Result<String> {
        let plain = serde_json::to_vec(answer).map_err(|error| super::Error::Internal(format!("answer: {error}")))?;
        let mut nonce = [0u8; 12];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut nonce);
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), plain.as_slice())
            .map_err(|_| super::Error::Internal("sealing an idempotent answer failed".into()))?;
        Ok(STANDARD.encode([nonce.as_slice(), sealed.as_slice()].concat()))
    }

    fn open(&self, kept: &idempotency_key::Model) -> Result<Answer> {
        let broken =
            || super::Error::Internal("a kept idempotent answer cannot be read (was the secret changed?)".into());
        let bytes = STANDARD.decode(kept.body.as_deref().unwrap_or_default()).map_err(|_| broken())?;
        if bytes.len() < 12 {
            return Err(broken());
        }
        let (nonce, sealed) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| broken())?;
        let plain = self.cipher.decrypt(&Nonce::from(nonce), sealed).map_err(|_| broken())?;
        serde_json::from_slice(&plain).map_err(|_| broken())
    }
}

fn abandoned(kept: &idempotency_key::Model, now: DateTime<Utc>) -> bool {
    kept.started_at + chrono_duration(ABANDONED_AFTER) <= now
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
