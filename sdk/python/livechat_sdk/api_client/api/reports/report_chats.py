import datetime
from http import HTTPStatus
from typing import Any
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.chat_report import ChatReport
from ...models.problem import Problem
from ...models.report_bucket import ReportBucket
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    from_: datetime.datetime,
    to: datetime.datetime,
    time_zone: str | Unset = "UTC",
    bucket: ReportBucket | Unset = UNSET,
    group_id: UUID | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_from_ = from_.isoformat()
    params["from"] = json_from_

    json_to = to.isoformat()
    params["to"] = json_to

    params["time_zone"] = time_zone

    json_bucket: str | Unset = UNSET
    if not isinstance(bucket, Unset):
        json_bucket = bucket.value

    params["bucket"] = json_bucket

    json_group_id: str | Unset = UNSET
    if not isinstance(group_id, Unset):
        json_group_id = str(group_id)
    params["group_id"] = json_group_id

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reports/chats",
        "params": params,
    }

    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ChatReport | Problem | None:
    if response.status_code == 200:
        response_200 = ChatReport.from_dict(response.json())

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
) -> Response[ChatReport | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime,
    to: datetime.datetime,
    time_zone: str | Unset = "UTC",
    bucket: ReportBucket | Unset = UNSET,
    group_id: UUID | Unset = UNSET,
) -> Response[ChatReport | Problem]:
    """Report on chats (admins, supervisors; agents for their groups)

     The chats that entered from `from` to `to` (at most 366 days), counted exactly
    from the stored conversations: entered, served, missed (ended waiting, not by the
    customer), abandoned (left by the customer while waiting); wait to the first agent,
    first response and duration (p50 and p90, nearest rank); messages per served chat;
    CSAT (count, share good, average of five-point ratings). In `buckets` of an hour,
    a day or a week (from Monday) in `time_zone`, empty ones included; per group, and
    per agent (a chat counts for the agent who served it last) with online time from
    the presence changes in the event log (absent once the log no longer reaches the
    range's start) and occupancy. Agents must give `group_id`, one of their groups.

    Args:
        from_ (datetime.datetime):
        to (datetime.datetime):
        time_zone (str | Unset):  Default: 'UTC'.
        bucket (ReportBucket | Unset): The width of a report's buckets, in the report's time zone.
        group_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatReport | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        time_zone=time_zone,
        bucket=bucket,
        group_id=group_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime,
    to: datetime.datetime,
    time_zone: str | Unset = "UTC",
    bucket: ReportBucket | Unset = UNSET,
    group_id: UUID | Unset = UNSET,
) -> ChatReport | Problem | None:
    """Report on chats (admins, supervisors; agents for their groups)

     The chats that entered from `from` to `to` (at most 366 days), counted exactly
    from the stored conversations: entered, served, missed (ended waiting, not by the
    customer), abandoned (left by the customer while waiting); wait to the first agent,
    first response and duration (p50 and p90, nearest rank); messages per served chat;
    CSAT (count, share good, average of five-point ratings). In `buckets` of an hour,
    a day or a week (from Monday) in `time_zone`, empty ones included; per group, and
    per agent (a chat counts for the agent who served it last) with online time from
    the presence changes in the event log (absent once the log no longer reaches the
    range's start) and occupancy. Agents must give `group_id`, one of their groups.

    Args:
        from_ (datetime.datetime):
        to (datetime.datetime):
        time_zone (str | Unset):  Default: 'UTC'.
        bucket (ReportBucket | Unset): The width of a report's buckets, in the report's time zone.
        group_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatReport | Problem
    """

    return sync_detailed(
        client=client,
        from_=from_,
        to=to,
        time_zone=time_zone,
        bucket=bucket,
        group_id=group_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime,
    to: datetime.datetime,
    time_zone: str | Unset = "UTC",
    bucket: ReportBucket | Unset = UNSET,
    group_id: UUID | Unset = UNSET,
) -> Response[ChatReport | Problem]:
    """Report on chats (admins, supervisors; agents for their groups)

     The chats that entered from `from` to `to` (at most 366 days), counted exactly
    from the stored conversations: entered, served, missed (ended waiting, not by the
    customer), abandoned (left by the customer while waiting); wait to the first agent,
    first response and duration (p50 and p90, nearest rank); messages per served chat;
    CSAT (count, share good, average of five-point ratings). In `buckets` of an hour,
    a day or a week (from Monday) in `time_zone`, empty ones included; per group, and
    per agent (a chat counts for the agent who served it last) with online time from
    the presence changes in the event log (absent once the log no longer reaches the
    range's start) and occupancy. Agents must give `group_id`, one of their groups.

    Args:
        from_ (datetime.datetime):
        to (datetime.datetime):
        time_zone (str | Unset):  Default: 'UTC'.
        bucket (ReportBucket | Unset): The width of a report's buckets, in the report's time zone.
        group_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ChatReport | Problem]
    """

    kwargs = _get_kwargs(
        from_=from_,
        to=to,
        time_zone=time_zone,
        bucket=bucket,
        group_id=group_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    from_: datetime.datetime,
    to: datetime.datetime,
    time_zone: str | Unset = "UTC",
    bucket: ReportBucket | Unset = UNSET,
    group_id: UUID | Unset = UNSET,
) -> ChatReport | Problem | None:
    """Report on chats (admins, supervisors; agents for their groups)

     The chats that entered from `from` to `to` (at most 366 days), counted exactly
    from the stored conversations: entered, served, missed (ended waiting, not by the
    customer), abandoned (left by the customer while waiting); wait to the first agent,
    first response and duration (p50 and p90, nearest rank); messages per served chat;
    CSAT (count, share good, average of five-point ratings). In `buckets` of an hour,
    a day or a week (from Monday) in `time_zone`, empty ones included; per group, and
    per agent (a chat counts for the agent who served it last) with online time from
    the presence changes in the event log (absent once the log no longer reaches the
    range's start) and occupancy. Agents must give `group_id`, one of their groups.

    Args:
        from_ (datetime.datetime):
        to (datetime.datetime):
        time_zone (str | Unset):  Default: 'UTC'.
        bucket (ReportBucket | Unset): The width of a report's buckets, in the report's time zone.
        group_id (UUID | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ChatReport | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            from_=from_,
            to=to,
            time_zone=time_zone,
            bucket=bucket,
            group_id=group_id,
        )
    ).parsed
