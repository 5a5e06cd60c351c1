//! The try-it helper behind try.sh: sets up an agent, two modules and an API key on a
//! fresh server, prints the console's address and the agent's login, and hands a customer
//! over (`POST /v1/entries` with the API key) each time Enter is pressed, printing the
//! widget's address with the customer token.

import { createInterface } from 'node:readline';

import { consoleUrl, enter, setUp, tokenFor, widgetBeforeEntryUrl, widgetUrl } from './setup.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
};
const apiUrl = env('LIVECHAT_URL');
const pagesUrl = env('PAGES_URL');

const setup = await setUp(apiUrl, env('LIVECHAT_ADMIN_EMAIL'), env('LIVECHAT_ADMIN_PASSWORD'));
console.log(`
Agent console:  ${consoleUrl(pagesUrl, apiUrl)}
  log in as ${setup.agent.email} / ${setup.agent.password}, then set yourself online
Admin:          ${env('LIVECHAT_ADMIN_EMAIL')} / ${env('LIVECHAT_ADMIN_PASSWORD')}
API key:        ${setup.apiKey}
Modules:        Support ${setup.support.id} (async, asks for the email, quick reply "faq")
                After hours ${setup.afterHours.id} (no async: exits to contact-form when nobody is online)
Before entry:   ${widgetBeforeEntryUrl(pagesUrl, apiUrl, setup.support.id)}
  the widget says whether anyone can answer now, and the wait
`);

let customers = 0;
async function handOver(moduleId: string): Promise<void> {
  customers += 1;
  const customer = { external_id: `customer-${customers}`, display_name: ['Grace', 'Alan', 'Barbara', 'Edsger'][(customers - 1) % 4] ?? 'Customer' };
  const entry = await enter(apiUrl, setup.apiKey, moduleId, customer);
  // An entry that exited at once has no token; a new one for the customer shows the exit in the widget.
  const token = entry.customer_token?.token ?? (await tokenFor(apiUrl, setup.apiKey, customer.external_id));
  console.log(`${customer.display_name} entered (${entry.outcome}); the widget: ${widgetUrl(pagesUrl, apiUrl, token)}`);
}

await handOver(setup.support.id);
console.log('\nEnter: hand another customer over to Support; "a" + Enter: to After hours; Ctrl-C: stop.');
for await (const line of createInterface({ input: process.stdin })) {
  await handOver(line.trim() === 'a' ? setup.afterHours.id : setup.support.id).catch((error: unknown) => console.error(error));
}
