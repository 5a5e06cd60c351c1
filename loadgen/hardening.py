#!/usr/bin/env python3
"""Figures for the hardening of the server (stdlib only):

  streams   REST latency and server CPU while agents post 3 KB messages, without and
            then with 2,000 agent streams whose clients never read; resident memory
            after those streams close.
  webhooks  how long a healthy webhook endpoint waits for its deliveries while another
            endpoint never answers.

  python3 loadgen/hardening.py streams  --server target/release/livechat
  python3 loadgen/hardening.py webhooks --server target/release/livechat
"""

import argparse
import http.client
import http.server
import json
import os
import socket
import statistics
import subprocess
import tempfile
import threading
import time

PASSWORD = "admin-password-1"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, binary, extra_env):
        self.port = free_port()
        self.data = tempfile.mkdtemp()
        env = dict(os.environ)
        env.update({
            "LIVECHAT_BIND": f"127.0.0.1:{self.port}",
            "LIVECHAT_DATA_DIR": self.data,
            "LIVECHAT_ADMIN_PASSWORD": PASSWORD,
            "LIVECHAT_LOG_LEVEL": "error",
            "LIVECHAT_RATE_LIMIT_API_KEY_PER_MIN": "0",
            "LIVECHAT_RATE_LIMIT_AGENT_PER_MIN": "0",
            "LIVECHAT_RATE_LIMIT_CUSTOMER_PER_MIN": "0",
            "LIVECHAT_RATE_LIMIT_LOGIN_PER_MIN": "0",
            "LIVECHAT_RATE_LIMIT_TOKEN_ISSUE_PER_MIN": "0",
        })
        env.update(extra_env)
        self.process = subprocess.Popen([binary], env=env, cwd=self.data, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                if self.call("GET", "/health/ready")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise SystemExit("the server did not become ready")

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def call(self, method, path, token=None, body=None, conn=None):
        own = conn is None
        conn = conn or self.connection()
        headers = {"content-type": "application/json"}
        if token:
            headers["authorization"] = f"Bearer {token}"
        conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = conn.getresponse()
        data = response.read()
        if own:
            conn.close()
        return response.status, (json.loads(data) if data else None)

    def cpu_seconds(self):
        fields = open(f"/proc/{self.process.pid}/stat").read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mib(self):
        for line in open(f"/proc/{self.process.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=15)


def login(server, email, password):
    status, body = server.call("POST", "/v1/auth/login", body={"email": email, "password": password})
    assert status == 200, body
    return body["token"]


def setup(server, agents):
    admin = login(server, "admin@livechat.local", PASSWORD)
    tokens = []
    for n in range(agents):
        email = f"agent{n}@example.com"
        status, body = server.call("POST", "/v1/agents", admin,
                                   {"email": email, "name": f"Agent {n}", "password": "agent-password-1"})
        assert status == 201, body
        token = login(server, email, "agent-password-1")
        assert server.call("PUT", "/v1/me/presence", token, {"presence": "online"})[0] == 200
        tokens.append(token)
    status, module = server.call("POST", "/v1/modules", admin,
                                 {"name": "Support", "async_enabled": True, "request_email": False})
    assert status == 201, module
    status, key = server.call("POST", "/v1/api-keys", admin, {"name": "bench"})
    assert status == 201, key
    return admin, tokens, module["id"], key["key"]


def enter_and_claim(server, key, module, agent, external_id):
    body = {"customer": {"external_id": external_id, "display_name": external_id},
            "module_id": module, "process_ref": "bench"}
    status, entered = server.call("POST", "/v1/entries", key, body)
    assert status == 201, entered
    conversation = entered["conversation"]["id"]
    assert server.call("POST", f"/v1/conversations/{conversation}/claim", agent, {})[0] == 200
    return conversation


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def post_paced(server, agent, conversations, rate, seconds, text_bytes):
    """Posts messages at `rate` a second for `seconds`; returns latencies (ms) and CPU."""
    conn = server.connection()
    latencies = []
    text = "x" * text_bytes
    cpu_before, started = server.cpu_seconds(), time.monotonic()
    n = 0
    while time.monotonic() - started < seconds:
        due = started + n / rate
        pause = due - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        conversation = conversations[n % len(conversations)]
        sent = time.monotonic()
        status, body = server.call("POST", f"/v1/conversations/{conversation}/messages", agent,
                                   {"text": f"{n} {text}"}, conn)
        assert status == 201, body
        latencies.append((time.monotonic() - sent) * 1000)
        n += 1
    elapsed = time.monotonic() - started
    return latencies, (server.cpu_seconds() - cpu_before) / elapsed


def open_silent_streams(server, tokens, per_agent):
    sockets = []
    for token in tokens:
        for _ in range(per_agent):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(("127.0.0.1", server.port))
            s.sendall(f"GET /v1/streams/agent HTTP/1.1\r\nhost: x\r\nauthorization: Bearer {token}\r\n\r\n".encode())
            sockets.append(s)
    return sockets


def streams(args):
    server = Server(args.server, {})
    try:
        _, tokens, module, key = setup(server, args.streams // 100)
        agent = tokens[0]
        conversations = [enter_and_claim(server, key, module, agent, f"c-{n}") for n in range(50)]
        rss_idle = server.rss_mib()
        without, cpu_without = post_paced(server, agent, conversations, args.rate, args.seconds, 3000)
        sockets = open_silent_streams(server, tokens, 100)
        time.sleep(2)
        rss_open = server.rss_mib()
        with_silent, cpu_with = post_paced(server, agent, conversations, args.rate, args.seconds, 3000)
        rss_peak = server.rss_mib()
        # Every stream the server has not cut off yet, next to a second window.
        still, cpu_later = post_paced(server, agent, conversations, args.rate, args.seconds, 3000)
        rss_later = server.rss_mib()
        for s in sockets:
            s.close()
        time.sleep(12)
        rss_closed = server.rss_mib()
        print(f"{args.rate} msg/s of 3 KB for {args.seconds} s per window; {len(sockets)} non-reading agent streams")
        for name, latencies, cpu in [("without them", without, cpu_without),
                                     ("with them (first window)", with_silent, cpu_with),
                                     ("with them (second window)", still, cpu_later)]:
            print(f"  {name:28} POST p50 {statistics.median(latencies):6.1f} ms  p99 {percentile(latencies, 0.99):7.1f} ms"
                  f"  server CPU {cpu:.2f} cores")
        print(f"  RSS MiB: idle {rss_idle:.0f}, streams open {rss_open:.0f}, after first window {rss_peak:.0f},"
              f" after second {rss_later:.0f}, 12 s after they closed {rss_closed:.0f}")
    finally:
        server.stop()


class Healthy(http.server.BaseHTTPRequestHandler):
    arrivals = {}

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["content-length"])))
        text = body.get("data", {}).get("content", {}).get("text", "")
        Healthy.arrivals.setdefault(text, time.monotonic())
        self.send_response(200)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def webhooks(args):
    hanging = socket.socket()
    hanging.bind(("127.0.0.1", 0))
    hanging.listen(128)
    held = []
    threading.Thread(target=lambda: [held.append(hanging.accept()) for _ in iter(int, 1)], daemon=True).start()
    healthy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Healthy)
    threading.Thread(target=healthy.serve_forever, daemon=True).start()
    server = Server(args.server, {"LIVECHAT_WEBHOOK_TIMEOUT_SECS": "10"})
    try:
        admin, tokens, module, key = setup(server, 1)
        for port in [hanging.getsockname()[1], healthy.server_address[1]]:
            body = {"url": f"http://127.0.0.1:{port}/hook", "event_types": ["message.created"]}
            assert server.call("POST", "/v1/webhooks", admin, body)[0] == 201
        conversation = enter_and_claim(server, key, module, tokens[0], "c-1")
        posted = {}
        for n in range(args.messages):
            text = f"message {n}"
            posted[text] = time.monotonic()
            assert server.call("POST", f"/v1/conversations/{conversation}/messages", tokens[0], {"text": text})[0] == 201
            time.sleep(0.2)
        deadline = time.monotonic() + args.wait
        while time.monotonic() < deadline and not all(text in Healthy.arrivals for text in posted):
            time.sleep(0.1)
        waits = [Healthy.arrivals[text] - at for text, at in posted.items() if text in Healthy.arrivals]
        missing = len(posted) - len(waits)
        print(f"{args.messages} messages 0.2 s apart; one endpoint never answers (timeout 10 s), one answers at once")
        if waits:
            print(f"  healthy endpoint: p50 {statistics.median(waits):.2f} s, max {max(waits):.2f} s,"
                  f" {missing} not delivered within {args.wait} s")
        else:
            print(f"  healthy endpoint: nothing delivered within {args.wait} s")
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", choices=["streams", "webhooks"])
    parser.add_argument("--server", required=True)
    parser.add_argument("--streams", type=int, default=2000)
    parser.add_argument("--rate", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--messages", type=int, default=20)
    parser.add_argument("--wait", type=int, default=120)
    args = parser.parse_args()
    {"streams": streams, "webhooks": webhooks}[args.scenario](args)


if __name__ == "__main__":
    main()
