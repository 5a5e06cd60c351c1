from enum import StrEnum


class MessageContentEmailRequestContentKind(StrEnum):
    EMAIL_REQUEST = "email_request"

    def __str__(self) -> str:
        return str(self.value)
