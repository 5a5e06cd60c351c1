"""Files through the SDK: the customer uploads a path with progress, the agent reads it
back as bytes and into a file; a refused type raises its problem."""

import base64
import hashlib

import pytest

from livechat_sdk import (
    ApiError,
    agent_client,
    anonymous_client,
    customer_client,
    download_file,
    expect,
    platform_client,
    save_file,
    upload_file,
)
from livechat_sdk.api_client.api.agents import create_agent, set_presence
from livechat_sdk.api_client.api.api_keys import create_api_key
from livechat_sdk.api_client.api.auth import login
from livechat_sdk.api_client.api.conversations import claim_conversation
from livechat_sdk.api_client.api.entries import enter_live_chat
from livechat_sdk.api_client.api.messages import list_messages, send_message
from livechat_sdk.api_client.api.modules import create_module
from livechat_sdk.api_client.models import (
    CreateAgent,
    CreateApiKey,
    EnterLiveChat,
    EntryCustomerIn,
    Login,
    MessageContentFileContent,
    ModuleConfig,
    Presence,
    SendMessage,
    SetPresence,
)

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_a_file_goes_up_and_comes_back_unchanged(base_url, admin, suffix, tmp_path):
    agent_login = Login(email=f"files-{suffix}@example.com", password="files-password-1")
    expect(create_agent.sync(client=admin, body=CreateAgent(email=agent_login.email, name="Files", password=agent_login.password)))
    module = expect(create_module.sync(client=admin, body=ModuleConfig(name=f"Files {suffix}", async_enabled=True, request_email=False)))
    api_key = expect(create_api_key.sync(client=admin, body=CreateApiKey(name=f"files {suffix}"))).key
    entry = expect(
        enter_live_chat.sync(
            client=platform_client(base_url, api_key),
            body=EnterLiveChat(
                customer=EntryCustomerIn(external_id=f"files-{suffix}", display_name="Grace"),
                module_id=module.id,
                process_ref=f"files-{suffix}",
            ),
        )
    )
    conversation_id = entry.conversation.id
    customer = customer_client(base_url, entry.customer_token.token)
    staff = agent_client(base_url, expect(login.sync(client=anonymous_client(base_url), body=agent_login)).token)
    expect(set_presence.sync(client=staff, body=SetPresence(presence=Presence.ONLINE)))
    expect(claim_conversation.sync(conversation_id, client=staff))

    source = tmp_path / "dot.png"
    source.write_bytes(PNG)
    progress: list[tuple[int, int | None]] = []
    attachment = upload_file(customer, conversation_id, source, on_progress=lambda sent, total: progress.append((sent, total)))
    assert attachment.name == "dot.png"
    assert attachment.content_type == "image/png"
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest()
    assert progress[-1] == (len(PNG), len(PNG))
    expect(send_message.sync(conversation_id, client=customer, body=SendMessage(attachment_ids=[attachment.id])))
    last = expect(list_messages.sync(conversation_id, client=staff)).items[-1]
    assert isinstance(last.content, MessageContentFileContent)
    assert last.content.attachments[0].id == attachment.id

    assert download_file(staff, attachment.id) == PNG
    assert download_file(staff, attachment.id, thumbnail=True).startswith(b"\x89PNG")
    target = tmp_path / "copy.png"
    assert save_file(staff, attachment.id, target) == len(PNG)
    assert target.read_bytes() == PNG

    with pytest.raises(ApiError) as refused:
        upload_file(customer, conversation_id, bytes.fromhex("7f454c46020101000000000000000000"), name="cat.png")
    assert refused.value.problem.status == 415
    assert str(refused.value.problem.code) == "file_type_not_allowed"
