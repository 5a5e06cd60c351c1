//! What the browser tests run against: a fresh livechat server per test (its own data
//! directory and port, CORS open to the pages' origin only), the built pages served over
//! HTTP, and a TCP proxy per page that can cut that page's connections to the server.

import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface LivechatServer {
  url: string;
  adminEmail: string;
  adminPassword: string;
  log: () => string;
  stop: () => Promise<void>;
}

let logs = '';

export async function startServer(allowedOrigin: string): Promise<LivechatServer> {
  const binary = process.env.LIVECHAT_BIN ?? '';
  if (!existsSync(binary)) throw new Error(`no server binary at LIVECHAT_BIN=${binary}`);
  const dir = mkdtempSync(join(tmpdir(), 'livechat-browser-'));
  const port = await freePort();
  const adminPassword = `admin-password-${port}`;
  const server: ChildProcess = spawn(binary, ['serve'], {
    cwd: dir,
    env: {
      ...process.env,
      LIVECHAT_BIND: `127.0.0.1:${port}`,
      LIVECHAT_DATA_DIR: join(dir, 'data'),
      LIVECHAT_ADMIN_PASSWORD: adminPassword,
      LIVECHAT_LOG_FORMAT: 'json',
      LIVECHAT_CORS_ALLOWED_ORIGINS: JSON.stringify([allowedOrigin]),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  logs = '';
  server.stdout?.on('data', (chunk: Buffer) => { logs += chunk.toString(); });
  server.stderr?.on('data', (chunk: Buffer) => { logs += chunk.toString(); });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(`${url}/health/ready`).then((response) => response.ok, () => false);
    if (ready) break;
    if (attempt > 100 || server.exitCode !== null) throw new Error(`the server did not start:\n${logs}`);
    await delay(100);
  }
  return {
    url,
    adminEmail: 'admin@livechat.local',
    adminPassword,
    log: () => logs,
    stop: async () => {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.map': 'application/json' };

/** Serves a directory as a static site, as `python3 -m http.server` does in try.sh. */
export async function servePages(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createHttpServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(root, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(root) || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A TCP proxy in front of the server; `cut()` drops every connection and refuses new ones until `restore()`. */
export interface Cable {
  url: string;
  cut: () => void;
  restore: () => void;
  close: () => Promise<void>;
}

export async function cable(target: string): Promise<Cable> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let down = false;
  const server = createTcpServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(port), hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut: () => {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore: () => { down = false; },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no address');
  return address.port;
}
