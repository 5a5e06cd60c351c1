from enum import StrEnum


class ConversationNoteAddedWebhookType(StrEnum):
    CONVERSATION_NOTE_ADDED = "conversation.note_added"

    def __str__(self) -> str:
        return str(self.value)
