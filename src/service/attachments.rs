//! Files in chats: uploads streamed to storage with their type found in their bytes,
//! messages that carry them, and downloads for the conversation's parties.
//!
//! An upload's row is written before its bytes (`uploading`), so a crash between the
//! two leaves a row the sweep finds, never bytes nobody lists. A file is sent once: the
//! message writer claims it for its message in the message's own transaction.

use std::io::ErrorKind;
use std::process::Stdio;
use std::time::Duration;

use bytes::Bytes;
use chrono::Utc;
use futures_util::stream::BoxStream;
use futures_util::{Stream, StreamExt, TryStreamExt};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;
use uuid::Uuid;

use super::core::chats::{self, load_for};
use super::core::files::{self, READY, SCANNING, UPLOADING};
use super::{Caller, Error, Result, Services};
use crate::db::entities::{attachment, conversation};
use crate::domain::attachment::{self as rules, AttachmentRules, FileRef, HEAD_BYTES};
use crate::domain::{Action, Actor};
use crate::files::{FileStore, Upload};
use crate::wire::Attachment;

/// What a client sends of an upload besides its bytes.
pub struct NewUpload {
    pub name: String,
    /// `Content-Length`, when the client declared it.
    pub declared: Option<u64>,
    /// Longest wait for the next bytes.
    pub idle_timeout: Duration,
}

/// Whether `caller` may write to `row` now: as they may post a message there.
fn may_write(caller: &Caller, row: &conversation::Model) -> Result<()> {
    let actor = match caller {
        Caller::Customer { .. } => Actor::Customer,
        Caller::Agent(agent) => Actor::Agent(agent.id),
        Caller::Platform { .. } => return Err(Error::WrongCaller("the bot platform does not write into live chats")),
    };
    chats::state_of(row).apply(actor, &Action::PostMessage)?;
    Ok(())
}

/// Bytes of files in a customer's conversations.
async fn used_by(services: &Services, customer_id: Uuid) -> Result<u64> {
    // PostgreSQL sums bigints as numeric: the cast gives both stores one type.
    let used: Option<i64> = attachment::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(COALESCE(SUM(size), 0) AS BIGINT)"), "used")
        .filter(attachment::Column::CustomerId.eq(customer_id))
        .into_tuple::<i64>()
        .one(services.store.db())
        .await?;
    Ok(used.unwrap_or(0).max(0) as u64)
}

/// Stores a file `caller` uploads into a conversation they may write to. Refused before
/// a byte is stored: a declared size over the module's limit (413) or the customer's
/// quota (413); refused as the bytes come: a type the module does not allow, found in the
/// first bytes (415), and more bytes than the limit (413). Nothing of a refused upload
/// stays.
pub async fn upload<S>(
    services: &Services,
    caller: &Caller,
    conversation_id: Uuid,
    new: NewUpload,
    body: S,
) -> Result<Attachment>
where
    S: Stream<Item = std::io::Result<Bytes>> + Unpin,
{
    let row = load_for(services.store.db(), caller, conversation_id).await?;
    may_write(caller, &row)?;
    let rules = files::rules_of(services, &row).await?;
    if new.declared.is_some_and(|declared| declared > rules.max_bytes) {
        return Err(Error::FileTooLarge(rules.max_bytes));
    }
    let quota = services.files.settings.customer_quota;
    let room = match quota {
        Some(quota) => {
            let room = quota.saturating_sub(used_by(services, row.customer_id).await?);
            if new.declared.is_some_and(|declared| declared > room) {
                return Err(Error::QuotaExceeded(quota));
            }
            room
        }
        None => u64::MAX,
    };
    let id = Uuid::now_v7();
    let model = attachment::ActiveModel {
        id: Set(id),
        conversation_id: Set(row.id),
        customer_id: Set(row.customer_id),
        agent_id: Set(match caller {
            Caller::Agent(agent) => Some(agent.id),
            _ => None,
        }),
        name: Set(rules::clean_name(&new.name)),
        content_type: Set("application/octet-stream".into()),
        size: Set(0),
        sha256: Set(String::new()),
        width: Set(None),
        height: Set(None),
        status: Set(UPLOADING.into()),
        message_id: Set(None),
        created_at: Set(Utc::now()),
    };
    let txn = services.store.write().await?;
    let model = model.insert(&*txn).await?;
    txn.commit().await?;
    let store = &services.files.store;
    let stored = match store.upload(&FileStore::original(id)).await {
        Ok(upload) => receive(upload, body, &rules, room, quota, new.idle_timeout).await,
        Err(error) => Err(error.into()),
    };
    let received = match stored {
        Ok(received) => received,
        Err(error) => {
            forget(services, id).await;
            return Err(error);
        }
    };
    let mut model: attachment::ActiveModel = model.into();
    model.content_type = Set(received.content_type.to_owned());
    model.size = Set(received.size as i64);
    model.sha256 = Set(received.sha256.clone());
    model.width = Set(received.dimensions.map(|(width, _)| width as i32));
    model.height = Set(received.dimensions.map(|(_, height)| height as i32));
    if let Some(command) = &services.files.settings.scan_command {
        model.status = Set(SCANNING.into());
        let model_now = model.clone();
        let txn = services.store.write().await?;
        model_now.update(&*txn).await?;
        txn.commit().await?;
        let verdict = scan(store, id, command, services.files.settings.scan_timeout).await;
        if let Err(error) = verdict {
            forget(services, id).await;
            return Err(error);
        }
    }
    model.status = Set(READY.into());
    let txn = services.store.write().await?;
    let ready = model.update(&*txn).await?;
    txn.commit().await?;
    Ok(files::file_ref(&ready).into())
}

/// What the bytes of an upload turned out to be.
struct Received {
    content_type: &'static str,
    size: u64,
    sha256: String,
    dimensions: Option<(u32, u32)>,
}

/// Streams `body` into `upload`, hashing and counting it; the first [`HEAD_BYTES`]
/// decide its type before any byte goes to storage.
async fn receive<S>(
    mut upload: Upload,
    mut body: S,
    rules: &AttachmentRules,
    room: u64,
    quota: Option<u64>,
    idle_timeout: Duration,
) -> Result<Received>
where
    S: Stream<Item = std::io::Result<Bytes>> + Unpin,
{
    let result = async {
        let mut hasher = Sha256::new();
        let mut size: u64 = 0;
        let mut head: Vec<u8> = Vec::new();
        let mut content_type: Option<&'static str> = None;
        loop {
            let next = tokio::time::timeout(idle_timeout, body.next())
                .await
                .map_err(|_| Error::UploadStalled(idle_timeout.as_secs()))?;
            let chunk = match next {
                Some(Ok(chunk)) => Some(chunk),
                Some(Err(error)) if error.kind() == ErrorKind::TimedOut => {
                    return Err(Error::UploadStalled(idle_timeout.as_secs()));
                }
                Some(Err(error)) => return Err(Error::invalid(format!("the upload broke off: {error}"))),
                None => None,
            };
            if let Some(chunk) = &chunk {
                size += chunk.len() as u64;
                if size > rules.max_bytes {
                    return Err(Error::FileTooLarge(rules.max_bytes));
                }
                if size > room {
                    return Err(Error::QuotaExceeded(quota.unwrap_or(u64::MAX)));
                }
                hasher.update(chunk);
            }
            if content_type.is_none() {
                if let Some(chunk) = &chunk {
                    head.extend_from_slice(chunk);
                }
                if head.len() < HEAD_BYTES && chunk.is_some() {
                    continue;
                }
                let found = rules::sniff(&head);
                if !rules.allows(found) {
                    return Err(Error::FileTypeNotAllowed(found.to_owned()));
                }
                content_type = Some(found);
                upload.write(&head).await?;
            } else if let Some(chunk) = &chunk {
                upload.write(chunk).await?;
            }
            if chunk.is_none() {
                break;
            }
        }
        if size == 0 {
            return Err(Error::invalid("the file is empty"));
        }
        let content_type = content_type.unwrap_or("application/octet-stream");
        let dimensions = rules::is_image(content_type).then(|| rules::image_size(&head)).flatten();
        Ok(Received { content_type, size, sha256: hex::encode(hasher.finalize()), dimensions })
    }
    .await;
    match result {
        Ok(received) => {
            upload.finish().await?;
            Ok(received)
        }
        Err(error) => {
            upload.abort().await;
            Err(error)
        }
    }
}

/// Runs the malware check on a stored file: its bytes on the command's standard input;
/// exit 0 is clean. A check that cannot run or does not answer in time refuses the file.
async fn scan(store: &FileStore, id: Uuid, command: &[String], timeout: Duration) -> Result<()> {
    let Some((program, args)) = command.split_first() else { return Ok(()) };
    let mut child = tokio::process::Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|error| Error::Internal(format!("starting the malware check: {error}")))?;
    let mut stdin = child.stdin.take().ok_or_else(|| Error::Internal("the malware check has no stdin".into()))?;
    let mut bytes = store.read(&FileStore::original(id), None).await?;
    let checked = tokio::time::timeout(timeout, async {
        while let Some(chunk) = bytes.next().await {
            // A check may stop reading once it has decided.
            if stdin.write_all(&chunk?).await.is_err() {
                break;
            }
        }
        drop(stdin);
        child.wait().await.map_err(|error| Error::Internal(format!("the malware check: {error}")))
    })
    .await;
    match checked {
        Ok(Ok(status)) if status.success() => Ok(()),
        Ok(Ok(status)) => {
            tracing::warn!(attachment_id = %id, code = ?status.code(), "the malware check refused an upload");
            Err(Error::FileRejected)
        }
        Ok(Err(error)) => Err(error),
        Err(_) => {
            tracing::warn!(attachment_id = %id, "the malware check did not answer in time");
            Err(Error::FileRejected)
        }
    }
}

/// Removes an upload that failed: its bytes, then its row.
async fn forget(services: &Services, id: Uuid) {
    if let Err(error) = files::delete(&services.store, &services.files, &[id]).await {
        tracing::warn!(%error, attachment_id = %id, "removing a failed upload failed; the sweep retries");
    }
}

/// The bytes of a file found with [`find`], or of `range` of them, as they come from
/// storage.
pub async fn read(
    services: &Services,
    file: &FileRef,
    range: Option<std::ops::Range<u64>>,
) -> Result<BoxStream<'static, std::io::Result<Bytes>>> {
    let bytes = services.files.store.read(&FileStore::original(file.id), range).await?;
    Ok(bytes.map_err(std::io::Error::other).boxed())
}

/// A file `caller` may read: the conversation's customer (their uploads and every sent
/// file), the agent who uploaded it, agents who see the conversation (sent files), and
/// admins. Anyone else gets "not found", as for a file that does not exist.
pub async fn find(services: &Services, caller: &Caller, id: Uuid) -> Result<FileRef> {
    let db = services.store.db();
    let not_found = || Error::NotFound("attachment");
    let file = attachment::Entity::find_by_id(id).one(db).await?.filter(|file| file.status == READY);
    let file = file.ok_or_else(not_found)?;
    let readable = match caller {
        Caller::Customer { customer_id } => {
            file.customer_id == *customer_id && (file.message_id.is_some() || file.agent_id.is_none())
        }
        Caller::Agent(agent) if agent.require_admin().is_ok() => true,
        Caller::Agent(agent) if file.message_id.is_none() => file.agent_id == Some(agent.id),
        Caller::Agent(agent) => match conversation::Entity::find_by_id(file.conversation_id).one(db).await? {
            Some(row) => chats::sees(db, agent, &row).await?,
            None => false,
        },
        Caller::Platform { .. } => false,
    };
    if readable { Ok(files::file_ref(&file)) } else { Err(not_found()) }
}

/// The thumbnail of an image found with [`find`], made once and kept beside it: a PNG
/// whose longest side is [`rules::THUMBNAIL_SIDE`]. Images over
/// [`rules::MAX_THUMBNAIL_SOURCE_PIXELS`] (by their header) are not decoded.
pub async fn thumbnail(services: &Services, file: &FileRef) -> Result<Bytes> {
    let id = file.id;
    let pixels = u64::from(file.width.unwrap_or(0)) * u64::from(file.height.unwrap_or(0));
    if !rules::is_image(&file.content_type) || pixels == 0 || pixels > rules::MAX_THUMBNAIL_SOURCE_PIXELS {
        return Err(Error::NotFound("thumbnail"));
    }
    let store = &services.files.store;
    let path = FileStore::thumbnail(id);
    match store.read_all(&path).await {
        Ok(kept) => return Ok(kept),
        Err(object_store::Error::NotFound { .. }) => {}
        Err(error) => return Err(error.into()),
    }
    let original = store.read_all(&FileStore::original(id)).await?;
    let made = tokio::task::spawn_blocking(move || make_thumbnail(&original))
        .await
        .map_err(|error| Error::Internal(format!("making a thumbnail: {error}")))?;
    let Some(png) = made else { return Err(Error::NotFound("thumbnail")) };
    store.put(&path, png.clone()).await?;
    Ok(png)
}

fn make_thumbnail(original: &[u8]) -> Option<Bytes> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(original)).with_guessed_format().ok()?;
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader.decode().ok()?;
    let small = image.thumbnail(rules::THUMBNAIL_SIDE, rules::THUMBNAIL_SIDE);
    let mut png = Vec::new();
    small.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).ok()?;
    Some(Bytes::from(png))
}
