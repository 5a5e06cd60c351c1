"""The SSE parser and the mapping of events onto the generated models."""

import json

from livechat_sdk import SseMessage, SseParser, UnknownEvent, parse_event
from livechat_sdk.api_client.models import (
    Message,
    MessageContentTextContent,
    StreamEventMessageCreatedEvent,
    StreamEventStreamReadyEvent,
    StreamEventTypingEvent,
)

MESSAGE = {
    "id": "0195d7e4-58b4-7c5e-9a32-0e8a5b1f3c11",
    "conversation_id": "0195d7e4-58b4-7c5e-9a32-0e8a5b1f3c12",
    "seq": 3,
    "author_kind": "customer",
    "author": None,
    "client_message_id": None,
    "content": {"kind": "text", "text": "first line\u2028still the first line"},
    "created_at": "2025-01-02T03:04:05.678Z",
}


def event_message(type_: str, id_: int | None, data: object) -> SseMessage:
    """An SSE message as the server writes it: `data:` is the whole event."""
    envelope = json.dumps({"type": type_, "id": id_, "data": data}, ensure_ascii=False)
    return SseMessage(type_, envelope, None if id_ is None else str(id_))


def test_fields_comments_and_dispatch_ignoring_retry():
    parser = SseParser()
    text = ': keep-alive\n\nretry: 3000\nevent: stream.ready\nid: 7\ndata: {"last_event_id": 7}\n\n'
    assert parser.feed(text) == [SseMessage("stream.ready", '{"last_event_id": 7}', "7")]


def test_data_lines_join_and_line_endings_split_across_chunks():
    parser = SseParser()
    assert parser.feed("event: x\r\ndata: a\r") == []  # a CR at the end may be half of CRLF
    assert parser.feed("\ndata:b\rdata\r\n") == []
    assert parser.feed("\r\n") == [SseMessage("x", "a\nb\n", None)]


def test_event_without_id_has_none_and_unnamed_event_is_message():
    parser = SseParser()
    assert parser.feed("id: 4\ndata: 1\n\ndata: 2\n\n") == [SseMessage("message", "1", "4"), SseMessage("message", "2")]


def test_unicode_line_separators_stay_in_the_data():
    line = json.dumps({"type": "text", "text": "a\u2028b\x85c"}, ensure_ascii=False)
    assert SseParser().feed(f"event: t\ndata: {line}\n\n")[0].data == line


def test_parse_into_generated_models():
    event = parse_event(event_message("message.created", 12, MESSAGE))
    assert isinstance(event, StreamEventMessageCreatedEvent) and event.id == 12
    assert isinstance(event.data, Message) and event.data.seq == 3
    assert isinstance(event.data.content, MessageContentTextContent)
    assert event.data.content.text == "first line\u2028still the first line"

    ready = parse_event(event_message("stream.ready", 7, {"last_event_id": 7}))
    assert isinstance(ready, StreamEventStreamReadyEvent) and ready.data.last_event_id == 7

    typing = {"conversation_id": MESSAGE["conversation_id"], "side": "customer", "agent": None}
    event = parse_event(event_message("typing", None, typing))
    assert isinstance(event, StreamEventTypingEvent) and event.id is None


def test_unknown_event_types_pass_through():
    assert parse_event(event_message("something.new", 9, {"a": 1})) == UnknownEvent("something.new", 9, {"a": 1})
