//! The published spec as the tests' oracle: every response a test receives through
//! `TestApp::call`, and every stream event, must be one the spec describes: a status
//! the operation lists, and a body its schema allows.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

use serde_json::{Value, json};

pub struct Contract {
    spec: Value,
    /// The component schemas: OpenAPI 3.1's are JSON Schema (2020-12) as they stand.
    components: Value,
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

pub static CONTRACT: LazyLock<Contract> = LazyLock::new(|| {
    let spec: Value = serde_json::from_str(&livechat::api::spec_json()).expect("the spec is JSON");
    let components = json!({ "schemas": spec["components"]["schemas"].clone() });
    Contract { spec, components, validators: Mutex::new(HashMap::new()) }
});

impl Contract {
    /// Panics unless the spec lists `status` for this operation and its schema allows `body`.
    /// Requests outside the spec's paths (unknown routes, `/docs`) are not checked.
    pub fn check_response(&self, method: &str, path: &str, status: u16, content_type: &str, body: &Value) {
        let Some(template) = self.template_of(path) else { return };
        let Some(operation) = self.spec["paths"][&template].get(method.to_ascii_lowercase()) else { return };
        let id = operation["operationId"].as_str().unwrap_or("?");
        let response = &operation["responses"][status.to_string()];
        assert!(response.is_object(), "{id} answered {status}, which its spec does not list: {body}");
        let Some(content) = response["content"].as_object() else {
            assert!(body.is_null(), "{id} answered {status} with a body its spec does not describe: {body}");
            return;
        };
        let base = content_type.split(';').next().unwrap_or_default().trim();
        let Some((media_type, described)) = content.iter().find(|(media_type, _)| media_type.starts_with(base)) else {
            panic!("{id} answered {status} as {content_type}, which its spec does not list");
        };
        if media_type == "text/event-stream" {
            return;
        }
        if let Err(errors) = self.validate(&described["schema"], body) {
            panic!("{id} answered {status} with a body its schema refuses:\n{errors}\nbody: {body}");
        }
    }

    /// Panics unless `event` (an SSE message's data) is a `StreamEvent`.
    pub fn check_event(&self, event: &Value) {
        let schema = json!({ "$ref": "#/components/schemas/StreamEvent" });
        if let Err(errors) = self.validate(&schema, event) {
            panic!("a stream sent an event the spec does not describe:\n{errors}\nevent: {event}");
        }
    }

    /// The event types the description of the stream at `path` lists (the part after
    /// "Event types on this stream:").
    pub fn stream_event_types(&self, path: &str) -> Vec<String> {
        let path = path.split('?').next().unwrap_or(path);
        let template = self.template_of(path).unwrap_or_else(|| panic!("{path} is not in the spec"));
        let description = self.spec["paths"][&template]["get"]["description"].as_str().unwrap_or_default();
        let (_, listed) = description.split_once("Event types on this stream:").expect("the stream lists its events");
        listed.split('`').skip(1).step_by(2).map(str::to_owned).collect()
    }

    /// Whether `instance` is valid against the named component schema.
    pub fn allows(&self, component: &str, instance: &Value) -> bool {
        self.validate(&json!({ "$ref": format!("#/components/schemas/{component}") }), instance).is_ok()
    }

    fn validate(&self, schema: &Value, instance: &Value) -> Result<(), String> {
        let key = schema.to_string();
        let validator = {
            let mut cache = self.validators.lock().unwrap();
            cache
                .entry(key)
                .or_insert_with(|| {
                    let mut root = schema.clone();
                    if let Some(root) = root.as_object_mut() {
                        root.insert("components".into(), self.components.clone());
                    }
                    Arc::new(jsonschema::validator_for(&root).expect("the spec's schemas compile"))
                })
                .clone()
        };
        let errors: Vec<String> = validator.iter_errors(instance).map(|error| format!("  {error}")).collect();
        if errors.is_empty() { Ok(()) } else { Err(errors.join("\n")) }
    }

    fn template_of(&self, path: &str) -> Option<String> {
        let path = path.split('?').next().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').collect();
        self.spec["paths"]
            .as_object()?
            .keys()
            .find(|template| {
                let parts: Vec<&str> = template.split('/').collect();
                parts.len() == segments.len()
                    && parts.iter().zip(&segments).all(|(part, segment)| part.starts_with('{') || part == segment)
            })
            .cloned()
    }
}

#[test]
#[should_panic(expected = "which its spec does not list")]
fn the_oracle_refuses_a_status_the_operation_does_not_list() {
    CONTRACT.check_response("GET", "/v1/me", 409, "application/problem+json", &json!({}));
}

#[test]
#[should_panic(expected = "a body its schema refuses")]
fn the_oracle_refuses_a_body_its_schema_does_not_allow() {
    let agent = json!({"id": "not a uuid", "email": "ada@example.com", "name": 7});
    CONTRACT.check_response("GET", "/v1/me", 200, "application/json; charset=utf-8", &agent);
}

#[test]
fn the_oracle_knows_events_from_other_things() {
    let ready = json!({"type": "stream.ready", "id": 7, "data": {"last_event_id": 7}});
    CONTRACT.check_event(&ready);
    let wrong = json!({"type": "stream.ready", "id": 7, "data": {"last_event_id": "seven"}});
    assert!(std::panic::catch_unwind(|| CONTRACT.check_event(&wrong)).is_err());
    assert!(!CONTRACT.allows("GiveEmail", &json!({"email": "not an address"})));
    assert!(CONTRACT.allows("GiveEmail", &json!({"email": "ada@example.com"})));
}
