from enum import StrEnum


class EntryOutcomeKind(StrEnum):
    EXITED = "exited"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
