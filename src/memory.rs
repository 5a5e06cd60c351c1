//! Giving freed memory back to the system. glibc's allocator keeps the memory a burst of
//! connections freed: after 19,000 streams closed, the server stayed at 700 MiB
//! resident. Once many streams have ended, the server asks it to return its free pages
//! (`malloc_trim`); that took a server from 407 MiB back to 75 MiB after 10,000 streams.
//! It does so once after starting up too, which leaves a few MiB free.

use std::sync::Arc;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use crate::events::hub::Hub;

/// Streams ended since the last trim that make the next one worth its few milliseconds.
const ENDED_STREAMS: u64 = 1_000;
const CHECK_EVERY: Duration = Duration::from_secs(5);

/// Returns freed memory to the system whenever enough streams have ended, until
/// `shutdown`: the memory worker.
pub async fn return_freed(hub: Arc<Hub>, shutdown: CancellationToken) {
    let mut trimmed_at: Option<u64> = None;
    let mut every = tokio::time::interval_at(tokio::time::Instant::now() + CHECK_EVERY, CHECK_EVERY);
    loop {
        tokio::select! {
            _ = every.tick() => {}
            () = shutdown.cancelled() => return,
        }
        let ended = hub.streams_ended();
        // The first check also returns what starting up freed (migrations, the spec).
        if trimmed_at.is_none_or(|at| ended - at >= ENDED_STREAMS) {
            trimmed_at = Some(ended);
            if let Err(error) = tokio::task::spawn_blocking(trim).await {
                tracing::warn!(%error, "returning freed memory failed");
            }
        }
    }
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
fn trim() {
    // SAFETY: malloc_trim has no preconditions; glibc locks each arena while it trims it.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn trim() {}
