from enum import StrEnum


class ConversationWaitingWebhookType(StrEnum):
    CONVERSATION_WAITING = "conversation.waiting"

    def __str__(self) -> str:
        return str(self.value)
