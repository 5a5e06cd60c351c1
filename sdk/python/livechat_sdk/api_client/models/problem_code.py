from enum import StrEnum


class ProblemCode(StrEnum):
    ADMIN_REQUIRED = "admin_required"
    AGENT_NOT_ONLINE = "agent_not_online"
    AGENT_ONLY = "agent_only"
    CANNOT_DEMOTE_SELF = "cannot_demote_self"
    CLIENT_MESSAGE_ID_TAKEN = "client_message_id_taken"
    CONVERSATION_ALREADY_CLAIMED = "conversation_already_claimed"
    CONVERSATION_ENDED = "conversation_ended"
    CONVERSATION_NOT_ASSIGNED = "conversation_not_assigned"
    CONVERSATION_NOT_CLAIMED = "conversation_not_claimed"
    CONVERSATION_OPEN = "conversation_open"
    CUSTOMER_BLOCKED = "customer_blocked"
    DELIVERY_IN_PROGRESS = "delivery_in_progress"
    EMAIL_TAKEN = "email_taken"
    FORBIDDEN = "forbidden"
    IDEMPOTENCY_KEY_IN_USE = "idempotency_key_in_use"
    IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused"
    INTERNAL = "internal"
    INVALID_INPUT = "invalid_input"
    INVALID_REQUEST = "invalid_request"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_FOUND = "not_found"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    RATE_LIMITED = "rate_limited"
    REQUEST_FAILED = "request_failed"
    REQUEST_TIMEOUT = "request_timeout"
    TOO_MANY_CONNECTIONS = "too_many_connections"
    TOO_MANY_STREAMS = "too_many_streams"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    UNAUTHORIZED = "unauthorized"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    WRONG_CALLER = "wrong_caller"

    def __str__(self) -> str:
        return str(self.value)
