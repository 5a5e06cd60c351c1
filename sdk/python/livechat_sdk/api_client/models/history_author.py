from enum import StrEnum


class HistoryAuthor(StrEnum):
    AGENT = "agent"
    BOT = "bot"
    CUSTOMER = "customer"

    def __str__(self) -> str:
        return str(self.value)
