from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.attachment import Attachment
from ...models.problem import Problem
from ...types import UNSET, File, Response


def _get_kwargs(
    conversation_id: UUID,
    *,
    body: File,
    name: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["name"] = name

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/conversations/{conversation_id}/attachments".format(
            conversation_id=quote(str(conversation_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Attachment | Problem | None:
    if response.status_code == 201:
        response_201 = Attachment.from_dict(response.json())

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
) -> Response[Attachment | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    conversation_id: UUID,
    *,
    client: AuthenticatedClient,
    body: File,
    name: str,
) -> Response[Attachment | Problem]:
    """Upload a file into a conversation (customer or serving agent)

     The body is the file's bytes, streamed to storage as they arrive (any
    `Content-Type`); `name` is its file name. The server finds the type in the bytes:
    a type the module does not accept is 415 `file_type_not_allowed`, whatever the
    name says. Over the module's `attachments.max_bytes` (10 MiB by default) is 413
    `file_too_large` — at once when `Content-Length` says so, else when the bytes
    pass it; over the customer's quota is 413 `quota_exceeded`. With a malware check
    configured the answer comes once it passed (422 `file_rejected` otherwise).

    Who may upload is who may write a message: the customer while the chat is open,
    the agent who serves it. The file is sent with a message's `attachment_ids`;
    uploads no message carries are deleted after `attachment_unsent_ttl_secs`
    (a day by default). A retry uploads again: uploads take no `Idempotency-Key`.

    Args:
        conversation_id (UUID):
        name (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Attachment | Problem]
    """

    kwargs = _get_kwargs(
        conversation_id=conversation_id,
        body=body,
        name=name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    conversation_id: UUID,
    *,
    client: AuthenticatedClient,
    body: File,
    name: str,
) -> Attachment | Problem | None:
    """Upload a file into a conversation (customer or serving agent)

     The body is the file's bytes, streamed to storage as they arrive (any
    `Content-Type`); `name` is its file name. The server finds the type in the bytes:
    a type the module does not accept is 415 `file_type_not_allowed`, whatever the
    name says. Over the module's `attachments.max_bytes` (10 MiB by default) is 413
    `file_too_large` — at once when `Content-Length` says so, else when the bytes
    pass it; over the customer's quota is 413 `quota_exceeded`. With a malware check
    configured the answer comes once it passed (422 `file_rejected` otherwise).

    Who may upload is who may write a message: the customer while the chat is open,
    the agent who serves it. The file is sent with a message's `attachment_ids`;
    uploads no message carries are deleted after `attachment_unsent_ttl_secs`
    (a day by default). A retry uploads again: uploads take no `Idempotency-Key`.

    Args:
        conversation_id (UUID):
        name (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Attachment | Problem
    """

    return sync_detailed(
        conversation_id=conversation_id,
        client=client,
        body=body,
        name=name,
    ).parsed


async def asyncio_detailed(
    conversation_id: UUID,
    *,
    client: AuthenticatedClient,
    body: File,
    name: str,
) -> Response[Attachment | Problem]:
    """Upload a file into a conversation (customer or serving agent)

     The body is the file's bytes, streamed to storage as they arrive (any
    `Content-Type`); `name` is its file name. The server finds the type in the bytes:
    a type the module does not accept is 415 `file_type_not_allowed`, whatever the
    name says. Over the module's `attachments.max_bytes` (10 MiB by default) is 413
    `file_too_large` — at once when `Content-Length` says so, else when the bytes
    pass it; over the customer's quota is 413 `quota_exceeded`. With a malware check
    configured the answer comes once it passed (422 `file_rejected` otherwise).

    Who may upload is who may write a message: the customer while the chat is open,
    the agent who serves it. The file is sent with a message's `attachment_ids`;
    uploads no message carries are deleted after `attachment_unsent_ttl_secs`
    (a day by default). A retry uploads again: uploads take no `Idempotency-Key`.

    Args:
        conversation_id (UUID):
        name (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Attachment | Problem]
    """

    kwargs = _get_kwargs(
        conversation_id=conversation_id,
        body=body,
        name=name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    conversation_id: UUID,
    *,
    client: AuthenticatedClient,
    body: File,
    name: str,
) -> Attachment | Problem | None:
    """Upload a file into a conversation (customer or serving agent)

     The body is the file's bytes, streamed to storage as they arrive (any
    `Content-Type`); `name` is its file name. The server finds the type in the bytes:
    a type the module does not accept is 415 `file_type_not_allowed`, whatever the
    name says. Over the module's `attachments.max_bytes` (10 MiB by default) is 413
    `file_too_large` — at once when `Content-Length` says so, else when the bytes
    pass it; over the customer's quota is 413 `quota_exceeded`. With a malware check
    configured the answer comes once it passed (422 `file_rejected` otherwise).

    Who may upload is who may write a message: the customer while the chat is open,
    the agent who serves it. The file is sent with a message's `attachment_ids`;
    uploads no message carries are deleted after `attachment_unsent_ttl_secs`
    (a day by default). A retry uploads again: uploads take no `Idempotency-Key`.

    Args:
        conversation_id (UUID):
        name (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Attachment | Problem
    """

    return (
        await asyncio_detailed(
            conversation_id=conversation_id,
            client=client,
            body=body,
            name=name,
        )
    ).parsed
