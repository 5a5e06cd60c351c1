//! Customers: tokens for the bot platform, look-up and unblocking for admins.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::auth::IssuedToken;
use super::page::{self, Cursor, Page};
use super::views::{self, ConversationView, CustomerView, MessageView};
use super::{AgentCaller, Error, Result, Services, conversations};
use crate::domain::MessageBody;
use crate::entities::{conversation, customer, event, message, outbox, outbox_attempt};

/// The external id of an erased customer starts with this; their tokens stop working.
pub const ERASED_PREFIX: &str = "erased:";
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
    if let Some(cursor) = Cursor::given(cursor) {
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

/// What an export holds: the customer, and each conversation with its messages.
pub struct CustomerExport {
    pub customer: CustomerView,
    pub conversations: Vec<(ConversationView, Vec<MessageView>)>,
}

pub async fn export(services: &Services, admin: &AgentCaller, id: Uuid) -> Result<CustomerExport> {
    admin.require_admin()?;
    let db = services.store.db();
    let customer = customer::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound("customer"))?;
    let rows = conversation::Entity::find()
        .filter(conversation::Column::CustomerId.eq(id))
        .order_by_asc(conversation::Column::Id)
        .all(db)
        .await?;
    // All the messages in one query, then each conversation takes its own.
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let messages = message::Entity::find()
        .filter(message::Column::ConversationId.is_in(ids))
        .order_by_asc(message::Column::Seq)
        .all(db)
        .await?;
    let mut by_conversation: HashMap<Uuid, Vec<MessageView>> = HashMap::new();
    for message in views::messages(db, messages).await? {
        by_conversation.entry(message.conversation_id).or_default().push(message);
    }
    let conversations = views::conversations(db, rows)
        .await?
        .into_iter()
        .map(|view| {
            let messages = by_conversation.remove(&view.id).unwrap_or_default();
            (view, messages)
        })
        .collect();
    Ok(CustomerExport { customer: customer.into(), conversations })
}

/// Erases a customer's personal data: name, email, message contents, variables and the
/// event payloads about them; pending emails to them are cancelled. Ids, statuses,
/// exits and counts stay for reporting.
pub async fn erase(services: &Services, admin: &AgentCaller, id: Uuid) -> Result<CustomerView> {
    admin.require_admin()?;
    let now = Utc::now();
    let txn = services.store.write().await?;
    let current = customer::Entity::find_by_id(id).one(&*txn).await?.ok_or(Error::NotFound("customer"))?;
    if conversations::open_of(&*txn, id).await?.is_some() {
        let detail = "the customer has an open conversation; end it before erasing".into();
        return Err(Error::Conflict { code: "conversation_open", detail });
    }
    let mut model = current.into_active_model();
    model.external_id = Set(format!("{ERASED_PREFIX}{id}"));
    model.display_name = Set("Erased customer".into());
    model.email = Set(None);
    model.updated_at = Set(now);
    let erased = model.update(&*txn).await?;

    let conversation_ids: Vec<Uuid> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::Id)
        .filter(conversation::Column::CustomerId.eq(id))
        .into_tuple()
        .all(&*txn)
        .await?;
    conversation::Entity::update_many()
        .col_expr(conversation::Column::Email, Expr::value(Option::<String>::None))
        .col_expr(conversation::Column::InputVariables, Expr::value(serde_json::json!({})))
        .col_expr(conversation::Column::LastMessagePreview, Expr::value(Option::<String>::None))
        .col_expr(conversation::Column::NotifyDueAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .filter(conversation::Column::CustomerId.eq(id))
        .exec(&*txn)
        .await?;
    let erased_body = serde_json::to_value(MessageBody::System { text: "[erased]".into() })
        .map_err(|error| Error::Internal(error.to_string()))?;
    message::Entity::update_many()
        .col_expr(message::Column::Kind, Expr::value("system"))
        .col_expr(message::Column::Body, Expr::value(erased_body))
        .col_expr(message::Column::ClientMessageId, Expr::value(Option::<String>::None))
        .filter(message::Column::ConversationId.is_in(conversation_ids))
        .exec(&*txn)
        .await?;
    event::Entity::update_many()
        .col_expr(event::Column::Payload, Expr::value(serde_json::json!({"erased": true})))
        .filter(event::Column::CustomerId.eq(id))
        .exec(&*txn)
        .await?;
    crate::outbox::cancel_pending(&*txn, id, false).await?;
    let outbox_ids: Vec<Uuid> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::Id)
        .filter(outbox::Column::CustomerId.eq(id))
        .into_tuple()
        .all(&*txn)
        .await?;
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Payload, Expr::value(serde_json::json!({"erased": true})))
        .col_expr(outbox::Column::LastError, Expr::value(Option::<String>::None))
        .filter(outbox::Column::CustomerId.eq(id))
        .exec(&*txn)
        .await?;
    outbox_attempt::Entity::update_many()
        .col_expr(outbox_attempt::Column::Error, Expr::value(Option::<String>::None))
        .filter(outbox_attempt::Column::OutboxId.is_in(outbox_ids.clone()))
        .exec(&*txn)
        .await?;
    txn.commit().await?;
    if let Some(mail_dir) = &services.mail_dir {
        for outbox_id in outbox_ids {
            let _ = tokio::fs::remove_file(crate::outbox::email::mail_file(mail_dir, outbox_id)).await;
        }
    }
    Ok(erased.into())
}
