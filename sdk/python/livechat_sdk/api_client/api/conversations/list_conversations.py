from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conversation_page import ConversationPage
from ...models.conversation_status import ConversationStatus
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    status: ConversationStatus | Unset = UNSET,
    mine: bool | Unset = False,
    group_id: UUID | Unset = UNSET,
    tag_id: UUID | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    params["mine"] = mine

    json_group_id: str | Unset = UNSET
    if not isinstance(group_id, Unset):
        json_group_id = str(group_id)
    params["group_id"] = json_group_id

    json_tag_id: str | Unset = UNSET
    if not isinstance(tag_id, Unset):
        json_tag_id = str(tag_id)
    params["tag_id"] = json_tag_id

    params["cursor"] = cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/conversations",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConversationPage | Problem | None:
    if response.status_code == 200:
        response_200 = ConversationPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

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
) -> Response[ConversationPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: ConversationStatus | Unset = UNSET,
    mine: bool | Unset = False,
    group_id: UUID | Unset = UNSET,
    tag_id: UUID | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[ConversationPage | Problem]:
    """List conversations: the Live list (agents) or one's own (customers)

     Agents see the Live list, newest first: by default the open conversations
    (waiting and active); `status=ended` shows ended ones. Conversations that exited at
    once for lack of agents never enter the Live list. Customers see their own.

    Args:
        status (ConversationStatus | Unset): Where a conversation is: `waiting` (in the Live
            list's queue, or a left message),
            `active` (served by an agent) or `ended`.
        mine (bool | Unset):  Default: False.
        group_id (UUID | Unset):
        tag_id (UUID | Unset):
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConversationPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        mine=mine,
        group_id=group_id,
        tag_id=tag_id,
        cursor=cursor,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    status: ConversationStatus | Unset = UNSET,
    mine: bool | Unset = False,
    group_id: UUID | Unset = UNSET,
    tag_id: UUID | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> ConversationPage | Problem | None:
    """List conversations: the Live list (agents) or one's own (customers)

     Agents see the Live list, newest first: by default the open conversations
    (waiting and active); `status=ended` shows ended ones. Conversations that exited at
    once for lack of agents never enter the Live list. Customers see their own.

    Args:
        status (ConversationStatus | Unset): Where a conversation is: `waiting` (in the Live
            list's queue, or a left message),
            `active` (served by an agent) or `ended`.
        mine (bool | Unset):  Default: False.
        group_id (UUID | Unset):
        tag_id (UUID | Unset):
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConversationPage | Problem
    """

    return sync_detailed(
        client=client,
        status=status,
        mine=mine,
        group_id=group_id,
        tag_id=tag_id,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: ConversationStatus | Unset = UNSET,
    mine: bool | Unset = False,
    group_id: UUID | Unset = UNSET,
    tag_id: UUID | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[ConversationPage | Problem]:
    """List conversations: the Live list (agents) or one's own (customers)

     Agents see the Live list, newest first: by default the open conversations
    (waiting and active); `status=ended` shows ended ones. Conversations that exited at
    once for lack of agents never enter the Live list. Customers see their own.

    Args:
        status (ConversationStatus | Unset): Where a conversation is: `waiting` (in the Live
            list's queue, or a left message),
            `active` (served by an agent) or `ended`.
        mine (bool | Unset):  Default: False.
        group_id (UUID | Unset):
        tag_id (UUID | Unset):
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConversationPage | Problem]
    """

    kwargs = _get_kwargs(
        status=status,
        mine=mine,
        group_id=group_id,
        tag_id=tag_id,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    status: ConversationStatus | Unset = UNSET,
    mine: bool | Unset = False,
    group_id: UUID | Unset = UNSET,
    tag_id: UUID | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> ConversationPage | Problem | None:
    """List conversations: the Live list (agents) or one's own (customers)

     Agents see the Live list, newest first: by default the open conversations
    (waiting and active); `status=ended` shows ended ones. Conversations that exited at
    once for lack of agents never enter the Live list. Customers see their own.

    Args:
        status (ConversationStatus | Unset): Where a conversation is: `waiting` (in the Live
            list's queue, or a left message),
            `active` (served by an agent) or `ended`.
        mine (bool | Unset):  Default: False.
        group_id (UUID | Unset):
        tag_id (UUID | Unset):
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConversationPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            status=status,
            mine=mine,
            group_id=group_id,
            tag_id=tag_id,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
