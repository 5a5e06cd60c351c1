//! The customer's chat widget. The bot platform enters the customer (`POST /v1/entries`)
//! and hands the widget the customer token, here as `#token=…` in the page's URL; the
//! widget keeps it in sessionStorage (and takes it out of the URL), so a reload resumes
//! the same chat. It shows the module's notices, asks for the email when the module
//! does, offers the quick replies, and sends messages with a `client_message_id`, so a
//! message written while the network is away goes out once when it is back. Files go
//! by the attach button or a drop on the chat, with their progress, as one message with
//! the text typed; images the agent sends show as previews, other files as downloads.
//! When the module asks for ratings, an ended chat shows a rating prompt.

import {
  type Attachment,
  type Availability,
  type Client,
  type Conversation,
  createLivechatClient,
  getModuleAvailability,
  giveEmail,
  leaveConversation,
  listConversations,
  listMessages,
  markSeen,
  type Message,
  openStream,
  pickQuickReply,
  rateConversation,
  sendMessage,
  sendTyping,
  StreamError,
  type StreamEvent,
} from 'livechat-sdk';

import { apiBaseUrl, byId, clock, describe, fileSize, fill, h, isNetworkError, newId } from '../shared/dom.js';
import { acceptDrops, attachmentViews, pickFiles, uploadFiles } from '../shared/files.js';
import { renderContent } from '../shared/messages.js';

/** A message the customer wrote that the server has not confirmed yet; with files, they are uploaded already. */
interface Pending {
  id: string;
  text: string;
  attachments?: Attachment[];
  failed?: string;
}

const keys = { token: 'livechat.widget.token', lastEventId: 'livechat.widget.lastEventId', pending: 'livechat.widget.pending' };

const state = {
  conversation: undefined as Conversation | undefined,
  messages: new Map<number, Message>(),
  pending: JSON.parse(sessionStorage.getItem(keys.pending) ?? '[]') as Pending[],
  agentTypingUntil: 0,
  agentTypingName: '',
};

/** The token from `#token=…` replaces the kept one; the fragment leaves the address bar and history. */
function customerToken(): string | null {
  const fromUrl = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromUrl) {
    if (fromUrl !== sessionStorage.getItem(keys.token)) {
      sessionStorage.clear();
      state.pending = [];
    }
    sessionStorage.setItem(keys.token, fromUrl);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(keys.token);
}

const token = customerToken();
const client: Client = createLivechatClient({ baseUrl: apiBaseUrl(), customerToken: token ?? '' });
const attachments = attachmentViews(() => client, notify);

// ---------------------------------------------------------------- the stream

let stream: ReturnType<typeof openStream> | undefined;

async function follow(): Promise<void> {
  const kept = Number(sessionStorage.getItem(keys.lastEventId) ?? NaN);
  stream = openStream(client, 'customer', {
    lastEventId: Number.isSafeInteger(kept) ? kept : undefined,
    onDisconnect: () => setConnection('reconnecting…', 'down'),
  });
  try {
    for await (const event of stream) {
      await apply(event);
      if (stream.lastEventId !== undefined) sessionStorage.setItem(keys.lastEventId, String(stream.lastEventId));
    }
  } catch (error) {
    if (error instanceof StreamError && error.status === 401) {
      sessionStorage.removeItem(keys.token);
      return showClosed('This chat link has expired. Start again from the chat.');
    }
    setConnection(`disconnected: ${describe(error)}`, 'down');
  }
}

// Back online: resume the stream now and send what waits, instead of at the next backoff step.
window.addEventListener('online', () => {
  stream?.close();
  void follow();
  void flush();
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
      await reload();
      setConnection('connected', 'up');
      void flush();
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
    case 'conversation.seen': {
      const current = state.conversation;
      // A new open conversation (the customer entered again) takes over from an ended one.
      if (current && event.data.id !== current.id && (current.status !== 'ended' || event.data.status === 'ended')) break;
      if (current?.id !== event.data.id) await open(event.data);
      else state.conversation = event.data;
      if (event.data.status === 'ended') state.agentTypingUntil = 0;
      render();
      break;
    }
    case 'conversation.queue_position':
      if (state.conversation && event.data.conversation_id === state.conversation.id) {
        state.conversation.queue_position = event.data.queue_position;
        state.conversation.estimated_wait_seconds = event.data.estimated_wait_seconds;
        render();
      }
      break;
    case 'message.created':
      if (event.data.conversation_id === state.conversation?.id) {
        const fresh = !state.messages.has(event.data.seq);
        add(event.data);
        if (fresh && event.data.content.kind === 'animation') play(event.data.content.name);
        render();
      }
      break;
    case 'typing':
      if (event.data.side === 'agent' && event.data.conversation_id === state.conversation?.id) {
        state.agentTypingUntil = Date.now() + 4000;
        state.agentTypingName = event.data.agent?.name ?? 'The agent';
        renderTyping();
      }
      break;
    default:
      break;
  }
}

/** The customer's open conversation, else the latest ended one (a module that exited at once). */
async function reload(): Promise<void> {
  const open_ = await listConversations({ client, query: { limit: 1 } });
  const latest = open_.data.items[0] ?? (await listConversations({ client, query: { status: 'ended', limit: 1 } })).data.items[0];
  if (!latest) return showClosed('There is no chat here yet.');
  await open(latest);
  render();
}

async function open(conversation: Conversation): Promise<void> {
  if (state.conversation?.id !== conversation.id) {
    state.messages = new Map();
    attachments.clear();
  }
  state.conversation = conversation;
  let cursor: string | undefined;
  do {
    const { data } = await listMessages({ client, path: { conversation_id: conversation.id }, query: { cursor, limit: 200 } });
    data.items.forEach(add);
    cursor = data.next_cursor ?? undefined;
  } while (cursor);
}

function add(message: Message): void {
  state.messages.set(message.seq, message);
  if (message.author_kind === 'agent') state.agentTypingUntil = 0;
  const before = state.pending.length;
  state.pending = state.pending.filter((pending) => pending.id !== message.client_message_id);
  if (state.pending.length !== before) savePending();
}

// ---------------------------------------------------------------- sending

function savePending(): void {
  sessionStorage.setItem(keys.pending, JSON.stringify(state.pending));
}

let flushing = false;
let retryTimer: ReturnType<typeof setTimeout> | undefined;

/** Sends the waiting messages in order; a network failure keeps them for the next try. */
async function flush(): Promise<void> {
  const conversation = state.conversation;
  if (flushing || !conversation) return;
  flushing = true;
  clearTimeout(retryTimer);
  try {
    for (const pending of state.pending.filter((p) => !p.failed)) {
      try {
        const body = pending.attachments?.length
          ? { text: pending.text || null, attachment_ids: pending.attachments.map((attachment) => attachment.id), client_message_id: pending.id }
          : { text: pending.text, client_message_id: pending.id };
        const { data } = await sendMessage({ client, path: { conversation_id: conversation.id }, body });
        add(data);
      } catch (error) {
        if (isNetworkError(error)) {
          retryTimer = setTimeout(() => void flush(), 3000);
          break;
        }
        pending.failed = describe(error);
        savePending();
      }
      render();
    }
  } finally {
    flushing = false;
    render();
  }
}

byId<HTMLFormElement>('composer').addEventListener('submit', (event) => {
  event.preventDefault();
  const text = byId<HTMLTextAreaElement>('composer').querySelector('textarea');
  const value = text?.value.trim();
  if (!text || !value) return;
  text.value = '';
  state.pending.push({ id: newId(), text: value });
  savePending();
  render();
  void flush();
});

const textarea = byId('composer').querySelector('textarea');

/** Uploads files into the open chat, then sends them in one message with the text typed by then. */
function sendFiles(files: File[]): void {
  const conversation = state.conversation;
  if (!token || !conversation || conversation.status === 'ended') return notify('Files can be sent while the chat is open.');
  void uploadFiles({
    client,
    conversationId: conversation.id,
    files,
    list: byId('uploads'),
    send: async (uploaded) => {
      const text = textarea?.value.trim() ?? '';
      if (textarea) textarea.value = '';
      state.pending.push({ id: newId(), text, attachments: uploaded });
      savePending();
      render();
      void flush();
    },
  });
}
pickFiles(byId('attach'), byId<HTMLInputElement>('files'), sendFiles);
acceptDrops(byId('widget'), sendFiles);

// The server forwards one typing indicator a second per sender; a little more keeps them from being dropped.
const TYPING_EVERY_MS = 1100;
let typingSentAt = 0;
textarea?.addEventListener('input', () => {
  const conversation = state.conversation;
  if (!conversation || conversation.status === 'ended' || Date.now() - typingSentAt < TYPING_EVERY_MS) return;
  typingSentAt = Date.now();
  void sendTyping({ client, path: { conversation_id: conversation.id }, throwOnError: false });
});
textarea?.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    byId<HTMLFormElement>('composer').requestSubmit();
  }
});

byId<HTMLFormElement>('email-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const conversation = state.conversation;
  const email = String(new FormData(event.target as HTMLFormElement).get('email')).trim();
  if (!conversation) return;
  const { data, error } = await giveEmail({ client, path: { conversation_id: conversation.id }, body: { email }, throwOnError: false });
  if (error || !data) return notify(describe(error));
  state.conversation = data;
  render();
});

byId('leave').addEventListener('click', async () => {
  const conversation = state.conversation;
  if (!conversation || !confirm('Leave the chat?')) return;
  const { data, error } = await leaveConversation({ client, path: { conversation_id: conversation.id }, throwOnError: false });
  if (error || !data) return notify(describe(error));
  state.conversation = data;
  render();
});

async function pick(quickReplyId: string): Promise<void> {
  const conversation = state.conversation;
  if (!conversation) return;
  const { data, error } = await pickQuickReply({ client, path: { conversation_id: conversation.id }, body: { quick_reply_id: quickReplyId }, throwOnError: false });
  if (error || !data) return notify(describe(error));
  state.conversation = data;
  render();
}

// ---------------------------------------------------------------- showing it

function render(): void {
  const conversation = state.conversation;
  if (!conversation) return;
  const open = conversation.status !== 'ended';
  byId('title').textContent = conversation.status === 'active' && conversation.agent ? `Chat with ${conversation.agent.name}` : 'Chat with us';
  // While waiting: the place in the queue, and the expected wait once the server has one.
  const place = conversation.status === 'waiting' ? conversation.queue_position : null;
  const wait = conversation.estimated_wait_seconds;
  byId('queue').textContent = place
    ? `You are number ${place} in line${wait != null ? `, about ${Math.max(1, Math.round(wait / 60))} min` : ''}.`
    : '';
  renderMessages(conversation);
  renderTyping();
  byId('email-form').hidden = !(open && conversation.email_requested && !conversation.email);
  fill(byId('quick-replies'), ...(open ? conversation.quick_replies : []).map((reply) =>
    h('button', { type: 'button', class: 'quick-reply', 'data-quick-reply': reply.id, onclick: () => void pick(reply.id) }, reply.label)));
  byId('composer').hidden = !open;
  byId('uploads').hidden = !open;
  byId('leave').hidden = !open;
  const ended = byId('ended');
  ended.hidden = open;
  if (!open) ended.textContent = endedText(conversation);
  renderRating(conversation);
  void markRead(conversation);
}

/** The rating prompt of an ended chat, while the customer may still rate or change it. */
function renderRating(conversation: Conversation): void {
  const section = byId('rating');
  const rating = conversation.rating;
  if (!rating) {
    section.hidden = true;
    return;
  }
  section.hidden = false;
  const open = rating.changeable_until == null || Date.parse(rating.changeable_until) > Date.now();
  const scores = rating.scale === 'five_point'
    ? [1, 2, 3, 4, 5].map((score) => [score, '★'.repeat(score)] as const)
    : [[1, 'Good'], [0, 'Bad']] as const;
  const said = rating.score == null ? 'How did we do?' : `Thanks for your rating${rating.scale === 'five_point' ? ` (${rating.score} of 5)` : rating.score === 1 ? ' (good)' : ' (bad)'}.`;
  const comment = h('input', { name: 'comment', placeholder: 'A comment (optional)', 'aria-label': 'comment', maxlength: 1000 });
  fill(section,
    h('p', { id: 'rating-text' }, said),
    ...(open ? [h('div', { class: 'scores' }, ...scores.map(([score, label]) => h('button', {
      type: 'button',
      'data-score': score,
      class: rating.score === score ? 'chosen' : '',
      onclick: () => void rate(conversation.id, score, comment.value.trim()),
    }, label))), comment] : []));
}

async function rate(conversationId: string, score: number, comment: string): Promise<void> {
  const { data, error } = await rateConversation({ client, path: { conversation_id: conversationId }, body: { score, comment: comment || null }, throwOnError: false });
  if (error || !data) return notify(`Rating not sent: ${describe(error)}`);
  if (state.conversation?.id === data.id) state.conversation = data;
  render();
}

function renderMessages(conversation: Conversation): void {
  const messages = [...state.messages.values()].sort((a, b) => a.seq - b.seq);
  const seenUpTo = Math.max(0, ...messages.filter((m) => m.author_kind === 'customer' && m.seq <= conversation.agent_seen_seq).map((m) => m.seq));
  const list = byId('messages');
  fill(list,
    ...messages.filter((m) => m.content.kind !== 'history').map((message) =>
      h('li', { class: `message ${message.author_kind} ${message.content.kind}`, 'data-seq': message.seq },
        h('small', { class: 'meta' }, `${message.author_kind === 'customer' ? 'You' : message.author?.name ?? ''} · ${clock(message.created_at)}`),
        renderContent(message.content, attachments),
        message.seq === seenUpTo ? h('small', { class: 'seen' }, 'Seen') : null)),
    ...state.pending.map((pending) =>
      h('li', { class: `message customer ${pending.attachments?.length ? 'file' : 'text'} pending${pending.failed ? ' failed' : ''}`, 'data-pending': pending.id },
        pending.attachments?.length
          ? h('div', { class: 'files' }, ...pending.attachments.map((attachment) => h('span', { class: 'attachment' }, `${attachment.name} (${fileSize(attachment.size)})`)))
          : null,
        pending.text ? h('p', { class: 'text' }, pending.text) : null,
        h('small', { class: 'meta' }, pending.failed ? `not sent: ${pending.failed}` : 'sending…'))));
  list.scrollTop = list.scrollHeight;
}

function renderTyping(): void {
  byId('typing').textContent = Date.now() < state.agentTypingUntil ? `${state.agentTypingName} is typing…` : '';
}
setInterval(renderTyping, 1000);

let marking = false;
/** What the customer has in view is seen. */
async function markRead(conversation: Conversation): Promise<void> {
  const last = Math.max(0, ...state.messages.keys());
  if (marking || conversation.status === 'ended' || document.visibilityState !== 'visible' || last <= conversation.customer_seen_seq) return;
  marking = true;
  try {
    const { data } = await markSeen({ client, path: { conversation_id: conversation.id }, body: { seq: last }, throwOnError: false });
    if (data && state.conversation?.id === data.id) state.conversation = data;
  } finally {
    marking = false;
  }
}
document.addEventListener('visibilitychange', () => state.conversation && void markRead(state.conversation));

function endedText(conversation: Conversation): string {
  const target = conversation.exit?.target;
  const next = target ? ` We continue with ${target.kind.replace('_', ' ')} “${target.id}”.` : '';
  switch (conversation.exit?.reason) {
    case 'no_agent_available':
      return `Nobody can chat right now.${next}`;
    case 'outside_business_hours':
      return `We are closed right now.${next}`;
    case 'customer_left':
      return `You left the chat.${next}`;
    case 'quick_reply':
    case 'jump':
      return `The chat has moved on.${next}`;
    case 'blocked':
      return 'This chat has been closed.';
    case 'timeout':
      return `The chat ended after a while without messages.${next}`;
    default:
      return `The chat has ended.${next}`;
  }
}

/** An agent's animation plays once over the widget; the names it knows have their own. */
function play(name: string): void {
  const widget = byId('widget');
  const known = ['confetti', 'wave', 'shake'].includes(name) ? name : 'pulse';
  widget.dataset.animation = name;
  widget.classList.remove(`play-${known}`);
  void widget.offsetWidth; // restart the CSS animation
  widget.classList.add(`play-${known}`);
  setTimeout(() => widget.classList.remove(`play-${known}`), 1600);
}

function showClosed(text: string): void {
  byId('composer').hidden = true;
  byId('uploads').hidden = true;
  byId('leave').hidden = true;
  const ended = byId('ended');
  ended.hidden = false;
  ended.textContent = text;
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function notify(text: string): void {
  const notice = byId('notice');
  notice.textContent = text;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { notice.hidden = true; }, 6000);
}

// ---------------------------------------------------------------- before entering

/**
 * Before the customer is handed over (`?module=…` and no token yet), the widget says
 * whether anyone can answer: closed and when it opens, nobody available, or the wait.
 */
async function showAvailability(moduleId: string): Promise<void> {
  const { data, error } = await getModuleAvailability({ client, path: { module_id: moduleId }, throwOnError: false });
  const element = byId('availability');
  element.hidden = false;
  if (error || !data) {
    element.textContent = `The chat cannot say whether anyone is here: ${describe(error)}`;
    return;
  }
  const [kind, text] = availabilityText(data);
  element.dataset.state = kind;
  if (data.next_opening_at) element.dataset.nextOpening = data.next_opening_at;
  element.textContent = text;
}

function availabilityText(availability: Availability): ['closed' | 'nobody' | 'open', string] {
  if (!availability.open) {
    const opens = availability.next_opening_at;
    const when = opens
      ? new Date(opens).toLocaleString([], { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' })
      : undefined;
    return ['closed', when ? `We're closed right now. We open again on ${when}.` : `We're closed right now.`];
  }
  if (!availability.agents_available) {
    return ['nobody', availability.async_enabled ? 'Nobody is available right now; leave a message and we will answer.' : 'Nobody is available right now.'];
  }
  const wait = availability.estimated_wait_seconds;
  const ahead = availability.waiting === 1 ? '1 person' : `${availability.waiting} people`;
  if (wait != null) return ['open', `An agent will answer in about ${Math.max(1, Math.round(wait / 60))} min (${ahead} waiting).`];
  return ['open', availability.waiting > 0 ? `An agent is here (${ahead} waiting).` : 'An agent is here to help.'];
}

const moduleId = new URLSearchParams(location.search).get('module');
if (token) void follow();
else if (moduleId) void showAvailability(moduleId);
else showClosed('This chat opens from the bot platform, with a customer token in the address: #token=…');
