from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.update_webhook_endpoint import UpdateWebhookEndpoint
from ...models.webhook_endpoint import WebhookEndpoint
from ...types import Response


def _get_kwargs(
    endpoint_id: UUID,
    *,
    body: UpdateWebhookEndpoint,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/webhooks/{endpoint_id}".format(
            endpoint_id=quote(str(endpoint_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json; charset=utf-8"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | WebhookEndpoint | None:
    if response.status_code == 200:
        response_200 = WebhookEndpoint.from_dict(response.json())

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

    if response.status_code == 408:
        response_408 = Problem.from_dict(response.json())

        return response_408

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
) -> Response[Problem | WebhookEndpoint]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    endpoint_id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookEndpoint,
) -> Response[Problem | WebhookEndpoint]:
    """Change, enable or disable a webhook endpoint (admin)

     Absent fields stay; `url` and `event_types` are checked as on registration (422).
    `enabled: true` re-enables an endpoint and clears `disabled_reason` and
    `failing_since`. While an endpoint is disabled no event is queued for it, exits
    included, and deliveries already queued fail their attempts until it is enabled
    again or they give up.

    Args:
        endpoint_id (UUID):
        body (UpdateWebhookEndpoint): Changes to an endpoint; absent fields stay. Example:
            {'enabled': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpoint]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    endpoint_id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookEndpoint,
) -> Problem | WebhookEndpoint | None:
    """Change, enable or disable a webhook endpoint (admin)

     Absent fields stay; `url` and `event_types` are checked as on registration (422).
    `enabled: true` re-enables an endpoint and clears `disabled_reason` and
    `failing_since`. While an endpoint is disabled no event is queued for it, exits
    included, and deliveries already queued fail their attempts until it is enabled
    again or they give up.

    Args:
        endpoint_id (UUID):
        body (UpdateWebhookEndpoint): Changes to an endpoint; absent fields stay. Example:
            {'enabled': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpoint
    """

    return sync_detailed(
        endpoint_id=endpoint_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    endpoint_id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookEndpoint,
) -> Response[Problem | WebhookEndpoint]:
    """Change, enable or disable a webhook endpoint (admin)

     Absent fields stay; `url` and `event_types` are checked as on registration (422).
    `enabled: true` re-enables an endpoint and clears `disabled_reason` and
    `failing_since`. While an endpoint is disabled no event is queued for it, exits
    included, and deliveries already queued fail their attempts until it is enabled
    again or they give up.

    Args:
        endpoint_id (UUID):
        body (UpdateWebhookEndpoint): Changes to an endpoint; absent fields stay. Example:
            {'enabled': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | WebhookEndpoint]
    """

    kwargs = _get_kwargs(
        endpoint_id=endpoint_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    endpoint_id: UUID,
    *,
    client: AuthenticatedClient,
    body: UpdateWebhookEndpoint,
) -> Problem | WebhookEndpoint | None:
    """Change, enable or disable a webhook endpoint (admin)

     Absent fields stay; `url` and `event_types` are checked as on registration (422).
    `enabled: true` re-enables an endpoint and clears `disabled_reason` and
    `failing_since`. While an endpoint is disabled no event is queued for it, exits
    included, and deliveries already queued fail their attempts until it is enabled
    again or they give up.

    Args:
        endpoint_id (UUID):
        body (UpdateWebhookEndpoint): Changes to an endpoint; absent fields stay. Example:
            {'enabled': True}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | WebhookEndpoint
    """

    return (
        await asyncio_detailed(
            endpoint_id=endpoint_id,
            client=client,
            body=body,
        )
    ).parsed
