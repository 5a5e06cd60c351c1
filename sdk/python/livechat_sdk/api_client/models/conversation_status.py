from enum import StrEnum


class ConversationStatus(StrEnum):
    ACTIVE = "active"
    ENDED = "ended"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
