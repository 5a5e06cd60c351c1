//! The published OpenAPI document: poem-openapi's output, with the fixes that make it a
//! contract generators, linters and fuzzers read as the server behaves.

use super::service;

/// The published OpenAPI document, as committed in `openapi/openapi.json` and served
/// at `/openapi.json`.
pub fn spec_json() -> String {
    render(&published(&service().spec()))
}

/// The published document as a value: poem-openapi's `raw` spec with the fixes below.
pub fn published(raw: &str) -> serde_json::Value {
    let mut spec: serde_json::Value = serde_json::from_str(raw).expect("poem-openapi writes valid JSON");
    fold_annotated_refs(&mut spec);
    mark_optional_nullable(&mut spec);
    drop_null_example_fields(&mut spec);
    describe_event_streams(&mut spec);
    describe_input_rules(&mut spec);
    narrow_error_responses(&mut spec);
    describe_success_responses(&mut spec);
    mark_public_operations(&mut spec);
    spec["servers"] =
        serde_json::json!([{ "url": "http://127.0.0.1:8080", "description": "A server run with the defaults" }]);
    spec
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

/// poem-openapi leaves an `Option` field out of `required` but does not say it may be
/// `null`, which is how the server sends an absent value. OpenAPI 3.0 says so with
/// `nullable: true`; a reference needs an `allOf` wrapper to carry it.
fn mark_optional_nullable(spec: &mut serde_json::Value) {
    use serde_json::{Value, json};
    let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(Value::as_object_mut) else { return };
    for schema in schemas.values_mut() {
        let required = schema["required"].as_array().cloned().unwrap_or_default();
        let Some(properties) = schema.get_mut("properties").and_then(Value::as_object_mut) else { continue };
        for (name, property) in properties.iter_mut() {
            if required.iter().any(|required| required == name) {
                continue;
            }
            if let Some(reference) = property.get("$ref").cloned() {
                let mut wrapped = json!({ "allOf": [{ "$ref": reference }] });
                for key in ["description", "default", "example"] {
                    if let Some(value) = property.get(key) {
                        wrapped[key] = value.clone();
                    }
                }
                *property = wrapped;
            }
            // A free-form value (no `type`, no reference) already admits `null`.
            if property.get("type").is_some() || property.get("allOf").is_some() {
                property["nullable"] = Value::Bool(true);
            }
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

/// poem-openapi describes an SSE response as an array of its items, which generators
/// read as a JSON array. The stream is a sequence of `StreamEvent`s, so its schema is
/// that union.
fn describe_event_streams(spec: &mut serde_json::Value) {
    for_each_operation(spec, |_, operation| {
        let Some(responses) = operation.get_mut("responses").and_then(serde_json::Value::as_object_mut) else { return };
        for response in responses.values_mut() {
            let Some(schema) = response.pointer_mut("/content/text~1event-stream/schema") else { continue };
            if schema["format"] == "event-stream" {
                *schema = schema["items"].take();
            }
        }
    });
}

/// Text the server accepts: not blank, no control characters but tab, CR and LF (see
/// `domain::bounded_text`).
const TEXT_PATTERN: &str = r"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*[^\s\u0000-\u001F\u007F-\u009F][^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$";
/// An absolute http(s) URL without whitespace or control characters.
const URL_PATTERN: &str = r"^https?://[^/\s\u0000-\u001F\u007F-\u009F][^\s\u0000-\u001F\u007F-\u009F]*$";
/// Addresses `domain::EmailAddress` accepts, written so that a pattern can bound the
/// part before the `@` to 64 characters: up to four dot-separated words.
const EMAIL_PATTERN: &str = r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,32}(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]{1,9}){0,3}@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,4}[A-Za-z]{2,24}$";

/// The request fields' rules that the use cases check (and answer with 422), written
/// into the schemas as patterns and enums so that clients can check before sending.
fn describe_input_rules(spec: &mut serde_json::Value) {
    use serde_json::json;
    const TEXT_FIELDS: &[&str] = &[
        "name",
        "display_name",
        "external_id",
        "process_ref",
        "text",
        "title",
        "summary",
        "id",
        "label",
        "experience_id",
        "client_message_id",
        "waiting",
        "offline",
        "email_request",
        "quick_reply_id",
    ];
    let mut event_types: Vec<&str> = crate::events::EventType::ALL.iter().map(|event| event.as_str()).collect();
    event_types.push("*");
    let Some(schemas) = spec.pointer_mut("/components/schemas").and_then(serde_json::Value::as_object_mut) else {
        return;
    };
    for (schema_name, schema) in schemas.iter_mut() {
        // Login answers every wrong credential with 401, whatever its shape.
        if schema_name == "Login" {
            continue;
        }
        let Some(properties) = schema.get_mut("properties").and_then(serde_json::Value::as_object_mut) else {
            continue;
        };
        for (name, property) in properties.iter_mut() {
            if property["type"] != "string" && !["event_types", "params"].contains(&name.as_str()) {
                continue;
            }
            match name.as_str() {
                name if TEXT_FIELDS.contains(&name) && property.get("format").is_none() => {
                    property["pattern"] = json!(TEXT_PATTERN);
                }
                "url" | "image_url" => property["pattern"] = json!(URL_PATTERN),
                "email" => property["pattern"] = json!(EMAIL_PATTERN),
                "params" => {
                    property["type"] = json!("object");
                    property["nullable"] = json!(true);
                }
                "event_types" if property["items"]["type"] == "string" => {
                    property["items"]["enum"] = json!(event_types)
                }
                _ => {}
            }
        }
    }
}

/// poem-openapi gives every operation the same error responses; each keeps those it
/// can answer. 413 (body too large) and 415 (not JSON) need a body; reads change
/// nothing, so no 409, their only rule beyond the schema is a known cursor (422), and
/// only a read of one resource can miss it (404); only streams are limited per caller
/// (429).
fn narrow_error_responses(spec: &mut serde_json::Value) {
    for_each_operation(spec, |method, operation| {
        let takes_body = operation.get("requestBody").is_some();
        let is_stream = operation.pointer("/responses/200/content/text~1event-stream").is_some();
        let parameters = operation["parameters"].as_array().cloned().unwrap_or_default();
        let has_cursor = parameters.iter().any(|parameter| parameter["name"] == "cursor");
        let names_a_resource = parameters.iter().any(|parameter| parameter["in"] == "path");
        let is_public = operation.get("security").is_none();
        let Some(responses) = operation.get_mut("responses").and_then(serde_json::Value::as_object_mut) else { return };
        if takes_body {
            if let Some(mut unsupported) = responses.get("400").cloned() {
                unsupported["description"] = "The body is not `application/json`.".into();
                responses.insert("415".into(), unsupported);
            }
        } else {
            responses.remove("413");
        }
        if method == "get" {
            responses.remove("409");
            if !has_cursor {
                responses.remove("422");
            }
        }
        if !is_stream {
            responses.remove("429");
            if method == "get" && !names_a_resource {
                responses.remove("404");
            }
        }
        // Without a credential there is no one to forbid and nothing of theirs to find.
        if is_public {
            for status in ["403", "404", "409", "422"] {
                responses.remove(status);
            }
        }
    });
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
                 connection open."
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

#[cfg(test)]
mod tests {
    use regex::Regex;

    use super::{EMAIL_PATTERN, TEXT_PATTERN, URL_PATTERN};
    use crate::domain::{EmailAddress, MessageBody, bounded_text};

    /// Checks that whatever `pattern` allows the server accepts (and, when `exact`, the
    /// reverse): a client checking the spec's patterns never sends what gets a 422.
    fn agrees(pattern: &str, exact: bool, samples: &[&str], server_accepts: impl Fn(&str) -> bool) {
        let pattern = Regex::new(pattern).expect("the pattern compiles");
        for sample in samples {
            let (spec, server) = (pattern.is_match(sample), server_accepts(sample));
            assert!(!spec || server, "the spec allows {sample:?}, the server refuses it");
            assert!(!exact || spec == server, "the spec refuses {sample:?}, the server allows it");
        }
    }

    #[test]
    fn the_text_pattern_is_the_servers_rule() {
        let samples = [
            "hello",
            "héllo wörld",
            "a\tb",
            "line\nline",
            "a\r\nb",
            "",
            " ",
            "\t\n",
            "\u{a0}\u{3000}",
            "\u{200b}",
            "bell\u{7}",
            "\u{0}",
            "x\u{7f}",
            "x\u{85}",
            "x\u{9f}",
            "\u{1b}[0m",
            " padded ",
        ];
        agrees(TEXT_PATTERN, true, &samples, |text| bounded_text("text", text, 10_000).is_ok());
    }

    #[test]
    fn urls_the_spec_allows_are_accepted() {
        let samples = [
            "https://example.com",
            "http://x",
            "https://a.example/path?q=1#f",
            "https://",
            "https:///x",
            "ftp://x",
            "https://a b",
            "https://a\u{7}",
            "https://a\u{85}",
            " https://x",
            "https://ü.example",
        ];
        agrees(URL_PATTERN, false, &samples, |url| MessageBody::article("title", url, None, None).is_ok());
    }

    #[test]
    fn emails_the_spec_allows_are_accepted() {
        let long_local = format!("{}@example.com", "a".repeat(65));
        let samples = [
            "a@b.co",
            "ann.lee+chat@example.com",
            "a..b@c.de",
            ".a@b.co",
            "a.@b.co",
            "a@b",
            "a@b.c",
            "a@-b.co",
            "a@b-.co",
            long_local.as_str(),
            "ü@b.co",
            "o'neil@example.ie",
            "a@b.c0m",
            "a@sub.sub.example.travel",
        ];
        agrees(EMAIL_PATTERN, false, &samples, |email| EmailAddress::parse(email).is_ok());
    }
}
