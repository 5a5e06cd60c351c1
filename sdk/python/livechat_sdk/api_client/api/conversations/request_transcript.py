from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.request_transcript import RequestTranscript
from ...models.transcript_queued import TranscriptQueued
from ...types import UNSET, Response, Unset


def _get_kwargs(
    conversation_id: UUID,
    *,
    body: RequestTranscript,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/conversations/{conversation_id}/transcript".format(
            conversation_id=quote(str(conversation_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TranscriptQueued | None:
    if response.status_code == 202:
        response_202 = TranscriptQueued.from_dict(response.json())

        return response_202

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
) -> Response[Problem | TranscriptQueued]:
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
    body: RequestTranscript,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | TranscriptQueued]:
    """Email the chat's transcript (customer, or an agent for them)

     The transcript holds what the customer saw — their messages, agents' and the
    bot's, articles as links — never internal notes or the server's notices. It goes
    out through the outbox like reply emails (once, retried, HTML and text), to
    `email` or the address known for the chat; two requests before it is queued send
    one email. A module with `send_transcript` sends it by itself when a served chat
    ends and an email is known. A blocked customer gets none (403).

    Args:
        conversation_id (UUID):
        idempotency_key (str | Unset):
        body (RequestTranscript): Where to send a transcript. Example: {'email':
            'grace@example.com'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TranscriptQueued]
    """

    kwargs = _get_kwargs(
        conversation_id=conversation_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    conversation_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RequestTranscript,
    idempotency_key: str | Unset = UNSET,
) -> Problem | TranscriptQueued | None:
    """Email the chat's transcript (customer, or an agent for them)

     The transcript holds what the customer saw — their messages, agents' and the
    bot's, articles as links — never internal notes or the server's notices. It goes
    out through the outbox like reply emails (once, retried, HTML and text), to
    `email` or the address known for the chat; two requests before it is queued send
    one email. A module with `send_transcript` sends it by itself when a served chat
    ends and an email is known. A blocked customer gets none (403).

    Args:
        conversation_id (UUID):
        idempotency_key (str | Unset):
        body (RequestTranscript): Where to send a transcript. Example: {'email':
            'grace@example.com'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TranscriptQueued
    """

    return sync_detailed(
        conversation_id=conversation_id,
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    conversation_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RequestTranscript,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | TranscriptQueued]:
    """Email the chat's transcript (customer, or an agent for them)

     The transcript holds what the customer saw — their messages, agents' and the
    bot's, articles as links — never internal notes or the server's notices. It goes
    out through the outbox like reply emails (once, retried, HTML and text), to
    `email` or the address known for the chat; two requests before it is queued send
    one email. A module with `send_transcript` sends it by itself when a served chat
    ends and an email is known. A blocked customer gets none (403).

    Args:
        conversation_id (UUID):
        idempotency_key (str | Unset):
        body (RequestTranscript): Where to send a transcript. Example: {'email':
            'grace@example.com'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TranscriptQueued]
    """

    kwargs = _get_kwargs(
        conversation_id=conversation_id,
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    conversation_id: UUID,
    *,
    client: AuthenticatedClient,
    body: RequestTranscript,
    idempotency_key: str | Unset = UNSET,
) -> Problem | TranscriptQueued | None:
    """Email the chat's transcript (customer, or an agent for them)

     The transcript holds what the customer saw — their messages, agents' and the
    bot's, articles as links — never internal notes or the server's notices. It goes
    out through the outbox like reply emails (once, retried, HTML and text), to
    `email` or the address known for the chat; two requests before it is queued send
    one email. A module with `send_transcript` sends it by itself when a served chat
    ends and an email is known. A blocked customer gets none (403).

    Args:
        conversation_id (UUID):
        idempotency_key (str | Unset):
        body (RequestTranscript): Where to send a transcript. Example: {'email':
            'grace@example.com'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TranscriptQueued
    """

    return (
        await asyncio_detailed(
            conversation_id=conversation_id,
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
