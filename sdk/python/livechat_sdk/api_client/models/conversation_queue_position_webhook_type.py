from enum import StrEnum


class ConversationQueuePositionWebhookType(StrEnum):
    CONVERSATION_QUEUE_POSITION = "conversation.queue_position"

    def __str__(self) -> str:
        return str(self.value)
