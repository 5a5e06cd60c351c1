//! The server's own work on conversations: batched reply notifications by email and
//! timeouts. Every process runs it, once a second (so a timeout fires within about a
//! second after it is due); each change is one write transaction that checks the row
//! again, locked (`FOR UPDATE`), so two processes never act twice.

use std::borrow::Cow;
use std::sync::LazyLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use minijinja::Environment;
use sea_orm::sea_query::LockType;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use tokio_util::sync::CancellationToken;
use uuid::Uuid;

use super::core::router::{Router, Was};
use super::core::views;
use super::core::{chats, files, idempotency};
use super::{Error, Result};
use crate::db::Store;
use crate::db::entities::{agent, conversation, customer, idempotency_key, message};
use crate::domain::{Actor, AuthorKind, Exit, ExitReason, Status, chrono_duration};
use crate::outbox::{self, email::Email};
use crate::wire::{ArticleContent, FileContent, Message, MessageContent, TextContent};

const BATCH: u64 = 50;
const ROUND: Duration = Duration::from_secs(1);

/// The emails' templates; the HTML ones escape what they insert.
static TEMPLATES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut templates = Environment::new();
    templates.set_trim_blocks(true);
    for (name, source) in [
        ("reply_notification.txt", include_str!("templates/reply_notification.txt")),
        ("reply_notification.html", include_str!("templates/reply_notification.html")),
        ("transcript.txt", include_str!("templates/transcript.txt")),
        ("transcript.html", include_str!("templates/transcript.html")),
    ] {
        templates.add_template(name, source).expect("the email templates parse");
    }
    templates
});

/// What the reply email shows of one reply: the lines of a text, or an article's link.
#[derive(Serialize)]
struct ReplyLines<'a> {
    lines: Vec<Cow<'a, str>>,
    title: Option<&'a str>,
    url: Option<&'a str>,
}

#[derive(Clone)]
pub struct Housekeeping {
    pub store: Store,
    /// The link back to the chat; `{conversation_id}` and `{customer_id}` are replaced.
    pub chat_url_template: String,
    pub email_give_up_after: Duration,
    /// End waiting conversations nobody takes within this time (unless the customer left a message).
    pub waiting_timeout: Option<Duration>,
    /// End active conversations silent this long.
    pub active_timeout: Option<Duration>,
    /// Told of the queues and agents a timeout frees.
    pub router: Router,
    /// Uploads no message carried in time are deleted from it.
    pub files: files::Files,
}

impl Housekeeping {
    /// Runs a round every second until `shutdown`: the housekeeping worker.
    pub async fn run(&self, shutdown: CancellationToken) {
        loop {
            if let Err(error) = self.round(Utc::now()).await {
                tracing::warn!(%error, "housekeeping round failed");
            }
            tokio::select! {
                () = tokio::time::sleep(ROUND) => {}
                () = shutdown.cancelled() => return,
            }
        }
    }

    /// Queues the reply emails and ends the conversations that are due at `now`.
    pub async fn round(&self, now: DateTime<Utc>) -> Result<()> {
        self.send_due_notifications(now).await?;
        self.send_requested_transcripts().await?;
        self.end_timed_out(now).await?;
        files::sweep_unsent(&self.store, &self.files, now).await?;
        self.forget_expired_idempotency_keys(now).await
    }

    /// Deletes expired idempotency keys, when there are any (a read first, so that an
    /// idle round does not take the write turn).
    async fn forget_expired_idempotency_keys(&self, now: DateTime<Utc>) -> Result<()> {
        let expired = idempotency_key::Entity::find()
            .filter(idempotency_key::Column::ExpiresAt.lte(now))
            .one(self.store.db())
            .await?;
        if expired.is_some() {
            idempotency::purge_expired(&self.store, now).await?;
        }
        Ok(())
    }

    async fn send_due_notifications(&self, now: DateTime<Utc>) -> Result<()> {
        let due: Vec<Uuid> = conversation::Entity::find()
            .select_only()
            .column(conversation::Column::Id)
            .filter(conversation::Column::NotifyDueAt.lte(now))
            .limit(BATCH)
            .into_tuple()
            .all(self.store.db())
            .await?;
        for id in due {
            self.notify(id, now).await?;
        }
        Ok(())
    }

    async fn send_requested_transcripts(&self) -> Result<()> {
        let requested: Vec<Uuid> = conversation::Entity::find()
            .select_only()
            .column(conversation::Column::Id)
            .filter(conversation::Column::TranscriptTo.is_not_null())
            .limit(BATCH)
            .into_tuple()
            .all(self.store.db())
            .await?;
        for id in requested {
            self.send_transcript(id).await?;
        }
        Ok(())
    }

    /// Queues the transcript a customer (or an agent for them) asked for, once: the
    /// messages customers see, never internal notes.
    async fn send_transcript(&self, id: Uuid) -> Result<()> {
        let txn = self.store.write().await?;
        // Locked: of two processes, the second finds the request taken (and the row is
        // written back whole, over nothing that changed meanwhile).
        let found = conversation::Entity::find_by_id(id).lock(LockType::NoKeyUpdate).one(&*txn).await?;
        let Some(mut row) = found else { return Ok(()) };
        let Some(address) = row.transcript_to.take() else { return Ok(()) };
        let customer = customer::Entity::find_by_id(row.customer_id).one(&*txn).await?;
        if let Some(customer) = customer.filter(|customer| !customer.blocked) {
            let rows = message::Entity::find()
                .filter(message::Column::ConversationId.eq(id))
                .order_by_asc(message::Column::Seq)
                .all(&*txn)
                .await?;
            let messages = views::messages(&*txn, rows).await?;
            let email = transcript(&row, &customer, &address, &messages)?;
            outbox::enqueue_email(&*txn, &email, customer.id, row.id, "transcript", self.email_give_up_after).await?;
        }
        chats::save(&*txn, row).await?;
        txn.commit().await?;
        Ok(())
    }

    /// Emails the replies the customer has not seen (nor been told about), once.
    async fn notify(&self, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let txn = self.store.write().await?;
        // Locked: of two processes, the second finds it no longer due.
        let found = conversation::Entity::find_by_id(id).lock(LockType::NoKeyUpdate).one(&*txn).await?;
        let Some(mut row) = found else { return Ok(()) };
        if row.notify_due_at.is_none_or(|due| due > now) {
            return Ok(());
        }
        row.notify_due_at = None;
        let customer = customer::Entity::find_by_id(row.customer_id).one(&*txn).await?;
        let after = row.notified_through_seq.max(row.customer_seen_seq);
        let rows = message::Entity::find()
            .filter(message::Column::ConversationId.eq(id))
            .filter(message::Column::AuthorKind.eq(AuthorKind::Agent))
            .filter(message::Column::Seq.gt(after))
            .order_by_asc(message::Column::Seq)
            .all(&*txn)
            .await?;
        let mut replies = views::messages(&*txn, rows).await?;
        // Only words, articles and files' names make sense in an email; an animation alone sends none.
        replies.retain(|reply| {
            matches!(reply.content, MessageContent::Text(_) | MessageContent::Article(_) | MessageContent::File(_))
        });
        let address = row.email.clone().or(customer.as_ref().and_then(|c| c.email.clone()));
        match (customer, address, replies.last().map(|reply| reply.seq)) {
            (Some(customer), Some(address), Some(last)) if !customer.blocked => {
                let email = self.render(&*txn, &row, &customer, &address, &replies).await?;
                outbox::enqueue_email(
                    &*txn,
                    &email,
                    customer.id,
                    row.id,
                    "reply_notification",
                    self.email_give_up_after,
                )
                .await?;
                row.notified_through_seq = last;
            }
            _ => {}
        }
        chats::save(&*txn, row).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn render(
        &self,
        conn: &impl ConnectionTrait,
        row: &conversation::Model,
        customer: &customer::Model,
        address: &str,
        replies: &[Message],
    ) -> Result<Email> {
        let agent_name = replies.last().and_then(|reply| reply.author.as_ref()).map(|author| author.name.clone());
        let agent_name = agent_name.or(match row.agent_id {
            Some(id) => agent::Entity::find_by_id(id).one(conn).await?.map(|agent| agent.name),
            None => None,
        });
        let agent_name = agent_name.unwrap_or_else(|| "Our team".into());
        let link = self
            .chat_url_template
            .replace("{conversation_id}", &row.id.to_string())
            .replace("{customer_id}", &customer.id.to_string());
        let replies: Vec<ReplyLines<'_>> = replies
            .iter()
            .filter_map(|reply| match &reply.content {
                MessageContent::Text(TextContent { text }) => {
                    Some(ReplyLines { lines: text.lines().map(Cow::Borrowed).collect(), title: None, url: None })
                }
                MessageContent::Article(ArticleContent { title, url, .. }) => {
                    Some(ReplyLines { lines: Vec::new(), title: Some(title), url: Some(url) })
                }
                MessageContent::File(files) => Some(ReplyLines { lines: file_lines(files), title: None, url: None }),
                _ => None,
            })
            .collect();
        let context = minijinja::context! {
            customer_name => customer.display_name,
            agent_name => agent_name,
            replies => replies,
            link => link,
        };
        let render = |name: &str| {
            TEMPLATES
                .get_template(name)
                .and_then(|template| template.render(&context))
                .map_err(|error| Error::Internal(format!("rendering {name}: {error}")))
        };
        Ok(Email {
            to: address.to_owned(),
            subject: format!("{agent_name} replied to your message"),
            text: render("reply_notification.txt")?,
            html: render("reply_notification.html")?,
        })
    }

    async fn end_timed_out(&self, now: DateTime<Utc>) -> Result<()> {
        let mut candidates: Vec<Uuid> = Vec::new();
        if let Some(waiting) = self.waiting_timeout {
            let cutoff = now - chrono_duration(waiting);
            let stale: Vec<Uuid> = conversation::Entity::find()
                .select_only()
                .column(conversation::Column::Id)
                .filter(conversation::Column::Status.eq(Status::Waiting))
                .filter(conversation::Column::LeftMessage.eq(false))
                .filter(conversation::Column::WaitingSince.lt(cutoff))
                .limit(BATCH)
                .into_tuple()
                .all(self.store.db())
                .await?;
            candidates.extend(stale);
        }
        if let Some(active) = self.active_timeout {
            let cutoff = now - chrono_duration(active);
            let silent: Vec<Uuid> = conversation::Entity::find()
                .select_only()
                .column(conversation::Column::Id)
                .filter(conversation::Column::Status.eq(Status::Active))
                .filter(conversation::Column::ClaimedAt.lt(cutoff))
                .filter(
                    Condition::any()
                        .add(conversation::Column::LastMessageAt.is_null())
                        .add(conversation::Column::LastMessageAt.lt(cutoff)),
                )
                .limit(BATCH)
                .into_tuple()
                .all(self.store.db())
                .await?;
            candidates.extend(silent);
        }
        for id in candidates {
            self.time_out(id, now).await?;
        }
        Ok(())
    }

    async fn time_out(&self, id: Uuid, now: DateTime<Utc>) -> Result<()> {
        let txn = self.store.write().await?;
        // Locked: a message, claim or end meanwhile is seen here (or waits for this end).
        let found = conversation::Entity::find_by_id(id).lock(LockType::NoKeyUpdate).one(&*txn).await?;
        let Some(row) = found else { return Ok(()) };
        let since = |timeout: Option<Duration>| timeout.map(|t| now - chrono_duration(t));
        let expired = match row.status {
            Status::Waiting => {
                let waiting_since = row.waiting_since.unwrap_or(row.entered_at);
                !row.left_message && since(self.waiting_timeout).is_some_and(|cutoff| waiting_since < cutoff)
            }
            Status::Active => since(self.active_timeout).is_some_and(|cutoff| {
                row.claimed_at.is_some_and(|at| at < cutoff) && row.last_message_at.is_none_or(|at| at < cutoff)
            }),
            Status::Ended => false,
        };
        if !expired {
            return Ok(());
        }
        let was = Was::of(&row);
        let view = chats::finish(&*txn, row, Actor::System, Exit { reason: ExitReason::Timeout, target: None }).await?;
        txn.commit().await?;
        self.router.changed(&was, &view);
        Ok(())
    }
}

/// One line of a transcript: who wrote when, and the lines of a text or an article's link.
/// A file message in an email: its text, then a line per file (the files stay in the chat).
fn file_lines(files: &FileContent) -> Vec<Cow<'_, str>> {
    let mut lines: Vec<Cow<'_, str>> = files.text.iter().flat_map(|text| text.lines().map(Cow::Borrowed)).collect();
    for file in &files.attachments {
        lines.push(Cow::Owned(format!("[file: {}, {} KB]", file.name, file.size.div_ceil(1024))));
    }
    lines
}

#[derive(Serialize)]
struct TranscriptLine<'a> {
    time: String,
    author: String,
    texts: Vec<Cow<'a, str>>,
    title: Option<&'a str>,
    url: Option<&'a str>,
}

/// The transcript email: what the customer saw of the chat — their messages, agents'
/// and the bot's, with articles as links; no internal notes (which are not messages),
/// no email requests or notices of the server.
fn transcript(
    row: &conversation::Model,
    customer: &customer::Model,
    address: &str,
    messages: &[Message],
) -> Result<Email> {
    let lines: Vec<TranscriptLine<'_>> = messages
        .iter()
        .filter_map(|message| {
            let author = match message.author_kind {
                crate::wire::AuthorKind::Customer => customer.display_name.clone(),
                crate::wire::AuthorKind::Agent => {
                    message.author.as_ref().map_or_else(|| "Agent".to_owned(), |agent| agent.name.clone())
                }
                crate::wire::AuthorKind::Bot => "Bot".to_owned(),
                crate::wire::AuthorKind::System => return None,
            };
            let time = message.created_at.format("%H:%M").to_string();
            match &message.content {
                MessageContent::Text(TextContent { text }) => Some(TranscriptLine {
                    time,
                    author,
                    texts: text.lines().map(Cow::Borrowed).collect(),
                    title: None,
                    url: None,
                }),
                MessageContent::Article(ArticleContent { title, url, .. }) => {
                    Some(TranscriptLine { time, author, texts: Vec::new(), title: Some(title), url: Some(url) })
                }
                MessageContent::File(files) => {
                    Some(TranscriptLine { time, author, texts: file_lines(files), title: None, url: None })
                }
                MessageContent::History(history) => Some(TranscriptLine {
                    time,
                    author,
                    texts: history.text.lines().map(Cow::Borrowed).collect(),
                    title: None,
                    url: None,
                }),
                _ => None,
            }
        })
        .collect();
    let context = minijinja::context! {
        customer_name => customer.display_name,
        day => row.entered_at.format("%Y-%m-%d").to_string(),
        lines => lines,
    };
    let render = |name: &str| {
        TEMPLATES
            .get_template(name)
            .and_then(|template| template.render(&context))
            .map_err(|error| Error::Internal(format!("rendering {name}: {error}")))
    };
    Ok(Email {
        to: address.to_owned(),
        subject: format!("The transcript of your chat of {}", row.entered_at.format("%Y-%m-%d")),
        text: render("transcript.txt")?,
        html: render("transcript.html")?,
    })
}
