//! Conversations: the Live list, taking over, releasing, transferring, and every way a
//! chat ends. Each change goes through the domain's state machine.

use chrono::Utc;
use poem_openapi::types::ToJSON;
use sea_orm::sea_query::LockType;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use super::core::chats::{
    self, finish, in_sight, load_for, lock_for, save, save_with_event, sight_of, state_of, transition,
};
use super::core::messages::{self, Author};
use super::core::page::{self, Cursor, Page};
use super::core::queue;
use super::core::record::{self, Change, ConversationChange};
use super::core::router::Was;
use super::core::views;
use super::{AgentCaller, Caller, Error, Result, Services};
use crate::db::entities::{agent, conversation, customer, group};
use crate::domain::{
    Action, Actor, AuthorKind, EmailAddress, Exit, ExitReason, ExitTarget, MessageBody, Presence, Status, TargetKind,
};
use crate::events::hub::{EphemeralEvent, EphemeralType};
use crate::outbox;
use crate::wire::{Conversation, CustomerBlockChange, QueueSummary, Typing, TypingSide};

pub async fn get(services: &Services, caller: &Caller, id: Uuid) -> Result<Conversation> {
    let db = services.store.db();
    let row = load_for(db, caller, id).await?;
    Ok(views::seen_by(caller, views::conversation(db, row).await?))
}

/// Which conversations a list shows.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// One status; without it, the open ones (waiting and active).
    pub status: Option<Status>,
    /// Only those the calling agent serves.
    pub mine: bool,
    /// Only those of this group.
    pub group_id: Option<Uuid>,
    /// Only those with this tag.
    pub tag_id: Option<Uuid>,
}

/// The Live list for agents (newest first); a customer's own conversations for customers.
pub async fn list(
    services: &Services,
    caller: &Caller,
    filter: ListFilter,
    cursor: Option<&str>,
    limit: Option<u64>,
) -> Result<Page<Conversation>> {
    let limit = page::limit(limit);
    let mut query = conversation::Entity::find().order_by_desc(conversation::Column::Id).limit(limit + 1);
    query = match filter.status {
        Some(status) => query.filter(conversation::Column::Status.eq(status)),
        None => query.filter(conversation::Column::Status.is_in([Status::Waiting, Status::Active])),
    };
    match caller {
        Caller::Customer { customer_id } => query = query.filter(conversation::Column::CustomerId.eq(*customer_id)),
        Caller::Agent(agent) => {
            query = query.filter(conversation::Column::ShownInLive.eq(true));
            query = query.filter(in_sight(&sight_of(services.store.db(), agent).await?));
            if filter.mine {
                query = query.filter(conversation::Column::AgentId.eq(agent.id));
            }
            if let Some(group_id) = filter.group_id {
                query = query.filter(conversation::Column::GroupId.eq(group_id));
            }
            if let Some(tag_id) = filter.tag_id {
                query = query.filter(chats::tagged(tag_id));
            }
        }
        Caller::Platform { .. } => return Err(Error::WrongCaller("the bot platform reads conversations one by one")),
    }
    if let Some(cursor) = Cursor::given(cursor) {
        query = query.filter(conversation::Column::Id.lt(Cursor::decode_uuid(cursor)?));
    }
    let db = services.store.db();
    let page = Page::from_rows(query.all(db).await?, limit, |row| row.id.to_string());
    let items = views::conversations(db, page.items).await?.into_iter().map(|view| views::seen_by(caller, view));
    Ok(Page { items: items.collect(), next_cursor: page.next_cursor })
}

/// The queues of the Live list the agent sees — that of no group, then each group's by
/// name — with how many wait and are served in each.
pub async fn queues(services: &Services, agent: &AgentCaller) -> Result<Vec<QueueSummary>> {
    let db = services.store.db();
    let sight = sight_of(db, agent).await?;
    let groups = group::Entity::find().order_by_asc(group::Column::Name).all(db).await?;
    let in_sight = groups.into_iter().filter(|group| sight.sees(None, Some(group.id)));
    let counted: Vec<(Option<Uuid>, Status, i64)> = conversation::Entity::find()
        .select_only()
        .column(conversation::Column::GroupId)
        .column(conversation::Column::Status)
        .expr_as(Func::count(Expr::col(conversation::Column::Id)), "conversations")
        .filter(conversation::Column::ShownInLive.eq(true))
        .filter(conversation::Column::Status.is_in([Status::Waiting, Status::Active]))
        .group_by(conversation::Column::GroupId)
        .group_by(conversation::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    let count = |group_id: Option<Uuid>, status: Status| {
        let found = counted.iter().find(|(group, of, _)| *group == group_id && *of == status);
        found.map_or(0, |(_, _, count)| i32::try_from(*count).unwrap_or(i32::MAX))
    };
    let mut queues = Vec::new();
    for (group_id, name) in
        std::iter::once((None, None)).chain(in_sight.map(|group| (Some(group.id), Some(group.name))))
    {
        let waiting = queue::shown_place(count(group_id, Status::Waiting));
        let per_place = queue::wait_per_place(db, group_id).await?;
        queues.push(QueueSummary {
            group_id,
            name,
            waiting,
            active: count(group_id, Status::Active),
            agents_online: i32::try_from(queue::online_agents(db, group_id).await?).unwrap_or(i32::MAX),
            estimated_wait_seconds: queue::estimate(waiting.saturating_add(1), per_place),
        });
    }
    Ok(queues)
}

/// Takes a waiting conversation over. The conversation's row is locked, so of two agents
/// claiming at once the second finds it active and gets a conflict; then the agent's
/// row, so that two claims by one agent count each other's chat against their limit.
pub async fn claim(services: &Services, agent: &AgentCaller, id: Uuid) -> Result<Conversation> {
    let txn = services.store.write().await?;
    let mut row = lock_for(&*txn, &Caller::Agent(agent.clone()), id).await?;
    let was = Was::of(&row);
    state_of(&row).apply(Actor::Agent(agent.id), &Action::Claim)?;
    let me = agent::Entity::find_by_id(agent.id)
        .lock(LockType::NoKeyUpdate)
        .one(&*txn)
        .await?
        .ok_or(Error::NotFound("agent"))?;
    if me.presence != Presence::Online {
        return Err(Error::AgentNotOnline("set your presence to online before taking conversations over"));
    }
    let settings = views::module_settings(&*txn, row.module_id, row.module_version).await?;
    queue::check_may_take(&*txn, &me, &row, &settings, services.router.default_max_active_chats).await?;
    transition(&*txn, &mut row, Actor::Agent(agent.id), &Action::Claim, Utc::now()).await?;
    let view = save_with_event(&*txn, row, ConversationChange::Claimed).await?;
    txn.commit().await?;
    services.router.changed(&was, &view);
    Ok(view)
}

/// Hands a conversation back to the Live list's waiting queue.
pub async fn release(services: &Services, agent: &AgentCaller, id: Uuid) -> Result<Conversation> {
    let txn = services.store.write().await?;
    let mut row = lock_for(&*txn, &Caller::Agent(agent.clone()), id).await?;
    let was = Was::of(&row);
    transition(&*txn, &mut row, Actor::Agent(agent.id), &Action::Release, Utc::now()).await?;
    let view = save_with_event(&*txn, row, ConversationChange::Released).await?;
    txn.commit().await?;
    services.router.changed(&was, &view);
    Ok(view)
}

/// Where a transfer sends a conversation.
#[derive(Debug, Clone, Copy)]
pub enum TransferTarget {
    /// Another active agent (of the conversation's group, when it has one), with room.
    Agent(Uuid),
    /// A group: back to waiting, in that group's queue.
    Group(Uuid),
}

/// Hands a conversation to another agent, or to a group's queue.
pub async fn transfer(services: &Services, agent: &AgentCaller, id: Uuid, to: TransferTarget) -> Result<Conversation> {
    let txn = services.store.write().await?;
    let mut row = lock_for(&*txn, &Caller::Agent(agent.clone()), id).await?;
    let was = Was::of(&row);
    let group_before = row.group_id;
    match to {
        TransferTarget::Agent(to) => {
            let action = Action::Transfer { to };
            state_of(&row).apply(Actor::Agent(agent.id), &action)?;
            // Locked before their chats are counted, as every assignment to an agent does.
            let target = agent::Entity::find_by_id(to).lock(LockType::NoKeyUpdate).one(&*txn).await?;
            let Some(target) = target.filter(|target| target.active) else {
                return Err(Error::invalid("agent_id does not name an active agent"));
            };
            let settings = views::module_settings(&*txn, row.module_id, row.module_version).await?;
            // In `auto` routing an offline agent's chats go back to the queue at once.
            if row.auto_assign && !settings.keep_chats_when_agent_offline && target.presence == Presence::Offline {
                return Err(Error::AgentNotOnline(
                    "the agent is offline, and in auto routing an offline agent's chats go back to the queue; \
                     transfer to an agent who is online or away, or to their group",
                ));
            }
            match queue::check_may_take(&*txn, &target, &row, &settings, services.router.default_max_active_chats).await
            {
                Err(Error::NotInGroup) => {
                    return Err(Error::invalid(
                        "agent_id is not in the conversation's group; transfer to their group with group_id",
                    ));
                }
                other => other?,
            }
            transition(&*txn, &mut row, Actor::Agent(agent.id), &action, Utc::now()).await?;
        }
        TransferTarget::Group(group_id) => {
            let action = Action::TransferToGroup { group_id };
            state_of(&row).apply(Actor::Agent(agent.id), &action)?;
            if crate::db::entities::group::Entity::find_by_id(group_id).one(&*txn).await?.is_none() {
                return Err(Error::invalid("group_id does not name a group"));
            }
            transition(&*txn, &mut row, Actor::Agent(agent.id), &action, Utc::now()).await?;
        }
    }
    let row = save(&*txn, row).await?;
    let view = views::conversation(&*txn, row).await?;
    let mut scope = record::conversation_scope(&view);
    if group_before != view.group_id {
        // The streams of the group it leaves learn it is gone.
        scope.left_group = Some(group_before);
    }
    record::record(&*txn, scope, Change::Conversation(ConversationChange::Transferred, &view)).await?;
    txn.commit().await?;
    services.router.changed(&was, &view);
    Ok(view)
}

/// The agent ends the chat.
pub async fn end(services: &Services, agent: &AgentCaller, id: Uuid) -> Result<Conversation> {
    end_as(
        services,
        &Caller::Agent(agent.clone()),
        id,
        Actor::Agent(agent.id),
        Exit { reason: ExitReason::AgentEnded, target: None },
    )
    .await
}

/// The customer leaves.
pub async fn leave(services: &Services, customer_id: Uuid, id: Uuid) -> Result<Conversation> {
    end_as(
        services,
        &Caller::Customer { customer_id },
        id,
        Actor::Customer,
        Exit { reason: ExitReason::CustomerLeft, target: None },
    )
    .await
}

async fn end_as(services: &Services, caller: &Caller, id: Uuid, actor: Actor, exit: Exit) -> Result<Conversation> {
    let txn = services.store.write().await?;
    let row = lock_for(&*txn, caller, id).await?;
    let was = Was::of(&row);
    let view = finish(&*txn, row, actor, exit).await?;
    txn.commit().await?;
    services.router.changed(&was, &view);
    Ok(views::seen_by(caller, view))
}

/// The agent sends the customer on to a process module or an experience; the chat ends
/// with that target.
pub async fn jump(services: &Services, agent: &AgentCaller, id: Uuid, target: ExitTarget) -> Result<Conversation> {
    if target.kind == TargetKind::Subprocess {
        return Err(Error::invalid("a jump goes to a process_module or an experience"));
    }
    let txn = services.store.write().await?;
    let mut row = lock_for(&*txn, &Caller::Agent(agent.clone()), id).await?;
    let was = Was::of(&row);
    let exit = Exit { reason: ExitReason::Jump, target: Some(target.clone()) };
    state_of(&row).apply(Actor::Agent(agent.id), &Action::End(exit.clone()))?;
    let author = Author { kind: AuthorKind::Agent, agent: Some(agent.summary()) };
    messages::append(&*txn, &mut row, author, MessageBody::Jump { target }, Utc::now()).await?;
    let view = finish(&*txn, row, Actor::Agent(agent.id), exit).await?;
    txn.commit().await?;
    services.router.changed(&was, &view);
    Ok(view)
}

/// Ends the chat and blocks the customer from entering again until an admin unblocks.
pub async fn block(services: &Services, agent: &AgentCaller, id: Uuid) -> Result<Conversation> {
    let txn = services.store.write().await?;
    let row = lock_for(&*txn, &Caller::Agent(agent.clone()), id).await?;
    let was = Was::of(&row);
    let customer_id = row.customer_id;
    let scope = crate::events::Scope::conversation(&row);
    state_of(&row).apply(Actor::Agent(agent.id), &Action::End(Exit { reason: ExitReason::Blocked, target: None }))?;
    let customer = customer::Entity::find_by_id(customer_id).one(&*txn).await?.ok_or(Error::NotFound("customer"))?;
    let mut customer = customer.into_active_model();
    customer.blocked = Set(true);
    customer.updated_at = Set(Utc::now());
    customer.update(&*txn).await?;
    let blocked = CustomerBlockChange { customer_id, by_agent_id: agent.id };
    record::record(&*txn, scope, Change::CustomerBlocked(&blocked)).await?;
    outbox::cancel_pending_emails(&*txn, customer_id).await?;
    let mut row = row;
    row.notify_due_at = None;
    let view = finish(&*txn, row, Actor::Agent(agent.id), Exit { reason: ExitReason::Blocked, target: None }).await?;
    txn.commit().await?;
    services.router.changed(&was, &view);
    Ok(view)
}

/// The customer picks a persistent quick reply of the conversation's module version.
pub async fn pick_quick_reply(
    services: &Services,
    customer_id: Uuid,
    id: Uuid,
    quick_reply_id: &str,
) -> Result<Conversation> {
    let txn = services.store.write().await?;
    let row = lock_for(&*txn, &Caller::Customer { customer_id }, id).await?;
    let was = Was::of(&row);
    let settings = views::module_settings(&*txn, row.module_id, row.module_version).await?;
    let reply = settings.quick_reply(quick_reply_id).ok_or_else(|| {
        Error::invalid(format!("quick_reply_id {quick_reply_id:?} is not a quick reply of this chat"))
    })?;
    let target = ExitTarget { kind: TargetKind::Experience, id: reply.experience_id.clone() };
    let view =
        finish(&*txn, row, Actor::Customer, Exit { reason: ExitReason::QuickReply, target: Some(target) }).await?;
    txn.commit().await?;
    services.router.changed(&was, &view);
    Ok(view.for_customer())
}

/// The customer gives an email address; it is kept on the customer and the conversation.
pub async fn give_email(services: &Services, customer_id: Uuid, id: Uuid, email: EmailAddress) -> Result<Conversation> {
    let email = email.into_string();
    let txn = services.store.write().await?;
    let mut row = lock_for(&*txn, &Caller::Customer { customer_id }, id).await?;
    if row.status == Status::Ended {
        return Err(crate::domain::Error::ConversationEnded.into());
    }
    let customer = customer::Entity::find_by_id(customer_id).one(&*txn).await?.ok_or(Error::NotFound("customer"))?;
    let mut customer = customer.into_active_model();
    customer.email = Set(Some(email.clone()));
    customer.updated_at = Set(Utc::now());
    customer.update(&*txn).await?;
    row.email = Some(email);
    let view = save_with_event(&*txn, row, ConversationChange::EmailGiven).await?;
    txn.commit().await?;
    Ok(view.for_customer())
}

/// Tells the other side that `caller` is typing. Not stored; at most one per sender and
/// conversation per interval gets through (`false` when this one did not).
pub async fn typing(services: &Services, caller: &Caller, id: Uuid) -> Result<bool> {
    let row = load_for(services.store.db(), caller, id).await?;
    let (actor, sender, typing) = match caller {
        Caller::Customer { customer_id } => {
            (Actor::Customer, *customer_id, Typing { conversation_id: id, side: TypingSide::Customer, agent: None })
        }
        Caller::Agent(agent) => {
            let author = agent.summary();
            (
                Actor::Agent(agent.id),
                agent.id,
                Typing { conversation_id: id, side: TypingSide::Agent, agent: Some(author) },
            )
        }
        Caller::Platform { .. } => return Err(Error::WrongCaller("the bot platform does not type")),
    };
    state_of(&row).apply(actor, &Action::PostMessage)?;
    if !services.typing.allow(id, sender) {
        return Ok(false);
    }
    let payload = typing.to_json().ok_or_else(|| Error::Internal("typing has no JSON".into()))?;
    let event = EphemeralEvent {
        event_type: EphemeralType::Typing,
        conversation_id: Some(id),
        customer_id: Some(row.customer_id),
        agent_id: row.agent_id,
        group_id: row.group_id,
        origin: Some(sender),
        payload,
    };
    services.hub.publish_ephemeral(services.store.db(), event).await;
    Ok(true)
}

/// Marks the messages up to `seq` as seen by the caller's side. Marks only move forward.
pub async fn mark_seen(services: &Services, caller: &Caller, id: Uuid, seq: i32) -> Result<Conversation> {
    let txn = services.store.write().await?;
    let mut row = lock_for(&*txn, caller, id).await?;
    if seq < 1 || seq >= row.next_seq {
        return Err(Error::invalid(format!(
            "seq must name a message of this conversation (1 to {})",
            row.next_seq - 1
        )));
    }
    let changed = match caller {
        Caller::Customer { .. } => {
            let moved = seq > row.customer_seen_seq;
            row.customer_seen_seq = row.customer_seen_seq.max(seq);
            moved
        }
        Caller::Agent(agent) => {
            state_of(&row).apply(Actor::Agent(agent.id), &Action::PostMessage)?;
            let moved = seq > row.agent_seen_seq;
            row.agent_seen_seq = row.agent_seen_seq.max(seq);
            moved
        }
        Caller::Platform { .. } => return Err(Error::WrongCaller("the bot platform does not read chats")),
    };
    if !changed {
        return Ok(views::seen_by(caller, views::conversation(&*txn, row).await?));
    }
    let view = save_with_event(&*txn, row, ConversationChange::Seen).await?;
    txn.commit().await?;
    Ok(views::seen_by(caller, view))
}
