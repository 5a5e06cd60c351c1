//! Integration tests: each starts the real server on a random port and talks HTTP to it.
//! With `TEST_DATABASE_URL=postgres://…` every test gets its own PostgreSQL database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod access;
mod admin;
mod bad_input;
mod canned;
mod chat;
mod contract;
mod departments;
mod email_rule;
mod entries;
mod event_log;
mod feedback;
mod files;
mod helpers;
mod history;
mod idempotency;
mod layers;
mod live_list;
mod metrics;
mod notes;
mod operations;
mod ordering;
mod outage;
mod outbox;
mod presence;
mod processes;
mod rate_limits;
mod receivers;
mod reports;
mod routing;
mod sse;
mod streams;
mod tags;
mod transport;
mod workers;
