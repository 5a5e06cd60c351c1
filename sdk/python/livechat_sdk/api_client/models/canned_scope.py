from enum import StrEnum


class CannedScope(StrEnum):
    GLOBAL = "global"
    GROUP = "group"
    PERSONAL = "personal"

    def __str__(self) -> str:
        return str(self.value)
