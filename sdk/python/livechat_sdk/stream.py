"""Typed, resuming readers of the agent and customer event streams (Server-Sent Events).

The server numbers stored events and replays everything after `Last-Event-ID`, so a
reader that reconnects with the last id it saw gets every event exactly once, in order.
"""

from __future__ import annotations

import codecs
import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass, field
from typing import Any

import httpx

from .api_client import models
from .api_client.client import AuthenticatedClient
from .api_client.models import Problem

AGENT_STREAM, CUSTOMER_STREAM = "/v1/streams/agent", "/v1/streams/customer"
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass
class SseMessage:
    event: str
    data: str
    id: str | None = None


@dataclass
class SseParser:
    """Turns decoded text into SSE messages. Only CR, LF and CRLF end lines (not U+2028 and
    the like, which JSON text may hold). Unlike a browser, an event without `id:` has no id
    (`typing`) instead of repeating the previous one. `retry:` and other fields are ignored."""

    _buffer: str = ""
    _event: str = ""
    _data: list[str] = field(default_factory=list)
    _id: str | None = None

    def feed(self, text: str) -> list[SseMessage]:
        buffer, start, messages = self._buffer + text, 0, []
        for end in _LINE_END.finditer(buffer):
            if end[0] == "\r" and end.end() == len(buffer):
                break  # may be the first half of a CRLF
            if (message := self._line(buffer[start : end.start()])) is not None:
                messages.append(message)
            start = end.end()
        self._buffer = buffer[start:]
        return messages

    def _line(self, line: str) -> SseMessage | None:
        if not line:  # a blank line dispatches
            message = SseMessage(self._event or "message", "\n".join(self._data), self._id) if self._data else None
            self._event, self._data, self._id = "", [], None
            return message
        if line.startswith(":"):  # a comment: the server's keep-alive
            return None
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "event":
            self._event = value
        elif name == "data":
            self._data.append(value)
        elif name == "id" and "\0" not in value:
            self._id = value
        return None


@dataclass
class UnknownEvent:
    """An event type this SDK's generated models do not know (a newer server)."""

    type_: str
    id: int | None
    data: Any


# Each event type's generated `StreamEvent…Event` class, read off the single-valued `…Type`
# enum the generator makes for the union's `type` discriminator.
EVENT_CLASSES: dict[str, type] = {
    member.value: getattr(models, name.removesuffix("Type"))
    for name in models.__all__
    if name.startswith("StreamEvent") and name.endswith("EventType")
    for member in getattr(models, name)
}


def parse_event(message: SseMessage) -> Any:
    """The message's `data:`, a whole `StreamEvent` as JSON, as the generated union member
    of its `type`."""
    event = json.loads(message.data)
    event_class = EVENT_CLASSES.get(event["type"])
    if event_class is None:
        return UnknownEvent(event["type"], event.get("id"), event.get("data"))
    return event_class.from_dict(event)


class StreamRefusedError(Exception):
    """The server refused the stream (401, 403, 404…); retrying cannot help."""

    def __init__(self, status_code: int, body: bytes):
        self.status_code, self.body, self.problem = status_code, body, None
        with suppress(ValueError, KeyError, TypeError):
            self.problem = Problem.from_dict(json.loads(body))
        detail = f"{self.problem.code}: {self.problem.detail}" if self.problem else body[:200].decode(errors="replace")
        super().__init__(f"stream refused ({status_code}) {detail}")


class EventStream:
    """Iterates a stream's events until `close()`, reconnecting after drops, silence longer
    than `read_timeout` (the server sends keep-alives every 15 s), 429/5xx answers and
    `stream.reconnect`, resuming after `last_event_id`. The wait before a reconnect starts at
    `initial_delay` and doubles up to `max_delay`; it starts over only after a connection
    that stayed up `stable_after` seconds. Closing from another thread shuts the socket
    down, which wakes a blocked read."""

    def __init__(
        self,
        client: AuthenticatedClient,
        path: str,
        *,
        last_event_id: int | None = None,
        read_timeout: float = 45.0,
        initial_delay: float = 0.25,
        max_delay: float = 10.0,
        stable_after: float = 5.0,
    ):
        self.client, self.path, self.last_event_id = client, path, last_event_id
        self.read_timeout, self.initial_delay, self.max_delay = read_timeout, initial_delay, max_delay
        self.stable_after = stable_after
        self.connects = 0
        self._closed = threading.Event()
        self._response: httpx.Response | None = None
        self._running = threading.Lock()  # held while a thread advances `_events`
        self._events = self._run()  # its body runs from the first `next()`

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        with self._running:
            return next(self._events)

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._closed.set()
        response = self._response  # read once: the reader thread may clear it meanwhile
        network = response.extensions.get("network_stream") if response is not None else None
        sock = network.get_extra_info("socket") if network is not None else None
        if sock is not None:
            with suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)  # wakes a read blocked in another thread
        if self._running.acquire(blocking=False):  # else a read is running: the shutdown ends it
            try:
                self._events.close()  # ends it and its response here
            finally:
                self._running.release()

    def _run(self) -> Iterator[Any]:
        delay = self.initial_delay
        while not self._closed.is_set():
            up_since = None  # when this connection's first event arrived
            with suppress(httpx.TransportError), closing(self._messages()) as messages:
                for message in messages:
                    if self._closed.is_set():  # the rest of the chunk is for nobody
                        return
                    up_since = up_since or time.monotonic()
                    event = parse_event(message)  # first: an event that fails to parse is not passed
                    if message.id and message.id.isdigit():
                        self.last_event_id = int(message.id)
                    yield event
                    if message.event == "stream.reconnect":
                        break
            # Only a connection that lasted starts the backoff over: a server that accepts
            # and drops at once must not be hammered.
            if up_since is not None and time.monotonic() - up_since >= self.stable_after:
                delay = self.initial_delay
            if self._closed.wait(delay):
                return
            delay = min(delay * 2, self.max_delay)

    def _messages(self) -> Iterator[SseMessage]:
        """One connection's messages; ends on a drop or a status worth retrying."""
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if self.last_event_id is not None:
            headers["Last-Event-ID"] = str(self.last_event_id)
        timeout = httpx.Timeout(10.0, read=self.read_timeout)
        with self.client.get_httpx_client().stream("GET", self.path, headers=headers, timeout=timeout) as response:
            self._response = response
            try:
                if self._closed.is_set() or response.status_code in (408, 429) or response.status_code >= 500:
                    return
                if response.status_code != 200:
                    raise StreamRefusedError(response.status_code, response.read())
                self.connects += 1
                parser, decoder = SseParser(), codecs.getincrementaldecoder("utf-8")(errors="replace")
                for chunk in response.iter_bytes():
                    yield from parser.feed(decoder.decode(chunk))
            finally:
                self._response = None


def agent_stream(client: AuthenticatedClient, *, scope: str = "all", **options: Any) -> EventStream:
    """The agent stream (`client` from `agent_client`): the Live list and every conversation;
    with `scope="mine"`, the messages, seen marks and typing of the agent's own
    conversations only (the Live list still comes whole)."""
    if scope not in ("all", "mine"):
        raise ValueError(f"scope must be 'all' or 'mine', not {scope!r}")
    return EventStream(client, f"{AGENT_STREAM}?scope={scope}", **options)


def customer_stream(client: AuthenticatedClient, **options: Any) -> EventStream:
    """The customer stream (`client` from `customer_client`): that customer's conversations."""
    return EventStream(client, CUSTOMER_STREAM, **options)
