#!/usr/bin/env python3
"""Files under load: 20 clients upload a 50 MB file each at once, then download them at
once, while the server's resident memory is sampled; the same files through nginx on the
same box (WebDAV PUT to disk, static GET) are the baseline.

    cargo build --release -p livechat
    python3 loadgen/files.py                   # files on the disk (data_dir/files)
    STORAGE=s3 S3_ENDPOINT=http://127.0.0.1:5000 python3 loadgen/files.py   # S3 (a running moto)

Needs nginx (Debian's nginx-light) for the baseline, and only the Python standard library.
Rate limits are off and the quota is off; the module accepts any bytes up to 64 MiB.
"""

import hashlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
SERVER = os.environ.get("SERVER", os.path.join(TARGET, "release", "livechat"))
CLIENTS = int(os.environ.get("CLIENTS", "20"))
SIZE = int(os.environ.get("SIZE_MB", "50")) * 1024 * 1024
PORT, NGINX_PORT = 18091, 18092
CHUNK = 256 * 1024


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Sampler:
    """The peak of a process's resident memory while a block runs, sampled every 20 ms."""

    def __init__(self, pid):
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.02)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()


def call(method, path, token=None, body=None, port=PORT):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    if response.status >= 300:
        raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
    return json.loads(data) if data else None


def send_file(port, path, token, source):
    """PUT or POST of `source` streamed from disk; returns the response body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    method = "POST" if token else "PUT"
    connection.putrequest(method, path)
    connection.putheader("content-type", "application/octet-stream")
    connection.putheader("content-length", str(os.path.getsize(source)))
    if token:
        connection.putheader("authorization", f"Bearer {token}")
    connection.endheaders()
    with open(source, "rb") as file:
        while chunk := file.read(CHUNK):
            connection.send(chunk)
    response = connection.getresponse()
    data = response.read()
    if response.status not in (200, 201, 204):
        raise SystemExit(f"upload {path}: {response.status} {data[:300]!r}")
    return data


def fetch(port, path, token):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    connection.request("GET", path, headers={"authorization": f"Bearer {token}"} if token else {})
    response = connection.getresponse()
    digest, size = hashlib.sha256(), 0
    while chunk := response.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    if response.status != 200:
        raise SystemExit(f"download {path}: {response.status}")
    return size, digest.hexdigest()


def together(jobs):
    """Runs the jobs on one thread each; returns their results and the wall time."""
    results = [None] * len(jobs)
    errors = []

    def run(index, job):
        try:
            results[index] = job()
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results, time.perf_counter() - started


def start_livechat(work):
    env = dict(os.environ)
    env.update({
        "LIVECHAT_ADMIN_PASSWORD": "admin-password-1",
        "LIVECHAT_LOG_LEVEL": "warn",
        "LIVECHAT_BIND": f"127.0.0.1:{PORT}",
        "LIVECHAT_DATA_DIR": os.path.join(work, "data"),
        "LIVECHAT_RATE_LIMIT_AGENT_PER_MIN": "0",
        "LIVECHAT_RATE_LIMIT_API_KEY_PER_MIN": "0",
        "LIVECHAT_RATE_LIMIT_CUSTOMER_PER_MIN": "0",
        "LIVECHAT_RATE_LIMIT_UPLOADS_PER_MIN": "0",
        "LIVECHAT_ATTACHMENT_MAX_BYTES": str(64 * 1024 * 1024),
        "LIVECHAT_ATTACHMENT_CUSTOMER_QUOTA_BYTES": "0",
        "LIVECHAT_HTTP_BODY_READ_TIMEOUT_SECS": "120",
    })
    if os.environ.get("STORAGE") == "s3":
        bucket = f"bench-{os.getpid()}"
        endpoint = os.environ["S3_ENDPOINT"]
        host = endpoint.split("//", 1)[1]
        connection = http.client.HTTPConnection(host)
        connection.request("PUT", f"/{bucket}")
        connection.getresponse().read()
        env.update({
            "LIVECHAT_STORAGE_URL": f"s3://{bucket}",
            "LIVECHAT_S3_ENDPOINT": endpoint,
            "LIVECHAT_S3_ALLOW_HTTP": "true",
            "LIVECHAT_S3_ACCESS_KEY_ID": "test",
            "LIVECHAT_S3_SECRET_ACCESS_KEY": "test",
        })
    log = open(os.path.join(work, "server.log"), "w")
    process = subprocess.Popen([SERVER], cwd=work, env=env, stdout=log, stderr=log)
    for _ in range(300):
        try:
            if call("GET", "/health/ready"):
                return process
        except (OSError, SystemExit):
            time.sleep(0.1)
    raise SystemExit("livechat did not become ready")


def start_nginx(work):
    root = os.path.join(work, "www")
    os.makedirs(os.path.join(root, "files"))
    config = os.path.join(work, "nginx.conf")
    with open(config, "w") as file:
        # Started by root, nginx's worker would run as an unprivileged user that cannot
        # write into this directory: it keeps the user that started it.
        user = "user root;" if os.geteuid() == 0 else ""
        file.write(f"""
{user}
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx-body;
    client_max_body_size 100m;
    sendfile on;
    server {{
        listen 127.0.0.1:{NGINX_PORT};
        root {root};
        location /files/ {{ dav_methods PUT; create_full_put_path on; }}
    }}
}}
""")
    subprocess.run(["nginx", "-c", config], check=True)
    with open(os.path.join(work, "nginx.pid")) as pid:
        master = int(pid.read())
    time.sleep(0.3)
    workers = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()
    return config, [master] + [int(w) for w in workers]


def main():
    if not os.path.exists(SERVER):
        raise SystemExit(f"no server at {SERVER}: cargo build --release -p livechat")
    if not shutil.which("nginx"):
        raise SystemExit("nginx is needed for the baseline (apt-get install nginx-light)")
    work = tempfile.mkdtemp(prefix="livechat-files-")
    sources = []
    for n in range(CLIENTS):
        path = os.path.join(work, f"source-{n}.bin")
        with open(path, "wb") as file:
            file.write(os.urandom(SIZE))
        sources.append(path)
    digests = [hashlib.sha256(open(path, "rb").read()).hexdigest() for path in sources]
    total_mb = CLIENTS * SIZE / 1e6
    load = os.getloadavg()[0]

    livechat = start_livechat(work)
    try:
        admin = call("POST", "/v1/auth/login", body={"email": "admin@livechat.local", "password": "admin-password-1"})["token"]
        module = call("POST", "/v1/modules", admin, {
            "name": "Files", "async_enabled": True, "request_email": False,
            "attachments": {"allowed_types": ["application/octet-stream"], "max_bytes": 64 * 1024 * 1024},
        })["id"]
        key = call("POST", "/v1/api-keys", admin, {"name": "bench"})["key"]
        chats = []
        for n in range(CLIENTS):
            entry = call("POST", "/v1/entries", key, {
                "customer": {"external_id": f"bench-{n}", "display_name": "Bench"},
                "module_id": module, "process_ref": "bench",
            })
            chats.append((entry["conversation"]["id"], entry["customer_token"]["token"]))
        idle = rss_kib(livechat.pid)
        with Sampler(livechat.pid) as up_memory:
            uploads, up_secs = together([
                (lambda c=c, s=s: json.loads(send_file(PORT, f"/v1/conversations/{c[0]}/attachments?name=f.bin", c[1], s)))
                for c, s in zip(chats, sources)
            ])
        assert [u["sha256"] for u in uploads] == digests, "the stored hashes are the sent bytes'"
        with Sampler(livechat.pid) as down_memory:
            downloads, down_secs = together([
                (lambda c=c, u=u: fetch(PORT, f"/v1/attachments/{u['id']}", c[1])) for c, u in zip(chats, uploads)
            ])
        assert [d for _, d in downloads] == digests, "the downloads are the uploaded bytes"
    finally:
        livechat.terminate()
        livechat.wait(30)

    config, nginx_pids = start_nginx(work)
    try:
        with Sampler(nginx_pids[-1]) as nginx_up_memory:
            _, nginx_up_secs = together([
                (lambda n=n, s=s: send_file(NGINX_PORT, f"/files/{n}.bin", None, s)) for n, s in enumerate(sources)
            ])
        with Sampler(nginx_pids[-1]) as nginx_down_memory:
            nginx_downloads, nginx_down_secs = together([
                (lambda n=n: fetch(NGINX_PORT, f"/files/{n}.bin", None)) for n in range(CLIENTS)
            ])
        assert [d for _, d in nginx_downloads] == digests
    finally:
        subprocess.run(["nginx", "-c", config, "-s", "stop"], check=False)

    print(f"{CLIENTS} clients × {SIZE // (1024 * 1024)} MiB at once ({total_mb:.0f} MB in all), "
          f"storage: {os.environ.get('STORAGE', 'disk')}; load average before: {load:.2f}; "
          f"{os.cpu_count()} cores")
    print(f"{'':26}{'livechat':>14}{'nginx':>14}{'ratio':>8}")
    up, nginx_up = total_mb / up_secs, total_mb / nginx_up_secs
    down, nginx_down = total_mb / down_secs, total_mb / nginx_down_secs
    print(f"{'upload MB/s':26}{up:>14.0f}{nginx_up:>14.0f}{up / nginx_up:>8.2f}")
    print(f"{'download MB/s':26}{down:>14.0f}{nginx_down:>14.0f}{down / nginx_down:>8.2f}")
    print(f"{'RSS idle, MiB':26}{idle / 1024:>14.1f}")
    print(f"{'RSS peak uploading, MiB':26}{up_memory.peak / 1024:>14.1f}{nginx_up_memory.peak / 1024:>14.1f}")
    print(f"{'RSS peak downloading, MiB':26}{down_memory.peak / 1024:>14.1f}{nginx_down_memory.peak / 1024:>14.1f}")
    print(f"RSS growth while uploading: {(up_memory.peak - idle) / 1024:.1f} MiB for {total_mb:.0f} MB in flight "
          f"({(up_memory.peak - idle) / 1024 / CLIENTS:.2f} MiB per upload)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
