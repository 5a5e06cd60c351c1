from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.queue_summary import QueueSummary
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/queues",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | list[QueueSummary] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = QueueSummary.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Problem | list[QueueSummary]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Problem | list[QueueSummary]]:
    """The Live list's queues, with their counts (agent)

     The queue of conversations of no group first, then each group the agent sees (an
    agent: their groups; supervisors and admins: every group), by name: how many
    conversations wait and are served, agents online, and the wait a conversation
    entering now may expect. A department console shows it beside the Live list
    filtered with `group_id`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[QueueSummary]]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> Problem | list[QueueSummary] | None:
    """The Live list's queues, with their counts (agent)

     The queue of conversations of no group first, then each group the agent sees (an
    agent: their groups; supervisors and admins: every group), by name: how many
    conversations wait and are served, agents online, and the wait a conversation
    entering now may expect. A department console shows it beside the Live list
    filtered with `group_id`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[QueueSummary]
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[Problem | list[QueueSummary]]:
    """The Live list's queues, with their counts (agent)

     The queue of conversations of no group first, then each group the agent sees (an
    agent: their groups; supervisors and admins: every group), by name: how many
    conversations wait and are served, agents online, and the wait a conversation
    entering now may expect. A department console shows it beside the Live list
    filtered with `group_id`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | list[QueueSummary]]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> Problem | list[QueueSummary] | None:
    """The Live list's queues, with their counts (agent)

     The queue of conversations of no group first, then each group the agent sees (an
    agent: their groups; supervisors and admins: every group), by name: how many
    conversations wait and are served, agents online, and the wait a conversation
    entering now may expect. A department console shows it beside the Live list
    filtered with `group_id`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | list[QueueSummary]
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
