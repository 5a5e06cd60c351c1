from enum import StrEnum


class TargetKind(StrEnum):
    EXPERIENCE = "experience"
    PROCESS_MODULE = "process_module"
    SUBPROCESS = "subprocess"

    def __str__(self) -> str:
        return str(self.value)
