//! History: ended and open conversations with filters and full-text search over the
//! texts of their messages, newest first. An agent finds what their scope of sight
//! allows (their own chats, their groups', or all they see); a customer their own.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ColumnTrait, Condition, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use super::core::chats::{self, departments_of, in_sight, sight_of};
use super::core::page::{self, Cursor};
use super::core::views;
use super::{Caller, Error, Result, Services};
use crate::db::entities::{conversation, customer};
use crate::domain::{EmailAddress, ExitReason, Status};
use crate::wire::Conversation;

/// A search's words, in characters.
pub const MAX_QUERY_LEN: usize = 200;

/// Whose conversations an agent searches: those they served (`mine`), their groups'
/// (and those of no group), or every one they see (`all`, the default).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reach {
    Mine,
    Groups,
    #[default]
    All,
}

/// What to find; every filter given must hold.
#[derive(Debug, Clone, Default)]
pub struct HistoryQuery {
    /// Words every matching conversation has in its messages' texts (any order).
    pub words: Option<String>,
    pub customer_id: Option<Uuid>,
    /// The email given in the conversation or known for its customer.
    pub email: Option<EmailAddress>,
    pub agent_id: Option<Uuid>,
    pub group_id: Option<Uuid>,
    pub tag_id: Option<Uuid>,
    pub status: Option<Status>,
    pub exit_reason: Option<ExitReason>,
    /// Entered at or after.
    pub from: Option<DateTime<Utc>>,
    /// Entered before.
    pub to: Option<DateTime<Utc>>,
    pub reach: Reach,
}

/// A page of found conversations; `total` counts every match when that is cheap (a
/// search without words, on its first page).
pub struct HistoryPage {
    pub items: Vec<Conversation>,
    pub next_cursor: Option<crate::wire::values::PageCursor>,
    pub total: Option<u64>,
}

pub async fn search(
    services: &Services,
    caller: &Caller,
    query: HistoryQuery,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<HistoryPage> {
    let db = services.store.db();
    if let (Some(from), Some(to)) = (query.from, query.to)
        && from >= to
    {
        return Err(Error::invalid("from must be before to"));
    }
    let mut select = conversation::Entity::find();
    select = match caller {
        Caller::Customer { customer_id } => select.filter(conversation::Column::CustomerId.eq(*customer_id)),
        Caller::Agent(agent) => match query.reach {
            Reach::Mine => select.filter(conversation::Column::AgentId.eq(agent.id)),
            Reach::Groups => select.filter(in_sight(&departments_of(db, agent).await?)),
            Reach::All => select.filter(in_sight(&sight_of(db, agent).await?)),
        },
        Caller::Platform { .. } => return Err(Error::WrongCaller("the bot platform reads outcomes, not the history")),
    };
    select = filtered(select, &query, services.store.backend())?;
    let total = match (&query.words, Cursor::given(cursor)) {
        (None, None) => Some(select.clone().count(db).await?),
        _ => None,
    };
    let limit = page::limit(limit);
    let mut select = select.order_by_desc(conversation::Column::Id).limit(limit + 1);
    if let Some(cursor) = Cursor::given(cursor) {
        select = select.filter(conversation::Column::Id.lt(Cursor::decode_uuid(cursor)?));
    }
    let page = page::Page::from_rows(select.all(db).await?, limit, |row| row.id.to_string());
    let items = views::conversations(db, page.items).await?.into_iter().map(|view| views::seen_by(caller, view));
    Ok(HistoryPage { items: items.collect(), next_cursor: page.next_cursor, total })
}

fn filtered(
    mut select: Select<conversation::Entity>,
    query: &HistoryQuery,
    backend: DbBackend,
) -> Result<Select<conversation::Entity>> {
    use conversation::Column as C;
    if let Some(id) = query.customer_id {
        select = select.filter(C::CustomerId.eq(id));
    }
    if let Some(email) = &query.email {
        let known = Query::select()
            .column(customer::Column::Id)
            .from(customer::Entity)
            .and_where(customer::Column::Email.eq(email.as_str()))
            .to_owned();
        select = select.filter(Condition::any().add(C::Email.eq(email.as_str())).add(C::CustomerId.in_subquery(known)));
    }
    if let Some(id) = query.agent_id {
        select = select.filter(C::AgentId.eq(id));
    }
    if let Some(id) = query.group_id {
        select = select.filter(C::GroupId.eq(id));
    }
    if let Some(id) = query.tag_id {
        select = select.filter(chats::tagged(id));
    }
    if let Some(status) = query.status {
        select = select.filter(C::Status.eq(status));
    }
    if let Some(reason) = query.exit_reason {
        select = select.filter(C::ExitReason.eq(reason));
    }
    if let Some(from) = query.from {
        select = select.filter(C::EnteredAt.gte(from));
    }
    if let Some(to) = query.to {
        select = select.filter(C::EnteredAt.lt(to));
    }
    if let Some(words) = &query.words {
        select = select.filter(matching(words, backend)?);
    }
    Ok(select)
}

/// The conversations with a message whose text holds every word of `words`.
fn matching(words: &str, backend: DbBackend) -> Result<Condition> {
    if words.chars().count() > MAX_QUERY_LEN {
        return Err(Error::invalid(format!("q must be at most {MAX_QUERY_LEN} characters")));
    }
    let terms: Vec<String> =
        words.split(|c: char| !c.is_alphanumeric()).filter(|term| !term.is_empty()).map(str::to_lowercase).collect();
    if terms.is_empty() {
        return Err(Error::invalid("q must hold a word (letters or digits)"));
    }
    let condition = match backend {
        DbBackend::Postgres => Expr::cust_with_values(
            r#""conversations"."id" IN (SELECT "conversation_id" FROM "messages" WHERE "search" @@ plainto_tsquery('simple', livechat_fold($1)))"#,
            [terms.join(" ")],
        ),
        _ => {
            // Each word quoted, so FTS5 reads none of them as an operator.
            let phrase = terms.iter().map(|term| format!("\"{term}\"")).collect::<Vec<_>>().join(" ");
            Expr::cust_with_values(
                r#""conversations"."id" IN (SELECT "conversation_id" FROM "message_search" WHERE "message_search" MATCH ?)"#,
                [phrase],
            )
        }
    };
    Ok(Condition::all().add(condition))
}
