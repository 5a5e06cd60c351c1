"""Python client for livechat: generated REST calls (`api`, `models`), clients per kind of
credential, and typed, resuming event streams."""

from .api_client import AuthenticatedClient, Client, api, models
from .api_client.errors import UnexpectedStatus
from .clients import ApiError, agent_client, anonymous_client, customer_client, expect, platform_client
from .files import download_file, save_file, upload_file
from .stream import (
    EventStream,
    SseMessage,
    SseParser,
    StreamRefusedError,
    UnknownEvent,
    agent_stream,
    customer_stream,
    parse_event,
)

__all__ = [
    "ApiError",
    "AuthenticatedClient",
    "Client",
    "EventStream",
    "SseMessage",
    "SseParser",
    "StreamRefusedError",
    "UnexpectedStatus",
    "UnknownEvent",
    "agent_client",
    "agent_stream",
    "anonymous_client",
    "api",
    "customer_client",
    "customer_stream",
    "download_file",
    "expect",
    "models",
    "parse_event",
    "platform_client",
    "save_file",
    "upload_file",
]
