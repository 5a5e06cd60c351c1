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
