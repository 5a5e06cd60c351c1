from enum import StrEnum


class WebhookEventType(StrEnum):
    AGENT_MENTIONED = "agent.mentioned"
    AGENT_PRESENCE_CHANGED = "agent.presence_changed"
    CONVERSATION_ASSIGNED = "conversation.assigned"
    CONVERSATION_CLAIMED = "conversation.claimed"
    CONVERSATION_EMAIL_GIVEN = "conversation.email_given"
    CONVERSATION_ENDED = "conversation.ended"
    CONVERSATION_NOTE_ADDED = "conversation.note_added"
    CONVERSATION_QUEUE_POSITION = "conversation.queue_position"
    CONVERSATION_RATED = "conversation.rated"
    CONVERSATION_RATING_REQUESTED = "conversation.rating_requested"
    CONVERSATION_RELEASED = "conversation.released"
    CONVERSATION_SEEN = "conversation.seen"
    CONVERSATION_TAGGED = "conversation.tagged"
    CONVERSATION_TRANSFERRED = "conversation.transferred"
    CONVERSATION_UNTAGGED = "conversation.untagged"
    CONVERSATION_WAITING = "conversation.waiting"
    CUSTOMER_BLOCKED = "customer.blocked"
    CUSTOMER_PRESENCE_CHANGED = "customer.presence_changed"
    CUSTOMER_UNBLOCKED = "customer.unblocked"
    MESSAGE_CREATED = "message.created"
    VALUE_0 = "*"

    def __str__(self) -> str:
        return str(self.value)
