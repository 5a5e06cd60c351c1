"""Reconnecting, resuming and giving up, against a scripted stand-in server and the real one."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from livechat_sdk import StreamRefusedError, agent_client, agent_stream, customer_client, customer_stream
from livechat_sdk.api_client.models import (
    StreamEventStreamReadyEvent,
    StreamEventStreamReconnectEvent,
    StreamEventStreamResetEvent,
)

READY = 'event: stream.ready\nid: 5\ndata: {"last_event_id": 5}\n\n'
RECONNECT = 'event: stream.reconnect\ndata: {"reason": "shutting down"}\n\n'
RESET = 'event: stream.reset\nid: 9\ndata: {"last_event_id": 9, "reason": "too old"}\n\n'
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
