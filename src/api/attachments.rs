//! Files: uploads streamed into a conversation, and downloads for its parties.
//!
//! An upload is the file's raw bytes as the request body (any `Content-Type`; the server
//! finds the type in the bytes) with its name in `?name=`: one request, streamed to
//! storage as it arrives, no multipart framing to parse and no second round trip as a
//! presigned URL would need. Downloads are authenticated `GET`s with the same bearer
//! credential as every other call: access is checked on each read, so a file stops
//! being readable the moment its customer is erased or an agent loses the department,
//! and no URL that opens it can leak into logs, referrers or a forwarded screenshot.
//! Browsers fetch with the header and show a `blob:` URL (both SDKs do it).

use std::sync::Arc;

use poem::http::{HeaderValue, StatusCode, header};
use poem::web::Data;
use poem::{Body, IntoResponse, Request, Response};
use poem_openapi::param::{Header, Path, Query};
use poem_openapi::payload::{Binary, Json};
use poem_openapi::registry::{
    MetaHeader, MetaMediaType, MetaResponse, MetaResponses, MetaSchema, MetaSchemaRef, Registry,
};
use poem_openapi::types::Type;
use poem_openapi::{ApiResponse, OpenApi};
use uuid::Uuid;

use super::problem::{Problem, ProblemCode, Problems, Refusal, problem_response, status::*};
use super::rate_limit::UploadCall;
use super::security::AgentOrCustomer;
use super::{AppState, Tag};
use crate::domain::attachment::{FileRef, shows_inline};
use crate::service::attachments::{self, NewUpload};
use crate::wire::Attachment;

#[derive(ApiResponse)]
pub enum Uploaded {
    /// The file is stored (and checked, when a malware check is configured): send it
    /// with a message's `attachment_ids`.
    #[oai(status = 201)]
    Created(
        Json<Attachment>,
        /// The file: `/v1/attachments/{attachment_id}`.
        #[oai(header = "Location")]
        String,
    ),
}

/// A file's bytes, whole (200), a range of them (206), or "not modified" (304).
pub struct Download(Response);

impl IntoResponse for Download {
    fn into_response(self) -> Response {
        self.0
    }
}

fn header_meta(name: &str, description: &str) -> MetaHeader {
    MetaHeader {
        name: name.to_owned(),
        description: Some(description.to_owned()),
        required: false,
        deprecated: false,
        schema: String::schema_ref(),
    }
}

impl ApiResponse for Download {
    fn meta() -> MetaResponses {
        let bytes = || MetaMediaType {
            content_type: "*/*",
            schema: MetaSchemaRef::Inline(Box::new(MetaSchema { format: Some("binary"), ..MetaSchema::new("string") })),
        };
        let headers = |ranged: bool| {
            let mut headers = vec![
                header_meta("ETag", "The file's SHA-256 in quotes; send it as `If-None-Match` or `If-Range`."),
                header_meta(
                    "Content-Disposition",
                    "`inline` for raster images, `attachment` for everything else, with the file's name.",
                ),
                header_meta("Accept-Ranges", "`bytes`."),
            ];
            if ranged {
                headers.push(header_meta("Content-Range", "`bytes <first>-<last>/<size>`."));
            }
            headers
        };
        MetaResponses {
            responses: vec![
                MetaResponse {
                    description: "The file's bytes, with the type the server found in them as `Content-Type`, `X-Content-Type-Options: nosniff` and a `Content-Security-Policy` that runs nothing.",
                    status: Some(200),
                    status_range: None,
                    content: vec![bytes()],
                    headers: headers(false),
                },
                MetaResponse {
                    description: "The bytes of the one range asked for in `Range`.",
                    status: Some(206),
                    status_range: None,
                    content: vec![bytes()],
                    headers: headers(true),
                },
                MetaResponse {
                    description: "The file has the `ETag` sent in `If-None-Match`.",
                    status: Some(304),
                    status_range: None,
                    content: vec![],
                    headers: vec![],
                },
            ],
        }
    }

    fn register(_registry: &mut Registry) {}
}

/// What part of a file a `Range` asks for.
#[derive(Debug, PartialEq, Eq)]
enum Wanted {
    Whole,
    /// First and last byte, inclusive.
    Part(u64, u64),
    Unsatisfiable,
}

/// One `bytes=` range; anything else (several ranges, other units, nonsense) gets the
/// whole file, as RFC 9110 allows.
fn wanted(range: Option<&str>, size: u64) -> Wanted {
    let Some(spec) = range.and_then(|range| range.trim().strip_prefix("bytes=")) else { return Wanted::Whole };
    if spec.contains(',') {
        return Wanted::Whole;
    }
    let Some((first, last)) = spec.split_once('-') else { return Wanted::Whole };
    match (first.trim(), last.trim()) {
        ("", suffix) => match suffix.parse::<u64>() {
            Ok(0) => Wanted::Unsatisfiable,
            Ok(length) => Wanted::Part(size.saturating_sub(length), size - 1),
            Err(_) => Wanted::Whole,
        },
        (first, last) => {
            let Ok(first) = first.parse::<u64>() else { return Wanted::Whole };
            let last = match last {
                "" => size - 1,
                last => match last.parse::<u64>() {
                    Ok(last) if last >= first => last.min(size - 1),
                    _ => return Wanted::Whole,
                },
            };
            if first >= size { Wanted::Unsatisfiable } else { Wanted::Part(first, last) }
        }
    }
}

fn etag(file: &FileRef, suffix: &str) -> String {
    format!("\"{}{suffix}\"", file.sha256)
}

/// Whether `If-None-Match` names `tag`.
fn matches(condition: Option<&str>, tag: &str) -> bool {
    condition.is_some_and(|condition| {
        condition
            .split(',')
            .map(|given| given.trim().trim_start_matches("W/"))
            .any(|given| given == tag || given == "*")
    })
}

/// `Content-Disposition` with the name as ASCII for old clients and as UTF-8 (RFC 6266).
fn disposition(file: &FileRef, content_type: &str) -> String {
    let kind = if shows_inline(content_type) { "inline" } else { "attachment" };
    let ascii: String = file
        .name
        .chars()
        .map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' })
        .collect();
    let encoded: String = file
        .name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// The headers every answer with a file's bytes has.
fn file_headers(response: &mut Response, file: &FileRef, content_type: &str, tag: &str) {
    let headers = response.headers_mut();
    let set = |headers: &mut poem::http::HeaderMap, name, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    let shown_type = if content_type == "text/plain" { "text/plain; charset=utf-8" } else { content_type };
    set(headers, header::CONTENT_TYPE, shown_type);
    set(headers, header::ETAG, tag);
    set(headers, header::CONTENT_DISPOSITION, &disposition(file, content_type));
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // Opened on its own, an uploaded HTML or SVG page can run nothing and load nothing.
    set(headers, header::CONTENT_SECURITY_POLICY, "default-src 'none'; img-src 'self'; sandbox");
    // Access is checked on every read: caches keep it for this caller and revalidate.
    set(headers, header::CACHE_CONTROL, "private, no-cache");
    set(headers, header::ACCEPT_RANGES, "bytes");
}

fn not_modified(tag: &str) -> Download {
    let mut response = Response::builder().status(StatusCode::NOT_MODIFIED).finish();
    if let Ok(value) = HeaderValue::from_str(tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    Download(response)
}

type Refused = Refusal<{ PARAMS | UNAUTHORIZED | NOT_FOUND | RANGE }>;

pub struct AttachmentApi;

#[OpenApi(tag = "Tag::Attachments")]
impl AttachmentApi {
    /// Upload a file into a conversation (customer or serving agent)
    ///
    /// The body is the file's bytes, streamed to storage as they arrive (any
    /// `Content-Type`); `name` is its file name. The server finds the type in the bytes:
    /// a type the module does not accept is 415 `file_type_not_allowed`, whatever the
    /// name says. Over the module's `attachments.max_bytes` (10 MiB by default) is 413
    /// `file_too_large` — at once when `Content-Length` says so, else when the bytes
    /// pass it; over the customer's quota is 413 `quota_exceeded`. With a malware check
    /// configured the answer comes once it passed (422 `file_rejected` otherwise).
    ///
    /// Who may upload is who may write a message: the customer while the chat is open,
    /// the agent who serves it. The file is sent with a message's `attachment_ids`;
    /// uploads no message carries are deleted after `attachment_unsent_ttl_secs`
    /// (a day by default). A retry uploads again: uploads take no `Idempotency-Key`.
    #[oai(path = "/v1/conversations/:conversation_id/attachments", method = "post", operation_id = "upload_attachment")]
    #[allow(clippy::too_many_arguments, reason = "poem-openapi takes each parameter as an argument")]
    async fn upload(
        &self,
        _limit: UploadCall,
        state: Data<&Arc<AppState>>,
        auth: AgentOrCustomer,
        request: &Request,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        /// The file's name; paths, control and direction characters are removed.
        #[oai(validator(min_length = 1, max_length = 1000))]
        name: Query<String>,
        /// The file's bytes.
        body: Binary<Body>,
    ) -> Result<Uploaded, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | NOT_FOUND | CONFLICT | UNPROCESSABLE }>> {
        let declared = request
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<u64>().ok());
        let new = NewUpload { name: name.0, declared, idle_timeout: state.settings.http.body_read_timeout };
        let bytes = Box::pin(body.0.into_bytes_stream());
        let file = attachments::upload(&state.services, &auth.caller(), conversation_id.0, new, bytes).await?;
        let location = format!("/v1/attachments/{}", file.id);
        Ok(Uploaded::Created(Json(file), location))
    }

    /// Download a file (the conversation's customer and agents, admins)
    ///
    /// The customer reads every file of their conversations; agents who see the
    /// conversation read its sent files; an upload not sent yet is read by its uploader
    /// only; admins read all (as for an export). Anyone else gets 404, as for a file
    /// that does not exist. Answers carry the type found in the bytes,
    /// `X-Content-Type-Options: nosniff`, a `Content-Security-Policy` that runs nothing,
    /// and `Content-Disposition: attachment` except for raster images. One `Range` is
    /// honoured (206); `ETag` is the SHA-256, for `If-None-Match` (304) and `If-Range`.
    #[oai(path = "/v1/attachments/:attachment_id", method = "get", operation_id = "download_attachment")]
    async fn download(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentOrCustomer,
        /// The attachment's id.
        attachment_id: Path<Uuid>,
        /// One range of bytes: `bytes=0-1023`, `bytes=1024-`, `bytes=-512`.
        #[oai(name = "Range")]
        range: Header<Option<String>>,
        /// The `ETag` of a copy the client holds.
        #[oai(name = "If-None-Match")]
        if_none_match: Header<Option<String>>,
        /// Honour `Range` only while the file still has this `ETag`.
        #[oai(name = "If-Range")]
        if_range: Header<Option<String>>,
    ) -> Result<Download, Refused> {
        let file = attachments::find(&state.services, &auth.caller(), attachment_id.0).await?;
        let tag = etag(&file, "");
        if matches(if_none_match.0.as_deref(), &tag) {
            return Ok(not_modified(&tag));
        }
        let range = range.0.filter(|_| if_range.0.as_deref().is_none_or(|given| given.trim() == tag));
        let (status, part) = match wanted(range.as_deref(), file.size) {
            Wanted::Whole => (StatusCode::OK, None),
            Wanted::Part(first, last) => (StatusCode::PARTIAL_CONTENT, Some((first, last))),
            Wanted::Unsatisfiable => {
                let mut response = problem_response(Problem::new(
                    StatusCode::RANGE_NOT_SATISFIABLE,
                    ProblemCode::RangeNotSatisfiable,
                    format!("the file has {} bytes", file.size),
                ));
                if let Ok(value) = HeaderValue::from_str(&format!("bytes */{}", file.size)) {
                    response.headers_mut().insert(header::CONTENT_RANGE, value);
                }
                return Err(Refusal::ready(response));
            }
        };
        let bytes = attachments::read(&state.services, &file, part.map(|(first, last)| first..last + 1)).await?;
        let length = part.map_or(file.size, |(first, last)| last - first + 1);
        let mut response = Response::builder().status(status).body(Body::from_bytes_stream(bytes));
        file_headers(&mut response, &file, &file.content_type, &tag);
        response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        if let Some((first, last)) = part
            && let Ok(value) = HeaderValue::from_str(&format!("bytes {first}-{last}/{}", file.size))
        {
            response.headers_mut().insert(header::CONTENT_RANGE, value);
        }
        Ok(Download(response))
    }

    /// An image's thumbnail (as for the download)
    ///
    /// A PNG at most 320 pixels on its longest side, made on the first request and
    /// kept. Files that are not raster images, and images over 40 megapixels by their
    /// header (never decoded), have none: 404.
    #[oai(path = "/v1/attachments/:attachment_id/thumbnail", method = "get", operation_id = "download_thumbnail")]
    async fn thumbnail(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentOrCustomer,
        /// The attachment's id.
        attachment_id: Path<Uuid>,
        /// The `ETag` of a copy the client holds.
        #[oai(name = "If-None-Match")]
        if_none_match: Header<Option<String>>,
    ) -> Result<Download, Refused> {
        let file = attachments::find(&state.services, &auth.caller(), attachment_id.0).await?;
        let tag = etag(&file, "-thumbnail");
        if matches(if_none_match.0.as_deref(), &tag) {
            return Ok(not_modified(&tag));
        }
        let png = attachments::thumbnail(&state.services, &file).await?;
        let length = png.len();
        let mut response = Response::builder().status(StatusCode::OK).body(png);
        file_headers(&mut response, &file, "image/png", &tag);
        response.headers_mut().insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        Ok(Download(response))
    }
}
