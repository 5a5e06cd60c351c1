from enum import StrEnum


class StreamEventStreamReadyEventType(StrEnum):
    STREAM_READY = "stream.ready"

    def __str__(self) -> str:
        return str(self.value)
