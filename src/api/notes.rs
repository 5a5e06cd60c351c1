//! Internal notes: what agents leave each other on a conversation.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::types::Example;
use poem_openapi::{ApiResponse, Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::idempotency::IdempotencyKey;
use super::models::Note;
use super::problem::{Problems, status::*};
use super::security::AgentToken;
use super::{AppState, Tag};
use crate::domain::canned::{MAX_MENTIONS, MAX_NOTE_LEN};
use crate::service::notes;
use crate::wire::values::{PageCursor, Text};

/// A new note.
#[derive(Debug, Object)]
#[oai(example)]
pub struct AddNote {
    /// Up to 4000 characters; line breaks allowed.
    pub text: Text<MAX_NOTE_LEN>,
    /// Agents to notify (`agent.mentioned` on their streams), by id, at most 20. Each
    /// must be active and see the conversation.
    #[oai(validator(max_items = 20))]
    pub mentions: Option<Vec<Uuid>>,
}

impl Example for AddNote {
    fn example() -> Self {
        AddNote {
            text: "Refund approved by billing; tell her it takes 3 days.".into(),
            mentions: Some(vec![Note::example().mentions[0].id]),
        }
    }
}

/// A page of notes, oldest first.
#[derive(Debug, Object)]
pub struct NotePage {
    pub items: Vec<Note>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<PageCursor>,
}

#[derive(ApiResponse)]
pub enum NoteAdded {
    /// The note was added.
    #[oai(status = 201)]
    Created(Json<Note>),
}

const _: () = assert!(MAX_MENTIONS == 20, "the spec's maxItems of mentions");

pub struct NoteApi;

#[OpenApi(tag = "Tag::Notes")]
impl NoteApi {
    /// List a conversation's internal notes (agent)
    ///
    /// Oldest first; page forward with `cursor`. Any agent who sees the conversation
    /// reads its notes, open or ended. Customers never see notes.
    #[oai(path = "/v1/conversations/:conversation_id/notes", method = "get", operation_id = "list_notes")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        /// The `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Page size, 1 to 200 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<NotePage>, Problems<{ PARAMS | UNAUTHORIZED | NOT_FOUND | UNPROCESSABLE }>> {
        let page = notes::list(&state.services, &auth.0, conversation_id.0, cursor.0.as_deref(), limit.0).await?;
        Ok(Json(NotePage { items: page.items, next_cursor: page.next_cursor }))
    }

    /// Add an internal note (agent)
    ///
    /// Any agent who sees the conversation adds notes, whoever serves it and after it
    /// ended. Agent streams that carry the conversation's chat get
    /// `conversation.note_added`, in order with its messages; each mentioned agent's
    /// streams get `agent.mentioned`. Customers never get a note: not on their stream,
    /// in messages, emails, transcripts or the customer-facing webhook topics (webhook
    /// endpoints get `conversation.note_added` only when they name it). An unknown,
    /// inactive or out-of-sight mentioned agent is 422 and nothing is stored.
    #[oai(path = "/v1/conversations/:conversation_id/notes", method = "post", operation_id = "add_note")]
    async fn add(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The conversation's id.
        conversation_id: Path<Uuid>,
        body: Json<AddNote>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<NoteAdded, Problems<{ BODY | UNAUTHORIZED | NOT_FOUND | UNPROCESSABLE }>> {
        let body = body.0;
        let mentions = body.mentions.unwrap_or_default();
        let note = notes::add(&state.services, &auth.0, conversation_id.0, body.text.as_str(), &mentions).await?;
        Ok(NoteAdded::Created(Json(note)))
    }
}
