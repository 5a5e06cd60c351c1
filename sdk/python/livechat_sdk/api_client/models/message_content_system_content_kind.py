from enum import StrEnum


class MessageContentSystemContentKind(StrEnum):
    SYSTEM = "system"

    def __str__(self) -> str:
        return str(self.value)
