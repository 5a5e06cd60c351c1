//! Every failure as `application/problem+json` (RFC 9457) with a stable `code`: errors
//! of the use cases, and whatever poem rejects before a handler runs.
//!
//! Each operation declares the statuses it can answer as a `Problems<{ … }>` type built
//! from the flags below, so its spec lists exactly those.

use poem::http::StatusCode;
use poem::{IntoResponse, Response};
use poem_openapi::registry::{MetaHeader, MetaMediaType, MetaResponse, MetaResponses, MetaSchemaRef, Registry};
use poem_openapi::types::{ToJSON, Type};
use poem_openapi::{ApiResponse, Enum, Object};

use crate::domain;
use crate::service;
use crate::wire::values::RULE_BROKEN;

pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// Declares `ProblemCode` with each code's text form.
macro_rules! problem_codes {
    ($($(#[doc = $doc:literal])* $variant:ident => $text:literal,)+) => {
        /// The stable, machine-readable kind of a problem.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
        pub enum ProblemCode {
            $($(#[doc = $doc])* #[oai(rename = $text)] $variant,)+
        }

        impl ProblemCode {
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text,)+ }
            }
        }
    };
}

problem_codes! {
    /// The body, a parameter or a header is malformed.
    InvalidRequest => "invalid_request",
    /// A well-formed value breaks a rule (a pattern, a length, a reference).
    InvalidInput => "invalid_input",
    Unauthorized => "unauthorized",
    Forbidden => "forbidden",
    NotFound => "not_found",
    MethodNotAllowed => "method_not_allowed",
    PayloadTooLarge => "payload_too_large",
    UnsupportedMediaType => "unsupported_media_type",
    Internal => "internal",
    /// Another refusal below the API (e.g. a URI or headers too long).
    RequestFailed => "request_failed",
    /// The credential is of a kind that does not do this.
    WrongCaller => "wrong_caller",
    AdminRequired => "admin_required",
    /// Customers send text messages only.
    AgentOnly => "agent_only",
    CustomerBlocked => "customer_blocked",
    ConversationEnded => "conversation_ended",
    ConversationAlreadyClaimed => "conversation_already_claimed",
    ConversationNotClaimed => "conversation_not_claimed",
    ConversationNotAssigned => "conversation_not_assigned",
    TransitionNotAllowed => "transition_not_allowed",
    AgentNotOnline => "agent_not_online",
    EmailTaken => "email_taken",
    CannotDemoteSelf => "cannot_demote_self",
    ClientMessageIdTaken => "client_message_id_taken",
    ConversationOpen => "conversation_open",
    DeliveryInProgress => "delivery_in_progress",
    TooManyStreams => "too_many_streams",
    /// The server holds as many connections as it accepts; retry after `Retry-After`.
    TooManyConnections => "too_many_connections",
    /// The request body did not arrive in time.
    RequestTimeout => "request_timeout",
    /// Too many requests from this caller; retry after `Retry-After`.
    RateLimited => "rate_limited",
    /// The `Idempotency-Key` was sent before with another request.
    IdempotencyKeyReused => "idempotency_key_reused",
    /// The first request with this `Idempotency-Key` is still under way; retry after `Retry-After`.
    IdempotencyKeyInUse => "idempotency_key_in_use",
    GroupNameTaken => "group_name_taken",
    /// The conversation is served by a group the agent is not in.
    NotInGroup => "not_in_group",
    /// The agent serves as many chats as they may.
    AgentAtCapacity => "agent_at_capacity",
    TagNameTaken => "tag_name_taken",
    /// The chat has not ended, or its module does not ask for ratings.
    RatingNotAsked => "rating_not_asked",
    /// The window to change the rating is over.
    RatingClosed => "rating_closed",
    /// Another canned response of the same scope (and agent or group) has this short code.
    ShortCodeTaken => "short_code_taken",
    /// The file is larger than the module accepts.
    FileTooLarge => "file_too_large",
    /// The customer's conversations hold as many bytes of files as they may.
    QuotaExceeded => "quota_exceeded",
    /// The file's bytes are of a type the module does not accept.
    FileTypeNotAllowed => "file_type_not_allowed",
    /// The malware check refused the file.
    FileRejected => "file_rejected",
    /// The attachment is in a message already.
    AttachmentSent => "attachment_sent",
    /// The `Range` lies outside the file.
    RangeNotSatisfiable => "range_not_satisfiable",
    /// The database was busy with conflicting work; nothing was stored: retry after `Retry-After`.
    Busy => "busy",
}

/// A problem document.
#[derive(Debug, Clone, Object)]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:livechat:problem:` and the `code`.
    #[oai(rename = "type")]
    pub problem_type: String,
    /// Short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request.
    pub detail: String,
    pub code: ProblemCode,
}

impl Problem {
    pub fn new(status: StatusCode, code: ProblemCode, detail: impl Into<String>) -> Self {
        Self {
            problem_type: format!("urn:livechat:problem:{}", code.as_str()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail: detail.into(),
            code,
        }
    }
}

/// The statuses an operation can answer with a problem, as flags for `Problems<{…}>`.
pub mod status {
    /// A malformed parameter or header (every operation with parameters).
    pub const PARAMS: u16 = 1 << 0;
    /// A malformed body (400), one too slow (408), too large (413) or not JSON (415).
    pub const BODY: u16 = 1 << 0 | 1 << 5 | 1 << 6 | 1 << 9;
    /// A refused credential (401), and a caller over its rate limit (429).
    pub const UNAUTHORIZED: u16 = 1 << 1 | TOO_MANY_REQUESTS;
    pub const FORBIDDEN: u16 = 1 << 2;
    pub const NOT_FOUND: u16 = 1 << 3;
    pub const CONFLICT: u16 = 1 << 4;
    pub const UNPROCESSABLE: u16 = 1 << 7;
    pub const TOO_MANY_REQUESTS: u16 = 1 << 8;
    /// A `Range` outside the file (416).
    pub const RANGE: u16 = 1 << 10;
}

/// Each flag's status and what it means; 500 is always possible.
const STATUSES: &[(u16, u16, &str)] = &[
    (1 << 0, 400, "The request is malformed: a parameter, a header or the body."),
    (1 << 1, 401, "No credential, or one that is invalid, expired or of the wrong kind."),
    (1 << 2, 403, "The credential is valid but may not do this."),
    (1 << 3, 404, "The resource does not exist, or is not visible to this caller."),
    (1 << 9, 408, "The body did not arrive in time."),
    (1 << 4, 409, "The resource is not in a state that allows this."),
    (1 << 5, 413, "The body is larger than the server accepts."),
    (1 << 6, 415, "The body is not `application/json`, or an upload's bytes are of a type not accepted."),
    (1 << 10, 416, "The `Range` lies outside the file; `Content-Range` gives its size."),
    (1 << 7, 422, "The body is well-formed but a value breaks a rule."),
    (
        1 << 8,
        429,
        "Too many requests from this caller (`rate_limited`; see `Retry-After`, `RateLimit` and `RateLimit-Policy`), or too many open streams (`too_many_streams`).",
    ),
    (0, 500, "The server failed; the details are in its log."),
    (
        0,
        503,
        "The database was busy with conflicting work (`busy`: a lock held too long, a deadlock, no connection free); nothing was stored. Retry after `Retry-After` seconds, with the same `Idempotency-Key`.",
    ),
];

/// The problems one operation can answer: the statuses flagged in `S`, and 500.
#[derive(Debug)]
pub struct Problems<const S: u16>(pub Problem);

impl<const S: u16> Problems<S> {
    fn lists(status: u16) -> bool {
        STATUSES.iter().any(|(flag, code, _)| *code == status && (*flag == 0 || S & flag != 0))
    }
}

impl<const S: u16> ApiResponse for Problems<S> {
    fn meta() -> MetaResponses {
        let responses = STATUSES
            .iter()
            .filter(|(flag, _, _)| *flag == 0 || S & flag != 0)
            .map(|(_, status, description)| MetaResponse {
                description,
                status: Some(*status),
                status_range: None,
                content: vec![MetaMediaType { content_type: PROBLEM_CONTENT_TYPE, schema: Problem::schema_ref() }],
                headers: match status {
                    429 => rate_limit_headers(),
                    503 => vec![retry_after()],
                    _ => vec![],
                },
            })
            .collect();
        MetaResponses { responses }
    }

    fn register(registry: &mut Registry) {
        Problem::register(registry);
    }
}

fn header(name: &str, description: &str, schema: MetaSchemaRef) -> MetaHeader {
    MetaHeader {
        name: name.to_owned(),
        description: Some(description.to_owned()),
        required: false,
        deprecated: false,
        schema,
    }
}

fn retry_after() -> MetaHeader {
    header("Retry-After", "Seconds to wait before retrying.", u64::schema_ref())
}

/// The headers of a 429.
fn rate_limit_headers() -> Vec<MetaHeader> {
    vec![
        retry_after(),
        header(
            "RateLimit",
            "Where the caller stands (IETF draft-ietf-httpapi-ratelimit-headers): `\"<policy>\";r=<remaining>;t=<seconds until replenished>`. Also sent on the responses a limit let through.",
            String::schema_ref(),
        ),
        header(
            "RateLimit-Policy",
            "The limit that applies: `\"<policy>\";q=<requests>;w=<seconds>`: a minute for request budgets, an hour for `login_failures` (failed logins that are free before the wait doubles).",
            String::schema_ref(),
        ),
    ]
}

/// The refusals of an operation documented as `Problems<S>`, where some come ready
/// made with their own headers (a 429 with its wait, from a limit the operation declared).
pub struct Refusal<const S: u16>(Response);

impl<const S: u16> ApiResponse for Refusal<S> {
    fn meta() -> MetaResponses {
        Problems::<S>::meta()
    }

    fn register(registry: &mut Registry) {
        Problems::<S>::register(registry);
    }
}

impl<const S: u16> Refusal<S> {
    /// A problem response made with headers of its own.
    pub fn ready(response: Response) -> Self {
        Self(response)
    }
}

impl<const S: u16> IntoResponse for Refusal<S> {
    fn into_response(self) -> Response {
        self.0
    }
}

impl<const S: u16> From<Refusal<S>> for poem::Error {
    fn from(refusal: Refusal<S>) -> Self {
        poem::Error::from_response(refusal.0)
    }
}

impl<const S: u16> From<poem::Error> for Refusal<S> {
    fn from(error: poem::Error) -> Self {
        Self(error.into_response())
    }
}

impl<const S: u16> From<service::Error> for Refusal<S> {
    fn from(error: service::Error) -> Self {
        Self(Problems::<S>::from(error).into_response())
    }
}

impl<const S: u16> IntoResponse for Problems<S> {
    fn into_response(self) -> Response {
        problem_response(self.0)
    }
}

impl<const S: u16> From<Problems<S>> for poem::Error {
    fn from(problems: Problems<S>) -> Self {
        poem::Error::from_response(problem_response(problems.0))
    }
}

impl<const S: u16> From<service::Error> for Problems<S> {
    fn from(error: service::Error) -> Self {
        let problem = problem_of(&error);
        if !Self::lists(problem.status) {
            // The spec of this operation misses a status its code can return: a bug to fix.
            tracing::error!(
                status = problem.status,
                code = problem.code.as_str(),
                "an operation answered a status its spec does not list"
            );
        }
        Self(problem)
    }
}

fn rule_problem(error: &domain::Error) -> Problem {
    let (status, code) = match error {
        domain::Error::ConversationEnded => (StatusCode::CONFLICT, ProblemCode::ConversationEnded),
        domain::Error::AlreadyClaimed => (StatusCode::CONFLICT, ProblemCode::ConversationAlreadyClaimed),
        domain::Error::NotClaimed => (StatusCode::CONFLICT, ProblemCode::ConversationNotClaimed),
        domain::Error::NotAssigned => (StatusCode::FORBIDDEN, ProblemCode::ConversationNotAssigned),
        domain::Error::NotAllowed(_) => (StatusCode::CONFLICT, ProblemCode::TransitionNotAllowed),
        domain::Error::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, ProblemCode::InvalidInput),
    };
    Problem::new(status, code, error.to_string())
}

/// The problem document of a use case's error. A 5xx is logged here, once, with its causes.
pub fn problem_of(error: &service::Error) -> Problem {
    use service::Error as E;
    let (status, code) = match error {
        E::Rule(rule) => return rule_problem(rule),
        E::NotFound(_) => (StatusCode::NOT_FOUND, ProblemCode::NotFound),
        E::Unauthorized(_) => (StatusCode::UNAUTHORIZED, ProblemCode::Unauthorized),
        E::WrongCaller(_) => (StatusCode::FORBIDDEN, ProblemCode::WrongCaller),
        E::AdminRequired => (StatusCode::FORBIDDEN, ProblemCode::AdminRequired),
        E::AgentOnly => (StatusCode::FORBIDDEN, ProblemCode::AgentOnly),
        E::CustomerBlocked => (StatusCode::FORBIDDEN, ProblemCode::CustomerBlocked),
        E::AgentNotOnline(_) => (StatusCode::CONFLICT, ProblemCode::AgentNotOnline),
        E::EmailTaken => (StatusCode::CONFLICT, ProblemCode::EmailTaken),
        E::CannotDemoteSelf => (StatusCode::CONFLICT, ProblemCode::CannotDemoteSelf),
        E::ClientMessageIdTaken => (StatusCode::CONFLICT, ProblemCode::ClientMessageIdTaken),
        E::ConversationOpen => (StatusCode::CONFLICT, ProblemCode::ConversationOpen),
        E::DeliveryInProgress => (StatusCode::CONFLICT, ProblemCode::DeliveryInProgress),
        E::TooManyStreams(_) => (StatusCode::TOO_MANY_REQUESTS, ProblemCode::TooManyStreams),
        E::GroupNameTaken => (StatusCode::CONFLICT, ProblemCode::GroupNameTaken),
        E::NotInGroup => (StatusCode::FORBIDDEN, ProblemCode::NotInGroup),
        E::AgentAtCapacity(_) => (StatusCode::CONFLICT, ProblemCode::AgentAtCapacity),
        E::ShortCodeTaken => (StatusCode::CONFLICT, ProblemCode::ShortCodeTaken),
        E::TagNameTaken => (StatusCode::CONFLICT, ProblemCode::TagNameTaken),
        E::RatingNotAsked => (StatusCode::CONFLICT, ProblemCode::RatingNotAsked),
        E::RatingClosed => (StatusCode::CONFLICT, ProblemCode::RatingClosed),
        E::FileTooLarge(_) => (StatusCode::PAYLOAD_TOO_LARGE, ProblemCode::FileTooLarge),
        E::QuotaExceeded(_) => (StatusCode::PAYLOAD_TOO_LARGE, ProblemCode::QuotaExceeded),
        E::FileTypeNotAllowed(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, ProblemCode::FileTypeNotAllowed),
        E::FileRejected => (StatusCode::UNPROCESSABLE_ENTITY, ProblemCode::FileRejected),
        E::AttachmentSent(_) => (StatusCode::CONFLICT, ProblemCode::AttachmentSent),
        E::UploadStalled(_) => (StatusCode::REQUEST_TIMEOUT, ProblemCode::RequestTimeout),
        E::Busy => return busy(error),
        E::Storage(_) if error.contended() => return busy(error),
        E::Storage(_) | E::Internal(_) => {
            tracing::error!(error = ?ErrorChain(error), "request failed");
            let detail = "the server failed to handle this request";
            return Problem::new(StatusCode::INTERNAL_SERVER_ERROR, ProblemCode::Internal, detail);
        }
    };
    Problem::new(status, code, error.to_string())
}

/// The problem of a write that met conflicting work: nothing was stored, retry.
fn busy(error: &service::Error) -> Problem {
    tracing::warn!(error = ?ErrorChain(error), "a write met conflicting work; the client is told to retry");
    let detail = "the database is busy with conflicting work; nothing was stored: retry after Retry-After";
    Problem::new(StatusCode::SERVICE_UNAVAILABLE, ProblemCode::Busy, detail)
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
    // A body of the right shape with a value that breaks its rule is 422, as when the
    // use case finds a broken rule: the reason is the rule's, after poem's preamble.
    if let Some((_, broken)) = reason.split_once(RULE_BROKEN) {
        return problem_response(Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemCode::InvalidInput,
            rule_detail(broken),
        ));
    }
    let code = match status {
        StatusCode::BAD_REQUEST => ProblemCode::InvalidRequest,
        StatusCode::UNAUTHORIZED => ProblemCode::Unauthorized,
        StatusCode::FORBIDDEN => ProblemCode::Forbidden,
        StatusCode::NOT_FOUND => ProblemCode::NotFound,
        StatusCode::METHOD_NOT_ALLOWED => ProblemCode::MethodNotAllowed,
        StatusCode::PAYLOAD_TOO_LARGE => ProblemCode::PayloadTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ProblemCode::UnsupportedMediaType,
        status if status.is_server_error() => ProblemCode::Internal,
        _ => ProblemCode::RequestFailed,
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

/// The reason of a broken rule as poem passes it on (`rule (occurred while parsing
/// "Inner") (occurred while parsing "Outer")`), written `rule (in Outer › Inner)`.
fn rule_detail(broken: &str) -> String {
    let mut parts = broken.split(r#" (occurred while parsing ""#);
    let rule = parts.next().unwrap_or_default();
    let mut objects: Vec<&str> = parts
        .map(|part| part.trim_end_matches(['"', ')']))
        .filter(|name| !name.starts_with("list_") && !name.starts_with("optional_"))
        .collect();
    objects.reverse();
    if objects.is_empty() { rule.to_owned() } else { format!("{rule} (in {})", objects.join(" › ")) }
}

pub fn problem_response(problem: Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = problem.to_json().unwrap_or_default();
    let response = Response::builder().status(status).content_type(PROBLEM_CONTENT_TYPE);
    // RFC 9110: a 401 names the authentication scheme to use; a 503 says when to retry.
    let response = match status {
        StatusCode::UNAUTHORIZED => response.header(poem::http::header::WWW_AUTHENTICATE, "Bearer"),
        StatusCode::SERVICE_UNAVAILABLE => response.header(poem::http::header::RETRY_AFTER, "1"),
        _ => response,
    };
    response.body(body.to_string())
}
