//! A running server per test, and a client that speaks to it as integrators would.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use livechat::config::{FileSettings, LogFormat};
use livechat::{Application, Handle, Settings};
use reqwest::{Method, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::contract::CONTRACT;

pub const JWT_SECRET: &str = "test-secret-that-is-long-enough-for-hs256";
pub const ADMIN_EMAIL: &str = "admin@example.com";
pub const ADMIN_PASSWORD: &str = "admin-password-1";

pub struct TestApp {
    pub address: String,
    /// Where `/metrics` is served, when the test set `metrics_bind`.
    pub metrics_address: Option<String>,
    pub client: reqwest::Client,
    pub database_url: String,
    pub data_dir: PathBuf,
    /// Where the server keeps uploaded files.
    pub files: FileSettings,
    /// The server's workers and periodic work; `None` for a server in another process.
    handle: Option<Handle>,
    _data_dir: tempfile::TempDir,
}

/// A response: status, headers and JSON body (or `Null`).
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub content_type: String,
    pub body: Value,
}

impl Reply {
    /// Asserts the status and returns the body.
    #[track_caller]
    pub fn expect(self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.body);
        self.body
    }

    /// Asserts a problem document with this status and code.
    #[track_caller]
    pub fn expect_problem(self, status: u16, code: &str) -> Value {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.body);
        assert!(self.content_type.starts_with("application/problem+json"), "content type {}", self.content_type);
        assert_eq!(self.body["code"], code, "problem: {}", self.body);
        assert_eq!(self.body["status"], status);
        assert!(self.body["detail"].as_str().is_some_and(|d| !d.is_empty()), "problem without detail: {}", self.body);
        self.body
    }
}

/// A database for one test: a fresh PostgreSQL database when `TEST_DATABASE_URL` is
/// set, else SQLite in the test's data directory.
pub async fn database_url(data_dir: &std::path::Path) -> String {
    match std::env::var("TEST_DATABASE_URL") {
        Ok(server_url) if !server_url.is_empty() => {
            let name = format!("lc_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&server_url).await.expect("TEST_DATABASE_URL must reach PostgreSQL");
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
            let base = server_url.rsplit_once('/').map_or(server_url.as_str(), |(base, _)| base);
            format!("{base}/{name}")
        }
        _ => format!("sqlite://{}?mode=rwc", data_dir.join("test.db").display()),
    }
}

/// File storage for one test: a folder of its own in the S3 bucket of
/// `TEST_STORAGE_URL` (`s3://bucket`, at `TEST_S3_ENDPOINT`) when set, else the disk.
fn file_storage(mut files: FileSettings) -> FileSettings {
    if let Ok(url) = std::env::var("TEST_STORAGE_URL")
        && !url.is_empty()
    {
        files.storage_url = Some(format!("{}/{}", url.trim_end_matches('/'), uuid::Uuid::new_v4().simple()));
        files.s3_endpoint = std::env::var("TEST_S3_ENDPOINT").ok();
        files.s3_allow_http = true;
        files.s3_access_key_id = Some(std::env::var("TEST_S3_ACCESS_KEY_ID").unwrap_or_else(|_| "test".into()));
        files.s3_secret_access_key =
            Some(SecretString::from(std::env::var("TEST_S3_SECRET_ACCESS_KEY").unwrap_or_else(|_| "test".into())));
    }
    files
}

impl TestApp {
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// A server with its periodic workers off: tests run their rounds when they choose
    /// (`deliver_outbox`, `run_housekeeping_at`, `run_presence_at`).
    pub async fn spawn_with(configure: impl FnOnce(&mut Settings)) -> Self {
        // Server errors show in the output of the test that failed (TEST_LOG widens it).
        let filter = std::env::var("TEST_LOG").unwrap_or_else(|_| "error".into());
        let _ = tracing_subscriber::fmt().with_test_writer().with_env_filter(filter).try_init();
        let data_dir = tempfile::tempdir().expect("temp dir");
        let database_url = database_url(data_dir.path()).await;
        let mut settings = Settings {
            bind: "127.0.0.1:0".into(),
            data_dir: PathBuf::from(data_dir.path()),
            database_url: Some(SecretString::from(database_url.clone())),
            admin_email: ADMIN_EMAIL.into(),
            admin_password: Some(SecretString::from(ADMIN_PASSWORD)),
            log_format: LogFormat::Auto,
            log_level: "warn".into(),
            database_max_connections: 5,
            background_workers: false,
            ..Settings::default()
        };
        settings.tokens.jwt_secret = Some(SecretString::from(JWT_SECRET));
        settings.files = file_storage(settings.files);
        configure(&mut settings);
        let files = settings.files.clone();
        let app = Application::build(settings).await.expect("server starts");
        let address = format!("http://127.0.0.1:{}", app.port());
        let metrics_address = app.metrics_port().map(|port| format!("http://127.0.0.1:{port}"));
        let handle = app.handle();
        tokio::spawn(app.run_until_stopped());
        Self {
            address,
            metrics_address,
            client: reqwest::Client::new(),
            database_url,
            data_dir: data_dir.path().to_owned(),
            files,
            handle: Some(handle),
            _data_dir: data_dir,
        }
    }

    pub fn handle(&self) -> &Handle {
        self.handle.as_ref().expect("a server of this test process")
    }

    /// Runs the outbox once: delivers every row due now; returns how many it attempted.
    pub async fn deliver_outbox(&self) -> usize {
        self.deliver_outbox_at(Utc::now()).await
    }

    /// Runs the outbox once as if it were `now` (a later time makes retries due).
    pub async fn deliver_outbox_at(&self, now: DateTime<Utc>) -> usize {
        self.handle().deliver_outbox(now).await.expect("an outbox round")
    }

    /// Runs housekeeping (reply emails, timeouts) once, as if it were `now`.
    pub async fn run_housekeeping_at(&self, now: DateTime<Utc>) {
        self.handle().run_housekeeping(now).await.expect("a housekeeping round");
    }

    /// Runs a routing round (releases, assignments, queue places) as if it were `now`.
    pub async fn run_routing_at(&self, now: DateTime<Utc>) {
        self.handle().run_routing(now).await.expect("a routing round");
    }

    /// Forgets the idempotency keys expired by `now`, as housekeeping would then.
    pub async fn expire_idempotency_keys_at(&self, now: DateTime<Utc>) {
        self.handle().expire_idempotency_keys(now).await.expect("expiring idempotency keys");
    }

    /// Runs a presence round (heartbeat, ended leases, offline sweep) as if it were `now`.
    pub async fn run_presence_at(&self, now: DateTime<Utc>) {
        self.handle().run_presence(now).await.expect("a presence round");
    }

    /// Watches the streams the server has seen close; take it before closing one, then
    /// wait with [`noticed`].
    pub fn closed_streams(&self) -> tokio::sync::watch::Receiver<u64> {
        self.handle().closed_streams()
    }

    /// A client for a server started elsewhere (another process).
    pub fn attach(address: &str, database_url: &str) -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        Self {
            address: address.to_owned(),
            metrics_address: None,
            client: reqwest::Client::new(),
            database_url: database_url.to_owned(),
            data_dir: data_dir.path().to_owned(),
            files: Settings::default().files,
            handle: None,
            _data_dir: data_dir,
        }
    }

    /// Sends a request and checks the answer against the published spec.
    pub async fn call(&self, method: Method, path: &str, token: Option<&str>, body: Option<Value>) -> Reply {
        let mut request = self.client.request(method.clone(), format!("{}{path}", self.address));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request reaches the server");
        let reply = reply(response).await;
        CONTRACT.check_response(method.as_str(), path, reply.status.as_u16(), &reply.content_type, &reply.body);
        reply
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.call(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Reply {
        self.call(Method::POST, "/v1/auth/login", None, Some(json!({"email": email, "password": password}))).await
    }

    pub async fn admin_token(&self) -> String {
        token_of(self.login(ADMIN_EMAIL, ADMIN_PASSWORD).await.expect(200))
    }

    /// Creates an agent and logs them in: (agent id, token).
    pub async fn agent(&self, admin: &str, name: &str) -> (String, String) {
        let email = format!("{}@example.com", name.to_lowercase());
        let body = json!({"email": email, "name": name, "password": "agent-password-1"});
        let agent = self.post("/v1/agents", admin, body).await.expect(201);
        let token = token_of(self.login(&email, "agent-password-1").await.expect(200));
        (agent["id"].as_str().expect("agent id").to_owned(), token)
    }

    /// An agent who is online.
    pub async fn online_agent(&self, admin: &str, name: &str) -> (String, String) {
        let (id, token) = self.agent(admin, name).await;
        self.set_presence(&token, "online").await;
        (id, token)
    }

    pub async fn set_presence(&self, token: &str, presence: &str) {
        self.call(Method::PUT, "/v1/me/presence", Some(token), Some(json!({"presence": presence}))).await.expect(200);
    }

    pub async fn module(&self, admin: &str, config: Value) -> String {
        let mut body = json!({"name": "Support", "async_enabled": true, "request_email": false});
        if let (Some(body), Some(config)) = (body.as_object_mut(), config.as_object()) {
            body.extend(config.clone());
        }
        self.post("/v1/modules", admin, body).await.expect(201)["id"].as_str().expect("module id").to_owned()
    }

    pub async fn api_key(&self, admin: &str) -> String {
        self.post("/v1/api-keys", admin, json!({"name": "bot platform"})).await.expect(201)["key"]
            .as_str()
            .expect("key")
            .to_owned()
    }

    pub async fn enter(&self, api_key: &str, module_id: &str, external_id: &str, extra: Value) -> Reply {
        let mut body = json!({
            "customer": {"external_id": external_id, "display_name": format!("Customer {external_id}")},
            "module_id": module_id,
            "process_ref": "run-1",
        });
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        self.post("/v1/entries", api_key, body).await
    }

    /// Every message of a conversation, following the cursors.
    pub async fn all_messages(&self, token: &str, conversation_id: &str) -> Vec<Value> {
        let mut messages = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(cursor) => format!("/v1/conversations/{conversation_id}/messages?limit=2&cursor={cursor}"),
                None => format!("/v1/conversations/{conversation_id}/messages?limit=2"),
            };
            let page = self.get(&path, token).await.expect(200);
            messages.extend(page["items"].as_array().cloned().unwrap_or_default());
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_owned()),
                None => return messages,
            }
        }
    }
}

pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.expect("response body");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply { status, headers, content_type, body }
}

/// `seconds` from now: the time at which a test runs a worker's round.
/// A new group: its id.
pub async fn group(app: &TestApp, admin: &str, name: &str) -> String {
    app.post("/v1/groups", admin, json!({"name": name})).await.expect(201)["id"]
        .as_str()
        .expect("a group id")
        .to_owned()
}

pub fn in_secs(seconds: i64) -> DateTime<Utc> {
    Utc::now() + chrono::Duration::seconds(seconds)
}

pub fn token_of(session: Value) -> String {
    session["token"].as_str().expect("token").to_owned()
}

/// A world with an admin, an online agent, a module and an API key.
pub struct World {
    pub app: TestApp,
    pub admin: String,
    pub agent_id: String,
    pub agent: String,
    pub module_id: String,
    pub api_key: String,
}

impl World {
    pub async fn new(module: Value) -> Self {
        Self::new_with(module, |_| {}).await
    }

    pub async fn new_with(module: Value, configure: impl FnOnce(&mut Settings)) -> Self {
        let app = TestApp::spawn_with(configure).await;
        let admin = app.admin_token().await;
        let (agent_id, agent) = app.online_agent(&admin, "Ada").await;
        let module_id = app.module(&admin, module).await;
        let api_key = app.api_key(&admin).await;
        Self { app, admin, agent_id, agent, module_id, api_key }
    }

    /// Enters a customer and returns (conversation id, customer token).
    pub async fn customer(&self, external_id: &str) -> (String, String) {
        let result = self.app.enter(&self.api_key, &self.module_id, external_id, json!({})).await.expect(201);
        let id = result["conversation"]["id"].as_str().expect("conversation id").to_owned();
        let token = result["customer_token"]["token"].as_str().expect("customer token").to_owned();
        (id, token)
    }

    /// A conversation the agent has taken over: (conversation id, customer token).
    pub async fn active_conversation(&self, external_id: &str) -> (String, String) {
        let (id, token) = self.customer(external_id).await;
        self.app.post(&format!("/v1/conversations/{id}/claim"), &self.agent, json!({})).await.expect(200);
        (id, token)
    }
}

/// Waits (up to 15 s) until the server has noticed `count` more closed streams than
/// when `closes` was taken: it learns that a stream is gone when writing to it fails.
pub async fn noticed(mut closes: tokio::sync::watch::Receiver<u64>, count: u64) {
    let before = *closes.borrow_and_update();
    let noticed = closes.wait_for(|closed| *closed >= before + count);
    let noticed = tokio::time::timeout(std::time::Duration::from_secs(15), noticed).await;
    assert!(noticed.is_ok_and(|watched| watched.is_ok()), "the server did not notice {count} closed stream(s)");
}

/// Polls `probe` every 100 ms until it returns `Some` (within 15 s): for effects the
/// server completes in the background.
pub async fn eventually<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    for _ in 0..150 {
        if let Some(found) = probe().await {
            return found;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

impl World {
    /// A conversation as an admin sees it.
    pub async fn conversation(&self, id: &str) -> Value {
        self.app.get(&format!("/v1/conversations/{id}"), &self.admin).await.expect(200)
    }

    /// The first outbox row in `status`, once there is one.
    pub async fn outbox_row(&self, status: &str) -> Value {
        let path = format!("/v1/outbox?status={status}");
        eventually(&format!("an outbox row in status {status}"), || async {
            let page = self.app.get(&path, &self.admin).await.expect(200);
            page["items"].as_array().and_then(|items| items.first().cloned())
        })
        .await
    }
}
