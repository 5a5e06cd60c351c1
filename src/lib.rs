//! livechat: a headless live-chat server. [`Application::build`] assembles the server
//! from [`Settings`]; tests start it on port 0 and drive its periodic work through a
//! [`Handle`].

pub mod api;
pub mod config;
pub mod db;
pub mod domain;
pub mod events;
pub mod files;
mod memory;
pub mod outbox;
pub mod service;
pub mod telemetry;
pub mod wire;
pub mod workers;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use secrecy::ExposeSecret;

use api::AppState;
pub use config::Settings;
use db::{Commits, Store};
use events::hub::Hub;
use events::retention::Retention;
use service::agents::{self, Bootstrap};
use service::core::presence::PresenceTracker;
use service::core::router::Router;
use service::core::typing::TypingLimiter;
use service::housekeeping::Housekeeping;
use service::{Services, Tokens};
use workers::{RestartPolicy, Workers};

/// How long shutdown waits for open requests, streams and workers.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A built server, bound to its port, not yet serving.
pub struct Application {
    listener: tokio::net::TcpListener,
    port: u16,
    /// The operators' listener for `/metrics`, when `metrics_bind` is set.
    metrics: Option<(tokio::net::TcpListener, u16)>,
    state: Arc<AppState>,
    background: Background,
}

/// The server's periodic work, run by its workers or one round at a time.
#[derive(Clone)]
struct Background {
    outbox: Arc<outbox::Worker>,
    housekeeping: Housekeeping,
    presence: Arc<PresenceTracker>,
    retention: Retention,
    router: Router,
    store: Store,
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
    #[error("cannot open the file storage: {0}")]
    Files(String),
    #[error("cannot listen on {bind}")]
    Bind { bind: String, source: std::io::Error },
}

impl Application {
    /// Opens the database (running migrations), makes sure an admin exists and binds
    /// the listener.
    pub async fn build(settings: Settings) -> Result<Self, StartError> {
        let data_dir_error = |source| StartError::DataDir { path: settings.data_dir.display().to_string(), source };
        std::fs::create_dir_all(&settings.data_dir).map_err(data_dir_error)?;
        let secret = Tokens::load_or_create_secret(settings.tokens.jwt_secret.as_ref(), &settings.data_dir)
            .map_err(data_dir_error)?;
        let commits = Arc::new(Commits::default());
        let store = Store::connect(
            &settings.database_url(),
            settings.database_max_connections,
            settings.database_lock_timeout,
            commits.clone(),
        )
        .await?;
        tracing::info!(backend = ?store.backend(), "database ready");
        let hub = Hub::new(commits, events::hub::initial_horizon(store.db()).await?);

        let password = settings.admin_password.as_ref().map(|secret| secret.expose_secret());
        match agents::bootstrap_admin(&store, &settings.admin_email, password).await.map_err(StartError::Bootstrap)? {
            Bootstrap::AdminExists => {}
            Bootstrap::Created { email, generated_password: Some(password) } => {
                tracing::warn!(%email, %password, "created the first admin with a generated password; it is shown only this once");
            }
            Bootstrap::Created { email, generated_password: None } => tracing::info!(%email, "created the first admin"),
        }

        let tokens = Tokens::new(
            secret.expose_secret().as_bytes(),
            settings.tokens.agent_ttl,
            settings.tokens.customer_ttl,
            settings.tokens.leeway,
        );
        let bind_error = |source| StartError::Bind { bind: settings.bind.clone(), source };
        let listener = tokio::net::TcpListener::bind(settings.bind.as_str()).await.map_err(bind_error)?;
        let port = listener.local_addr().map_err(bind_error)?.port();
        let metrics = match &settings.metrics_bind {
            Some(bind) => {
                let bind_error = |source| StartError::Bind { bind: bind.clone(), source };
                let listener = tokio::net::TcpListener::bind(bind.as_str()).await.map_err(bind_error)?;
                let port = listener.local_addr().map_err(bind_error)?.port();
                api::metrics::recorder();
                Some((listener, port))
            }
            None => None,
        };
        let presence = PresenceTracker::new(
            store.clone(),
            hub.instance_id(),
            settings.streams.agent_presence_grace,
            settings.streams.customer_presence_grace,
        );
        let router = Router::new(store.clone(), settings.routing.agent_max_active_chats);
        let files = service::core::files::Files {
            store: files::FileStore::open(&settings.files, &settings.data_dir).map_err(StartError::Files)?,
            settings: settings.files.clone(),
        };
        let background = Background {
            outbox: Arc::new(outbox::Worker::new(
                store.clone(),
                outbox::email::Mailer::from_settings(&settings)?,
                reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?,
                outbox::Policy {
                    disable_endpoint_after: settings.outbox.disable_endpoint_after,
                    webhook_timeout: settings.outbox.webhook_timeout,
                    first_retry: settings.outbox.first_retry,
                    max_in_flight: settings.outbox.max_in_flight,
                    lease: settings.outbox.lease,
                },
            )),
            housekeeping: Housekeeping {
                store: store.clone(),
                chat_url_template: settings.smtp.chat_url_template.clone(),
                email_give_up_after: settings.outbox.give_up_after,
                waiting_timeout: settings.routing.waiting_timeout,
                active_timeout: settings.routing.active_timeout,
                router: router.clone(),
                files: files.clone(),
            },
            presence: presence.clone(),
            retention: Retention { store: store.clone(), keep: settings.streams.event_retention },
            router: router.clone(),
            store: store.clone(),
        };
        let services = Services {
            store,
            tokens,
            hub,
            workers: Workers::new(RestartPolicy::default()),
            presence,
            messages: service::core::messages::Writer::default(),
            typing: TypingLimiter::new(settings.streams.typing_interval),
            reply_window: settings.smtp.reply_notification_window,
            mail_dir: settings.smtp.host.is_none().then(|| settings.data_dir.join("mail")),
            router,
            idempotency: service::core::idempotency::Keys::new(
                settings.tokens.idempotency_key_ttl,
                secret.expose_secret().as_bytes(),
            ),
            files,
        };
        let state = Arc::new(AppState { services, settings });
        Ok(Self { listener, port, metrics, state, background })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of `/metrics`, when `metrics_bind` is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(_, port)| *port)
    }

    /// A handle to the running server's workers and periodic work.
    pub fn handle(&self) -> Handle {
        Handle { workers: self.state.services.workers.clone(), background: self.background.clone() }
    }

    /// Serves until the process receives SIGINT or SIGTERM (or [`Handle::shut_down`]).
    /// Then it stops accepting, tells open streams to reconnect (elsewhere), and exits
    /// within ten seconds.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let workers = self.state.services.workers.clone();
        self.start_workers(&workers);
        tracing::info!(port = self.port, "listening");
        let app = api::routes(self.state.clone());
        let stopping = workers.clone();
        let stop = async move {
            tokio::select! {
                () = shutdown_signal() => {}
                () = stopping.shutdown().cancelled() => {}
            }
            stopping.shut_down();
        };
        let started = Instant::now();
        let limits = api::server::Limits::of(&self.state.settings);
        if let Some(((listener, _), handle)) = self.metrics.zip(api::metrics::recorder()) {
            let metrics = api::metrics::routes(self.state.clone(), handle);
            let stopped = workers.shutdown().clone();
            tokio::spawn(async move {
                let stop = async move { stopped.cancelled().await };
                if let Err(error) = api::server::serve(listener, metrics, limits, stop, Duration::from_secs(1)).await {
                    tracing::warn!(%error, "the metrics listener stopped");
                }
            });
        }
        let served = api::server::serve(self.listener, app, limits, stop, SHUTDOWN_GRACE).await;
        if !workers.join(SHUTDOWN_GRACE.saturating_sub(started.elapsed()).max(Duration::from_secs(1))).await {
            tracing::warn!("some workers did not stop in time");
        }
        served
    }

    fn start_workers(&self, workers: &Workers) {
        let services = &self.state.services;
        let (hub, db) = (services.hub.clone(), services.store.db().clone());
        workers.spawn("event-tailer", move |shutdown| hub.clone().tail(db.clone(), shutdown));
        let (writer, store, reply_window) = (services.messages.clone(), services.store.clone(), services.reply_window);
        workers.spawn("message-writer", move |shutdown| {
            let (writer, store) = (writer.clone(), store.clone());
            async move { writer.run(store, reply_window, shutdown).await }
        });
        let hub = services.hub.clone();
        workers.spawn("memory", move |shutdown| memory::return_freed(hub.clone(), shutdown));
        if services.store.backend() == sea_orm::DbBackend::Postgres {
            let (hub, db) = (services.hub.clone(), services.store.db().clone());
            workers.spawn("event-listener", move |shutdown| hub.clone().listen(db.clone(), shutdown));
        }
        // Assignment and queue places answer requests: they run whatever the settings.
        let router = services.router.clone();
        workers.spawn("router", move |shutdown| {
            let router = router.clone();
            async move { router.run(shutdown).await }
        });
        if !self.state.settings.background_workers {
            return;
        }
        let background = self.background.clone();
        let outbox = background.outbox.clone();
        workers.spawn("outbox", move |shutdown| {
            let outbox = outbox.clone();
            async move { outbox.run(shutdown).await }
        });
        let housekeeping = background.housekeeping.clone();
        workers.spawn("housekeeping", move |shutdown| {
            let housekeeping = housekeeping.clone();
            async move { housekeeping.run(shutdown).await }
        });
        let presence = background.presence.clone();
        workers.spawn("presence", move |shutdown| {
            let presence = presence.clone();
            async move { presence.run(shutdown).await }
        });
        let retention = background.retention;
        workers.spawn("event-retention", move |shutdown| retention.clone().run(shutdown));
    }
}

/// Reaches into a running server: its workers, and one round of each periodic task at a
/// chosen time, for tests and tools that run with `background_workers` off.
#[derive(Clone)]
pub struct Handle {
    workers: Workers,
    background: Background,
}

impl Handle {
    pub fn workers(&self) -> &Workers {
        &self.workers
    }

    /// Delivers every outbox row due at `now`; returns how many were attempted.
    pub async fn deliver_outbox(&self, now: DateTime<Utc>) -> Result<usize, sea_orm::DbErr> {
        self.background.outbox.deliver_due(now).await
    }

    /// Queues the reply emails and ends the conversations due at `now`.
    pub async fn run_housekeeping(&self, now: DateTime<Utc>) -> Result<(), service::Error> {
        self.background.housekeeping.round(now).await
    }

    /// Counts the streams closed so far: it changes once the server has noticed that a
    /// stream's connection is gone, so a caller can wait for that instead of guessing.
    pub fn closed_streams(&self) -> tokio::sync::watch::Receiver<u64> {
        self.background.presence.closed_streams()
    }

    /// One presence round at `now`: heartbeat, leases of the gone, the offline sweep.
    pub async fn run_presence(&self, now: DateTime<Utc>) -> Result<(), service::Error> {
        self.background.presence.round(now).await
    }

    /// One routing round at `now`: chats of agents who are gone back to the queue,
    /// assignments in `auto` routing, queue places; returns how many changes it made.
    pub async fn run_routing(&self, now: DateTime<Utc>) -> Result<usize, service::Error> {
        self.background.router.round(now).await
    }

    /// Forgets the `Idempotency-Key`s expired at `now`; returns how many.
    pub async fn expire_idempotency_keys(&self, now: DateTime<Utc>) -> Result<u64, service::Error> {
        service::core::idempotency::purge_expired(&self.background.store, now).await
    }

    /// Purges the events past the retention window at `now`.
    pub async fn purge_events(&self, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
        self.background.retention.purge(now).await
    }

    /// Stops the server as SIGTERM would.
    pub fn shut_down(&self) {
        self.workers.shut_down();
    }
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
