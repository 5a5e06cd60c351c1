from enum import StrEnum


class CustomerPresenceChangedWebhookType(StrEnum):
    CUSTOMER_PRESENCE_CHANGED = "customer.presence_changed"

    def __str__(self) -> str:
        return str(self.value)
