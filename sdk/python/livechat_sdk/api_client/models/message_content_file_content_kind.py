from enum import StrEnum


class MessageContentFileContentKind(StrEnum):
    FILE = "file"

    def __str__(self) -> str:
        return str(self.value)
