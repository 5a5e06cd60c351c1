//! Customers: tokens for the bot platform, look-up and unblocking for admins.

use std::collections::HashMap;

use chrono::Utc;
use poem_openapi::types::ToJSON;
use sea_orm::sea_query::Expr;
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use super::core::auth::IssuedToken;
use super::core::page::{self, Cursor, Page};
use super::core::record::{self, Change};
use super::core::views;
use super::core::{chats, files};
use super::{AgentCaller, Error, Result, Services};
use crate::db::entities::{conversation, customer, event, message, note};
use crate::domain::{ERASED_PREFIX, EventType, MAX_ID_LEN, MessageBody, MessageKind};
use crate::events::Scope;
use crate::outbox;
use crate::wire::values::Line;
use crate::wire::{Conversation, Customer, CustomerBlockChange, Message, Note};

/// A fresh token for a known customer, and its open conversation if there is one.
pub async fn issue_token(
    services: &Services,
    external_id: &Line<MAX_ID_LEN>,
) -> Result<(Customer, IssuedToken, Option<Uuid>)> {
    let db = services.store.db();
    let found = customer::Entity::find().filter(customer::Column::ExternalId.eq(external_id.trimmed())).one(db).await?;
    let customer = found.ok_or(Error::NotFound("customer"))?;
    if customer.blocked {
        return Err(Error::CustomerBlocked);
    }
    let open = chats::open_of(db, customer.id).await?.map(|row| row.id);
    let token = services.tokens.issue_customer(customer.id)?;
    Ok((customer.into(), token, open))
}

pub async fn get(services: &Services, admin: &AgentCaller, id: Uuid) -> Result<Customer> {
    admin.require_admin()?;
    let found = customer::Entity::find_by_id(id).one(services.store.db()).await?;
    found.map(Customer::from).ok_or(Error::NotFound("customer"))
}

pub async fn list(
    services: &Services,
    admin: &AgentCaller,
    blocked: Option<bool>,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<Customer>> {
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
    Ok(Page::from_rows(rows, limit, |row| row.id.to_string()).map(Customer::from))
}

/// Lets a blocked customer enter again.
pub async fn unblock(services: &Services, admin: &AgentCaller, id: Uuid) -> Result<Customer> {
    admin.require_admin()?;
    let txn = services.store.write().await?;
    // Locked: of two unblocks at once, the second finds the customer unblocked.
    let current = customer::Entity::find_by_id(id)
        .lock(LockType::NoKeyUpdate)
        .one(&*txn)
        .await?
        .ok_or(Error::NotFound("customer"))?;
    if !current.blocked {
        return Ok(current.into());
    }
    let mut model = current.into_active_model();
    model.blocked = Set(false);
    model.updated_at = Set(Utc::now());
    let updated = model.update(&*txn).await?;
    let unblocked = CustomerBlockChange { customer_id: id, by_agent_id: admin.id };
    record::record(&*txn, Scope::customer(id), Change::CustomerUnblocked(&unblocked)).await?;
    txn.commit().await?;
    Ok(updated.into())
}

/// What an export holds: the customer, and each conversation with its messages and
/// its internal notes.
pub struct CustomerExport {
    pub customer: Customer,
    pub conversations: Vec<(Conversation, Vec<Message>, Vec<Note>)>,
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
    // All the messages and notes in one query each, then each conversation takes its own.
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let messages = message::Entity::find()
        .filter(message::Column::ConversationId.is_in(ids.clone()))
        .order_by_asc(message::Column::Seq)
        .all(db)
        .await?;
    let notes = note::Entity::find()
        .filter(note::Column::ConversationId.is_in(ids))
        .order_by_asc(note::Column::Id)
        .all(db)
        .await?;
    let mut messages_of: HashMap<Uuid, Vec<Message>> = HashMap::new();
    for message in views::messages(db, messages).await? {
        messages_of.entry(message.conversation_id).or_default().push(message);
    }
    let mut notes_of: HashMap<Uuid, Vec<Note>> = HashMap::new();
    for note in views::notes(db, notes).await? {
        notes_of.entry(note.conversation_id).or_default().push(note);
    }
    let conversations = views::conversations(db, rows)
        .await?
        .into_iter()
        .map(|view| {
            let messages = messages_of.remove(&view.id).unwrap_or_default();
            let notes = notes_of.remove(&view.id).unwrap_or_default();
            (view, messages, notes)
        })
        .collect();
    Ok(CustomerExport { customer: customer.into(), conversations })
}

/// Erases a customer's personal data: name, email, message contents, variables and the
/// event payloads about them. Pending emails to them are cancelled; pending webhooks to
/// the bot platform (an exit above all) still go out, with the erased data. Ids,
/// statuses, exits and counts stay for reporting.
pub async fn erase(services: &Services, admin: &AgentCaller, id: Uuid) -> Result<Customer> {
    admin.require_admin()?;
    let now = Utc::now();
    // Files go from storage first, outside the write turn (storage round trips would hold
    // up every writer), and only once the erase may go ahead: a customer with an open
    // conversation keeps them. Their rows go below, with the rest.
    let db = services.store.db();
    customer::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound("customer"))?;
    if chats::open_of(db, id).await?.is_some() {
        return Err(Error::ConversationOpen);
    }
    let attached = files::of_customer(db, id).await?;
    files::delete_objects(&services.files, &attached).await?;
    let txn = services.store.write().await?;
    // Locked, as an entry locks it: an entry of this customer either opened its
    // conversation before (and is found below) or waits, and then finds them erased.
    let current = customer::Entity::find_by_id(id)
        .lock(LockType::NoKeyUpdate)
        .one(&*txn)
        .await?
        .ok_or(Error::NotFound("customer"))?;
    if chats::open_of(&*txn, id).await?.is_some() {
        return Err(Error::ConversationOpen);
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
        .col_expr(message::Column::Kind, Expr::value(MessageKind::System))
        .col_expr(message::Column::Body, Expr::value(erased_body))
        .col_expr(message::Column::ClientMessageId, Expr::value(Option::<String>::None))
        .filter(message::Column::ConversationId.is_in(conversation_ids.clone()))
        .exec(&*txn)
        .await?;
    note::Entity::update_many()
        .col_expr(note::Column::Text, Expr::value("[erased]"))
        .filter(note::Column::ConversationId.is_in(conversation_ids.clone()))
        .exec(&*txn)
        .await?;
    // Notes' events name the conversation but not the customer, whose streams never carry them.
    let about_the_customer = Condition::any().add(event::Column::CustomerId.eq(id)).add(
        Condition::all()
            .add(event::Column::ConversationId.is_in(conversation_ids.clone()))
            .add(event::Column::EventType.is_in([EventType::ConversationNoteAdded, EventType::AgentMentioned])),
    );
    event::Entity::update_many()
        .col_expr(event::Column::Payload, Expr::value(serde_json::json!({"erased": true})))
        .filter(about_the_customer)
        .exec(&*txn)
        .await?;
    files::delete_rows(&*txn, &attached).await?;
    outbox::cancel_pending_emails(&*txn, id).await?;
    // The pending webhooks first, locked: a delivery the worker records meanwhile is
    // either settled before (and blanked below) or waits, its data replaced here; none is
    // left settled with the customer's data.
    for delivery in outbox::pending_webhooks_about(&*txn, id).await? {
        let data = erased_webhook_data(&*txn, &delivery).await?;
        outbox::replace_webhook_data(&*txn, delivery, data).await?;
    }
    let blanked_emails = outbox::blank_settled(&*txn, id).await?;
    txn.commit().await?;
    if let Some(mail_dir) = &services.mail_dir {
        for outbox_id in blanked_emails {
            let _ = tokio::fs::remove_file(crate::outbox::email::mail_file(mail_dir, outbox_id)).await;
        }
    }
    Ok(erased.into())
}

/// What a pending webhook about an erased customer sends instead of its data: the
/// conversation or message as it is now, erased, so the bot platform still gets the
/// exit and its variables. Events that carry only ids keep their data.
async fn erased_webhook_data(
    conn: &impl sea_orm::ConnectionTrait,
    delivery: &crate::db::entities::outbox::Model,
) -> Result<serde_json::Value> {
    use EventType as E;
    let gone = serde_json::json!({"erased": true});
    let now = match EventType::parse(&delivery.topic) {
        Some(E::MessageCreated) => {
            let id = delivery.payload["data"]["id"].as_str().and_then(|id| id.parse::<Uuid>().ok());
            let row = match id {
                Some(id) => message::Entity::find_by_id(id).one(conn).await?,
                None => None,
            };
            let view = match row {
                Some(row) => views::messages(conn, vec![row]).await?.pop(),
                None => None,
            };
            view.and_then(|view| view.to_json())
        }
        Some(
            E::ConversationWaiting
            | E::ConversationClaimed
            | E::ConversationAssigned
            | E::ConversationReleased
            | E::ConversationTransferred
            | E::ConversationEnded
            | E::ConversationEmailGiven
            | E::ConversationSeen,
        ) => {
            let row = match delivery.conversation_id {
                Some(id) => conversation::Entity::find_by_id(id).one(conn).await?,
                None => None,
            };
            match row {
                Some(row) => views::conversation(conn, row).await?.to_json(),
                None => None,
            }
        }
        _ => return Ok(delivery.payload["data"].clone()),
    };
    Ok(now.unwrap_or(gone))
}
