"""Shared fixtures. The integration tests need a running server: LIVECHAT_URL,
LIVECHAT_ADMIN_EMAIL and LIVECHAT_ADMIN_PASSWORD (sdk/with-server.sh sets them)."""

import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from livechat_sdk import EventStream, agent_client, anonymous_client, expect
from livechat_sdk.api_client.api.auth import login
from livechat_sdk.api_client.models import Login


@pytest.fixture(scope="session")
def base_url() -> str:
    url = os.environ.get("LIVECHAT_URL")
    if not url:
        pytest.skip("LIVECHAT_URL is not set; run the tests through sdk/with-server.sh")
    return url.rstrip("/")


@pytest.fixture(scope="session")
def admin_token(base_url: str) -> str:
    credentials = Login(email=os.environ["LIVECHAT_ADMIN_EMAIL"], password=os.environ["LIVECHAT_ADMIN_PASSWORD"])
    return expect(login.sync(client=anonymous_client(base_url), body=credentials)).token


@pytest.fixture
def admin(base_url: str, admin_token: str):
    with agent_client(base_url, admin_token) as client:
        yield client


@pytest.fixture
def suffix() -> str:
    """Unique per test, since the server may be shared with other suites."""
    return uuid.uuid4().hex[:12]


class Collector:
    """Reads a stream on a background thread into a queue, so tests can wait with timeouts."""

    def __init__(self, stream: EventStream):
        self.stream, self.events, self.error = stream, queue.Queue(), None
        self.seen: list[Any] = []
        self.on_event: Callable[[Any], None] | None = None  # called on the reading thread
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        try:
            for event in self.stream:
                self.events.put(event)
                if self.on_event is not None:
                    self.on_event(event)
        except Exception as error:  # surfaced by wait_for
            self.error = error

    def wait_for(self, matches: Callable[[Any], bool], timeout: float = 10.0) -> Any:
        """The next event that matches, keeping every event read on the way in `seen`."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                event = self.events.get(timeout=min(left, 0.2))
            except queue.Empty:
                if self.error is not None:
                    raise self.error
                continue
            self.seen.append(event)
            if matches(event):
                return event
        raise AssertionError(f"no matching event within {timeout} s; saw {[type(e).__name__ for e in self.seen]}")

    def close(self) -> None:
        self.stream.close()
        self.thread.join(timeout=2)  # well under the 15 s keep-alive: close() woke the read
        assert not self.thread.is_alive(), "the stream reader did not stop on close()"


@pytest.fixture
def collect() -> Iterator[Callable[[EventStream], Collector]]:
    collectors: list[Collector] = []

    def start(stream: EventStream) -> Collector:
        collectors.append(Collector(stream))
        return collectors[-1]

    yield start
    for collector in collectors:
        collector.close()
