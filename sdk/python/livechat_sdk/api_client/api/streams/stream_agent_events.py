from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.agent_stream_scope import AgentStreamScope
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    last_event_id_query: int | Unset = UNSET,
    scope: AgentStreamScope | Unset = UNSET,
    last_event_id_header: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id_header, Unset):
        headers["Last-Event-ID"] = str(last_event_id_header)

    params: dict[str, Any] = {}

    params["last_event_id"] = last_event_id_query

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope.value

    params["scope"] = json_scope

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/streams/agent",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = Problem.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    last_event_id_query: int | Unset = UNSET,
    scope: AgentStreamScope | Unset = UNSET,
    last_event_id_header: int | Unset = UNSET,
) -> Response[Problem | str]:
    """Stream the Live list and every conversation's events (agent)

     Server-Sent Events. A resumed stream first replays what was missed; then
    `stream.ready` says it is live (on a new stream it is the first event), and every
    change follows as it commits, of the conversations the agent sees: those of no
    group, of their groups and their own (supervisors and admins: every group's).
    `typing` is not stored and has no id. With `scope=mine` the stream still carries
    the Live list, but `message.created`, `conversation.seen` and `typing` only of the
    agent's own conversations; with `scope=groups`, only conversations of no group,
    of the agent's groups and their own, whatever the role. A conversation
    transferred to another group is seen leaving by the group it left. Reconnect with
    `Last-Event-ID` to get every event after it exactly once. `stream.reset` means the
    resume point is gone (reload state); `stream.reconnect` that the server is
    shutting down, the stream reached its maximum duration (`stream_max_secs`), or
    what the agent sees changed (their groups or role). An agent with no open stream
    for the grace period is set offline.

    Event types on this stream: `stream.ready`, `stream.reset`, `stream.reconnect`,
    `conversation.waiting`, `conversation.claimed`, `conversation.assigned`, `conversation.released`,
    `conversation.transferred`, `conversation.ended`, `conversation.email_given`, `conversation.seen`,
    `message.created`, `customer.blocked`, `customer.unblocked`, `agent.presence_changed`,
    `customer.presence_changed`, `conversation.queue_position`, `conversation.rating_requested`,
    `conversation.rated`, `conversation.tagged`, `conversation.untagged`, `conversation.note_added`,
    `agent.mentioned`, `typing`.

    Args:
        last_event_id_query (int | Unset):
        scope (AgentStreamScope | Unset): What an agent stream carries: `all` (the default: the
            whole Live list and every
            chat), `mine` (the whole Live list, and the chats the agent serves) or `groups`
            (the Live list and chats of the agent's groups' conversations, and of those of no
            group).
        last_event_id_header (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        last_event_id_query=last_event_id_query,
        scope=scope,
        last_event_id_header=last_event_id_header,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    last_event_id_query: int | Unset = UNSET,
    scope: AgentStreamScope | Unset = UNSET,
    last_event_id_header: int | Unset = UNSET,
) -> Problem | str | None:
    """Stream the Live list and every conversation's events (agent)

     Server-Sent Events. A resumed stream first replays what was missed; then
    `stream.ready` says it is live (on a new stream it is the first event), and every
    change follows as it commits, of the conversations the agent sees: those of no
    group, of their groups and their own (supervisors and admins: every group's).
    `typing` is not stored and has no id. With `scope=mine` the stream still carries
    the Live list, but `message.created`, `conversation.seen` and `typing` only of the
    agent's own conversations; with `scope=groups`, only conversations of no group,
    of the agent's groups and their own, whatever the role. A conversation
    transferred to another group is seen leaving by the group it left. Reconnect with
    `Last-Event-ID` to get every event after it exactly once. `stream.reset` means the
    resume point is gone (reload state); `stream.reconnect` that the server is
    shutting down, the stream reached its maximum duration (`stream_max_secs`), or
    what the agent sees changed (their groups or role). An agent with no open stream
    for the grace period is set offline.

    Event types on this stream: `stream.ready`, `stream.reset`, `stream.reconnect`,
    `conversation.waiting`, `conversation.claimed`, `conversation.assigned`, `conversation.released`,
    `conversation.transferred`, `conversation.ended`, `conversation.email_given`, `conversation.seen`,
    `message.created`, `customer.blocked`, `customer.unblocked`, `agent.presence_changed`,
    `customer.presence_changed`, `conversation.queue_position`, `conversation.rating_requested`,
    `conversation.rated`, `conversation.tagged`, `conversation.untagged`, `conversation.note_added`,
    `agent.mentioned`, `typing`.

    Args:
        last_event_id_query (int | Unset):
        scope (AgentStreamScope | Unset): What an agent stream carries: `all` (the default: the
            whole Live list and every
            chat), `mine` (the whole Live list, and the chats the agent serves) or `groups`
            (the Live list and chats of the agent's groups' conversations, and of those of no
            group).
        last_event_id_header (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return sync_detailed(
        client=client,
        last_event_id_query=last_event_id_query,
        scope=scope,
        last_event_id_header=last_event_id_header,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    last_event_id_query: int | Unset = UNSET,
    scope: AgentStreamScope | Unset = UNSET,
    last_event_id_header: int | Unset = UNSET,
) -> Response[Problem | str]:
    """Stream the Live list and every conversation's events (agent)

     Server-Sent Events. A resumed stream first replays what was missed; then
    `stream.ready` says it is live (on a new stream it is the first event), and every
    change follows as it commits, of the conversations the agent sees: those of no
    group, of their groups and their own (supervisors and admins: every group's).
    `typing` is not stored and has no id. With `scope=mine` the stream still carries
    the Live list, but `message.created`, `conversation.seen` and `typing` only of the
    agent's own conversations; with `scope=groups`, only conversations of no group,
    of the agent's groups and their own, whatever the role. A conversation
    transferred to another group is seen leaving by the group it left. Reconnect with
    `Last-Event-ID` to get every event after it exactly once. `stream.reset` means the
    resume point is gone (reload state); `stream.reconnect` that the server is
    shutting down, the stream reached its maximum duration (`stream_max_secs`), or
    what the agent sees changed (their groups or role). An agent with no open stream
    for the grace period is set offline.

    Event types on this stream: `stream.ready`, `stream.reset`, `stream.reconnect`,
    `conversation.waiting`, `conversation.claimed`, `conversation.assigned`, `conversation.released`,
    `conversation.transferred`, `conversation.ended`, `conversation.email_given`, `conversation.seen`,
    `message.created`, `customer.blocked`, `customer.unblocked`, `agent.presence_changed`,
    `customer.presence_changed`, `conversation.queue_position`, `conversation.rating_requested`,
    `conversation.rated`, `conversation.tagged`, `conversation.untagged`, `conversation.note_added`,
    `agent.mentioned`, `typing`.

    Args:
        last_event_id_query (int | Unset):
        scope (AgentStreamScope | Unset): What an agent stream carries: `all` (the default: the
            whole Live list and every
            chat), `mine` (the whole Live list, and the chats the agent serves) or `groups`
            (the Live list and chats of the agent's groups' conversations, and of those of no
            group).
        last_event_id_header (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        last_event_id_query=last_event_id_query,
        scope=scope,
        last_event_id_header=last_event_id_header,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    last_event_id_query: int | Unset = UNSET,
    scope: AgentStreamScope | Unset = UNSET,
    last_event_id_header: int | Unset = UNSET,
) -> Problem | str | None:
    """Stream the Live list and every conversation's events (agent)

     Server-Sent Events. A resumed stream first replays what was missed; then
    `stream.ready` says it is live (on a new stream it is the first event), and every
    change follows as it commits, of the conversations the agent sees: those of no
    group, of their groups and their own (supervisors and admins: every group's).
    `typing` is not stored and has no id. With `scope=mine` the stream still carries
    the Live list, but `message.created`, `conversation.seen` and `typing` only of the
    agent's own conversations; with `scope=groups`, only conversations of no group,
    of the agent's groups and their own, whatever the role. A conversation
    transferred to another group is seen leaving by the group it left. Reconnect with
    `Last-Event-ID` to get every event after it exactly once. `stream.reset` means the
    resume point is gone (reload state); `stream.reconnect` that the server is
    shutting down, the stream reached its maximum duration (`stream_max_secs`), or
    what the agent sees changed (their groups or role). An agent with no open stream
    for the grace period is set offline.

    Event types on this stream: `stream.ready`, `stream.reset`, `stream.reconnect`,
    `conversation.waiting`, `conversation.claimed`, `conversation.assigned`, `conversation.released`,
    `conversation.transferred`, `conversation.ended`, `conversation.email_given`, `conversation.seen`,
    `message.created`, `customer.blocked`, `customer.unblocked`, `agent.presence_changed`,
    `customer.presence_changed`, `conversation.queue_position`, `conversation.rating_requested`,
    `conversation.rated`, `conversation.tagged`, `conversation.untagged`, `conversation.note_added`,
    `agent.mentioned`, `typing`.

    Args:
        last_event_id_query (int | Unset):
        scope (AgentStreamScope | Unset): What an agent stream carries: `all` (the default: the
            whole Live list and every
            chat), `mine` (the whole Live list, and the chats the agent serves) or `groups`
            (the Live list and chats of the agent's groups' conversations, and of those of no
            group).
        last_event_id_header (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            last_event_id_query=last_event_id_query,
            scope=scope,
            last_event_id_header=last_event_id_header,
        )
    ).parsed
