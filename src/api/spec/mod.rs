//! The published OpenAPI document: poem-openapi's output, with the fixes that make it a
//! contract generators, linters and fuzzers read as the server behaves.

use super::service;

mod examples;
mod openapi31;
mod webhooks;

/// The published OpenAPI document, as committed in `openapi/openapi.json` and served
/// at `/openapi.json`.
pub fn spec_json() -> String {
    render(&published(&service().spec()))
}

/// The same document as OpenAPI 3.2, as committed in `openapi/openapi-3.2.json` and
/// served at `/openapi-3.2.json`: streams carry their item schema (`itemSchema`).
pub fn spec_json_32() -> String {
    render(&as_openapi_32(&published(&service().spec())))
}

pub use openapi31::as_openapi_32;

/// The published document as a value: poem-openapi's `raw` spec (OpenAPI 3.0) with the
/// fixes below, written as OpenAPI 3.1.
pub fn published(raw: &str) -> serde_json::Value {
    let mut spec: serde_json::Value = serde_json::from_str(raw).expect("poem-openapi writes valid JSON");
    fold_annotated_refs(&mut spec);
    drop_null_example_fields(&mut spec);
    describe_success_responses(&mut spec);
    mark_public_operations(&mut spec);
    document_common_headers(&mut spec);
    document_idempotency_keys(&mut spec);
    openapi31::flatten_union_members(&mut spec);
    openapi31::mark_optional_nullable(&mut spec);
    openapi31::open_response_enums(&mut spec);
    openapi31::name_enum_values(&mut spec);
    list_stream_events(&mut spec);
    openapi31::describe_streams(&mut spec);
    webhooks::describe_webhooks(&mut spec);
    examples::add_success_examples(&mut spec);
    spec["openapi"] = "3.1.0".into();
    // Relative, so that `/docs` and generated clients call whichever host serves it.
    spec["servers"] = serde_json::json!([{ "url": "/", "description": "The server that serves this document" }]);
    spec
}

/// Each stream's description ends with the event types it carries, made from the rule
/// the server filters its streams by (`EventType::reaches_customers`), so that the
/// contract cannot lag what the server sends.
fn list_stream_events(spec: &mut serde_json::Value) {
    use crate::domain::EventType;
    let every: fn(EventType) -> bool = |_| true;
    let carried = [("stream_agent_events", every), ("stream_customer_events", EventType::reaches_customers)];
    for_each_operation(spec, |_, operation| {
        let Some(&(_, reaches)) = carried.iter().find(|(id, _)| operation["operationId"] == *id) else { return };
        let stored = EventType::ALL.iter().copied().filter(|event_type| reaches(*event_type)).map(EventType::as_str);
        let names: Vec<String> = ["stream.ready", "stream.reset", "stream.reconnect"]
            .into_iter()
            .chain(stored)
            .chain(["typing"])
            .map(|name| format!("`{name}`"))
            .collect();
        let description = operation["description"].as_str().unwrap_or_default().trim_end().to_owned();
        operation["description"] = format!("{description}\n\nEvent types on this stream: {}.", names.join(", ")).into();
    });
}

/// The document as it is published: pretty JSON with a final newline.
pub fn render(spec: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(spec).expect("a JSON value serialises");
    text.push('\n');
    text
}

/// poem-openapi annotates a field of a named type as `allOf: [{$ref}, {description}]`.
/// Generators read that as a new anonymous type; the same thing as `allOf: [{$ref}]`
/// with the annotations beside it keeps the named type. An object-valued `default`
/// beside a reference is dropped: generators cannot express it, and the server applies
/// it anyway.
fn fold_annotated_refs(spec: &mut serde_json::Value) {
    use serde_json::Value;
    const ANNOTATIONS: &[&str] = &["description", "default", "example", "title"];
    let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    let properties = schemas.values_mut().filter_map(|schema| schema.get_mut("properties")?.as_object_mut());
    for property in properties.flat_map(|properties| properties.values_mut()) {
        let Some(members) = property.get("allOf").and_then(Value::as_array).cloned() else { continue };
        let (references, others): (Vec<Value>, Vec<Value>) =
            members.into_iter().partition(|member| member.get("$ref").is_some());
        let annotation_only = |member: &Value| {
            member.as_object().is_some_and(|fields| fields.keys().all(|key| ANNOTATIONS.contains(&key.as_str())))
        };
        if references.len() != 1 || !others.iter().all(annotation_only) {
            continue;
        }
        for (key, value) in others.iter().filter_map(Value::as_object).flatten() {
            if property.get(key).is_none() {
                property[key] = value.clone();
            }
        }
        property["allOf"] = Value::Array(references);
        if let Some(fields) = property.as_object_mut()
            && fields.get("default").is_some_and(|default| default.is_object() || default.is_array())
        {
            fields.remove("default");
        }
    }
}

/// Examples built from DTOs carry `null` for absent optional fields; an example reads
/// better, and validates in every linter, without them.
fn drop_null_example_fields(spec: &mut serde_json::Value) {
    let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(serde_json::Value::as_object_mut) else {
        return;
    };
    for schema in schemas.values_mut() {
        if let Some(example) = schema.get_mut("example").and_then(serde_json::Value::as_object_mut) {
            example.retain(|_, value| !value.is_null());
        }
    }
}

/// poem-openapi leaves the description of a plain success response empty; it names
/// what comes back instead, and for streams how an SSE message maps to a `StreamEvent`.
fn describe_success_responses(spec: &mut serde_json::Value) {
    for_each_operation(spec, |_, operation| {
        let Some(responses) = operation.get_mut("responses").and_then(serde_json::Value::as_object_mut) else { return };
        for response in responses.values_mut().filter(|response| response["description"] == "") {
            let description = if response.pointer("/content/text~1event-stream").is_some() {
                "Server-Sent Events: each message's `data:` is one `StreamEvent` as JSON, and its `event:` and `id:` \
                 repeat the event's `type` and `id` (no `id:` when it has none). Keep-alive comments keep the \
                 connection open. Read it with an SSE client, not as one JSON body."
                    .to_owned()
            } else {
                let schema = response.pointer("/content/application~1json; charset=utf-8/schema/$ref");
                match schema.and_then(serde_json::Value::as_str) {
                    Some(reference) => format!("The `{}`.", reference.rsplit('/').next().unwrap_or(reference)),
                    None => "Done.".to_owned(),
                }
            };
            response["description"] = description.into();
        }
    });
}

/// Operations without a credential (health, login) say so with an empty `security`.
fn mark_public_operations(spec: &mut serde_json::Value) {
    for_each_operation(spec, |_, operation| {
        if operation.get("security").is_none() {
            operation["security"] = serde_json::json!([]);
        }
    });
}

/// Headers the middleware sends that no handler declares: `X-Request-Id` on every
/// response, and `WWW-Authenticate` on every 401.
fn document_common_headers(spec: &mut serde_json::Value) {
    use serde_json::json;
    spec["components"]["headers"] = json!({
        "X-Request-Id": {
            "description": "The request's id: the caller's `X-Request-Id` when it is sane (1–64 letters, digits, `-`, `_`), else a new one. The server's log lines of the request carry it.",
            "required": true,
            "schema": { "type": "string", "maxLength": 64 }
        },
        "WWW-Authenticate": {
            "description": "The scheme the operation takes: `Bearer`.",
            "required": true,
            "schema": { "type": "string" }
        }
    });
    for_each_operation(spec, |_, operation| {
        let Some(responses) = operation.get_mut("responses").and_then(serde_json::Value::as_object_mut) else { return };
        for (status, response) in responses.iter_mut() {
            let headers = &mut response["headers"];
            if !headers.is_object() {
                *headers = json!({});
            }
            // poem-openapi writes the headers of a response type in capitals (`LOCATION`).
            if let Some(named) = headers.as_object_mut() {
                let shouting: Vec<String> =
                    named.keys().filter(|name| !name.chars().any(|c| c.is_ascii_lowercase())).cloned().collect();
                for name in shouting {
                    if let Some(header) = named.remove(&name) {
                        named.insert(title_case(&name), header);
                    }
                }
            }
            headers["X-Request-Id"] = json!({ "$ref": "#/components/headers/X-Request-Id" });
            if status == "401" {
                headers["WWW-Authenticate"] = json!({ "$ref": "#/components/headers/WWW-Authenticate" });
            }
        }
    });
}

/// The `Idempotency-Key` header, described once with the schema its `IdempotencyKey`
/// type gives it, on the operations that name that type in their signature; and the
/// answers it brings: 422 for a key reused with another request, 409 while the first is
/// under way, `Idempotent-Replayed` on a repeated answer.
fn document_idempotency_keys(spec: &mut serde_json::Value) {
    use serde_json::json;
    spec["components"]["parameters"]["IdempotencyKey"] = json!({
        "name": "Idempotency-Key",
        "in": "header",
        "required": false,
        "description": "A key of your choosing (a UUID, say), unique per request you mean to make once. A retry with the same key and the same request (method, path, query, and body as parsed: the same JSON with other whitespace or key order is the same request) gets the first answer again (status, body, `Location`), with `Idempotent-Replayed: true`, and acts no second time; the same key with another request is 422 `idempotency_key_reused`; while the first is under way, 409 `idempotency_key_in_use`. Keys belong to the caller (the API key, agent or customer behind the credential) and are kept 24 hours (`idempotency_key_ttl_secs`), encrypted. Answers worth retrying (5xx, 408, 429) and refused credentials (401) are not kept.",
    });
    spec["components"]["headers"]["Idempotent-Replayed"] = json!({
        "description": "`true` when this is the first answer to an earlier request with the same `Idempotency-Key`, sent again.",
        "required": false,
        "schema": { "type": "string", "enum": ["true"] },
    });
    let mut schema = None;
    for_each_operation(spec, |_, operation| {
        {
            let Some(parameters) = operation.get_mut("parameters").and_then(serde_json::Value::as_array_mut) else {
                return;
            };
            let Some(at) = parameters.iter().position(|parameter| parameter["name"] == super::idempotency::PARAMETER)
            else {
                return;
            };
            schema = Some(parameters.remove(at)["schema"].take());
            parameters.push(json!({ "$ref": "#/components/parameters/IdempotencyKey" }));
        }
        {
            let Some(responses) = operation["responses"].as_object_mut() else { return };
            let problem = responses.get("401").map(|refused| refused["content"].clone()).unwrap_or_default();
            for (status, why) in [
                (
                    "409",
                    "Or the first request with this `Idempotency-Key` is still under way (`idempotency_key_in_use`): retry after `Retry-After`.",
                ),
                ("422", "Or the `Idempotency-Key` was sent with another request (`idempotency_key_reused`)."),
            ] {
                let response = responses.entry(status).or_insert_with(|| {
                    json!({ "description": "", "content": problem.clone(), "headers": { "X-Request-Id": { "$ref": "#/components/headers/X-Request-Id" } } })
                });
                let before = response["description"].as_str().unwrap_or_default().to_owned();
                response["description"] = format!("{before} {why}").trim().to_owned().into();
                if status == "409" {
                    response["headers"]["Retry-After"] = json!({
                        "description": "Seconds to wait before retrying, when the key is in use.",
                        "required": false,
                        "schema": { "type": "integer", "minimum": 1 },
                    });
                }
            }
            for (_, response) in responses.iter_mut().filter(|(status, _)| status.starts_with('2')) {
                response["headers"]["Idempotent-Replayed"] =
                    json!({ "$ref": "#/components/headers/Idempotent-Replayed" });
            }
        }
    });
    spec["components"]["parameters"]["IdempotencyKey"]["schema"] = schema.unwrap_or_default();
}

/// `LOCATION` → `Location`, `RETRY-AFTER` → `Retry-After`.
fn title_case(name: &str) -> String {
    name.split('-')
        .map(|part| {
            let lower = part.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars.next().map(|first| first.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join("-")
}

fn for_each_operation(spec: &mut serde_json::Value, mut visit: impl FnMut(&str, &mut serde_json::Value)) {
    let Some(paths) = spec.get_mut("paths").and_then(serde_json::Value::as_object_mut) else { return };
    for path in paths.values_mut() {
        let Some(operations) = path.as_object_mut() else { continue };
        for (method, operation) in operations.iter_mut() {
            if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                visit(method, operation);
            }
        }
    }
}

const SCHEMAS: &str = "#/components/schemas/";

/// `conversation.waiting` → `ConversationWaiting`.
fn pascal_case(value: &str) -> String {
    value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| part[..1].to_ascii_uppercase() + &part[1..])
        .collect()
}
