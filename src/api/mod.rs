//! The HTTP API: one poem-openapi struct per resource. Handlers authenticate and parse,
//! call one use case, and map its result to DTOs; errors become problem documents.
//! [`routes`] puts the API, its spec, its docs and the middleware together.

mod agents;
mod api_keys;
mod attachments;
mod auth;
mod canned;
mod conversations;
mod customers;
mod entries;
mod groups;
mod health;
mod history;
mod idempotency;
mod messages;
pub mod metrics;
pub mod middleware;
mod models;
mod modules;
mod notes;
pub mod problem;
mod rate_limit;
mod reports;
mod security;
pub mod server;
mod spec;
mod stream_connection;
mod stream_events;
mod streams;
mod tags;
mod webhooks;

use std::sync::Arc;

use poem::{EndpointExt, Route};
use poem_openapi::{LicenseObject, OpenApiService, Tags};

pub use spec::{published, render, spec_json, spec_json_32};

use crate::config::Settings;
use crate::service::Services;

pub const TITLE: &str = "livechat";

/// What every request shares.
pub struct AppState {
    pub services: Services,
    pub settings: Settings,
}

#[derive(Tags)]
pub enum Tag {
    /// Agent login.
    Auth,
    /// Agent accounts (admins) and the calling agent's own profile and presence.
    Agents,
    /// Module configurations: one live-chat step of a process each, versioned (admins).
    Modules,
    /// Groups of agents (departments) that serve modules' conversations.
    Groups,
    /// API keys for the bot platform (admins).
    ApiKeys,
    /// Customers: tokens for the bot platform; look-up and unblocking for admins.
    Customers,
    /// Entering the module: the bot platform hands a customer over.
    Entries,
    /// Conversations: the Live list, taking over, agent actions and customer exits.
    Conversations,
    /// Messages of a conversation.
    Messages,
    /// Finding past and open conversations by filters and words.
    History,
    /// Files in conversations: uploads, downloads and thumbnails.
    Attachments,
    /// Internal notes agents leave each other on a conversation; customers never see them.
    Notes,
    /// Saved replies with a short code, rendered into a message on send.
    CannedResponses,
    /// Labels admins keep and agents put on conversations; customers never see them.
    Tags,
    /// Figures of chats over time, per group and agent.
    Reports,
    /// Webhook endpoints of the bot platform and the outbox of emails and webhooks (admins).
    Webhooks,
    /// Server-Sent Events streams for agents and customers, resumable with `Last-Event-ID`.
    Streams,
    /// Liveness and readiness for operators.
    Health,
}

/// The API's parts: the chat itself, then the agent's working day (poem-openapi takes at
/// most 16 parts in one tuple).
pub type Apis = (
    (
        health::HealthApi,
        auth::AuthApi,
        agents::AgentApi,
        modules::ModuleApi,
        groups::GroupApi,
        api_keys::ApiKeyApi,
        customers::CustomerApi,
        entries::EntryApi,
        conversations::ConversationApi,
        messages::MessageApi,
        streams::StreamApi,
        webhooks::WebhookApi,
    ),
    (
        history::HistoryApi,
        notes::NoteApi,
        canned::CannedApi,
        tags::TagApi,
        reports::ReportApi,
        attachments::AttachmentApi,
    ),
);

/// The API with its spec; builds without a database.
pub fn service() -> OpenApiService<Apis, ()> {
    let apis = (
        (
            health::HealthApi,
            auth::AuthApi,
            agents::AgentApi,
            modules::ModuleApi,
            groups::GroupApi,
            api_keys::ApiKeyApi,
            customers::CustomerApi,
            entries::EntryApi,
            conversations::ConversationApi,
            messages::MessageApi,
            streams::StreamApi,
            webhooks::WebhookApi,
        ),
        (
            history::HistoryApi,
            notes::NoteApi,
            canned::CannedApi,
            tags::TagApi,
            reports::ReportApi,
            attachments::AttachmentApi,
        ),
    );
    OpenApiService::new(apis, TITLE, env!("CARGO_PKG_VERSION"))
        .description(include_str!("description.md"))
        .license(LicenseObject::new("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0"))
}

/// The whole HTTP application: API, spec, docs, and the middleware every request passes.
pub fn routes(state: Arc<AppState>) -> impl poem::Endpoint<Output = poem::Response> {
    let body_limits = middleware::BodyLimits {
        max_bytes: state.settings.http.max_body.0,
        timeout: state.settings.http.body_read_timeout,
    };
    let cors = middleware::cors(&state.settings.http.cors_allowed_origins);
    let shared_limits = crate::service::limits::Shared::of(&state.services);
    let rate_limits = Arc::new(rate_limit::RateLimits::new(&state.settings, shared_limits));
    let idempotency_state = state.clone();
    let api = service();
    let raw_spec = api.spec();
    let published = published(&raw_spec);
    let spec_json = render(&published);
    let operations = Arc::new(middleware::Operations::new(&published));
    let paths = operations.clone();
    let streamed = operations.clone();
    // poem-openapi's Swagger UI page embeds its own spec; `/docs` shows the published one.
    let docs_html = api.swagger_ui_html().replacen(&raw_spec, &spec_json, 1);
    let docs = Route::new().at("/", poem::endpoint::make_sync(move |_| poem::web::Html(docs_html.clone())));
    let spec_json_32 = render(&spec::as_openapi_32(&published));
    let spec = poem::endpoint::make_sync(move |_| {
        poem::Response::builder().content_type("application/json; charset=utf-8").body(spec_json.clone())
    });
    let spec_32 = poem::endpoint::make_sync(move |_| {
        poem::Response::builder().content_type("application/json; charset=utf-8").body(spec_json_32.clone())
    });
    Route::new()
        .nest("/", api)
        .at("/openapi.json", spec)
        .at("/openapi-3.2.json", spec_32)
        .nest("/docs", docs)
        .data(state)
        .catch_all_error(problem::render)
        .around(move |endpoint, request| {
            idempotency::guard(endpoint, request, idempotency_state.clone(), operations.clone())
        })
        .around(move |endpoint, request| rate_limit::limit_rate(endpoint, request, rate_limits.clone()))
        .around(move |endpoint, request| middleware::limit_body(endpoint, request, body_limits, streamed.clone()))
        .with(cors)
        // Refusals of the middleware above (CORS) become problems too.
        .catch_all_error(problem::render)
        .around(middleware::vary_by_origin)
        .around(move |endpoint, request| middleware::allow_header(endpoint, request, paths.clone()))
        .around(middleware::request_context)
}
