//! The event log keeps a window of history; streams that resume from before it are
//! told to reload.

use std::time::Duration;

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};

use crate::entities::{event, event_log_state};
use crate::service::Store;

const STATE_ROW: i32 = 1;

/// The newest event id that has been purged (0 when none has).
pub async fn purged_through(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    Ok(event_log_state::Entity::find_by_id(STATE_ROW).one(db).await?.map_or(0, |state| state.purged_through))
}

/// Deletes events older than `keep`; returns how many.
pub async fn purge(store: &Store, keep: Duration) -> Result<u64, DbErr> {
    let cutoff = Utc::now() - crate::domain::chrono_duration(keep);
    let txn = store.write().await?;
    let newest_old = event::Entity::find()
        .filter(event::Column::CreatedAt.lt(cutoff))
        .order_by_desc(event::Column::Id)
        .one(&*txn)
        .await?;
    let Some(newest_old) = newest_old else { return Ok(0) };
    let deleted = event::Entity::delete_many().filter(event::Column::Id.lte(newest_old.id)).exec(&*txn).await?;
    if purged_through(&*txn).await? < newest_old.id {
        event_log_state::ActiveModel { id: Set(STATE_ROW), purged_through: Set(newest_old.id) }.update(&*txn).await?;
    }
    txn.commit().await?;
    Ok(deleted.rows_affected)
}

/// Purges every hour until shutdown.
pub fn start(store: Store, keep: Duration, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tokio::select! {
                _ = every_hour.tick() => match purge(&store, keep).await {
                    Ok(0) => {}
                    Ok(deleted) => tracing::info!(deleted, "purged events past the retention window"),
                    Err(error) => tracing::warn!(%error, "purging old events failed"),
                },
                _ = shutdown.changed() => return,
            }
        }
    });
}
