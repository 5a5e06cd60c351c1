//! The HTTP API: one poem-openapi struct per resource. Handlers authenticate and parse,
//! call one use case, and map its result to DTOs; errors become problem documents.

mod agents;
mod api_keys;
mod auth;
mod conversations;
mod customers;
mod entries;
mod health;
mod messages;
mod models;
mod modules;
pub mod problem;
mod security;
mod spec;
mod stream_events;
mod streams;
mod webhooks;

use poem_openapi::{LicenseObject, OpenApiService, Tags};

pub use spec::{published, render, spec_json};

pub const TITLE: &str = "livechat";

#[derive(Tags)]
pub enum Tag {
    /// Agent login.
    Auth,
    /// Agent accounts (admins) and the calling agent's own profile and presence.
    Agents,
    /// Module configurations: one live-chat step of a process each, versioned (admins).
    Modules,
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
    /// Webhook endpoints of the bot platform and the outbox of emails and webhooks (admins).
    Webhooks,
    /// Server-Sent Events streams for agents and customers, resumable with `Last-Event-ID`.
    Streams,
    /// Liveness and readiness for operators.
    Health,
}

pub type Apis = (
    health::HealthApi,
    auth::AuthApi,
    agents::AgentApi,
    modules::ModuleApi,
    api_keys::ApiKeyApi,
    customers::CustomerApi,
    entries::EntryApi,
    conversations::ConversationApi,
    messages::MessageApi,
    streams::StreamApi,
    webhooks::WebhookApi,
);

/// The API with its spec; builds without a database.
pub fn service() -> OpenApiService<Apis, ()> {
    let apis = (
        health::HealthApi,
        auth::AuthApi,
        agents::AgentApi,
        modules::ModuleApi,
        api_keys::ApiKeyApi,
        customers::CustomerApi,
        entries::EntryApi,
        conversations::ConversationApi,
        messages::MessageApi,
        streams::StreamApi,
        webhooks::WebhookApi,
    );
    OpenApiService::new(apis, TITLE, env!("CARGO_PKG_VERSION"))
        .description(include_str!("description.md"))
        .license(LicenseObject::new("Apache-2.0").url("https://www.apache.org/licenses/LICENSE-2.0"))
}
