from enum import StrEnum


class StreamEventConversationEndedEventType(StrEnum):
    CONVERSATION_ENDED = "conversation.ended"

    def __str__(self) -> str:
        return str(self.value)
