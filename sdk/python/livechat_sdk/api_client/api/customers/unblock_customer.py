from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.customer import Customer
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    customer_id: UUID,
    *,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/customers/{customer_id}/unblock".format(
            customer_id=quote(str(customer_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Customer | Problem | None:
    if response.status_code == 200:
        response_200 = Customer.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Customer | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    customer_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[Customer | Problem]:
    """Unblock a customer (admin)

     The customer may enter again (`POST /v1/entries`) and get customer tokens
    (`POST /v1/customer-tokens`), which answer 403 `customer_blocked` while blocked.
    Streams get `customer.unblocked`; unblocking a customer who is not blocked changes
    nothing. The conversation that ended with `blocked` stays ended.

    Args:
        customer_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Customer | Problem]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    customer_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Customer | Problem | None:
    """Unblock a customer (admin)

     The customer may enter again (`POST /v1/entries`) and get customer tokens
    (`POST /v1/customer-tokens`), which answer 403 `customer_blocked` while blocked.
    Streams get `customer.unblocked`; unblocking a customer who is not blocked changes
    nothing. The conversation that ended with `blocked` stays ended.

    Args:
        customer_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Customer | Problem
    """

    return sync_detailed(
        customer_id=customer_id,
        client=client,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    customer_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Response[Customer | Problem]:
    """Unblock a customer (admin)

     The customer may enter again (`POST /v1/entries`) and get customer tokens
    (`POST /v1/customer-tokens`), which answer 403 `customer_blocked` while blocked.
    Streams get `customer.unblocked`; unblocking a customer who is not blocked changes
    nothing. The conversation that ended with `blocked` stays ended.

    Args:
        customer_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Customer | Problem]
    """

    kwargs = _get_kwargs(
        customer_id=customer_id,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    customer_id: UUID,
    *,
    client: AuthenticatedClient,
    idempotency_key: str | Unset = UNSET,
) -> Customer | Problem | None:
    """Unblock a customer (admin)

     The customer may enter again (`POST /v1/entries`) and get customer tokens
    (`POST /v1/customer-tokens`), which answer 403 `customer_blocked` while blocked.
    Streams get `customer.unblocked`; unblocking a customer who is not blocked changes
    nothing. The conversation that ended with `blocked` stays ended.

    Args:
        customer_id (UUID):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Customer | Problem
    """

    return (
        await asyncio_detailed(
            customer_id=customer_id,
            client=client,
            idempotency_key=idempotency_key,
        )
    ).parsed
