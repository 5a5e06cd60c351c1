//! Credentials: agent and customer tokens (JWT, HS256), API keys (stored as SHA-256),
//! agent passwords (argon2), and who a credential belongs to.

use std::path::Path;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use secrecy::SecretString;

use super::{Error, Result};
use crate::db::Store;
use crate::db::entities::{agent, api_key, customer};
use crate::domain::Role;
use crate::wire::AgentSummary;

const ISSUER: &str = "livechat";
const AGENT_AUDIENCE: &str = "livechat:agent";
const CUSTOMER_AUDIENCE: &str = "livechat:customer";
pub const API_KEY_PREFIX: &str = "lc_";
const JWT_SECRET_FILE: &str = "jwt-secret";

/// The agent behind a request, as the database says now.
#[derive(Debug, Clone)]
pub struct AgentCaller {
    pub id: Uuid,
    pub name: String,
    pub role: Role,
}

impl AgentCaller {
    /// The agent as others see them, on its messages and typing.
    pub fn summary(&self) -> AgentSummary {
        AgentSummary { id: self.id, name: self.name.clone() }
    }

    pub fn require_admin(&self) -> Result<()> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Agent | Role::Supervisor => Err(Error::AdminRequired),
        }
    }
}

/// Whoever makes a request.
#[derive(Debug, Clone)]
pub enum Caller {
    Agent(AgentCaller),
    Customer { customer_id: Uuid },
    Platform { api_key_id: Uuid },
}

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: Uuid,
    aud: String,
    iss: String,
    iat: i64,
    exp: i64,
    /// Unique per token, so that two tokens issued in the same second differ.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    jti: Option<Uuid>,
}

/// Signs and checks agent and customer tokens.
pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
    agent_ttl: Duration,
    customer_ttl: Duration,
    leeway_secs: u64,
}

/// A signed token and when it stops working.
#[derive(Clone)]
pub struct IssuedToken {
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// The token is a credential: it prints as redacted.
impl std::fmt::Debug for IssuedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedToken").field("token", &"[redacted]").field("expires_at", &self.expires_at).finish()
    }
}

impl Tokens {
    /// Tokens signed with `secret`, valid for the given times; they are accepted up to
    /// `leeway_secs` past their expiry.
    pub fn new(
        secret: &[u8],
        agent_ttl: std::time::Duration,
        customer_ttl: std::time::Duration,
        leeway: std::time::Duration,
    ) -> Self {
        const TEN_YEARS: u64 = 10 * 366 * 24 * 3600;
        let seconds = |ttl: std::time::Duration| {
            Duration::seconds(i64::try_from(ttl.as_secs().min(TEN_YEARS)).unwrap_or_default())
        };
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            agent_ttl: seconds(agent_ttl),
            customer_ttl: seconds(customer_ttl),
            leeway_secs: leeway.as_secs(),
        }
    }

    /// The configured secret, or the one kept in the data directory (made on first use).
    pub fn load_or_create_secret(configured: Option<&SecretString>, data_dir: &Path) -> std::io::Result<SecretString> {
        if let Some(secret) = configured {
            return Ok(secret.clone());
        }
        let path = data_dir.join(JWT_SECRET_FILE);
        match std::fs::read_to_string(&path) {
            Ok(secret) if !secret.trim().is_empty() => return Ok(SecretString::from(secret.trim())),
            Ok(_) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
        std::fs::create_dir_all(data_dir)?;
        let secret = random_token(48);
        write_private(&path, &secret)?;
        tracing::info!(path = %path.display(), "generated a JWT secret");
        Ok(SecretString::from(secret))
    }

    pub fn issue_agent(&self, agent_id: Uuid) -> Result<IssuedToken> {
        self.issue(agent_id, AGENT_AUDIENCE, self.agent_ttl)
    }

    pub fn issue_customer(&self, customer_id: Uuid) -> Result<IssuedToken> {
        self.issue(customer_id, CUSTOMER_AUDIENCE, self.customer_ttl)
    }

    fn issue(&self, subject: Uuid, audience: &str, ttl: Duration) -> Result<IssuedToken> {
        let now = Utc::now();
        let expires_at = now + ttl;
        let claims = Claims {
            sub: subject,
            aud: audience.into(),
            iss: ISSUER.into(),
            iat: now.timestamp(),
            exp: expires_at.timestamp(),
            jti: Some(Uuid::new_v4()),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|error| Error::Internal(format!("signing a token failed: {error}")))?;
        Ok(IssuedToken { token, expires_at })
    }

    fn subject(&self, token: &str, audience: &str) -> Result<Uuid> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[audience]);
        validation.set_issuer(&[ISSUER]);
        validation.leeway = self.leeway_secs;
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map(|data| data.claims.sub)
            .map_err(|_| Error::Unauthorized("the token is invalid, expired or not meant for this operation"))
    }

    /// The agent a token belongs to, if that agent is still active.
    pub async fn agent(&self, store: &Store, token: &str) -> Result<AgentCaller> {
        let id = self.subject(token, AGENT_AUDIENCE)?;
        let agent = agent::Entity::find_by_id(id)
            .one(store.db())
            .await?
            .filter(|agent| agent.active)
            .ok_or(Error::Unauthorized("the agent does not exist or was deactivated"))?;
        Ok(AgentCaller { id: agent.id, name: agent.name, role: agent.role })
    }

    /// The customer a customer token belongs to.
    pub async fn customer(&self, store: &Store, token: &str) -> Result<Uuid> {
        let id = self.subject(token, CUSTOMER_AUDIENCE)?;
        customer::Entity::find_by_id(id)
            .one(store.db())
            .await?
            .filter(|customer| !customer.external_id.starts_with(crate::domain::ERASED_PREFIX))
            .map(|customer| customer.id)
            .ok_or(Error::Unauthorized("the customer of this token no longer exists"))
    }
}

/// The bot platform's API key behind a request, if it exists and is not revoked.
pub async fn platform(store: &Store, key: &str) -> Result<Caller> {
    let unauthorized = Error::Unauthorized("the API key is unknown or revoked");
    if !key.starts_with(API_KEY_PREFIX) {
        return Err(unauthorized);
    }
    let found = api_key::Entity::find()
        .filter(api_key::Column::KeyHash.eq(hash_api_key(key)))
        .filter(api_key::Column::RevokedAt.is_null())
        .one(store.db())
        .await?;
    found.map(|key| Caller::Platform { api_key_id: key.id }).ok_or(unauthorized)
}

/// A new API key: the secret shown once, and what is stored of it.
pub fn new_api_key() -> (String, String) {
    let key = format!("{API_KEY_PREFIX}{}", random_token(32));
    let hash = hash_api_key(&key);
    (key, hash)
}

/// API keys are long random strings, so a fast hash is enough to make a stolen table useless.
pub fn hash_api_key(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

pub fn hash_password(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|error| Error::Internal(format!("salt: {error}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| Error::Internal(format!("hashing a password failed: {error}")))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// URL-safe random text from `bytes` random bytes.
pub fn random_token(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buffer);
    URL_SAFE_NO_PAD.encode(buffer)
}

fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(content.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_hash() {
        let hash = hash_password("correct horse").unwrap_or_default();
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert!(!verify_password("correct horse", "not a hash"));
    }

    #[test]
    fn api_keys_carry_the_prefix_and_are_stored_hashed() {
        let (key, hash) = new_api_key();
        assert!(key.starts_with(API_KEY_PREFIX));
        assert_eq!(hash, hash_api_key(&key));
        assert!(!hash.contains(&key));
    }

    const MINUTE: std::time::Duration = std::time::Duration::from_secs(60);

    #[test]
    fn a_token_of_one_kind_does_not_pass_as_another() {
        let tokens = Tokens::new(b"secret", MINUTE, MINUTE, std::time::Duration::ZERO);
        let id = Uuid::new_v4();
        let agent = tokens.issue_agent(id).map(|t| t.token).unwrap_or_default();
        assert_eq!(tokens.subject(&agent, AGENT_AUDIENCE).ok(), Some(id));
        assert!(tokens.subject(&agent, CUSTOMER_AUDIENCE).is_err());
        let other = Tokens::new(b"other", MINUTE, MINUTE, std::time::Duration::ZERO);
        assert!(other.subject(&agent, AGENT_AUDIENCE).is_err());
    }
}
