//! The wire types of conversations, messages and customers, assembled from entities:
//! what use cases return, REST answers with and events carry.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use super::{Error, Result};
use crate::db::entities::{
    agent, canned_response, conversation, conversation_tag, customer, group, message, module_version, note, tag,
};
use crate::domain::{self, Exit, ExitTarget, MessageBody, ModuleSettings, Status};
use crate::wire::values::Email;
use crate::wire::{
    AgentSummary, CannedResponse, Conversation, Customer, Message, Note, ProcessVariables, Rating, Routing, Tag,
    VariableFacts,
};

impl From<customer::Model> for Customer {
    fn from(model: customer::Model) -> Self {
        Self {
            id: model.id,
            external_id: model.external_id,
            display_name: model.display_name,
            email: model.email.map(Email::stored),
            blocked: model.blocked,
            online: model.online,
        }
    }
}

/// The exit stored on a conversation row.
pub fn exit_of(model: &conversation::Model) -> Option<Exit> {
    let target = match (model.exit_target_kind, &model.exit_target_id) {
        (Some(kind), Some(id)) => Some(ExitTarget { kind, id: id.clone() }),
        _ => None,
    };
    Some(Exit { reason: model.exit_reason?, target })
}

pub async fn module_settings(conn: &impl ConnectionTrait, module_id: Uuid, version: i32) -> Result<ModuleSettings> {
    let row = module_version::Entity::find_by_id((module_id, version))
        .one(conn)
        .await?
        .ok_or(Error::NotFound("module version"))?;
    serde_json::from_value(row.settings)
        .map_err(|error| Error::Internal(format!("module {module_id} v{version} settings: {error}")))
}

/// Builds views of conversation rows with three batched look-ups.
pub async fn conversations(conn: &impl ConnectionTrait, rows: Vec<conversation::Model>) -> Result<Vec<Conversation>> {
    let customer_ids: Vec<Uuid> = rows.iter().map(|row| row.customer_id).collect();
    let agent_ids: Vec<Uuid> = rows.iter().filter_map(|row| row.agent_id).collect();
    let customers: HashMap<Uuid, customer::Model> = customer::Entity::find()
        .filter(customer::Column::Id.is_in(customer_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|model| (model.id, model))
        .collect();
    let agents = agent_names(conn, agent_ids).await?;
    let group_ids: Vec<Uuid> = rows.iter().filter_map(|row| row.group_id).collect();
    let groups: HashMap<Uuid, String> = if group_ids.is_empty() {
        HashMap::new()
    } else {
        group::Entity::find()
            .filter(group::Column::Id.is_in(group_ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|group| (group.id, group.name))
            .collect()
    };
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let mut tags = tags_of(conn, &ids).await?;
    let mut settings: HashMap<(Uuid, i32), ModuleSettings> = HashMap::new();
    let mut wait_per_place: HashMap<Option<Uuid>, Option<f64>> = HashMap::new();
    let now = Utc::now();
    let mut views = Vec::with_capacity(rows.len());
    for row in rows {
        let key = (row.module_id, row.module_version);
        if let Entry::Vacant(slot) = settings.entry(key) {
            slot.insert(module_settings(conn, row.module_id, row.module_version).await?);
        }
        if row.status == Status::Waiting
            && row.queue_position.is_some()
            && let Entry::Vacant(slot) = wait_per_place.entry(row.group_id)
        {
            slot.insert(super::queue::wait_per_place(conn, row.group_id).await?);
        }
        let queue = Queue {
            group: row.group_id.and_then(|id| groups.get(&id).cloned()),
            wait_per_place: wait_per_place.get(&row.group_id).copied().flatten(),
        };
        let customer = customers
            .get(&row.customer_id)
            .cloned()
            .ok_or_else(|| Error::Internal(format!("customer of {} missing", row.id)))?;
        let agent = row.agent_id.and_then(|id| agents.get(&id).map(|name| AgentSummary { id, name: name.clone() }));
        let quick_replies = settings.get(&key).map(|s| s.quick_replies.clone()).unwrap_or_default();
        let tags = tags.remove(&row.id).unwrap_or_default();
        views.push(conversation_view(row, customer, agent, quick_replies, queue, tags, now));
    }
    Ok(views)
}

/// A view as `caller` may see it: customers never see agents' labels.
pub fn seen_by(caller: &super::Caller, view: Conversation) -> Conversation {
    match caller {
        super::Caller::Customer { .. } => view.for_customer(),
        super::Caller::Agent(_) | super::Caller::Platform { .. } => view,
    }
}

pub async fn conversation(conn: &impl ConnectionTrait, row: conversation::Model) -> Result<Conversation> {
    conversations(conn, vec![row]).await?.pop().ok_or_else(|| Error::Internal("conversation view vanished".into()))
}

/// What a view shows of a conversation's group and queue.
struct Queue {
    group: Option<String>,
    /// Seconds of waiting per place in the queue, recently, in the conversation's group.
    wait_per_place: Option<f64>,
}

fn conversation_view(
    row: conversation::Model,
    customer: customer::Model,
    agent: Option<AgentSummary>,
    quick_replies: Vec<domain::QuickReply>,
    queue: Queue,
    tags: Vec<Tag>,
    now: DateTime<Utc>,
) -> Conversation {
    let exit = exit_of(&row);
    let facts = VariableFacts {
        status: row.status,
        exit: exit.as_ref(),
        agent: agent.as_ref().map(|agent| (agent.id, agent.name.as_str())),
        email: row.email.as_deref(),
        left_message: row.left_message,
        entered_at: row.entered_at,
        claimed_at: row.claimed_at,
        ended_at: row.ended_at,
        customer_messages: row.customer_messages,
        agent_messages: row.agent_messages,
        group: queue.group.as_deref(),
        queue_position_at_entry: row.queue_position_at_entry,
        rating: row.rating_score,
    };
    let variables = ProcessVariables::compute(&facts, now);
    let rating = rating_of(&row);
    let queue_position = row.queue_position.filter(|_| row.status == Status::Waiting);
    let estimated_wait_seconds = queue_position.and_then(|place| super::queue::estimate(place, queue.wait_per_place));
    Conversation {
        id: row.id,
        customer: customer.into(),
        module_id: row.module_id,
        module_version: row.module_version,
        process_ref: row.process_ref,
        status: row.status.into(),
        agent,
        left_message: row.left_message,
        email: row.email.map(Email::stored),
        email_requested: row.email_requested,
        exit: exit.map(Into::into),
        quick_replies: quick_replies.into_iter().map(Into::into).collect(),
        unanswered: row.unanswered,
        last_message_preview: row.last_message_preview,
        last_message_at: row.last_message_at,
        entered_at: row.entered_at,
        claimed_at: row.claimed_at,
        ended_at: row.ended_at,
        customer_seen_seq: row.customer_seen_seq,
        agent_seen_seq: row.agent_seen_seq,
        waited_seconds: variables.live_waited_seconds,
        group_id: row.group_id,
        routing: if row.auto_assign { Routing::Auto } else { Routing::Manual },
        queue_position,
        estimated_wait_seconds,
        variables,
        tags,
        rating,
    }
}

/// The rating stored on a conversation row, once it was asked for.
fn rating_of(row: &conversation::Model) -> Option<Rating> {
    let scale = row.rating_scale?;
    let window = chrono::Duration::seconds(i64::from(row.rating_change_window_secs.unwrap_or(0)));
    Some(Rating {
        scale: scale.into(),
        score: row.rating_score,
        comment: row.rating_comment.clone(),
        rated_at: row.rated_at,
        changeable_until: row.first_rated_at.map(|first| first + window),
    })
}

/// The tags of each of the conversations `ids`, by name.
pub async fn tags_of(conn: &impl ConnectionTrait, ids: &[Uuid]) -> Result<HashMap<Uuid, Vec<Tag>>> {
    let mut of: HashMap<Uuid, Vec<Tag>> = HashMap::new();
    if ids.is_empty() {
        return Ok(of);
    }
    let links = conversation_tag::Entity::find()
        .filter(conversation_tag::Column::ConversationId.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    if links.is_empty() {
        return Ok(of);
    }
    let tag_ids: Vec<Uuid> = links.iter().map(|link| link.tag_id).collect();
    let names: HashMap<Uuid, String> = tag::Entity::find()
        .filter(tag::Column::Id.is_in(tag_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|row| (row.id, row.name))
        .collect();
    for link in links {
        if let Some(name) = names.get(&link.tag_id) {
            of.entry(link.conversation_id).or_default().push(Tag { id: link.tag_id, name: name.clone() });
        }
    }
    for tags in of.values_mut() {
        tags.sort_by_key(|tag| tag.name.to_lowercase());
    }
    Ok(of)
}

pub async fn agent_names(conn: &impl ConnectionTrait, ids: Vec<Uuid>) -> Result<HashMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(agent::Entity::find()
        .filter(agent::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect())
}

pub async fn messages(conn: &impl ConnectionTrait, rows: Vec<message::Model>) -> Result<Vec<Message>> {
    let agents = agent_names(conn, rows.iter().filter_map(|row| row.author_id).collect()).await?;
    rows.into_iter()
        .map(|row| {
            let body: MessageBody = serde_json::from_value(row.body)
                .map_err(|error| Error::Internal(format!("message {} body: {error}", row.id)))?;
            let author =
                row.author_id.and_then(|id| agents.get(&id).map(|name| AgentSummary { id, name: name.clone() }));
            Ok(Message {
                id: row.id,
                conversation_id: row.conversation_id,
                seq: row.seq,
                author_kind: row.author_kind.into(),
                author,
                content: body.into(),
                client_message_id: row.client_message_id,
                created_at: row.created_at,
            })
        })
        .collect()
}

/// Notes as agents see them, with their author's and mentioned agents' names.
pub async fn notes(conn: &impl ConnectionTrait, rows: Vec<note::Model>) -> Result<Vec<Note>> {
    let mentioned =
        |row: &note::Model| -> Vec<Uuid> { serde_json::from_value(row.mentions.clone()).unwrap_or_default() };
    let ids = rows.iter().flat_map(|row| std::iter::once(row.author_id).chain(mentioned(row))).collect();
    let agents = agent_names(conn, ids).await?;
    let summary = |id: Uuid| AgentSummary { id, name: agents.get(&id).cloned().unwrap_or_default() };
    Ok(rows
        .into_iter()
        .map(|row| Note {
            id: row.id,
            conversation_id: row.conversation_id,
            author: summary(row.author_id),
            mentions: mentioned(&row).into_iter().map(summary).collect(),
            text: row.text,
            created_at: row.created_at,
        })
        .collect())
}

impl From<canned_response::Model> for CannedResponse {
    fn from(row: canned_response::Model) -> Self {
        let owner = |scope| Some(row.owner_id).filter(|_| row.scope == scope);
        Self {
            id: row.id,
            agent_id: owner(domain::CannedScope::Personal),
            group_id: owner(domain::CannedScope::Group),
            short_code: row.short_code,
            title: row.title,
            body: row.body,
            scope: row.scope.into(),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}
