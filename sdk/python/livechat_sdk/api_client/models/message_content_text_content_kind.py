from enum import StrEnum


class MessageContentTextContentKind(StrEnum):
    TEXT = "text"

    def __str__(self) -> str:
        return str(self.value)
