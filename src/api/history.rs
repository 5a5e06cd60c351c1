//! History: finding past and open conversations by filters and by the words of their
//! messages.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::param::Query;
use poem_openapi::{Enum, Object, OpenApi, payload::Json};
use uuid::Uuid;

use super::models::{Conversation, ConversationStatus, ExitReason};
use super::problem::{Problems, status::*};
use super::security::AgentOrCustomer;
use super::{AppState, Tag};
use crate::domain::EmailAddress;
use crate::service::history::{self, HistoryQuery, Reach};
use crate::service::{self};
use crate::wire::values::{Email, PageCursor, Timestamp};

/// Whose conversations an agent searches.
#[derive(Debug, Clone, Copy, Enum)]
#[oai(rename_all = "snake_case")]
pub enum HistoryScope {
    /// Those the agent served (or serves).
    Mine,
    /// Those of the agent's groups and of no group, whatever their role.
    Groups,
    /// Every one the agent sees (supervisors and admins: all).
    All,
}

/// A page of found conversations, newest first.
#[derive(Debug, Object)]
pub struct HistoryPage {
    pub items: Vec<Conversation>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<PageCursor>,
    /// How many conversations match, on the first page of a search without `q`
    /// (counting every match of a word search is not cheap; absent then).
    pub total: Option<u64>,
}

pub struct HistoryApi;

#[OpenApi(tag = "Tag::History")]
impl HistoryApi {
    /// Search the history of conversations
    ///
    /// Ended and open conversations, newest first, that meet every filter given. `q`
    /// finds conversations with a message holding all its words (in any order, whole
    /// words, case and accents ignored) among the texts customers, agents and the bot
    /// wrote (titles and summaries of articles included; not internal notes, not the
    /// server's notices). Agents find what `scope` allows within what they see;
    /// customers find their own conversations only, without tags. Cursor-paginated.
    #[oai(path = "/v1/history", method = "get", operation_id = "search_history")]
    #[allow(clippy::too_many_arguments, reason = "each query parameter of the operation is an argument")]
    async fn search(
        &self,
        state: Data<&Arc<AppState>>,
        auth: AgentOrCustomer,
        /// Words to find in the messages, up to 200 characters.
        #[oai(validator(max_length = 200))]
        q: Query<Option<String>>,
        /// Only this customer's conversations.
        customer_id: Query<Option<Uuid>>,
        /// Only conversations with this email (given in the chat, or known for the customer).
        email: Query<Option<Email>>,
        /// Only conversations this agent served.
        agent_id: Query<Option<Uuid>>,
        /// Only conversations of this group.
        group_id: Query<Option<Uuid>>,
        /// Only conversations with this tag.
        tag_id: Query<Option<Uuid>>,
        /// Only conversations in this status.
        status: Query<Option<ConversationStatus>>,
        /// Only conversations that ended this way.
        exit_reason: Query<Option<ExitReason>>,
        /// Only conversations entered at or after this time.
        from: Query<Option<Timestamp>>,
        /// Only conversations entered before this time.
        to: Query<Option<Timestamp>>,
        /// Agents: `mine`, `groups` or `all` (default).
        scope: Query<Option<HistoryScope>>,
        /// The `next_cursor` of the previous page.
        cursor: Query<Option<String>>,
        /// Page size, 1 to 200 (default 50).
        #[oai(validator(minimum(value = "1"), maximum(value = "200")))]
        limit: Query<Option<u64>>,
    ) -> Result<Json<HistoryPage>, Problems<{ PARAMS | UNAUTHORIZED | FORBIDDEN | UNPROCESSABLE }>> {
        let query = HistoryQuery {
            words: q.0.filter(|words| !words.trim().is_empty()),
            customer_id: customer_id.0,
            email: email
                .0
                .map(|email| EmailAddress::parse(email.as_str()))
                .transpose()
                .map_err(service::Error::from)?,
            agent_id: agent_id.0,
            group_id: group_id.0,
            tag_id: tag_id.0,
            status: status.0.map(Into::into),
            exit_reason: exit_reason.0.map(Into::into),
            from: from.0.map(|time| time.parse("from")).transpose().map_err(service::Error::from)?,
            to: to.0.map(|time| time.parse("to")).transpose().map_err(service::Error::from)?,
            reach: match scope.0 {
                Some(HistoryScope::Mine) => Reach::Mine,
                Some(HistoryScope::Groups) => Reach::Groups,
                Some(HistoryScope::All) | None => Reach::All,
            },
        };
        let page = history::search(&state.services, &auth.caller(), query, cursor.0.as_deref(), limit.0).await?;
        Ok(Json(HistoryPage { items: page.items, next_cursor: page.next_cursor, total: page.total }))
    }
}
