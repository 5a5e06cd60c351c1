//! livechat: a headless live-chat server. [`Application::build`] assembles the server
//! from [`Settings`]; tests start it on port 0.

pub mod api;
pub mod config;
pub mod domain;
pub mod entities;
pub mod events;
pub mod http;
pub mod outbox;
pub mod service;
pub mod telemetry;

use std::sync::Arc;
use std::time::Duration;

use poem::listener::{Acceptor, Listener, TcpAcceptor, TcpListener};
use poem::{EndpointExt, Route, Server};

pub use config::Settings;
use events::hub::Hub;
use service::agents::{self, Bootstrap};
use service::presence::PresenceTracker;
use service::streams::TypingLimiter;
use service::{Services, Store, Tokens};

/// What every request shares.
pub struct AppState {
    pub services: Services,
    pub settings: Settings,
}

/// A built server, bound to its port, not yet serving.
pub struct Application {
    acceptor: TcpAcceptor,
    port: u16,
    state: Arc<AppState>,
    outbox: outbox::Worker,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot prepare the data directory {path}")]
    DataDir { path: String, source: std::io::Error },
    #[error("cannot open the database")]
    Database(#[from] sea_orm::DbErr),
    #[error("cannot create the first admin: {0}")]
    Bootstrap(service::Error),
    #[error("invalid mail settings")]
    Mail(#[from] outbox::email::MailError),
    #[error("cannot build the webhook client")]
    Http(#[from] reqwest::Error),
    #[error("cannot listen on {bind}")]
    Bind { bind: String, source: std::io::Error },
}

impl Application {
    /// Opens the database (running migrations), makes sure an admin exists and binds
    /// the listener.
    pub async fn build(settings: Settings) -> Result<Self, StartError> {
        let data_dir_error = |source| StartError::DataDir { path: settings.data_dir.display().to_string(), source };
        std::fs::create_dir_all(&settings.data_dir).map_err(data_dir_error)?;
        let secret =
            Tokens::load_or_create_secret(settings.jwt_secret.as_ref(), &settings.data_dir).map_err(data_dir_error)?;
        let hub = Hub::new();
        let store = Store::connect(&settings.database_url(), settings.database_max_connections, hub.waker()).await?;
        tracing::info!(backend = ?store.backend(), "database ready");

        let password = settings.admin_password.as_ref().map(|secret| secret.expose());
        match agents::bootstrap_admin(&store, &settings.admin_email, password).await.map_err(StartError::Bootstrap)? {
            Bootstrap::AdminExists => {}
            Bootstrap::Created { email, generated_password: Some(password) } => {
                tracing::warn!(%email, %password, "created the first admin with a generated password; it is shown only this once");
            }
            Bootstrap::Created { email, generated_password: None } => tracing::info!(%email, "created the first admin"),
        }

        let tokens = Tokens::new(&secret, settings.agent_token_ttl_secs, settings.customer_token_ttl_secs);
        let bind_error = |source| StartError::Bind { bind: settings.bind.clone(), source };
        let acceptor = TcpListener::bind(settings.bind.clone()).into_acceptor().await.map_err(bind_error)?;
        let port = acceptor
            .local_addr()
            .first()
            .and_then(|addr| addr.as_socket_addr().map(|addr| addr.port()))
            .unwrap_or_default();
        let presence = PresenceTracker::new(
            store.clone(),
            hub.instance_id(),
            Duration::from_secs(settings.agent_presence_grace_secs),
            Duration::from_secs(settings.customer_presence_grace_secs),
        );
        let typing = TypingLimiter::new(Duration::from_millis(settings.typing_interval_ms));
        let reply_window = Duration::from_secs(settings.reply_notification_window_secs);
        let mail_dir = settings.smtp_host.is_none().then(|| settings.data_dir.join("mail"));
        let services = Services { store, tokens, hub, presence, typing, reply_window, mail_dir };
        let outbox = outbox::Worker {
            store: services.store.clone(),
            mailer: outbox::email::Mailer::from_settings(&settings)?,
            http: reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?,
            policy: outbox::Policy {
                disable_endpoint_after: Duration::from_secs(settings.webhook_disable_after_secs),
                webhook_timeout: Duration::from_secs(settings.webhook_timeout_secs.max(1)),
                first_retry: Duration::from_millis(settings.outbox_first_retry_ms.max(1)),
            },
        };
        let state = Arc::new(AppState { services, settings });
        Ok(Self { acceptor, port, state, outbox })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Serves until the process receives SIGINT or SIGTERM. Then it stops accepting,
    /// tells open streams to reconnect (elsewhere), and exits within ten seconds.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let services = &self.state.services;
        let hub = services.hub.clone();
        hub.start(services.store.db().clone()).await.map_err(std::io::Error::other)?;
        services.presence.start(hub.shutdown_signal());
        let retention = Duration::from_secs(self.state.settings.event_retention_hours.saturating_mul(3600));
        events::retention::start(services.store.clone(), retention, hub.shutdown_signal());
        let settings = &self.state.settings;
        self.outbox.start(hub.shutdown_signal());
        housekeeping(settings).start(services.store.clone(), hub.shutdown_signal());
        tracing::info!(port = self.port, "listening");
        let app = routes(self.state.clone());
        let stop = async move {
            shutdown_signal().await;
            hub.shut_down();
        };
        Server::new_with_acceptor(self.acceptor)
            .run_with_graceful_shutdown(app, stop, Some(Duration::from_secs(10)))
            .await
    }
}

fn housekeeping(settings: &Settings) -> service::housekeeping::Housekeeping {
    let optional = |secs: u64| (secs > 0).then(|| Duration::from_secs(secs));
    service::housekeeping::Housekeeping {
        chat_url_template: settings.chat_url_template.clone(),
        email_give_up_after: Duration::from_secs(settings.outbox_give_up_secs),
        waiting_timeout: optional(settings.waiting_timeout_secs),
        active_timeout: optional(settings.active_timeout_secs),
    }
}

/// The whole HTTP application: API, spec, docs, and the middleware every request passes.
pub fn routes(state: Arc<AppState>) -> impl poem::Endpoint {
    let max_body = state.settings.max_body_bytes;
    let state_origins = state.settings.cors_allowed_origins.clone();
    let api = api::service();
    let raw_spec = api.spec();
    let published = api::published(&raw_spec);
    let spec_json = api::render(&published);
    // `/docs`: poem-openapi's Swagger UI page embeds the raw spec; it shows the published one.
    let docs_html = api.swagger_ui_html().replacen(&raw_spec, &spec_json, 1);
    let docs = Route::new().at("/", poem::endpoint::make_sync(move |_| poem::web::Html(docs_html.clone())));
    let index = Arc::new(http::SpecIndex::new(&published));
    let allowed = index.clone();
    let spec = poem::endpoint::make_sync(move |_| {
        poem::Response::builder().content_type("application/json; charset=utf-8").body(spec_json.clone())
    });
    Route::new()
        .nest("/", api)
        .at("/openapi.json", spec)
        .nest("/docs", docs)
        .data(state)
        .around(move |endpoint, request| http::strict_strings(endpoint, request, index.clone()))
        .around(move |endpoint, request| http::limit_body(endpoint, request, max_body))
        .with(http::cors(&state_origins))
        .catch_all_error(api::problem::render)
        .around(move |endpoint, request| http::allow_header(endpoint, request, allowed.clone()))
        .around(http::request_context)
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(signal) => signal,
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    tracing::info!("shutting down");
}
