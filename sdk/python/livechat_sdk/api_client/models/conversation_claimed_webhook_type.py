from enum import StrEnum


class ConversationClaimedWebhookType(StrEnum):
    CONVERSATION_CLAIMED = "conversation.claimed"

    def __str__(self) -> str:
        return str(self.value)
