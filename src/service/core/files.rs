//! Uploaded files' rows beside their bytes in the [`FileStore`]: the sweep of uploads no
//! message carried, and deleting a customer's files.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::{Error, Result};
use crate::config::FileSettings;
use crate::db::Store;
use crate::db::entities::attachment;
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
    delete(store.db(), files, &stale).await?;
    let parts = files.store.sweep_parts(files.settings.unsent_ttl);
    tracing::info!(files = stale.len(), parts, "deleted uploads no message carried");
    Ok(())
}

/// Deletes files from storage, then their rows; rows of a message keep nothing a client
/// can fetch once gone.
pub async fn delete(conn: &impl ConnectionTrait, files: &Files, ids: &[Uuid]) -> Result<()> {
    for id in ids {
        files.store.delete(*id).await?;
    }
    attachment::Entity::delete_many().filter(attachment::Column::Id.is_in(ids.iter().copied())).exec(conn).await?;
    Ok(())
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

/// Claims files for a message being written; `false` when one was claimed since
/// the sender's request checked (the caller then fails that post).
pub async fn claim(conn: &impl ConnectionTrait, message_id: Uuid, ids: &[Uuid]) -> Result<bool> {
    let claimed = attachment::Entity::update_many()
        .col_expr(attachment::Column::MessageId, Expr::value(message_id))
        .filter(attachment::Column::Id.is_in(ids.iter().copied()))
        .filter(attachment::Column::MessageId.is_null())
        .filter(attachment::Column::Status.eq(READY))
        .exec(conn)
        .await?;
    if claimed.rows_affected == ids.len() as u64 {
        return Ok(true);
    }
    attachment::Entity::update_many()
        .col_expr(attachment::Column::MessageId, Expr::value(Option::<Uuid>::None))
        .filter(attachment::Column::MessageId.eq(message_id))
        .exec(conn)
        .await?;
    Ok(false)
}
