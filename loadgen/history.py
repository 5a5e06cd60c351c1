#!/usr/bin/env python3
"""History search and reports on a million messages: seeds a fresh store, then times
GET /v1/history and GET /v1/reports/chats from outside over HTTP, one request at a
time, next to GET /health/live on the same connection as a baseline.

    cargo build --release -p livechat
    python3 loadgen/history.py                                  # SQLite
    STORE=postgres://postgres@127.0.0.1:5432/bench_history python3 loadgen/history.py

The server runs once to create its schema and the admin's records (agents, groups, a
module) over the API; it stops, the store is filled directly (customers, 100,000
conversations over the past year, 10 messages each, words drawn from a 5,000-word
vocabulary with a Zipf-like skew, a third of the chats rated), and it starts again for the
measurements. Only the Python standard library and `psql` (for PostgreSQL) are needed.
"""

import http.client
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from datetime import datetime, timedelta, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
SERVER = os.environ.get("SERVER", os.path.join(TARGET, "release", "livechat"))
STORE = os.environ.get("STORE", "sqlite")
CONVERSATIONS = int(os.environ.get("CONVERSATIONS", "100000"))
PER_CHAT = 10
REQUESTS = int(os.environ.get("REQUESTS", "100"))
PORT = 18090
VOCABULARY = 5000
AGENTS = 10

random.seed(7)
WORDS = [f"w{n}" for n in range(VOCABULARY)]


def word():
    # Zipf-like: low ranks are common; rank 0 appears in most chats, rank 4000 in a few.
    return WORDS[min(int(random.paretovariate(1.1)) - 1, VOCABULARY - 1) if random.random() < 0.7 else random.randrange(VOCABULARY)]


def text():
    return " ".join(word() for _ in range(random.randint(6, 14)))


def stamp(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f") + "000+00:00"


class Server:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.process = None

    def start(self):
        env = dict(os.environ)
        env.update({
            "LIVECHAT_ADMIN_PASSWORD": "admin-password-1",
            "LIVECHAT_LOG_LEVEL": "warn",
            "LIVECHAT_BIND": f"127.0.0.1:{PORT}",
            "LIVECHAT_RATE_LIMIT_AGENT_PER_MIN": "0",
            "LIVECHAT_RATE_LIMIT_LOGIN_PER_MIN": "0",
            "LIVECHAT_RATE_LIMIT_API_KEY_PER_MIN": "0",
            "LIVECHAT_RATE_LIMIT_CUSTOMER_PER_MIN": "0",
        })
        if STORE != "sqlite":
            env["DATABASE_URL"] = STORE
        log = open(os.path.join(self.data_dir, "server.log"), "a")
        self.process = subprocess.Popen([SERVER], cwd=self.data_dir, env=env, stdout=log, stderr=log)
        for _ in range(300):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
                connection.request("GET", "/health/ready")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit("the server did not become ready")

    def stop(self):
        self.process.terminate()
        self.process.wait(30)


class Client:
    def __init__(self, token=None):
        self.connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        self.token = token

    def call(self, method, path, body=None):
        headers = {"content-type": "application/json"}
        if self.token:
            headers["authorization"] = f"Bearer {self.token}"
        self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        if response.status >= 300:
            raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
        return json.loads(data) if data else None


def set_up():
    """The admin's records, over the API: agents (in two groups), a module with CSAT."""
    anonymous = Client()
    admin = Client(anonymous.call("POST", "/v1/auth/login", {"email": "admin@livechat.local", "password": "admin-password-1"})["token"])
    groups = [admin.call("POST", "/v1/groups", {"name": name})["id"] for name in ("Billing", "Support")]
    agents = []
    for n in range(AGENTS):
        body = {"email": f"agent{n}@example.com", "name": f"Agent {n}", "password": "agent-password-1",
                "group_ids": [groups[n % 2]]}
        agents.append(admin.call("POST", "/v1/agents", body)["id"])
    module = admin.call("POST", "/v1/modules", {"name": "Support", "async_enabled": True, "request_email": False,
                                                 "csat": {"scale": "five_point"}})["id"]
    return admin.token, groups, agents, module


def rows(groups, agents, module):
    """Customers, conversations and messages, as plain values."""
    now = datetime.now(timezone.utc)
    customers, conversations, messages = [], [], []
    for n in range(CONVERSATIONS):
        customer_id = uuid.uuid4()
        customers.append((customer_id, f"bench-{n}", f"Customer {n}", f"customer{n}@example.com"))
        entered = now - timedelta(seconds=random.randrange(365 * 86400))
        claimed = entered + timedelta(seconds=random.randint(5, 300))
        first = claimed + timedelta(seconds=random.randint(5, 120))
        ended = first + timedelta(seconds=random.randint(60, 1800))
        agent = random.choice(agents)
        group = random.choice([None, groups[0], groups[1]])
        rated = random.random() < 0.33
        conversation_id = uuid.uuid4()
        conversations.append(dict(
            id=conversation_id, customer_id=customer_id, module_id=module, agent_id=agent, group_id=group,
            entered=entered, claimed=claimed, first=first, ended=ended,
            score=random.randint(1, 5) if rated else None, rated=ended + timedelta(seconds=30) if rated else None))
        at = first
        for seq in range(1, PER_CHAT + 1):
            by_agent = seq % 2 == 0
            messages.append((uuid.uuid4(), conversation_id, seq, "agent" if by_agent else "customer",
                             agent if by_agent else None, json.dumps({"kind": "text", "text": text()}), at))
            at += timedelta(seconds=random.randint(5, 90))
    return customers, conversations, messages


def seed_sqlite(data_dir, groups, agents, module):
    db = sqlite3.connect(os.path.join(data_dir, "data", "livechat.db"))
    blob = lambda value: uuid.UUID(str(value)).bytes if value else None  # noqa: E731
    customers, conversations, messages = rows(groups, agents, module)
    created = stamp(datetime.now(timezone.utc))
    db.executemany("INSERT INTO customers (id, external_id, display_name, email, blocked, created_at, updated_at, online) "
                   "VALUES (?, ?, ?, ?, 0, ?, ?, 0)",
                   [(c[0].bytes, c[1], c[2], c[3], created, created) for c in customers])
    db.executemany(
        "INSERT INTO conversations (id, customer_id, module_id, module_version, process_ref, status, agent_id, left_message,"
        " email_requested, exit_reason, input_variables, next_seq, customer_messages, agent_messages, unanswered,"
        " entered_at, claimed_at, ended_at, shown_in_live, group_id, auto_assign, rating_scale, rating_change_window_secs,"
        " rating_score, first_rated_at, rated_at, first_response_at)"
        " VALUES (?, ?, ?, 1, 'bench', 'ended', ?, 0, 0, 'agent_ended', '{}', ?, ?, ?, 0, ?, ?, ?, 1, ?, 0, 'five_point', 300,"
        " ?, ?, ?, ?)",
        [(c["id"].bytes, c["customer_id"].bytes, blob(c["module_id"]), blob(c["agent_id"]), PER_CHAT + 1, PER_CHAT // 2,
          PER_CHAT // 2, stamp(c["entered"]), stamp(c["claimed"]), stamp(c["ended"]), blob(c["group_id"]), c["score"],
          stamp(c["rated"]) if c["rated"] else None, stamp(c["rated"]) if c["rated"] else None, stamp(c["first"]))
         for c in conversations])
    db.executemany("INSERT INTO messages (id, conversation_id, seq, author_kind, author_id, kind, body, created_at)"
                   " VALUES (?, ?, ?, ?, ?, 'text', ?, ?)",
                   [(m[0].bytes, m[1].bytes, m[2], m[3], blob(m[4]), m[5], stamp(m[6])) for m in messages])
    db.commit()
    db.execute("ANALYZE")
    db.close()


def seed_postgres(groups, agents, module):
    customers, conversations, messages = rows(groups, agents, module)
    null = lambda value: "\\N" if value is None else str(value)  # noqa: E731
    created = stamp(datetime.now(timezone.utc))
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        files["customers"] = "\n".join(f"{c[0]}\t{c[1]}\t{c[2]}\t{c[3]}\tf\t{created}\t{created}\tf" for c in customers)
        files["conversations"] = "\n".join("\t".join(map(null, [
            c["id"], c["customer_id"], c["module_id"], 1, "bench", "ended", c["agent_id"], "f", "f", "agent_ended", "{}",
            PER_CHAT + 1, PER_CHAT // 2, PER_CHAT // 2, 0, stamp(c["entered"]), stamp(c["claimed"]), stamp(c["ended"]), "t",
            c["group_id"], "f", "five_point", 300, c["score"], stamp(c["rated"]) if c["rated"] else None,
            stamp(c["rated"]) if c["rated"] else None, stamp(c["first"])])) for c in conversations)
        files["messages"] = "\n".join("\t".join(map(null, [
            m[0], m[1], m[2], m[3], m[4], "text", m[5].replace("\\", "\\\\"), stamp(m[6])])) for m in messages)
        columns = {
            "customers": "id, external_id, display_name, email, blocked, created_at, updated_at, online",
            "conversations": "id, customer_id, module_id, module_version, process_ref, status, agent_id, left_message,"
                             " email_requested, exit_reason, input_variables, next_seq, customer_messages, agent_messages,"
                             " unanswered, entered_at, claimed_at, ended_at, shown_in_live, group_id, auto_assign,"
                             " rating_scale, rating_change_window_secs, rating_score, first_rated_at, rated_at,"
                             " first_response_at",
            "messages": "id, conversation_id, seq, author_kind, author_id, kind, body, created_at",
        }
        for table in ("customers", "conversations", "messages"):
            path = os.path.join(tmp, table)
            with open(path, "w") as out:
                out.write(files[table] + "\n")
            subprocess.run(["psql", STORE, "-qc", f"\\copy {table} ({columns[table]}) FROM '{path}'"], check=True)
        subprocess.run(["psql", STORE, "-qc", "ANALYZE"], check=True)


def timed(client, path, count=REQUESTS):
    for _ in range(5):
        client.call("GET", path)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        client.call("GET", path)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


def main():
    data_dir = tempfile.mkdtemp(prefix="livechat-history-")
    if STORE != "sqlite":
        base, name = STORE.rsplit("/", 1)
        subprocess.run(["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}"], check=True)
    server = Server(data_dir)
    server.start()
    admin, groups, agents, module = set_up()
    server.stop()
    started = time.time()
    if STORE == "sqlite":
        seed_sqlite(data_dir, groups, agents, module)
    else:
        seed_postgres(groups, agents, module)
    print(f"seeded {CONVERSATIONS:,} conversations and {CONVERSATIONS * PER_CHAT:,} messages in {time.time() - started:.0f} s")
    server.start()
    client = Client(Client().call("POST", "/v1/auth/login", {"email": "admin@livechat.local", "password": "admin-password-1"})["token"])
    agent = Client(Client().call("POST", "/v1/auth/login", {"email": "agent0@example.com", "password": "agent-password-1"})["token"])
    now = datetime.now(timezone.utc)
    iso = lambda moment: urllib.parse.quote(moment.strftime("%Y-%m-%dT%H:%M:%SZ"))  # noqa: E731
    cases = [
        ("baseline: GET /health/live", client, "/health/live"),
        ("history, newest 50, no filter", client, "/v1/history"),
        ("history, q= a word in most chats (w0)", client, "/v1/history?q=w0"),
        ("history, q= a word in ~1% of chats (w50)", client, "/v1/history?q=w50"),
        ("history, q= a rare word (w2000)", client, "/v1/history?q=w2000"),
        ("history, q= two words (w3 w40)", client, "/v1/history?q=w3%20w40"),
        ("history, agent_id=", client, f"/v1/history?agent_id={agents[3]}"),
        ("history, email=", client, "/v1/history?email=customer4242%40example.com"),
        ("history, a week (from/to)", client, f"/v1/history?from={iso(now - timedelta(days=60))}&to={iso(now - timedelta(days=53))}"),
        ("history, an agent's sight (groups), q=w50", agent, "/v1/history?q=w50"),
        ("report, one day by hour", client, f"/v1/reports/chats?from={iso(now - timedelta(days=1))}&to={iso(now)}&bucket=hour"),
        ("report, 30 days by day, Europe/Berlin", client, f"/v1/reports/chats?from={iso(now - timedelta(days=30))}&to={iso(now)}&time_zone=Europe/Berlin"),
        ("report, a year by week (every chat)", client, f"/v1/reports/chats?from={iso(now - timedelta(days=366))}&to={iso(now)}&bucket=week"),
    ]
    print(f"store: {'SQLite' if STORE == 'sqlite' else 'PostgreSQL'}; {REQUESTS} requests each, one at a time")
    print("| request | p50 ms | p99 ms |")
    print("| --- | ---: | ---: |")
    for name, who, path in cases:
        count = 20 if "a year" in name else REQUESTS
        p50, p99 = timed(who, path, count)
        print(f"| {name}{'' if count == REQUESTS else f' ({count} requests)'} | {p50:.1f} | {p99:.1f} |")
        sys.stdout.flush()
    server.stop()
    if os.environ.get("KEEP"):
        print(f"kept {data_dir}")
    else:
        subprocess.run(["rm", "-rf", data_dir])


if __name__ == "__main__":
    main()
