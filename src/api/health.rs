//! Liveness and readiness.

use std::sync::Arc;

use poem::web::Data;
use poem_openapi::types::Example;
use poem_openapi::{ApiResponse, Enum, Object, OpenApi, payload::Json};

use super::{AppState, Tag};
use crate::workers::WorkerState;

/// Liveness.
#[derive(Debug, Object)]
#[oai(example)]
pub struct HealthStatus {
    /// `ok`.
    pub status: String,
}

/// Where a background worker stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Enum)]
#[oai(rename_all = "snake_case")]
pub enum WorkerCondition {
    Running,
    /// It died and is about to be started again.
    Restarting,
    /// It died too often and stays down.
    Failed,
    Stopped,
}

/// A background worker of this process.
#[derive(Debug, Object)]
pub struct WorkerHealth {
    /// `event-tailer`, `message-writer`, `memory`, `event-listener` (PostgreSQL),
    /// `outbox`, `housekeeping`, `presence`, `event-retention`.
    pub name: String,
    pub state: WorkerCondition,
    /// Why it is down, while it is.
    pub reason: Option<String>,
}

/// Readiness: the database and every worker.
#[derive(Debug, Object)]
#[oai(example)]
pub struct Readiness {
    /// `ok`, or what is wrong: the database, or the names of the workers that are down.
    pub status: String,
    pub workers: Vec<WorkerHealth>,
}

#[derive(ApiResponse)]
pub enum ReadyResponse {
    /// The server can serve requests: its database answers and its workers run.
    #[oai(status = 200)]
    Ready(Json<Readiness>),
    /// The database does not answer, or a worker is down.
    #[oai(status = 503)]
    NotReady(Json<Readiness>),
}

fn health_of(name: &str, state: WorkerState) -> WorkerHealth {
    let (state, reason) = match state {
        WorkerState::Running => (WorkerCondition::Running, None),
        WorkerState::Restarting { reason, .. } => (WorkerCondition::Restarting, Some(reason)),
        WorkerState::Failed { reason } => (WorkerCondition::Failed, Some(reason)),
        WorkerState::Stopped => (WorkerCondition::Stopped, None),
    };
    WorkerHealth { name: name.to_owned(), state, reason }
}

pub struct HealthApi;

#[OpenApi(tag = "Tag::Health")]
impl HealthApi {
    /// Liveness: the process answers
    #[oai(path = "/health/live", method = "get", operation_id = "health_live")]
    async fn live(&self) -> Json<HealthStatus> {
        Json(HealthStatus { status: "ok".into() })
    }

    /// Readiness: the process, its database and its workers answer
    ///
    /// 503 while the database does not answer or a background worker is down (between
    /// its death and its restart, or for good once it kept dying); `status` names them.
    #[oai(path = "/health/ready", method = "get", operation_id = "health_ready")]
    async fn ready(&self, state: Data<&Arc<AppState>>) -> ReadyResponse {
        let workers: Vec<WorkerHealth> =
            state.services.workers.states().into_iter().map(|(name, state)| health_of(name, state)).collect();
        let mut problems: Vec<String> = workers
            .iter()
            .filter(|worker| matches!(worker.state, WorkerCondition::Restarting | WorkerCondition::Failed))
            .map(|worker| format!("worker {} is down", worker.name))
            .collect();
        if let Err(error) = state.services.store.ping().await {
            tracing::warn!(%error, "readiness check failed");
            problems.insert(0, "database unavailable".into());
        }
        if problems.is_empty() {
            ReadyResponse::Ready(Json(Readiness { status: "ok".into(), workers }))
        } else {
            ReadyResponse::NotReady(Json(Readiness { status: problems.join("; "), workers }))
        }
    }
}

impl Example for HealthStatus {
    fn example() -> Self {
        Self { status: "ok".into() }
    }
}

impl Example for Readiness {
    fn example() -> Self {
        let running = |name: &str| WorkerHealth { name: name.into(), state: WorkerCondition::Running, reason: None };
        Self { status: "ok".into(), workers: vec![running("event-tailer"), running("outbox")] }
    }
}
