import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { createLivechatClient, openStream, StreamError, type StreamEvent } from 'livechat-sdk';

/** A response whose body sends `chunks` and then stays open until the reader cancels. */
function sseResponse(...chunks: string[]): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

/** One SSE message as the server writes it: `data:` is the whole event. */
function sse(type: string, id: number | null, data: unknown): string {
  return `event: ${type}\n${id === null ? '' : `id: ${id}\n`}data: ${JSON.stringify({ type, id, data })}\n\n`;
}

/** The client always calls `fetch` with a `Request`. */
function fakeFetch(answer: (request: Request) => Promise<Response>): typeof fetch {
  return (input) => answer(input as Request);
}

test('reconnects after stream.reconnect, resuming after the last id', async () => {
  const requests: Request[] = [];
  const answers = [
    sseResponse(
      sse('stream.ready', 5, { last_event_id: 5 }),
      sse('message.created', 6, { seq: 1 }),
      sse('typing', null, { side: 'customer' }),
      sse('stream.reconnect', null, { reason: 'shutting down' }),
    ),
    sseResponse(sse('stream.ready', 6, { last_event_id: 6 }), sse('message.created', 7, { seq: 2 })),
  ];
  const fetch = fakeFetch(async (request) => {
    requests.push(request);
    return answers.shift() ?? new Response(null, { status: 500 });
  });
  const client = createLivechatClient({ baseUrl: 'http://livechat.test', agentToken: 'agent-jwt', fetch });
  const stream = openStream(client, 'agent', { minRetryMs: 1 });

  const seen: Array<[StreamEvent['type'], number | null | undefined]> = [];
  const events: StreamEvent[] = [];
  for await (const event of stream) {
    seen.push([event.type, event.id]);
    events.push(event);
    if (seen.length === 6) stream.close();
  }
  assert.deepEqual(seen, [
    ['stream.ready', 5],
    ['message.created', 6],
    ['typing', null],
    ['stream.reconnect', null],
    ['stream.ready', 6],
    ['message.created', 7],
  ]);
  assert.deepEqual(events[1], { type: 'message.created', id: 6, data: { seq: 1 } });
  assert.equal(stream.lastEventId, 7);
  assert.equal(requests.length, 2);
  assert.equal(requests[0].url, 'http://livechat.test/v1/streams/agent');
  assert.equal(requests[0].headers.get('authorization'), 'Bearer agent-jwt');
  assert.equal(requests[0].headers.get('last-event-id'), null);
  assert.equal(requests[1].headers.get('last-event-id'), '6');
});

test('backs off exponentially while the server is unreachable', async () => {
  let calls = 0;
  const fetch = fakeFetch(async () => {
    calls += 1;
    if (calls <= 4) throw new TypeError('fetch failed');
    return sseResponse(sse('stream.ready', 1, { last_event_id: 1 }));
  });
  const client = createLivechatClient({ baseUrl: 'http://livechat.test', customerToken: 'customer-jwt', fetch });
  const delays: number[] = [];
  const stream = openStream(client, 'customer', {
    minRetryMs: 5,
    maxRetryMs: 20,
    onDisconnect: (_error, retryInMs) => delays.push(retryInMs),
  });
  for await (const event of stream) {
    assert.equal(event.type, 'stream.ready');
    break; // leaving the loop closes the stream
  }
  assert.deepEqual(delays, [5, 10, 20, 20]);
});

test('keeps backing off against a server that accepts and drops at once, not after a stable connection', async () => {
  // Each connection sends stream.ready and ends; the fourth stays up 300 ms first.
  let calls = 0;
  const fetch = fakeFetch(async () => {
    calls += 1;
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode(sse('stream.ready', calls, { last_event_id: calls })));
        if (calls === 4) await new Promise((resolve) => setTimeout(resolve, 300));
        controller.close();
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  });
  const client = createLivechatClient({ baseUrl: 'http://livechat.test', agentToken: 'agent-jwt', fetch });
  const delays: number[] = [];
  const stream = openStream(client, 'agent', {
    minRetryMs: 5,
    maxRetryMs: 1_000,
    stableAfterMs: 200,
    onDisconnect: (_error, retryInMs) => delays.push(retryInMs),
  });
  let ready = 0;
  for await (const event of stream) {
    assert.equal(event.type, 'stream.ready');
    if (++ready === 6) break;
  }
  assert.deepEqual(delays, [5, 10, 20, 5, 10]);
});

test('a malformed event ends the stream with a SyntaxError', async () => {
  const fetch = fakeFetch(async () => sseResponse('event: stream.ready\nid: 1\ndata: {"type":\n\n'));
  const client = createLivechatClient({ baseUrl: 'http://livechat.test', agentToken: 'agent-jwt', fetch });
  await assert.rejects(async () => {
    for await (const _event of openStream(client, 'agent', { minRetryMs: 1 })) assert.fail('no event expected');
  }, SyntaxError);
});

test('a refused stream ends with a StreamError instead of retrying', async () => {
  let calls = 0;
  const fetch = fakeFetch(async () => {
    calls += 1;
    const problem = { type: 'urn:livechat:problem:not_found', title: 'Not Found', status: 404, detail: 'no such thing', code: 'not_found' };
    return new Response(JSON.stringify(problem), { status: 404, headers: { 'content-type': 'application/problem+json' } });
  });
  const client = createLivechatClient({ baseUrl: 'http://livechat.test', agentToken: 'agent-jwt', fetch });
  const stream = openStream(client, 'agent', { minRetryMs: 1 });
  const error = await (async () => {
    try {
      for await (const _event of stream) assert.fail('no event expected');
    } catch (error) {
      return error;
    }
  })();
  assert.equal(calls, 1);
  assert.ok(error instanceof StreamError);
  assert.equal(error.status, 404);
  assert.equal(error.problem?.code, 'not_found');
});

test('an aborted signal ends the iteration', async () => {
  const fetch = fakeFetch(async () => sseResponse(sse('stream.ready', 1, { last_event_id: 1 })));
  const client = createLivechatClient({ baseUrl: 'http://livechat.test', agentToken: 'agent-jwt', fetch });
  const controller = new AbortController();
  const types: string[] = [];
  for await (const event of openStream(client, 'agent', { signal: controller.signal })) {
    types.push(event.type);
    controller.abort(); // the loop then ends without another event
  }
  assert.deepEqual(types, ['stream.ready']);
});

test('connects on open, before the first read, and a refusal nobody reads stays quiet', async () => {
  const requests: Request[] = [];
  const ready = fakeFetch(async (request) => {
    requests.push(request);
    return sseResponse(sse('stream.ready', 3, { last_event_id: 3 }));
  });
  const client = createLivechatClient({ baseUrl: 'http://livechat.test', agentToken: 'agent-jwt', fetch: ready });
  const stream = openStream(client, 'agent');
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(requests.length, 1);
  stream.close();

  const refused = fakeFetch(async () => new Response('{}', { status: 401 }));
  openStream(createLivechatClient({ baseUrl: 'http://livechat.test', fetch: refused }), 'customer');
  await new Promise((resolve) => setTimeout(resolve, 20)); // an unhandled rejection would fail the run
});

test('closed streams leave nothing behind: the process exits at once', () => {
  // One stream is closed unread while its connection is open, one while it waits to retry.
  const program = `
    import { createLivechatClient, openStream } from 'livechat-sdk';
    const body = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('id: 1\\nevent: stream.ready\\ndata: {"type":"stream.ready","id":1,"data":{"last_event_id":1}}\\n\\n')); } });
    const open = createLivechatClient({ baseUrl: 'http://livechat.test', fetch: async () => new Response(body) });
    const down = createLivechatClient({ baseUrl: 'http://livechat.test', fetch: async () => { throw new TypeError('down'); } });
    const streams = [openStream(open, 'agent'), openStream(down, 'customer', { minRetryMs: 30_000 })];
    setTimeout(() => streams.forEach((stream) => stream.close()), 50);
  `;
  const packageDir = fileURLToPath(new URL('..', import.meta.url));
  const started = Date.now();
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: packageDir, timeout: 10_000 });
  assert.equal(child.status, 0, child.stderr.toString());
  assert.ok(Date.now() - started < 5_000, `the process took ${Date.now() - started} ms to exit`);
});

test('a silent connection is dropped after idleTimeoutMs, with that reason, and resumed', async () => {
  const requests: Request[] = [];
  const answers = [
    sseResponse(sse('stream.ready', 5, { last_event_id: 5 })), // then silence
    sseResponse(sse('stream.ready', 5, { last_event_id: 5 }), sse('message.created', 6, { seq: 1 })),
  ];
  const fetch = fakeFetch(async (request) => {
    requests.push(request);
    return answers.shift() ?? new Response(null, { status: 500 });
  });
  const client = createLivechatClient({ baseUrl: 'http://livechat.test', agentToken: 'agent-jwt', fetch });
  const causes: unknown[] = [];
  const stream = openStream(client, 'agent', {
    minRetryMs: 1,
    idleTimeoutMs: 50,
    onDisconnect: (error) => causes.push(error),
  });
  const types: string[] = [];
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'message.created') stream.close();
  }
  assert.deepEqual(types, ['stream.ready', 'stream.ready', 'message.created']);
  assert.equal(requests[1]?.headers.get('last-event-id'), '5');
  assert.match(String((causes[0] as Error | undefined)?.message), /idleTimeoutMs/);
});

test('scope reaches the agent stream as a query parameter, on reconnects too', async () => {
  const urls: string[] = [];
  const answers = [
    sseResponse(sse('stream.ready', 5, { last_event_id: 5 }), sse('stream.reconnect', null, { reason: 'shutting down' })),
    sseResponse(sse('stream.ready', 5, { last_event_id: 5 })),
  ];
  const fetch = fakeFetch(async (request) => {
    urls.push(request.url);
    return answers.shift() ?? new Response(null, { status: 500 });
  });
  const client = createLivechatClient({ baseUrl: 'http://livechat.test', agentToken: 'agent-jwt', fetch });
  const stream = openStream(client, 'agent', { minRetryMs: 1, scope: 'mine' });
  let seen = 0;
  for await (const _event of stream) {
    if (++seen === 3) stream.close();
  }
  assert.deepEqual(urls, [
    'http://livechat.test/v1/streams/agent?scope=mine',
    'http://livechat.test/v1/streams/agent?scope=mine',
  ]);
});

test('in a browser, the network coming back ends the wait before a reconnect', async () => {
  // A browser's global event target, as `window` is one.
  const browser = new EventTarget();
  const global = globalThis as { addEventListener?: unknown; removeEventListener?: unknown };
  global.addEventListener = browser.addEventListener.bind(browser);
  global.removeEventListener = browser.removeEventListener.bind(browser);
  try {
    let calls = 0;
    const fetch = fakeFetch(async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('fetch failed: the network is down');
      return sseResponse(sse('stream.ready', 3, { last_event_id: 3 }));
    });
    const client = createLivechatClient({ baseUrl: 'http://livechat.test', agentToken: 'agent-jwt', fetch });
    const disconnected = new Promise<number>((resolve) => {
      // The first wait would be a minute long.
      const stream = openStream(client, 'agent', { minRetryMs: 60_000, onDisconnect: (_, wait) => resolve(wait) });
      void (async () => {
        for await (const event of stream) {
          assert.equal(event.type, 'stream.ready');
          stream.close();
        }
      })();
    });
    assert.equal(await disconnected, 60_000);
    const started = Date.now();
    browser.dispatchEvent(new Event('online'));
    while (calls < 2 && Date.now() - started < 5_000) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(calls, 2, 'reconnected when the network came back, not a minute later');
  } finally {
    delete global.addEventListener;
    delete global.removeEventListener;
  }
});
