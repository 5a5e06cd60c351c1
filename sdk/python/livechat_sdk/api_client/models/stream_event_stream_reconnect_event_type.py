from enum import StrEnum


class StreamEventStreamReconnectEventType(StrEnum):
    STREAM_RECONNECT = "stream.reconnect"

    def __str__(self) -> str:
        return str(self.value)
