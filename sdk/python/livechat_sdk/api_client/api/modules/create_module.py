from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.module import Module
from ...models.module_config import ModuleConfig
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ModuleConfig,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/modules",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Module | Problem | None:
    if response.status_code == 201:
        response_201 = Module.from_dict(response.json())

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Module | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ModuleConfig,
    idempotency_key: str | Unset = UNSET,
) -> Response[Module | Problem]:
    """Create a module configuration (admin)

     Creates version 1; the bot platform passes its `id` as `module_id` to
    `POST /v1/entries`. Absent `texts` take the defaults; quick reply `id`s must be
    unique (422).

    Args:
        idempotency_key (str | Unset):
        body (ModuleConfig): A module configuration as written by an admin. Example:
            {'async_enabled': True, 'business_hours': {'closed_dates': [], 'time_zone':
            'Europe/Berlin', 'weekly': [{'closes': '17:30', 'day': 'monday', 'opens': '09:00'}]},
            'csat': {'change_window_secs': 300, 'scale': 'good_bad'}, 'fallback_target': {'id':
            'contact-form', 'kind': 'subprocess'}, 'keep_chats_when_agent_offline': False,
            'max_active_chats': 3, 'name': 'Support live chat', 'quick_replies': [{'experience_id':
            'faq-experience', 'id': 'faq', 'label': 'Browse the FAQ'}], 'request_email': True,
            'routing': 'auto', 'send_transcript': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Module | Problem]
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
    body: ModuleConfig,
    idempotency_key: str | Unset = UNSET,
) -> Module | Problem | None:
    """Create a module configuration (admin)

     Creates version 1; the bot platform passes its `id` as `module_id` to
    `POST /v1/entries`. Absent `texts` take the defaults; quick reply `id`s must be
    unique (422).

    Args:
        idempotency_key (str | Unset):
        body (ModuleConfig): A module configuration as written by an admin. Example:
            {'async_enabled': True, 'business_hours': {'closed_dates': [], 'time_zone':
            'Europe/Berlin', 'weekly': [{'closes': '17:30', 'day': 'monday', 'opens': '09:00'}]},
            'csat': {'change_window_secs': 300, 'scale': 'good_bad'}, 'fallback_target': {'id':
            'contact-form', 'kind': 'subprocess'}, 'keep_chats_when_agent_offline': False,
            'max_active_chats': 3, 'name': 'Support live chat', 'quick_replies': [{'experience_id':
            'faq-experience', 'id': 'faq', 'label': 'Browse the FAQ'}], 'request_email': True,
            'routing': 'auto', 'send_transcript': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Module | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ModuleConfig,
    idempotency_key: str | Unset = UNSET,
) -> Response[Module | Problem]:
    """Create a module configuration (admin)

     Creates version 1; the bot platform passes its `id` as `module_id` to
    `POST /v1/entries`. Absent `texts` take the defaults; quick reply `id`s must be
    unique (422).

    Args:
        idempotency_key (str | Unset):
        body (ModuleConfig): A module configuration as written by an admin. Example:
            {'async_enabled': True, 'business_hours': {'closed_dates': [], 'time_zone':
            'Europe/Berlin', 'weekly': [{'closes': '17:30', 'day': 'monday', 'opens': '09:00'}]},
            'csat': {'change_window_secs': 300, 'scale': 'good_bad'}, 'fallback_target': {'id':
            'contact-form', 'kind': 'subprocess'}, 'keep_chats_when_agent_offline': False,
            'max_active_chats': 3, 'name': 'Support live chat', 'quick_replies': [{'experience_id':
            'faq-experience', 'id': 'faq', 'label': 'Browse the FAQ'}], 'request_email': True,
            'routing': 'auto', 'send_transcript': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Module | Problem]
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
    body: ModuleConfig,
    idempotency_key: str | Unset = UNSET,
) -> Module | Problem | None:
    """Create a module configuration (admin)

     Creates version 1; the bot platform passes its `id` as `module_id` to
    `POST /v1/entries`. Absent `texts` take the defaults; quick reply `id`s must be
    unique (422).

    Args:
        idempotency_key (str | Unset):
        body (ModuleConfig): A module configuration as written by an admin. Example:
            {'async_enabled': True, 'business_hours': {'closed_dates': [], 'time_zone':
            'Europe/Berlin', 'weekly': [{'closes': '17:30', 'day': 'monday', 'opens': '09:00'}]},
            'csat': {'change_window_secs': 300, 'scale': 'good_bad'}, 'fallback_target': {'id':
            'contact-form', 'kind': 'subprocess'}, 'keep_chats_when_agent_offline': False,
            'max_active_chats': 3, 'name': 'Support live chat', 'quick_replies': [{'experience_id':
            'faq-experience', 'id': 'faq', 'label': 'Browse the FAQ'}], 'request_email': True,
            'routing': 'auto', 'send_transcript': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Module | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
