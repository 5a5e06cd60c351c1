from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    attachment_id: UUID,
    *,
    range_: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
    if_range: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(range_, Unset):
        headers["Range"] = range_

    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    if not isinstance(if_range, Unset):
        headers["If-Range"] = if_range

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/attachments/{attachment_id}".format(
            attachment_id=quote(str(attachment_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | File | Problem | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 206:
        response_206 = File(payload=BytesIO(response.content))

        return response_206

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 416:
        response_416 = Problem.from_dict(response.json())

        return response_416

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
) -> Response[Any | File | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    attachment_id: UUID,
    *,
    client: AuthenticatedClient,
    range_: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
    if_range: str | Unset = UNSET,
) -> Response[Any | File | Problem]:
    """Download a file (the conversation's customer and agents, admins)

     The customer reads every file of their conversations; agents who see the
    conversation read its sent files; an upload not sent yet is read by its uploader
    only; admins read all (as for an export). Anyone else gets 404, as for a file
    that does not exist. Answers carry the type found in the bytes,
    `X-Content-Type-Options: nosniff`, a `Content-Security-Policy` that runs nothing,
    and `Content-Disposition: attachment` except for raster images. One `Range` is
    honoured (206); `ETag` is the SHA-256, for `If-None-Match` (304) and `If-Range`.

    Args:
        attachment_id (UUID):
        range_ (str | Unset):
        if_none_match (str | Unset):
        if_range (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | File | Problem]
    """

    kwargs = _get_kwargs(
        attachment_id=attachment_id,
        range_=range_,
        if_none_match=if_none_match,
        if_range=if_range,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    attachment_id: UUID,
    *,
    client: AuthenticatedClient,
    range_: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
    if_range: str | Unset = UNSET,
) -> Any | File | Problem | None:
    """Download a file (the conversation's customer and agents, admins)

     The customer reads every file of their conversations; agents who see the
    conversation read its sent files; an upload not sent yet is read by its uploader
    only; admins read all (as for an export). Anyone else gets 404, as for a file
    that does not exist. Answers carry the type found in the bytes,
    `X-Content-Type-Options: nosniff`, a `Content-Security-Policy` that runs nothing,
    and `Content-Disposition: attachment` except for raster images. One `Range` is
    honoured (206); `ETag` is the SHA-256, for `If-None-Match` (304) and `If-Range`.

    Args:
        attachment_id (UUID):
        range_ (str | Unset):
        if_none_match (str | Unset):
        if_range (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | File | Problem
    """

    return sync_detailed(
        attachment_id=attachment_id,
        client=client,
        range_=range_,
        if_none_match=if_none_match,
        if_range=if_range,
    ).parsed


async def asyncio_detailed(
    attachment_id: UUID,
    *,
    client: AuthenticatedClient,
    range_: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
    if_range: str | Unset = UNSET,
) -> Response[Any | File | Problem]:
    """Download a file (the conversation's customer and agents, admins)

     The customer reads every file of their conversations; agents who see the
    conversation read its sent files; an upload not sent yet is read by its uploader
    only; admins read all (as for an export). Anyone else gets 404, as for a file
    that does not exist. Answers carry the type found in the bytes,
    `X-Content-Type-Options: nosniff`, a `Content-Security-Policy` that runs nothing,
    and `Content-Disposition: attachment` except for raster images. One `Range` is
    honoured (206); `ETag` is the SHA-256, for `If-None-Match` (304) and `If-Range`.

    Args:
        attachment_id (UUID):
        range_ (str | Unset):
        if_none_match (str | Unset):
        if_range (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | File | Problem]
    """

    kwargs = _get_kwargs(
        attachment_id=attachment_id,
        range_=range_,
        if_none_match=if_none_match,
        if_range=if_range,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    attachment_id: UUID,
    *,
    client: AuthenticatedClient,
    range_: str | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
    if_range: str | Unset = UNSET,
) -> Any | File | Problem | None:
    """Download a file (the conversation's customer and agents, admins)

     The customer reads every file of their conversations; agents who see the
    conversation read its sent files; an upload not sent yet is read by its uploader
    only; admins read all (as for an export). Anyone else gets 404, as for a file
    that does not exist. Answers carry the type found in the bytes,
    `X-Content-Type-Options: nosniff`, a `Content-Security-Policy` that runs nothing,
    and `Content-Disposition: attachment` except for raster images. One `Range` is
    honoured (206); `ETag` is the SHA-256, for `If-None-Match` (304) and `If-Range`.

    Args:
        attachment_id (UUID):
        range_ (str | Unset):
        if_none_match (str | Unset):
        if_range (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | File | Problem
    """

    return (
        await asyncio_detailed(
            attachment_id=attachment_id,
            client=client,
            range_=range_,
            if_none_match=if_none_match,
            if_range=if_range,
        )
    ).parsed
