//! Customers: tokens for the bot platform, look-up and unblocking for admins.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::{Path, Query};
use poem_openapi::types::Example;
use poem_openapi::{Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::idempotency::IdempotencyKey;
use super::models::{Conversation, Customer, CustomerTokenGrant, Message, Note};
use super::problem::{Problems, status::*};
use super::rate_limit::TokenIssue;
use super::security::{AgentToken, ApiKey};
use super::{AppState, Tag};
use crate::domain::MAX_ID_LEN;
use crate::service::customers;
use crate::wire::values::Line;
use crate::wire::values::PageCursor;

/// The statuses of an admin's operation on one customer.
const ONE_CUSTOMER: u16 = PARAMS | UNAUTHORIZED | FORBIDDEN | NOT_FOUND;

/// Which customer needs a new token.
#[derive(Debug, Object)]
#[oai(example)]
pub struct IssueCustomerToken {
    /// The bot platform's id of the customer, as given on entry.
    pub external_id: Line<MAX_ID_LEN>,
}

impl Example for IssueCustomerToken {
    fn example() -> Self {
        IssueCustomerToken { external_id: "customer-42".into() }
    }
}

/// A new customer token and where the customer stands.
#[derive(Debug, Object)]
pub struct IssuedCustomerToken {
    pub customer: Customer,
    pub customer_token: CustomerTokenGrant,
    /// The customer's open (waiting or active) conversation, if any.
    pub open_conversation_id: Option<Uuid>,
}

/// A page of customers.
#[derive(Debug, Object)]
pub struct CustomerPage {
    pub items: Vec<Customer>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<PageCursor>,
}

/// One conversation of an export, with its messages and its internal notes.
#[derive(Debug, Object)]
pub struct ExportedConversation {
    pub conversation: Conversation,
    /// What the customer and agents wrote to each other, in `seq` order.
    pub messages: Vec<Message>,
    /// Agents' internal notes, oldest first; the customer never saw these.
    pub notes: Vec<Note>,
}

/// A customer with their conversations and messages.
#[derive(Debug, Object)]
pub struct CustomerExport {
    pub customer: Customer,
    pub conversations: Vec<ExportedConversation>,
}

pub struct CustomerApi;

#[OpenApi(tag = "Tag::Customers")]
impl CustomerApi {
    /// Issue a new customer token (bot platform)
    ///
    /// For a customer who entered before: a reloaded page or a new device resumes the
    /// same session without being asked for an email again.
    #[oai(path = "/v1/customer-tokens", method = "post", operation_id = "issue_customer_token")]
    async fn issue_token(
        &self,
        _limit: TokenIssue,
        state: Data<&Arc<AppState>>,
        _auth: ApiKey,
        body: Json<IssueCustomerToken>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<IssuedCustomerToken>, Problems<{ BODY | UNAUTHORIZED | FORBIDDEN | NOT_FOUND | UNPROCESSABLE }>>
    {
        let (customer, token, open) = customers::issue_token(&state.services, &body.external_id).await?;
        Ok(Json(IssuedCustomerToken { customer, customer_token: token.into(), open_conversation_id: open }))
    }

    /// List customers (admin)
    #[oai(path = "/v1/customers", method = "get", operation_id = "list_customers")]
    async fn list(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// Only blocked (`true`) or only unblocked (`false`) customers.
        blocked: Query<Option<bool>>,
        /// The `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Page size, 1 to 200 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<CustomerPage>, Problems<{ PARAMS | UNAUTHORIZED | FORBIDDEN | UNPROCESSABLE }>> {
        let page = customers::list(&state.services, &auth.0, blocked.0, cursor.0.as_deref(), limit.0).await?;
        Ok(Json(CustomerPage { items: page.items, next_cursor: page.next_cursor }))
    }

    /// Get a customer (admin)
    #[oai(path = "/v1/customers/:customer_id", method = "get", operation_id = "get_customer")]
    async fn get(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The customer's id.
        customer_id: Path<Uuid>,
    ) -> Result<Json<Customer>, Problems<ONE_CUSTOMER>> {
        Ok(Json(customers::get(&state.services, &auth.0, customer_id.0).await?))
    }

    /// Unblock a customer (admin)
    ///
    /// The customer may enter again (`POST /v1/entries`) and get customer tokens
    /// (`POST /v1/customer-tokens`), which answer 403 `customer_blocked` while blocked.
    /// Streams get `customer.unblocked`; unblocking a customer who is not blocked changes
    /// nothing. The conversation that ended with `blocked` stays ended.
    #[oai(path = "/v1/customers/:customer_id/unblock", method = "post", operation_id = "unblock_customer")]
    async fn unblock(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The customer's id.
        customer_id: Path<Uuid>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<Customer>, Problems<ONE_CUSTOMER>> {
        Ok(Json(customers::unblock(&state.services, &auth.0, customer_id.0).await?))
    }

    /// Export a customer with their conversations and messages (admin)
    ///
    /// One response, not paged: the customer and each of their conversations, oldest
    /// first, with all its messages in `seq` order and its agents' internal notes. The event log, the outbox (emails and
    /// webhooks) and the input variables given on entry are not included. Files are
    /// linked, not embedded: messages of kind `file` list their attachments, which an
    /// admin downloads with `GET /v1/attachments/{attachment_id}`.
    #[oai(path = "/v1/customers/:customer_id/export", method = "get", operation_id = "export_customer")]
    async fn export(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The customer's id.
        customer_id: Path<Uuid>,
    ) -> Result<Json<CustomerExport>, Problems<ONE_CUSTOMER>> {
        let export = customers::export(&state.services, &auth.0, customer_id.0).await?;
        let conversations = export
            .conversations
            .into_iter()
            .map(|(conversation, messages, notes)| ExportedConversation { conversation, messages, notes })
            .collect();
        Ok(Json(CustomerExport { customer: export.customer, conversations }))
    }

    /// Erase a customer's personal data (admin)
    ///
    /// Name, email, message contents, input variables and the event payloads about the
    /// customer are anonymised and pending emails to them cancelled. Webhooks still
    /// pending for the bot platform (an exit above all) are delivered with the erased
    /// data. Ids, statuses, exits and counts stay for reporting. It cannot be undone; a
    /// customer with an open conversation is a 409 `conversation_open`.
    #[oai(path = "/v1/customers/:customer_id/erase", method = "post", operation_id = "erase_customer")]
    async fn erase(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentToken,
        /// The customer's id.
        customer_id: Path<Uuid>,
        #[oai(name = "Idempotency-Key")] _key: IdempotencyKey,
    ) -> Result<Json<Customer>, Problems<{ ONE_CUSTOMER | CONFLICT }>> {
        Ok(Json(customers::erase(&state.services, &auth.0, customer_id.0).await?))
    }
}
