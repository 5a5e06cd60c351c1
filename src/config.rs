//! Settings: defaults that run as they are, then an optional TOML file
//! (`LIVECHAT_CONFIG`, else `./livechat.toml` when present), then `LIVECHAT_*`
//! environment variables (`DATABASE_URL` is read as well).

use std::path::{Path, PathBuf};
use std::time::Duration;

use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Pretty in a terminal, compact text otherwise.
    #[default]
    Auto,
    Pretty,
    Json,
}

/// How the SMTP connection is secured.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// STARTTLS on a plain connection (port 587).
    #[default]
    Starttls,
    /// TLS from the start (port 465).
    Tls,
    /// No encryption: only for a relay on the same host or a test server.
    None,
}

/// The keys users write, flat, as in `livechat.toml` and the `LIVECHAT_*` variables
/// (`LIVECHAT_HTTP_SEND_TIMEOUT_SECS`, `http_send_timeout_secs = 30`): read, then checked
/// and turned into [`Settings`].
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
struct Keys {
    /// Address the HTTP server listens on.
    bind: String,
    /// Address of the Prometheus metrics (`GET /metrics`), for operators only; none: no
    /// metrics are kept.
    metrics_bind: Option<String>,
    /// Where the embedded database, the generated JWT secret and mail files live.
    data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; defaults to SQLite in `data_dir`.
    database_url: Option<SecretString>,
    /// HMAC secret for agent and customer tokens; generated into `data_dir` when unset.
    jwt_secret: Option<SecretString>,
    agent_token_ttl_secs: u64,
    customer_token_ttl_secs: u64,
    /// Tokens are still accepted this long past their `expires_at`, for clocks that
    /// differ between servers.
    token_leeway_secs: u64,
    /// First admin, created at start-up when no admin exists.
    admin_email: String,
    admin_password: Option<SecretString>,
    log_format: LogFormat,
    /// A `tracing` filter such as `info` or `livechat=debug,info`.
    log_level: String,
    /// Web origins whose pages may call the API (CORS), e.g. `https://shop.example.com`;
    /// `*` allows any. Credentials are bearer tokens, never cookies.
    cors_allowed_origins: Vec<String>,
    /// Largest request body accepted, in bytes.
    max_body_bytes: usize,
    /// Time for a request's headers to arrive, from the connection's start or the end of
    /// the previous response; silent connections and idle keep-alive connections end
    /// after it.
    http_header_read_timeout_secs: u64,
    /// Time for a request's body to arrive once its headers have (408 after it).
    http_body_read_timeout_secs: u64,
    /// A connection whose client reads nothing of what is sent to it this long is closed
    /// (a stream's client then resumes from the log).
    http_send_timeout_secs: u64,
    /// Each connection's send buffer in the kernel, in bytes (0: the system's
    /// autotuning): how much a client that stops reading can leave unread before the
    /// send timeout starts.
    http_send_buffer_bytes: usize,
    /// Open connections per process; more are answered 503 with `Retry-After`. 0: the
    /// open-files limit of the process less 128.
    http_max_connections: usize,
    /// Header fields per request; more are answered 431.
    http_max_headers: usize,
    /// Proxies in front of the server whose `X-Forwarded-For` entries name the client
    /// (0: the peer's address is the client's).
    http_trusted_proxy_hops: usize,
    /// Requests a minute per API key, agent token and customer token (0: no limit).
    rate_limit_api_key_per_min: u32,
    rate_limit_agent_per_min: u32,
    rate_limit_customer_per_min: u32,
    /// Logins a minute per client address (0: no limit).
    rate_limit_login_per_min: u32,
    /// Customer tokens issued a minute per client address (0: no limit).
    rate_limit_token_issue_per_min: u32,
    /// Calls without a credential (a module's availability) a minute per client address
    /// (0: no limit).
    rate_limit_public_per_min: u32,
    database_max_connections: u32,
    /// How long a write waits for a lock another transaction holds before it fails with
    /// 503 (and nothing stored), in milliseconds.
    database_lock_timeout_ms: u64,
    /// An agent whose streams have all been gone this long is set offline.
    agent_presence_grace_secs: u64,
    /// A customer is shown offline this long after their last stream closed.
    customer_presence_grace_secs: u64,
    /// How long events stay in the log for streams to resume from.
    event_retention_hours: u64,
    /// Interval of keep-alive comments on streams.
    stream_keep_alive_secs: u64,
    /// A stream ends with `stream.reconnect` after this long (0: never), so that
    /// clients reconnect with a credential checked again.
    stream_max_secs: u64,
    /// At most one typing indicator per sender and conversation in this interval.
    typing_interval_ms: u64,
    /// SMTP server; without one, mails are written as `.eml` files to `data_dir/mail`.
    smtp_host: Option<String>,
    smtp_port: u16,
    smtp_tls: SmtpTls,
    smtp_username: Option<String>,
    smtp_password: Option<SecretString>,
    /// A CA certificate (PEM) to trust for the SMTP server besides the public roots: for
    /// relays whose certificate comes from a private CA.
    smtp_ca_file: Option<PathBuf>,
    /// Sender of the emails, e.g. `Support <support@example.com>`.
    mail_from: String,
    mail_reply_to: Option<String>,
    /// Link back to the chat in emails; `{conversation_id}` and `{customer_id}` are replaced.
    chat_url_template: String,
    /// Agent replies to an away customer within this window go out in one email.
    reply_notification_window_secs: u64,
    /// Deliveries are retried (with doubling waits from the first retry) this long.
    outbox_give_up_secs: u64,
    outbox_first_retry_ms: u64,
    webhook_timeout_secs: u64,
    /// Deliveries under way at once: webhook endpoints and customers' emails each send
    /// one at a time, in order, side by side with the others.
    outbox_max_in_flight: usize,
    /// A delivery under way is left alone by other workers this long; if its process
    /// died before marking it, it is sent again (with the same id) after it. Webhook
    /// attempts are cut at half of it.
    outbox_lease_secs: u64,
    /// A webhook endpoint that keeps failing this long is disabled.
    webhook_disable_after_secs: u64,
    /// Active chats an agent takes at most when neither the agent nor the module sets a
    /// limit; none: no limit.
    agent_max_active_chats: Option<u32>,
    /// The first answer to a request with an `Idempotency-Key` is kept this long.
    idempotency_key_ttl_secs: u64,
    /// End waiting conversations nobody takes within this time (0: never); conversations
    /// where the customer left a message wait on.
    waiting_timeout_secs: u64,
    /// End active conversations silent this long (0: never).
    active_timeout_secs: u64,
    /// Run the periodic workers: outbox delivery, housekeeping (reply emails, timeouts),
    /// presence and event retention. Off, nothing runs them unless something else drives
    /// them a round at a time, as the tests do.
    background_workers: bool,
    /// Where uploaded files live: none keeps them in `data_dir/files`; `s3://bucket` or
    /// `s3://bucket/prefix` in S3-compatible object storage (AWS S3, MinIO, Ceph, R2), which
    /// several processes share.
    storage_url: Option<String>,
    /// The S3 endpoint, for storage other than AWS (`http://127.0.0.1:9000`); none: AWS.
    s3_endpoint: Option<String>,
    s3_region: String,
    /// S3 credentials; none: the usual AWS environment and instance metadata.
    s3_access_key_id: Option<String>,
    s3_secret_access_key: Option<SecretString>,
    /// Allow an `http://` endpoint (a local MinIO); off, only HTTPS.
    s3_allow_http: bool,
    /// The largest file any module may accept, in bytes: the server's cap.
    attachment_max_bytes: u64,
    /// Uploaded files no message carries are deleted after this long.
    attachment_unsent_ttl_secs: u64,
    /// Bytes of files one customer's conversations may hold in all (0: no quota).
    attachment_customer_quota_bytes: u64,
    /// A command that checks each upload before it can be sent: it reads the file on
    /// its standard input and exits 0 when clean; any other exit refuses the file.
    /// Run directly (split on spaces), not through a shell. None: no check.
    attachment_scan_command: Option<String>,
    attachment_scan_timeout_secs: u64,
    /// Uploads a minute per client address, besides the credential's limit (0: no limit).
    rate_limit_uploads_per_min: u32,
}

impl Default for Keys {
    fn default() -> Self {
        Self {
            bind: "127.0.0.1:8080".into(),
            metrics_bind: None,
            data_dir: PathBuf::from("./data"),
            database_url: None,
            jwt_secret: None,
            agent_token_ttl_secs: 12 * 3600,
            customer_token_ttl_secs: 30 * 24 * 3600,
            token_leeway_secs: 0,
            admin_email: "admin@livechat.local".into(),
            admin_password: None,
            log_format: LogFormat::Auto,
            log_level: "info".into(),
            cors_allowed_origins: vec!["*".into()],
            max_body_bytes: 256 * 1024,
            http_header_read_timeout_secs: 15,
            http_body_read_timeout_secs: 30,
            http_send_timeout_secs: 30,
            http_send_buffer_bytes: 256 * 1024,
            http_max_connections: 0,
            http_max_headers: 100,
            http_trusted_proxy_hops: 0,
            rate_limit_api_key_per_min: 6000,
            rate_limit_agent_per_min: 1200,
            rate_limit_customer_per_min: 600,
            rate_limit_login_per_min: 60,
            rate_limit_token_issue_per_min: 600,
            rate_limit_public_per_min: 600,
            database_max_connections: 16,
            database_lock_timeout_ms: 5_000,
            agent_presence_grace_secs: 60,
            customer_presence_grace_secs: 5,
            event_retention_hours: 30 * 24,
            stream_keep_alive_secs: 15,
            stream_max_secs: 3600,
            typing_interval_ms: 1000,
            smtp_host: None,
            smtp_port: 587,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: None,
            smtp_password: None,
            smtp_ca_file: None,
            mail_from: "livechat <livechat@livechat.local>".into(),
            mail_reply_to: None,
            chat_url_template: "http://127.0.0.1:8080/chat/{conversation_id}".into(),
            reply_notification_window_secs: 120,
            outbox_give_up_secs: 2 * 24 * 3600,
            outbox_first_retry_ms: 5000,
            webhook_timeout_secs: 10,
            outbox_max_in_flight: 16,
            outbox_lease_secs: 60,
            webhook_disable_after_secs: 24 * 3600,
            idempotency_key_ttl_secs: 24 * 3600,
            agent_max_active_chats: None,
            waiting_timeout_secs: 0,
            active_timeout_secs: 0,
            background_workers: true,
            storage_url: None,
            s3_endpoint: None,
            s3_region: "us-east-1".into(),
            s3_access_key_id: None,
            s3_secret_access_key: None,
            s3_allow_http: false,
            attachment_max_bytes: 100 * 1024 * 1024,
            attachment_unsent_ttl_secs: 24 * 3600,
            attachment_customer_quota_bytes: 500 * 1024 * 1024,
            attachment_scan_command: None,
            attachment_scan_timeout_secs: 60,
            rate_limit_uploads_per_min: 60,
        }
    }
}

/// A number of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Bytes(pub usize);

/// The server's settings, grouped by what they steer, each with its unit in its type.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address the HTTP server listens on.
    pub bind: String,
    /// Address of the Prometheus metrics (`GET /metrics`), for operators only; none: no
    /// metrics are kept.
    pub metrics_bind: Option<String>,
    /// Where the embedded database, the generated JWT secret and mail files live.
    pub data_dir: PathBuf,
    /// `postgres://…` or `sqlite://…`; defaults to SQLite in `data_dir`.
    pub database_url: Option<SecretString>,
    pub database_max_connections: u32,
    /// How long a write waits for a lock held by another transaction.
    pub database_lock_timeout: Duration,
    /// First admin, created at start-up when no admin exists.
    pub admin_email: String,
    pub admin_password: Option<SecretString>,
    pub log_format: LogFormat,
    /// A `tracing` filter such as `info` or `livechat=debug,info`.
    pub log_level: String,
    /// Run the periodic workers: outbox delivery, housekeeping, presence, routing and
    /// event retention. Off, nothing runs them unless something drives them a round at a
    /// time, as the tests do.
    pub background_workers: bool,
    pub tokens: TokenSettings,
    pub http: HttpSettings,
    pub limits: RateLimits,
    pub streams: StreamSettings,
    pub smtp: SmtpSettings,
    pub outbox: OutboxSettings,
    pub routing: RoutingSettings,
    pub files: FileSettings,
}

/// Where uploaded files are kept and the server's limits on them.
#[derive(Debug, Clone)]
pub struct FileSettings {
    /// None: `data_dir/files`.
    pub storage_url: Option<String>,
    pub s3_endpoint: Option<String>,
    pub s3_region: String,
    pub s3_access_key_id: Option<String>,
    pub s3_secret_access_key: Option<SecretString>,
    pub s3_allow_http: bool,
    /// The largest file any module may accept.
    pub max_bytes: u64,
    pub unsent_ttl: Duration,
    pub customer_quota: Option<u64>,
    /// Program and arguments of the malware check; none: no check.
    pub scan_command: Option<Vec<String>>,
    pub scan_timeout: Duration,
}

/// Agent and customer tokens.
#[derive(Debug, Clone)]
pub struct TokenSettings {
    /// HMAC secret; generated into `data_dir` when unset.
    pub jwt_secret: Option<SecretString>,
    pub agent_ttl: Duration,
    pub customer_ttl: Duration,
    /// Tokens are still accepted this long past their `expires_at`.
    pub leeway: Duration,
    /// The first answer to a request with an `Idempotency-Key` is kept this long.
    pub idempotency_key_ttl: Duration,
}

/// The HTTP transport.
#[derive(Debug, Clone)]
pub struct HttpSettings {
    /// Web origins whose pages may call the API (CORS); `*` allows any.
    pub cors_allowed_origins: Vec<String>,
    /// Largest request body accepted.
    pub max_body: Bytes,
    pub header_read_timeout: Duration,
    pub body_read_timeout: Duration,
    pub send_timeout: Duration,
    /// Each connection's send buffer in the kernel; none: the system's autotuning.
    pub send_buffer: Option<Bytes>,
    /// Open connections per process; none: the open-files limit less 128.
    pub max_connections: Option<usize>,
    /// Header fields per request; more are answered 431.
    pub max_headers: usize,
    /// Proxies in front whose `X-Forwarded-For` entries name the client.
    pub trusted_proxy_hops: usize,
}

/// Requests a minute, per credential or client address; none: no limit.
#[derive(Debug, Clone, Copy)]
pub struct RateLimits {
    pub api_key_per_min: Option<u32>,
    pub agent_per_min: Option<u32>,
    pub customer_per_min: Option<u32>,
    pub login_per_min: Option<u32>,
    pub token_issue_per_min: Option<u32>,
    pub public_per_min: Option<u32>,
    pub uploads_per_min: Option<u32>,
}

/// Streams, presence and the event log they resume from.
#[derive(Debug, Clone, Copy)]
pub struct StreamSettings {
    /// Interval of keep-alive comments.
    pub keep_alive: Duration,
    /// A stream ends with `stream.reconnect` after this long; none: never.
    pub max_lifetime: Option<Duration>,
    /// At most one typing indicator per sender and conversation in this interval.
    pub typing_interval: Duration,
    /// An agent whose streams have all been gone this long is set offline.
    pub agent_presence_grace: Duration,
    /// A customer is shown offline this long after their last stream closed.
    pub customer_presence_grace: Duration,
    /// How long events stay in the log for streams to resume from.
    pub event_retention: Duration,
}

/// Email: the SMTP relay and the messages.
#[derive(Debug, Clone)]
pub struct SmtpSettings {
    /// SMTP server; without one, mails are written as `.eml` files to `data_dir/mail`.
    pub host: Option<String>,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<SecretString>,
    /// A CA certificate (PEM) to trust besides the public roots.
    pub ca_file: Option<PathBuf>,
    /// Sender of the emails, e.g. `Support <support@example.com>`.
    pub mail_from: String,
    pub mail_reply_to: Option<String>,
    /// Link back to the chat in emails; `{conversation_id}` and `{customer_id}` are replaced.
    pub chat_url_template: String,
    /// Agent replies to an away customer within this window go out in one email.
    pub reply_notification_window: Duration,
}

/// Webhook and email deliveries.
#[derive(Debug, Clone, Copy)]
pub struct OutboxSettings {
    /// Deliveries are retried (with doubling waits from the first retry) this long.
    pub give_up_after: Duration,
    pub first_retry: Duration,
    pub webhook_timeout: Duration,
    /// Deliveries under way at once.
    pub max_in_flight: usize,
    /// A delivery under way is left alone by other workers this long.
    pub lease: Duration,
    /// A webhook endpoint that keeps failing this long is disabled.
    pub disable_endpoint_after: Duration,
}

/// Routing and the timeouts that end conversations.
#[derive(Debug, Clone, Copy)]
pub struct RoutingSettings {
    /// Active chats an agent takes at most when neither the agent nor the module sets a
    /// limit; none: no limit.
    pub agent_max_active_chats: Option<u32>,
    /// End waiting conversations nobody takes within this time; none: never.
    pub waiting_timeout: Option<Duration>,
    /// End active conversations silent this long; none: never.
    pub active_timeout: Option<Duration>,
}

/// A setting with a value it cannot take.
#[derive(Debug, thiserror::Error)]
#[error("{key} must be at least {least}")]
pub struct SettingError {
    key: &'static str,
    least: u64,
}

/// `value` of `key`, when it is at least `least`.
fn at_least<T: Copy + Into<u64>>(key: &'static str, value: T, least: u64) -> Result<T, SettingError> {
    if value.into() < least { Err(SettingError { key, least }) } else { Ok(value) }
}

impl Default for Settings {
    fn default() -> Self {
        Keys::default().check().expect("the defaults are valid")
    }
}

impl Keys {
    /// Checks every key against its rule and groups them with their units.
    fn check(self) -> Result<Settings, SettingError> {
        let secs = Duration::from_secs;
        let off_at_zero = |value: u64| (value > 0).then(|| secs(value));
        let no_limit_at_zero = |value: u32| (value > 0).then_some(value);
        Ok(Settings {
            bind: self.bind,
            metrics_bind: self.metrics_bind,
            data_dir: self.data_dir,
            database_url: self.database_url,
            database_max_connections: at_least("database_max_connections", self.database_max_connections, 1)?,
            database_lock_timeout: Duration::from_millis(at_least(
                "database_lock_timeout_ms",
                self.database_lock_timeout_ms,
                1,
            )?),
            admin_email: self.admin_email,
            admin_password: self.admin_password,
            log_format: self.log_format,
            log_level: self.log_level,
            background_workers: self.background_workers,
            tokens: TokenSettings {
                jwt_secret: self.jwt_secret,
                agent_ttl: secs(at_least("agent_token_ttl_secs", self.agent_token_ttl_secs, 1)?),
                customer_ttl: secs(at_least("customer_token_ttl_secs", self.customer_token_ttl_secs, 1)?),
                leeway: secs(self.token_leeway_secs),
                idempotency_key_ttl: secs(at_least("idempotency_key_ttl_secs", self.idempotency_key_ttl_secs, 1)?),
            },
            http: HttpSettings {
                cors_allowed_origins: self.cors_allowed_origins,
                max_body: Bytes(self.max_body_bytes),
                header_read_timeout: secs(at_least(
                    "http_header_read_timeout_secs",
                    self.http_header_read_timeout_secs,
                    1,
                )?),
                body_read_timeout: secs(at_least("http_body_read_timeout_secs", self.http_body_read_timeout_secs, 1)?),
                send_timeout: secs(at_least("http_send_timeout_secs", self.http_send_timeout_secs, 1)?),
                send_buffer: (self.http_send_buffer_bytes > 0).then_some(Bytes(self.http_send_buffer_bytes)),
                max_connections: (self.http_max_connections > 0).then_some(self.http_max_connections),
                max_headers: at_least("http_max_headers", self.http_max_headers as u64, 1)? as usize,
                trusted_proxy_hops: self.http_trusted_proxy_hops,
            },
            limits: RateLimits {
                api_key_per_min: no_limit_at_zero(self.rate_limit_api_key_per_min),
                agent_per_min: no_limit_at_zero(self.rate_limit_agent_per_min),
                customer_per_min: no_limit_at_zero(self.rate_limit_customer_per_min),
                login_per_min: no_limit_at_zero(self.rate_limit_login_per_min),
                token_issue_per_min: no_limit_at_zero(self.rate_limit_token_issue_per_min),
                public_per_min: no_limit_at_zero(self.rate_limit_public_per_min),
                uploads_per_min: no_limit_at_zero(self.rate_limit_uploads_per_min),
            },
            streams: StreamSettings {
                keep_alive: secs(at_least("stream_keep_alive_secs", self.stream_keep_alive_secs, 1)?),
                max_lifetime: off_at_zero(self.stream_max_secs),
                typing_interval: Duration::from_millis(self.typing_interval_ms),
                agent_presence_grace: secs(self.agent_presence_grace_secs),
                customer_presence_grace: secs(self.customer_presence_grace_secs),
                event_retention: secs(self.event_retention_hours.saturating_mul(3600)),
            },
            smtp: SmtpSettings {
                host: self.smtp_host,
                port: self.smtp_port,
                tls: self.smtp_tls,
                username: self.smtp_username,
                password: self.smtp_password,
                ca_file: self.smtp_ca_file,
                mail_from: self.mail_from,
                mail_reply_to: self.mail_reply_to,
                chat_url_template: self.chat_url_template,
                reply_notification_window: secs(self.reply_notification_window_secs),
            },
            outbox: OutboxSettings {
                give_up_after: secs(self.outbox_give_up_secs),
                first_retry: Duration::from_millis(at_least("outbox_first_retry_ms", self.outbox_first_retry_ms, 1)?),
                webhook_timeout: secs(at_least("webhook_timeout_secs", self.webhook_timeout_secs, 1)?),
                max_in_flight: at_least("outbox_max_in_flight", self.outbox_max_in_flight as u64, 1)? as usize,
                lease: secs(at_least("outbox_lease_secs", self.outbox_lease_secs, 2)?),
                disable_endpoint_after: secs(self.webhook_disable_after_secs),
            },
            routing: RoutingSettings {
                agent_max_active_chats: self.agent_max_active_chats,
                waiting_timeout: off_at_zero(self.waiting_timeout_secs),
                active_timeout: off_at_zero(self.active_timeout_secs),
            },
            files: FileSettings {
                storage_url: self.storage_url.filter(|url| !url.is_empty()),
                s3_endpoint: self.s3_endpoint.filter(|url| !url.is_empty()),
                s3_region: self.s3_region,
                s3_access_key_id: self.s3_access_key_id,
                s3_secret_access_key: self.s3_secret_access_key,
                s3_allow_http: self.s3_allow_http,
                max_bytes: at_least("attachment_max_bytes", self.attachment_max_bytes, 1)?,
                unsent_ttl: secs(at_least("attachment_unsent_ttl_secs", self.attachment_unsent_ttl_secs, 1)?),
                customer_quota: (self.attachment_customer_quota_bytes > 0)
                    .then_some(self.attachment_customer_quota_bytes),
                scan_command: self
                    .attachment_scan_command
                    .map(|command| command.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
                    .filter(|words| !words.is_empty()),
                scan_timeout: secs(at_least("attachment_scan_timeout_secs", self.attachment_scan_timeout_secs, 1)?),
            },
        })
    }
}

impl Settings {
    /// Reads the layered settings of the process and checks them.
    pub fn load() -> Result<Self, Box<figment::Error>> {
        let file = std::env::var_os("LIVECHAT_CONFIG").map(PathBuf::from);
        let mut figment = Figment::new();
        match &file {
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new("livechat.toml").exists() => figment = figment.merge(Toml::file("livechat.toml")),
            None => {}
        }
        let keys: Keys = figment
            .merge(Env::raw().only(&["DATABASE_URL"]).map(|_| "database_url".into()))
            .merge(Env::prefixed("LIVECHAT_").ignore(&["CONFIG"]))
            .extract()
            .map_err(Box::new)?;
        keys.check().map_err(|error| Box::new(figment::Error::from(error.to_string())))
    }

    /// The database to use: the configured URL, or SQLite in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose_secret().to_owned(),
            None => format!("sqlite://{}?mode=rwc", self.data_dir.join("livechat.db").display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_do_not_print() {
        let mut settings = Settings::default();
        settings.tokens.jwt_secret = Some(SecretString::from("hunter2"));
        settings.smtp.password = Some(SecretString::from("hunter3"));
        assert!(!format!("{settings:?}").contains("hunter"));
    }

    #[test]
    fn the_default_database_is_sqlite_in_the_data_directory() {
        assert_eq!(Settings::default().database_url(), "sqlite://./data/livechat.db?mode=rwc");
    }

    #[test]
    fn keys_keep_their_names_and_become_units() {
        let keys: Keys = Figment::new()
            .merge(Toml::string(
                "http_send_timeout_secs = 7\nstream_max_secs = 0\nrate_limit_login_per_min = 0\nmax_body_bytes = 4096",
            ))
            .extract()
            .expect("the keys parse");
        let settings = keys.check().expect("the values are in range");
        assert_eq!(settings.http.send_timeout, Duration::from_secs(7));
        assert_eq!(settings.streams.max_lifetime, None);
        assert_eq!(settings.limits.login_per_min, None);
        assert_eq!(settings.http.max_body, Bytes(4096));
        assert_eq!(settings.streams.keep_alive, Duration::from_secs(15));
    }

    #[test]
    fn a_value_a_key_cannot_take_is_refused_by_name() {
        let keys: Keys =
            Figment::new().merge(Toml::string("webhook_timeout_secs = 0")).extract().expect("the key parses");
        assert_eq!(keys.check().expect_err("0 is refused").to_string(), "webhook_timeout_secs must be at least 1");
    }
}
