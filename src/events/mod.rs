//! The event log: every change a client can see is appended here, in the transaction of
//! the change. Streams replay and tail it.

pub mod hub;
pub mod retention;
pub mod stream;

use std::sync::Arc;

use bytes::Bytes;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::db::ROWS_PER_STATEMENT;
use crate::db::entities::{conversation, event};
use crate::domain::{EventType, Sight};

/// Whom an event concerns; it decides which streams carry it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope {
    pub conversation_id: Option<Uuid>,
    pub customer_id: Option<Uuid>,
    /// The conversation's agent after the change: agent streams with `scope=mine` carry
    /// a conversation's messages only to its agent.
    pub agent_id: Option<Uuid>,
    /// The conversation's group: agent streams carry the events their agent sees (see
    /// `domain::Sight`).
    pub group_id: Option<Uuid>,
    /// The group the conversation left with this change (a transfer to a group), whose
    /// agents see it leave; `Some(None)`: it left the conversations of no group.
    pub left_group: Option<Option<Uuid>>,
}

/// How the log stores "left the conversations of no group" in `left_group_id`.
const NO_GROUP: Uuid = Uuid::nil();

impl Scope {
    /// Whether a stream of an agent with `sight` carries this event: the agent sees the
    /// conversation now, or saw it in the group it just left.
    pub fn in_sight(&self, sight: &Sight) -> bool {
        sight.sees(self.agent_id, self.group_id) || self.left_group.is_some_and(|group| sight.sees(None, group))
    }

    fn left_group_id(&self) -> Option<Uuid> {
        self.left_group.map(|group| group.unwrap_or(NO_GROUP))
    }
}

impl Scope {
    /// The scope of an event of `conversation` (as it is after the change).
    pub fn conversation(conversation: &conversation::Model) -> Self {
        Self {
            conversation_id: Some(conversation.id),
            customer_id: Some(conversation.customer_id),
            agent_id: conversation.agent_id,
            group_id: conversation.group_id,
            left_group: None,
        }
    }

    /// The scope of an event of a customer, outside any conversation.
    pub fn customer(customer_id: Uuid) -> Self {
        Self { customer_id: Some(customer_id), ..Self::default() }
    }
}

/// A stored event as streams deliver it: whom it concerns, and its SSE message, built
/// once for every stream that carries it.
#[derive(Debug, Clone)]
pub struct EventRecord {
    pub id: i64,
    pub event_type: EventType,
    pub scope: Scope,
    pub frame: Bytes,
    /// The frame for customers' streams, when it differs: a conversation without its
    /// agents' labels (`tags`).
    pub customer_frame: Option<Bytes>,
}

impl EventRecord {
    /// The event as a customer's stream sends it.
    pub fn for_customer(self: &Arc<Self>) -> Arc<Self> {
        match &self.customer_frame {
            Some(frame) => Arc::new(Self { frame: frame.clone(), customer_frame: None, ..(**self).clone() }),
            None => self.clone(),
        }
    }
}

impl From<event::Model> for EventRecord {
    fn from(row: event::Model) -> Self {
        Self {
            id: row.id,
            event_type: row.event_type,
            scope: Scope {
                conversation_id: row.conversation_id,
                customer_id: row.customer_id,
                agent_id: row.agent_id,
                group_id: row.group_id,
                left_group: row.left_group_id.map(|group| Some(group).filter(|group| *group != NO_GROUP)),
            },
            frame: sse_frame(row.event_type.as_str(), Some(row.id), &row.payload),
            customer_frame: labelled(&row.payload).map(|mut payload| {
                payload["tags"] = serde_json::json!([]);
                sse_frame(row.event_type.as_str(), Some(row.id), &payload)
            }),
        }
    }
}

/// A copy of a conversation payload that carries tags, to take them off.
fn labelled(payload: &serde_json::Value) -> Option<serde_json::Value> {
    let tagged = payload.get("tags").and_then(serde_json::Value::as_array).is_some_and(|tags| !tags.is_empty());
    tagged.then(|| payload.clone())
}

/// One Server-Sent Events message: `data:` is the whole event as JSON (`type`, `id`,
/// `data`), and `event:` and `id:` repeat its type and id (no `id:` when it has none).
pub fn sse_frame(event_type: &str, id: Option<i64>, data: &impl serde::Serialize) -> Bytes {
    #[derive(serde::Serialize)]
    struct Envelope<'a, T> {
        #[serde(rename = "type")]
        event_type: &'a str,
        id: Option<i64>,
        data: &'a T,
    }
    let json = serde_json::to_string(&Envelope { event_type, id, data }).unwrap_or_else(|error| {
        format!("{{\"type\":\"{event_type}\",\"id\":null,\"data\":{{\"error\":\"{error}\"}}}}")
    });
    let frame = match id {
        Some(id) => format!("id: {id}\nevent: {event_type}\ndata: {json}\n\n"),
        None => format!("event: {event_type}\ndata: {json}\n\n"),
    };
    Bytes::from(frame)
}

/// Appends one event to the log and returns its id; call it with the transaction of the
/// change it reports.
pub async fn append(
    conn: &impl ConnectionTrait,
    event_type: EventType,
    scope: Scope,
    payload: serde_json::Value,
) -> Result<i64, DbErr> {
    let row = event::ActiveModel {
        conversation_id: Set(scope.conversation_id),
        customer_id: Set(scope.customer_id),
        agent_id: Set(scope.agent_id),
        group_id: Set(scope.group_id),
        left_group_id: Set(scope.left_group_id()),
        event_type: Set(event_type),
        payload: Set(payload),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let id = event::Entity::insert(row).exec(conn).await?.last_insert_id;
    metrics::counter!("livechat_events_appended_total").increment(1);
    Ok(id)
}

/// Appends events in one statement and returns their ids, in order; call it with the
/// transaction of the changes they report. The ids come back from the statement: with
/// writers side by side on PostgreSQL, those of one statement need not be consecutive.
pub async fn append_many(
    conn: &impl ConnectionTrait,
    events: Vec<(EventType, Scope, serde_json::Value)>,
) -> Result<Vec<i64>, DbErr> {
    let now = Utc::now();
    let rows: Vec<event::ActiveModel> = events
        .into_iter()
        .map(|(event_type, scope, payload)| event::ActiveModel {
            conversation_id: Set(scope.conversation_id),
            customer_id: Set(scope.customer_id),
            agent_id: Set(scope.agent_id),
            group_id: Set(scope.group_id),
            left_group_id: Set(scope.left_group_id()),
            event_type: Set(event_type),
            payload: Set(payload),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    let mut ids = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(ROWS_PER_STATEMENT) {
        let returned = event::Entity::insert_many(chunk.iter().cloned()).exec_with_returning_keys(conn).await?;
        if returned.len() != chunk.len() {
            return Err(DbErr::Custom(format!("inserting {} events returned {} ids", chunk.len(), returned.len())));
        }
        ids.extend(returned);
    }
    metrics::counter!("livechat_events_appended_total").increment(ids.len() as u64);
    Ok(ids)
}

/// The newest event id in the log (0 when empty).
pub async fn latest_id(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let newest = event::Entity::find().order_by_desc(event::Column::Id).limit(1).one(db).await?;
    Ok(newest.map_or(0, |row| row.id))
}
