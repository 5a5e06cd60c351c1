from enum import StrEnum


class ConversationTransferredWebhookType(StrEnum):
    CONVERSATION_TRANSFERRED = "conversation.transferred"

    def __str__(self) -> str:
        return str(self.value)
