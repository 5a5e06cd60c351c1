from enum import StrEnum


class StreamEventConversationWaitingEventType(StrEnum):
    CONVERSATION_WAITING = "conversation.waiting"

    def __str__(self) -> str:
        return str(self.value)
