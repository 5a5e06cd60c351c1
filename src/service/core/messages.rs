//! Appending messages: the server's own one at a time, and posted ones in batches.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::LockType;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use tokio::sync::{mpsc, oneshot};
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::record::{self, Change};
use super::views;
use super::{Caller, Error, Result, chats, files, queue};
use crate::db::entities::{conversation, customer, message};
use crate::db::{ROWS_PER_STATEMENT, Store};
use crate::domain::{Action, Actor, AuthorKind, MessageBody, chrono_duration};
use crate::events::Scope;
use crate::wire::{AgentSummary, Message};

/// Who a new message is written by.
#[derive(Debug, Clone)]
pub struct Author {
    pub kind: AuthorKind,
    pub agent: Option<AgentSummary>,
}

impl Author {
    pub fn of(kind: AuthorKind) -> Self {
        Self { kind, agent: None }
    }
}

/// Appends a message to `conversation` (whose counters it updates; the caller saves it)
/// and records its event; for the server's own messages and an agent's jump, which are
/// never retries.
pub async fn append(
    conn: &impl ConnectionTrait,
    conversation: &mut conversation::Model,
    author: Author,
    body: MessageBody,
    now: DateTime<Utc>,
) -> Result<Message> {
    let (row, view) = new_message(conversation, Uuid::now_v7(), author, body, None, now)?;
    message::Entity::insert(row).exec_without_returning(conn).await?;
    let scope = Scope::conversation(conversation);
    record::record(conn, scope, Change::MessageCreated(&view)).await?;
    Ok(view)
}

/// A message to post, waiting for the writer.
struct Post {
    caller: Caller,
    conversation_id: Uuid,
    body: MessageBody,
    client_message_id: Option<String>,
    answer: oneshot::Sender<Result<(Message, bool)>>,
}

/// Messages posted at about the same time are written together: the writer takes every
/// post waiting in its queue and writes them in one turn of the write batch, with a
/// handful of statements whatever their number (their conversations read at once,
/// messages and events inserted together, conversations updated in one statement).
/// Each post is answered once its batch has committed.
#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Post>,
    posts: Arc<tokio::sync::Mutex<mpsc::Receiver<Post>>>,
}

/// Posts the writer takes in one turn at the most.
const MAX_POSTS: usize = 256;
const QUEUE: usize = 4096;

impl Default for Writer {
    fn default() -> Self {
        let (queue, posts) = mpsc::channel(QUEUE);
        Self { queue, posts: Arc::new(tokio::sync::Mutex::new(posts)) }
    }
}

impl Writer {
    /// Queues a post as `caller` and waits for its batch to commit. A retry with the
    /// same `client_message_id` returns the first message and `false`.
    pub async fn post(
        &self,
        caller: &Caller,
        conversation_id: Uuid,
        body: MessageBody,
        client_message_id: Option<String>,
    ) -> Result<(Message, bool)> {
        let (answer, answered) = oneshot::channel();
        let post = Post { caller: caller.clone(), conversation_id, body, client_message_id, answer };
        let stopped = || Error::Internal("the message writer stopped".into());
        self.queue.send(post).await.map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }

    /// Writes queued posts until `shutdown`: the message writer, one batch at a time
    /// (batches written at once were measured slower on PostgreSQL: they wait on each
    /// other's conversation locks, and their commits out of order hold the delivery
    /// horizon back).
    pub async fn run(&self, store: Store, reply_window: Duration, shutdown: CancellationToken) {
        let mut posts = self.posts.lock().await;
        let mut batch = Vec::with_capacity(MAX_POSTS);
        loop {
            tokio::select! {
                count = posts.recv_many(&mut batch, MAX_POSTS) => if count == 0 { return },
                () = shutdown.cancelled() => return,
            }
            metrics::gauge!("livechat_message_writer_queue_depth").set(posts.len() as f64);
            metrics::histogram!("livechat_message_batch_size").record(batch.len() as f64);
            let started = std::time::Instant::now();
            let written = write_posts(&store, &batch, reply_window).await;
            metrics::histogram!("livechat_message_batch_seconds").record(started.elapsed().as_secs_f64());
            answer(batch.drain(..), written);
        }
    }
}

/// Answers each post of a batch with its result, or all with the batch's failure.
fn answer(batch: impl Iterator<Item = Post>, written: Result<Vec<Result<(Message, bool)>>>) {
    match written {
        Ok(results) => {
            for (post, result) in batch.zip(results) {
                let _ = post.answer.send(result);
            }
        }
        Err(error) => {
            tracing::warn!(%error, "writing a batch of messages failed");
            let contended = error.contended();
            for post in batch {
                let failed =
                    if contended { Error::Busy } else { Error::Internal(format!("writing messages failed: {error}")) };
                let _ = post.answer.send(Err(failed));
            }
        }
    }
}

/// Starts the batching window of a reply notification when an agent writes to a
/// customer who is away and has an email (and is not blocked); the caller saves `row`.
pub fn note_agent_reply(row: &mut conversation::Model, customer: &customer::Model, window: Duration) {
    let reachable = row.email.is_some() || customer.email.is_some();
    if reachable && !customer.online && !customer.blocked && row.notify_due_at.is_none() {
        row.notify_due_at = Some(Utc::now() + chrono_duration(window));
    }
}

fn author_of(caller: &Caller) -> (Actor, Author) {
    match caller {
        Caller::Agent(agent) => {
            (Actor::Agent(agent.id), Author { kind: AuthorKind::Agent, agent: Some(agent.summary()) })
        }
        _ => (Actor::Customer, Author::of(AuthorKind::Customer)),
    }
}

/// A conversation of the batch: as read, and as the posts change it.
struct Touched {
    before: conversation::Model,
    now: conversation::Model,
    customer: customer::Model,
}

/// Writes `posts` in one turn; an `Err` fails them all (nothing was written).
async fn write_posts(store: &Store, posts: &[Post], reply_window: Duration) -> Result<Vec<Result<(Message, bool)>>> {
    let txn = store.write().await?;
    let now = Utc::now();
    let ids: Vec<Uuid> = posts.iter().map(|post| post.conversation_id).collect();
    // The conversations are locked, in id order, until the batch commits: their counters
    // (`next_seq` above all) and states are written back as read here. Only theirs: the
    // customers are read for the reply notification, not changed.
    let mut read = conversation::Entity::find()
        .filter(conversation::Column::Id.is_in(ids.clone()))
        .order_by_asc(conversation::Column::Id)
        .find_also_related(customer::Entity);
    QuerySelect::query(&mut read).lock_with_tables(LockType::NoKeyUpdate, [conversation::Entity]);
    let mut touched: HashMap<Uuid, Touched> = read
        .all(&*txn)
        .await?
        .into_iter()
        .filter_map(|(row, customer)| Some((row.id, Touched { before: row.clone(), now: row, customer: customer? })))
        .collect();
    let client_ids: Vec<&str> = posts.iter().filter_map(|post| post.client_message_id.as_deref()).collect();
    let mut earlier: HashMap<(Uuid, AuthorKind, String), message::Model> = HashMap::new();
    if !client_ids.is_empty() {
        let found = message::Entity::find()
            .filter(message::Column::ConversationId.is_in(ids))
            .filter(message::Column::ClientMessageId.is_in(client_ids))
            .all(&*txn)
            .await?;
        for row in found {
            if let Some(client_id) = row.client_message_id.clone() {
                earlier.insert((row.conversation_id, row.author_kind, client_id), row);
            }
        }
    }
    // Whether anyone could serve a conversation of a group and module version now.
    let mut servable: HashMap<(Option<Uuid>, Uuid, i32), bool> = HashMap::new();
    let mut written: HashMap<(Uuid, AuthorKind, String), Message> = HashMap::new();
    let mut rows = Vec::new();
    let mut views = Vec::new();
    let mut results = Vec::with_capacity(posts.len());
    for post in posts {
        let (actor, author) = author_of(&post.caller);
        let key = post.client_message_id.clone().map(|client_id| (post.conversation_id, author.kind, client_id));
        let Some(conversation) = touched.get_mut(&post.conversation_id).filter(|conversation| {
            !matches!(post.caller, Caller::Customer { customer_id } if conversation.now.customer_id != customer_id)
        }) else {
            results.push(Err(Error::NotFound("conversation")));
            continue;
        };
        // A retry gets the first message back, whatever the conversation's state now.
        if let Some(key) = &key {
            let author_id = author.agent.as_ref().map(|agent| agent.id);
            if let Some(first) = written.get(key) {
                let same = first.author.as_ref().map(|agent| agent.id) == author_id;
                results.push(if same { Ok((first.clone(), false)) } else { Err(Error::ClientMessageIdTaken) });
                continue;
            }
            if let Some(first) = earlier.get(key) {
                if first.author_id != author_id {
                    results.push(Err(Error::ClientMessageIdTaken));
                    continue;
                }
                let view = views::messages(&*txn, vec![first.clone()]).await?.pop();
                results.push(view.map(|view| (view, false)).ok_or(Error::NotFound("message")));
                continue;
            }
        }
        // Another department's conversation is "not found" to an agent, as on every road.
        if let Caller::Agent(agent) = &post.caller
            && conversation.now.agent_id != Some(agent.id)
            && !chats::sees(&*txn, agent, &conversation.now).await?
        {
            results.push(Err(Error::NotFound("conversation")));
            continue;
        }
        if let Err(refused) = chats::state_of(&conversation.now).apply(actor, &Action::PostMessage) {
            results.push(Err(refused.into()));
            continue;
        }
        let message_id = Uuid::now_v7();
        if let MessageBody::File { attachments, .. } = &post.body {
            let ids: Vec<Uuid> = attachments.iter().map(|file| file.id).collect();
            if let Err(refused) = files::claim(&*txn, message_id, &ids).await? {
                results.push(Err(refused));
                continue;
            }
        }
        let row = &mut conversation.now;
        if author.kind == AuthorKind::Customer && row.agent_id.is_none() {
            let key = (row.group_id, row.module_id, row.module_version);
            let online = match servable.get(&key) {
                Some(&online) => online,
                None => {
                    let settings = views::module_settings(&*txn, row.module_id, row.module_version).await?;
                    let online = queue::could_serve(&*txn, row.group_id, &settings, now).await? > 0;
                    *servable.entry(key).or_insert(online)
                }
            };
            row.left_message |= !online;
        }
        let by_agent = author.kind == AuthorKind::Agent;
        let (message, view) =
            new_message(row, message_id, author, post.body.clone(), post.client_message_id.clone(), now)?;
        if by_agent {
            note_agent_reply(row, &conversation.customer, reply_window);
        }
        if let Some(key) = key {
            written.insert(key, view.clone());
        }
        rows.push(message);
        views.push((Scope::conversation(row), view.clone()));
        results.push(Ok((view, true)));
    }
    if !rows.is_empty() {
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            message::Entity::insert_many(chunk.iter().cloned()).exec_without_returning(&*txn).await?;
        }
        let changes = views.iter().map(|(scope, view)| (*scope, Change::MessageCreated(view))).collect();
        record::record_all(&*txn, changes).await?;
        let changed: Vec<conversation::ActiveModel> = touched
            .into_values()
            .filter(|conversation| conversation.now != conversation.before)
            .map(|conversation| conversation.now.into_active_model().reset_all())
            .collect();
        chats::save_all(&*txn, changed).await?;
    }
    txn.commit().await?;
    Ok(results)
}

/// A new message at the end of `conversation`, whose counters it moves on.
fn new_message(
    conversation: &mut conversation::Model,
    id: Uuid,
    author: Author,
    body: MessageBody,
    client_message_id: Option<String>,
    now: DateTime<Utc>,
) -> Result<(message::ActiveModel, Message)> {
    let seq = conversation.next_seq;
    conversation.next_seq += 1;
    match author.kind {
        AuthorKind::Customer => {
            conversation.customer_messages += 1;
            conversation.unanswered += 1;
        }
        AuthorKind::Agent => {
            conversation.agent_messages += 1;
            conversation.unanswered = 0;
            if conversation.first_response_at.is_none() {
                conversation.first_response_at = Some(now);
                let waited = (now - conversation.entered_at).num_milliseconds().max(0) as f64 / 1000.0;
                metrics::histogram!("livechat_first_response_seconds").record(waited);
            }
        }
        AuthorKind::Bot | AuthorKind::System => {}
    }
    conversation.last_message_preview = Some(body.preview());
    conversation.last_message_at = Some(now);
    let json = serde_json::to_value(&body).map_err(|error| Error::Internal(format!("message body: {error}")))?;
    let row = message::ActiveModel {
        id: Set(id),
        conversation_id: Set(conversation.id),
        seq: Set(seq),
        author_kind: Set(author.kind),
        author_id: Set(author.agent.as_ref().map(|agent| agent.id)),
        kind: Set(body.kind()),
        body: Set(json),
        client_message_id: Set(client_message_id.clone()),
        created_at: Set(now),
    };
    let view = Message {
        id,
        conversation_id: conversation.id,
        seq,
        author_kind: author.kind.into(),
        author: author.agent,
        content: body.into(),
        client_message_id,
        created_at: now,
    };
    Ok((row, view))
}
