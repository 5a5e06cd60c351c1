from enum import StrEnum


class Presence(StrEnum):
    AWAY = "away"
    OFFLINE = "offline"
    ONLINE = "online"

    def __str__(self) -> str:
        return str(self.value)
