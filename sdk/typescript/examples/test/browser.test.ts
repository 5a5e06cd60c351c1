//! The console and the widget side by side in a real browser (Chromium, headless),
//! against a fresh server each: the whole module played through both pages, with one
//! page's network cut and restored in the middle; two agents releasing, transferring,
//! jumping and blocking through the console; a module that exits at once; and
//! departments: the console filtering by group, and the widget before entry; internal
//! notes and mentions between two consoles, and a canned reply picked from the `/` menu;
//! files both ways, images as previews, a refused type said in the page.
//!
//! Needs LIVECHAT_BIN (the server) and CHROMIUM (default /usr/bin/chromium); .ci/browser
//! sets both up. LIVECHAT_SCREENSHOTS=<dir> saves the pages' pictures for the README.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

import {
  claimConversation,
  type Client,
  createAgent,
  createCannedResponse,
  createTag,
  endConversation,
  createGroup,
  createLivechatClient,
  createModule,
  enterLiveChat,
  getConversationOutcome,
  listAgents,
  listMessages,
  login,
  type Outcome,
  sendMessage,
  setPresence,
  updateAgent,
} from 'livechat-sdk';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

import { consoleUrl, enter, setUp, type Setup, tokenFor, widgetBeforeEntryUrl, widgetUrl } from '../scripts/setup.js';
import { type Cable, cable, type LivechatServer, servePages, startServer } from './harness.js';

const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let browser: Browser;
let pages: Awaited<ReturnType<typeof servePages>>;
const cleanups: Array<() => Promise<unknown>> = [];
const open: Array<{ name: string; page: Page }> = [];

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true });
  pages = await servePages(join(examples, 'dist'));
});

after(async () => {
  await browser?.close();
  await pages?.close();
});

/** A test whose failure leaves pictures of every page behind, and the server's last lines. */
function browserTest(name: string, body: () => Promise<void>): void {
  test(name, async () => {
    try {
      await body();
    } catch (error) {
      const dir = mkdtempSync(join(tmpdir(), 'livechat-browser-failure-'));
      for (const { name: page, page: handle } of open) await handle.screenshot({ path: join(dir, `${page}.png`), fullPage: true }).catch(() => {});
      console.log(`screenshots of the failed test: ${dir}`);
      console.log(`server log (last lines):\n${server?.log().split('\n').slice(-30).join('\n')}`);
      throw error;
    } finally {
      open.length = 0;
      while (cleanups.length) await cleanups.pop()?.().catch(() => {});
    }
  });
}

let server: LivechatServer | undefined;

async function freshServer(): Promise<{ server: LivechatServer; setup: Setup }> {
  server = await startServer(pages.url);
  const current = server;
  cleanups.push(() => current.stop());
  return { server, setup: await setUp(server.url, server.adminEmail, server.adminPassword) };
}

async function newPage(name: string, viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  page.on('pageerror', (error) => console.log(`[${name}] page error: ${error.message}`));
  open.push({ name, page });
  return { context, page };
}

async function through(target: string): Promise<Cable> {
  const proxy = await cable(target);
  cleanups.push(() => proxy.close());
  return proxy;
}

/** The texts of the messages a page shows, in order, with their seq. */
async function shown(page: Page): Promise<Array<{ seq: number; text: string }>> {
  return page.locator('#messages li[data-seq]').evaluateAll((items) =>
    items.map((item) => ({ seq: Number((item as HTMLElement).dataset.seq), text: item.querySelector('.text, .notice-line, .article b, .animation')?.textContent ?? '' })));
}

async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: 15_000 });
}

function assertOnceInOrder(messages: Array<{ seq: number; text: string }>, expected: string[]): void {
  const seqs = messages.map((m) => m.seq);
  assert.deepEqual(seqs, [...new Set(seqs)].sort((a, b) => a - b), `seqs shown once, in order: ${seqs.join(',')}`);
  const texts = messages.map((m) => m.text);
  const positions = expected.map((text) => texts.filter((t) => t === text).length);
  assert.deepEqual(positions, expected.map(() => 1), `each message shown exactly once: ${JSON.stringify(texts)}`);
  const order = expected.map((text) => texts.indexOf(text));
  assert.deepEqual(order, [...order].sort((a, b) => a - b), `in the order written: ${JSON.stringify(texts)}`);
}

browserTest('the module plays out between the console and the widget, across a cut network and reloads', async () => {
  const { server, setup } = await freshServer();
  const bot = createLivechatClient({ baseUrl: server.url, apiKey: setup.apiKey });

  // The agent logs in and goes online; the Live list is empty.
  const consoleCable = await through(server.url);
  const { page: agent } = await newPage('console', { width: 1100, height: 760 });
  await agent.goto(consoleUrl(pages.url, consoleCable.url));
  await agent.fill('#login input[name=email]', setup.agent.email);
  await agent.fill('#login input[name=password]', setup.agent.password);
  await agent.click('#login button[type=submit]');
  await waitForText(agent, '#connection', 'live');
  await agent.selectOption('#presence', 'online');
  await agent.waitForFunction(() => document.querySelector<HTMLSelectElement>('#presence')?.value === 'online');
  await waitForText(agent, '[data-count=waiting]', '0 waiting');

  // The bot platform hands Grace over; she waits in the Live list, with a waiting time.
  const entry = await enter(server.url, setup.apiKey, setup.support.id, { external_id: 'grace', display_name: 'Grace' });
  assert.equal(entry.outcome, 'waiting');
  const conversationId = entry.conversation.id;
  const token = entry.customer_token?.token;
  assert.ok(token);
  const item = agent.locator(`[data-conversation="${conversationId}"]`);
  await item.filter({ hasText: 'Grace' }).waitFor();
  await waitForText(agent, '[data-count=waiting]', '1 waiting');
  await agent.waitForFunction((id) => /\d+:\d\d/.test(document.querySelector(`[data-waited="${id}"]`)?.textContent ?? ''), conversationId);

  // The widget shows the waiting text, the email request and the quick reply; Grace gives her email.
  const widgetCable = await through(server.url);
  const { context: widgetContext, page: customer } = await newPage('widget', { width: 480, height: 720 });
  const streamRequests: Array<string | undefined> = [];
  customer.on('request', (request) => {
    if (request.url().includes('/v1/streams/customer')) streamRequests.push(request.headers()['last-event-id']);
  });
  await customer.goto(widgetUrl(pages.url, widgetCable.url, token));
  await waitForText(customer, '#messages', 'An agent will be with you in a moment.');
  await waitForText(customer, '#queue', 'You are number 1 in line');
  assert.equal(new URL(customer.url()).hash, '', 'the token leaves the address bar');
  await customer.locator('#email-form').waitFor();
  await customer.locator('[data-quick-reply=faq]').waitFor();
  await customer.fill('#email-form input', 'grace@example.com');
  await customer.click('#email-form button');
  await customer.locator('#email-form').waitFor({ state: 'hidden' });
  await item.filter({ hasText: 'grace@example.com' }).waitFor();

  // Grace writes before anyone took over: the Live list counts it as unanswered.
  await customer.fill('#composer textarea', 'My parcel is late');
  await customer.press('#composer textarea', 'Enter');
  await item.locator('.badge').filter({ hasText: '1' }).waitFor();

  // Ada claims; the widget says who it is talking to.
  await item.click();
  await agent.click('[data-action=claim]');
  await waitForText(agent, '#chat-status', 'with Ada');
  await waitForText(customer, '#title', 'Chat with Ada');
  await waitForText(agent, '#messages', 'My parcel is late');

  // Typing and seen, both ways.
  // People type at a pace: the server forwards one typing indicator a second per sender.
  await agent.locator('#composer textarea').pressSequentially('Let me check that for you', { delay: 80 });
  await waitForText(customer, '#typing', 'Ada is typing…');
  await agent.press('#composer textarea', 'Enter');
  await waitForText(customer, '#messages', 'Let me check that for you');
  await waitForText(agent, '#messages .message.agent .seen', 'Seen');
  await customer.locator('#composer textarea').pressSequentially('Thank you', { delay: 200 });
  await waitForText(agent, '#typing', 'Grace is typing…');
  await customer.press('#composer textarea', 'Enter');
  await waitForText(agent, '#messages', 'Thank you');
  await waitForText(customer, '#messages .message.customer .seen', 'Seen');

  // The widget's network goes away. Both sides write meanwhile; when it is back, every
  // message is there once, in order, and Grace's message went out once.
  await widgetContext.setOffline(true);
  widgetCable.cut(); // setOffline alone leaves an open stream connected (see the README)
  await waitForText(customer, '#connection', 'reconnecting…');
  const whileAway = ['Found it: it left the depot today', 'It should arrive tomorrow', 'Anything else?'];
  for (const text of whileAway) {
    await agent.fill('#composer textarea', text);
    await agent.press('#composer textarea', 'Enter');
    await waitForText(agent, '#messages', text);
  }
  await customer.fill('#composer textarea', 'Written while offline');
  await customer.press('#composer textarea', 'Enter');
  await waitForText(customer, '#messages .pending', 'Written while offline');
  widgetCable.restore();
  await widgetContext.setOffline(false);
  await waitForText(customer, '#messages', 'Anything else?');
  await waitForText(agent, '#messages', 'Written while offline');
  await customer.locator('#messages .pending').waitFor({ state: 'detached' });
  const conversation = ['My parcel is late', 'Let me check that for you', 'Thank you', ...whileAway, 'Written while offline'];
  const resumedAfter = Number(streamRequests.at(-1));
  assert.ok(streamRequests.length >= 2 && streamRequests[0] === undefined && resumedAfter > 0, `the stream resumed with Last-Event-ID: ${JSON.stringify(streamRequests)}`);
  assertOnceInOrder(await shown(customer), conversation);
  assertOnceInOrder(await shown(agent), conversation);

  // The console's network goes away too, and Grace writes twice meanwhile.
  const consoleContext = agent.context();
  await consoleContext.setOffline(true);
  consoleCable.cut();
  await waitForText(agent, '#connection', 'reconnecting…');
  for (const text of ['Hello?', 'Are you still there?']) {
    await customer.fill('#composer textarea', text);
    await customer.press('#composer textarea', 'Enter');
    await customer.locator('#messages .pending').waitFor({ state: 'detached' });
  }
  consoleCable.restore();
  await consoleContext.setOffline(false);
  await waitForText(agent, '#messages', 'Are you still there?');
  conversation.push('Hello?', 'Are you still there?');
  assertOnceInOrder(await shown(agent), conversation);

  // Both pages reload and come back where they were.
  await agent.reload();
  await waitForText(agent, '#connection', 'live');
  await waitForText(agent, '#chat-status', 'with Ada');
  await customer.reload();
  await waitForText(customer, '#connection', 'connected');
  await waitForText(customer, '#title', 'Chat with Ada');
  assertOnceInOrder(await shown(agent), conversation);
  assertOnceInOrder(await shown(customer), conversation);

  // An article and an animation reach the widget.
  await agent.click('details:has([data-tool=article]) summary');
  await agent.fill('[data-tool=article] input[name=title]', 'Tracking a parcel');
  await agent.fill('[data-tool=article] input[name=url]', 'https://help.example.com/tracking');
  await agent.fill('[data-tool=article] input[name=summary]', 'Where your parcel is, step by step');
  await agent.click('[data-tool=article] button[type=submit]');
  await waitForText(customer, '#messages .article', 'Tracking a parcel');
  assert.equal(await customer.locator('#messages a.article').getAttribute('href'), 'https://help.example.com/tracking');
  await agent.click('details:has([data-tool=animation]) summary');
  await agent.fill('[data-tool=animation] input[name=name]', 'confetti');
  await agent.click('[data-tool=animation] button[type=submit]');
  await customer.waitForFunction(() => document.getElementById('widget')?.dataset.animation === 'confetti');
  await waitForText(customer, '#messages .animation', 'Animation: confetti');
  await customer.locator('[data-quick-reply=faq]').waitFor();

  // Meanwhile the Live list moves on: Alan is taken by another agent, Barbara waits and writes.
  const bob = await secondAgentOnline(server, 'Bob');
  const alan = await enter(server.url, setup.apiKey, setup.support.id, { external_id: 'alan', display_name: 'Alan' });
  await agent.locator(`[data-conversation="${alan.conversation.id}"]`).filter({ hasText: 'left a message' }).waitFor();
  await claimConversation({ client: bob, path: { conversation_id: alan.conversation.id } });
  await agent.locator(`[data-conversation="${alan.conversation.id}"]`).filter({ hasText: 'with Bob' }).waitFor();
  await waitForText(agent, '[data-count=others]', '1 with others');
  const barbara = await enter(server.url, setup.apiKey, setup.support.id, { external_id: 'barbara', display_name: 'Barbara' });
  const barbaraToken = barbara.customer_token?.token ?? '';
  await sendMessage({ client: createLivechatClient({ baseUrl: server.url, customerToken: barbaraToken }), path: { conversation_id: barbara.conversation.id }, body: { text: 'Do you ship to Norway?' } });
  await agent.locator(`[data-conversation="${barbara.conversation.id}"] .badge`).filter({ hasText: '1' }).waitFor();
  await waitForText(agent, '[data-count=waiting]', '1 waiting');
  await agent.click('details:has([data-tool=article]) summary');
  await agent.click('details:has([data-tool=animation]) summary');

  const screenshots = process.env.LIVECHAT_SCREENSHOTS;
  if (screenshots) {
    mkdirSync(screenshots, { recursive: true });
    await agent.screenshot({ path: join(screenshots, 'console.png') });
    await customer.screenshot({ path: join(screenshots, 'widget.png') });
  }

  // Ada ends the chat; the widget says so, and the bot platform reads the outcome.
  await agent.click('[data-action=end]');
  await waitForText(agent, '#chat-status', 'ended (agent_ended)');
  await waitForText(customer, '#ended', 'The chat has ended.');
  await waitForText(agent, '[data-count=ended]', '1 ended');
  await waitForText(agent, '[data-count=mine]', '0 mine');
  const { data: outcome } = await getConversationOutcome({ client: bot, path: { conversation_id: conversationId } });
  assertOutcome(outcome, { reason: 'agent_ended', email: 'grace@example.com', customerMessages: 5 });
  const { data: stored } = await listMessages({ client: createLivechatClient({ baseUrl: server.url, customerToken: token }), path: { conversation_id: conversationId }, query: { limit: 200 } });
  const texts = stored.items.flatMap((m) => (m.content.kind === 'text' ? [m.content.text] : []));
  assert.deepEqual(texts, conversation, 'the server stored each message once');

  // Grace comes back later: the same widget follows her new conversation, and she picks the quick reply.
  const again = await enter(server.url, setup.apiKey, setup.support.id, { external_id: 'grace', display_name: 'Grace' });
  assert.notEqual(again.conversation.id, conversationId);
  await customer.locator('#composer').waitFor();
  await customer.click('[data-quick-reply=faq]');
  await waitForText(customer, '#ended', 'We continue with experience “faq”.');
  const { data: picked } = await getConversationOutcome({ client: bot, path: { conversation_id: again.conversation.id } });
  assert.equal(picked.exit?.reason, 'quick_reply');
  assert.deepEqual(picked.exit?.target, { kind: 'experience', id: 'faq' });
});

/** Another agent, online through the API alone (an agent with no open stream is set offline after a grace period). */
async function secondAgentOnline(server: LivechatServer, name: string): Promise<Client> {
  const anonymous = createLivechatClient({ baseUrl: server.url });
  const { data: adminSession } = await login({ client: anonymous, body: { email: server.adminEmail, password: server.adminPassword } });
  const admin = createLivechatClient({ baseUrl: server.url, agentToken: adminSession.token });
  const email = `${name.toLowerCase()}@example.com`;
  await createAgent({ client: admin, body: { email, name, password: `${name}-password-1` } });
  const { data: session } = await login({ client: anonymous, body: { email, password: `${name}-password-1` } });
  const agent = createLivechatClient({ baseUrl: server.url, agentToken: session.token });
  await setPresence({ client: agent, body: { presence: 'online' } });
  return agent;
}

function assertOutcome(outcome: Outcome, expected: { reason: string; email: string; customerMessages: number }): void {
  assert.equal(outcome.status, 'ended');
  assert.equal(outcome.exit?.reason, expected.reason);
  assert.equal(outcome.variables.live_exit_reason, expected.reason);
  assert.equal(outcome.variables.live_agent_name, 'Ada');
  assert.equal(outcome.variables.live_email, expected.email);
  assert.equal(outcome.variables.live_customer_messages, expected.customerMessages);
  assert.ok(outcome.variables.live_agent_messages >= 4, `agent messages: ${outcome.variables.live_agent_messages}`);
}

/** An agent's console in a page of its own: logged in, online, the stream live. */
async function consoleAs(name: string, apiUrl: string, email: string, password: string): Promise<Page> {
  const { page } = await newPage(name, { width: 1100, height: 760 });
  await page.goto(consoleUrl(pages.url, apiUrl));
  await page.fill('#login input[name=email]', email);
  await page.fill('#login input[name=password]', password);
  await page.click('#login button[type=submit]');
  await waitForText(page, '#connection', 'live');
  await page.selectOption('#presence', 'online');
  await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('#presence')?.value === 'online');
  return page;
}

browserTest('two agents release, transfer, jump and block through the console', async () => {
  const { server, setup } = await freshServer();
  const bot = createLivechatClient({ baseUrl: server.url, apiKey: setup.apiKey });
  const bobApi = await secondAgentOnline(server, 'Bob');
  const ada = await consoleAs('console-ada', server.url, setup.agent.email, setup.agent.password);
  const bob = await consoleAs('console-bob', server.url, 'bob@example.com', 'Bob-password-1');

  // The bot platform hands Hedy over; her widget waits.
  const entry = await enter(server.url, setup.apiKey, setup.support.id, { external_id: 'hedy', display_name: 'Hedy' });
  assert.equal(entry.outcome, 'waiting');
  const conversationId = entry.conversation.id;
  const { page: customer } = await newPage('widget', { width: 480, height: 720 });
  await customer.goto(widgetUrl(pages.url, server.url, entry.customer_token?.token ?? ''));
  await waitForText(customer, '#messages', 'An agent will be with you in a moment.');
  const inAda = ada.locator(`[data-conversation="${conversationId}"]`);
  const inBob = bob.locator(`[data-conversation="${conversationId}"]`);
  await inAda.filter({ hasText: 'Hedy' }).waitFor();
  await inBob.filter({ hasText: 'Hedy' }).waitFor();

  // 1. Ada claims, writes, and releases: the chat waits again in both Live lists, and the widget keeps it.
  await inAda.click();
  await ada.click('[data-action=claim]');
  await waitForText(ada, '#chat-status', 'with Ada');
  await waitForText(customer, '#title', 'Chat with Ada');
  await inBob.filter({ hasText: 'with Ada' }).waitFor();
  await ada.fill('#composer textarea', 'Hello Hedy, this is Ada');
  await ada.press('#composer textarea', 'Enter');
  await waitForText(customer, '#messages', 'Hello Hedy, this is Ada');
  await ada.click('[data-action=release]');
  await waitForText(ada, '#chat-status', 'waiting');
  for (const agent of [ada, bob]) {
    await agent.locator(`li.waiting[data-conversation="${conversationId}"]`).filter({ hasText: 'waiting' }).waitFor();
    await waitForText(agent, '[data-count=waiting]', '1 waiting');
    await waitForText(agent, '[data-count=mine]', '0 mine');
  }
  assert.equal(await ada.locator('#composer').isHidden(), true, 'Ada no longer writes in a released chat');
  await waitForText(customer, '#title', 'Chat with us');
  assert.equal(await customer.locator('#ended').isHidden(), true);
  assert.equal(await customer.locator('#composer').isVisible(), true);
  await waitForText(customer, '#messages', 'Hello Hedy, this is Ada');
  await customer.fill('#composer textarea', 'Is anybody there?');
  await customer.press('#composer textarea', 'Enter');
  await customer.locator('#messages .pending').waitFor({ state: 'detached' });

  // 2. Bob claims it, sees what was written, and transfers it to Ada: hers to write in, no longer his.
  await inBob.click();
  await bob.click('[data-action=claim]');
  await waitForText(bob, '#chat-status', 'with Bob');
  await waitForText(bob, '#messages', 'Is anybody there?');
  await waitForText(customer, '#title', 'Chat with Bob');
  await bob.selectOption('#transfer-to', { label: 'Ada (online)' });
  await waitForText(bob, '#chat-status', 'with Ada');
  await inBob.filter({ hasText: 'with Ada' }).waitFor();
  await bob.locator('#composer').waitFor({ state: 'hidden' });
  assert.equal(await bob.locator('[data-action]').count(), 0, 'Bob has no actions left on it');
  const notHis = await sendMessage({ client: bobApi, path: { conversation_id: conversationId }, body: { text: 'Still me' }, throwOnError: false });
  assert.equal(notHis.response?.status, 403, 'the server refuses Bob a message in it too');
  await inAda.filter({ hasText: 'you' }).waitFor();
  await waitForText(ada, '[data-count=mine]', '1 mine');
  await inAda.click();
  await waitForText(ada, '#chat-status', 'with Ada');
  await ada.locator('#composer').waitFor();
  await waitForText(customer, '#title', 'Chat with Ada');
  await ada.fill('#composer textarea', 'Ada again: let me help');
  await ada.press('#composer textarea', 'Enter');
  await waitForText(customer, '#messages', 'Ada again: let me help');
  await waitForText(bob, '#messages', 'Ada again: let me help');

  // 3. Ada jumps Hedy to the experience `returns`: the widget says where she continues, and so does the outcome.
  await ada.click('details:has([data-tool=jump]) summary');
  await ada.fill('[data-tool=jump] input[name=kind]', 'experience');
  await ada.fill('[data-tool=jump] input[name=id]', 'returns');
  await ada.click('[data-tool=jump] button[type=submit]');
  await waitForText(ada, '#chat-status', 'ended (jump → returns)');
  await waitForText(customer, '#ended', 'The chat has moved on. We continue with experience “returns”.');
  assert.equal(await customer.locator('#composer').isHidden(), true);
  await inBob.filter({ hasText: 'ended: jump' }).waitFor();
  const { data: jumped } = await getConversationOutcome({ client: bot, path: { conversation_id: conversationId } });
  assert.equal(jumped.status, 'ended');
  assert.equal(jumped.exit?.reason, 'jump');
  assert.deepEqual(jumped.exit?.target, { kind: 'experience', id: 'returns' });

  // 4. Linus enters; Ada claims and blocks him (after confirming): his widget says the chat is closed,
  // and the bot platform cannot hand him over again.
  const second = await enter(server.url, setup.apiKey, setup.support.id, { external_id: 'linus', display_name: 'Linus' });
  assert.equal(second.outcome, 'waiting');
  const { page: linus } = await newPage('widget-blocked', { width: 480, height: 720 });
  await linus.goto(widgetUrl(pages.url, server.url, second.customer_token?.token ?? ''));
  await waitForText(linus, '#messages', 'An agent will be with you in a moment.');
  const linusInAda = ada.locator(`[data-conversation="${second.conversation.id}"]`);
  await linusInAda.filter({ hasText: 'Linus' }).click();
  await ada.click('[data-action=claim]');
  await waitForText(ada, '#chat-status', 'with Ada');
  await waitForText(linus, '#title', 'Chat with Ada');
  const confirmation = new Promise<string>((resolve) => ada.once('dialog', (dialog) => {
    resolve(dialog.message());
    void dialog.accept();
  }));
  await ada.click('[data-action=block]');
  assert.equal(await confirmation, 'Block this customer and end the chat?');
  await waitForText(ada, '#chat-status', 'ended (blocked)');
  await waitForText(linus, '#ended', 'This chat has been closed.');
  assert.equal(await linus.locator('#composer').isHidden(), true);
  await bob.locator(`[data-conversation="${second.conversation.id}"]`).filter({ hasText: 'ended: blocked' }).waitFor();
  const refused = await enterLiveChat({
    client: bot,
    body: { customer: { external_id: 'linus', display_name: 'Linus' }, module_id: setup.support.id, process_ref: 'try-linus' },
    throwOnError: false,
  });
  assert.equal(refused.response?.status, 403);
  assert.equal((refused.error as { code?: string } | undefined)?.code, 'customer_blocked');
});

browserTest('with async off and nobody online the module exits to its fallback, and the widget says so', async () => {
  const { server, setup } = await freshServer();
  const entry = await enter(server.url, setup.apiKey, setup.afterHours.id, { external_id: 'alan', display_name: 'Alan' });
  assert.equal(entry.outcome, 'exited');
  assert.equal(entry.customer_token ?? null, null);
  assert.deepEqual(entry.conversation.exit, { reason: 'no_agent_available', target: { kind: 'subprocess', id: 'contact-form' } });

  // The bot platform may still show the widget: a new token for Alan shows where he goes next.
  const token = await tokenFor(server.url, setup.apiKey, 'alan');
  const { page: customer } = await newPage('widget', { width: 480, height: 720 });
  await customer.goto(widgetUrl(pages.url, server.url, token));
  await waitForText(customer, '#ended', 'Nobody can chat right now. We continue with subprocess “contact-form”.');
  assert.equal(await customer.locator('#composer').isHidden(), true);
  assert.equal(await customer.locator('[data-quick-reply]').count(), 0);

  // And the Live list never saw it.
  const { page: agent } = await newPage('console', { width: 1100, height: 720 });
  await agent.goto(consoleUrl(pages.url, server.url));
  await agent.fill('#login input[name=email]', setup.agent.email);
  await agent.fill('#login input[name=password]', setup.agent.password);
  await agent.click('#login button[type=submit]');
  await waitForText(agent, '#connection', 'live');
  assert.equal(await agent.locator('[data-conversation]').count(), 0);
});

browserTest('a department console filters by group, and the widget says before entry whether anyone can answer', async () => {
  const { server, setup } = await freshServer();
  const anonymous = createLivechatClient({ baseUrl: server.url });
  const { data: adminSession } = await login({ client: anonymous, body: { email: server.adminEmail, password: server.adminPassword } });
  const admin = createLivechatClient({ baseUrl: server.url, agentToken: adminSession.token });
  const { data: billing } = await createGroup({ client: admin, body: { name: 'Billing' } });
  const { data: support } = await createGroup({ client: admin, body: { name: 'Support' } });
  const { data: agents } = await listAgents({ client: admin });
  const adaId = agents.items.find((agent) => agent.email === setup.agent.email)?.id ?? '';
  await updateAgent({ client: admin, path: { agent_id: adaId }, body: { group_ids: [billing.id] } });
  await createAgent({ client: admin, body: { email: 'sue@example.com', name: 'Sue', password: 'Sue-password-1', role: 'supervisor' } });
  const { data: ofBilling } = await createModule({ client: admin, body: { name: 'Billing', async_enabled: true, request_email: false, group_id: billing.id } });
  const { data: ofSupport } = await createModule({ client: admin, body: { name: 'Support desk', async_enabled: true, request_email: false, group_id: support.id } });
  // Open 09:00–17:00 UTC tomorrow only: closed now, opening tomorrow at nine.
  const days = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
  const tomorrow = new Date(Date.now() + 86_400_000);
  const { data: shut } = await createModule({
    client: admin,
    body: {
      name: 'Office hours',
      async_enabled: false,
      request_email: false,
      business_hours: { time_zone: 'UTC', weekly: [{ day: days[tomorrow.getUTCDay()], opens: '09:00', closes: '17:00' }], closed_dates: [] },
    },
  });

  // Before entry, with Billing's only agent offline: nobody can answer, a message can be left.
  const { page: widget } = await newPage('widget-before-entry', { width: 480, height: 720 });
  const before = (moduleId: string) => widgetBeforeEntryUrl(pages.url, server.url, moduleId);
  await widget.goto(before(ofBilling.id));
  await waitForText(widget, '#availability', 'Nobody is available right now; leave a message and we will answer.');
  await widget.goto(before(shut.id));
  await waitForText(widget, '#availability', "We're closed right now. We open again on");
  const opens = await widget.locator('#availability').getAttribute('data-next-opening');
  const nine = Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate(), 9);
  assert.equal(Date.parse(opens ?? ''), nine, `opens at ${opens}`);

  // Ada (Billing) comes online; two Billing customers and one of Support enter; she takes the first.
  const ada = await consoleAs('console-ada', server.url, setup.agent.email, setup.agent.password);
  const entries = [];
  for (const [moduleId, who] of [[ofBilling.id, 'Grace'], [ofBilling.id, 'Hedy'], [ofBilling.id, 'Ivan'], [ofSupport.id, 'Jane']]) {
    entries.push(await enter(server.url, setup.apiKey, moduleId, { external_id: who.toLowerCase(), display_name: who }));
  }
  await ada.locator(`[data-conversation="${entries[0].conversation.id}"]`).click();
  await ada.click('[data-action=claim]');
  await waitForText(ada, '#chat-status', 'with Ada');
  await widget.goto(before(ofBilling.id));
  await waitForText(widget, '#availability', 'An agent will answer in about 1 min (2 people waiting).');

  // Ada's console: her queue and that of no group, never Support's, nor its customer.
  await waitForText(ada, '[data-queue=none]', 'no group: 0 waiting');
  await waitForText(ada, `[data-queue="${billing.id}"]`, 'Billing: 2 waiting · 1 active · 1 online');
  assert.equal(await ada.locator(`[data-queue="${support.id}"]`).count(), 0);
  assert.equal(await ada.locator(`[data-conversation="${entries[3].conversation.id}"]`).count(), 0);

  // Sue, a supervisor, sees every department and filters the Live list down to Support's.
  const sue = await consoleAs('console-sue', server.url, 'sue@example.com', 'Sue-password-1');
  await waitForText(sue, `[data-queue="${support.id}"]`, 'Support: 1 waiting · 0 active · 0 online');
  await sue.locator(`[data-conversation="${entries[1].conversation.id}"]`).waitFor();
  await sue.selectOption('#group-filter', support.id);
  await sue.locator(`[data-conversation="${entries[3].conversation.id}"]`).filter({ hasText: 'Jane' }).waitFor();
  assert.equal(await sue.locator('[data-conversation]').count(), 1);
  await waitForText(sue, '[data-count=waiting]', '1 waiting');
  // A new Billing entry counts in its queue on Sue's console, and stays out of the filtered list.
  const late = await enter(server.url, setup.apiKey, ofBilling.id, { external_id: 'kim', display_name: 'Kim' });
  await waitForText(sue, `[data-queue="${billing.id}"]`, 'Billing: 3 waiting');
  assert.equal(await sue.locator(`[data-conversation="${late.conversation.id}"]`).count(), 0);
  await sue.selectOption('#group-filter', '');
  await sue.locator(`[data-conversation="${late.conversation.id}"]`).waitFor();
});

browserTest('agents leave notes the widget never shows, and send a canned reply from the / menu', async () => {
  const { server, setup } = await freshServer();
  await secondAgentOnline(server, 'Bob');
  const ada = await consoleAs('console-ada', server.url, setup.agent.email, setup.agent.password);
  const bob = await consoleAs('console-bob', server.url, 'bob@example.com', 'Bob-password-1');
  const entry = await enter(server.url, setup.apiKey, setup.support.id, { external_id: 'grace', display_name: 'Grace' });
  const token = entry.customer_token?.token;
  assert.ok(token);
  const { page: customer } = await newPage('widget', { width: 480, height: 720 });
  await customer.goto(widgetUrl(pages.url, server.url, token));
  await waitForText(customer, '#messages', 'An agent will be with you in a moment.');
  await ada.locator(`[data-conversation="${entry.conversation.id}"]`).click();
  await ada.click('[data-action=claim]');
  await waitForText(customer, '#title', 'Chat with Ada');

  // Ada leaves a note for Bob: his console tells him, and both show it marked as internal.
  await ada.fill('#note-composer textarea', 'VIP customer, @Bob please double-check the refund');
  await ada.click('#note-composer button[type=submit]');
  await waitForText(ada, '#messages .note', 'VIP customer');
  await waitForText(ada, '#messages .note .meta', 'Internal note · Ada');
  await waitForText(bob, '#notice', 'Ada mentioned you in a note: VIP customer');
  await bob.locator(`[data-conversation="${entry.conversation.id}"]`).click();
  await waitForText(bob, '#messages .note .mentions', 'for Bob');
  await bob.fill('#note-composer textarea', 'Checked: refund is fine');
  await bob.click('#note-composer button[type=submit]');
  await waitForText(ada, '#messages .note', 'Checked: refund is fine');

  // A canned reply: `/ref` opens the menu, picking the entry sends it rendered for Grace.
  const { data: session } = await login({ client: createLivechatClient({ baseUrl: server.url }), body: { email: setup.agent.email, password: setup.agent.password } });
  const adaApi = createLivechatClient({ baseUrl: server.url, agentToken: session.token });
  await createCannedResponse({ client: adaApi, body: { short_code: 'refund', title: 'Refund on its way', body: 'Hi {{customer.name}}, {{agent.name}} here: your refund is on its way.' } });
  await createCannedResponse({ client: adaApi, body: { short_code: 'thanks', title: 'Thanks', body: 'Thank you!' } });
  await ada.locator('#composer textarea').pressSequentially('/ref', { delay: 50 });
  await ada.locator('#canned-menu [data-canned=refund]').waitFor();
  assert.equal(await ada.locator('#canned-menu [data-canned]').count(), 1, 'only the codes that start with /ref');
  await ada.click('#canned-menu [data-canned=refund]');
  const rendered = 'Hi Grace, Ada here: your refund is on its way.';
  await waitForText(customer, '#messages', rendered);
  await waitForText(ada, '#messages .message.agent', rendered);
  assert.equal(await ada.locator('#composer textarea').inputValue(), '');

  // A tag an admin keeps: Ada puts it on, the chip shows; the widget never sees it.
  const { data: adminSession } = await login({ client: createLivechatClient({ baseUrl: server.url }), body: { email: server.adminEmail, password: server.adminPassword } });
  await createTag({ client: createLivechatClient({ baseUrl: server.url, agentToken: adminSession.token }), body: { name: 'vip-customer' } });
  await ada.reload();
  await waitForText(ada, '#connection', 'live');
  await ada.locator(`[data-conversation="${entry.conversation.id}"]`).click();
  await ada.locator('#add-tag option', { hasText: 'vip-customer' }).waitFor({ state: 'attached' });
  await ada.selectOption('#add-tag', { label: 'vip-customer' });
  await ada.locator('#chat-tags [data-tag="vip-customer"]').waitFor();
  await bob.locator('#chat-tags [data-tag="vip-customer"]').waitFor();

  // The widget shows the chat and never a note or a tag, also after a reload that replays the stream.
  await customer.reload();
  await waitForText(customer, '#messages', rendered);
  const widgetText = await customer.locator('#messages').textContent();
  assert.ok(!widgetText?.includes('VIP customer') && !widgetText?.includes('refund is fine'), widgetText ?? '');
  assert.ok(!(await customer.content()).includes('vip-customer'), 'no tag in the widget');
  assert.equal(await customer.locator('.note').count(), 0);
});

browserTest('the widget asks for a rating when the chat ends, and takes a change', async () => {
  const { server, setup } = await freshServer();
  const anonymous = createLivechatClient({ baseUrl: server.url });
  const { data: adminSession } = await login({ client: anonymous, body: { email: server.adminEmail, password: server.adminPassword } });
  const admin = createLivechatClient({ baseUrl: server.url, agentToken: adminSession.token });
  const { data: rated } = await createModule({ client: admin, body: { name: 'Rated', async_enabled: true, request_email: false, csat: { scale: 'five_point', change_window_secs: 600 } } });
  const entry = await enter(server.url, setup.apiKey, rated.id, { external_id: 'grace', display_name: 'Grace' });
  const token = entry.customer_token?.token;
  assert.ok(token);
  const { page: customer } = await newPage('widget', { width: 480, height: 720 });
  await customer.goto(widgetUrl(pages.url, server.url, token));
  await waitForText(customer, '#connection', 'connected');
  assert.ok(await customer.locator('#rating').isHidden(), 'no prompt while the chat is open');
  const { data: session } = await login({ client: anonymous, body: { email: setup.agent.email, password: setup.agent.password } });
  const ada = createLivechatClient({ baseUrl: server.url, agentToken: session.token });
  await setPresence({ client: ada, body: { presence: 'online' } });
  await claimConversation({ client: ada, path: { conversation_id: entry.conversation.id } });
  await endConversation({ client: ada, path: { conversation_id: entry.conversation.id } });
  await waitForText(customer, '#rating-text', 'How did we do?');
  await customer.fill('#rating input[name=comment]', 'Quick and kind');
  await customer.click('#rating [data-score="4"]');
  await waitForText(customer, '#rating-text', 'Thanks for your rating (4 of 5).');
  await customer.click('#rating [data-score="5"]');
  await waitForText(customer, '#rating-text', 'Thanks for your rating (5 of 5).');
  await customer.reload();
  await waitForText(customer, '#rating-text', 'Thanks for your rating (5 of 5).');
  const { data: outcome } = await getConversationOutcome({ client: createLivechatClient({ baseUrl: server.url, apiKey: setup.apiKey }), path: { conversation_id: entry.conversation.id } });
  assert.equal(outcome.rating?.score, 5);
  assert.equal(outcome.variables.live_rating, 5);
});

/** A valid PNG of `width` × `height`, 8-bit RGB: the signature, IHDR, one IDAT and IEND. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per sample
  header[9] = 2; // RGB; compression, filter and interlace stay 0
  const stride = width * 3 + 1; // each row starts with its filter type, 0 (none)
  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) rows.set([Math.round((x * 255) / width), Math.round((y * 255) / height), 90], y * stride + 1 + x * 3);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** Whether the page shows `selector` as an image that has loaded. */
async function imageLoaded(page: Page, selector: string): Promise<void> {
  await page.waitForFunction((query) => {
    const image = document.querySelector<HTMLImageElement>(query);
    return !!image && image.complete && image.naturalWidth > 0;
  }, selector, { timeout: 15_000 });
}

browserTest('files go both ways: an image shows as a preview, other files download, a refused type is said', async () => {
  const { server, setup } = await freshServer();
  const ada = await consoleAs('console', server.url, setup.agent.email, setup.agent.password);
  const entry = await enter(server.url, setup.apiKey, setup.support.id, { external_id: 'grace', display_name: 'Grace' });
  const token = entry.customer_token?.token;
  assert.ok(token);
  const { page: customer } = await newPage('widget', { width: 480, height: 720 });
  await customer.goto(widgetUrl(pages.url, server.url, token));
  await waitForText(customer, '#messages', 'An agent will be with you in a moment.');
  const item = ada.locator(`[data-conversation="${entry.conversation.id}"]`);
  await item.click();
  await ada.click('[data-action=claim]');
  await waitForText(customer, '#title', 'Chat with Ada');

  // An executable named like an image is refused by its bytes: the widget says why and goes on.
  const elf = Buffer.alloc(512);
  elf.set([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]);
  await customer.setInputFiles('#files', { name: 'cat.png', mimeType: 'image/png', buffer: elf });
  const refused = customer.locator('#uploads .upload.failed[data-upload="cat.png"]');
  await refused.filter({ hasText: 'not accepted' }).waitFor({ timeout: 15_000 });
  assert.equal(await customer.locator('#messages [data-attachment]').count(), 0, 'nothing was sent');
  await refused.locator('.dismiss').click();
  await refused.waitFor({ state: 'detached' });

  // Grace attaches a photo with a line typed: one message, the text with it; Ada sees the preview loaded.
  const photo = png(8, 8);
  await customer.fill('#composer textarea', 'The parcel as it arrived');
  await customer.setInputFiles('#files', { name: 'parcel.png', mimeType: 'image/png', buffer: photo });
  const sentByGrace = 'li.message.customer.file';
  await waitForText(customer, `#messages ${sentByGrace} .text`, 'The parcel as it arrived');
  await imageLoaded(customer, `#messages ${sentByGrace} .attachment.preview img`);
  assert.equal(await customer.locator('#composer textarea').inputValue(), '');
  assert.equal(await customer.locator('#uploads .upload').count(), 0);
  await waitForText(ada, `#messages ${sentByGrace} .text`, 'The parcel as it arrived');
  await imageLoaded(ada, `#messages ${sentByGrace} .attachment.preview img`);
  assert.equal(await ada.locator(`#messages ${sentByGrace} .attachment.preview img`).getAttribute('alt'), 'parcel.png');
  await item.filter({ hasText: 'The parcel as it arrived' }).waitFor();

  // Clicking the preview downloads the whole image.
  const [image] = await Promise.all([ada.waitForEvent('download'), ada.click(`#messages ${sentByGrace} .attachment.preview`)]);
  assert.equal(image.suggestedFilename(), 'parcel.png');
  assert.deepEqual(await readFile(await image.path()), photo);

  // Ada drops a PDF and a text file on the chat: the widget shows both as downloads, names as text.
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
  await ada.fill('#composer textarea', 'Print this label for the return');
  const dropped = await ada.evaluateHandle(([label, notes]) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([new Uint8Array(label)], 'return-label.pdf', { type: 'application/pdf' }));
    transfer.items.add(new File([notes], 'notes <b>.txt', { type: 'text/plain' }));
    return transfer;
  }, [[...pdf], 'Drop it at any post office.'] as const);
  await ada.dispatchEvent('#chat', 'drop', { dataTransfer: dropped });
  const sentByAda = customer.locator('#messages li.message.agent.file');
  await sentByAda.filter({ hasText: 'Print this label for the return' }).waitFor({ timeout: 15_000 });
  const files = sentByAda.locator('.attachment.download');
  assert.deepEqual(await files.locator('.name').allTextContents(), ['return-label.pdf', 'notes <b>.txt']);
  assert.equal(await sentByAda.locator('b, img').count(), 0, 'a file name is never markup');
  assert.match(await files.first().locator('.size').innerText(), /^\d+ B$/);
  await waitForText(ada, '#messages li.message.agent.file .text', 'Print this label for the return');
  assert.equal(await ada.locator('#composer textarea').inputValue(), '');

  // Grace downloads the PDF: its bytes, under its name; after a reload both messages are still there.
  const [label] = await Promise.all([customer.waitForEvent('download'), files.first().click()]);
  assert.equal(label.suggestedFilename(), 'return-label.pdf');
  assert.deepEqual(await readFile(await label.path()), pdf);
  await customer.reload();
  await waitForText(customer, '#messages li.message.agent.file .attachment.download', 'return-label.pdf');
  await imageLoaded(customer, `#messages ${sentByGrace} .attachment.preview img`);
});
