import type { Client } from './generated/client/index.js';
import type { Problem, StreamEvent } from './generated/types.gen.js';
import { SseParser } from './sse.js';

/** `agent`: `GET /v1/streams/agent` (agent token); `customer`: `GET /v1/streams/customer`. */
export type StreamKind = 'agent' | 'customer';

/** The event of one type, e.g. `StreamEventOf<'message.created'>`. */
export type StreamEventOf<T extends StreamEvent['type']> = Extract<StreamEvent, { type: T }>;

export interface StreamOptions {
  /** Resume after this event id (e.g. kept from an earlier page load); default: from now. */
  lastEventId?: number;
  /**
   * Agent streams only: `mine` carries the messages, seen marks and typing of the agent's
   * own conversations only (the Live list still comes whole). Default `all`.
   */
  scope?: 'all' | 'mine';
  /** Aborting it ends the stream, like `close()`. */
  signal?: AbortSignal;
  /** The connection dropped; the next attempt follows in `retryInMs`. */
  onDisconnect?: (error: unknown, retryInMs: number) => void;
  /** The first reconnect delay (default 250 ms), doubled per attempt up to `maxRetryMs` (10 s). */
  minRetryMs?: number;
  maxRetryMs?: number;
  /** A connection that stayed up this long (default 5 s) starts the delay over at `minRetryMs`. */
  stableAfterMs?: number;
  /** Reconnect when nothing, not even a keep-alive (every 15 s), arrives this long. Default 45 s. */
  idleTimeoutMs?: number;
}

/** The server refused the stream (401, 403, 404, other 4xx; `problem` is its body): retrying would not help. */
export class StreamError extends Error {
  readonly name = 'StreamError';
  constructor(readonly status: number, readonly problem: Problem | undefined) {
    super(problem?.detail ?? `the stream was refused with HTTP ${status}`);
  }
}

export interface LivechatStream extends AsyncIterable<StreamEvent> {
  /** The id to resume after; `undefined` until the first event with an id. */
  readonly lastEventId: number | undefined;
  /** Ends the stream: iteration finishes, the connection and timers go away. */
  close(): void;
}

/**
 * Opens an event stream with the client's credential and keeps it open: it reconnects
 * with `Last-Event-ID` after drops and `stream.reconnect`, so each stored event arrives
 * exactly once and in order. Read it with one `for await` loop; it throws a `StreamError`
 * when the server refuses the stream and ends after `close()`.
 */
export function openStream(client: Client, kind: StreamKind, options: StreamOptions = {}): LivechatStream {
  return new EventStream(client, kind, options);
}

class EventStream implements LivechatStream {
  lastEventId: number | undefined;
  private readonly stopped = new AbortController();
  private readonly events: AsyncGenerator<StreamEvent>;
  private first: Promise<IteratorResult<StreamEvent>> | undefined;

  constructor(private client: Client, private kind: StreamKind, private options: StreamOptions) {
    this.lastEventId = options.lastEventId;
    this.events = this.readWithRetries();
    options.signal?.addEventListener('abort', this.close, { once: true });
    if (options.signal?.aborted) this.close();
    // Connect now rather than at the first read; the reader gets any error from `next()`.
    this.first = this.events.next();
    this.first.catch(() => {});
  }

  readonly close = (): void => {
    this.stopped.abort();
    this.options.signal?.removeEventListener('abort', this.close);
    // When nobody is reading, the generator waits at a `yield`: run its cleanup now.
    this.events.return(undefined).catch(() => {});
  };

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    return {
      next: () => {
        const next = this.first ?? this.events.next();
        this.first = undefined;
        return next;
      },
      return: async () => {
        this.close();
        return { done: true, value: undefined };
      },
    };
  }

  private async *readWithRetries(): AsyncGenerator<StreamEvent> {
    const { signal } = this.stopped;
    const { minRetryMs = 250, maxRetryMs = 10_000, stableAfterMs = 5_000 } = this.options;
    let delay = minRetryMs;
    try {
      while (!signal.aborted) {
        let cause: unknown = new Error('the server ended the stream');
        let upSince: number | undefined; // the first event of this connection
        try {
          for await (const event of this.readConnection()) {
            upSince ??= Date.now();
            yield event;
          }
        } catch (error) {
          if (isFinal(error) && !signal.aborted) throw error;
          cause = error;
        }
        if (signal.aborted) return;
        // Only a connection that lasted starts the backoff over: a server that accepts and
        // drops at once must not be hammered.
        if (upSince !== undefined && Date.now() - upSince >= stableAfterMs) delay = minRetryMs;
        this.options.onDisconnect?.(cause, delay);
        await backoff(delay, signal);
        delay = Math.min(delay * 2, maxRetryMs);
      }
    } finally {
      this.close(); // also when the reader leaves `for await` early
    }
  }

  /** One connection's events, until it ends, fails, idles out or says `stream.reconnect`. */
  private async *readConnection(): AsyncGenerator<StreamEvent> {
    const connection = new AbortController();
    const drop = () => connection.abort();
    this.stopped.signal.addEventListener('abort', drop, { once: true });
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const restartIdleTimer = () => {
      clearTimeout(idleTimer);
      const idle = new Error('nothing arrived for idleTimeoutMs: the connection is taken as dead');
      idleTimer = setTimeout(() => connection.abort(idle), this.options.idleTimeoutMs ?? 45_000);
    };
    try {
      restartIdleTimer();
      const body = await this.connect(connection.signal);
      const reader = body.pipeThrough(new TextDecoderStream()).getReader();
      // Cancelling ends a pending read even with a `fetch` that ignores its signal.
      connection.signal.addEventListener('abort', () => reader.cancel().catch(() => {}));
      const parser = new SseParser();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          connection.signal.throwIfAborted(); // an idle timeout is a drop with its reason
          return;
        }
        restartIdleTimer();
        for (const message of parser.feed(value)) {
          // `data:` is the whole event; a SyntaxError is final: the server broke the contract.
          const event = JSON.parse(message.data) as StreamEvent;
          const id = Number(message.id); // the SSE `id:`, equal to `event.id`
          if (message.id && Number.isSafeInteger(id)) this.lastEventId = id;
          yield event;
          if (event.type === 'stream.reconnect') return; // the server is going away
        }
      }
    } finally {
      clearTimeout(idleTimer);
      drop(); // releases the socket when we stop early
      this.stopped.signal.removeEventListener('abort', drop);
    }
  }

  /** The request goes through the hey-api client: its base URL, credential, fetch and interceptors. */
  private async connect(signal: AbortSignal): Promise<NonNullable<Response['body']>> {
    const resume = this.lastEventId === undefined ? {} : { 'Last-Event-ID': String(this.lastEventId) };
    const { error, response } = await this.client.get({
      url: `/v1/streams/${this.kind}`,
      query: this.kind === 'agent' && this.options.scope ? { scope: this.options.scope } : undefined,
      security: [{ scheme: 'bearer', type: 'http' }],
      headers: { Accept: 'text/event-stream', ...resume },
      parseAs: 'stream',
      responseStyle: 'fields',
      throwOnError: false,
      signal,
    });
    if (!response) throw error; // no answer at all: network error or abort
    if (!response.ok) {
      const problem = error && typeof error === 'object' && 'status' in error ? (error as Problem) : undefined;
      throw new StreamError(response.status, problem);
    }
    if (!response.body) throw new Error('the stream response has no body');
    return response.body;
  }
}

function isFinal(error: unknown): boolean {
  if (error instanceof SyntaxError) return true;
  // 408 and 429 (too many open streams) pass with time; other 4xx will not.
  return error instanceof StreamError && error.status < 500 && error.status !== 408 && error.status !== 429;
}

/**
 * Waits `ms` before a reconnect, or less: in a browser, the moment it says the network is
 * back (`online`), so a page does not sit out the rest of a long backoff.
 */
async function backoff(ms: number, signal: AbortSignal): Promise<void> {
  const events = globalThis as { addEventListener?: EventTarget['addEventListener']; removeEventListener?: EventTarget['removeEventListener'] };
  if (typeof events.addEventListener !== 'function' || typeof events.removeEventListener !== 'function') {
    return sleep(ms, signal);
  }
  const online = new AbortController();
  const wake = () => online.abort();
  events.addEventListener('online', wake, { once: true });
  try {
    await sleep(ms, AbortSignal.any([signal, online.signal]));
  } finally {
    events.removeEventListener('online', wake);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal.addEventListener('abort', wake, { once: true });
  });
}
