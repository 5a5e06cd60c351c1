//! Middleware every request passes: a request id with a log line per request, and a
//! bound on body size.

use std::sync::Arc;
use std::time::Instant;

use poem::http::{HeaderValue, StatusCode};
use poem::{Endpoint, IntoResponse, Request, Response};
use tracing::Instrument;
use uuid::Uuid;

use crate::api::problem::{Problem, problem_response};

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Tags the request with an id (the caller's `X-Request-Id` when it is sane, else a new
/// one), logs its outcome, and returns the id in the response.
pub async fn request_context<E: Endpoint>(next: Arc<E>, request: Request) -> poem::Result<Response> {
    let request_id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|value| value.to_str().ok())
        .filter(|value| {
            !value.is_empty()
                && value.len() <= 64
                && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .map(str::to_owned)
        .unwrap_or_else(|| Uuid::new_v4().to_string());
    let span = tracing::info_span!("request", request_id = %request_id, method = %request.method(), path = %request.uri().path());
    async move {
        let started = Instant::now();
        let mut response = match next.call(request).await {
            Ok(response) => response.into_response(),
            Err(error) => error.into_response(),
        };
        let status = response.status();
        let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
        if status.is_server_error() {
            tracing::warn!(status = status.as_u16(), elapsed_ms, "request answered");
        } else {
            tracing::info!(status = status.as_u16(), elapsed_ms, "request answered");
        }
        if let Ok(value) = HeaderValue::from_str(&request_id) {
            response.headers_mut().insert(REQUEST_ID_HEADER, value);
        }
        Ok(response)
    }
    .instrument(span)
    .await
}

/// Refuses bodies over `max_bytes` with 413, whether or not they declare their length.
pub async fn limit_body<E: Endpoint>(next: Arc<E>, mut request: Request, max_bytes: usize) -> poem::Result<Response> {
    let too_large = || {
        problem_response(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("request bodies are limited to {max_bytes} bytes"),
        ))
    };
    let declared = request
        .headers()
        .get(poem::http::header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<usize>().ok());
    if declared.is_some_and(|length| length > max_bytes) {
        return Ok(too_large());
    }
    if declared.is_none() && request.headers().contains_key(poem::http::header::TRANSFER_ENCODING) {
        match request.take_body().into_bytes_limit(max_bytes).await {
            Ok(bytes) => request.set_body(bytes),
            Err(_) => return Ok(too_large()),
        }
    }
    next.call(request).await.map(IntoResponse::into_response)
}

/// Lets web pages of the allowed origins call the API: customer widgets and agent
/// consoles usually live on other origins than the server.
pub fn cors(allowed_origins: &[String]) -> poem::middleware::Cors {
    let cors = poem::middleware::Cors::new().expose_header(REQUEST_ID_HEADER);
    if allowed_origins.iter().any(|origin| origin == "*") { cors } else { cors.allow_origins(allowed_origins) }
}

/// What the middleware below needs of the OpenAPI document: each path's methods and
/// the schemas of request bodies.
pub struct SpecIndex {
    paths: Vec<PathEntry>,
    schemas: serde_json::Value,
}

struct PathEntry {
    segments: Vec<String>,
    methods: String,
    bodies: Vec<(String, serde_json::Value)>,
}

impl SpecIndex {
    pub fn new(spec: &serde_json::Value) -> Self {
        let paths = spec["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(path, operations)| {
                let operations = operations.as_object().into_iter().flatten();
                let methods: Vec<String> = operations.clone().map(|(method, _)| method.to_ascii_uppercase()).collect();
                let bodies = operations
                    .filter_map(|(method, operation)| {
                        let content = operation.pointer("/requestBody/content")?.as_object()?;
                        let (_, json) =
                            content.iter().find(|(media_type, _)| media_type.starts_with("application/json"))?;
                        Some((method.to_ascii_uppercase(), json.get("schema")?.clone()))
                    })
                    .collect();
                PathEntry {
                    segments: path.split('/').map(str::to_owned).collect(),
                    methods: methods.join(", "),
                    bodies,
                }
            })
            .collect();
        Self { paths, schemas: spec["components"]["schemas"].clone() }
    }

    fn path(&self, path: &str) -> Option<&PathEntry> {
        let segments: Vec<&str> = path.split('/').collect();
        self.paths.iter().find(|entry| {
            entry.segments.len() == segments.len()
                && entry.segments.iter().zip(&segments).all(|(part, segment)| part.starts_with('{') || part == segment)
        })
    }

    fn body_schema(&self, path: &str, method: &str) -> Option<&serde_json::Value> {
        let entry = self.path(path)?;
        entry.bodies.iter().find(|(body_method, _)| body_method == method).map(|(_, schema)| schema)
    }

    /// The first place where `value` has a number or boolean where `schema` wants a string.
    fn misplaced_scalar(&self, schema: &serde_json::Value, value: &serde_json::Value, at: &str) -> Option<String> {
        use serde_json::Value;
        let schema = match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => self.schemas.get(reference.rsplit('/').next()?)?,
            None => schema,
        };
        for part in schema["allOf"].as_array().into_iter().flatten() {
            if let Some(found) = self.misplaced_scalar(part, value, at) {
                return Some(found);
            }
        }
        match value {
            Value::Bool(_) | Value::Number(_) if schema["type"] == "string" => Some(at.to_owned()),
            Value::Object(fields) => fields.iter().find_map(|(name, field)| {
                let property = schema.get("properties")?.get(name)?;
                self.misplaced_scalar(property, field, &format!("{at}.{name}"))
            }),
            Value::Array(items) => {
                let item_schema = schema.get("items")?;
                items
                    .iter()
                    .enumerate()
                    .find_map(|(index, item)| self.misplaced_scalar(item_schema, item, &format!("{at}[{index}]")))
            }
            _ => None,
        }
    }
}

/// Says which methods a path takes when it answers 405, as RFC 9110 asks.
pub async fn allow_header<E: Endpoint>(next: Arc<E>, request: Request, spec: Arc<SpecIndex>) -> poem::Result<Response> {
    let path = request.uri().path().to_owned();
    let mut response = next.call(request).await.map(IntoResponse::into_response)?;
    if response.status() == StatusCode::METHOD_NOT_ALLOWED
        && let Some(value) = spec.path(&path).and_then(|entry| HeaderValue::from_str(&entry.methods).ok())
    {
        response.headers_mut().insert(poem::http::header::ALLOW, value);
    }
    Ok(response)
}

/// Refuses a JSON body with a number or boolean where the spec wants a string. poem
/// would read `{"name": false}` as the text "false"; a client sending that has a bug
/// it should hear about.
pub async fn strict_strings<E: Endpoint>(
    next: Arc<E>,
    mut request: Request,
    spec: Arc<SpecIndex>,
) -> poem::Result<Response> {
    let is_json = request.content_type().is_some_and(|content_type| content_type.starts_with("application/json"));
    let schema = spec.body_schema(request.uri().path(), request.method().as_str());
    if let (true, Some(schema)) = (is_json, schema) {
        let bytes = request.take_body().into_bytes().await?;
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(&bytes)
            && let Some(at) = spec.misplaced_scalar(schema, &value, "body")
        {
            let detail = format!("{at} must be a string");
            return Ok(problem_response(Problem::new(StatusCode::BAD_REQUEST, "invalid_request", detail)));
        }
        request.set_body(bytes);
    }
    next.call(request).await.map(IntoResponse::into_response)
}
