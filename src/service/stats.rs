//! What an operator watches, read when metrics are scraped: the outbox backlog,
//! presence, and the database pool.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect};

use super::{Result, Services};
use crate::db::entities::{agent, customer, outbox};
use crate::domain::{DeliveryKind, DeliveryStatus, Presence};

/// Outbox rows of one kind and status.
pub struct Backlog {
    pub kind: DeliveryKind,
    pub status: DeliveryStatus,
    pub rows: i64,
    /// When the oldest of them was queued.
    pub oldest: Option<DateTime<Utc>>,
}

pub struct Snapshot {
    /// Pending and failed rows.
    pub outbox: Vec<Backlog>,
    pub agents: Vec<(Presence, i64)>,
    pub customers_online: i64,
    /// Connections of the pool: (open, idle).
    pub pool: (u32, usize),
}

pub async fn snapshot(services: &Services) -> Result<Snapshot> {
    let db = services.store.db();
    let outbox: Vec<(DeliveryKind, DeliveryStatus, i64, Option<DateTime<Utc>>)> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Kind)
        .column(outbox::Column::Status)
        .column_as(Expr::from(Func::count(Expr::col(outbox::Column::Id))), "rows")
        .column_as(Expr::from(Func::min(Expr::col(outbox::Column::CreatedAt))), "oldest")
        .filter(outbox::Column::Status.is_in([DeliveryStatus::Pending, DeliveryStatus::Failed]))
        .group_by(outbox::Column::Kind)
        .group_by(outbox::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let agents: Vec<(Presence, i64)> = agent::Entity::find()
        .select_only()
        .column(agent::Column::Presence)
        .column_as(Expr::from(Func::count(Expr::col(agent::Column::Id))), "agents")
        .filter(agent::Column::Active.eq(true))
        .group_by(agent::Column::Presence)
        .into_tuple()
        .all(db)
        .await?;
    let customers_online: i64 = customer::Entity::find()
        .select_only()
        .column_as(Expr::from(Func::count(Expr::col(customer::Column::Id))), "online")
        .filter(customer::Column::Online.eq(true))
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or_default();
    let pool = match services.store.backend() {
        DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
    };
    let outbox =
        outbox.into_iter().map(|(kind, status, rows, oldest)| Backlog { kind, status, rows, oldest }).collect();
    Ok(Snapshot { outbox, agents, customers_online, pool })
}
