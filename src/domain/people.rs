//! Agents' roles, presence and what each sees, and the limits on who the bot platform
//! names.

use std::collections::HashSet;

use uuid::Uuid;

use super::{Error, string_enum};

/// The longest external id, display name or process reference the bot platform gives.
pub const MAX_ID_LEN: usize = 200;
/// The most groups one agent is a member of.
pub const MAX_GROUPS_PER_AGENT: usize = 50;
/// The external id of an erased customer starts with this; their tokens stop working.
pub const ERASED_PREFIX: &str = "erased:";

string_enum!(
    /// What an agent may do and see: an `agent` sees the conversations of no group, of
    /// their groups and those they serve; a `supervisor` sees every group's; an `admin`
    /// sees every group's and administers the server.
    Role { Agent => "agent", Supervisor => "supervisor", Admin => "admin" }
);

impl Role {
    /// Whether this role sees the conversations of every group.
    pub fn sees_every_group(self) -> bool {
        matches!(self, Self::Supervisor | Self::Admin)
    }
}

/// Which conversations an agent sees, on every road: the Live list, a conversation and
/// its messages by id, and each stream's events (live and replayed). Outsiders are told
/// "not found", so ids of other departments do not leak.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sight {
    /// Supervisors and admins: every conversation.
    Everything,
    /// An agent: conversations of no group, of `groups`, and those `agent_id` serves.
    Departments { agent_id: Uuid, groups: HashSet<Uuid> },
}

impl Sight {
    /// Whether a conversation of `group_id`, served by `agent_id`, is in sight.
    pub fn sees(&self, agent_id: Option<Uuid>, group_id: Option<Uuid>) -> bool {
        match self {
            Self::Everything => true,
            Self::Departments { agent_id: me, groups } => {
                group_id.is_none_or(|group_id| groups.contains(&group_id)) || agent_id == Some(*me)
            }
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_agent_sees_no_group_their_groups_and_their_own_chats() {
        let (me, other, mine, theirs) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let sight = Sight::Departments { agent_id: me, groups: HashSet::from([mine]) };
        assert!(sight.sees(None, None));
        assert!(sight.sees(Some(other), None));
        assert!(sight.sees(None, Some(mine)));
        assert!(!sight.sees(None, Some(theirs)));
        assert!(!sight.sees(Some(other), Some(theirs)));
        assert!(sight.sees(Some(me), Some(theirs)), "a chat they serve stays in sight");
        assert!(Sight::Everything.sees(Some(other), Some(theirs)));
        assert!(Role::Supervisor.sees_every_group() && Role::Admin.sees_every_group());
        assert!(!Role::Agent.sees_every_group());
    }
}
