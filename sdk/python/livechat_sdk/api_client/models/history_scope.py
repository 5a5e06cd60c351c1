from enum import StrEnum


class HistoryScope(StrEnum):
    ALL = "all"
    GROUPS = "groups"
    MINE = "mine"

    def __str__(self) -> str:
        return str(self.value)
