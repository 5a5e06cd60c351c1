"""A newer server may send enum values this SDK does not know yet; the generated models
keep them as plain strings instead of failing. The answers come from an httpx mock
transport, built from the examples in the published spec."""

import json
import pathlib
import uuid

import httpx

from livechat_sdk import agent_client
from livechat_sdk.api_client.api.conversations import get_conversation
from livechat_sdk.api_client.models import ConversationStatus, Problem

SPEC = json.loads((pathlib.Path(__file__).parents[3] / "openapi" / "openapi.json").read_text())


def example(path: str, method: str, status: str, media: str = "application/json; charset=utf-8") -> dict:
    return SPEC["paths"][path][method]["responses"][status]["content"][media]["example"]


def client_answering(status: int, body: dict, content_type: str):
    transport = httpx.MockTransport(
        lambda request: httpx.Response(status, json=body, headers={"content-type": content_type})
    )
    return agent_client("http://livechat.test", "token", httpx_args={"transport": transport})


def test_an_unknown_conversation_status_is_kept_as_a_string():
    body = example("/v1/conversations/{conversation_id}", "get", "200")
    assert body["status"] == "active"
    with client_answering(200, body, "application/json; charset=utf-8") as client:
        known = get_conversation.sync(client=client, conversation_id=uuid.uuid4())
    assert known.status == ConversationStatus.ACTIVE

    with client_answering(200, {**body, "status": "archived"}, "application/json; charset=utf-8") as client:
        conversation = get_conversation.sync(client=client, conversation_id=uuid.uuid4())
    assert conversation.status == "archived"
    assert conversation.to_dict()["status"] == "archived"


def test_an_unknown_problem_code_is_kept_as_a_string():
    problem = {"type": "about:blank", "title": "Gone fishing", "status": 404, "detail": "Back soon.", "code": "gone_fishing"}
    with client_answering(404, problem, "application/problem+json") as client:
        answer = get_conversation.sync(client=client, conversation_id=uuid.uuid4())
    assert isinstance(answer, Problem)
    assert answer.code == "gone_fishing"
