//! Database migrations, run at start-up by the server (`livechat migrate` runs them alone).

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_initial;
mod m20261126_000002_realtime;
mod m20261126_000003_outbox;
mod m20261126_000004_indexes;
mod m20261126_000005_waiting_since;
mod m20261129_000006_event_agent;
mod m20261129_000007_presence_indexes;
mod m20261130_000008_idempotency_keys;
mod m20261130_000009_routing;
mod m20261130_000010_event_group;
mod m20261130_000011_wait_index;
mod m20261130_000012_released_by;
mod m20261206_000013_routing_index;
mod m20261207_000014_queue_order_index;
mod m20261207_000015_event_left_group;
mod m20261207_000016_working_day;
mod m20261207_000017_tags;
mod m20261207_000018_search;
mod m20261207_000019_ratings;
mod m20261207_000020_report_indexes;
mod m20261208_000021_attachments;
mod m20261208_000022_shared_limits;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_initial::Migration),
            Box::new(m20261126_000002_realtime::Migration),
            Box::new(m20261126_000003_outbox::Migration),
            Box::new(m20261126_000004_indexes::Migration),
            Box::new(m20261126_000005_waiting_since::Migration),
            Box::new(m20261129_000006_event_agent::Migration),
            Box::new(m20261129_000007_presence_indexes::Migration),
            Box::new(m20261130_000008_idempotency_keys::Migration),
            Box::new(m20261130_000009_routing::Migration),
            Box::new(m20261130_000010_event_group::Migration),
            Box::new(m20261130_000011_wait_index::Migration),
            Box::new(m20261130_000012_released_by::Migration),
            Box::new(m20261206_000013_routing_index::Migration),
            Box::new(m20261207_000014_queue_order_index::Migration),
            Box::new(m20261207_000015_event_left_group::Migration),
            Box::new(m20261207_000016_working_day::Migration),
            Box::new(m20261207_000017_tags::Migration),
            Box::new(m20261207_000018_search::Migration),
            Box::new(m20261207_000019_ratings::Migration),
            Box::new(m20261207_000020_report_indexes::Migration),
            Box::new(m20261208_000021_attachments::Migration),
            Box::new(m20261208_000022_shared_limits::Migration),
        ]
    }
}
