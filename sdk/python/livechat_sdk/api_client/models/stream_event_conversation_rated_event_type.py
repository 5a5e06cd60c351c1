from enum import StrEnum


class StreamEventConversationRatedEventType(StrEnum):
    CONVERSATION_RATED = "conversation.rated"

    def __str__(self) -> str:
        return str(self.value)
