"""Reconnecting, resuming, backing off, closing and giving up, against scripted stand-in
servers and the real one."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from livechat_sdk import StreamRefusedError, agent_client, agent_stream, customer_client, customer_stream
from livechat_sdk.api_client.models import (
    StreamEventStreamReadyEvent,
    StreamEventStreamReconnectEvent,
    StreamEventStreamResetEvent,
)


def sse(type_: str, id_: int | None, data: dict) -> str:
    """One SSE message as the server writes it: `data:` is the whole event."""
    id_line = "" if id_ is None else f"id: {id_}\n"
    return f"event: {type_}\n{id_line}data: {json.dumps({'type': type_, 'id': id_, 'data': data})}\n\n"


def ready(id_: int) -> str:
    return sse("stream.ready", id_, {"last_event_id": id_})


READY = ready(5)
RECONNECT = sse("stream.reconnect", None, {"reason": "shutting down"})
RESET = sse("stream.reset", 9, {"last_event_id": 9, "reason": "too old"})
UNAUTHORIZED = {"type": "urn:x", "title": "Unauthorized", "status": 401, "detail": "expired", "code": "unauthorized"}


class ScriptedStream(BaseHTTPRequestHandler):
    """Answers the n-th request with the n-th step; records each Last-Event-ID."""

    steps = [("events", READY + RECONNECT), ("events", RESET), ("silent", ""), ("refuse", "")]
    seen_ids: list = []

    def do_GET(self) -> None:
        kind, body = self.steps[min(len(self.seen_ids), len(self.steps) - 1)]
        self.seen_ids.append(self.headers.get("Last-Event-ID"))
        if kind == "refuse":
            payload = json.dumps(UNAUTHORIZED).encode()
            self.send_response(401)
            self.send_header("Content-Type", "application/problem+json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        self.wfile.write(body.encode())
        self.wfile.flush()
        if kind == "silent":
            time.sleep(1.5)  # longer than the reader's read timeout
        self.close_connection = True  # then drop the connection

    def log_message(self, *args: object) -> None:
        pass


def test_reconnects_resumes_survives_silence_and_stops_on_401():
    server = ThreadingHTTPServer(("127.0.0.1", 0), ScriptedStream)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    ScriptedStream.seen_ids = []
    client = agent_client(f"http://127.0.0.1:{server.server_port}", "token")
    events = []
    started = time.monotonic()
    try:
        with pytest.raises(StreamRefusedError) as refused:
            with agent_stream(client, read_timeout=0.5, initial_delay=0.05, max_delay=0.2) as stream:
                events.extend(stream)
    finally:
        server.shutdown()
        server.server_close()
    assert [type(event) for event in events] == [
        StreamEventStreamReadyEvent,
        StreamEventStreamReconnectEvent,
        StreamEventStreamResetEvent,
    ]
    # Resumed after the last id seen each time: 5 after ready, 9 after the reset.
    assert ScriptedStream.seen_ids == [None, "5", "9", "9"]
    assert refused.value.status_code == 401 and refused.value.problem.code == "unauthorized"
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("make_client, make_stream", [(agent_client, agent_stream), (customer_client, customer_stream)])
def test_real_server_refuses_a_bad_token_without_retrying(base_url, make_client, make_stream):
    started = time.monotonic()
    with pytest.raises(StreamRefusedError) as refused:
        with make_stream(make_client(base_url, "not-a-token"), initial_delay=5) as stream:
            next(iter(stream))
    assert refused.value.status_code == 401 and refused.value.problem.status == 401
    assert time.monotonic() - started < 3


def mock_client(answer) -> object:
    """An agent client whose requests `answer(request)` handles in the reading thread."""
    return agent_client("http://livechat.test", "token", httpx_args={"transport": httpx.MockTransport(answer)})


def sse_response(chunks) -> httpx.Response:
    """A stream response whose body is `chunks` (bytes), ending after the last."""
    return httpx.Response(200, headers={"Content-Type": "text/event-stream"}, content=chunks)


def test_backoff_grows_while_connections_drop_at_once_and_restarts_after_a_stable_one():
    # Every connection sends stream.ready and ends; the fifth stays up 0.4 s first.
    starts, ends = [], []

    def body(slow: bool):
        yield ready(len(starts)).encode()
        if slow:
            time.sleep(0.4)
        ends.append(time.monotonic())

    def answer(request: httpx.Request) -> httpx.Response:
        starts.append(time.monotonic())
        return sse_response(body(slow=len(starts) == 5))

    with agent_stream(mock_client(answer), initial_delay=0.05, max_delay=1.0, stable_after=0.3) as stream:
        for count, _event in enumerate(stream, 1):
            if count == 7:
                break
    waits = [start - end for start, end in zip(starts[1:], ends)]
    for wait, delay in zip(waits, [0.05, 0.1, 0.2, 0.4]):
        assert wait >= delay * 0.95, waits  # doubled each time: not reset by stream.ready
    assert waits[4] < 0.4, waits  # back to the initial delay (0.05) instead of 0.8
    assert waits[5] >= 0.1 * 0.95, waits


def test_close_from_another_thread_during_a_read_yields_nothing_more():
    # The second chunk arrives as another thread closes the stream: it holds two more
    # events, which nobody asked for any more.
    stream, requests, errors = None, [], []

    def close_elsewhere() -> None:
        try:
            stream.close()  # the reader is inside next() meanwhile
        except Exception as error:
            errors.append(error)

    def body():
        yield ready(5).encode()
        closer = threading.Thread(target=close_elsewhere)
        closer.start()
        closer.join()
        yield (ready(6) + ready(7)).encode()

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return sse_response(body())

    stream = agent_stream(mock_client(answer), initial_delay=0.01)
    events = list(stream)
    assert [event.id for event in events] == [5] and stream.last_event_id == 5
    assert errors == [] and len(requests) == 1


def test_close_from_another_thread_as_reading_starts():
    # Whenever close() comes, it ends the iteration quietly; no "generator already executing".
    def answer(request: httpx.Request) -> httpx.Response:
        return sse_response([ready(1).encode()])

    def read(stream, finished: list) -> None:
        list(stream)
        finished.append(True)

    client = mock_client(answer)
    for _ in range(200):
        stream, finished = agent_stream(client, initial_delay=0.001), []
        reader = threading.Thread(target=read, args=(stream, finished))
        reader.start()
        stream.close()
        reader.join(timeout=2)
        assert finished == [True]


def test_an_event_that_does_not_parse_is_not_counted_as_received():
    broken = "event: message.created\nid: 6\ndata: {not json\n\n"
    client = mock_client(lambda request: sse_response([READY.encode(), broken.encode()]))
    with agent_stream(client) as stream:
        events = iter(stream)
        assert isinstance(next(events), StreamEventStreamReadyEvent)
        with pytest.raises(json.JSONDecodeError):
            next(events)
        # Resuming from here asks for event 6 again instead of skipping it.
        assert stream.last_event_id == 5


def test_scope_reaches_the_agent_stream_as_a_query_parameter():
    urls = []

    def answer(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url))
        return sse_response([READY.encode()])

    with agent_stream(mock_client(answer), scope="mine") as stream:
        assert isinstance(next(iter(stream)), StreamEventStreamReadyEvent)
    assert urls == ["http://livechat.test/v1/streams/agent?scope=mine"]
    with pytest.raises(ValueError):
        agent_stream(mock_client(answer), scope="theirs")
