//! Entering the module.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::types::Example;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::idempotency::IdempotencyKey;
use super::models::{Conversation, CustomerTokenGrant, HistoryAuthor};
use super::problem::{Problems, status::*};
use super::security::ApiKey;
use super::{AppState, Tag};
use crate::domain::MAX_ID_LEN;
use crate::domain::message::MAX_TEXT_LEN;
use crate::service::entries::{self, Entry, EntryCustomer, EntryOutcome, HistoryLine};
use crate::service::tags::MAX_TAG_NAME_LEN;
use crate::wire::values::{Email, Line, Text, Timestamp};
use crate::{domain, service};

/// The customer as the bot platform knows them.
#[derive(Debug, Object)]
pub struct EntryCustomerIn {
    /// The bot platform's id of the customer; entering again with it finds the same customer.
    pub external_id: Line<MAX_ID_LEN>,
    pub display_name: Line<MAX_ID_LEN>,
    /// The customer's email, when the bot platform knows it.
    pub email: Option<Email>,
}

/// A line of the chat so far, shown to the agent as context.
#[derive(Debug, Object)]
pub struct HistoryLineIn {
    pub author: HistoryAuthor,
    pub text: Text<MAX_TEXT_LEN>,
    /// When it was written (RFC 3339).
    pub sent_at: Option<Timestamp>,
}

/// The input variables of the module.
#[derive(Debug, Default, Object)]
pub struct InputVariables {
    /// Start the chat even when no agent is online (async off).
    pub live_in_force_start: Option<bool>,
}

/// A customer entering the live-chat module.
#[derive(Debug, Object)]
#[oai(example)]
pub struct EnterLiveChat {
    pub customer: EntryCustomerIn,
    /// The module configuration of this live-chat step.
    pub module_id: Uuid,
    /// The bot platform's reference of the process (session, flow run…).
    pub process_ref: Line<MAX_ID_LEN>,
    /// The chat so far, at most 200 lines, oldest first. Customer lines are searched
    /// for an email address (the most recent valid one wins).
    #[oai(default, validator(max_items = 200))]
    pub history: Vec<HistoryLineIn>,
    #[oai(default)]
    pub variables: InputVariables,
    /// Names of tags (which admins keep) to put on the conversation, at most 20; a name
    /// that is no tag is 422 and nothing is stored. Agents see them; the customer does not.
    #[oai(default, validator(max_items = 20))]
    pub tags: Vec<Line<MAX_TAG_NAME_LEN>>,
}

impl Example for EnterLiveChat {
    fn example() -> Self {
        EnterLiveChat {
            customer: EntryCustomerIn { external_id: "customer-42".into(), display_name: "Grace".into(), email: None },
            module_id: Uuid::nil(),
            process_ref: "process-run-7".into(),
            history: vec![HistoryLineIn {
                author: HistoryAuthor::Customer,
                text: "I need a human, please".into(),
                sent_at: None,
            }],
            variables: InputVariables { live_in_force_start: Some(false) },
            tags: vec!["vip".into()],
        }
    }
}

/// What entering led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum EntryOutcomeKind {
    /// The conversation waits in the Live list; hand `customer_token` to the customer's chat UI.
    Waiting,
    /// Async is off and no agent is online: the module exited at once with
    /// `no_agent_available` and the fallback target. Continue the process with it.
    Exited,
}

/// The result of entering.
#[derive(Debug, Object)]
pub struct EntryResult {
    pub outcome: EntryOutcomeKind,
    /// The customer already had an open conversation, which is returned.
    pub reentered: bool,
    pub conversation: Conversation,
    /// For the customer's chat UI; absent when the module exited at once.
    pub customer_token: Option<CustomerTokenGrant>,
}

#[derive(ApiResponse)]
pub enum EntryResponse {
    /// A new conversation: waiting, or exited at once.
    #[oai(status = 201)]
    Created(
        Json<EntryResult>,
        /// The new conversation: `/v1/conversations/{conversation_id}`.
        #[oai(header = "Location")]
        String,
    ),
    /// The customer's open conversation, with a fresh token (re-entry).
    #[oai(status = 200)]
    Reentered(Json<EntryResult>),
}

pub struct EntryApi;

#[OpenApi(tag = "Tag::Entries")]
impl EntryApi {
    /// Enter a customer into the live-chat module (bot platform)
    ///
    /// The conversation becomes `waiting` in the Live list and any online agent can take
    /// it over. With async chatting off, nobody online and no `live_in_force_start`, the
    /// module exits at once (`outcome: exited`). A customer with an open conversation gets
    /// that one back. Blocked customers are refused with 403 `customer_blocked`.
    #[oai(path = "/v1/entries", method = "post", operation_id = "enter_live_chat")]
    async fn enter(
        &self,
        state: Data<&Arc<AppState>>,
        _auth: ApiKey,
        body: Json<EnterLiveChat>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<EntryResponse, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | NOT_FOUND | UNPROCESSABLE }>> {
        let body = body.0;
        let force_start = body.variables.live_in_force_start.unwrap_or(false);
        let entry = Entry {
            customer: EntryCustomer {
                external_id: body.customer.external_id,
                display_name: body.customer.display_name,
                email: body.customer.email,
            },
            module_id: body.module_id,
            process_ref: body.process_ref,
            history: body
                .history
                .into_iter()
                .map(|line| {
                    Ok(HistoryLine {
                        author: line.author.into(),
                        text: line.text.into_inner(),
                        sent_at: line.sent_at.map(|time| time.parse("history.sent_at")).transpose()?,
                    })
                })
                .collect::<Result<_, domain::Error>>()
                .map_err(service::Error::from)?,
            force_start,
            variables: serde_json::json!({ "live_in_force_start": force_start }),
            tags: body.tags.into_iter().map(Line::into_inner).collect(),
        };
        Ok(match entries::enter(&state.services, entry).await? {
            EntryOutcome::Waiting { conversation, token, reentered } => {
                let result = EntryResult {
                    outcome: EntryOutcomeKind::Waiting,
                    reentered,
                    conversation,
                    customer_token: Some(token.into()),
                };
                if reentered { EntryResponse::Reentered(Json(result)) } else { created(result) }
            }
            EntryOutcome::Exited { conversation } => created(EntryResult {
                outcome: EntryOutcomeKind::Exited,
                reentered: false,
                conversation,
                customer_token: None,
            }),
        })
    }
}

fn created(result: EntryResult) -> EntryResponse {
    let location = format!("/v1/conversations/{}", result.conversation.id);
    EntryResponse::Created(Json(result), location)
}
