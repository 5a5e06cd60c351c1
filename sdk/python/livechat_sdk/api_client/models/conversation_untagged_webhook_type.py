from enum import StrEnum


class ConversationUntaggedWebhookType(StrEnum):
    CONVERSATION_UNTAGGED = "conversation.untagged"

    def __str__(self) -> str:
        return str(self.value)
