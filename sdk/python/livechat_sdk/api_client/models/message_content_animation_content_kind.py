from enum import StrEnum


class MessageContentAnimationContentKind(StrEnum):
    ANIMATION = "animation"

    def __str__(self) -> str:
        return str(self.value)
