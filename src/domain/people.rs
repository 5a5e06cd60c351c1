//! Agents' roles and presence, and the limits on who the bot platform names.

use super::{Error, string_enum};

/// The longest external id, display name or process reference the bot platform gives.
pub const MAX_ID_LEN: usize = 200;
/// The most groups one agent is a member of.
pub const MAX_GROUPS_PER_AGENT: usize = 50;
/// The external id of an erased customer starts with this; their tokens stop working.
pub const ERASED_PREFIX: &str = "erased:";

string_enum!(
    /// What an agent may do: `admin` adds the administration operations.
    Role { Agent => "agent", Admin => "admin" }
);

string_enum!(
    /// Whether an agent takes conversations now.
    Presence { Online => "online", Away => "away", Offline => "offline" }
);

/// A new password's length, in characters.
pub const MIN_PASSWORD_LEN: usize = 10;
pub const MAX_PASSWORD_LEN: usize = 256;

/// Checks a new password: 10 to 256 characters.
pub fn password(value: &str) -> Result<(), Error> {
    let length = value.chars().count();
    if !(MIN_PASSWORD_LEN..=MAX_PASSWORD_LEN).contains(&length) {
        return Err(Error::invalid(format!("a password must be {MIN_PASSWORD_LEN} to {MAX_PASSWORD_LEN} characters")));
    }
    Ok(())
}
