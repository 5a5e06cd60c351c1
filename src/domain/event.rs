//! The kinds of change a client can see, and of the deliveries they cause.

use super::string_enum;

/// Hands every event type, as `Variant => "text"` pairs, to the macro `$declare`, so that
/// other types over the same list (the API's webhook subscriptions) cannot drift from it.
macro_rules! with_event_types {
    ($declare:ident) => {
        $declare! {
            ConversationWaiting => "conversation.waiting",
            ConversationClaimed => "conversation.claimed",
            ConversationAssigned => "conversation.assigned",
            ConversationReleased => "conversation.released",
            ConversationTransferred => "conversation.transferred",
            ConversationEnded => "conversation.ended",
            ConversationEmailGiven => "conversation.email_given",
            ConversationSeen => "conversation.seen",
            MessageCreated => "message.created",
            CustomerBlocked => "customer.blocked",
            CustomerUnblocked => "customer.unblocked",
            AgentPresenceChanged => "agent.presence_changed",
            CustomerPresenceChanged => "customer.presence_changed",
            ConversationQueuePosition => "conversation.queue_position",
            ConversationRatingRequested => "conversation.rating_requested",
            ConversationRated => "conversation.rated",
            ConversationTagged => "conversation.tagged",
            ConversationUntagged => "conversation.untagged",
            ConversationNoteAdded => "conversation.note_added",
            AgentMentioned => "agent.mentioned",
        }
    };
}
pub(crate) use with_event_types;

macro_rules! event_type {
    ($($variant:ident => $text:literal,)+) => {
        string_enum!(
            /// A kind of event, as its `type` is written in the log, on streams and in webhooks.
            EventType { $($variant => $text),+ }
        );
    };
}

with_event_types!(event_type);

impl EventType {
    /// Every webhook endpoint receives these, whatever it subscribed to: the exits.
    pub fn always_delivered(self) -> bool {
        self == Self::ConversationEnded
    }

    /// Whether a `*` subscription includes this type: queue places change often, and
    /// internal notes and mentions are for agents' own systems, so an endpoint gets them
    /// only when it names them.
    pub fn in_all(self) -> bool {
        !matches!(self, Self::ConversationQueuePosition | Self::ConversationNoteAdded | Self::AgentMentioned)
    }

    /// Whether a customer's stream carries events of this type (of their own
    /// conversations and of themselves). Agent streams carry every type, as far as the
    /// agent's sight and the stream's scope go. The published stream descriptions are
    /// made from this too.
    pub fn reaches_customers(self) -> bool {
        !matches!(
            self,
            Self::AgentPresenceChanged
                | Self::ConversationNoteAdded
                | Self::AgentMentioned
                | Self::ConversationTagged
                | Self::ConversationUntagged
        )
    }

    /// Whether only the stream of the event's agent carries it (a mention is for the
    /// agent mentioned), rather than every agent stream that sees the conversation.
    pub fn for_one_agent(self) -> bool {
        self == Self::AgentMentioned
    }

    /// The events of one conversation's chat rather than of the Live list: an agent
    /// stream with `scope=mine` carries them only for the event's agent (the
    /// conversation's, or the one mentioned).
    pub const CHAT: [Self; 4] =
        [Self::MessageCreated, Self::ConversationSeen, Self::ConversationNoteAdded, Self::AgentMentioned];
}

/// What a webhook endpoint subscribes to, beyond the exits every endpoint gets: every
/// event type (`*`, which leaves out queue places) or one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscription {
    All,
    One(EventType),
}

impl Subscription {
    /// How a subscription to every event type is written.
    pub const ALL: &'static str = "*";

    pub fn as_str(self) -> &'static str {
        match self {
            Self::All => Self::ALL,
            Self::One(event_type) => event_type.as_str(),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        if text == Self::ALL { Some(Self::All) } else { EventType::parse(text).map(Self::One) }
    }

    /// Whether an endpoint with this subscription gets an event of this type.
    pub fn wants(self, event_type: EventType) -> bool {
        match self {
            Self::All => event_type.in_all(),
            Self::One(wanted) => wanted == event_type,
        }
    }
}

string_enum!(
    /// What the outbox delivers.
    DeliveryKind { Email => "email", Webhook => "webhook" }
);

string_enum!(
    /// Where a delivery stands: `pending` until delivered, given up on (`failed`) or
    /// cancelled.
    DeliveryStatus { Pending => "pending", Delivered => "delivered", Failed => "failed", Cancelled => "cancelled" }
);
