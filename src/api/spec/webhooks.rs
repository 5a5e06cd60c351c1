//! The `webhooks` section: what the server posts to a registered endpoint for each
//! event type, with the Standard Webhooks signature headers.

use serde_json::{Value, json};

use super::{SCHEMAS, pascal_case};

/// The webhooks' own tag: generators that put each tag in a file of its own must not
/// mix them with the operations on `/v1/webhooks`.
const WEBHOOK_EVENTS_TAG: &str = "WebhookEvents";

/// One webhook per event type an endpoint can subscribe to. The body is
/// `{type, event_id, timestamp, data}`, where `data` is what a stream carries for the
/// same event.
pub fn describe_webhooks(spec: &mut Value) {
    let Some(stream_events) = spec.pointer("/components/schemas/StreamEvent/discriminator/mapping").cloned() else {
        return;
    };
    let event_types: Vec<String> = spec
        .pointer("/components/schemas/WebhookEventType/enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|event_type| *event_type != "*")
        .map(str::to_owned)
        .collect();
    let parameters = json!({
        "WebhookId": {
            "name": "webhook-id", "in": "header", "required": true,
            "description": "The delivery's id (`msg_…`), the same on every attempt and replay of it: drop a delivery whose id you have seen.",
            "schema": { "type": "string", "pattern": "^msg_[0-9a-f]{32}$" },
        },
        "WebhookTimestamp": {
            "name": "webhook-timestamp", "in": "header", "required": true,
            "description": "When this attempt was signed, in seconds since the Unix epoch; refuse one far from your clock.",
            "schema": { "type": "integer", "format": "int64" },
        },
        "WebhookSignature": {
            "name": "webhook-signature", "in": "header", "required": true,
            "description": "`v1,` + base64(HMAC-SHA256(key, `{webhook-id}.{webhook-timestamp}.{body}`)), where the key is the base64 after `whsec_` in the endpoint's secret (Standard Webhooks). Several space-separated signatures may come; accept if one matches.",
            "schema": { "type": "string", "pattern": "^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$" },
        },
    });
    for (name, parameter) in parameters.as_object().into_iter().flatten() {
        spec["components"]["parameters"][name] = parameter.clone();
    }
    let mut webhooks = serde_json::Map::new();
    for event_type in &event_types {
        let Some(member) = stream_events[event_type].as_str().and_then(|r| r.strip_prefix(SCHEMAS)) else { continue };
        let member = spec["components"]["schemas"][member].clone();
        let description = member["description"].as_str().unwrap_or_default().to_owned();
        let name = format!("{}Webhook", pascal_case(event_type));
        spec["components"]["schemas"][&name] = json!({
            "type": "object",
            "description": format!("The `{event_type}` webhook's body. {description}"),
            "required": ["type", "event_id", "timestamp", "data"],
            "properties": {
                "type": { "type": "string", "enum": [event_type] },
                "event_id": { "type": "integer", "format": "int64", "description": "The event's id, as on the streams." },
                "timestamp": { "type": "string", "format": "date-time", "description": "When the webhook was queued." },
                "data": member["properties"]["data"].clone(),
            },
        });
        let reference = format!("{SCHEMAS}{name}");
        let always = if event_type == "conversation.ended" {
            " Every enabled endpoint gets it, whatever it subscribed to."
        } else {
            ""
        };
        webhooks.insert(
            event_type.clone(),
            json!({ "post": {
                "operationId": format!("{}_webhook", event_type.replace('.', "_")),
                "summary": format!("`{event_type}` posted to a webhook endpoint"),
                "description": format!("{description}{always} Retried with backoff until the endpoint answers 2xx; verify the signature before trusting the body."),
                "tags": [WEBHOOK_EVENTS_TAG],
                "security": [],
                "parameters": [
                    { "$ref": "#/components/parameters/WebhookId" },
                    { "$ref": "#/components/parameters/WebhookTimestamp" },
                    { "$ref": "#/components/parameters/WebhookSignature" },
                ],
                "requestBody": { "required": true, "content": { "application/json": { "schema": { "$ref": reference } } } },
                "responses": {
                    "200": { "description": "Received; any 2xx status ends the retries." },
                    "400": { "description": "Refused (a bad signature, say); retried like any answer that is not 2xx." },
                },
            } }),
        );
    }
    spec["webhooks"] = Value::Object(webhooks);
    if let Some(tags) = spec.get_mut("tags").and_then(Value::as_array_mut) {
        tags.push(json!({
            "name": WEBHOOK_EVENTS_TAG,
            "description": "What the server posts to the bot platform's webhook endpoints, signed per Standard Webhooks.",
        }));
    }
}
