//! History search: full-text over the texts of messages (customers', agents' and the
//! bot's; not the server's own notices), kept by the database itself so that every
//! write path is covered — SQLite: an FTS5 table filled by triggers; PostgreSQL: a
//! generated `tsvector` column with a GIN index. Both split words simply and ignore case
//! and accents (no language's stemming), so a search works the same for every language.
//! Indexes for the history's filters come with it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The searchable text of a message row, in SQLite.
const SQLITE_TEXT: &str = "coalesce(json_extract(new.body, '$.text'), '') || ' ' || \
    coalesce(json_extract(new.body, '$.title'), '') || ' ' || coalesce(json_extract(new.body, '$.summary'), '')";

fn sqlite_up() -> Vec<String> {
    vec![
        "CREATE VIRTUAL TABLE message_search USING fts5(body, conversation_id UNINDEXED, \
         tokenize = 'unicode61 remove_diacritics 2')"
            .into(),
        format!(
            "CREATE TRIGGER message_search_insert AFTER INSERT ON messages WHEN new.author_kind <> 'system' BEGIN \
             INSERT INTO message_search(rowid, body, conversation_id) VALUES (new.rowid, {SQLITE_TEXT}, new.conversation_id); END"
        ),
        format!(
            "CREATE TRIGGER message_search_update AFTER UPDATE OF body ON messages BEGIN \
             DELETE FROM message_search WHERE rowid = old.rowid; \
             INSERT INTO message_search(rowid, body, conversation_id) \
             SELECT new.rowid, {SQLITE_TEXT}, new.conversation_id WHERE new.author_kind <> 'system'; END"
        ),
        "CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN \
         DELETE FROM message_search WHERE rowid = old.rowid; END"
            .into(),
        format!(
            "INSERT INTO message_search(rowid, body, conversation_id) SELECT rowid, {}, conversation_id \
             FROM messages WHERE author_kind <> 'system'",
            SQLITE_TEXT.replace("new.", "")
        ),
    ]
}

/// Accents fold away with the `unaccent` extension, when the server has it (a trusted
/// extension: the database's owner may create it); without it they count.
const POSTGRES_FOLD: [&str; 2] = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE FUNCTION livechat_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT \
     AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$",
];
const POSTGRES_NO_FOLD: &str =
    "CREATE FUNCTION livechat_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT $1 $$";

const POSTGRES_UP: [&str; 2] = [
    "ALTER TABLE messages ADD COLUMN search tsvector GENERATED ALWAYS AS (CASE WHEN author_kind = 'system' THEN NULL \
     ELSE to_tsvector('simple', livechat_fold(coalesce(body->>'text', '') || ' ' || coalesce(body->>'title', '') \
     || ' ' || coalesce(body->>'summary', ''))) END) STORED",
    "CREATE INDEX idx_messages_search ON messages USING GIN (search)",
];

/// The history's filters, each with `id` last: pages run newest first.
const FILTER_INDEXES: [(&str, &str); 4] = [
    ("idx_conversations_agent", "conversations (agent_id, id)"),
    ("idx_conversations_email", "conversations (email, id)"),
    ("idx_conversations_entered", "conversations (entered_at, id)"),
    ("idx_customers_email", "customers (email)"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let statements: Vec<String> = match manager.get_database_backend() {
            DbBackend::Postgres => {
                let available = db
                    .query_one_raw(sea_orm_migration::sea_orm::Statement::from_string(
                        DbBackend::Postgres,
                        "SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'",
                    ))
                    .await?
                    .is_some();
                let fold: &[&str] = if available { &POSTGRES_FOLD } else { &[POSTGRES_NO_FOLD] };
                fold.iter().chain(&POSTGRES_UP).map(|statement| (*statement).to_owned()).collect()
            }
            _ => sqlite_up(),
        };
        for statement in statements {
            db.execute_unprepared(&statement).await?;
        }
        for (name, on) in FILTER_INDEXES {
            db.execute_unprepared(&format!("CREATE INDEX {name} ON {on}")).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (name, _) in FILTER_INDEXES {
            db.execute_unprepared(&format!("DROP INDEX {name}")).await?;
        }
        let statements: &[&str] = match manager.get_database_backend() {
            DbBackend::Postgres => &[
                "DROP INDEX idx_messages_search",
                "ALTER TABLE messages DROP COLUMN search",
                "DROP FUNCTION livechat_fold(text)",
            ],
            _ => &[
                "DROP TRIGGER message_search_insert",
                "DROP TRIGGER message_search_update",
                "DROP TRIGGER message_search_delete",
                "DROP TABLE message_search",
            ],
        };
        for statement in statements {
            db.execute_unprepared(statement).await?;
        }
        Ok(())
    }
}
