from enum import StrEnum


class ConversationEmailGivenWebhookType(StrEnum):
    CONVERSATION_EMAIL_GIVEN = "conversation.email_given"

    def __str__(self) -> str:
        return str(self.value)
