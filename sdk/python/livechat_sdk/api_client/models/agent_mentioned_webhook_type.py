from enum import StrEnum


class AgentMentionedWebhookType(StrEnum):
    AGENT_MENTIONED = "agent.mentioned"

    def __str__(self) -> str:
        return str(self.value)
