//! Agents' roles and presence.

use super::string_enum;

string_enum!(
    /// What an agent may do: `admin` adds the administration operations.
    Role { Agent => "agent", Admin => "admin" }
);

string_enum!(
    /// Whether an agent takes conversations now.
    Presence { Online => "online", Away => "away", Offline => "offline" }
);
