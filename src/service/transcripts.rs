//! Transcripts: the customer (or an agent, for them) asks for the chat's transcript by
//! email. The request waits on the conversation until housekeeping renders it from the
//! templates and queues it in the outbox, as reply emails are: delivered once, retried,
//! never duplicated; two requests before it is queued send one email. Internal notes
//! are never in it.

use uuid::Uuid;

use super::core::chats::{lock_for, save};
use super::{Caller, Error, Result, Services};
use crate::db::entities::customer;
use crate::domain::EmailAddress;
use sea_orm::EntityTrait;

/// Asks for the transcript of conversation `id`, to `email` or the address known for the
/// chat or its customer; returns where it goes.
pub async fn request(services: &Services, caller: &Caller, id: Uuid, email: Option<EmailAddress>) -> Result<String> {
    if matches!(caller, Caller::Platform { .. }) {
        return Err(Error::WrongCaller("the bot platform does not send transcripts"));
    }
    let txn = services.store.write().await?;
    let mut row = lock_for(&*txn, caller, id).await?;
    let customer =
        customer::Entity::find_by_id(row.customer_id).one(&*txn).await?.ok_or(Error::NotFound("customer"))?;
    if customer.blocked {
        return Err(Error::CustomerBlocked);
    }
    let address = email
        .map(EmailAddress::into_string)
        .or_else(|| row.email.clone())
        .or(customer.email)
        .ok_or_else(|| Error::invalid("no email is known for this chat: give `email`"))?;
    row.transcript_to = Some(address.clone());
    save(&*txn, row).await?;
    txn.commit().await?;
    Ok(address)
}
