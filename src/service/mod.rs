//! Use cases: each public function is one thing a caller can do, run in one
//! transaction, with its authorisation decided here. Nothing here knows about HTTP.
//!
//! Use cases do not call each other: what two of them share lives in [`core`].

pub mod core;

pub mod agents;
pub mod api_keys;
pub mod attachments;
pub mod canned;
pub mod conversations;
pub mod customers;
pub mod entries;
pub mod history;
pub mod housekeeping;
pub mod limits;
pub mod messages;
pub mod modules;
pub mod notes;
pub mod ratings;
pub mod reports;
pub mod routing;
pub mod stats;
pub mod streams;
pub mod tags;
pub mod transcripts;
pub mod webhooks;

pub use self::core::{AgentCaller, Caller, Cursor, Error, Page, Result, Services, Tokens};
