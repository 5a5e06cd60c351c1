//! Typing indicators: not stored, and held to one per sender and conversation per interval.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use uuid::Uuid;

/// Lets through at most one typing indicator per sender and conversation per interval.
pub struct TypingLimiter {
    interval: Duration,
    last: Mutex<HashMap<(Uuid, Uuid), Instant>>,
}

impl TypingLimiter {
    const PRUNE_AT: usize = 10_000;

    pub fn new(interval: Duration) -> Self {
        Self { interval, last: Mutex::new(HashMap::new()) }
    }

    pub fn allow(&self, conversation_id: Uuid, sender: Uuid) -> bool {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if last.len() > Self::PRUNE_AT {
            last.retain(|_, at| now.duration_since(*at) < self.interval);
        }
        match last.get(&(conversation_id, sender)) {
            Some(at) if now.duration_since(*at) < self.interval => false,
            _ => {
                last.insert((conversation_id, sender), now);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_is_let_through_once_per_interval_per_sender() {
        let limiter = TypingLimiter::new(Duration::from_secs(60));
        let (conversation, ada, grace) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        assert!(limiter.allow(conversation, ada));
        assert!(!limiter.allow(conversation, ada));
        assert!(limiter.allow(conversation, grace));
        assert!(limiter.allow(Uuid::new_v4(), ada));
    }
}
