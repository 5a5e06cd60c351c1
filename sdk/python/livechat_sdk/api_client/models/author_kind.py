from enum import StrEnum


class AuthorKind(StrEnum):
    AGENT = "agent"
    BOT = "bot"
    CUSTOMER = "customer"
    SYSTEM = "system"

    def __str__(self) -> str:
        return str(self.value)
