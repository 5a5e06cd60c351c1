//! The agent console: log in, go online, follow the Live list on the agent stream, take
//! conversations over and chat. Everything it shows comes from the stream and from REST
//! reads made when the stream says `stream.ready`; the token, the open conversation and
//! the stream's position are kept in sessionStorage, so a reload resumes where it was.
//! Agents leave each other internal notes beside the chat (`@Name` mentions a colleague),
//! and a message that starts with `/` opens the menu of canned responses. The serving
//! agent sends files by the attach button or a drop on the chat, with their progress;
//! images in the chat show as previews, other files as downloads.

import {
  addNote,
  type Agent,
  blockCustomer,
  type CannedResponse,
  claimConversation,
  type Client,
  type Conversation,
  createLivechatClient,
  endConversation,
  getMe,
  jumpConversation,
  listAgents,
  listCannedResponses,
  listConversations,
  listNotes,
  listTags,
  listQueues,
  listMessages,
  login,
  markSeen,
  type Message,
  type Note,
  openStream,
  type QueueSummary,
  releaseConversation,
  sendArticle,
  sendCannedResponse,
  sendMessage,
  sendTyping,
  setPresence,
  StreamError,
  type StreamEvent,
  type Tag,
  tagConversation,
  transferConversation,
  triggerAnimation,
  untagConversation,
} from 'livechat-sdk';

import { apiBaseUrl, byId, clock, describe, duration, fill, h, newId } from '../shared/dom.js';
import { acceptDrops, attachmentViews, pickFiles, uploadFiles } from '../shared/files.js';
import { renderContent } from '../shared/messages.js';

const baseUrl = apiBaseUrl();
const stored = {
  get token() { return sessionStorage.getItem('livechat.console.token'); },
  set token(value: string | null) { setOrRemove('livechat.console.token', value); },
  get selected() { return sessionStorage.getItem('livechat.console.selected'); },
  set selected(value: string | null) { setOrRemove('livechat.console.selected', value); },
  get lastEventId(): number | undefined {
    const value = Number(sessionStorage.getItem('livechat.console.lastEventId') ?? NaN);
    return Number.isSafeInteger(value) ? value : undefined;
  },
  set lastEventId(value: number | undefined) { setOrRemove('livechat.console.lastEventId', value === undefined ? null : String(value)); },
};

function setOrRemove(key: string, value: string | null): void {
  if (value === null) sessionStorage.removeItem(key);
  else sessionStorage.setItem(key, value);
}

/** A conversation as last heard of, and when (waiting time counts on from there). */
interface Known {
  conversation: Conversation;
  heardAt: number;
}

const state = {
  client: undefined as Client | undefined,
  me: undefined as Agent | undefined,
  conversations: new Map<string, Known>(),
  selected: undefined as string | undefined,
  messages: new Map<number, Message>(),
  /** The open conversation's internal notes, by id. */
  notes: new Map<string, Note>(),
  typingUntil: 0,
  agents: [] as Agent[],
  /** The tags admins keep, to put on conversations. */
  tags: [] as Tag[],
  /** The queues the agent sees, with their counts; `filter`: the one the Live list shows ('' every one, 'none' no group). */
  queues: [] as QueueSummary[],
  filter: sessionStorage.getItem('livechat.console.filter') ?? '',
};

function client(): Client {
  if (!state.client) throw new Error('not logged in');
  return state.client;
}

/** The open chat's files as previews and downloads. */
const attachments = attachmentViews(client, notify);

// ---------------------------------------------------------------- login

async function start(): Promise<void> {
  const token = stored.token;
  if (!token) return showLogin();
  state.client = createLivechatClient({ baseUrl, agentToken: token });
  const me = await getMe({ client: client(), throwOnError: false });
  if (me.error || !me.data) {
    stored.token = null;
    return showLogin(me.error ? describe(me.error) : '');
  }
  state.me = me.data;
  state.selected = stored.selected ?? undefined;
  showApp();
  void follow();
}

function showLogin(notice = ''): void {
  byId('app').hidden = true;
  const form = byId<HTMLFormElement>('login');
  form.hidden = false;
  byId('login-notice').textContent = notice;
}

byId<HTMLFormElement>('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  const anonymous = createLivechatClient({ baseUrl });
  const session = await login({
    client: anonymous,
    body: { email: String(form.get('email')), password: String(form.get('password')) },
    throwOnError: false,
  });
  if (session.error || !session.data) return showLogin(session.error ? describe(session.error) : 'the server cannot be reached');
  stored.token = session.data.token;
  stored.lastEventId = undefined;
  byId<HTMLFormElement>('login').hidden = true;
  await start();
});

byId('logout').addEventListener('click', async () => {
  await setPresence({ client: client(), body: { presence: 'away' }, throwOnError: false });
  stream?.close();
  sessionStorage.clear();
  location.reload();
});

function showApp(): void {
  byId('login').hidden = true;
  byId('app').hidden = false;
  renderMe();
  renderList();
  renderChat();
}

function renderMe(): void {
  const me = state.me;
  if (!me) return;
  byId('me').textContent = me.name;
  byId<HTMLSelectElement>('presence').value = me.presence;
}

byId<HTMLSelectElement>('presence').addEventListener('change', async (event) => {
  const presence = (event.target as HTMLSelectElement).value as 'online' | 'away';
  const { data, error } = await setPresence({ client: client(), body: { presence }, throwOnError: false });
  if (error || !data) notify(`presence not changed: ${describe(error)}`);
  else state.me = data;
  renderMe();
});

// ---------------------------------------------------------------- the stream

let stream: ReturnType<typeof openStream> | undefined;

/** Reads the agent stream for as long as the page lives; a refusal (401) logs out. */
async function follow(): Promise<void> {
  stream = openStream(client(), 'agent', {
    lastEventId: stored.lastEventId,
    onDisconnect: () => setConnection('reconnecting…', 'down'),
  });
  try {
    for await (const event of stream) {
      await apply(event);
      // Kept after the event is applied: a reload resumes after what the page has shown.
      if (stream.lastEventId !== undefined) stored.lastEventId = stream.lastEventId;
    }
  } catch (error) {
    if (error instanceof StreamError && error.status === 401) {
      stored.token = null;
      return showLogin('Your session has expired; log in again.');
    }
    setConnection(`stream failed: ${describe(error)}`, 'down');
  }
}

// The browser says the network is back: reconnect now rather than at the next backoff step.
window.addEventListener('online', () => {
  if (!stream || !state.client) return;
  stream.close();
  void follow();
});

function setConnection(text: string, kind: 'up' | 'down'): void {
  const element = byId('connection');
  element.textContent = text;
  element.dataset.state = kind;
}

async function apply(event: StreamEvent): Promise<void> {
  switch (event.type) {
    case 'stream.ready':
    case 'stream.reset':
      // (Re)connected: every later change comes as an event; read what is there now.
      await reload();
      setConnection('live', 'up');
      break;
    case 'conversation.waiting':
    case 'conversation.claimed':
    case 'conversation.assigned':
    case 'conversation.released':
    case 'conversation.transferred':
    case 'conversation.ended':
    case 'conversation.email_given':
    case 'conversation.rating_requested':
    case 'conversation.rated':
    case 'conversation.tagged':
    case 'conversation.untagged':
    case 'conversation.seen':
      remember(event.data);
      refreshQueues();
      if (event.type === 'conversation.ended' && event.data.id === state.selected) state.typingUntil = 0;
      renderList();
      if (event.data.id === state.selected) renderChat();
      break;
    case 'message.created':
      received(event.data);
      break;
    case 'conversation.note_added':
      noted(event.data);
      break;
    case 'agent.mentioned':
      notify(`${event.data.note.author.name} mentioned you in a note: ${event.data.note.text.slice(0, 80)}`);
      noted(event.data.note);
      break;
    case 'typing':
      if (event.data.conversation_id === state.selected && event.data.side === 'customer') {
        state.typingUntil = Date.now() + 4000;
        renderTyping();
      }
      break;
    case 'customer.presence_changed':
      for (const known of state.conversations.values()) {
        if (known.conversation.customer.id === event.data.customer_id) known.conversation.customer.online = event.data.online;
      }
      renderList();
      break;
    case 'agent.presence_changed':
      for (const agent of state.agents) if (agent.id === event.data.agent_id) agent.presence = event.data.presence;
      if (state.me && event.data.agent_id === state.me.id) {
        state.me.presence = event.data.presence;
        renderMe();
        if (event.data.reason === 'no_open_stream') notify('You were set offline while this page was not connected.');
      }
      break;
    default:
      break;
  }
}

/** Reads the Live list (open conversations and the latest ended ones) and the open chat. */
async function reload(): Promise<void> {
  const [open, ended, me, agents, queues, tags] = await Promise.all([
    readAll((cursor) => listConversations({ client: client(), query: { cursor, limit: 200 } })),
    listConversations({ client: client(), query: { status: 'ended', limit: 20 } }),
    getMe({ client: client() }),
    readAll((cursor) => listAgents({ client: client(), query: { cursor, limit: 200 } })),
    listQueues({ client: client() }),
    listTags({ client: client() }),
  ]);
  state.tags = tags.data.items;
  state.me = me.data;
  state.agents = agents;
  state.queues = queues.data;
  const heardAt = Date.now();
  state.conversations = new Map([...ended.data.items, ...open].map((conversation) => [conversation.id, { conversation, heardAt }]));
  if (state.selected && !state.conversations.has(state.selected)) state.selected = undefined;
  renderMe();
  renderList();
  if (state.selected) await loadMessages(state.selected);
  renderChat();
}

async function readAll<T>(page: (cursor: string | undefined) => Promise<{ data: { items: T[]; next_cursor?: string | null } }>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const { data } = await page(cursor);
    items.push(...data.items);
    cursor = data.next_cursor ?? undefined;
  } while (cursor);
  return items;
}

function remember(conversation: Conversation): void {
  // A conversation that left for another department (a transfer) is out of sight now.
  if (!inSight(conversation)) {
    state.conversations.delete(conversation.id);
    if (state.selected === conversation.id) state.selected = undefined;
    return;
  }
  state.conversations.set(conversation.id, { conversation, heardAt: Date.now() });
}

/** The server's rule: an agent sees conversations of no group, of their groups and their own. */
function inSight(conversation: Conversation): boolean {
  const me = state.me;
  if (!me || me.role !== 'agent' || !conversation.group_id) return true;
  return me.group_ids.includes(conversation.group_id) || conversation.agent?.id === me.id;
}

let queuesTimer: ReturnType<typeof setTimeout> | undefined;
/** The queues' counts, read again shortly after the Live list changes (one read for a burst of events). */
function refreshQueues(): void {
  clearTimeout(queuesTimer);
  queuesTimer = setTimeout(async () => {
    const { data } = await listQueues({ client: client(), throwOnError: false });
    if (data) {
      state.queues = data;
      renderQueues();
    }
  }, 300);
}

function queueKey(groupId: string | null | undefined): string {
  return groupId ?? 'none';
}

function renderQueues(): void {
  const select = byId<HTMLSelectElement>('group-filter');
  const label = (queue: QueueSummary) => queue.name ?? 'no group';
  fill(select,
    h('option', { value: '' }, 'every queue'),
    ...state.queues.map((queue) => h('option', { value: queueKey(queue.group_id) }, label(queue))));
  if (state.filter && !state.queues.some((queue) => queueKey(queue.group_id) === state.filter)) state.filter = '';
  select.value = state.filter;
  fill(byId('queues'), ...state.queues.map((queue) => {
    const wait = queue.estimated_wait_seconds;
    return h('li', { 'data-queue': queueKey(queue.group_id), class: queueKey(queue.group_id) === state.filter ? 'filtered' : '' },
      `${label(queue)}: ${queue.waiting} waiting · ${queue.active} active · ${queue.agents_online} online`,
      wait != null && queue.waiting > 0 ? ` · about ${Math.max(1, Math.round(wait / 60))} min` : '');
  }));
}

byId<HTMLSelectElement>('group-filter').addEventListener('change', (event) => {
  state.filter = (event.target as HTMLSelectElement).value;
  sessionStorage.setItem('livechat.console.filter', state.filter);
  renderList();
});

function shownByFilter(conversation: Conversation): boolean {
  return state.filter === '' || queueKey(conversation.group_id) === state.filter;
}

/** A new message: the Live list's counts, and the chat if it is the open one. */
function received(message: Message): void {
  const known = state.conversations.get(message.conversation_id);
  const conversation = known?.conversation;
  // The REST read and the stream overlap: a message older than the conversation as read is in its counts already.
  if (conversation && (!conversation.last_message_at || Date.parse(message.created_at) > Date.parse(conversation.last_message_at))) {
    conversation.last_message_at = message.created_at;
    if (message.author_kind === 'customer') conversation.unanswered += 1;
    if (message.author_kind === 'agent') conversation.unanswered = 0;
    if (message.content.kind === 'text') conversation.last_message_preview = message.content.text.slice(0, 80);
    if (message.content.kind === 'file') {
      const { text, attachments: files } = message.content;
      conversation.last_message_preview = (text || `File: ${files.map((file) => file.name).join(', ')}`).slice(0, 80);
    }
    renderList();
  }
  if (message.conversation_id === state.selected && !state.messages.has(message.seq)) {
    state.messages.set(message.seq, message);
    if (message.author_kind === 'customer') state.typingUntil = 0;
    renderMessages();
  }
}

/** A new note: shown if it is on the open conversation. */
function noted(note: Note): void {
  if (note.conversation_id !== state.selected || state.notes.has(note.id)) return;
  state.notes.set(note.id, note);
  renderMessages();
}

async function loadMessages(conversationId: string): Promise<void> {
  const path = { conversation_id: conversationId };
  const [items, notes] = await Promise.all([
    readAll((cursor) => listMessages({ client: client(), path, query: { cursor, limit: 200 } })),
    readAll((cursor) => listNotes({ client: client(), path, query: { cursor, limit: 200 } })),
  ]);
  if (conversationId !== state.selected) return;
  for (const message of items) state.messages.set(message.seq, message);
  for (const note of notes) state.notes.set(note.id, note);
}

// ---------------------------------------------------------------- the Live list

function isMine(conversation: Conversation): boolean {
  return conversation.status === 'active' && conversation.agent?.id === state.me?.id;
}

function renderList(): void {
  renderQueues();
  const all = [...state.conversations.values()].map((known) => known.conversation).filter(shownByFilter);
  const waiting = all.filter((c) => c.status === 'waiting');
  const mine = all.filter(isMine);
  const others = all.filter((c) => c.status === 'active' && !isMine(c));
  const ended = all.filter((c) => c.status === 'ended');
  fill(byId('counts'),
    h('span', { 'data-count': 'waiting' }, `${waiting.length} waiting`), ' · ',
    h('span', { 'data-count': 'mine' }, `${mine.length} mine`), ' · ',
    h('span', { 'data-count': 'others' }, `${others.length} with others`), ' · ',
    h('span', { 'data-count': 'ended' }, `${ended.length} ended`));
  const newestFirst = (a: Conversation, b: Conversation) => b.entered_at.localeCompare(a.entered_at);
  fill(byId('live-list'), ...[...waiting, ...mine, ...others, ...ended].sort((a, b) => rank(a) - rank(b) || newestFirst(a, b)).map(listItem));
  tick();
}

function rank(conversation: Conversation): number {
  if (conversation.status === 'waiting') return 0;
  if (isMine(conversation)) return 1;
  return conversation.status === 'active' ? 2 : 3;
}

function listItem(conversation: Conversation): HTMLElement {
  const customer = conversation.customer;
  const where = conversation.status === 'waiting'
    ? (customer.online ? 'waiting' : 'left a message')
    : conversation.status === 'active'
      ? (isMine(conversation) ? 'you' : `with ${conversation.agent?.name ?? 'an agent'}`)
      : `ended: ${conversation.exit?.reason ?? ''}`;
  return h('li', {
    class: `item ${conversation.status}${conversation.id === state.selected ? ' selected' : ''}`,
    'data-conversation': conversation.id,
    onclick: () => void select(conversation.id),
  },
  h('span', { class: `dot ${customer.online ? 'online' : ''}`, title: customer.online ? 'online' : 'offline' }),
  h('span', { class: 'who' }, h('b', {}, customer.display_name), h('small', { class: 'email' }, conversation.email ?? customer.email ?? 'no email')),
  h('span', { class: 'state' }, where,
    conversation.status === 'waiting' ? h('span', { class: 'waited', title: 'waiting for', 'data-waited': conversation.id }) : null),
  conversation.unanswered > 0 && conversation.status !== 'ended' ? h('span', { class: 'badge', title: 'unanswered' }, conversation.unanswered) : h('span', {}),
  conversation.last_message_preview ? h('small', { class: 'preview' }, conversation.last_message_preview) : null);
}

/** Waiting times count on every second without rebuilding the list. */
function tick(): void {
  for (const element of document.querySelectorAll<HTMLElement>('[data-waited]')) {
    const known = state.conversations.get(element.dataset.waited ?? '');
    if (known) element.textContent = duration(known.conversation.waited_seconds + (Date.now() - known.heardAt) / 1000);
  }
  renderTyping();
}
setInterval(tick, 1000);

async function select(conversationId: string): Promise<void> {
  state.selected = conversationId;
  stored.selected = conversationId;
  state.messages = new Map();
  state.notes = new Map();
  state.typingUntil = 0;
  attachments.clear();
  chatFor = undefined;
  renderList();
  renderChat();
  await loadMessages(conversationId);
  renderMessages();
}

// ---------------------------------------------------------------- the chat

/** The conversation the chat pane was built for: the composer survives re-renders of the same one. */
let chatFor: string | undefined;

function selectedConversation(): Conversation | undefined {
  return state.selected ? state.conversations.get(state.selected)?.conversation : undefined;
}

function renderChat(): void {
  const pane = byId('chat');
  const conversation = selectedConversation();
  if (!conversation) {
    chatFor = undefined;
    fill(pane, h('p', { class: 'empty' }, 'Pick a conversation from the Live list.'));
    return;
  }
  if (chatFor !== conversation.id) {
    chatFor = conversation.id;
    fill(pane,
      h('header', { class: 'chat-head', id: 'chat-head' }),
      h('ol', { class: 'messages', id: 'messages' }),
      h('p', { class: 'typing', id: 'typing' }),
      h('ul', { class: 'uploads', id: 'uploads', 'aria-label': 'files being sent', 'data-needs-mine': true }),
      composer(),
      noteComposer(),
      tools());
  }
  renderHead(conversation);
  renderMessages();
  const mine = isMine(conversation);
  for (const element of pane.querySelectorAll<HTMLElement>('[data-needs-mine]')) element.hidden = !mine;
}

function renderHead(conversation: Conversation): void {
  const customer = conversation.customer;
  const actions: HTMLElement[] = [];
  if (conversation.status === 'waiting') actions.push(action('Claim', () => claimConversation({ client: client(), path: { conversation_id: conversation.id } })));
  if (isMine(conversation)) {
    actions.push(
      action('Release', () => releaseConversation({ client: client(), path: { conversation_id: conversation.id } })),
      transferControl(conversation),
      action('End', () => endConversation({ client: client(), path: { conversation_id: conversation.id } })),
      action('Block', () => blockCustomer({ client: client(), path: { conversation_id: conversation.id } }), 'Block this customer and end the chat?'),
    );
  }
  fill(byId('chat-head'),
    h('div', { class: 'title' },
      h('b', {}, customer.display_name), ' ',
      h('span', { class: 'email', id: 'chat-email' }, conversation.email ?? customer.email ?? 'no email yet'), ' ',
      h('span', { class: `status ${conversation.status}`, id: 'chat-status' },
        conversation.status === 'ended' ? `ended (${conversation.exit?.reason ?? ''}${conversation.exit?.target ? ` → ${conversation.exit.target.id}` : ''})` : conversation.status === 'active' ? `with ${conversation.agent?.name ?? ''}` : 'waiting'),
      customer.blocked ? h('span', { class: 'status blocked' }, 'blocked') : null),
    h('div', { class: 'actions' }, ...actions),
    tagsControl(conversation));
}

/** The conversation's tags (× takes one off) and a menu to add one; any agent who sees it tags it. */
function tagsControl(conversation: Conversation): HTMLElement {
  const path = { conversation_id: conversation.id };
  const change = async (call: Promise<{ data?: Conversation; error?: unknown }>, what: string) => {
    const { data, error } = await call;
    if (error || !data) return notify(`${what}: ${describe(error)}`);
    remember(data);
    renderChat();
  };
  const add = h('select', { 'aria-label': 'add a tag', id: 'add-tag' },
    h('option', { value: '' }, 'Tag…'),
    ...state.tags.filter((tag) => !conversation.tags.some((on) => on.id === tag.id)).map((tag) => h('option', { value: tag.id }, tag.name)));
  add.addEventListener('change', () => {
    if (add.value) void change(tagConversation({ client: client(), path: { ...path, tag_id: add.value }, throwOnError: false }), 'Tag');
  });
  return h('div', { class: 'tags', id: 'chat-tags' },
    ...conversation.tags.map((tag) => h('span', { class: 'tag', 'data-tag': tag.name }, tag.name,
      h('button', { type: 'button', title: `remove ${tag.name}`, onclick: () => void change(untagConversation({ client: client(), path: { ...path, tag_id: tag.id }, throwOnError: false }), 'Untag') }, '×'))),
    add);
}

/** A button that runs one call; its result arrives as a stream event, its problem as a notice. */
function action(label: string, call: () => Promise<{ data: Conversation }>, confirmation?: string): HTMLButtonElement {
  return h('button', {
    type: 'button',
    'data-action': label.toLowerCase(),
    onclick: async (event: Event) => {
      if (confirmation && !confirm(confirmation)) return;
      const button = event.currentTarget as HTMLButtonElement;
      button.disabled = true;
      try {
        remember((await call()).data);
        renderList();
        renderChat();
      } catch (error) {
        notify(`${label}: ${describe(error)}`);
      } finally {
        button.disabled = false;
      }
    },
  }, label);
}

function transferControl(conversation: Conversation): HTMLElement {
  const select = h('select', { 'aria-label': 'transfer to', id: 'transfer-to' },
    h('option', { value: '' }, 'Transfer to…'),
    ...state.agents.filter((agent) => agent.id !== state.me?.id && agent.active).map((agent) =>
      h('option', { value: agent.id, disabled: agent.presence !== 'online' }, `${agent.name} (${agent.presence})`)));
  select.addEventListener('change', async () => {
    if (!select.value) return;
    const { data, error } = await transferConversation({ client: client(), path: { conversation_id: conversation.id }, body: { agent_id: select.value }, throwOnError: false });
    if (error || !data) notify(`Transfer: ${describe(error)}`);
    else remember(data);
    renderList();
    renderChat();
  });
  return select;
}

function renderMessages(): void {
  const list = document.getElementById('messages');
  const conversation = selectedConversation();
  if (!list || !conversation) return;
  const messages = [...state.messages.values()].sort((a, b) => a.seq - b.seq);
  const lastAgentSeen = Math.max(0, ...messages.filter((m) => m.author_kind === 'agent' && m.seq <= conversation.customer_seen_seq).map((m) => m.seq));
  const shownMessages = messages.map((message) => ({ at: message.created_at, element:
    h('li', { class: `message ${message.author_kind} ${message.content.kind}`, 'data-seq': message.seq },
      h('small', { class: 'meta' }, `${message.author?.name ?? (message.author_kind === 'customer' ? conversation.customer.display_name : message.author_kind)} · ${clock(message.created_at)}`),
      renderContent(message.content, attachments),
      message.seq === lastAgentSeen ? h('small', { class: 'seen' }, 'Seen') : null) }));
  // Notes sit among the messages by time, marked as internal: the customer never sees them.
  const shownNotes = [...state.notes.values()].map((note) => ({ at: note.created_at, element:
    h('li', { class: 'note', 'data-note': note.id },
      h('small', { class: 'meta' }, `Internal note · ${note.author.name} · ${clock(note.created_at)}`),
      h('span', { class: 'text' }, note.text),
      note.mentions.length ? h('small', { class: 'mentions' }, `for ${note.mentions.map((agent) => agent.name).join(', ')}`) : null) }));
  // Stable: a note and a message of the same instant keep messages first, notes in their order.
  const entries = [...shownMessages, ...shownNotes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  fill(list, ...entries.map((entry) => entry.element));
  list.scrollTop = list.scrollHeight;
  void markRead(conversation, messages);
}

let marking = false;
/** The serving agent marks what the open, visible chat shows as seen. */
async function markRead(conversation: Conversation, messages: Message[]): Promise<void> {
  const last = messages.at(-1)?.seq ?? 0;
  if (marking || !isMine(conversation) || document.visibilityState !== 'visible' || last <= conversation.agent_seen_seq) return;
  marking = true;
  try {
    const { data } = await markSeen({ client: client(), path: { conversation_id: conversation.id }, body: { seq: last }, throwOnError: false });
    if (data) remember(data);
  } finally {
    marking = false;
  }
}
document.addEventListener('visibilitychange', () => renderMessages());

function renderTyping(): void {
  const line = document.getElementById('typing');
  const conversation = selectedConversation();
  if (line) line.textContent = conversation && Date.now() < state.typingUntil ? `${conversation.customer.display_name} is typing…` : '';
}

function composer(): HTMLElement {
  const text = h('textarea', { name: 'text', rows: 2, placeholder: 'Write a message', 'aria-label': 'message' });
  // The server forwards one typing indicator a second per sender; a little more keeps them from being dropped.
  const TYPING_EVERY_MS = 1100;
  let typingSentAt = 0;
  text.addEventListener('input', () => {
    const conversation = selectedConversation();
    if (!conversation || !isMine(conversation) || Date.now() - typingSentAt < TYPING_EVERY_MS) return;
    typingSentAt = Date.now();
    void sendTyping({ client: client(), path: { conversation_id: conversation.id }, throwOnError: false });
  });
  const menu = h('ul', { class: 'canned-menu', id: 'canned-menu', role: 'listbox', hidden: true });
  const attach = h('button', { class: 'attach', id: 'attach', type: 'button', title: 'Attach files (or drop them on the chat)' }, 'Attach');
  const files = h('input', { id: 'files', type: 'file', multiple: true, hidden: true, 'aria-label': 'files to send' });
  pickFiles(attach, files, (picked) => sendFiles(picked, text));
  const form = h('form', { class: 'composer', id: 'composer', 'data-needs-mine': true }, menu, text, attach, files, h('button', { class: 'primary', type: 'submit' }, 'Send'));
  text.addEventListener('input', () => void offerCanned(text, menu));
  text.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') menu.hidden = true;
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      const first = menu.hidden ? null : menu.querySelector<HTMLElement>('[data-canned]');
      if (first) first.click();
      else form.requestSubmit();
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const conversation = selectedConversation();
    const value = text.value.trim();
    if (!conversation || !value) return;
    text.value = '';
    try {
      await send(conversation.id, { text: value });
    } catch (error) {
      text.value = value;
      notify(`Not sent: ${describe(error)}`);
    }
  });
  return form;
}

/** Sends a message; a dropped network is retried with the same client_message_id, so the server keeps one. */
async function send(conversationId: string, body: { text?: string | null; attachment_ids?: string[] }): Promise<void> {
  const clientMessageId = newId();
  for (let attempt = 1; ; attempt++) {
    try {
      const { data } = await sendMessage({ client: client(), path: { conversation_id: conversationId }, body: { ...body, client_message_id: clientMessageId } });
      received(data);
      return;
    } catch (error) {
      if (!(error instanceof TypeError) || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1000 * attempt));
    }
  }
}

/**
 * Uploads files into the open chat, if the agent serves it, then sends them in one
 * message with what `text` (its composer) holds by then.
 */
function sendFiles(files: File[], text: HTMLTextAreaElement | null): void {
  const conversation = selectedConversation();
  const list = document.getElementById('uploads');
  if (!conversation || !isMine(conversation) || !list) return notify('Files can be sent in the chats you serve.');
  void uploadFiles({
    client: client(),
    conversationId: conversation.id,
    files,
    list,
    send: async (uploaded) => {
      const value = text?.value.trim() ?? '';
      if (text) text.value = '';
      try {
        await send(conversation.id, { text: value || null, attachment_ids: uploaded.map((attachment) => attachment.id) });
      } catch (error) {
        if (text && !text.value) text.value = value;
        throw error;
      }
    },
  });
}

// Files dropped anywhere on the chat pane go into the open chat.
acceptDrops(byId('chat'), (files) => sendFiles(files, document.querySelector<HTMLTextAreaElement>('#composer textarea')));

let cannedAsked = 0;
/** While the composer holds `/` and a short code's start, the canned responses that match; picking one sends it. */
async function offerCanned(text: HTMLTextAreaElement, menu: HTMLElement): Promise<void> {
  const typed = /^\/[a-z0-9_-]*$/.exec(text.value);
  if (!typed) {
    menu.hidden = true;
    return;
  }
  const asked = ++cannedAsked;
  const { data, error } = await listCannedResponses({ client: client(), query: { prefix: text.value, limit: 8 }, throwOnError: false });
  if (asked !== cannedAsked) return; // a later keystroke asked again
  if (error || !data) return notify(`Canned responses: ${describe(error)}`);
  fill(menu, ...data.items.map((canned) => h('li', {
    'data-canned': canned.short_code,
    role: 'option',
    onclick: () => void sendCanned(canned, text, menu),
  }, h('b', {}, `/${canned.short_code}`), ` ${canned.title}`, h('small', {}, canned.scope))));
  menu.hidden = data.items.length === 0;
}

/** Sends a canned response: the server fills its placeholders for this chat. */
async function sendCanned(canned: CannedResponse, text: HTMLTextAreaElement, menu: HTMLElement): Promise<void> {
  const conversation = selectedConversation();
  if (!conversation) return;
  menu.hidden = true;
  const { data, error } = await sendCannedResponse({
    client: client(),
    path: { conversation_id: conversation.id },
    body: { canned_response_id: canned.id, client_message_id: newId() },
    throwOnError: false,
  });
  if (error || !data) return notify(`/${canned.short_code} not sent: ${describe(error)}`);
  text.value = '';
  received(data);
}

/** The internal note form: any agent who sees the chat writes one; `@Name` mentions an agent. */
function noteComposer(): HTMLElement {
  const text = h('textarea', { name: 'note', rows: 2, placeholder: 'Internal note (only agents see it; @Name mentions)', 'aria-label': 'note' });
  const form = h('form', { class: 'note-composer', id: 'note-composer' }, text, h('button', { type: 'submit' }, 'Add note'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const conversation = selectedConversation();
    const value = text.value.trim();
    if (!conversation || !value) return;
    const named = [...value.matchAll(/@([\p{L}\p{N}_-]+)/gu)].map((match) => match[1].toLowerCase());
    const mentions = state.agents.filter((agent) => agent.id !== state.me?.id && named.includes(agent.name.split(/\s+/)[0].toLowerCase())).map((agent) => agent.id);
    const { data, error } = await addNote({ client: client(), path: { conversation_id: conversation.id }, body: { text: value, mentions }, throwOnError: false });
    if (error || !data) return notify(`Note not added: ${describe(error)}`);
    text.value = '';
    noted(data);
  });
  return form;
}

/** Article, animation and jump, each a small form. */
function tools(): HTMLElement {
  const article = toolForm('article', 'Send article', [['title', 'Title', true], ['url', 'URL', true], ['summary', 'Summary', false], ['image_url', 'Image URL', false]],
    (conversation, values) => sendArticle({ client: client(), path: { conversation_id: conversation.id }, body: { title: values.title, url: values.url, summary: values.summary || null, image_url: values.image_url || null, client_message_id: newId() } }).then(({ data }) => received(data)));
  const animation = toolForm('animation', 'Play animation', [['name', 'Name (confetti, wave, shake)', true], ['params', 'Params (JSON)', false]],
    (conversation, values) => triggerAnimation({ client: client(), path: { conversation_id: conversation.id }, body: { name: values.name, params: values.params ? JSON.parse(values.params) as Record<string, unknown> : null, client_message_id: newId() } }).then(({ data }) => received(data)));
  const jump = toolForm('jump', 'Jump', [['kind', 'Kind (process_module or experience)', true], ['id', 'Target id', true]],
    (conversation, values) => jumpConversation({ client: client(), path: { conversation_id: conversation.id }, body: { target: { kind: values.kind as 'process_module' | 'experience', id: values.id } } }).then(({ data }) => remember(data)));
  return h('section', { class: 'tools', 'data-needs-mine': true }, article, animation, jump);
}

function toolForm(name: string, label: string, fields: Array<[string, string, boolean]>,
  submit: (conversation: Conversation, values: Record<string, string>) => Promise<void>): HTMLElement {
  const form = h('form', { class: 'tool', 'data-tool': name },
    h('b', {}, label),
    ...fields.map(([field, placeholder, required]) => h('input', { name: field, placeholder, 'aria-label': `${name} ${field}`, required })),
    h('button', { type: 'submit' }, label));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const conversation = selectedConversation();
    if (!conversation) return;
    const values = Object.fromEntries([...new FormData(form)].map(([key, value]) => [key, String(value).trim()]));
    try {
      await submit(conversation, values);
      form.reset();
      renderList();
      renderChat();
    } catch (error) {
      notify(`${label}: ${describe(error)}`);
    }
  });
  return h('details', {}, h('summary', {}, label), form);
}

// ---------------------------------------------------------------- notices

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function notify(text: string): void {
  const notice = byId('notice');
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { notice.hidden = true; }, 6000);
}

void start().catch((error: unknown) => notify(describe(error)));
