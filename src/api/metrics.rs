//! Prometheus metrics for operators, at `GET /metrics` on their own address
//! (`metrics_bind`), never on the public one. Counters and histograms are recorded
//! where things happen; the outbox backlog, presence and the database pool are read
//! when the metrics are scraped.

use std::sync::{Arc, OnceLock};

use chrono::Utc;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use poem::{Endpoint, EndpointExt, Route, get, handler, web::Data};

use super::AppState;
use crate::domain::{DeliveryKind, DeliveryStatus, Presence};
use crate::service::stats;

const SECONDS: &[f64] = &[0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];
/// Waits that people feel: a customer's wait for an agent and for a first answer.
const HUMAN_SECONDS: &[f64] = &[1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0];
const SIZES: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];

static RECORDER: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's Prometheus recorder, installed on first use; `None` when another
/// recorder was installed first.
pub fn recorder() -> Option<&'static PrometheusHandle> {
    RECORDER
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full("livechat_wait_seconds".into()), HUMAN_SECONDS)
                .and_then(|builder| {
                    builder
                        .set_buckets_for_metric(Matcher::Full("livechat_first_response_seconds".into()), HUMAN_SECONDS)
                })
                .and_then(|builder| builder.set_buckets_for_metric(Matcher::Suffix("_seconds".into()), SECONDS))
                .and_then(|builder| builder.set_buckets_for_metric(Matcher::Suffix("_size".into()), SIZES))
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            Some(handle)
        })
        .as_ref()
}

/// The metrics endpoint.
pub fn routes(state: Arc<AppState>, handle: &'static PrometheusHandle) -> impl Endpoint<Output = poem::Response> {
    Route::new().at("/metrics", get(scrape)).data(state).data(handle).map_to_response()
}

#[handler]
async fn scrape(state: Data<&Arc<AppState>>, handle: Data<&&'static PrometheusHandle>) -> poem::Response {
    match stats::snapshot(&state.services).await {
        Ok(snapshot) => record_snapshot(&snapshot),
        Err(error) => tracing::warn!(%error, "cannot read the figures for the metrics"),
    }
    handle.run_upkeep();
    poem::Response::builder().content_type("text/plain; version=0.0.4; charset=utf-8").body(handle.render())
}

fn record_snapshot(snapshot: &stats::Snapshot) {
    let now = Utc::now();
    // Every kind and status, so a backlog that emptied reads 0 rather than its last value.
    for kind in DeliveryKind::ALL {
        for status in [DeliveryStatus::Pending, DeliveryStatus::Failed] {
            let backlog = snapshot.outbox.iter().find(|backlog| backlog.kind == *kind && backlog.status == status);
            let rows = backlog.map_or(0, |backlog| backlog.rows);
            metrics::gauge!("livechat_outbox_rows", "kind" => kind.as_str(), "status" => status.as_str())
                .set(rows as f64);
            if status == DeliveryStatus::Pending {
                let oldest = backlog.and_then(|backlog| backlog.oldest);
                let age = oldest.map_or(0.0, |oldest| (now - oldest).num_milliseconds().max(0) as f64 / 1000.0);
                metrics::gauge!("livechat_outbox_oldest_pending_age_seconds", "kind" => kind.as_str()).set(age);
            }
        }
    }
    for presence in Presence::ALL {
        let agents = snapshot.agents.iter().find(|(other, _)| other == presence).map_or(0, |(_, agents)| *agents);
        metrics::gauge!("livechat_agents", "presence" => presence.as_str()).set(agents as f64);
    }
    metrics::gauge!("livechat_customers_online").set(snapshot.customers_online as f64);
    let (open, idle) = snapshot.pool;
    metrics::gauge!("livechat_db_pool_connections", "state" => "in_use").set(f64::from(open) - idle as f64);
    metrics::gauge!("livechat_db_pool_connections", "state" => "idle").set(idle as f64);
}
