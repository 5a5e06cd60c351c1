from enum import StrEnum


class ExitReason(StrEnum):
    AGENT_ENDED = "agent_ended"
    BLOCKED = "blocked"
    CUSTOMER_LEFT = "customer_left"
    JUMP = "jump"
    NO_AGENT_AVAILABLE = "no_agent_available"
    OUTSIDE_BUSINESS_HOURS = "outside_business_hours"
    QUICK_REPLY = "quick_reply"
    TIMEOUT = "timeout"

    def __str__(self) -> str:
        return str(self.value)
