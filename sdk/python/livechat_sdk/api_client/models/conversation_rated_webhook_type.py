from enum import StrEnum


class ConversationRatedWebhookType(StrEnum):
    CONVERSATION_RATED = "conversation.rated"

    def __str__(self) -> str:
        return str(self.value)
