//! sea-orm entities: one file per table, no behaviour beyond the mapping.

pub mod agent;
pub mod agent_group;
pub mod api_key;
pub mod attachment;
pub mod canned_response;
pub mod conversation;
pub mod conversation_tag;
pub mod customer;
pub mod event;
pub mod event_log_state;
pub mod group;
pub mod idempotency_key;
pub mod message;
pub mod module;
pub mod module_version;
pub mod note;
pub mod outbox;
pub mod outbox_attempt;
pub mod presence_lease;
pub mod tag;
pub mod webhook_endpoint;
