from enum import StrEnum


class ConversationSeenWebhookType(StrEnum):
    CONVERSATION_SEEN = "conversation.seen"

    def __str__(self) -> str:
        return str(self.value)
