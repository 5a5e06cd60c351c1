//! An example on every success response, built from the schemas: the example of the
//! type where it has one (the resources write theirs as values of their Rust types, the
//! request values carry theirs in their schemas), else a value of its type and format.
//! The spec linter checks each one against its schema.

use serde_json::{Map, Value, json};

use super::{SCHEMAS, for_each_operation};

/// Objects nest at most this deep in an example (a conversation's agent's …).
const MAX_DEPTH: usize = 6;

pub fn add_success_examples(spec: &mut Value) {
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
        Some("integer") => integer_example(schema),
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        _ => json!({}),
    }
}

fn integer_example(schema: &Value) -> Value {
    let value = 3.max(schema["minimum"].as_i64().unwrap_or(0));
    json!(schema["maximum"].as_i64().map_or(value, |maximum| value.min(maximum)))
}

/// A string of the schema's format, else one that meets its pattern and length. Types
/// whose strings mean something (names, texts, tokens) carry their own examples.
fn string_example(schema: &Value, field: &str) -> Value {
    let mut text = match schema["format"].as_str() {
        Some("uuid") => uuid_for(field),
        Some("date-time") => "2026-11-29T10:15:30+00:00".to_owned(),
        Some("date") => "2026-11-29".to_owned(),
        Some("email") => "grace@example.com".to_owned(),
        Some("uri" | "url") => "https://help.example.com/articles/parcels".to_owned(),
        _ => "string".to_owned(),
    };
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
