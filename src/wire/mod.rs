//! The contract's types: the values requests carry, with the rule each must meet, and
//! the resources and event data that REST bodies, streams and webhooks carry, one type
//! each. They sit under the service, so a use case takes checked values and returns
//! what the API sends, and the spec describes each of them once.

pub mod admin;
pub mod events;
mod examples;
pub mod reports;
pub mod resources;
pub mod values;
pub mod variables;

pub use admin::*;
pub use events::*;
pub use resources::*;
pub use variables::{ProcessVariables, VariableFacts};

/// Declares an API enum mirroring a domain enum, with conversions both ways.
macro_rules! mirror_enum {
    ($(#[$meta:meta])* $name:ident = $domain:path { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, ::poem_openapi::Enum)]
        #[oai(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl From<$domain> for $name {
            fn from(value: $domain) -> Self {
                match value { $(<$domain>::$variant => Self::$variant),+ }
            }
        }

        impl From<$name> for $domain {
            fn from(value: $name) -> Self {
                match value { $($name::$variant => Self::$variant),+ }
            }
        }
    };
}
pub(crate) use mirror_enum;
