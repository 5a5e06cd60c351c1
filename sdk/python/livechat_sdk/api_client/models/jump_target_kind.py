from enum import StrEnum


class JumpTargetKind(StrEnum):
    EXPERIENCE = "experience"
    PROCESS_MODULE = "process_module"

    def __str__(self) -> str:
        return str(self.value)
