from enum import StrEnum


class FallbackTargetKind(StrEnum):
    EXPERIENCE = "experience"
    SUBPROCESS = "subprocess"

    def __str__(self) -> str:
        return str(self.value)
