from enum import StrEnum


class MessageContentJumpContentKind(StrEnum):
    JUMP = "jump"

    def __str__(self) -> str:
        return str(self.value)
