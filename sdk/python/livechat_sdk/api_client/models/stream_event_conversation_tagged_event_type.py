from enum import StrEnum


class StreamEventConversationTaggedEventType(StrEnum):
    CONVERSATION_TAGGED = "conversation.tagged"

    def __str__(self) -> str:
        return str(self.value)
