from enum import StrEnum


class CustomerUnblockedWebhookType(StrEnum):
    CUSTOMER_UNBLOCKED = "customer.unblocked"

    def __str__(self) -> str:
        return str(self.value)
