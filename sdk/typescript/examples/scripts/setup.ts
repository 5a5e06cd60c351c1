//! What an admin and the bot platform do before anyone chats, shared by the try-it helper
//! and the browser tests: an agent, module configurations, an API key, and entries.

import {
  createAgent,
  createApiKey,
  createLivechatClient,
  createModule,
  type EntryResult,
  enterLiveChat,
  issueCustomerToken,
  login,
  type Module,
} from 'livechat-sdk';

export interface Setup {
  agent: { email: string; password: string; name: string };
  /** Async on, asks for the email, one quick reply (`faq`). */
  support: Module;
  /** Async off, falls back to the subprocess `contact-form` when nobody is online. */
  afterHours: Module;
  apiKey: string;
}

export async function setUp(baseUrl: string, adminEmail: string, adminPassword: string): Promise<Setup> {
  const anonymous = createLivechatClient({ baseUrl });
  const { data: session } = await login({ client: anonymous, body: { email: adminEmail, password: adminPassword } });
  const admin = createLivechatClient({ baseUrl, agentToken: session.token });
  const agent = { email: 'ada@example.com', password: 'ada-password-1', name: 'Ada' };
  await createAgent({ client: admin, body: agent });
  const { data: support } = await createModule({
    client: admin,
    body: {
      name: 'Support',
      async_enabled: true,
      request_email: true,
      quick_replies: [{ id: 'faq', label: 'Browse the FAQ', experience_id: 'faq' }],
      texts: { waiting: 'An agent will be with you in a moment.' },
    },
  });
  const { data: afterHours } = await createModule({
    client: admin,
    body: { name: 'After hours', async_enabled: false, request_email: false, fallback_target: { kind: 'subprocess', id: 'contact-form' } },
  });
  const { data: key } = await createApiKey({ client: admin, body: { name: 'bot platform' } });
  return { agent, support, afterHours, apiKey: key.key };
}

/** The bot platform hands a customer over to live chat. */
export async function enter(baseUrl: string, apiKey: string, moduleId: string, customer: { external_id: string; display_name: string }): Promise<EntryResult> {
  const bot = createLivechatClient({ baseUrl, apiKey });
  const { data } = await enterLiveChat({
    client: bot,
    body: {
      customer,
      module_id: moduleId,
      process_ref: `try-${customer.external_id}`,
      history: [{ author: 'bot', text: 'Hello! What can I do for you?' }, { author: 'customer', text: 'I want to talk to a human' }],
    },
  });
  return data;
}

/** A customer token for a customer the bot platform entered before (e.g. one whose entry exited at once). */
export async function tokenFor(baseUrl: string, apiKey: string, externalId: string): Promise<string> {
  const bot = createLivechatClient({ baseUrl, apiKey });
  const { data } = await issueCustomerToken({ client: bot, body: { external_id: externalId } });
  return data.customer_token.token;
}

export function widgetUrl(pagesUrl: string, apiUrl: string, customerToken: string): string {
  return `${pagesUrl}/widget/?api=${encodeURIComponent(apiUrl)}#token=${encodeURIComponent(customerToken)}`;
}

/** The widget before the customer is handed over: it says whether anyone can answer now. */
export function widgetBeforeEntryUrl(pagesUrl: string, apiUrl: string, moduleId: string): string {
  return `${pagesUrl}/widget/?api=${encodeURIComponent(apiUrl)}&module=${encodeURIComponent(moduleId)}`;
}

export function consoleUrl(pagesUrl: string, apiUrl: string): string {
  return `${pagesUrl}/console/?api=${encodeURIComponent(apiUrl)}`;
}
