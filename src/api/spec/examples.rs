//! An example on every success response, built from the schemas: a field's own
//! `example` where it has one, else a value of its type and format that reads like the
//! field (a name for `display_name`, a URL for `url`). The spec linter checks each one
//! against its schema.

use serde_json::{Map, Value, json};

use super::{SCHEMAS, for_each_operation};

/// Objects nest at most this deep in an example (a conversation's agent's …).
const MAX_DEPTH: usize = 6;

pub fn add_success_examples(spec: &mut Value) {
    for (name, example) in written_examples() {
        if spec["components"]["schemas"].get(name).is_some() {
            spec["components"]["schemas"][name]["example"] = example;
        }
    }
    let components = spec["components"]["schemas"].clone();
    for_each_operation(spec, |_, operation| {
        let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else { return };
        for (_, response) in responses.iter_mut().filter(|(status, _)| status.starts_with('2')) {
            let Some(contents) = response.get_mut("content").and_then(Value::as_object_mut) else { continue };
            for (media_type, media) in contents.iter_mut() {
                if media.get("example").is_some() {
                    continue;
                }
                let example = if media_type == "text/event-stream" {
                    sse_example(&components)
                } else {
                    example_of(&media["schema"], "", &components, 0)
                };
                media["example"] = example;
            }
        }
    });
}

/// The central types, written out so that their examples tell one consistent story
/// (an active conversation has an agent and no exit); the others are built.
fn written_examples() -> Vec<(&'static str, Value)> {
    let agent = json!({ "id": "0193a4e2-8f10-7a2b-9c3d-4e5f60718293", "name": "Ada Lovelace" });
    let conversation_id = "0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10";
    vec![
        (
            "Customer",
            json!({
                "id": "0193a4e2-6b0c-7d1e-8f2a-3b4c5d6e7f80",
                "external_id": "crm-4711",
                "display_name": "Grace",
                "email": "grace@example.com",
                "blocked": false,
                "online": true,
            }),
        ),
        ("AgentSummary", agent.clone()),
        (
            "Conversation",
            json!({
                "id": conversation_id,
                "customer": {
                    "id": "0193a4e2-6b0c-7d1e-8f2a-3b4c5d6e7f80", "external_id": "crm-4711", "display_name": "Grace",
                    "email": "grace@example.com", "blocked": false, "online": true,
                },
                "module_id": "0193a4e2-5a9b-7c0d-8e1f-2a3b4c5d6e7f",
                "module_version": 3,
                "process_ref": "order-support",
                "status": "active",
                "agent": agent.clone(),
                "left_message": false,
                "email_requested": false,
                "email": "grace@example.com",
                "quick_replies": [],
                "unanswered": 0,
                "entered_at": "2026-11-29T10:15:30Z",
                "claimed_at": "2026-11-29T10:16:05Z",
                "ended_at": null,
                "exit": null,
                "last_message_at": "2026-11-29T10:17:12Z",
                "last_message_preview": "We found your parcel.",
                "customer_seen_seq": 4,
                "agent_seen_seq": 5,
                "waited_seconds": 35,
                "group_id": null,
                "routing": "auto",
                "queue_position": null,
                "estimated_wait_seconds": null,
                "variables": {
                    "live_status": "active",
                    "live_exit_reason": null,
                    "live_exit_target": null,
                    "live_exit_target_kind": null,
                    "live_agent_id": agent["id"],
                    "live_agent_name": "Ada Lovelace",
                    "live_email": "grace@example.com",
                    "live_async": false,
                    "live_waited_seconds": 35,
                    "live_duration_seconds": 102,
                    "live_customer_messages": 2,
                    "live_agent_messages": 2,
                    "live_group": null,
                    "live_queue_position_at_entry": 1,
                },
            }),
        ),
        (
            "Message",
            json!({
                "id": "0193a4e2-9a8b-7c6d-8e5f-4a3b2c1d0e9f",
                "conversation_id": conversation_id,
                "seq": 5,
                "author_kind": "agent",
                "author": agent,
                "content": { "kind": "text", "text": "We found your parcel." },
                "client_message_id": "console-5f2c",
                "created_at": "2026-11-29T10:17:12Z",
            }),
        ),
    ]
}

/// A resumed stream as the server writes it: the event missed (replayed), then
/// `stream.ready` at the stream's position.
fn sse_example(components: &Value) -> Value {
    let event = json!({
        "type": "message.created",
        "id": 42,
        "data": example_of(&json!({ "$ref": format!("{SCHEMAS}Message") }), "", components, 0),
    });
    let ready = json!({ "type": "stream.ready", "id": 42, "data": { "last_event_id": 42 } });
    format!("event: message.created\nid: 42\ndata: {event}\n\nevent: stream.ready\nid: 42\ndata: {ready}\n\n").into()
}

fn example_of(schema: &Value, field: &str, components: &Value, depth: usize) -> Value {
    if let Some(example) = schema.get("example").or_else(|| schema.pointer("/examples/0")) {
        return example.clone();
    }
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.strip_prefix(SCHEMAS)) {
        return example_of(&components[name], field, components, depth);
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(first) = schema["enum"].as_array().and_then(|values| values.iter().find(|value| !value.is_null())) {
        return first.clone();
    }
    if let Some(members) = schema["allOf"].as_array() {
        let mut merged = Map::new();
        for member in members {
            match example_of(member, field, components, depth) {
                Value::Object(fields) => merged.extend(fields),
                other if members.len() == 1 => return other,
                _ => {}
            }
        }
        return Value::Object(merged);
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(member) = schema[key].as_array().and_then(|members| members.iter().find(|m| m["type"] != "null")) {
            return example_of(member, field, components, depth);
        }
    }
    let kind = match &schema["type"] {
        Value::Array(kinds) => kinds.iter().find(|kind| *kind != "null").cloned().unwrap_or(Value::Null),
        kind => kind.clone(),
    };
    match kind.as_str() {
        Some("object") => {
            let mut object = Map::new();
            if depth < MAX_DEPTH {
                for (name, property) in schema["properties"].as_object().into_iter().flatten() {
                    object.insert(name.clone(), example_of(property, name, components, depth + 1));
                }
            }
            Value::Object(object)
        }
        Some("array") if depth < MAX_DEPTH => json!([example_of(&schema["items"], field, components, depth + 1)]),
        Some("array") => json!([]),
        Some("string") => string_example(schema, field),
        Some("integer") => integer_example(schema, field),
        Some("number") => json!(1.5),
        Some("boolean") => json!(field != "blocked"),
        _ => json!({}),
    }
}

fn integer_example(schema: &Value, field: &str) -> Value {
    let minimum = schema["minimum"].as_i64().unwrap_or(0);
    let value = match field {
        "seq" | "agent_seen_seq" | "customer_seen_seq" => 7,
        "id" | "event_id" | "last_event_id" => 42,
        "status" => 200,
        name if name.ends_with("_secs") || name.ends_with("_seconds") => 90,
        _ => 3,
    };
    let value = value.max(minimum);
    json!(schema["maximum"].as_i64().map_or(value, |maximum| value.min(maximum)))
}

fn string_example(schema: &Value, field: &str) -> Value {
    let by_format = match schema["format"].as_str() {
        Some("uuid") => Some(uuid_for(field)),
        Some("date-time") => Some("2026-11-29T10:15:30Z".to_owned()),
        Some("date") => Some("2026-11-29".to_owned()),
        Some("email") => Some("grace@example.com".to_owned()),
        Some("uri" | "url") => Some("https://help.example.com/articles/parcels".to_owned()),
        _ => None,
    };
    let by_name = || {
        let text = match field {
            "email" | "live_email" => "grace@example.com",
            "display_name" | "name" | "agent_name" | "live_agent_name" => "Grace Hopper",
            "text" => "Where is my parcel?",
            "title" => "Tracking a parcel",
            "url" => "https://help.example.com/articles/parcels",
            "token" => "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJleGFtcGxlIn0.c2lnbmF0dXJl",
            "key" => "lc_3kTqXZ9vJ2mN8pR4sW7yB1cD5fG6hL0",
            "key_prefix" | "prefix" => "lc_3kTq",
            "secret" => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "external_id" => "crm-4711",
            "process_ref" => "order-support",
            "detail" => "The conversation has ended.",
            "type" => "about:blank",
            "instance" => "/v1/conversations/0193a4e2-7c1d-7b3e-9f4a-2c8e5d6f7a10",
            "last_error" | "error" | "disabled_reason" => "the endpoint answered 503",
            "topic" => "message.created",
            "version" => "0.1.0",
            "label" | "quick_reply_id" => "track",
            "opens" => "09:00",
            "closes" => "17:30",
            "time_zone" => "Europe/Berlin",
            "live_group" => "Billing",
            _ => "string",
        };
        text.to_owned()
    };
    let mut text = by_format.unwrap_or_else(by_name);
    if let Some(pattern) = schema["pattern"].as_str()
        && regex::Regex::new(pattern).is_ok_and(|pattern| !pattern.is_match(&text))
    {
        text = "a".to_owned();
    }
    let min = schema["minLength"].as_u64().unwrap_or(0) as usize;
    while text.chars().count() < min {
        text.push('x');
    }
    if let Some(max) = schema["maxLength"].as_u64() {
        text = text.chars().take(max as usize).collect();
    }
    text.into()
}

/// A fixed UUID per field, so that examples are stable and ids of different things differ.
fn uuid_for(field: &str) -> String {
    let digest = field.bytes().fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193));
    format!("0193a4e2-7c1d-7b3e-9f4a-{:012x}", u64::from(digest) * 4099)
}
