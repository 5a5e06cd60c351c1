from enum import StrEnum


class MessageContentHistoryContentKind(StrEnum):
    HISTORY = "history"

    def __str__(self) -> str:
        return str(self.value)
