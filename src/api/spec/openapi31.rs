//! From poem-openapi's OpenAPI 3.0 to the published OpenAPI 3.1: nulls as JSON Schema
//! says them, unions whose members each carry their discriminator, enums that stay
//! readable when a value is added, and streams described as streams.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::{SCHEMAS, for_each_operation, pascal_case};

/// The component names a value refers to (`$ref`), directly.
fn references(value: &Value, found: &mut BTreeSet<String>) {
    match value {
        Value::Object(fields) => {
            if let Some(name) = fields.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix(SCHEMAS)) {
                found.insert(name.to_owned());
            }
            fields.values().for_each(|field| references(field, found));
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

/// The component schemas reachable from `roots`, following references.
fn reachable(spec: &Value, roots: &[&Value]) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending = BTreeSet::new();
    roots.iter().for_each(|root| references(root, &mut pending));
    while let Some(name) = pending.pop_first() {
        if seen.insert(name.clone())
            && let Some(schema) = spec.pointer(&format!("/components/schemas/{name}"))
        {
            let mut more = BTreeSet::new();
            references(schema, &mut more);
            pending.extend(more.into_iter().filter(|name| !seen.contains(name)));
        }
    }
    seen
}

/// poem-openapi writes each member of a discriminated union as
/// `allOf: [{discriminator property}, {$ref: the member's type}]`. A member that is one
/// object, with the discriminator among its required properties, is what every oneOf
/// decoder reads, with or without discriminator support. A member's type that nothing
/// else refers to is dropped.
pub fn flatten_union_members(spec: &mut Value) {
    let Some(schemas) = spec.pointer("/components/schemas").and_then(Value::as_object).cloned() else { return };
    let mut inlined = BTreeSet::new();
    for union in schemas.values().filter(|schema| schema.get("discriminator").is_some()) {
        let members = union["oneOf"].as_array().into_iter().flatten();
        for name in members.filter_map(|member| member["$ref"].as_str()?.strip_prefix(SCHEMAS)) {
            let Some(parts) = schemas[name]["allOf"].as_array() else { continue };
            let mut properties = Map::new();
            let mut required: Vec<Value> = Vec::new();
            let mut description = schemas[name].get("description").cloned();
            for part in parts {
                let part = match part["$ref"].as_str().and_then(|r| r.strip_prefix(SCHEMAS)) {
                    Some(base) => {
                        inlined.insert(base.to_owned());
                        description = schemas[base].get("description").cloned().or(description);
                        &schemas[base]
                    }
                    None => part,
                };
                properties.extend(part["properties"].as_object().cloned().unwrap_or_default());
                required.extend(part["required"].as_array().cloned().unwrap_or_default());
            }
            let mut flat = json!({ "type": "object", "required": required, "properties": properties });
            if let Some(description) = description {
                flat["description"] = description;
            }
            spec["components"]["schemas"][name] = flat;
        }
    }
    // Drop the inlined types nothing refers to any more.
    let mut used = BTreeSet::new();
    references(spec, &mut used);
    if let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        schemas.retain(|name, _| !inlined.contains(name) || used.contains(name));
    }
}

/// poem-openapi leaves an `Option` field out of `required` but does not say it may be
/// `null`, which is how the server sends an absent value: `type: [T, "null"]`, or for a
/// named type `oneOf` with `{type: "null"}`.
pub fn mark_optional_nullable(spec: &mut Value) {
    let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    for schema in schemas.values_mut() {
        let required = schema["required"].as_array().cloned().unwrap_or_default();
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else { continue };
        for (name, property) in properties.iter_mut() {
            if !required.iter().any(|required| required == name) {
                make_nullable(property);
            }
        }
    }
}

fn make_nullable(property: &mut Value) {
    let reference = property.get("$ref").cloned().or_else(|| match property["allOf"].as_array() {
        Some(members) if members.len() == 1 => members[0].get("$ref").cloned(),
        _ => None,
    });
    if let Some(reference) = reference {
        let mut wrapped = json!({ "oneOf": [{ "$ref": reference }, { "type": "null" }] });
        for key in ["description", "default", "example", "title"] {
            if let Some(value) = property.get(key) {
                wrapped[key] = value.clone();
            }
        }
        *property = wrapped;
    } else if let Some(kind) = property.get("type").and_then(Value::as_str).map(str::to_owned) {
        property["type"] = json!([kind, "null"]);
        if let Some(values) = property.get_mut("enum").and_then(Value::as_array_mut) {
            values.push(Value::Null);
        }
    }
    // A free-form value (no `type`, no reference) already admits `null`.
}

/// Enums in what the server sends are open: a later version may add a value, and a
/// client built today must still read the response. Where a schema only ever appears in
/// responses, a field of an enum type reads `anyOf: [the enum, any string]`; generated
/// clients keep an unknown value as a string. Requests keep the closed enum: the server
/// refuses values it does not know.
pub fn open_response_enums(spec: &mut Value) {
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    if let Some(paths) = spec["paths"].as_object() {
        for operation in paths.values().filter_map(Value::as_object).flat_map(|path| path.values()) {
            inputs.extend(operation.get("requestBody"));
            inputs.extend(operation.get("parameters"));
            outputs.extend(operation.get("responses"));
        }
    }
    let inputs = reachable(spec, &inputs);
    let outputs = reachable(spec, &outputs);
    let enums: BTreeSet<String> = spec["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, schema)| schema.get("enum").is_some())
        .map(|(name, _)| name.clone())
        .collect();
    let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    for (name, schema) in schemas.iter_mut() {
        if !outputs.contains(name) || inputs.contains(name) {
            continue;
        }
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else { continue };
        for property in properties.values_mut() {
            open_enum_field(property, &enums);
        }
    }
}

fn open_enum_field(property: &mut Value, enums: &BTreeSet<String>) {
    let unknown = json!({ "type": "string", "description": "A value added after this version of the API." });
    let is_enum = |member: &Value| {
        member["$ref"].as_str().and_then(|r| r.strip_prefix(SCHEMAS)).is_some_and(|name| enums.contains(name))
    };
    if property.get("type").and_then(Value::as_str) == Some("array") {
        if let Some(items) = property.get_mut("items") {
            open_enum_field(items, enums);
        }
        return;
    }
    let alternatives =
        ["allOf", "oneOf"].into_iter().find_map(|key| Some((key, property.get(key)?.as_array()?.clone())));
    let (members, annotated) = match alternatives {
        Some((_, members)) => (members, true),
        None if is_enum(property) => (vec![property.clone()], false),
        None => return,
    };
    if !members.iter().any(is_enum) {
        return;
    }
    let mut open: Vec<Value> = members.iter().filter(|member| is_enum(member)).cloned().collect();
    open.push(unknown);
    open.extend(members.iter().filter(|member| member["type"] == "null").cloned());
    let mut replaced = json!({ "anyOf": open });
    if annotated && let Some(fields) = property.as_object() {
        for (key, value) in fields.iter().filter(|(key, _)| !["allOf", "oneOf"].contains(&key.as_str())) {
            replaced[key] = value.clone();
        }
    }
    *property = replaced;
}

/// Several enums share values (`waiting`, `agent`, …); generators that put enum
/// constants in one namespace (Go) would collide. `x-enum-varnames` names each constant
/// after its type: `ConversationStatusWaiting`, `RoleAgent`.
pub fn name_enum_values(spec: &mut Value) {
    let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    for (name, schema) in schemas.iter_mut() {
        let Some(values) = schema.get("enum").and_then(Value::as_array) else { continue };
        let names: Vec<Value> = values
            .iter()
            .filter_map(Value::as_str)
            .map(|value| format!("{name}{}", if value == "*" { "All".to_owned() } else { pascal_case(value) }).into())
            .collect();
        schema["x-enum-varnames"] = Value::Array(names);
    }
}

/// A `text/event-stream` response is a stream of SSE messages, not one JSON body:
/// its `schema` is the text, and `x-itemSchema` (OpenAPI 3.2's `itemSchema`) says what
/// each message holds: `data` is a `StreamEvent` as JSON.
pub fn describe_streams(spec: &mut Value) {
    for_each_operation(spec, |_, operation| {
        let Some(responses) = operation.get_mut("responses").and_then(Value::as_object_mut) else { return };
        for media in responses.values_mut().filter_map(|response| response.pointer_mut("/content/text~1event-stream")) {
            let event = media.get("schema").cloned().unwrap_or(json!({}));
            *media = json!({
                "schema": {
                    "type": "string",
                    "description": "Server-Sent Events (text): messages separated by blank lines, each with `event:`, `id:` and one `data:` line holding a `StreamEvent` as JSON.",
                },
                "x-itemSchema": {
                    "type": "object",
                    "description": "One SSE message.",
                    "required": ["event", "data"],
                    "properties": {
                        "event": { "type": "string", "description": "The event's `type`." },
                        "id": { "type": "string", "description": "The event's `id`; absent for events that are not stored (`typing`, `stream.reconnect`)." },
                        "data": {
                            "type": "string",
                            "contentMediaType": "application/json",
                            "contentSchema": event,
                        },
                    },
                },
            });
        }
    });
}

/// The same document as OpenAPI 3.2: streams name their item schema `itemSchema`.
pub fn as_openapi_32(spec: &Value) -> Value {
    fn rename(value: &mut Value) {
        match value {
            Value::Object(fields) => {
                if let Some(item) = fields.remove("x-itemSchema") {
                    fields.insert("itemSchema".to_owned(), item);
                }
                fields.values_mut().for_each(rename);
            }
            Value::Array(items) => items.iter_mut().for_each(rename),
            _ => {}
        }
    }
    let mut spec = spec.clone();
    spec["openapi"] = "3.2.0".into();
    rename(&mut spec);
    spec
}
