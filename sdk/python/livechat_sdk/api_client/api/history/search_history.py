import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.conversation_status import ConversationStatus
from ...models.exit_reason import ExitReason
from ...models.history_page import HistoryPage
from ...models.history_scope import HistoryScope
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    q: str | Unset = UNSET,
    customer_id: UUID | Unset = UNSET,
    email: str | Unset = UNSET,
    agent_id: UUID | Unset = UNSET,
    group_id: UUID | Unset = UNSET,
    tag_id: UUID | Unset = UNSET,
    status: ConversationStatus | Unset = UNSET,
    exit_reason: ExitReason | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    scope: HistoryScope | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["q"] = q

    json_customer_id: str | Unset = UNSET
    if not isinstance(customer_id, Unset):
        json_customer_id = str(customer_id)
    params["customer_id"] = json_customer_id

    params["email"] = email

    json_agent_id: str | Unset = UNSET
    if not isinstance(agent_id, Unset):
        json_agent_id = str(agent_id)
    params["agent_id"] = json_agent_id

    json_group_id: str | Unset = UNSET
    if not isinstance(group_id, Unset):
        json_group_id = str(group_id)
    params["group_id"] = json_group_id

    json_tag_id: str | Unset = UNSET
    if not isinstance(tag_id, Unset):
        json_tag_id = str(tag_id)
    params["tag_id"] = json_tag_id

    json_status: str | Unset = UNSET
    if not isinstance(status, Unset):
        json_status = status.value

    params["status"] = json_status

    json_exit_reason: str | Unset = UNSET
    if not isinstance(exit_reason, Unset):
        json_exit_reason = exit_reason.value

    params["exit_reason"] = json_exit_reason

    json_from_: str | Unset = UNSET
    if not isinstance(from_, Unset):
        json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to: str | Unset = UNSET
    if not isinstance(to, Unset):
        json_to = to.isoformat()
    params["to"] = json_to

    json_scope: str | Unset = UNSET
    if not isinstance(scope, Unset):
        json_scope = scope.value

    params["scope"] = json_scope

    params["cursor"] = cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/history",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> HistoryPage | Problem | None:
    if response.status_code == 200:
        response_200 = HistoryPage.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

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
) -> Response[HistoryPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    customer_id: UUID | Unset = UNSET,
    email: str | Unset = UNSET,
    agent_id: UUID | Unset = UNSET,
    group_id: UUID | Unset = UNSET,
    tag_id: UUID | Unset = UNSET,
    status: ConversationStatus | Unset = UNSET,
    exit_reason: ExitReason | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    scope: HistoryScope | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[HistoryPage | Problem]:
    """Search the history of conversations

     Ended and open conversations, newest first, that meet every filter given. `q`
    finds conversations with a message holding all its words (in any order, whole
    words, case and accents ignored) among the texts customers, agents and the bot
    wrote (titles and summaries of articles included; not internal notes, not the
    server's notices). Agents find what `scope` allows within what they see;
    customers find their own conversations only, without tags. Cursor-paginated.

    Args:
        q (str | Unset):
        customer_id (UUID | Unset):
        email (str | Unset):
        agent_id (UUID | Unset):
        group_id (UUID | Unset):
        tag_id (UUID | Unset):
        status (ConversationStatus | Unset): Where a conversation is: `waiting` (in the Live
            list's queue, or a left message),
            `active` (served by an agent) or `ended`.
        exit_reason (ExitReason | Unset): Why a conversation ended.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        scope (HistoryScope | Unset): Whose conversations an agent searches.
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HistoryPage | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        customer_id=customer_id,
        email=email,
        agent_id=agent_id,
        group_id=group_id,
        tag_id=tag_id,
        status=status,
        exit_reason=exit_reason,
        from_=from_,
        to=to,
        scope=scope,
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
    q: str | Unset = UNSET,
    customer_id: UUID | Unset = UNSET,
    email: str | Unset = UNSET,
    agent_id: UUID | Unset = UNSET,
    group_id: UUID | Unset = UNSET,
    tag_id: UUID | Unset = UNSET,
    status: ConversationStatus | Unset = UNSET,
    exit_reason: ExitReason | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    scope: HistoryScope | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> HistoryPage | Problem | None:
    """Search the history of conversations

     Ended and open conversations, newest first, that meet every filter given. `q`
    finds conversations with a message holding all its words (in any order, whole
    words, case and accents ignored) among the texts customers, agents and the bot
    wrote (titles and summaries of articles included; not internal notes, not the
    server's notices). Agents find what `scope` allows within what they see;
    customers find their own conversations only, without tags. Cursor-paginated.

    Args:
        q (str | Unset):
        customer_id (UUID | Unset):
        email (str | Unset):
        agent_id (UUID | Unset):
        group_id (UUID | Unset):
        tag_id (UUID | Unset):
        status (ConversationStatus | Unset): Where a conversation is: `waiting` (in the Live
            list's queue, or a left message),
            `active` (served by an agent) or `ended`.
        exit_reason (ExitReason | Unset): Why a conversation ended.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        scope (HistoryScope | Unset): Whose conversations an agent searches.
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HistoryPage | Problem
    """

    return sync_detailed(
        client=client,
        q=q,
        customer_id=customer_id,
        email=email,
        agent_id=agent_id,
        group_id=group_id,
        tag_id=tag_id,
        status=status,
        exit_reason=exit_reason,
        from_=from_,
        to=to,
        scope=scope,
        cursor=cursor,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    customer_id: UUID | Unset = UNSET,
    email: str | Unset = UNSET,
    agent_id: UUID | Unset = UNSET,
    group_id: UUID | Unset = UNSET,
    tag_id: UUID | Unset = UNSET,
    status: ConversationStatus | Unset = UNSET,
    exit_reason: ExitReason | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    scope: HistoryScope | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[HistoryPage | Problem]:
    """Search the history of conversations

     Ended and open conversations, newest first, that meet every filter given. `q`
    finds conversations with a message holding all its words (in any order, whole
    words, case and accents ignored) among the texts customers, agents and the bot
    wrote (titles and summaries of articles included; not internal notes, not the
    server's notices). Agents find what `scope` allows within what they see;
    customers find their own conversations only, without tags. Cursor-paginated.

    Args:
        q (str | Unset):
        customer_id (UUID | Unset):
        email (str | Unset):
        agent_id (UUID | Unset):
        group_id (UUID | Unset):
        tag_id (UUID | Unset):
        status (ConversationStatus | Unset): Where a conversation is: `waiting` (in the Live
            list's queue, or a left message),
            `active` (served by an agent) or `ended`.
        exit_reason (ExitReason | Unset): Why a conversation ended.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        scope (HistoryScope | Unset): Whose conversations an agent searches.
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[HistoryPage | Problem]
    """

    kwargs = _get_kwargs(
        q=q,
        customer_id=customer_id,
        email=email,
        agent_id=agent_id,
        group_id=group_id,
        tag_id=tag_id,
        status=status,
        exit_reason=exit_reason,
        from_=from_,
        to=to,
        scope=scope,
        cursor=cursor,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    q: str | Unset = UNSET,
    customer_id: UUID | Unset = UNSET,
    email: str | Unset = UNSET,
    agent_id: UUID | Unset = UNSET,
    group_id: UUID | Unset = UNSET,
    tag_id: UUID | Unset = UNSET,
    status: ConversationStatus | Unset = UNSET,
    exit_reason: ExitReason | Unset = UNSET,
    from_: datetime.datetime | Unset = UNSET,
    to: datetime.datetime | Unset = UNSET,
    scope: HistoryScope | Unset = UNSET,
    cursor: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> HistoryPage | Problem | None:
    """Search the history of conversations

     Ended and open conversations, newest first, that meet every filter given. `q`
    finds conversations with a message holding all its words (in any order, whole
    words, case and accents ignored) among the texts customers, agents and the bot
    wrote (titles and summaries of articles included; not internal notes, not the
    server's notices). Agents find what `scope` allows within what they see;
    customers find their own conversations only, without tags. Cursor-paginated.

    Args:
        q (str | Unset):
        customer_id (UUID | Unset):
        email (str | Unset):
        agent_id (UUID | Unset):
        group_id (UUID | Unset):
        tag_id (UUID | Unset):
        status (ConversationStatus | Unset): Where a conversation is: `waiting` (in the Live
            list's queue, or a left message),
            `active` (served by an agent) or `ended`.
        exit_reason (ExitReason | Unset): Why a conversation ended.
        from_ (datetime.datetime | Unset):
        to (datetime.datetime | Unset):
        scope (HistoryScope | Unset): Whose conversations an agent searches.
        cursor (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        HistoryPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            q=q,
            customer_id=customer_id,
            email=email,
            agent_id=agent_id,
            group_id=group_id,
            tag_id=tag_id,
            status=status,
            exit_reason=exit_reason,
            from_=from_,
            to=to,
            scope=scope,
            cursor=cursor,
            limit=limit,
        )
    ).parsed
