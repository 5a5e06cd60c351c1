from enum import StrEnum


class StreamEventTypingEventType(StrEnum):
    TYPING = "typing"

    def __str__(self) -> str:
        return str(self.value)
