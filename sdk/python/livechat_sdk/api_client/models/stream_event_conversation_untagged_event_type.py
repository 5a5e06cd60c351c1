from enum import StrEnum


class StreamEventConversationUntaggedEventType(StrEnum):
    CONVERSATION_UNTAGGED = "conversation.untagged"

    def __str__(self) -> str:
        return str(self.value)
