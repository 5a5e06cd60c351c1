from enum import StrEnum


class StreamEventConversationEmailGivenEventType(StrEnum):
    CONVERSATION_EMAIL_GIVEN = "conversation.email_given"

    def __str__(self) -> str:
        return str(self.value)
