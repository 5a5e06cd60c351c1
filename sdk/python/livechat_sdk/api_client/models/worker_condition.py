from enum import StrEnum


class WorkerCondition(StrEnum):
    FAILED = "failed"
    RESTARTING = "restarting"
    RUNNING = "running"
    STOPPED = "stopped"

    def __str__(self) -> str:
        return str(self.value)
