from enum import StrEnum


class StreamEventConversationRatingRequestedEventType(StrEnum):
    CONVERSATION_RATING_REQUESTED = "conversation.rating_requested"

    def __str__(self) -> str:
        return str(self.value)
