from enum import StrEnum


class ConversationEndedWebhookType(StrEnum):
    CONVERSATION_ENDED = "conversation.ended"

    def __str__(self) -> str:
        return str(self.value)
