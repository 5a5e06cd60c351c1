from enum import StrEnum


class CustomerBlockedWebhookType(StrEnum):
    CUSTOMER_BLOCKED = "customer.blocked"

    def __str__(self) -> str:
        return str(self.value)
