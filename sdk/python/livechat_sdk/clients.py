"""Clients for each kind of caller. Every credential is a bearer token; the kinds differ in
what the server lets them do, so the helpers are named after the caller."""

from __future__ import annotations

from typing import Any, TypeVar

import httpx

from .api_client import AuthenticatedClient, Client
from .api_client.models import Problem

T = TypeVar("T")
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def _defaults(options: dict[str, Any]) -> dict[str, Any]:
    """Undocumented statuses raise `UnexpectedStatus` instead of returning None."""
    return {"raise_on_unexpected_status": True, "timeout": DEFAULT_TIMEOUT, **options}


def _bearer(base_url: str, token: str, options: dict[str, Any]) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=base_url, token=token, prefix="Bearer", **_defaults(options))


def agent_client(base_url: str, token: str, **options: Any) -> AuthenticatedClient:
    """An agent (or admin) token from `POST /v1/auth/login` (`AgentToken`)."""
    return _bearer(base_url, token, options)


def customer_client(base_url: str, token: str, **options: Any) -> AuthenticatedClient:
    """A customer token from `POST /v1/entries` or `POST /v1/customer-tokens` (`CustomerToken`)."""
    return _bearer(base_url, token, options)


def platform_client(base_url: str, api_key: str, **options: Any) -> AuthenticatedClient:
    """The bot platform's `lc_…` API key, created by an admin (`ApiKey`)."""
    return _bearer(base_url, api_key, options)


def anonymous_client(base_url: str, **options: Any) -> Client:
    """No credential: health checks and `login`."""
    return Client(base_url=base_url, **_defaults(options))


class ApiError(Exception):
    """The server answered with a problem document (`application/problem+json`)."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(f"{problem.status} {problem.code}: {problem.detail}")


def expect(result: T | Problem) -> T:
    """Generated calls return problem documents instead of raising; this raises them as
    `ApiError`: `session = expect(login.sync(client=anonymous, body=Login(...)))`."""
    if isinstance(result, Problem):
        raise ApiError(result)
    return result
