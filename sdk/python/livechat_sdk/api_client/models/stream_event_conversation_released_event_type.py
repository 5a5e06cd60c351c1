from enum import StrEnum


class StreamEventConversationReleasedEventType(StrEnum):
    CONVERSATION_RELEASED = "conversation.released"

    def __str__(self) -> str:
        return str(self.value)
