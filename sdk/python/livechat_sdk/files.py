"""Files in chats: upload a path, bytes or an open file into a conversation (streamed,
with progress), download one as bytes or into a file."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO
from uuid import UUID

from .api_client import AuthenticatedClient
from .api_client.models import Attachment, Problem
from .clients import ApiError

CHUNK = 256 * 1024
Progress = Callable[[int, "int | None"], None]


def _problem(response) -> ApiError:
    try:
        return ApiError(Problem.from_dict(response.json()))
    except ValueError:
        problem = {"type": "about:blank", "title": "Error", "status": response.status_code, "detail": response.text}
        return ApiError(Problem.from_dict({**problem, "code": "request_failed"}))


def _chunks(source: BinaryIO, total: int | None, on_progress: Progress | None) -> Iterator[bytes]:
    sent = 0
    while chunk := source.read(CHUNK):
        sent += len(chunk)
        if on_progress:
            on_progress(sent, total)
        yield chunk


def upload_file(
    client: AuthenticatedClient,
    conversation_id: UUID | str,
    file: str | os.PathLike[str] | bytes | BinaryIO,
    *,
    name: str | None = None,
    on_progress: Progress | None = None,
) -> Attachment:
    """Uploads a file into a conversation and returns its attachment; send it with
    `SendMessage(attachment_ids=[attachment.id])`. A path is streamed from disk, never read
    whole; `on_progress(sent, total)` is called as the bytes go. Refusals raise `ApiError`
    (`file_type_not_allowed` 415, `file_too_large` or `quota_exceeded` 413)."""
    if isinstance(file, bytes):
        return _upload(client, conversation_id, name or "file", iter([file]), len(file), on_progress)
    if isinstance(file, (str, os.PathLike)):
        path = Path(file)
        with path.open("rb") as source:
            size = path.stat().st_size
            return _upload(client, conversation_id, name or path.name, _chunks(source, size, on_progress), size, None)
    given = name or Path(getattr(file, "name", "file")).name
    return _upload(client, conversation_id, given, _chunks(file, None, on_progress), None, None)


def _upload(
    client: AuthenticatedClient,
    conversation_id: UUID | str,
    name: str,
    content: Iterator[bytes],
    size: int | None,
    on_progress: Progress | None,
) -> Attachment:
    headers = {"Content-Type": "application/octet-stream"}
    if size is not None:
        headers["Content-Length"] = str(size)
    response = client.get_httpx_client().post(
        f"/v1/conversations/{conversation_id}/attachments", params={"name": name}, content=content, headers=headers
    )
    if response.status_code != 201:
        raise _problem(response)
    if on_progress and size is not None:
        on_progress(size, size)
    return Attachment.from_dict(response.json())


def download_file(client: AuthenticatedClient, attachment_id: UUID | str, *, thumbnail: bool = False) -> bytes:
    """A file's bytes (or an image's thumbnail, a PNG). A file the caller may not read,
    like one that does not exist, raises `ApiError` with 404."""
    path = f"/v1/attachments/{attachment_id}" + ("/thumbnail" if thumbnail else "")
    response = client.get_httpx_client().get(path)
    if response.status_code != 200:
        raise _problem(response)
    return response.content


def save_file(client: AuthenticatedClient, attachment_id: UUID | str, target: str | os.PathLike[str]) -> int:
    """Streams a file into `target` without holding it in memory; returns its size."""
    with client.get_httpx_client().stream("GET", f"/v1/attachments/{attachment_id}") as response:
        if response.status_code != 200:
            response.read()
            raise _problem(response)
        written = 0
        with Path(target).open("wb") as out:
            for chunk in response.iter_bytes(CHUNK):
                out.write(chunk)
                written += len(chunk)
        return written
