//! Settings: defaults that run as they are, then an optional TOML file
//! (`LIVECHAT_CONFIG`, else `./livechat.toml` when present), then `LIVECHAT_*`
//! environment variables (`DATABASE_URL` is read as well).

use std::path::{Path, PathBuf};

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

#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
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
    /// HMAC secret for agent and customer tokens; generated into `data_dir` when unset.
    pub jwt_secret: Option<SecretString>,
    pub agent_token_ttl_secs: u64,
    pub customer_token_ttl_secs: u64,
    /// Tokens are still accepted this long past their `expires_at`, for clocks that
    /// differ between servers.
    pub token_leeway_secs: u64,
    /// First admin, created at start-up when no admin exists.
    pub admin_email: String,
    pub admin_password: Option<SecretString>,
    pub log_format: LogFormat,
    /// A `tracing` filter such as `info` or `livechat=debug,info`.
    pub log_level: String,
    /// Web origins whose pages may call the API (CORS), e.g. `https://shop.example.com`;
    /// `*` allows any. Credentials are bearer tokens, never cookies.
    pub cors_allowed_origins: Vec<String>,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Time for a request's headers to arrive, from the connection's start or the end of
    /// the previous response; silent connections and idle keep-alive connections end
    /// after it.
    pub http_header_read_timeout_secs: u64,
    /// Time for a request's body to arrive once its headers have (408 after it).
    pub http_body_read_timeout_secs: u64,
    /// A connection whose client reads nothing of what is sent to it this long is closed
    /// (a stream's client then resumes from the log).
    pub http_send_timeout_secs: u64,
    /// Each connection's send buffer in the kernel, in bytes (0: the system's
    /// autotuning): how much a client that stops reading can leave unread before the
    /// send timeout starts.
    pub http_send_buffer_bytes: usize,
    /// Open connections per process; more are answered 503 with `Retry-After`. 0: the
    /// open-files limit of the process less 128.
    pub http_max_connections: usize,
    /// Header fields per request; more are answered 431.
    pub http_max_headers: usize,
    /// Proxies in front of the server whose `X-Forwarded-For` entries name the client
    /// (0: the peer's address is the client's).
    pub http_trusted_proxy_hops: usize,
    /// Requests a minute per API key, agent token and customer token (0: no limit).
    pub rate_limit_api_key_per_min: u32,
    pub rate_limit_agent_per_min: u32,
    pub rate_limit_customer_per_min: u32,
    /// Logins a minute per client address (0: no limit).
    pub rate_limit_login_per_min: u32,
    /// Customer tokens issued a minute per client address (0: no limit).
    pub rate_limit_token_issue_per_min: u32,
    pub database_max_connections: u32,
    /// An agent whose streams have all been gone this long is set offline.
    pub agent_presence_grace_secs: u64,
    /// A customer is shown offline this long after their last stream closed.
    pub customer_presence_grace_secs: u64,
    /// How long events stay in the log for streams to resume from.
    pub event_retention_hours: u64,
    /// Interval of keep-alive comments on streams.
    pub stream_keep_alive_secs: u64,
    /// A stream ends with `stream.reconnect` after this long (0: never), so that
    /// clients reconnect with a credential checked again.
    pub stream_max_secs: u64,
    /// At most one typing indicator per sender and conversation in this interval.
    pub typing_interval_ms: u64,
    /// SMTP server; without one, mails are written as `.eml` files to `data_dir/mail`.
    pub smtp_host: Option<String>,
    pub smtp_port: u16,
    pub smtp_tls: SmtpTls,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<SecretString>,
    /// A CA certificate (PEM) to trust for the SMTP server besides the public roots: for
    /// relays whose certificate comes from a private CA.
    pub smtp_ca_file: Option<PathBuf>,
    /// Sender of the emails, e.g. `Support <support@example.com>`.
    pub mail_from: String,
    pub mail_reply_to: Option<String>,
    /// Link back to the chat in emails; `{conversation_id}` and `{customer_id}` are replaced.
    pub chat_url_template: String,
    /// Agent replies to an away customer within this window go out in one email.
    pub reply_notification_window_secs: u64,
    /// Deliveries are retried (with doubling waits from the first retry) this long.
    pub outbox_give_up_secs: u64,
    pub outbox_first_retry_ms: u64,
    pub webhook_timeout_secs: u64,
    /// Deliveries under way at once: webhook endpoints and customers' emails each send
    /// one at a time, in order, side by side with the others.
    pub outbox_max_in_flight: usize,
    /// A delivery under way is left alone by other workers this long; if its process
    /// died before marking it, it is sent again (with the same id) after it. Webhook
    /// attempts are cut at half of it.
    pub outbox_lease_secs: u64,
    /// A webhook endpoint that keeps failing this long is disabled.
    pub webhook_disable_after_secs: u64,
    /// Active chats an agent takes at most when neither the agent nor the module sets a
    /// limit; none: no limit.
    pub agent_max_active_chats: Option<u32>,
    /// The first answer to a request with an `Idempotency-Key` is kept this long.
    pub idempotency_key_ttl_secs: u64,
    /// End waiting conversations nobody takes within this time (0: never); conversations
    /// where the customer left a message wait on.
    pub waiting_timeout_secs: u64,
    /// End active conversations silent this long (0: never).
    pub active_timeout_secs: u64,
    /// Run the periodic workers: outbox delivery, housekeeping (reply emails, timeouts),
    /// presence and event retention. Off, nothing runs them unless something else drives
    /// them a round at a time, as the tests do.
    pub background_workers: bool,
}

impl Default for Settings {
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
            database_max_connections: 16,
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
        }
    }
}

impl Settings {
    /// Reads the layered settings of the process.
    pub fn load() -> Result<Self, Box<figment::Error>> {
        let file = std::env::var_os("LIVECHAT_CONFIG").map(PathBuf::from);
        let mut figment = Figment::new();
        match &file {
            Some(path) => figment = figment.merge(Toml::file_exact(path)),
            None if Path::new("livechat.toml").exists() => figment = figment.merge(Toml::file("livechat.toml")),
            None => {}
        }
        figment
            .merge(Env::raw().only(&["DATABASE_URL"]).map(|_| "database_url".into()))
            .merge(Env::prefixed("LIVECHAT_").ignore(&["CONFIG"]))
            .extract()
            .map_err(Box::new)
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
        let settings = Settings { jwt_secret: Some(SecretString::from("hunter2")), ..Settings::default() };
        assert!(!format!("{settings:?}").contains("hunter2"));
    }

    #[test]
    fn the_default_database_is_sqlite_in_the_data_directory() {
        assert_eq!(Settings::default().database_url(), "sqlite://./data/livechat.db?mode=rwc");
    }
}
