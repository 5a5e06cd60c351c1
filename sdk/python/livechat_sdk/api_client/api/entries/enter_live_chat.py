from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.enter_live_chat import EnterLiveChat
from ...models.entry_result import EntryResult
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: EnterLiveChat,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/entries",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> EntryResult | Problem | None:
    if response.status_code == 200:
        response_200 = EntryResult.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = EntryResult.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 408:
        response_408 = Problem.from_dict(response.json())

        return response_408

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())

        return response_415

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
) -> Response[EntryResult | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EnterLiveChat,
    idempotency_key: str | Unset = UNSET,
) -> Response[EntryResult | Problem]:
    """Enter a customer into the live-chat module (bot platform)

     The conversation becomes `waiting` in the Live list and any online agent can take
    it over. With async chatting off, nobody online and no `live_in_force_start`, the
    module exits at once (`outcome: exited`). A customer with an open conversation gets
    that one back. Blocked customers are refused with 403 `customer_blocked`.

    Args:
        idempotency_key (str | Unset):
        body (EnterLiveChat): A customer entering the live-chat module. Example: {'customer':
            {'display_name': 'Grace', 'email': None, 'external_id': 'customer-42'}, 'history':
            [{'author': 'customer', 'sent_at': None, 'text': 'I need a human, please'}], 'module_id':
            '00000000-0000-0000-0000-000000000000', 'process_ref': 'process-run-7', 'tags': ['vip'],
            'variables': {'live_in_force_start': False}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EntryResult | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: EnterLiveChat,
    idempotency_key: str | Unset = UNSET,
) -> EntryResult | Problem | None:
    """Enter a customer into the live-chat module (bot platform)

     The conversation becomes `waiting` in the Live list and any online agent can take
    it over. With async chatting off, nobody online and no `live_in_force_start`, the
    module exits at once (`outcome: exited`). A customer with an open conversation gets
    that one back. Blocked customers are refused with 403 `customer_blocked`.

    Args:
        idempotency_key (str | Unset):
        body (EnterLiveChat): A customer entering the live-chat module. Example: {'customer':
            {'display_name': 'Grace', 'email': None, 'external_id': 'customer-42'}, 'history':
            [{'author': 'customer', 'sent_at': None, 'text': 'I need a human, please'}], 'module_id':
            '00000000-0000-0000-0000-000000000000', 'process_ref': 'process-run-7', 'tags': ['vip'],
            'variables': {'live_in_force_start': False}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EntryResult | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EnterLiveChat,
    idempotency_key: str | Unset = UNSET,
) -> Response[EntryResult | Problem]:
    """Enter a customer into the live-chat module (bot platform)

     The conversation becomes `waiting` in the Live list and any online agent can take
    it over. With async chatting off, nobody online and no `live_in_force_start`, the
    module exits at once (`outcome: exited`). A customer with an open conversation gets
    that one back. Blocked customers are refused with 403 `customer_blocked`.

    Args:
        idempotency_key (str | Unset):
        body (EnterLiveChat): A customer entering the live-chat module. Example: {'customer':
            {'display_name': 'Grace', 'email': None, 'external_id': 'customer-42'}, 'history':
            [{'author': 'customer', 'sent_at': None, 'text': 'I need a human, please'}], 'module_id':
            '00000000-0000-0000-0000-000000000000', 'process_ref': 'process-run-7', 'tags': ['vip'],
            'variables': {'live_in_force_start': False}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EntryResult | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: EnterLiveChat,
    idempotency_key: str | Unset = UNSET,
) -> EntryResult | Problem | None:
    """Enter a customer into the live-chat module (bot platform)

     The conversation becomes `waiting` in the Live list and any online agent can take
    it over. With async chatting off, nobody online and no `live_in_force_start`, the
    module exits at once (`outcome: exited`). A customer with an open conversation gets
    that one back. Blocked customers are refused with 403 `customer_blocked`.

    Args:
        idempotency_key (str | Unset):
        body (EnterLiveChat): A customer entering the live-chat module. Example: {'customer':
            {'display_name': 'Grace', 'email': None, 'external_id': 'customer-42'}, 'history':
            [{'author': 'customer', 'sent_at': None, 'text': 'I need a human, please'}], 'module_id':
            '00000000-0000-0000-0000-000000000000', 'process_ref': 'process-run-7', 'tags': ['vip'],
            'variables': {'live_in_force_start': False}}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EntryResult | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
