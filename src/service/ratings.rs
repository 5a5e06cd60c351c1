//! Ratings (CSAT): when the module asks for them, the customer rates a chat an agent
//! served once it ended, and may change the rating for the module's window after the
//! first one; nothing after.

use chrono::Utc;
use uuid::Uuid;

use super::core::chats::{lock_for, save_with_event};
use super::core::record::ConversationChange;
use super::{Caller, Error, Result, Services};
use crate::domain::Status;
use crate::wire::Conversation;

/// A comment with a rating, in characters.
pub const MAX_COMMENT_LEN: usize = 1000;

/// The customer rates their chat (or changes their rating within the window).
pub async fn rate(
    services: &Services,
    customer_id: Uuid,
    id: Uuid,
    score: i32,
    comment: Option<String>,
) -> Result<Conversation> {
    let now = Utc::now();
    let txn = services.store.write().await?;
    let mut row = lock_for(&*txn, &Caller::Customer { customer_id }, id).await?;
    let Some(scale) = row.rating_scale.filter(|_| row.status == Status::Ended) else {
        return Err(Error::RatingNotAsked);
    };
    if !scale.accepts(score) {
        let range = match scale {
            crate::domain::CsatScale::GoodBad => "0 (bad) or 1 (good)",
            crate::domain::CsatScale::FivePoint => "1 to 5",
        };
        return Err(Error::invalid(format!("score must be {range} on the {} scale", scale.as_str())));
    }
    if let Some(first) = row.first_rated_at {
        let window = chrono::Duration::seconds(i64::from(row.rating_change_window_secs.unwrap_or(0)));
        if now - first >= window {
            return Err(Error::RatingClosed);
        }
    }
    row.rating_score = Some(score);
    row.rating_comment = comment;
    row.first_rated_at = row.first_rated_at.or(Some(now));
    row.rated_at = Some(now);
    let view = save_with_event(&*txn, row, ConversationChange::Rated).await?;
    txn.commit().await?;
    Ok(view.for_customer())
}
