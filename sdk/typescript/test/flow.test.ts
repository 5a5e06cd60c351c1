import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';

import {
  claimConversation,
  createAgent,
  createApiKey,
  createLivechatClient,
  createModule,
  endConversation,
  enterLiveChat,
  getConversation,
  getConversationOutcome,
  healthReady,
  listMessages,
  login,
  markSeen,
  type LivechatStream,
  type Message,
  openStream,
  sendArticle,
  sendMessage,
  sendTyping,
  setPresence,
  StreamError,
  type StreamEvent,
  type StreamEventOf,
} from 'livechat-sdk';

import { type CuttableProxy, startProxy } from './proxy.js';

// These tests need a server; without one (no sdk/with-server.sh) they are skipped.
const baseUrl = process.env.LIVECHAT_URL ?? '';
const skip = baseUrl ? false : 'LIVECHAT_URL is not set: run the tests with sdk/with-server.sh';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with sdk/with-server.sh`);
  return value;
}

const suffix = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

/** Reads a stream in the background and lets the test wait for what it expects. */
class Recorder {
  readonly events: StreamEvent[] = [];
  readonly finished: Promise<void>;
  /** Called with each event as it arrives. */
  onEvent: ((event: StreamEvent) => void) | undefined;
  private failure: unknown;

  constructor(readonly stream: LivechatStream) {
    this.finished = (async () => {
      for await (const event of stream) {
        this.events.push(event);
        this.onEvent?.(event);
      }
    })().catch((error: unknown) => {
      this.failure = error;
    });
  }

  of<T extends StreamEvent['type']>(type: T): Array<StreamEventOf<T>> {
    return this.events.filter((event): event is StreamEventOf<T> => event.type === type);
  }

  /** The seqs of one conversation's messages, as they arrived (a shared server has others). */
  messageSeqs(conversationId: string): number[] {
    return this.of('message.created')
      .filter((event) => event.data.conversation_id === conversationId)
      .map((event) => event.data.seq);
  }

  async waitFor(what: string, ready: () => boolean): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!ready()) {
      if (this.failure) throw this.failure;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await delay(10);
    }
  }
}

test('the whole flow through the SDK, with both streams cut and resumed', { skip }, async () => {
  const anonymous = createLivechatClient({ baseUrl });
  assert.equal((await healthReady({ client: anonymous, throwOnError: true })).data.status, 'ok');

  // The admin sets up an agent, a module and the bot platform's API key.
  const { data: adminSession } = await login({
    client: anonymous,
    body: { email: env('LIVECHAT_ADMIN_EMAIL'), password: env('LIVECHAT_ADMIN_PASSWORD') },
    throwOnError: true,
  });
  const admin = createLivechatClient({ baseUrl, agentToken: adminSession.token });
  const agentName = `Ada ${suffix}`;
  const agentEmail = `ada-${suffix}@example.com`;
  await createAgent({ client: admin, body: { email: agentEmail, name: agentName, password: 'ada-password-1' }, throwOnError: true });
  const { data: module } = await createModule({
    client: admin,
    body: { name: `Support ${suffix}`, async_enabled: false, request_email: false },
    throwOnError: true,
  });
  const { data: apiKey } = await createApiKey({ client: admin, body: { name: `bot ${suffix}` }, throwOnError: true });
  const bot = createLivechatClient({ baseUrl, apiKey: apiKey.key });

  // The bot platform hands a customer over; the chat starts even with nobody online yet.
  const { data: entry } = await enterLiveChat({
    client: bot,
    body: {
      customer: { external_id: `customer-${suffix}`, display_name: 'Grace' },
      module_id: module.id,
      process_ref: `run-${suffix}`,
      history: [{ author: 'customer', text: 'I want to talk to a human' }],
      variables: { live_in_force_start: true },
    },
    throwOnError: true,
  });
  assert.equal(entry.outcome, 'waiting');
  assert.ok(entry.customer_token, 'a waiting entry carries a customer token');
  const conversationId = entry.conversation.id;
  const path = { conversation_id: conversationId };
  const customer = createLivechatClient({ baseUrl, customerToken: entry.customer_token.token });

  // The agent logs in, goes online, opens the stream (through a proxy we can cut) and claims.
  const { data: agentSession } = await login({
    client: anonymous,
    body: { email: agentEmail, password: 'ada-password-1' },
    throwOnError: true,
  });
  const agent = createLivechatClient({ baseUrl, agentToken: agentSession.token });
  await setPresence({ client: agent, body: { presence: 'online' }, throwOnError: true });
  const proxy = await startProxy(baseUrl);
  const agentViaProxy = createLivechatClient({ baseUrl: proxy.url, agentToken: agentSession.token });
  const agentStream = new Recorder(openStream(agentViaProxy, 'agent', { minRetryMs: 50 }));
  await agentStream.waitFor('the agent stream to open', () => agentStream.of('stream.ready').length === 1);
  assert.equal((await getConversation({ client: agent, path, throwOnError: true })).data.status, 'waiting');
  await claimConversation({ client: agent, path, throwOnError: true });
  await agentStream.waitFor('conversation.claimed', () =>
    agentStream.of('conversation.claimed').some((event) => event.data.id === conversationId),
  );

  const customerProxy = await startProxy(baseUrl);
  const customerViaProxy = createLivechatClient({ baseUrl: customerProxy.url, customerToken: entry.customer_token.token });
  const customerStream = new Recorder(openStream(customerViaProxy, 'customer', { minRetryMs: 50 }));
  await customerStream.waitFor('the customer stream to open', () => customerStream.of('stream.ready').length === 1);

  // Both sides write; both streams see both messages.
  const sent: Message[] = [];
  const say = async (client: typeof agent, text: string) => {
    sent.push((await sendMessage({ client, path, body: { text, client_message_id: `m-${sent.length}` }, throwOnError: true })).data);
  };
  await say(customer, 'My parcel is late');
  await say(agent, 'Let me check that for you');
  const lastSeq = () => sent[sent.length - 1].seq;
  for (const stream of [agentStream, customerStream]) {
    await stream.waitFor('both messages', () => stream.messageSeqs(conversationId).includes(lastSeq()));
  }
  const firstTwo = agentStream
    .of('message.created')
    .filter((event) => event.data.conversation_id === conversationId)
    .map((event) => [event.data.author_kind, event.data.id]);
  assert.deepEqual(firstTwo, sent.map((message) => [message.author_kind, message.id]));

  // Typing has no id; it is shown, never resumed.
  await sendTyping({ client: customer, path, throwOnError: true });
  const typing = () => agentStream.of('typing').filter((event) => event.data.conversation_id === conversationId);
  await agentStream.waitFor('typing', () => typing().length > 0);
  assert.equal(typing()[0].data.side, 'customer');
  assert.equal(typing()[0].id, null);

  // The agent's connection is cut while both sides keep writing, three times over.
  for (let round = 1; round <= 3; round++) {
    proxy.cut();
    await say(customer, `customer message ${round}`);
    await say(agent, `agent reply ${round}`);
    await agentStream.waitFor(`round ${round}`, () => agentStream.messageSeqs(conversationId).includes(lastSeq()));
  }
  assert.ok(proxy.lastEventIds.length >= 4, `reconnected: ${JSON.stringify(proxy.lastEventIds)}`);
  assert.equal(proxy.lastEventIds[0], null);
  assert.ok(proxy.lastEventIds.slice(1).every((id) => id !== null && Number(id) > 0), 'resumed with Last-Event-ID');

  // 20 messages written back to back; the agent's stream is cut right after the third
  // arrives and the customer's after the tenth, while the rest are still being written.
  const before = sent.length;
  const seqBefore = lastSeq();
  const sentAtCut: number[] = [];
  const cutAfter = (stream: Recorder, cutting: CuttableProxy, count: number) => {
    let seen = 0;
    stream.onEvent = (event) => {
      if (event.type !== 'message.created' || event.data.conversation_id !== conversationId || event.data.seq <= seqBefore) return;
      if (++seen === count) {
        sentAtCut.push(sent.length - before);
        cutting.cut();
      }
    };
  };
  cutAfter(agentStream, proxy, 3);
  cutAfter(customerStream, customerProxy, 10);
  const reconnects = [proxy.lastEventIds.length, customerProxy.lastEventIds.length];
  for (let i = 0; i < 20; i++) await say(i % 2 ? agent : customer, `burst ${i}`);
  const burst = sent.slice(before).map((message) => message.seq);
  for (const stream of [agentStream, customerStream]) {
    await stream.waitFor('the burst', () => stream.messageSeqs(conversationId).includes(lastSeq()));
    const received = stream.messageSeqs(conversationId).filter((seq) => seq >= burst[0]);
    assert.deepEqual(received, burst, 'each message of the burst once, in order');
  }
  assert.equal(sentAtCut.length, 2, 'both streams were cut');
  assert.ok(sentAtCut.every((count) => count < 20), `cut while messages were being written: ${sentAtCut}`);
  assert.ok(proxy.lastEventIds.length > reconnects[0] && customerProxy.lastEventIds.length > reconnects[1], 'both reconnected');
  assert.ok(customerProxy.lastEventIds.slice(1).every((id) => id !== null && Number(id) > 0), 'resumed with Last-Event-ID');

  // The customer marks everything seen; the agent sends an article and ends the chat.
  await markSeen({ client: customer, path, body: { seq: lastSeq() }, throwOnError: true });
  await agentStream.waitFor('conversation.seen', () =>
    agentStream.of('conversation.seen').some((event) => event.data.id === conversationId),
  );
  const { data: article } = await sendArticle({
    client: agent,
    path,
    body: { title: 'Tracking a parcel', url: 'https://help.example.com/tracking' },
    throwOnError: true,
  });
  await endConversation({ client: agent, path, throwOnError: true });
  await customerStream.waitFor('conversation.ended', () => customerStream.of('conversation.ended').length > 0);
  const ended = customerStream.of('conversation.ended')[0].data; // the customer's stream has only its own
  assert.equal(ended.status, 'ended');
  assert.equal(ended.exit?.reason, 'agent_ended');
  await agentStream.waitFor('conversation.ended', () =>
    agentStream.of('conversation.ended').some((event) => event.data.id === conversationId),
  );

  // Every message arrived exactly once and in order, on both streams, despite the cuts.
  const { data: page } = await listMessages({ client: agent, path, query: { limit: 200 }, throwOnError: true });
  const newSeqs = page.items.map((message) => message.seq).filter((seq) => seq >= sent[0].seq);
  assert.deepEqual(agentStream.messageSeqs(conversationId), newSeqs);
  assert.deepEqual(customerStream.messageSeqs(conversationId), newSeqs);
  assert.equal(newSeqs[newSeqs.length - 1], article.seq);
  const storedIds = agentStream.events.filter((event) => event.type !== 'stream.ready').map((event) => event.id);
  const ids = storedIds.filter((id): id is number => typeof id === 'number');
  assert.deepEqual(ids, [...new Set(ids)].sort((a, b) => a - b), 'event ids are unique and ascending');

  // The bot platform reads the outcome.
  const { data: outcome } = await getConversationOutcome({ client: bot, path, throwOnError: true });
  assert.equal(outcome.status, 'ended');
  assert.equal(outcome.exit?.reason, 'agent_ended');
  assert.equal(outcome.variables.live_status, 'ended');
  assert.equal(outcome.variables.live_exit_reason, 'agent_ended');
  assert.equal(outcome.variables.live_agent_name, agentName);
  assert.equal(outcome.variables.live_customer_messages, 14);
  assert.equal(outcome.variables.live_agent_messages, 15);

  agentStream.stream.close();
  customerStream.stream.close();
  await Promise.all([agentStream.finished, customerStream.finished]);
  await Promise.all([proxy.close(), customerProxy.close()]);
});

test('a 401 stops the stream with the problem instead of retrying', { skip }, async () => {
  let requests = 0;
  const countingFetch: typeof fetch = (input, init) => {
    requests += 1;
    return fetch(input, init);
  };
  const client = createLivechatClient({ baseUrl, agentToken: 'not-a-token', fetch: countingFetch });
  const stream = openStream(client, 'agent', { minRetryMs: 1 });
  await assert.rejects(
    async () => {
      for await (const _event of stream) assert.fail('no event expected');
    },
    (error: unknown) => {
      assert.ok(error instanceof StreamError);
      assert.equal(error.status, 401);
      assert.equal(error.problem?.code, 'unauthorized');
      return true;
    },
  );
  assert.equal(requests, 1);
});
