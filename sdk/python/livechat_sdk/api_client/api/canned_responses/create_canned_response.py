from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.canned_response import CannedResponse
from ...models.create_canned_response import CreateCannedResponse
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CreateCannedResponse,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/canned-responses",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CannedResponse | Problem | None:
    if response.status_code == 201:
        response_201 = CannedResponse.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CannedResponse | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateCannedResponse,
    idempotency_key: str | Unset = UNSET,
) -> Response[CannedResponse | Problem]:
    """Create a canned response

     Any agent creates `personal` ones for themselves; `group` and `global` ones are
    for admins (403). An unknown placeholder in `body` or a bad short code is 422; a
    short code taken in the same scope is 409 `short_code_taken`.

    Args:
        idempotency_key (str | Unset):
        body (CreateCannedResponse): A new canned response. Example: {'body': 'Hi
            {{customer.name}}, your refund for order {{variables.order_id}} is on its way.', 'scope':
            'global', 'short_code': '/refund', 'title': 'Refund on its way'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CannedResponse | Problem]
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
    body: CreateCannedResponse,
    idempotency_key: str | Unset = UNSET,
) -> CannedResponse | Problem | None:
    """Create a canned response

     Any agent creates `personal` ones for themselves; `group` and `global` ones are
    for admins (403). An unknown placeholder in `body` or a bad short code is 422; a
    short code taken in the same scope is 409 `short_code_taken`.

    Args:
        idempotency_key (str | Unset):
        body (CreateCannedResponse): A new canned response. Example: {'body': 'Hi
            {{customer.name}}, your refund for order {{variables.order_id}} is on its way.', 'scope':
            'global', 'short_code': '/refund', 'title': 'Refund on its way'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CannedResponse | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CreateCannedResponse,
    idempotency_key: str | Unset = UNSET,
) -> Response[CannedResponse | Problem]:
    """Create a canned response

     Any agent creates `personal` ones for themselves; `group` and `global` ones are
    for admins (403). An unknown placeholder in `body` or a bad short code is 422; a
    short code taken in the same scope is 409 `short_code_taken`.

    Args:
        idempotency_key (str | Unset):
        body (CreateCannedResponse): A new canned response. Example: {'body': 'Hi
            {{customer.name}}, your refund for order {{variables.order_id}} is on its way.', 'scope':
            'global', 'short_code': '/refund', 'title': 'Refund on its way'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CannedResponse | Problem]
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
    body: CreateCannedResponse,
    idempotency_key: str | Unset = UNSET,
) -> CannedResponse | Problem | None:
    """Create a canned response

     Any agent creates `personal` ones for themselves; `group` and `global` ones are
    for admins (403). An unknown placeholder in `body` or a bad short code is 422; a
    short code taken in the same scope is 409 `short_code_taken`.

    Args:
        idempotency_key (str | Unset):
        body (CreateCannedResponse): A new canned response. Example: {'body': 'Hi
            {{customer.name}}, your refund for order {{variables.order_id}} is on its way.', 'scope':
            'global', 'short_code': '/refund', 'title': 'Refund on its way'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CannedResponse | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
