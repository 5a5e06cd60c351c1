//! Every failure as `application/problem+json` (RFC 9457) with a stable `code`:
//! errors of the use cases, and whatever poem rejects before a handler runs.

use poem::Response;
use poem::http::StatusCode;
use poem_openapi::{ApiResponse, Object, payload::Json};

use crate::domain;
use crate::service;

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// A problem document.
#[derive(Debug, Clone, Object)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[oai(rename = "type")]
    pub problem_type: String,
    /// Short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request.
    pub detail: String,
    /// Stable, machine-readable code, e.g. `conversation_already_claimed`.
    pub code: String,
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Self {
        Self {
            problem_type: format!("urn:livechat:problem:{code}"),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            code: code.to_owned(),
        }
    }
}

/// The error responses of every operation.
#[derive(Debug, ApiResponse)]
pub enum ApiError {
    /// The request is malformed: body, parameter or content type.
    #[oai(status = 400, content_type = "application/problem+json")]
    BadRequest(Json<Problem>),
    /// No credential, or one that is invalid, expired or of the wrong kind.
    #[oai(status = 401, content_type = "application/problem+json")]
    Unauthorized(Json<Problem>),
    /// The credential is valid but may not do this.
    #[oai(status = 403, content_type = "application/problem+json")]
    Forbidden(Json<Problem>),
    /// The resource does not exist, or is not visible to this caller.
    #[oai(status = 404, content_type = "application/problem+json")]
    NotFound(Json<Problem>),
    /// The resource is not in a state that allows this.
    #[oai(status = 409, content_type = "application/problem+json")]
    Conflict(Json<Problem>),
    /// The body is larger than the server accepts.
    #[oai(status = 413, content_type = "application/problem+json")]
    PayloadTooLarge(Json<Problem>),
    /// Too many requests or open streams for this caller.
    #[oai(status = 429, content_type = "application/problem+json")]
    TooManyRequests(Json<Problem>),
    /// The body is well-formed but a value breaks a rule.
    #[oai(status = 422, content_type = "application/problem+json")]
    Unprocessable(Json<Problem>),
    /// The server failed; the details are in its log.
    #[oai(status = 500, content_type = "application/problem+json")]
    Internal(Json<Problem>),
}

impl ApiError {
    pub fn from_problem(problem: Problem) -> Self {
        let json = Json(problem);
        match json.0.status {
            400 => Self::BadRequest(json),
            401 => Self::Unauthorized(json),
            403 => Self::Forbidden(json),
            404 => Self::NotFound(json),
            409 => Self::Conflict(json),
            413 => Self::PayloadTooLarge(json),
            422 => Self::Unprocessable(json),
            429 => Self::TooManyRequests(json),
            _ => Self::Internal(json),
        }
    }
}

fn rule_problem(error: &domain::Error) -> Problem {
    let (status, code) = match error {
        domain::Error::ConversationEnded => (StatusCode::CONFLICT, "conversation_ended"),
        domain::Error::AlreadyClaimed => (StatusCode::CONFLICT, "conversation_already_claimed"),
        domain::Error::NotClaimed => (StatusCode::CONFLICT, "conversation_not_claimed"),
        domain::Error::NotAssigned => (StatusCode::FORBIDDEN, "conversation_not_assigned"),
        domain::Error::NotAllowed(_) => (StatusCode::CONFLICT, "transition_not_allowed"),
        domain::Error::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_input"),
    };
    Problem::new(status, code, error.to_string())
}

impl From<service::Error> for ApiError {
    fn from(error: service::Error) -> Self {
        use service::Error as E;
        let problem = match &error {
            E::Rule(rule) => rule_problem(rule),
            E::NotFound(_) => Problem::new(StatusCode::NOT_FOUND, "not_found", error.to_string()),
            E::Unauthorized(detail) => Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", *detail),
            E::Forbidden { code, detail } => Problem::new(StatusCode::FORBIDDEN, code, *detail),
            E::Conflict { code, detail } => Problem::new(StatusCode::CONFLICT, code, detail.clone()),
            E::TooMany { code, detail } => Problem::new(StatusCode::TOO_MANY_REQUESTS, code, detail.clone()),
            E::Storage(_) | E::Internal(_) => {
                tracing::error!(error = ?ErrorChain(&error), "request failed");
                Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "the server failed to handle this request")
            }
        };
        Self::from_problem(problem)
    }
}

/// Prints an error with all its causes.
struct ErrorChain<'a>(&'a (dyn std::error::Error + 'static));

impl std::fmt::Debug for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(cause) = source {
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// Turns any error that reached the edge into a problem response. Problems made by
/// handlers pass through; poem's own rejections (unparsable bodies, bad parameters,
/// missing credentials, unknown routes) are rewritten with their reason.
pub async fn render(error: poem::Error) -> Response {
    let status = error.status();
    let reason = error.to_string();
    let response = error.into_response();
    let is_problem = response.content_type().is_some_and(|content_type| content_type.starts_with(PROBLEM_CONTENT_TYPE));
    if is_problem {
        return response;
    }
    let code = match status {
        StatusCode::BAD_REQUEST => "invalid_request",
        StatusCode::UNAUTHORIZED => "unauthorized",
        StatusCode::FORBIDDEN => "forbidden",
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        status if status.is_server_error() => "internal",
        _ => "request_failed",
    };
    let detail = if status == StatusCode::UNAUTHORIZED {
        "send a credential for this operation as `Authorization: Bearer <credential>`".to_owned()
    } else if status.is_server_error() {
        tracing::error!(%status, error = %reason, "request failed before its handler");
        "the server failed to handle this request".to_owned()
    } else {
        reason
    };
    problem_response(Problem::new(status, code, detail))
}

pub fn problem_response(problem: Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::json!({
        "type": problem.problem_type,
        "title": problem.title,
        "status": problem.status,
        "detail": problem.detail,
        "code": problem.code,
    });
    Response::builder().status(status).content_type(PROBLEM_CONTENT_TYPE).body(body.to_string())
}
