from enum import StrEnum


class AgentStreamScope(StrEnum):
    ALL = "all"
    MINE = "mine"

    def __str__(self) -> str:
        return str(self.value)
