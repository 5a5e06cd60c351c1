//! The server's own work on conversations: batched reply notifications by email and
//! timeouts. Every process runs it; each change is one write transaction that checks
//! the row again, so two processes never act twice.

use std::time::Duration;

use chrono::Utc;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::views::{self, MessageView};
use super::{Result, Store, conversations};
use crate::domain::{Actor, AuthorKind, Exit, ExitReason, MessageBody, Status, chrono_duration};
use crate::entities::{agent, conversation, customer, message};
use crate::outbox::{self, email::Email};

const BATCH: u64 = 50;

#[derive(Debug, Clone)]
pub struct Housekeeping {
    /// The link back to the chat; `{conversation_id}` and `{customer_id}` are replaced.
    pub chat_url_template: String,
    pub email_give_up_after: Duration,
    /// End waiting conversations nobody takes within this time (unless the customer left a message).
    pub waiting_timeout: Option<Duration>,
    /// End active conversations silent this long.
    pub active_timeout: Option<Duration>,
}

/// Starts the batching window of a reply notification when an agent writes to a
/// customer who is away and has an email (and is not blocked); the caller saves `row`.
pub fn note_agent_reply(row: &mut conversation::Model, customer: &customer::Model, window: Duration) {
    let reachable = row.email.is_some() || customer.email.is_some();
    if reachable && !customer.online && !customer.blocked && row.notify_due_at.is_none() {
        row.notify_due_at = Some(Utc::now() + chrono_duration(window));
    }
}

impl Housekeeping {
    pub fn start(self, store: Store, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        tokio::spawn(async move {
            loop {
                if let Err(error) = self.run_once(&store).await {
                    tracing::warn!(%error, "housekeeping round failed");
                }
                tokio::select! {
                    _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                    _ = shutdown.changed() => return,
                }
            }
        });
    }

    pub async fn run_once(&self, store: &Store) -> Result<()> {
        self.send_due_notifications(store).await?;
        self.end_timed_out(store).await
    }

    async fn send_due_notifications(&self, store: &Store) -> Result<()> {
        let due: Vec<Uuid> = conversation::Entity::find()
            .select_only()
            .column(conversation::Column::Id)
            .filter(conversation::Column::NotifyDueAt.lte(Utc::now()))
            .limit(BATCH)
            .into_tuple()
            .all(store.db())
            .await?;
        for id in due {
            self.notify(store, id).await?;
        }
        Ok(())
    }

    /// Emails the replies the customer has not seen (nor been told about), once.
    async fn notify(&self, store: &Store, id: Uuid) -> Result<()> {
        let txn = store.write().await?;
        let Some(mut row) = conversation::Entity::find_by_id(id).one(&*txn).await? else { return Ok(()) };
        if row.notify_due_at.is_none_or(|due| due > Utc::now()) {
            return Ok(());
        }
        row.notify_due_at = None;
        let customer = customer::Entity::find_by_id(row.customer_id).one(&*txn).await?;
        let after = row.notified_through_seq.max(row.customer_seen_seq);
        let rows = message::Entity::find()
            .filter(message::Column::ConversationId.eq(id))
            .filter(message::Column::AuthorKind.eq(AuthorKind::Agent.as_str()))
            .filter(message::Column::Seq.gt(after))
            .order_by_asc(message::Column::Seq)
            .all(&*txn)
            .await?;
        let mut replies = views::messages(&*txn, rows).await?;
        // Only words and articles make sense in an email; an animation alone sends none.
        replies.retain(|reply| matches!(reply.body, MessageBody::Text { .. } | MessageBody::Article { .. }));
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
        conversations::save(&*txn, row).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn render(
        &self,
        conn: &impl ConnectionTrait,
        row: &conversation::Model,
        customer: &customer::Model,
        address: &str,
        replies: &[MessageView],
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
        let mut text = format!("Hello {},\n\n{agent_name} replied to your message:\n\n", customer.display_name);
        let mut html = format!(
            "<p>Hello {},</p><p>{} replied to your message:</p><ul>",
            escape(&customer.display_name),
            escape(&agent_name)
        );
        for reply in replies {
            match &reply.body {
                MessageBody::Text { text: said } => {
                    text.push_str(&format!("  {said}\n\n"));
                    html.push_str(&format!("<li>{}</li>", escape(said).replace('\n', "<br>")));
                }
                MessageBody::Article { title, url, .. } => {
                    text.push_str(&format!("  {title}: {url}\n\n"));
                    html.push_str(&format!("<li><a href=\"{}\">{}</a></li>", escape(url), escape(title)));
                }
                _ => {}
            }
        }
        text.push_str(&format!("Continue the conversation: {link}\n"));
        html.push_str(&format!("</ul><p><a href=\"{}\">Continue the conversation</a></p>", escape(&link)));
        Ok(Email { to: address.to_owned(), subject: format!("{agent_name} replied to your message"), text, html })
    }

    async fn end_timed_out(&self, store: &Store) -> Result<()> {
        let now = Utc::now();
        let mut candidates: Vec<Uuid> = Vec::new();
        if let Some(waiting) = self.waiting_timeout {
            let cutoff = now - chrono_duration(waiting);
            let stale: Vec<Uuid> = conversation::Entity::find()
                .select_only()
                .column(conversation::Column::Id)
                .filter(conversation::Column::Status.eq(Status::Waiting.as_str()))
                .filter(conversation::Column::LeftMessage.eq(false))
                .filter(conversation::Column::WaitingSince.lt(cutoff))
                .limit(BATCH)
                .into_tuple()
                .all(store.db())
                .await?;
            candidates.extend(stale);
        }
        if let Some(active) = self.active_timeout {
            let cutoff = now - chrono_duration(active);
            let silent: Vec<Uuid> = conversation::Entity::find()
                .select_only()
                .column(conversation::Column::Id)
                .filter(conversation::Column::Status.eq(Status::Active.as_str()))
                .filter(conversation::Column::ClaimedAt.lt(cutoff))
                .filter(
                    Condition::any()
                        .add(conversation::Column::LastMessageAt.is_null())
                        .add(conversation::Column::LastMessageAt.lt(cutoff)),
                )
                .limit(BATCH)
                .into_tuple()
                .all(store.db())
                .await?;
            candidates.extend(silent);
        }
        for id in candidates {
            self.time_out(store, id).await?;
        }
        Ok(())
    }

    async fn time_out(&self, store: &Store, id: Uuid) -> Result<()> {
        let now = Utc::now();
        let txn = store.write().await?;
        let Some(row) = conversation::Entity::find_by_id(id).one(&*txn).await? else { return Ok(()) };
        let since = |timeout: Option<Duration>| timeout.map(|t| now - chrono_duration(t));
        let expired = match views::status_of(&row)? {
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
        conversations::finish(&*txn, row, Actor::System, Exit { reason: ExitReason::Timeout, target: None }).await?;
        txn.commit().await?;
        Ok(())
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
