//! Background work, supervised in one place. Every task the server runs on its own
//! (the event tailer, the message writer, the outbox, housekeeping, presence,
//! retention) is started here, so that it is named, watched and joined on shutdown.
//! Open streams are no tasks of their own: they are their responses' futures, and end
//! with the shutdown token.
//!
//! A worker that panics, or returns before shutdown, is logged and restarted after a
//! growing pause; one that keeps failing is given up on. While a worker is down,
//! readiness names it.

use std::collections::BTreeMap;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use tokio::sync::watch;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How a worker is restarted after it dies.
#[derive(Debug, Clone, Copy)]
pub struct RestartPolicy {
    /// Restarts in a row before the worker is given up on.
    pub max_restarts: u32,
    /// The pause before the first restart; it doubles with each failure in a row.
    pub first_pause: Duration,
    pub max_pause: Duration,
    /// A run this long counts as healthy: the next failure starts the count again.
    pub healthy_after: Duration,
}

impl Default for RestartPolicy {
    fn default() -> Self {
        Self {
            max_restarts: 5,
            first_pause: Duration::from_secs(1),
            max_pause: Duration::from_secs(60),
            healthy_after: Duration::from_secs(60),
        }
    }
}

/// Where a worker stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkerState {
    Running,
    /// Died and waits to be started again.
    Restarting {
        failures: u32,
        reason: String,
    },
    /// Died too often; it stays down until the process restarts.
    Failed {
        reason: String,
    },
    /// Ended with the process.
    Stopped,
}

impl WorkerState {
    pub fn is_up(&self) -> bool {
        matches!(self, Self::Running | Self::Stopped)
    }
}

/// The supervisor. Cloning it gives another handle to the same workers.
#[derive(Clone)]
pub struct Workers {
    inner: Arc<Inner>,
}

struct Inner {
    tracker: TaskTracker,
    shutdown: CancellationToken,
    /// Every worker's state; a watch, so that one can wait for a change.
    states: watch::Sender<BTreeMap<&'static str, WorkerState>>,
    policy: RestartPolicy,
}

impl Workers {
    pub fn new(policy: RestartPolicy) -> Self {
        let inner = Inner {
            tracker: TaskTracker::new(),
            shutdown: CancellationToken::new(),
            states: watch::Sender::new(BTreeMap::new()),
            policy,
        };
        Self { inner: Arc::new(inner) }
    }

    /// Cancelled when the process shuts down.
    pub fn shutdown(&self) -> &CancellationToken {
        &self.inner.shutdown
    }

    /// Starts a named worker under the default restart policy. `run` is called for every
    /// (re)start; it should return once the token is cancelled.
    pub fn spawn<F, Fut>(&self, name: &'static str, run: F)
    where
        F: Fn(CancellationToken) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.spawn_with(name, self.inner.policy, run);
    }

    /// Starts a named worker under `policy`.
    pub fn spawn_with<F, Fut>(&self, name: &'static str, policy: RestartPolicy, run: F)
    where
        F: Fn(CancellationToken) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let inner = self.inner.clone();
        inner.set(name, WorkerState::Running);
        self.inner.tracker.spawn(async move {
            let mut failures = 0u32;
            loop {
                let started = Instant::now();
                let outcome = AssertUnwindSafe(run(inner.shutdown.clone())).catch_unwind().await;
                if inner.shutdown.is_cancelled() {
                    inner.set(name, WorkerState::Stopped);
                    return;
                }
                let reason = match outcome {
                    Ok(()) => "it stopped by itself".to_owned(),
                    Err(panic) => format!("it panicked: {}", panic_message(panic.as_ref())),
                };
                if started.elapsed() >= policy.healthy_after {
                    failures = 0;
                }
                failures += 1;
                if failures > policy.max_restarts {
                    tracing::error!(worker = name, %reason, failures, "a worker keeps failing; it stays down");
                    inner.set(name, WorkerState::Failed { reason });
                    return;
                }
                tracing::error!(worker = name, %reason, failures, "a worker died; restarting it");
                inner.set(name, WorkerState::Restarting { failures, reason });
                let pause = policy.first_pause.saturating_mul(1 << (failures - 1).min(16)).min(policy.max_pause);
                tokio::select! {
                    () = tokio::time::sleep(pause) => inner.set(name, WorkerState::Running),
                    () = inner.shutdown.cancelled() => {
                        inner.set(name, WorkerState::Stopped);
                        return;
                    }
                }
            }
        });
    }

    /// Every worker and where it stands, by name.
    pub fn states(&self) -> Vec<(&'static str, WorkerState)> {
        self.inner.states.borrow().iter().map(|(name, state)| (*name, state.clone())).collect()
    }

    /// Waits until the worker `name` is in a state that `wanted` accepts, and returns it.
    pub async fn wait_for(&self, name: &str, wanted: impl Fn(&WorkerState) -> bool) -> WorkerState {
        let mut states = self.inner.states.subscribe();
        let found = states.wait_for(|states| states.get(name).is_some_and(&wanted)).await;
        // The sender lives as long as `self`, so the wait ends only with a match.
        found.map(|states| states.get(name).cloned()).ok().flatten().unwrap_or(WorkerState::Stopped)
    }

    /// Tells every worker and stream to stop.
    pub fn shut_down(&self) {
        self.inner.shutdown.cancel();
        self.inner.tracker.close();
    }

    /// Waits for every worker and stream to end, at most `limit`; false if some did not.
    pub async fn join(&self, limit: Duration) -> bool {
        self.shut_down();
        tokio::time::timeout(limit, self.inner.tracker.wait()).await.is_ok()
    }
}

impl Inner {
    fn set(&self, name: &'static str, state: WorkerState) {
        self.states.send_modify(|states| {
            states.insert(name, state);
        });
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    match (panic.downcast_ref::<&str>(), panic.downcast_ref::<String>()) {
        (Some(message), _) => (*message).to_owned(),
        (None, Some(message)) => message.clone(),
        (None, None) => "a panic without a message".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use super::*;

    fn quick(max_restarts: u32) -> RestartPolicy {
        RestartPolicy {
            max_restarts,
            first_pause: Duration::from_millis(1),
            max_pause: Duration::from_millis(5),
            healthy_after: Duration::from_secs(60),
        }
    }

    async fn state_becomes(workers: &Workers, name: &str, wanted: impl Fn(&WorkerState) -> bool) -> WorkerState {
        for _ in 0..500 {
            if let Some((_, state)) = workers.states().into_iter().find(|(n, _)| *n == name)
                && wanted(&state)
            {
                return state;
            }
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        panic!("{name} never reached the expected state: {:?}", workers.states());
    }

    #[tokio::test]
    async fn a_worker_that_panics_is_restarted() {
        let workers = Workers::new(quick(3));
        let runs = Arc::new(AtomicU32::new(0));
        let counted = runs.clone();
        workers.spawn("flaky", move |shutdown| {
            let run = counted.fetch_add(1, Ordering::SeqCst);
            async move {
                assert!(run > 0, "the first run fails");
                shutdown.cancelled().await;
            }
        });
        state_becomes(&workers, "flaky", |_| runs.load(Ordering::SeqCst) == 2).await;
        assert_eq!(state_becomes(&workers, "flaky", WorkerState::is_up).await, WorkerState::Running);
        assert!(workers.join(Duration::from_secs(1)).await);
        assert_eq!(workers.states(), vec![("flaky", WorkerState::Stopped)]);
    }

    #[tokio::test]
    async fn a_worker_that_keeps_dying_is_given_up_with_its_reason() {
        let workers = Workers::new(quick(2));
        workers.spawn("doomed", |_| async { panic!("the disk is on fire") });
        let state = state_becomes(&workers, "doomed", |state| matches!(state, WorkerState::Failed { .. })).await;
        assert_eq!(state, WorkerState::Failed { reason: "it panicked: the disk is on fire".into() });
    }

    #[tokio::test]
    async fn a_worker_that_returns_early_counts_as_dead() {
        let workers = Workers::new(quick(0));
        workers.spawn("quitter", |_| async {});
        let state = state_becomes(&workers, "quitter", |state| !state.is_up()).await;
        assert_eq!(state, WorkerState::Failed { reason: "it stopped by itself".into() });
    }
}
