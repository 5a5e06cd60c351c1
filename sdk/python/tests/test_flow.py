"""The whole flow through the SDK: admin setup, a bot platform entering a customer, an
agent and the customer chatting over both streams, cut streams that resume without
losing or repeating a message (also in the middle of a burst), the end and the outcome."""

import socket
import threading
from urllib.parse import urlsplit

from livechat_sdk import (
    agent_client,
    agent_stream,
    anonymous_client,
    customer_client,
    customer_stream,
    expect,
    platform_client,
)
from livechat_sdk.api_client.api.agents import create_agent, set_presence
from livechat_sdk.api_client.api.api_keys import create_api_key
from livechat_sdk.api_client.api.auth import login
from livechat_sdk.api_client.api.conversations import claim_conversation, end_conversation, get_conversation_outcome
from livechat_sdk.api_client.api.entries import enter_live_chat
from livechat_sdk.api_client.api.messages import list_messages, send_article, send_message
from livechat_sdk.api_client.api.modules import create_module
from livechat_sdk.api_client.models import (
    ConversationStatus,
    CreateAgent,
    CreateApiKey,
    EnterLiveChat,
    EntryCustomerIn,
    ExitReason,
    FallbackTarget,
    FallbackTargetKind,
    InputVariables,
    Login,
    Message,
    MessageContentArticleContent,
    ModuleConfig,
    Presence,
    SendArticle,
    SendMessage,
    SetPresence,
    StreamEventConversationClaimedEvent,
    StreamEventConversationEndedEvent,
    StreamEventMessageCreatedEvent,
    StreamEventStreamReadyEvent,
)


class CuttingProxy:
    """A TCP proxy in front of the server whose live connections `cut()` drops."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.accepted, self.live, self.lock = target, 0, [], threading.Lock()
        self.requests: list[bytes] = []  # the start of each request, to check its headers
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                downstream, _ = self.listener.accept()
            except TimeoutError:
                continue
            upstream = socket.create_connection(self.target)
            request = downstream.recv(65536)
            upstream.sendall(request)
            with self.lock:
                self.accepted += 1
                self.live += [downstream, upstream]
                self.requests.append(request.lower())
            threading.Thread(target=self._pipe, args=(downstream, upstream), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, downstream), daemon=True).start()
        self.listener.close()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        with self.lock:
            live, self.live = self.live, []
        for sock in live:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self) -> None:
        self.stopped.set()
        self.cut()


def test_whole_flow(base_url, admin, suffix, collect):
    # The admin sets up an agent, a module configuration and the bot platform's API key.
    agent_login = Login(email=f"ada-{suffix}@example.com", password="ada-password-1")
    agent = expect(
        create_agent.sync(
            client=admin, body=CreateAgent(email=agent_login.email, name=f"Ada {suffix}", password=agent_login.password)
        )
    )
    fallback = FallbackTarget(id="contact-form", kind=FallbackTargetKind.SUBPROCESS)
    config = ModuleConfig(name=f"Support {suffix}", async_enabled=True, request_email=False, fallback_target=fallback)
    module = expect(create_module.sync(client=admin, body=config))
    api_key = expect(create_api_key.sync(client=admin, body=CreateApiKey(name=f"bot platform {suffix}"))).key

    # The bot platform enters a customer and gets the conversation and a customer token.
    platform = platform_client(base_url, api_key)
    entry = expect(
        enter_live_chat.sync(
            client=platform,
            body=EnterLiveChat(
                customer=EntryCustomerIn(external_id=f"customer-{suffix}", display_name="Grace"),
                module_id=module.id,
                process_ref=f"run-{suffix}",
                variables=InputVariables(live_in_force_start=True),
            ),
        )
    )
    conversation_id = entry.conversation.id
    assert entry.conversation.status == ConversationStatus.WAITING
    customer = customer_client(base_url, entry.customer_token.token)

    # The agent logs in, goes online, opens the stream (through the proxy) and claims.
    session = expect(login.sync(client=anonymous_client(base_url), body=agent_login))
    assert session.agent.id == agent.id
    staff = agent_client(base_url, session.token)
    expect(set_presence.sync(client=staff, body=SetPresence(presence=Presence.ONLINE)))
    before = len(expect(list_messages.sync(conversation_id, client=staff)).items)  # e.g. a greeting
    proxy = CuttingProxy((urlsplit(base_url).hostname, urlsplit(base_url).port))
    agent_events = collect(agent_stream(agent_client(proxy.url, session.token), initial_delay=0.3))
    agent_events.wait_for(lambda e: isinstance(e, StreamEventStreamReadyEvent))
    expect(claim_conversation.sync(conversation_id, client=staff))
    claimed = agent_events.wait_for(
        lambda e: isinstance(e, StreamEventConversationClaimedEvent) and e.data.id == conversation_id
    )
    assert claimed.data.agent.id == agent.id

    # The customer opens their stream (through a second proxy); a message from each side
    # arrives on both, typed.
    customer_proxy = CuttingProxy((urlsplit(base_url).hostname, urlsplit(base_url).port))
    customer_events = collect(customer_stream(customer_client(customer_proxy.url, entry.customer_token.token)))
    customer_events.wait_for(lambda e: isinstance(e, StreamEventStreamReadyEvent))

    def message_event(expected: Message):
        return lambda e: isinstance(e, StreamEventMessageCreatedEvent) and e.data.id == expected.id

    sent = [
        expect(send_message.sync(conversation_id, client=customer, body=SendMessage(text="My parcel is late"))),
        expect(send_message.sync(conversation_id, client=staff, body=SendMessage(text="Let me check\u2028that"))),
    ]
    for message in sent:
        for events in (agent_events, customer_events):
            received = events.wait_for(message_event(message))
            assert isinstance(received.data, Message) and received.data.content.text == message.content.text

    # The agent's stream is cut while more messages are written; it resumes after the
    # last event it saw and gets each of them once, in order.
    for round_ in range(2):
        proxy.cut()
        for side in (customer, staff, customer):
            body = SendMessage(text=f"round {round_}", client_message_id=f"{suffix}-{round_}-{len(sent)}")
            sent.append(expect(send_message.sync(conversation_id, client=side, body=body)))
        agent_events.wait_for(message_event(sent[-1]))
    assert proxy.accepted >= 3 and agent_events.stream.connects >= 3
    assert b"last-event-id: " not in proxy.requests[0]
    assert all(b"last-event-id: " in request for request in proxy.requests[1:])

    # 20 messages written back to back from another thread; the agent's stream is cut
    # right after the third arrives and the customer's after the tenth, mid-burst.
    burst_start, seq_before, sent_at_cut = len(sent), sent[-1].seq, []

    def is_burst(event) -> bool:
        message = event.data if isinstance(event, StreamEventMessageCreatedEvent) else None
        return message is not None and message.conversation_id == conversation_id and message.seq > seq_before

    def cut_after(events, cutting: CuttingProxy, count: int) -> None:
        arrived = []

        def on_event(event) -> None:
            if is_burst(event):
                arrived.append(event)
                if len(arrived) == count:
                    sent_at_cut.append(len(sent) - burst_start)
                    cutting.cut()

        events.on_event = on_event

    cut_after(agent_events, proxy, 3)
    cut_after(customer_events, customer_proxy, 10)
    connections = (proxy.accepted, customer_proxy.accepted)

    def write_burst() -> None:
        for i in range(20):
            body = SendMessage(text=f"burst {i}", client_message_id=f"{suffix}-burst-{i}")
            sent.append(expect(send_message.sync(conversation_id, client=(customer, staff)[i % 2], body=body)))

    writer = threading.Thread(target=write_burst)
    writer.start()
    writer.join(timeout=30)
    assert not writer.is_alive() and len(sent) == burst_start + 20
    burst = [m.seq for m in sent[burst_start:]]
    for events in (agent_events, customer_events):
        events.wait_for(message_event(sent[-1]))
        received = [e.data.seq for e in events.seen if is_burst(e)]
        assert received == burst, "each message of the burst once, in order"
    assert len(sent_at_cut) == 2 and all(n < 20 for n in sent_at_cut), f"cut mid-burst: {sent_at_cut}"
    assert proxy.accepted > connections[0] and customer_proxy.accepted > connections[1]
    assert all(b"last-event-id: " in request for request in customer_proxy.requests[1:])

    # The agent sends an article and ends the chat; the customer sees the end.
    article = SendArticle(title="Tracking a parcel", url="https://help.example.com/tracking")
    sent.append(expect(send_article.sync(conversation_id, client=staff, body=article)))
    assert isinstance(sent[-1].content, MessageContentArticleContent)
    agent_events.wait_for(message_event(sent[-1]))
    ended = expect(end_conversation.sync(conversation_id, client=staff))
    assert ended.exit_.reason == ExitReason.AGENT_ENDED
    ended_event = customer_events.wait_for(lambda e: isinstance(e, StreamEventConversationEndedEvent))
    assert ended_event.data.id == conversation_id and ended_event.data.status == ConversationStatus.ENDED
    agent_events.wait_for(lambda e: isinstance(e, StreamEventConversationEndedEvent) and e.data.id == conversation_id)

    # Every message written after the agent's stream opened reached it exactly once, in
    # order, and stored events kept strictly increasing ids across the reconnects.
    stored = expect(list_messages.sync(conversation_id, client=staff, limit=200)).items
    streamed = [
        e.data
        for e in agent_events.seen
        if isinstance(e, StreamEventMessageCreatedEvent) and e.data.conversation_id == conversation_id
    ]
    assert [m.seq for m in stored] == list(range(1, len(stored) + 1))
    assert [m.seq for m in streamed] == [m.seq for m in stored[before:]]
    assert {m.id for m in sent} <= {m.id for m in streamed}
    ids = [e.id for e in agent_events.seen if not type(e).__name__.startswith("StreamEventStream") and e.id]
    assert ids == sorted(set(ids))
    on_customer_stream = [e.data.seq for e in customer_events.seen if isinstance(e, StreamEventMessageCreatedEvent)]
    assert on_customer_stream == [m.seq for m in stored if m.seq >= on_customer_stream[0]]

    # The bot platform reads the outcome and the process variables.
    outcome = expect(get_conversation_outcome.sync(conversation_id, client=platform))
    variables = outcome.variables
    assert outcome.status == ConversationStatus.ENDED and outcome.exit_.reason == ExitReason.AGENT_ENDED
    assert variables.live_status == ConversationStatus.ENDED
    assert variables.live_exit_reason == ExitReason.AGENT_ENDED
    assert variables.live_agent_name == f"Ada {suffix}" and variables.live_agent_id == agent.id
    assert variables.live_customer_messages == sum(m.author_kind.value == "customer" for m in sent) == 15
    assert variables.live_agent_messages == sum(m.author_kind.value == "agent" for m in sent) == 14
    proxy.close()
    customer_proxy.close()
