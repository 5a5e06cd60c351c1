from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.agent_stream_scope import AgentStreamScope
from ...models.problem import Problem
from ...models.stream_event_agent_presence_changed_event import StreamEventAgentPresenceChangedEvent
from ...models.stream_event_conversation_claimed_event import StreamEventConversationClaimedEvent
from ...models.stream_event_conversation_email_given_event import StreamEventConversationEmailGivenEvent
from ...models.stream_event_conversation_ended_event import StreamEventConversationEndedEvent
from ...models.stream_event_conversation_released_event import StreamEventConversationReleasedEvent
from ...models.stream_event_conversation_seen_event import StreamEventConversationSeenEvent
from ...models.stream_event_conversation_transferred_event import StreamEventConversationTransferredEvent
from ...models.stream_event_conversation_waiting_event import StreamEventConversationWaitingEvent
from ...models.stream_event_customer_blocked_event import StreamEventCustomerBlockedEvent
from ...models.stream_event_customer_presence_changed_event import StreamEventCustomerPresenceChangedEvent
from ...models.stream_event_customer_unblocked_event import StreamEventCustomerUnblockedEvent
from ...models.stream_event_message_created_event import StreamEventMessageCreatedEvent
from ...models.stream_event_stream_ready_event import StreamEventStreamReadyEvent
from ...models.stream_event_stream_reconnect_event import StreamEventStreamReconnectEvent
from ...models.stream_event_stream_reset_event import StreamEventStreamResetEvent
from ...models.stream_event_typing_event import StreamEventTypingEvent
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


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    Problem
    | StreamEventAgentPresenceChangedEvent
    | StreamEventConversationClaimedEvent
    | StreamEventConversationEmailGivenEvent
    | StreamEventConversationEndedEvent
    | StreamEventConversationReleasedEvent
    | StreamEventConversationSeenEvent
    | StreamEventConversationTransferredEvent
    | StreamEventConversationWaitingEvent
    | StreamEventCustomerBlockedEvent
    | StreamEventCustomerPresenceChangedEvent
    | StreamEventCustomerUnblockedEvent
    | StreamEventMessageCreatedEvent
    | StreamEventStreamReadyEvent
    | StreamEventStreamReconnectEvent
    | StreamEventStreamResetEvent
    | StreamEventTypingEvent
    | None
):
    if response.status_code == 200:

        def _parse_response_200(
            data: object,
        ) -> (
            StreamEventAgentPresenceChangedEvent
            | StreamEventConversationClaimedEvent
            | StreamEventConversationEmailGivenEvent
            | StreamEventConversationEndedEvent
            | StreamEventConversationReleasedEvent
            | StreamEventConversationSeenEvent
            | StreamEventConversationTransferredEvent
            | StreamEventConversationWaitingEvent
            | StreamEventCustomerBlockedEvent
            | StreamEventCustomerPresenceChangedEvent
            | StreamEventCustomerUnblockedEvent
            | StreamEventMessageCreatedEvent
            | StreamEventStreamReadyEvent
            | StreamEventStreamReconnectEvent
            | StreamEventStreamResetEvent
            | StreamEventTypingEvent
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_0 = StreamEventStreamReadyEvent.from_dict(data)

                return componentsschemas_stream_event_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_1 = StreamEventStreamResetEvent.from_dict(data)

                return componentsschemas_stream_event_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_2 = StreamEventStreamReconnectEvent.from_dict(data)

                return componentsschemas_stream_event_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_3 = StreamEventTypingEvent.from_dict(data)

                return componentsschemas_stream_event_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_4 = StreamEventConversationWaitingEvent.from_dict(data)

                return componentsschemas_stream_event_type_4
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_5 = StreamEventConversationClaimedEvent.from_dict(data)

                return componentsschemas_stream_event_type_5
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_6 = StreamEventConversationReleasedEvent.from_dict(data)

                return componentsschemas_stream_event_type_6
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_7 = StreamEventConversationTransferredEvent.from_dict(data)

                return componentsschemas_stream_event_type_7
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_8 = StreamEventConversationEndedEvent.from_dict(data)

                return componentsschemas_stream_event_type_8
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_9 = StreamEventConversationEmailGivenEvent.from_dict(data)

                return componentsschemas_stream_event_type_9
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_10 = StreamEventConversationSeenEvent.from_dict(data)

                return componentsschemas_stream_event_type_10
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_11 = StreamEventMessageCreatedEvent.from_dict(data)

                return componentsschemas_stream_event_type_11
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_12 = StreamEventCustomerPresenceChangedEvent.from_dict(data)

                return componentsschemas_stream_event_type_12
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_13 = StreamEventCustomerBlockedEvent.from_dict(data)

                return componentsschemas_stream_event_type_13
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_stream_event_type_14 = StreamEventCustomerUnblockedEvent.from_dict(data)

                return componentsschemas_stream_event_type_14
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_stream_event_type_15 = StreamEventAgentPresenceChangedEvent.from_dict(data)

            return componentsschemas_stream_event_type_15

        response_200 = _parse_response_200(response.text)

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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    Problem
    | StreamEventAgentPresenceChangedEvent
    | StreamEventConversationClaimedEvent
    | StreamEventConversationEmailGivenEvent
    | StreamEventConversationEndedEvent
    | StreamEventConversationReleasedEvent
    | StreamEventConversationSeenEvent
    | StreamEventConversationTransferredEvent
    | StreamEventConversationWaitingEvent
    | StreamEventCustomerBlockedEvent
    | StreamEventCustomerPresenceChangedEvent
    | StreamEventCustomerUnblockedEvent
    | StreamEventMessageCreatedEvent
    | StreamEventStreamReadyEvent
    | StreamEventStreamReconnectEvent
    | StreamEventStreamResetEvent
    | StreamEventTypingEvent
]:
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
) -> Response[
    Problem
    | StreamEventAgentPresenceChangedEvent
    | StreamEventConversationClaimedEvent
    | StreamEventConversationEmailGivenEvent
    | StreamEventConversationEndedEvent
    | StreamEventConversationReleasedEvent
    | StreamEventConversationSeenEvent
    | StreamEventConversationTransferredEvent
    | StreamEventConversationWaitingEvent
    | StreamEventCustomerBlockedEvent
    | StreamEventCustomerPresenceChangedEvent
    | StreamEventCustomerUnblockedEvent
    | StreamEventMessageCreatedEvent
    | StreamEventStreamReadyEvent
    | StreamEventStreamReconnectEvent
    | StreamEventStreamResetEvent
    | StreamEventTypingEvent
]:
    """Stream the Live list and every conversation's events (agent)

     Server-Sent Events. A resumed stream first replays what was missed; then
    `stream.ready` says it is live (on a new stream it is the first event), and every
    change follows as it commits:
    `conversation.waiting|claimed|released|transferred|ended|email_given|seen`,
    `message.created`, `customer.presence_changed|blocked|unblocked`,
    `agent.presence_changed`, and `typing` (not stored, no id). With `scope=mine`
    the stream still carries the whole Live list, but `message.created`,
    `conversation.seen` and `typing` only of the agent's own conversations. Reconnect with
    `Last-Event-ID` to get every event after it exactly once. `stream.reset` means the
    resume point is gone (reload state); `stream.reconnect` that the server is
    shutting down or the stream reached its maximum duration (`stream_max_secs`).
    An agent with no open stream for the grace period is set offline.

    Args:
        last_event_id_query (int | Unset):
        scope (AgentStreamScope | Unset): Whose conversations' chat an agent stream carries:
            `all`, or `mine` (those the
            agent serves).
        last_event_id_header (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StreamEventAgentPresenceChangedEvent | StreamEventConversationClaimedEvent | StreamEventConversationEmailGivenEvent | StreamEventConversationEndedEvent | StreamEventConversationReleasedEvent | StreamEventConversationSeenEvent | StreamEventConversationTransferredEvent | StreamEventConversationWaitingEvent | StreamEventCustomerBlockedEvent | StreamEventCustomerPresenceChangedEvent | StreamEventCustomerUnblockedEvent | StreamEventMessageCreatedEvent | StreamEventStreamReadyEvent | StreamEventStreamReconnectEvent | StreamEventStreamResetEvent | StreamEventTypingEvent]
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
) -> (
    Problem
    | StreamEventAgentPresenceChangedEvent
    | StreamEventConversationClaimedEvent
    | StreamEventConversationEmailGivenEvent
    | StreamEventConversationEndedEvent
    | StreamEventConversationReleasedEvent
    | StreamEventConversationSeenEvent
    | StreamEventConversationTransferredEvent
    | StreamEventConversationWaitingEvent
    | StreamEventCustomerBlockedEvent
    | StreamEventCustomerPresenceChangedEvent
    | StreamEventCustomerUnblockedEvent
    | StreamEventMessageCreatedEvent
    | StreamEventStreamReadyEvent
    | StreamEventStreamReconnectEvent
    | StreamEventStreamResetEvent
    | StreamEventTypingEvent
    | None
):
    """Stream the Live list and every conversation's events (agent)

     Server-Sent Events. A resumed stream first replays what was missed; then
    `stream.ready` says it is live (on a new stream it is the first event), and every
    change follows as it commits:
    `conversation.waiting|claimed|released|transferred|ended|email_given|seen`,
    `message.created`, `customer.presence_changed|blocked|unblocked`,
    `agent.presence_changed`, and `typing` (not stored, no id). With `scope=mine`
    the stream still carries the whole Live list, but `message.created`,
    `conversation.seen` and `typing` only of the agent's own conversations. Reconnect with
    `Last-Event-ID` to get every event after it exactly once. `stream.reset` means the
    resume point is gone (reload state); `stream.reconnect` that the server is
    shutting down or the stream reached its maximum duration (`stream_max_secs`).
    An agent with no open stream for the grace period is set offline.

    Args:
        last_event_id_query (int | Unset):
        scope (AgentStreamScope | Unset): Whose conversations' chat an agent stream carries:
            `all`, or `mine` (those the
            agent serves).
        last_event_id_header (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StreamEventAgentPresenceChangedEvent | StreamEventConversationClaimedEvent | StreamEventConversationEmailGivenEvent | StreamEventConversationEndedEvent | StreamEventConversationReleasedEvent | StreamEventConversationSeenEvent | StreamEventConversationTransferredEvent | StreamEventConversationWaitingEvent | StreamEventCustomerBlockedEvent | StreamEventCustomerPresenceChangedEvent | StreamEventCustomerUnblockedEvent | StreamEventMessageCreatedEvent | StreamEventStreamReadyEvent | StreamEventStreamReconnectEvent | StreamEventStreamResetEvent | StreamEventTypingEvent
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
) -> Response[
    Problem
    | StreamEventAgentPresenceChangedEvent
    | StreamEventConversationClaimedEvent
    | StreamEventConversationEmailGivenEvent
    | StreamEventConversationEndedEvent
    | StreamEventConversationReleasedEvent
    | StreamEventConversationSeenEvent
    | StreamEventConversationTransferredEvent
    | StreamEventConversationWaitingEvent
    | StreamEventCustomerBlockedEvent
    | StreamEventCustomerPresenceChangedEvent
    | StreamEventCustomerUnblockedEvent
    | StreamEventMessageCreatedEvent
    | StreamEventStreamReadyEvent
    | StreamEventStreamReconnectEvent
    | StreamEventStreamResetEvent
    | StreamEventTypingEvent
]:
    """Stream the Live list and every conversation's events (agent)

     Server-Sent Events. A resumed stream first replays what was missed; then
    `stream.ready` says it is live (on a new stream it is the first event), and every
    change follows as it commits:
    `conversation.waiting|claimed|released|transferred|ended|email_given|seen`,
    `message.created`, `customer.presence_changed|blocked|unblocked`,
    `agent.presence_changed`, and `typing` (not stored, no id). With `scope=mine`
    the stream still carries the whole Live list, but `message.created`,
    `conversation.seen` and `typing` only of the agent's own conversations. Reconnect with
    `Last-Event-ID` to get every event after it exactly once. `stream.reset` means the
    resume point is gone (reload state); `stream.reconnect` that the server is
    shutting down or the stream reached its maximum duration (`stream_max_secs`).
    An agent with no open stream for the grace period is set offline.

    Args:
        last_event_id_query (int | Unset):
        scope (AgentStreamScope | Unset): Whose conversations' chat an agent stream carries:
            `all`, or `mine` (those the
            agent serves).
        last_event_id_header (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | StreamEventAgentPresenceChangedEvent | StreamEventConversationClaimedEvent | StreamEventConversationEmailGivenEvent | StreamEventConversationEndedEvent | StreamEventConversationReleasedEvent | StreamEventConversationSeenEvent | StreamEventConversationTransferredEvent | StreamEventConversationWaitingEvent | StreamEventCustomerBlockedEvent | StreamEventCustomerPresenceChangedEvent | StreamEventCustomerUnblockedEvent | StreamEventMessageCreatedEvent | StreamEventStreamReadyEvent | StreamEventStreamReconnectEvent | StreamEventStreamResetEvent | StreamEventTypingEvent]
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
) -> (
    Problem
    | StreamEventAgentPresenceChangedEvent
    | StreamEventConversationClaimedEvent
    | StreamEventConversationEmailGivenEvent
    | StreamEventConversationEndedEvent
    | StreamEventConversationReleasedEvent
    | StreamEventConversationSeenEvent
    | StreamEventConversationTransferredEvent
    | StreamEventConversationWaitingEvent
    | StreamEventCustomerBlockedEvent
    | StreamEventCustomerPresenceChangedEvent
    | StreamEventCustomerUnblockedEvent
    | StreamEventMessageCreatedEvent
    | StreamEventStreamReadyEvent
    | StreamEventStreamReconnectEvent
    | StreamEventStreamResetEvent
    | StreamEventTypingEvent
    | None
):
    """Stream the Live list and every conversation's events (agent)

     Server-Sent Events. A resumed stream first replays what was missed; then
    `stream.ready` says it is live (on a new stream it is the first event), and every
    change follows as it commits:
    `conversation.waiting|claimed|released|transferred|ended|email_given|seen`,
    `message.created`, `customer.presence_changed|blocked|unblocked`,
    `agent.presence_changed`, and `typing` (not stored, no id). With `scope=mine`
    the stream still carries the whole Live list, but `message.created`,
    `conversation.seen` and `typing` only of the agent's own conversations. Reconnect with
    `Last-Event-ID` to get every event after it exactly once. `stream.reset` means the
    resume point is gone (reload state); `stream.reconnect` that the server is
    shutting down or the stream reached its maximum duration (`stream_max_secs`).
    An agent with no open stream for the grace period is set offline.

    Args:
        last_event_id_query (int | Unset):
        scope (AgentStreamScope | Unset): Whose conversations' chat an agent stream carries:
            `all`, or `mine` (those the
            agent serves).
        last_event_id_header (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | StreamEventAgentPresenceChangedEvent | StreamEventConversationClaimedEvent | StreamEventConversationEmailGivenEvent | StreamEventConversationEndedEvent | StreamEventConversationReleasedEvent | StreamEventConversationSeenEvent | StreamEventConversationTransferredEvent | StreamEventConversationWaitingEvent | StreamEventCustomerBlockedEvent | StreamEventCustomerPresenceChangedEvent | StreamEventCustomerUnblockedEvent | StreamEventMessageCreatedEvent | StreamEventStreamReadyEvent | StreamEventStreamReconnectEvent | StreamEventStreamResetEvent | StreamEventTypingEvent
    """

    return (
        await asyncio_detailed(
            client=client,
            last_event_id_query=last_event_id_query,
            scope=scope,
            last_event_id_header=last_event_id_header,
        )
    ).parsed
