//! Middleware every request passes: a request id with a log line per request, a bound
//! on body size, CORS, and the `Allow` header of 405s.

use std::sync::Arc;
use std::time::{Duration, Instant};

use poem::http::{HeaderValue, Method, StatusCode};
use poem::{Endpoint, IntoResponse, Request, Response};
use tracing::Instrument;
use uuid::Uuid;

use super::problem::{Problem, ProblemCode, problem_response};

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
        let elapsed = started.elapsed().as_secs_f64();
        let operation = response.data::<poem_openapi::OperationId>().map_or("other", |operation| operation.0);
        metrics::counter!("livechat_http_requests_total", "operation" => operation, "status" => status.as_str().to_owned())
            .increment(1);
        metrics::histogram!("livechat_http_request_duration_seconds", "operation" => operation).record(elapsed);
        let elapsed_ms = elapsed * 1000.0;
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

/// How request bodies are read: at most `max_bytes`, within `timeout` of the headers.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    pub max_bytes: usize,
    pub timeout: Duration,
}

/// Reads the body before the handler runs: bodies over the limit are refused with 413,
/// whether or not they declare their length, and bodies that do not arrive in time
/// with 408. Bodies of bytes (`application/octet-stream` in the spec: uploads) pass
/// unread: their handler streams them under limits of its own.
pub async fn limit_body<E: Endpoint>(
    next: Arc<E>,
    mut request: Request,
    limits: BodyLimits,
    operations: Arc<Operations>,
) -> poem::Result<Response> {
    if operations.streams_body(request.method(), request.uri().path()) {
        return next.call(request).await.map(IntoResponse::into_response);
    }
    let BodyLimits { max_bytes, timeout } = limits;
    let too_large = || {
        problem_response(Problem::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ProblemCode::PayloadTooLarge,
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
    let chunked = declared.is_none() && request.headers().contains_key(poem::http::header::TRANSFER_ENCODING);
    if chunked || declared.is_some_and(|length| length > 0) {
        match tokio::time::timeout(timeout, request.take_body().into_bytes_limit(max_bytes)).await {
            Ok(Ok(bytes)) => request.set_body(integral_numbers_as_integers(bytes)),
            Ok(Err(poem::error::ReadBodyError::PayloadTooLarge)) => return Ok(too_large()),
            Ok(Err(error)) => return Err(error.into()),
            Err(_) => {
                return Ok(problem_response(Problem::new(
                    StatusCode::REQUEST_TIMEOUT,
                    ProblemCode::RequestTimeout,
                    format!("the request body did not arrive within {} s", timeout.as_secs()),
                )));
            }
        }
    }
    next.call(request).await.map(IntoResponse::into_response)
}

/// JSON has one kind of number: `3.0` and `3` are the same, and JSON Schema's `integer`
/// admits both. The typed bodies read integers only from `3`, so a JSON body's numbers
/// with no fractional part are rewritten that way before the handler reads it.
fn integral_numbers_as_integers(bytes: bytes::Bytes) -> bytes::Bytes {
    fn rewrite(value: &mut serde_json::Value) -> bool {
        match value {
            serde_json::Value::Number(number) if !number.is_i64() && !number.is_u64() => {
                match number.as_f64().filter(|n| n.fract() == 0.0 && n.abs() < 9.0e15) {
                    Some(integral) => {
                        *value = serde_json::Value::from(integral as i64);
                        true
                    }
                    None => false,
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().fold(false, |changed, item| rewrite(item) | changed),
            serde_json::Value::Object(fields) => {
                fields.values_mut().fold(false, |changed, field| rewrite(field) | changed)
            }
            _ => false,
        }
    }
    // Only a body with a fraction or an exponent can hold one.
    if !bytes.iter().any(|byte| matches!(byte, b'.' | b'e' | b'E')) {
        return bytes;
    }
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(&bytes) else { return bytes };
    if !rewrite(&mut value) {
        return bytes;
    }
    serde_json::to_vec(&value).map(bytes::Bytes::from).unwrap_or(bytes)
}

/// Lets web pages of the allowed origins call the API: customer widgets and agent
/// consoles usually live on other origins than the server.
pub fn cors(allowed_origins: &[String]) -> poem::middleware::Cors {
    // What a browser client needs to read besides the safelisted headers: its request
    // id, how long to wait when it is refused or rate limited, where a created thing is,
    // and whether an answer is the replay of an earlier one.
    let cors = ["retry-after", "ratelimit", "ratelimit-policy", "www-authenticate", "location", "idempotent-replayed"]
        .into_iter()
        .fold(poem::middleware::Cors::new().expose_header(REQUEST_ID_HEADER), |cors, header| {
            cors.expose_header(header)
        });
    // The methods the API uses, not every method there is.
    let cors = cors.allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE]);
    if allowed_origins.iter().any(|origin| origin == "*") { cors } else { cors.allow_origins(allowed_origins) }
}

/// A response that names the caller's origin in `Access-Control-Allow-Origin` differs by
/// origin: `Vary: Origin` keeps caches in front of the server from handing one site's
/// answer to another's page.
pub async fn vary_by_origin<E: Endpoint>(next: Arc<E>, request: Request) -> poem::Result<Response> {
    use poem::http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, VARY};
    let mut response = next.call(request).await.map(IntoResponse::into_response)?;
    let echoes_origin = response.headers().get(ACCESS_CONTROL_ALLOW_ORIGIN).is_some_and(|origin| origin != "*");
    let varies = response.headers().get_all(VARY).iter().any(|value| {
        value.to_str().is_ok_and(|value| value.split(',').any(|name| name.trim().eq_ignore_ascii_case("origin")))
    });
    if echoes_origin && !varies {
        response.headers_mut().append(VARY, HeaderValue::from_static("Origin"));
    }
    Ok(response)
}

/// Each operation of the OpenAPI document: the methods a path takes, and the parameters
/// each operation declares in its signature, so that middleware acts on what an
/// operation declares (an `Idempotency-Key`) and the behaviour is the published contract.
pub struct Operations {
    paths: Vec<(Vec<String>, Vec<Declared>)>,
    /// The method and path template of each operation whose body its handler streams.
    streaming: Vec<(String, Vec<String>)>,
}

struct Declared {
    method: String,
    /// Parameter names, with references to shared parameters resolved.
    parameters: Vec<String>,
    /// The body is bytes its handler streams, not JSON to read first.
    streams_body: bool,
}

impl Operations {
    pub fn new(spec: &serde_json::Value) -> Self {
        let name_of = |parameter: &serde_json::Value| {
            let shared = parameter["$ref"]
                .as_str()
                .and_then(|reference| reference.strip_prefix("#/components/parameters/"))
                .map(|name| &spec["components"]["parameters"][name]);
            shared.unwrap_or(parameter)["name"].as_str().map(str::to_owned)
        };
        let paths = spec["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(path, operations)| {
                let declared = operations
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(method, operation)| Declared {
                        method: method.to_ascii_uppercase(),
                        parameters: operation["parameters"]
                            .as_array()
                            .into_iter()
                            .flatten()
                            .filter_map(name_of)
                            .collect(),
                        streams_body: operation["requestBody"]["content"].get("application/octet-stream").is_some(),
                    })
                    .collect();
                (path.split('/').map(str::to_owned).collect(), declared)
            })
            .collect::<Vec<(Vec<String>, Vec<Declared>)>>();
        let streaming = paths
            .iter()
            .flat_map(|(parts, declared)| {
                declared
                    .iter()
                    .filter(|operation| operation.streams_body)
                    .map(|operation| (operation.method.clone(), parts.clone()))
            })
            .collect();
        Self { paths, streaming }
    }

    /// The operations of the path template that matches `path`; a literal segment wins
    /// over a `{parameter}` (`/v1/conversations/stream` before `/v1/conversations/{id}`).
    fn of(&self, path: &str) -> Option<&[Declared]> {
        let segments: Vec<&str> = path.split('/').collect();
        self.paths
            .iter()
            .filter(|(parts, _)| {
                parts.len() == segments.len()
                    && parts.iter().zip(&segments).all(|(part, segment)| part.starts_with('{') || part == segment)
            })
            .max_by_key(|(parts, _)| parts.iter().filter(|part| !part.starts_with('{')).count())
            .map(|(_, declared)| declared.as_slice())
    }

    /// The methods `path` takes, as an `Allow` header lists them.
    fn methods_of(&self, path: &str) -> Option<String> {
        let declared = self.of(path)?;
        Some(declared.iter().map(|operation| operation.method.as_str()).collect::<Vec<_>>().join(", "))
    }

    /// Whether the operation `method path` takes a body of bytes (an upload).
    /// Checked on every request: only a request that could be one of the few such
    /// operations looks its path up.
    pub fn streams_body(&self, method: &poem::http::Method, path: &str) -> bool {
        let candidate = self.streaming.iter().any(|(declared, parts)| {
            declared == method.as_str()
                && path.split('/').count() == parts.len()
                && parts.iter().zip(path.split('/')).all(|(part, segment)| part.starts_with('{') || part == segment)
        });
        candidate
            && self
                .of(path)
                .into_iter()
                .flatten()
                .any(|declared| declared.method == method.as_str() && declared.streams_body)
    }

    /// Whether the operation `method path` exists and declares the parameter `name`.
    pub fn takes(&self, method: &poem::http::Method, path: &str, name: &str) -> bool {
        self.of(path).into_iter().flatten().any(|declared| {
            declared.method == method.as_str() && declared.parameters.iter().any(|parameter| parameter == name)
        })
    }
}

/// Says which methods a path takes when it answers 405, as RFC 9110 asks.
pub async fn allow_header<E: Endpoint>(
    next: Arc<E>,
    request: Request,
    paths: Arc<Operations>,
) -> poem::Result<Response> {
    let path = request.uri().path().to_owned();
    let mut response = next.call(request).await.map(IntoResponse::into_response)?;
    if response.status() == StatusCode::METHOD_NOT_ALLOWED
        && let Some(value) = paths.methods_of(&path).and_then(|methods| HeaderValue::from_str(&methods).ok())
    {
        response.headers_mut().insert(poem::http::header::ALLOW, value);
    }
    Ok(response)
}
