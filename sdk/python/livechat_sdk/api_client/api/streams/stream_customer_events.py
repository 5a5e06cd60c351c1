from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    last_event_id_query: int | Unset = UNSET,
    last_event_id_header: int | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id_header, Unset):
        headers["Last-Event-ID"] = str(last_event_id_header)

    params: dict[str, Any] = {}

    params["last_event_id"] = last_event_id_query

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/streams/customer",
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
    last_event_id_header: int | Unset = UNSET,
) -> Response[Problem | str]:
    """Stream the customer's own conversations (customer)

     Server-Sent Events of the customer's own conversations and of themselves: any
    replay, `stream.ready`, then each change as it commits — their messages, their
    place in the queue, who serves them, the end (`conversation.ended` carries the
    exit and variables) — and the agent's `typing`. Resume with `Last-Event-ID` as for
    agents. While a stream is open the customer shows as online in the Live list.

    Event types on this stream: `stream.ready`, `stream.reset`, `stream.reconnect`,
    `conversation.waiting`, `conversation.claimed`, `conversation.assigned`, `conversation.released`,
    `conversation.transferred`, `conversation.ended`, `conversation.email_given`, `conversation.seen`,
    `message.created`, `customer.blocked`, `customer.unblocked`, `customer.presence_changed`,
    `conversation.queue_position`, `conversation.rating_requested`, `conversation.rated`, `typing`.

    Args:
        last_event_id_query (int | Unset):
        last_event_id_header (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        last_event_id_query=last_event_id_query,
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
    last_event_id_header: int | Unset = UNSET,
) -> Problem | str | None:
    """Stream the customer's own conversations (customer)

     Server-Sent Events of the customer's own conversations and of themselves: any
    replay, `stream.ready`, then each change as it commits — their messages, their
    place in the queue, who serves them, the end (`conversation.ended` carries the
    exit and variables) — and the agent's `typing`. Resume with `Last-Event-ID` as for
    agents. While a stream is open the customer shows as online in the Live list.

    Event types on this stream: `stream.ready`, `stream.reset`, `stream.reconnect`,
    `conversation.waiting`, `conversation.claimed`, `conversation.assigned`, `conversation.released`,
    `conversation.transferred`, `conversation.ended`, `conversation.email_given`, `conversation.seen`,
    `message.created`, `customer.blocked`, `customer.unblocked`, `customer.presence_changed`,
    `conversation.queue_position`, `conversation.rating_requested`, `conversation.rated`, `typing`.

    Args:
        last_event_id_query (int | Unset):
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
        last_event_id_header=last_event_id_header,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    last_event_id_query: int | Unset = UNSET,
    last_event_id_header: int | Unset = UNSET,
) -> Response[Problem | str]:
    """Stream the customer's own conversations (customer)

     Server-Sent Events of the customer's own conversations and of themselves: any
    replay, `stream.ready`, then each change as it commits — their messages, their
    place in the queue, who serves them, the end (`conversation.ended` carries the
    exit and variables) — and the agent's `typing`. Resume with `Last-Event-ID` as for
    agents. While a stream is open the customer shows as online in the Live list.

    Event types on this stream: `stream.ready`, `stream.reset`, `stream.reconnect`,
    `conversation.waiting`, `conversation.claimed`, `conversation.assigned`, `conversation.released`,
    `conversation.transferred`, `conversation.ended`, `conversation.email_given`, `conversation.seen`,
    `message.created`, `customer.blocked`, `customer.unblocked`, `customer.presence_changed`,
    `conversation.queue_position`, `conversation.rating_requested`, `conversation.rated`, `typing`.

    Args:
        last_event_id_query (int | Unset):
        last_event_id_header (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
    """

    kwargs = _get_kwargs(
        last_event_id_query=last_event_id_query,
        last_event_id_header=last_event_id_header,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    last_event_id_query: int | Unset = UNSET,
    last_event_id_header: int | Unset = UNSET,
) -> Problem | str | None:
    """Stream the customer's own conversations (customer)

     Server-Sent Events of the customer's own conversations and of themselves: any
    replay, `stream.ready`, then each change as it commits — their messages, their
    place in the queue, who serves them, the end (`conversation.ended` carries the
    exit and variables) — and the agent's `typing`. Resume with `Last-Event-ID` as for
    agents. While a stream is open the customer shows as online in the Live list.

    Event types on this stream: `stream.ready`, `stream.reset`, `stream.reconnect`,
    `conversation.waiting`, `conversation.claimed`, `conversation.assigned`, `conversation.released`,
    `conversation.transferred`, `conversation.ended`, `conversation.email_given`, `conversation.seen`,
    `message.created`, `customer.blocked`, `customer.unblocked`, `customer.presence_changed`,
    `conversation.queue_position`, `conversation.rating_requested`, `conversation.rated`, `typing`.

    Args:
        last_event_id_query (int | Unset):
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
            last_event_id_header=last_event_id_header,
        )
    ).parsed
