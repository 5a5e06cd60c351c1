//! The conversation state machine: `waiting` → `active` → `ended`, and who may move it.
//! Every transition in the server is checked here and nowhere else.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Error, string_enum, text};

string_enum!(
    /// Where a conversation is in its life.
    Status { Waiting => "waiting", Active => "active", Ended => "ended" }
);

string_enum!(
    /// Why a conversation ended.
    ExitReason {
        AgentEnded => "agent_ended",
        CustomerLeft => "customer_left",
        NoAgentAvailable => "no_agent_available",
        Jump => "jump",
        QuickReply => "quick_reply",
        Blocked => "blocked",
        Timeout => "timeout",
        OutsideBusinessHours => "outside_business_hours",
    }
);

string_enum!(
    /// What kind of place the bot platform continues with after the chat.
    TargetKind { ProcessModule => "process_module", Experience => "experience", Subprocess => "subprocess" }
);

/// Where the customer goes next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitTarget {
    pub kind: TargetKind,
    pub id: String,
}

impl ExitTarget {
    pub const MAX_ID_LEN: usize = 200;

    pub fn parse(kind: TargetKind, id: &str) -> Result<Self, Error> {
        text::line("target id", id, Self::MAX_ID_LEN)?;
        Ok(Self { kind, id: id.trim().to_owned() })
    }
}

/// How a conversation ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exit {
    pub reason: ExitReason,
    pub target: Option<ExitTarget>,
}

/// Who asks for a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Customer,
    Agent(Uuid),
    /// The server itself: entry rules and timeouts.
    System,
}

/// A requested change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Claim,
    Release,
    Transfer {
        to: Uuid,
    },
    /// The serving agent hands the conversation to a group: back to waiting there.
    TransferToGroup {
        group_id: Uuid,
    },
    /// The server gives a waiting conversation to an agent (automatic routing).
    Assign {
        to: Uuid,
    },
    PostMessage,
    End(Exit),
}

/// The part of a conversation the rules look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationState {
    pub status: Status,
    pub agent_id: Option<Uuid>,
}

impl ConversationState {
    pub fn waiting() -> Self {
        Self { status: Status::Waiting, agent_id: None }
    }

    /// The state after `actor` performs `action`, or the rule that forbids it.
    pub fn apply(self, actor: Actor, action: &Action) -> Result<Self, Error> {
        if self.status == Status::Ended {
            return Err(Error::ConversationEnded);
        }
        match (action, actor) {
            (Action::Claim, Actor::Agent(agent)) => match self.status {
                Status::Waiting => Ok(Self { status: Status::Active, agent_id: Some(agent) }),
                _ => Err(Error::AlreadyClaimed),
            },
            (Action::Release, Actor::Agent(agent)) => {
                self.served_by(agent)?;
                Ok(Self::waiting())
            }
            (Action::Release, Actor::System) => match self.status {
                Status::Active => Ok(Self::waiting()),
                _ => Err(Error::NotClaimed),
            },
            (Action::Transfer { to }, Actor::Agent(agent)) => {
                self.served_by(agent)?;
                if *to == agent {
                    return Err(Error::invalid("a conversation cannot be transferred to the agent who serves it"));
                }
                Ok(Self { status: Status::Active, agent_id: Some(*to) })
            }
            (Action::TransferToGroup { .. }, Actor::Agent(agent)) => {
                self.served_by(agent)?;
                Ok(Self::waiting())
            }
            (Action::Assign { to }, Actor::System) => match self.status {
                Status::Waiting => Ok(Self { status: Status::Active, agent_id: Some(*to) }),
                _ => Err(Error::AlreadyClaimed),
            },
            (Action::PostMessage, Actor::Agent(agent)) => {
                self.served_by(agent)?;
                Ok(self)
            }
            (Action::PostMessage, Actor::Customer | Actor::System) => Ok(self),
            (Action::End(exit), actor) => {
                let allowed = match (exit.reason, actor) {
                    (ExitReason::CustomerLeft | ExitReason::QuickReply, Actor::Customer) => true,
                    (ExitReason::AgentEnded | ExitReason::Jump | ExitReason::Blocked, Actor::Agent(agent)) => {
                        self.served_by(agent)?;
                        true
                    }
                    (ExitReason::NoAgentAvailable | ExitReason::OutsideBusinessHours, Actor::System) => {
                        self.status == Status::Waiting
                    }
                    (ExitReason::Timeout, Actor::System) => true,
                    _ => false,
                };
                if !allowed {
                    return Err(Error::NotAllowed("this exit is not open to this caller now"));
                }
                Ok(Self { status: Status::Ended, agent_id: self.agent_id })
            }
            (Action::Claim | Action::Release | Action::Transfer { .. } | Action::TransferToGroup { .. }, _) => {
                Err(Error::NotAllowed("only agents take over, release or transfer conversations"))
            }
            (Action::Assign { .. }, _) => Err(Error::NotAllowed("only the server assigns conversations")),
        }
    }

    fn served_by(self, agent: Uuid) -> Result<(), Error> {
        match (self.status, self.agent_id) {
            (Status::Active, Some(current)) if current == agent => Ok(()),
            (Status::Active, _) => Err(Error::NotAssigned),
            (Status::Waiting, _) => Err(Error::NotClaimed),
            (Status::Ended, _) => Err(Error::ConversationEnded),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent() -> Uuid {
        Uuid::new_v4()
    }

    fn active(agent: Uuid) -> ConversationState {
        ConversationState { status: Status::Active, agent_id: Some(agent) }
    }

    fn ended() -> ConversationState {
        ConversationState { status: Status::Ended, agent_id: None }
    }

    fn end(reason: ExitReason) -> Action {
        Action::End(Exit { reason, target: None })
    }

    #[test]
    fn an_agent_claims_a_waiting_conversation() {
        let a = agent();
        assert_eq!(ConversationState::waiting().apply(Actor::Agent(a), &Action::Claim), Ok(active(a)));
    }

    #[test]
    fn claiming_an_active_conversation_is_refused() {
        let result = active(agent()).apply(Actor::Agent(agent()), &Action::Claim);
        assert_eq!(result, Err(Error::AlreadyClaimed));
    }

    #[test]
    fn nobody_but_an_agent_claims() {
        for actor in [Actor::Customer, Actor::System] {
            assert!(matches!(ConversationState::waiting().apply(actor, &Action::Claim), Err(Error::NotAllowed(_))));
        }
    }

    #[test]
    fn the_serving_agent_releases_back_to_waiting() {
        let a = agent();
        assert_eq!(active(a).apply(Actor::Agent(a), &Action::Release), Ok(ConversationState::waiting()));
    }

    #[test]
    fn another_agent_cannot_release_or_transfer() {
        let other = Actor::Agent(agent());
        let state = active(agent());
        assert_eq!(state.apply(other, &Action::Release), Err(Error::NotAssigned));
        assert_eq!(state.apply(other, &Action::Transfer { to: agent() }), Err(Error::NotAssigned));
    }

    #[test]
    fn the_server_releases_an_active_conversation_but_not_a_waiting_one() {
        assert_eq!(active(agent()).apply(Actor::System, &Action::Release), Ok(ConversationState::waiting()));
        assert_eq!(ConversationState::waiting().apply(Actor::System, &Action::Release), Err(Error::NotClaimed));
    }

    #[test]
    fn customers_cannot_release() {
        assert!(matches!(active(agent()).apply(Actor::Customer, &Action::Release), Err(Error::NotAllowed(_))));
    }

    #[test]
    fn releasing_a_waiting_conversation_is_refused() {
        let result = ConversationState::waiting().apply(Actor::Agent(agent()), &Action::Release);
        assert_eq!(result, Err(Error::NotClaimed));
    }

    #[test]
    fn transfer_hands_the_conversation_to_the_other_agent() {
        let (a, b) = (agent(), agent());
        assert_eq!(active(a).apply(Actor::Agent(a), &Action::Transfer { to: b }), Ok(active(b)));
    }

    #[test]
    fn transfer_to_oneself_is_invalid() {
        let a = agent();
        assert!(matches!(active(a).apply(Actor::Agent(a), &Action::Transfer { to: a }), Err(Error::Invalid(_))));
    }

    #[test]
    fn customers_write_while_waiting_or_active() {
        assert!(ConversationState::waiting().apply(Actor::Customer, &Action::PostMessage).is_ok());
        assert!(active(agent()).apply(Actor::Customer, &Action::PostMessage).is_ok());
    }

    #[test]
    fn agents_write_only_where_they_serve() {
        let a = agent();
        assert!(active(a).apply(Actor::Agent(a), &Action::PostMessage).is_ok());
        assert_eq!(active(agent()).apply(Actor::Agent(a), &Action::PostMessage), Err(Error::NotAssigned));
        assert_eq!(ConversationState::waiting().apply(Actor::Agent(a), &Action::PostMessage), Err(Error::NotClaimed));
    }

    #[test]
    fn nothing_happens_to_an_ended_conversation() {
        let a = agent();
        for action in [Action::Claim, Action::Release, Action::PostMessage, end(ExitReason::AgentEnded)] {
            for actor in [Actor::Customer, Actor::Agent(a), Actor::System] {
                assert_eq!(ended().apply(actor, &action), Err(Error::ConversationEnded));
            }
        }
    }

    #[test]
    fn customers_leave_or_pick_a_quick_reply_from_any_open_state() {
        for state in [ConversationState::waiting(), active(agent())] {
            for reason in [ExitReason::CustomerLeft, ExitReason::QuickReply] {
                assert_eq!(state.apply(Actor::Customer, &end(reason)).map(|s| s.status), Ok(Status::Ended));
            }
        }
    }

    #[test]
    fn the_serving_agent_ends_jumps_or_blocks() {
        let a = agent();
        for reason in [ExitReason::AgentEnded, ExitReason::Jump, ExitReason::Blocked] {
            assert_eq!(active(a).apply(Actor::Agent(a), &end(reason)).map(|s| s.status), Ok(Status::Ended));
            assert_eq!(active(agent()).apply(Actor::Agent(a), &end(reason)), Err(Error::NotAssigned));
            assert_eq!(ConversationState::waiting().apply(Actor::Agent(a), &end(reason)), Err(Error::NotClaimed));
        }
    }

    #[test]
    fn exits_are_reserved_to_their_caller() {
        let a = agent();
        let forbidden = [
            (Actor::Customer, ExitReason::AgentEnded),
            (Actor::Customer, ExitReason::Timeout),
            (Actor::Customer, ExitReason::NoAgentAvailable),
            (Actor::Agent(a), ExitReason::CustomerLeft),
            (Actor::Agent(a), ExitReason::Timeout),
            (Actor::System, ExitReason::Jump),
        ];
        for (actor, reason) in forbidden {
            assert!(matches!(active(a).apply(actor, &end(reason)), Err(Error::NotAllowed(_))), "{actor:?} {reason}");
        }
    }

    #[test]
    fn no_agent_available_only_ends_a_waiting_conversation() {
        let exit = end(ExitReason::NoAgentAvailable);
        assert!(ConversationState::waiting().apply(Actor::System, &exit).is_ok());
        assert!(active(agent()).apply(Actor::System, &exit).is_err());
    }

    #[test]
    fn timeouts_end_waiting_and_active_conversations() {
        let exit = end(ExitReason::Timeout);
        assert!(ConversationState::waiting().apply(Actor::System, &exit).is_ok());
        assert!(active(agent()).apply(Actor::System, &exit).is_ok());
    }

    #[test]
    fn the_server_assigns_a_waiting_conversation_and_nobody_else_does() {
        let a = agent();
        let assign = Action::Assign { to: a };
        assert_eq!(ConversationState::waiting().apply(Actor::System, &assign), Ok(active(a)));
        assert_eq!(active(agent()).apply(Actor::System, &assign), Err(Error::AlreadyClaimed));
        assert!(matches!(ConversationState::waiting().apply(Actor::Agent(a), &assign), Err(Error::NotAllowed(_))));
    }

    #[test]
    fn the_serving_agent_transfers_to_a_group_back_to_waiting() {
        let a = agent();
        let state = active(a).apply(Actor::Agent(a), &Action::TransferToGroup { group_id: agent() });
        assert_eq!(state, Ok(ConversationState::waiting()));
        assert_eq!(
            active(agent()).apply(Actor::Agent(a), &Action::TransferToGroup { group_id: agent() }),
            Err(Error::NotAssigned)
        );
    }

    #[test]
    fn outside_business_hours_only_ends_a_waiting_conversation() {
        let exit = end(ExitReason::OutsideBusinessHours);
        assert!(ConversationState::waiting().apply(Actor::System, &exit).is_ok());
        assert!(active(agent()).apply(Actor::System, &exit).is_err());
        assert!(ConversationState::waiting().apply(Actor::Customer, &exit).is_err());
    }

    #[test]
    fn string_forms_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::parse(status.as_str()), Some(*status));
        }
        for reason in ExitReason::ALL {
            assert_eq!(ExitReason::parse(reason.as_str()), Some(*reason));
        }
        for kind in TargetKind::ALL {
            assert_eq!(TargetKind::parse(kind.as_str()), Some(*kind));
        }
        assert_eq!(Status::parse("gone"), None);
    }
}
