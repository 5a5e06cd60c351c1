from enum import StrEnum


class StreamEventMessageCreatedEventType(StrEnum):
    MESSAGE_CREATED = "message.created"

    def __str__(self) -> str:
        return str(self.value)
