"""Schemathesis hooks for .ci/fuzz: they give each operation a resource it can act on.

Many operations only answer 2xx for a resource in a given state: a claim needs a waiting
conversation, an end or a transfer one the caller serves, a revoke a key that is still
there. One fixed set of ids is used up early in a run (the first successful transfer
moves the conversation to another agent), so these hooks keep fixtures and point the
operations at them:

- before each request (`before_call`), a UUID in a path parameter of the operations in
  `fixture_for` becomes the id of a fixture in the state the operation needs, set up
  again first if a request took it out of that state. Values that are not UUIDs (the
  invalid ones schemathesis generates) are sent as generated.
- operations that destroy or change what the run relies on (revoking a key, deleting or
  changing a webhook endpoint, erasing a customer, blocking one, updating an agent or a
  module) act on spare resources of their own (`SPARES`, a conversation of a customer
  of its own for blocking), never on the fuzz credentials or fixtures.
- a few operations get one known-good example (`before_add_examples`, `EXAMPLES`) for
  values no schema can state.
- a generated Idempotency-Key is kept to one request (`one_key_per_request`).
- after each request (`after_call`), the conversation it returned tells the fixture its
  new state; a 409 makes it look again before the next use.

The fixtures talk to the server with their own admin token and API key, through their
own HTTP session, so their requests neither spend the fuzz credentials' rate limits nor
show up in schemathesis' reports (which is what .ci/fuzz_coverage.py counts).
"""

import base64
import http.server
import json
import os
import re
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

import requests
import schemathesis
from schemathesis import auths

URL = os.environ.get("LIVECHAT_URL", "")
# A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def operation_id(operation):
    return operation.definition.raw.get("operationId", operation.label)


def is_uuid(value):
    if not isinstance(value, str):
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class FixtureError(Exception):
    pass


class Sink(http.server.BaseHTTPRequestHandler):
    """A webhook receiver that accepts every delivery."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length") or 0))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


class Conversation:
    """A conversation kept in a state operations need: `waiting`, or `active` and served
    by the admin. `external_id` gives the customer of the next one when it has to be
    replaced (the same customer each time, or a new one when the old one is blocked)."""

    def __init__(self, fixtures, external_id):
        self.fx = fixtures
        self.external_id = external_id
        self.view = None
        self.customer_token = None

    @property
    def id(self):
        if self.view is None:
            self.enter()
        return self.view["id"]

    def enter(self):
        entry = self.fx.enter(self.external_id())
        self.view, self.customer_token = entry["conversation"], entry["customer_token"]["token"]

    def look(self):
        if self.view is None:
            self.enter()
        elif self.view.get("_stale"):
            self.view = self.fx.call("GET", f"/v1/conversations/{self.view['id']}")

    def served_by_admin(self):
        agent = self.view.get("agent") or {}
        return self.view["status"] == "active" and agent.get("id") == self.fx.admin_id

    def replace(self):
        if self.view["status"] != "ended":
            self.fx.call("POST", f"/v1/conversations/{self.view['id']}/leave", token=self.customer_token)
        self.enter()
        if self.view["status"] != "waiting":
            raise FixtureError(f"a new entry is {self.view['status']}, not waiting")

    def ensure(self, state):
        self.look()
        if state == "active" and not self.served_by_admin():
            if self.view["status"] != "waiting":
                self.replace()
            self.fx.online()
            self.view = self.fx.call("POST", f"/v1/conversations/{self.view['id']}/claim")
        elif state == "waiting" and self.view["status"] != "waiting":
            if self.served_by_admin():
                self.view = self.fx.call("POST", f"/v1/conversations/{self.view['id']}/release")
            else:
                self.replace()
        if state == "waiting":
            self.fx.online()  # the fuzzed claim needs the admin online
        return self.view["id"]

    def observe(self, status, body):
        """What a fuzzed request on this conversation says about its state."""
        if self.view is None:
            return
        if 200 <= status < 300 and isinstance(body, dict) and body.get("id") == self.view["id"] and "status" in body:
            self.view = body
        elif status == 409:
            self.view["_stale"] = True


class Spare:
    """A resource an operation may use up: made when first needed and again after the
    operation has used it (`consumed_by` statuses)."""

    def __init__(self, make, consumed_by=()):
        self.make, self.consumed_by, self.value = make, consumed_by, None

    def get(self):
        if self.value is None:
            self.value = self.make()
        return self.value

    def observe(self, status, body):
        if any(status in group if isinstance(group, range) else status == group for group in self.consumed_by):
            self.value = None


class Fixtures:
    def __init__(self):
        self.session = requests.Session()
        self.token = None
        self.presence_checked = 0.0
        self.serial = 0
        login = self.call(
            "POST",
            "/v1/auth/login",
            token=False,
            body={"email": os.environ["LIVECHAT_ADMIN_EMAIL"], "password": os.environ["LIVECHAT_ADMIN_PASSWORD"]},
        )
        self.token = login["token"]
        self.admin_id = self.call("GET", "/v1/me")["id"]
        self.api_key = self.call("POST", "/v1/api-keys", body={"name": "fuzz fixtures"})["key"]
        self.module_id = os.environ["FUZZ_MODULE_ID"]
        self.sink = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Sink)
        threading.Thread(target=self.sink.serve_forever, daemon=True).start()
        self.sink_url = f"http://127.0.0.1:{self.sink.server_address[1]}/webhook"

        customer = os.environ["FUZZ_CUSTOMER_EXTERNAL_ID"]
        self.conversation = Conversation(self, lambda: customer)
        self.blockable = Conversation(self, lambda: self.name("fuzz-blocked"))
        self.spares = {
            "agent": Spare(self.make_agent),
            "target_agent": Spare(self.make_agent),
            "api_key": Spare(self.make_api_key, [range(200, 300), 404]),
            "endpoint": Spare(self.make_endpoint, [range(200, 300), 404]),
            "customer": Spare(self.make_customer),
            "module": Spare(lambda: self.make_module(self.name("Spare"))["id"]),
            "delivery": Spare(self.make_delivery, [404]),
            "tag": Spare(lambda: self.call("POST", "/v1/tags", body={"name": self.name("tag")})["id"], [range(200, 300), 404]),
            "canned": Spare(self.make_canned),
        }

    def name(self, prefix):
        self.serial += 1
        return f"{prefix}-{self.serial}-{uuid.uuid4().hex[:6]}"

    def call(self, method, path, token=None, body=None):
        headers = {}
        token = self.token if token is None else token
        if token:
            headers["authorization"] = f"Bearer {token}"
        for _ in range(30):
            response = self.session.request(method, URL + path, json=body, headers=headers, timeout=10)
            if response.status_code == 429:
                time.sleep(float(response.headers.get("retry-after") or 1))
                continue
            if not 200 <= response.status_code < 300:
                raise FixtureError(f"fixture {method} {path}: {response.status_code} {response.text[:500]}")
            return response.json() if response.content else None
        raise FixtureError(f"fixture {method} {path}: still rate limited")

    def enter(self, external_id):
        return self.call(
            "POST",
            "/v1/entries",
            token=self.api_key,
            body={
                "customer": {"external_id": external_id, "display_name": "Fuzz"},
                "module_id": self.module_id,
                "process_ref": "fuzz",
                "history": [{"author": "customer", "text": "I want to talk to a human"}],
            },
        )

    def online(self):
        """The admin online, and not for so long that the sweep for agents without a
        stream is due (it only looks at presence set over a minute ago)."""
        if time.monotonic() - self.presence_checked < 10:
            return
        me = self.call("PUT", "/v1/me/presence", body={"presence": "online"})
        changed = datetime.fromisoformat(me["presence_changed_at"].replace("Z", "+00:00"))
        if datetime.now(timezone.utc) - changed > timedelta(seconds=30):
            self.call("PUT", "/v1/me/presence", body={"presence": "away"})
            self.call("PUT", "/v1/me/presence", body={"presence": "online"})
        self.presence_checked = time.monotonic()

    def make_canned(self):
        body = {"short_code": self.name("c").lower(), "title": "Fuzz", "body": "Hello.", "scope": "global"}
        return self.call("POST", "/v1/canned-responses", body=body)["id"]

    def ended_and_asked(self):
        """The fuzz customer's chat, served and ended: its module asks for a rating."""
        conversation = self.conversation
        conversation.look()
        if conversation.view["status"] != "ended" or conversation.view.get("rating") is None:
            conversation.ensure("active")
            conversation.view = self.call("POST", f"/v1/conversations/{conversation.view['id']}/end")
        return conversation.view["id"]

    def image(self):
        """A PNG the admin sent in the fuzz customer's chat: downloads and thumbnails read it."""
        if getattr(self, "image_id", None) is None:
            conversation_id = self.conversation.ensure("active")
            response = self.session.post(
                f"{URL}/v1/conversations/{conversation_id}/attachments",
                params={"name": "fuzz.png"},
                data=PNG,
                headers={"authorization": f"Bearer {self.token}", "content-type": "application/octet-stream"},
                timeout=10,
            )
            if response.status_code != 201:
                raise FixtureError(f"fixture upload: {response.status_code} {response.text[:500]}")
            self.image_id = response.json()["id"]
            self.call("POST", f"/v1/conversations/{conversation_id}/messages", body={"attachment_ids": [self.image_id]})
        return self.image_id

    def make_agent(self):
        body = {"email": f"{self.name('agent')}@example.com", "name": "Fuzz", "password": uuid.uuid4().hex}
        return self.call("POST", "/v1/agents", body=body)["id"]

    def make_module(self, name):
        return self.call("POST", "/v1/modules", body={"name": name, "async_enabled": True, "request_email": False})

    def make_api_key(self):
        return self.call("POST", "/v1/api-keys", body={"name": self.name("spare")})["record"]["id"]

    def make_endpoint(self, event_types=()):
        body = {"url": self.sink_url, "event_types": list(event_types)}
        return self.call("POST", "/v1/webhooks", body=body)["endpoint"]["id"]

    def make_customer(self):
        """A customer without an open conversation, which erasing needs."""
        entry = self.enter(self.name("fuzz-erased"))
        self.call("POST", f"/v1/conversations/{entry['conversation']['id']}/leave", token=entry["customer_token"]["token"])
        return entry["conversation"]["customer"]["id"]

    def make_delivery(self):
        """A webhook delivery that has been delivered, so it can be replayed."""
        endpoint = self.make_endpoint(["agent.presence_changed"])
        for presence in ("away", "online"):
            self.call("PUT", "/v1/me/presence", body={"presence": presence})
        self.presence_checked = time.monotonic()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            page = self.call("GET", f"/v1/webhooks/{endpoint}/deliveries")
            done = [item for item in page["items"] if item["status"] != "pending"]
            if done:
                return endpoint, done[0]["id"]
            time.sleep(0.2)
        raise FixtureError("no webhook delivery was made within 30 seconds")

    def quick_reply_id(self):
        module = self.call("GET", f"/v1/modules/{self.module_id}")
        replies = module.get("quick_replies") or (module.get("config") or {}).get("quick_replies") or []
        if not replies:
            raise FixtureError(f"module {self.module_id} has no quick reply")
        return replies[0]["id"]


_fixtures = None


def fixtures():
    global _fixtures
    if _fixtures is None:
        _fixtures = Fixtures()
    return _fixtures


# Reads only need a conversation that exists.
READS = {"get_conversation", "list_messages", "get_conversation_outcome"}


def fixture_for(op, parameter):
    """The fixture behind a path parameter of an operation: (its value, what observes the
    operation's responses), or None to leave the parameter as generated."""
    fx = fixtures()
    if parameter == "conversation_id":
        if op == "block_customer":
            return fx.blockable.ensure("active"), fx.blockable
        if op == "claim_conversation":
            return fx.conversation.ensure("waiting"), fx.conversation
        if op == "rate_conversation":
            return fx.ended_and_asked(), fx.conversation
        if op in READS:
            return fx.conversation.id, None
        return fx.conversation.ensure("active"), fx.conversation
    if parameter == "attachment_id":
        return fx.image(), None
    spare = SPARES.get((op, parameter))
    if spare:
        name, consumes = spare
        return fx.spares[name].get(), fx.spares[name] if consumes else None
    if op == "replay_webhook_delivery":
        endpoint_id, delivery_id = fx.spares["delivery"].get()
        return {"endpoint_id": endpoint_id, "delivery_id": delivery_id}[parameter], fx.spares["delivery"]
    return None


# (operation, path parameter) -> (spare, whether the operation uses it up)
SPARES = {
    ("update_agent", "agent_id"): ("agent", False),
    ("revoke_api_key", "api_key_id"): ("api_key", True),
    ("update_webhook_endpoint", "endpoint_id"): ("endpoint", False),
    ("delete_webhook_endpoint", "endpoint_id"): ("endpoint", True),
    ("erase_customer", "customer_id"): ("customer", False),
    ("update_module", "module_id"): ("module", False),
    ("delete_tag", "tag_id"): ("tag", True),
}


# Each case remembers what observes its response.
_observers = {}


# What the server takes as an Idempotency-Key (the spec's pattern and maxLength).
IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,255}")
# Keys sent, with the request each was sent with; (generated key, request) -> key sent.
_requests = {}
_keys = {}


def request_of(case):
    body = case.body
    try:
        body = json.dumps(body)  # as sent: the server compares the bytes
    except (TypeError, ValueError):
        body = repr(body)
    authorization = {k.lower(): v for k, v in (case.headers or {}).items()}.get("authorization")
    return case.method, case.formatted_path, json.dumps(case.query, sort_keys=True, default=str), body, authorization


def one_key_per_request(case):
    """A client sends a new Idempotency-Key with each request it means to make once, and
    the same key only when it sends the same request again; the server refuses a key it
    has seen with another request (422). Schemathesis draws keys from a small space ("0",
    "00", ...) for any request, so a valid key sent before with another request gets a
    suffix; the same request keeps the same key (and gets the first answer replayed).
    Invalid keys are sent as generated."""
    for name, value in list((case.headers or {}).items()):
        if name.lower() != "idempotency-key" or not isinstance(value, str) or not IDEMPOTENCY_KEY.fullmatch(value):
            continue
        request = request_of(case)
        key = _keys.get((value, request))
        if key is None:
            key, n = value, 0
            while _requests.get(key, request) != request:
                n += 1
                key = value[: 255 - len(f".{n}")] + f".{n}"
            _requests[key], _keys[(value, request)] = request, key
        case.headers[name] = key


@schemathesis.hook
def before_call(context, case, kwargs):
    op = operation_id(case.operation)
    observers = set()
    for parameter, value in list((case.path_parameters or {}).items()):
        if not is_uuid(value):
            continue
        found = fixture_for(op, parameter)
        if found:
            case.path_parameters[parameter], observer = found
            if observer is not None:
                observers.add(observer)
    if observers:
        _observers[case.id] = observers
    one_key_per_request(case)


@schemathesis.hook
def after_call(context, case, response):
    observers = _observers.pop(case.id, ())
    if response.headers.get("idempotent-replayed") in ("true", ["true"]):
        return  # the first answer again: it says nothing about the state now
    for observer in observers:
        try:
            body = response.json()
        except Exception:
            body = None
        observer.observe(response.status_code, body)


# Bodies no schema can make up, one example each: the admin's password, an active agent
# to transfer to, a message `seq` that exists, a quick reply of the conversation's module.
EXAMPLES = {
    "login": lambda fx: {"email": os.environ["LIVECHAT_ADMIN_EMAIL"], "password": os.environ["LIVECHAT_ADMIN_PASSWORD"]},
    "transfer_conversation": lambda fx: {"agent_id": fx.spares["target_agent"].get()},
    "mark_seen": lambda fx: {"seq": 1},
    "pick_quick_reply": lambda fx: {"quick_reply_id": fx.quick_reply_id()},
    "jump_conversation": lambda fx: {"target": {"kind": "experience", "id": "fuzz"}},
    "send_canned_response": lambda fx: {"canned_response_id": fx.spares["canned"].get()},
    "rate_conversation": lambda fx: {"score": 4, "comment": "fuzz"},
}


# Queries no schema can make up: a report's range must be ordered and at most 366 days.
QUERY_EXAMPLES = {
    "report_chats": lambda: {
        "from": (datetime.now(timezone.utc) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "to": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    },
}


# Bodies of bytes: a file whose type an upload accepts, with its name.
BINARY_EXAMPLES = {
    "upload_attachment": (b"A plain text file from the fuzzer.\n", {"name": "fuzz.txt"}),
}


@schemathesis.hook
def before_add_examples(context, examples):
    operation = context.operation
    binary = BINARY_EXAMPLES.get(operation_id(operation))
    if binary is not None:
        data, query = binary
        path = {parameter.name: str(uuid.UUID(int=0)) for parameter in operation.path_parameters}
        case = operation.Case(path_parameters=path, query=query, body=data, media_type="application/octet-stream")
        auths.set_on_case(case, auths.AuthContext(operation=operation, app=operation.app), None)
        examples.append(case)
        return
    query = QUERY_EXAMPLES.get(operation_id(operation))
    if query is not None:
        case = operation.Case(query=query())
        auths.set_on_case(case, auths.AuthContext(operation=operation, app=operation.app), None)
        examples.append(case)
        return
    body = EXAMPLES.get(operation_id(operation))
    if body is None:
        return
    # Path parameters are the hooks' to fill in (before_call).
    path = {parameter.name: str(uuid.UUID(int=0)) for parameter in operation.path_parameters}
    case = operation.Case(path_parameters=path, body=body(fixtures()), media_type="application/json")
    # Cases made here skip generation, where the configured credentials are set.
    auths.set_on_case(case, auths.AuthContext(operation=operation, app=operation.app), None)
    examples.append(case)
