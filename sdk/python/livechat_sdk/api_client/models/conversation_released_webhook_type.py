from enum import StrEnum


class ConversationReleasedWebhookType(StrEnum):
    CONVERSATION_RELEASED = "conversation.released"

    def __str__(self) -> str:
        return str(self.value)
