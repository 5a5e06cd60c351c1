from enum import StrEnum


class PresenceChangeReason(StrEnum):
    DEACTIVATED = "deactivated"
    NO_OPEN_STREAM = "no_open_stream"

    def __str__(self) -> str:
        return str(self.value)
