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
mod streams;
mod webhooks;

use poem_openapi::{OpenApiService, Tags};

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
        .license("Apache-2.0")
}

/// The published OpenAPI document, as committed in `openapi/openapi.json` and served
/// at `/openapi.json`.
pub fn spec_json() -> String {
    let generated: serde_json::Value = serde_json::from_str(&service().spec()).expect("poem-openapi writes valid JSON");
    let mut spec = serde_json::to_string_pretty(&mark_optional_nullable(generated)).expect("a JSON value serialises");
    spec.push('\n');
    spec
}

/// poem-openapi leaves an `Option` field out of `required` but does not say it may be
/// `null`, which is how the server sends an absent value. OpenAPI 3.0 says so with
/// `nullable: true` (a `$ref` needs an `allOf` wrapper to carry it).
fn mark_optional_nullable(mut spec: serde_json::Value) -> serde_json::Value {
    use serde_json::{Value, json};
    let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return spec };
    for schema in schemas.values_mut() {
        let required: Vec<String> = schema["required"]
            .as_array()
            .map(|names| names.iter().filter_map(|name| name.as_str().map(str::to_owned)).collect())
            .unwrap_or_default();
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else { continue };
        for (name, property) in properties.iter_mut() {
            if required.contains(name) {
                continue;
            }
            if let Some(reference) = property.get("$ref").cloned() {
                *property = json!({ "allOf": [{ "$ref": reference }], "nullable": true });
            } else if let Some(object) = property.as_object_mut() {
                object.insert("nullable".into(), Value::Bool(true));
            }
        }
    }
    spec
}
