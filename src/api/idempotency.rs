//! `Idempotency-Key` on the operations that create or act: a retry with the same key
//! and the same request gets the first answer (status, body, `Location`) instead of
//! acting twice; the same key with another request is 422. Keys belong to the caller
//! (the API key, agent or customer behind the credential) and are kept
//! `idempotency_key_ttl_secs`.
//!
//! An operation takes a key by naming [`IdempotencyKey`] in its signature: that puts
//! the header in its spec, and the guard below acts on the operations whose spec has
//! it. No list of paths says which.

use std::sync::Arc;

use poem::http::{HeaderValue, StatusCode, header};
use poem::{Endpoint, IntoResponse, Request, RequestBody, Response};
use poem_openapi::registry::{MetaParamIn, MetaSchema, MetaSchemaRef};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};
use sha2::{Digest, Sha256};

use super::AppState;
use super::middleware::Operations;
use super::problem::{Problem, ProblemCode, problem_of, problem_response};
use crate::service::core::idempotency::{Answer, Claim};

pub const HEADER: &str = "idempotency-key";
/// Set on an answer sent again for a retry.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";
pub const MAX_KEY_LENGTH: usize = 255;

/// The header's name in the spec.
pub const PARAMETER: &str = "Idempotency-Key";

/// Declares that an operation takes an `Idempotency-Key`: name it in the handler's
/// signature as `#[oai(name = "Idempotency-Key")] _key: IdempotencyKey`. The guard
/// has done its work before the handler runs; the value only declares.
pub struct IdempotencyKey;

impl<'a> ApiExtractor<'a> for IdempotencyKey {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::Parameter];
    const PARAM_IS_REQUIRED: bool = false;
    type ParamType = String;
    type ParamRawType = String;

    fn param_in() -> Option<MetaParamIn> {
        Some(MetaParamIn::Header)
    }

    fn param_schema_ref() -> Option<MetaSchemaRef> {
        Some(MetaSchemaRef::Inline(Box::new(MetaSchema {
            min_length: Some(1),
            max_length: Some(MAX_KEY_LENGTH),
            pattern: Some("^[!-~]+$".to_owned()),
            ..MetaSchema::new("string")
        })))
    }

    async fn from_request(
        _request: &'a Request,
        _body: &mut RequestBody,
        _param_opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        Ok(Self)
    }
}

pub async fn guard<E: Endpoint + 'static>(
    next: Arc<E>,
    mut request: Request,
    state: Arc<AppState>,
    operations: Arc<Operations>,
) -> poem::Result<Response> {
    let Some(key) = request.headers().get(HEADER).cloned() else {
        return next.call(request).await.map(IntoResponse::into_response);
    };
    if !operations.takes(request.method(), request.uri().path(), PARAMETER) {
        return next.call(request).await.map(IntoResponse::into_response);
    }
    let key = match key.to_str() {
        Ok(key) if valid_key(key) => key.to_owned(),
        _ => {
            return Ok(problem_response(Problem::new(
                StatusCode::BAD_REQUEST,
                ProblemCode::InvalidRequest,
                format!("Idempotency-Key must be 1 to {MAX_KEY_LENGTH} visible ASCII characters"),
            )));
        }
    };
    // Keys belong to the caller; a credential the server does not accept gets its 401
    // from the operation, and nothing is kept for it.
    let credential = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer ")))
        .map(|token| token.trim().to_owned());
    let services = &state.services;
    let owner = match credential {
        Some(credential) => services.idempotency.owner(services, &credential).await,
        None => None,
    };
    let Some(owner) = owner else {
        return next.call(request).await.map(IntoResponse::into_response);
    };
    let body = request.take_body().into_bytes().await?;
    let fingerprint = fingerprint(&request, &body);
    request.set_body(body);
    match services.idempotency.claim(&services.store, &owner, &key, &fingerprint).await {
        Err(error) => Ok(problem_response(problem_of(&error))),
        Ok(Claim::Replay(answer)) => Ok(replay(answer)),
        Ok(Claim::OtherRequest) => Ok(problem_response(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemCode::IdempotencyKeyReused,
            "this Idempotency-Key was sent with another request; use a new key for a new request",
        ))),
        Ok(Claim::InProgress) => {
            let mut response = problem_response(Problem::new(
                StatusCode::CONFLICT,
                ProblemCode::IdempotencyKeyInUse,
                "the first request with this Idempotency-Key is still under way; retry after Retry-After",
            ));
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            Ok(response)
        }
        // The request runs to its end and its answer is kept even if the caller hangs up
        // meanwhile: a retry must find what the first request did.
        Ok(Claim::Run { started_at }) => {
            let state = state.clone();
            let run = async move { run_and_keep(next, request, &state, owner, key, started_at).await };
            // In the request's span, so that its log lines keep the request id.
            let run = tokio::spawn(tracing::Instrument::in_current_span(run));
            run.await.map_err(|error| {
                tracing::error!(%error, "a request with an Idempotency-Key failed");
                poem::Error::from_status(StatusCode::INTERNAL_SERVER_ERROR)
            })?
        }
    }
}

async fn run_and_keep<E: Endpoint>(
    next: Arc<E>,
    request: Request,
    state: &AppState,
    owner: String,
    key: String,
    started_at: chrono::DateTime<chrono::Utc>,
) -> poem::Result<Response> {
    let (keys, store) = (&state.services.idempotency, &state.services.store);
    let response = match next.call(request).await {
        Ok(response) => response.into_response(),
        Err(error) => error.into_response(),
    };
    let status = response.status();
    // An answer worth retrying frees the key, and so does a refused credential; any other
    // is the answer for good.
    let retryable = status.is_server_error()
        || status == StatusCode::TOO_MANY_REQUESTS
        || status == StatusCode::REQUEST_TIMEOUT
        || status == StatusCode::UNAUTHORIZED;
    if retryable {
        if let Err(error) = keys.release(store, &owner, &key, started_at).await {
            tracing::warn!(%error, "cannot free an idempotency key; it frees itself when abandoned");
        }
        return Ok(response);
    }
    let (parts, body) = response.into_parts();
    let body = body.into_string().await?;
    let answer = Answer {
        status: status.as_u16(),
        headers: [header::CONTENT_TYPE, header::LOCATION]
            .iter()
            .filter_map(|name| {
                let value = parts.headers.get(name)?.to_str().ok()?;
                Some((name.as_str().to_owned(), value.to_owned()))
            })
            .collect(),
        body: body.clone(),
    };
    if let Err(error) = keys.complete(store, &owner, &key, started_at, &answer).await {
        // The request did act: answer it. A retry finds the key abandoned later and
        // runs again, as it would have without a key.
        tracing::warn!(%error, "cannot keep the answer of an idempotency key");
    }
    Ok(Response::from_parts(parts, body.into()))
}

fn valid_key(key: &str) -> bool {
    (1..=MAX_KEY_LENGTH).contains(&key.len()) && key.bytes().all(|byte| byte.is_ascii_graphic())
}

/// A digest of what makes two requests the same: method, path and query, and the body
/// as parsed. The same JSON written with other whitespace or key order is the same
/// request (serde_json's objects are ordered by key, so writing it again is canonical);
/// a body that is not JSON counts byte for byte.
fn fingerprint(request: &Request, body: &[u8]) -> String {
    let mut digest = Sha256::new();
    digest.update(request.method().as_str());
    digest.update(b"\n");
    digest.update(request.uri().path_and_query().map_or("", |target| target.as_str()));
    digest.update(b"\n");
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(parsed) => digest.update(parsed.to_string()),
        Err(_) => digest.update(body),
    }
    hex::encode(digest.finalize())
}

fn replay(answer: Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = Response::builder().status(status).body(answer.body);
    let headers = response.headers_mut();
    for (name, value) in answer.headers {
        if let (Ok(name), Ok(value)) = (header::HeaderName::try_from(name), HeaderValue::from_str(&value)) {
            headers.insert(name, value);
        }
    }
    headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
    response
}

#[cfg(test)]
mod tests {
    use poem::http::Method;

    use super::*;

    #[test]
    fn the_same_json_written_otherwise_is_the_same_request() {
        let request = Request::builder().method(Method::POST).uri_str("/v1/modules?x=1").finish();
        let compact = fingerprint(&request, br#"{"name":"Orders","async_enabled":true,"texts":{"a":1,"b":2}}"#);
        let spaced = br#"{ "texts": {"b": 2, "a": 1},
            "async_enabled": true, "name": "Orders" }"#;
        assert_eq!(fingerprint(&request, spaced), compact);
        assert_ne!(fingerprint(&request, br#"{"name":"Orders ","async_enabled":true,"texts":{"a":1,"b":2}}"#), compact);
        assert_ne!(fingerprint(&request, b"not json"), fingerprint(&request, b"not  json"));
        let elsewhere = Request::builder().method(Method::POST).uri_str("/v1/modules").finish();
        assert_ne!(
            fingerprint(&elsewhere, br#"{"name":"Orders","async_enabled":true,"texts":{"a":1,"b":2}}"#),
            compact
        );
    }
}
