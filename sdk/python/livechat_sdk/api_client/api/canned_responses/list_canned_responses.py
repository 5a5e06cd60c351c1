from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.canned_response_list import CannedResponseList
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    prefix: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["prefix"] = prefix

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/canned-responses",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CannedResponseList | Problem | None:
    if response.status_code == 200:
        response_200 = CannedResponseList.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CannedResponseList | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    prefix: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[CannedResponseList | Problem]:
    """List the canned responses the agent may use

     Their own, their groups' (every group's for admins and supervisors) and the
    global ones, by short code. `prefix` (a leading `/` is ignored) narrows them to
    short codes that start with it, for a `/` menu.

    Args:
        prefix (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CannedResponseList | Problem]
    """

    kwargs = _get_kwargs(
        prefix=prefix,
        limit=limit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    prefix: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> CannedResponseList | Problem | None:
    """List the canned responses the agent may use

     Their own, their groups' (every group's for admins and supervisors) and the
    global ones, by short code. `prefix` (a leading `/` is ignored) narrows them to
    short codes that start with it, for a `/` menu.

    Args:
        prefix (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CannedResponseList | Problem
    """

    return sync_detailed(
        client=client,
        prefix=prefix,
        limit=limit,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    prefix: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> Response[CannedResponseList | Problem]:
    """List the canned responses the agent may use

     Their own, their groups' (every group's for admins and supervisors) and the
    global ones, by short code. `prefix` (a leading `/` is ignored) narrows them to
    short codes that start with it, for a `/` menu.

    Args:
        prefix (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CannedResponseList | Problem]
    """

    kwargs = _get_kwargs(
        prefix=prefix,
        limit=limit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    prefix: str | Unset = UNSET,
    limit: int | Unset = UNSET,
) -> CannedResponseList | Problem | None:
    """List the canned responses the agent may use

     Their own, their groups' (every group's for admins and supervisors) and the
    global ones, by short code. `prefix` (a leading `/` is ignored) narrows them to
    short codes that start with it, for a `/` menu.

    Args:
        prefix (str | Unset):
        limit (int | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CannedResponseList | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            prefix=prefix,
            limit=limit,
        )
    ).parsed
