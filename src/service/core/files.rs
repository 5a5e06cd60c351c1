//! Uploaded files' rows beside their bytes in the [`FileStore`]: the sweep of uploads no
//! message carried, and deleting a customer's files.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::chats::load_for;
use super::{Caller, Error, Result, Services, views};
use crate::config::FileSettings;
use crate::db::Store;
use crate::db::entities::{attachment, conversation};
use crate::domain::MessageBody;
use crate::domain::attachment::{AttachmentRules, FileRef};
use crate::domain::chrono_duration;
use crate::files::FileStore;

/// Being written to storage; a crash leaves it so, and the sweep removes it.
pub const UPLOADING: &str = "uploading";
/// Stored, with the malware check under way.
pub const SCANNING: &str = "scanning";
/// Stored and checked: it may be sent and read.
pub const READY: &str = "ready";

/// Rows the sweep takes in one round.
const BATCH: u64 = 100;

/// The file store and the server's limits on files.
#[derive(Clone)]
pub struct Files {
    pub store: FileStore,
    pub settings: FileSettings,
}

impl From<object_store::Error> for Error {
    fn from(error: object_store::Error) -> Self {
        Error::Internal(format!("file storage: {error}"))
    }
}

/// Deletes uploads no message carries that are older than the unsent-file time, bytes
/// first: a row without its bytes is never left readable, and bytes are never left
/// without their row (a crash between the two retries the delete next round). Uploads
/// a crash cut short are among them, still `uploading`.
pub async fn sweep_unsent(store: &Store, files: &Files, now: DateTime<Utc>) -> Result<()> {
    let cutoff = now - chrono_duration(files.settings.unsent_ttl);
    let stale: Vec<Uuid> = attachment::Entity::find()
        .select_only()
        .column(attachment::Column::Id)
        .filter(attachment::Column::MessageId.is_null())
        .filter(attachment::Column::CreatedAt.lt(cutoff))
        .limit(BATCH)
        .into_tuple()
        .all(store.db())
        .await?;
    if stale.is_empty() {
        return Ok(());
    }
    delete(store, files, &stale).await?;
    let parts = files.store.sweep_parts(files.settings.unsent_ttl);
    tracing::info!(files = stale.len(), parts, "deleted uploads no message carried");
    Ok(())
}

/// Deletes files from storage, then their rows in a write turn of its own: storage
/// round trips never hold up the writers.
pub async fn delete(store: &Store, files: &Files, ids: &[Uuid]) -> Result<()> {
    delete_objects(files, ids).await?;
    let txn = store.write().await?;
    delete_rows(&*txn, ids).await?;
    txn.commit().await?;
    Ok(())
}

/// Deletes files' bytes and thumbnails from storage; ones already gone are fine.
pub async fn delete_objects(files: &Files, ids: &[Uuid]) -> Result<()> {
    for id in ids {
        files.store.delete(*id).await?;
    }
    Ok(())
}

/// Deletes files' rows, once their bytes are gone.
pub async fn delete_rows(conn: &impl ConnectionTrait, ids: &[Uuid]) -> Result<()> {
    attachment::Entity::delete_many().filter(attachment::Column::Id.is_in(ids.iter().copied())).exec(conn).await?;
    Ok(())
}

/// The rules of `row`'s module, with the server's cap on size.
pub async fn rules_of(services: &Services, row: &conversation::Model) -> Result<AttachmentRules> {
    let settings = views::module_settings(services.store.db(), row.module_id, row.module_version).await?;
    let mut rules = settings.attachments.unwrap_or_default();
    rules.max_bytes = rules.max_bytes.min(services.files.settings.max_bytes);
    Ok(rules)
}

/// A file as messages carry it.
pub fn file_ref(row: &attachment::Model) -> FileRef {
    FileRef {
        id: row.id,
        name: row.name.clone(),
        content_type: row.content_type.clone(),
        size: row.size.max(0) as u64,
        sha256: row.sha256.clone(),
        width: row.width.map(|width| width.max(0) as u32),
        height: row.height.map(|height| height.max(0) as u32),
    }
}

/// The body of a message carrying `ids`, files `caller` uploaded into this conversation
/// and has not sent yet. Another conversation's file, or another sender's, is "not
/// found"; one sent already is 409; the writer claims them when it writes the message.
pub async fn message_body(
    services: &Services,
    caller: &Caller,
    conversation_id: Uuid,
    text: Option<&str>,
    ids: &[Uuid],
) -> Result<MessageBody> {
    let db = services.store.db();
    let row = load_for(db, caller, conversation_id).await?;
    let rules = rules_of(services, &row).await?;
    if ids.len() > rules.max_per_message as usize {
        return Err(Error::invalid(format!("a message carries at most {} files here", rules.max_per_message)));
    }
    for (index, id) in ids.iter().enumerate() {
        if ids[..index].contains(id) {
            return Err(Error::invalid(format!("attachment_ids: {id} is listed twice")));
        }
    }
    let found = attachment::Entity::find().filter(attachment::Column::Id.is_in(ids.iter().copied())).all(db).await?;
    let uploader = match caller {
        Caller::Agent(agent) => Some(agent.id),
        _ => None,
    };
    let mut attached = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(file) = found.iter().find(|file| {
            file.id == *id
                && file.conversation_id == conversation_id
                && file.agent_id == uploader
                && file.status == READY
        }) else {
            return Err(Error::NotFound("attachment"));
        };
        if file.message_id.is_some() {
            return Err(Error::AttachmentSent(*id));
        }
        attached.push(file_ref(file));
    }
    Ok(MessageBody::files(text, attached)?)
}

/// The ids of the files in a customer's conversations.
pub async fn of_customer(conn: &impl ConnectionTrait, customer_id: Uuid) -> Result<Vec<Uuid>> {
    Ok(attachment::Entity::find()
        .select_only()
        .column(attachment::Column::Id)
        .filter(attachment::Column::CustomerId.eq(customer_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Claims files for a message being written. When one was sent or swept since the
/// sender's request checked them, nothing is claimed and the refusal names it: 409 for
/// a file in another message, 404 for one gone.
pub async fn claim(conn: &impl ConnectionTrait, message_id: Uuid, ids: &[Uuid]) -> Result<Result<(), Error>> {
    let claimed = attachment::Entity::update_many()
        .col_expr(attachment::Column::MessageId, Expr::value(message_id))
        .filter(attachment::Column::Id.is_in(ids.iter().copied()))
        .filter(attachment::Column::MessageId.is_null())
        .filter(attachment::Column::Status.eq(READY))
        .exec(conn)
        .await?;
    if claimed.rows_affected == ids.len() as u64 {
        return Ok(Ok(()));
    }
    let taken: Option<Uuid> = attachment::Entity::find()
        .select_only()
        .column(attachment::Column::Id)
        .filter(attachment::Column::Id.is_in(ids.iter().copied()))
        .filter(attachment::Column::MessageId.ne(message_id))
        .into_tuple()
        .one(conn)
        .await?;
    attachment::Entity::update_many()
        .col_expr(attachment::Column::MessageId, Expr::value(Option::<Uuid>::None))
        .filter(attachment::Column::MessageId.eq(message_id))
        .exec(conn)
        .await?;
    Ok(Err(taken.map_or(Error::NotFound("attachment"), Error::AttachmentSent)))
}
