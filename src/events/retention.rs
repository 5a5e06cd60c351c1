//! The event log keeps a window of history; streams that resume from before it are
//! told to reload.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use tokio_util::sync::CancellationToken;

use crate::db::Store;
use crate::db::entities::{event, event_log_state};

const STATE_ROW: i32 = 1;
const EVERY: Duration = Duration::from_secs(3600);

/// The newest event id that has been purged (0 when none has).
pub async fn purged_through(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    Ok(event_log_state::Entity::find_by_id(STATE_ROW).one(db).await?.map_or(0, |state| state.purged_through))
}

/// Removes events older than the window.
#[derive(Clone)]
pub struct Retention {
    pub store: Store,
    pub keep: Duration,
}

impl Retention {
    /// Deletes the events older than `keep` at `now`; returns how many.
    pub async fn purge(&self, now: DateTime<Utc>) -> Result<u64, DbErr> {
        let cutoff = now - crate::domain::chrono_duration(self.keep);
        let txn = self.store.write().await?;
        // Locked: processes purging at once take turns, and the mark only moves on.
        let state = event_log_state::Entity::find_by_id(STATE_ROW).lock(LockType::NoKeyUpdate).one(&*txn).await?;
        let newest_old = event::Entity::find()
            .filter(event::Column::CreatedAt.lt(cutoff))
            .order_by_desc(event::Column::Id)
            .one(&*txn)
            .await?;
        let Some(newest_old) = newest_old else { return Ok(0) };
        let deleted = event::Entity::delete_many().filter(event::Column::Id.lte(newest_old.id)).exec(&*txn).await?;
        if state.map_or(0, |state| state.purged_through) < newest_old.id {
            event_log_state::ActiveModel { id: Set(STATE_ROW), purged_through: Set(newest_old.id) }
                .update(&*txn)
                .await?;
        }
        txn.commit().await?;
        Ok(deleted.rows_affected)
    }

    /// Purges every hour until `shutdown`.
    pub async fn run(self, shutdown: CancellationToken) {
        let mut every_hour = tokio::time::interval(EVERY);
        loop {
            tokio::select! {
                _ = every_hour.tick() => match self.purge(Utc::now()).await {
                    Ok(0) => {}
                    Ok(deleted) => tracing::info!(deleted, "purged events past the retention window"),
                    Err(error) => tracing::warn!(%error, "purging old events failed"),
                },
                () = shutdown.cancelled() => return,
            }
        }
    }
}
