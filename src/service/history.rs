//! History: ended and open conversations with filters and full-text search over the
//! texts of their messages, newest first. An agent finds what their scope of sight
//! allows (their own chats, their groups', or all they see); a customer their own.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use std::collections::HashSet;

use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select, Statement,
};
use uuid::Uuid;

use super::core::chats::{self, departments_of, in_sight, sight_of};
use super::core::page::{self, Cursor};
use super::core::views;
use super::{Caller, Error, Result, Services};
use crate::db::entities::conversation;
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
    let backend = services.store.backend();
    select = filtered(select, &query, backend)?;
    let total = match (&query.words, Cursor::given(cursor)) {
        (None, None) => Some(select.clone().count(db).await?),
        _ => None,
    };
    let limit = page::limit(limit);
    let after = Cursor::given(cursor).map(Cursor::decode_uuid).transpose()?;
    let terms = query.words.as_deref().map(terms_of).transpose()?;
    let rows = match &terms {
        // A common word, on SQLite: walk the conversations newest first and keep those
        // with a match. (PostgreSQL's planner does as well by itself: it reads the
        // conversations newest first and checks each against the matches' hash.)
        Some(terms) if backend != DbBackend::Postgres && matches_at_least(db, terms, COMMON).await? => {
            with_common_words(db, select, terms, after, limit).await?
        }
        _ => {
            if let Some(terms) = &terms {
                select = select.filter(matching(terms, backend));
            }
            if let Some(after) = after {
                select = select.filter(conversation::Column::Id.lt(after));
            }
            select.order_by_desc(conversation::Column::Id).limit(limit + 1).all(db).await?
        }
    };
    let page = page::Page::from_rows(rows, limit, |row| row.id.to_string());
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
        // Two indexed look-ups joined, rather than an OR that reads every conversation.
        let sql = match backend {
            DbBackend::Postgres => {
                r#""conversations"."id" IN (SELECT "id" FROM "conversations" WHERE "email" = $1 UNION SELECT "c"."id" FROM "conversations" AS "c" JOIN "customers" AS "u" ON "u"."id" = "c"."customer_id" WHERE "u"."email" = $2)"#
            }
            _ => {
                r#""conversations"."id" IN (SELECT "id" FROM "conversations" WHERE "email" = ? UNION SELECT "c"."id" FROM "conversations" AS "c" JOIN "customers" AS "u" ON "u"."id" = "c"."customer_id" WHERE "u"."email" = ?)"#
            }
        };
        let email = email.as_str().to_owned();
        select = select.filter(Expr::cust_with_values(sql, [email.clone(), email]));
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
    Ok(select)
}

/// Above this many matching messages a search walks the conversations instead of
/// collecting every match: a word in most chats is found in the first few chunks.
const COMMON: u64 = 5_000;
/// Conversations checked at a time for a common word, at the most: the first chunk is
/// twice the page, and each next one four times the one before.
const MAX_CHUNK: u64 = 2_000;

/// The words of a search, lowercased: what the indexes split texts into.
fn terms_of(words: &str) -> Result<Vec<String>> {
    if words.chars().count() > MAX_QUERY_LEN {
        return Err(Error::invalid(format!("q must be at most {MAX_QUERY_LEN} characters")));
    }
    let terms: Vec<String> =
        words.split(|c: char| !c.is_alphanumeric()).filter(|term| !term.is_empty()).map(str::to_lowercase).collect();
    if terms.is_empty() {
        return Err(Error::invalid("q must hold a word (letters or digits)"));
    }
    Ok(terms)
}

/// The words as the full-text index reads them: FTS5 takes each word quoted, so none
/// reads as an operator; PostgreSQL's `plainto_tsquery` takes plain text.
fn query_text(terms: &[String], backend: DbBackend) -> String {
    match backend {
        DbBackend::Postgres => terms.join(" "),
        _ => terms.iter().map(|term| format!("\"{term}\"")).collect::<Vec<_>>().join(" "),
    }
}

/// The conversations with a message whose text holds every word.
fn matching(terms: &[String], backend: DbBackend) -> Condition {
    let text = query_text(terms, backend);
    let condition = match backend {
        DbBackend::Postgres => Expr::cust_with_values(
            r#""conversations"."id" IN (SELECT "conversation_id" FROM "messages" WHERE "search" @@ plainto_tsquery('simple', livechat_fold($1)))"#,
            [text],
        ),
        _ => Expr::cust_with_values(
            r#""conversations"."id" IN (SELECT "conversation_id" FROM "message_search" WHERE "message_search" MATCH ?)"#,
            [text],
        ),
    };
    Condition::all().add(condition)
}

// The common-word walk below is SQLite's (its FTS5 table); PostgreSQL plans that case well itself.

/// Whether at least `count` messages match: a cheap look at how common the words are.
async fn matches_at_least(db: &impl ConnectionTrait, terms: &[String], count: u64) -> Result<bool> {
    let sql = "SELECT count(*) AS n FROM (SELECT 1 FROM message_search WHERE message_search MATCH ? LIMIT ?) AS m";
    let limit = i64::try_from(count).unwrap_or(i64::MAX);
    let backend = DbBackend::Sqlite;
    let statement = Statement::from_sql_and_values(backend, sql, [query_text(terms, backend).into(), limit.into()]);
    let found = db.query_one_raw(statement).await?.map(|row| row.try_get::<i64>("", "n")).transpose()?.unwrap_or(0);
    Ok(u64::try_from(found).unwrap_or(0) >= count)
}

/// A page for common words: the filtered conversations newest first, a chunk at a time
/// (growing, up to [`MAX_CHUNK`]), keeping those with a matching message, until the page
/// is full.
async fn with_common_words(
    db: &impl ConnectionTrait,
    select: Select<conversation::Entity>,
    terms: &[String],
    mut after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<conversation::Model>> {
    let mut found: Vec<Uuid> = Vec::new();
    let mut size = (2 * (limit + 1)).min(MAX_CHUNK);
    'chunks: loop {
        let mut chunk = select.clone().select_only().column(conversation::Column::Id);
        if let Some(after) = after {
            chunk = chunk.filter(conversation::Column::Id.lt(after));
        }
        let ids: Vec<Uuid> = chunk.order_by_desc(conversation::Column::Id).limit(size).into_tuple().all(db).await?;
        let Some(last) = ids.last().copied() else { break };
        let hits = matching_among(db, terms, &ids).await?;
        for id in &ids {
            if hits.contains(id) {
                found.push(*id);
                if found.len() as u64 > limit {
                    break 'chunks;
                }
            }
        }
        if (ids.len() as u64) < size {
            break;
        }
        after = Some(last);
        size = (size * 4).min(MAX_CHUNK);
    }
    let mut rows = conversation::Entity::find().filter(conversation::Column::Id.is_in(found)).all(db).await?;
    rows.sort_by_key(|row| std::cmp::Reverse(row.id));
    Ok(rows)
}

/// Which of the conversations `ids` have a message whose text holds every word.
async fn matching_among(db: &impl ConnectionTrait, terms: &[String], ids: &[Uuid]) -> Result<HashSet<Uuid>> {
    let backend = DbBackend::Sqlite;
    let mut values: Vec<sea_orm::Value> = vec![query_text(terms, backend).into()];
    values.extend(ids.iter().map(|id| sea_orm::Value::from(*id)));
    let sql = format!(
        "SELECT DISTINCT conversation_id FROM message_search WHERE message_search MATCH ? \
         AND rowid IN (SELECT rowid FROM messages WHERE conversation_id IN ({}))",
        vec!["?"; ids.len()].join(", ")
    );
    let rows = db.query_all_raw(Statement::from_sql_and_values(backend, sql, values)).await?;
    rows.iter().map(|row| row.try_get::<Uuid>("", "conversation_id").map_err(Error::from)).collect()
}
