//! Entering the module: the bot platform hands a customer over.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{LockType, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect,
};
use uuid::Uuid;

use super::core::auth::IssuedToken;
use super::core::messages::{self, Author};
use super::core::record::{self, Change, ConversationChange};
use super::core::views;
use super::core::{chats, queue, router, tags};
use super::{Error, Result, Services};
use crate::db::entities::{conversation, customer, module};
use crate::domain::{
    Actor, AuthorKind, EmailAddress, Exit, ExitReason, HistoryAuthor, MAX_ID_LEN, MessageBody, Routing, Status,
};
use crate::wire::Conversation;
use crate::wire::values::{Email, Line};

pub const MAX_HISTORY: usize = 200;
pub const MAX_VARIABLES_BYTES: usize = 16 * 1024;

pub struct EntryCustomer {
    pub external_id: Line<MAX_ID_LEN>,
    pub display_name: Line<MAX_ID_LEN>,
    pub email: Option<Email>,
}

pub struct HistoryLine {
    pub author: HistoryAuthor,
    pub text: String,
    pub sent_at: Option<DateTime<Utc>>,
}

pub struct Entry {
    pub customer: EntryCustomer,
    pub module_id: Uuid,
    pub process_ref: Line<MAX_ID_LEN>,
    pub history: Vec<HistoryLine>,
    /// `live_in_force_start`: start the chat even when nobody is online.
    pub force_start: bool,
    /// The input variables as the bot platform sent them, kept with the conversation.
    pub variables: serde_json::Value,
    /// Names of tags to put on the conversation.
    pub tags: Vec<String>,
}

pub enum EntryOutcome {
    /// The customer is in the Live list (or was already: `reentered`).
    Waiting { conversation: Conversation, token: IssuedToken, reentered: bool },
    /// Async is off and nobody is online (or it is outside business hours): the module
    /// exited at once.
    Exited { conversation: Conversation },
}

struct Checked {
    email: Option<EmailAddress>,
    history: Vec<MessageBody>,
    history_email: Option<EmailAddress>,
}

fn check(entry: &Entry) -> Result<Checked> {
    let email = entry.customer.email.as_ref().map(|email| EmailAddress::parse(email.as_str())).transpose()?;
    if entry.history.len() > MAX_HISTORY {
        return Err(Error::invalid(format!("history has at most {MAX_HISTORY} lines")));
    }
    let history = entry
        .history
        .iter()
        .map(|line| MessageBody::history(line.author, &line.text, line.sent_at))
        .collect::<Result<Vec<_>, _>>()?;
    let history_email = entry
        .history
        .iter()
        .rev()
        .filter(|line| line.author == HistoryAuthor::Customer)
        .find_map(|line| EmailAddress::find_last_in(&line.text));
    if !entry.variables.is_object() || entry.variables.to_string().len() > MAX_VARIABLES_BYTES {
        return Err(Error::invalid(format!("variables must be a JSON object of at most {MAX_VARIABLES_BYTES} bytes")));
    }
    Ok(Checked { email, history, history_email })
}

pub async fn enter(services: &Services, entry: Entry) -> Result<EntryOutcome> {
    let checked = check(&entry)?;
    let now = Utc::now();
    let txn = services.store.write().await?;
    let module = module::Entity::find_by_id(entry.module_id).one(&*txn).await?.ok_or(Error::NotFound("module"))?;
    let settings = views::module_settings(&*txn, module.id, module.version).await?;

    // The customer's row is locked first: it is what two entries of one customer take
    // turns on, so that the second finds the conversation the first opened.
    let existing = customer::Entity::find()
        .filter(customer::Column::ExternalId.eq(entry.customer.external_id.trimmed()))
        .lock(LockType::NoKeyUpdate)
        .one(&*txn)
        .await?;
    if existing.as_ref().is_some_and(|customer| customer.blocked) {
        return Err(Error::CustomerBlocked);
    }
    let known_email = checked.email.clone().or(checked.history_email.clone()).map(EmailAddress::into_string);
    let customer = match existing {
        Some(found) => {
            let email = known_email.clone().or(found.email.clone());
            let mut model = found.into_active_model();
            model.display_name = Set(entry.customer.display_name.trimmed());
            model.email = Set(email);
            model.updated_at = Set(now);
            model.update(&*txn).await?
        }
        None => {
            let fresh = customer::ActiveModel {
                id: Set(Uuid::now_v7()),
                external_id: Set(entry.customer.external_id.trimmed()),
                display_name: Set(entry.customer.display_name.trimmed()),
                email: Set(known_email),
                blocked: Set(false),
                online: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
            };
            // Two first entries of one customer at once (on two processes): the second
            // insert waits for the first's commit, keeps its row, and goes on with it.
            let keep_first = OnConflict::column(customer::Column::ExternalId).do_nothing().to_owned();
            customer::Entity::insert(fresh).on_conflict(keep_first).exec_without_returning(&*txn).await?;
            let made = customer::Entity::find()
                .filter(customer::Column::ExternalId.eq(entry.customer.external_id.trimmed()))
                .lock(LockType::NoKeyUpdate)
                .one(&*txn)
                .await?
                .ok_or(Error::NotFound("customer"))?;
            if made.blocked {
                return Err(Error::CustomerBlocked);
            }
            made
        }
    };

    if let Some(mut open) = chats::lock_open_of(&*txn, customer.id).await? {
        let conversation = match (&open.email, &customer.email) {
            (None, Some(email)) => {
                open.email = Some(email.clone());
                chats::save_with_event(&*txn, open, ConversationChange::EmailGiven).await?
            }
            _ => views::conversation(&*txn, open).await?,
        };
        txn.commit().await?;
        let token = services.tokens.issue_customer(customer.id)?;
        return Ok(EntryOutcome::Waiting { conversation, token, reentered: true });
    }

    // Outside business hours the module acts as when nobody is online.
    let open = settings.business_hours.as_ref().is_none_or(|hours| hours.is_open(now));
    let online = queue::could_serve(&*txn, settings.group_id, &settings, now).await?;
    let exits_at_once = online == 0 && !settings.async_enabled && !entry.force_start;
    let place = if exits_at_once { None } else { Some(queue::next_place(&*txn, settings.group_id).await?) };
    let mut row = conversation::Model {
        id: Uuid::now_v7(),
        customer_id: customer.id,
        module_id: module.id,
        module_version: module.version,
        process_ref: entry.process_ref.trimmed(),
        status: Status::Waiting,
        agent_id: None,
        left_message: false,
        email: customer.email.clone(),
        email_requested: false,
        exit_reason: None,
        exit_target_kind: None,
        exit_target_id: None,
        input_variables: entry.variables,
        next_seq: 1,
        customer_messages: 0,
        agent_messages: 0,
        unanswered: 0,
        last_message_preview: None,
        last_message_at: None,
        entered_at: now,
        claimed_at: None,
        ended_at: None,
        shown_in_live: !exits_at_once,
        customer_seen_seq: 0,
        agent_seen_seq: 0,
        notify_due_at: None,
        notified_through_seq: 0,
        waiting_since: Some(now),
        group_id: settings.group_id,
        auto_assign: settings.routing == Routing::Auto,
        queue_position: place,
        queue_position_at_entry: place,
        released_by: None,
        rating_scale: None,
        rating_change_window_secs: None,
        rating_score: None,
        rating_comment: None,
        first_rated_at: None,
        rated_at: None,
        first_response_at: None,
        transcript_to: None,
    };
    conversation::ActiveModel::from(row.clone()).insert(&*txn).await?;
    let tag_ids = tags::ids_of(&*txn, &entry.tags).await?;
    tags::put_all(&*txn, row.id, &tag_ids).await?;

    if exits_at_once {
        let reason = if open { ExitReason::NoAgentAvailable } else { ExitReason::OutsideBusinessHours };
        let exit = Exit { reason, target: settings.fallback_target.clone() };
        let conversation = chats::finish(&*txn, row, Actor::System, exit).await?;
        txn.commit().await?;
        return Ok(EntryOutcome::Exited { conversation });
    }

    for body in checked.history {
        messages::append(&*txn, &mut row, Author::of(AuthorKind::Bot), body, now).await?;
    }
    let greeting = if online > 0 { &settings.texts.waiting } else { &settings.texts.offline };
    let greeting = MessageBody::System { text: greeting.clone() };
    messages::append(&*txn, &mut row, Author::of(AuthorKind::System), greeting, now).await?;
    if settings.request_email && row.email.is_none() {
        let request = MessageBody::EmailRequest { text: settings.texts.email_request.clone() };
        messages::append(&*txn, &mut row, Author::of(AuthorKind::Bot), request, now).await?;
        row.email_requested = true;
    }
    let row = chats::save(&*txn, row).await?;
    let id = row.id;
    let conversation = views::conversation(&*txn, row.clone()).await?;
    let waiting = Change::Conversation(ConversationChange::Waiting, &conversation);
    record::record(&*txn, record::conversation_scope(&conversation), waiting).await?;
    // In `auto` routing an agent with room takes it at once, in this transaction, so
    // that the answer says who serves the customer; those ahead of it go first.
    let auto = settings.routing == Routing::Auto && open;
    let default_max = services.router.default_max_active_chats;
    let assigned = auto && router::assign_on_entry(&*txn, &row, &settings, default_max, now).await?;
    let conversation = if assigned {
        let row = conversation::Entity::find_by_id(id).one(&*txn).await?.ok_or(Error::NotFound("conversation"))?;
        views::conversation(&*txn, row).await?
    } else {
        conversation
    };
    txn.commit().await?;
    if assigned && place != Some(1) {
        services.router.queue_moved(settings.group_id);
    } else if auto {
        services.router.entered(settings.group_id);
    }
    let token = services.tokens.issue_customer(customer.id)?;
    Ok(EntryOutcome::Waiting { conversation, token, reentered: false })
}
