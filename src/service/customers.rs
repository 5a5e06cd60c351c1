//! Customers: tokens for the bot platform, look-up and unblocking for admins.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::auth::IssuedToken;
use super::page::{self, Cursor, Page};
use super::views::CustomerView;
use super::{AgentCaller, Error, Result, Services, conversations};
use crate::entities::customer;
use crate::events::{self, EventType, Scope};

/// A fresh token for a known customer, and its open conversation if there is one.
pub async fn issue_token(services: &Services, external_id: &str) -> Result<(CustomerView, IssuedToken, Option<Uuid>)> {
    let db = services.store.db();
    let found = customer::Entity::find().filter(customer::Column::ExternalId.eq(external_id.trim())).one(db).await?;
    let customer = found.ok_or(Error::NotFound("customer"))?;
    if customer.blocked {
        return Err(Error::Forbidden { code: "customer_blocked", detail: "this customer is blocked from live chat" });
    }
    let open = conversations::open_of(db, customer.id).await?.map(|row| row.id);
    let token = services.tokens.issue_customer(customer.id)?;
    Ok((customer.into(), token, open))
}

pub async fn get(services: &Services, admin: &AgentCaller, id: Uuid) -> Result<CustomerView> {
    admin.require_admin()?;
    let found = customer::Entity::find_by_id(id).one(services.store.db()).await?;
    found.map(CustomerView::from).ok_or(Error::NotFound("customer"))
}

pub async fn list(
    services: &Services,
    admin: &AgentCaller,
    blocked: Option<bool>,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<CustomerView>> {
    admin.require_admin()?;
    let limit = page::limit(limit);
    let mut query = customer::Entity::find().order_by_asc(customer::Column::Id).limit(limit + 1);
    if let Some(blocked) = blocked {
        query = query.filter(customer::Column::Blocked.eq(blocked));
    }
    if let Some(cursor) = cursor {
        query = query.filter(customer::Column::Id.gt(Cursor::decode_uuid(cursor)?));
    }
    let rows = query.all(services.store.db()).await?;
    Ok(Page::from_rows(rows, limit, |row| row.id.to_string()).map(CustomerView::from))
}

/// Lets a blocked customer enter again.
pub async fn unblock(services: &Services, admin: &AgentCaller, id: Uuid) -> Result<CustomerView> {
    admin.require_admin()?;
    let txn = services.store.write().await?;
    let current = customer::Entity::find_by_id(id).one(&*txn).await?.ok_or(Error::NotFound("customer"))?;
    if !current.blocked {
        return Ok(current.into());
    }
    let mut model = current.into_active_model();
    model.blocked = Set(false);
    model.updated_at = Set(Utc::now());
    let updated = model.update(&*txn).await?;
    events::record(
        &*txn,
        EventType::CustomerUnblocked,
        Scope { conversation_id: None, customer_id: Some(id) },
        &serde_json::json!({"customer_id": id, "by_agent_id": admin.id}),
    )
    .await?;
    txn.commit().await?;
    Ok(updated.into())
}
