import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { test } from 'node:test';

import {
  claimConversation,
  createAgent,
  createApiKey,
  createLivechatClient,
  createModule,
  downloadFile,
  enterLiveChat,
  listMessages,
  login,
  type Problem,
  sendMessage,
  setPresence,
  uploadFile,
} from 'livechat-sdk';

const baseUrl = process.env.LIVECHAT_URL ?? '';
const skip = baseUrl ? false : 'LIVECHAT_URL is not set: run the tests with sdk/with-server.sh';
const suffix = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

test('a file goes up from the customer and comes down to the agent unchanged', { skip }, async () => {
  const anonymous = createLivechatClient({ baseUrl });
  const { data: adminSession } = await login({
    client: anonymous,
    body: { email: process.env.LIVECHAT_ADMIN_EMAIL ?? '', password: process.env.LIVECHAT_ADMIN_PASSWORD ?? '' },
  });
  const admin = createLivechatClient({ baseUrl, agentToken: adminSession.token });
  const email = `files-${suffix}@example.com`;
  await createAgent({ client: admin, body: { email, name: `Files ${suffix}`, password: 'files-password-1' } });
  const { data: module } = await createModule({
    client: admin,
    body: { name: `Files ${suffix}`, async_enabled: true, request_email: false },
  });
  const { data: apiKey } = await createApiKey({ client: admin, body: { name: `files ${suffix}` } });
  const { data: entry } = await enterLiveChat({
    client: createLivechatClient({ baseUrl, apiKey: apiKey.key }),
    body: { customer: { external_id: `files-${suffix}`, display_name: 'Grace' }, module_id: module.id, process_ref: `files-${suffix}` },
  });
  assert.ok(entry.customer_token);
  const path = { conversation_id: entry.conversation.id };
  const customer = createLivechatClient({ baseUrl, customerToken: entry.customer_token.token });
  const { data: agentSession } = await login({ client: anonymous, body: { email, password: 'files-password-1' } });
  const agent = createLivechatClient({ baseUrl, agentToken: agentSession.token });
  await setPresence({ client: agent, body: { presence: 'online' } });
  await claimConversation({ client: agent, path });

  const attachment = await uploadFile(customer, entry.conversation.id, new Blob([PNG]), { name: 'dot.png' });
  assert.equal(attachment.content_type, 'image/png');
  assert.equal(attachment.width, 1);
  assert.equal(attachment.sha256, createHash('sha256').update(PNG).digest('hex'));
  await sendMessage({ client: customer, path, body: { attachment_ids: [attachment.id] } });
  const { data: page } = await listMessages({ client: agent, path });
  const last = page.items[page.items.length - 1];
  assert.equal(last.content.kind, 'file');
  assert.ok(last.content.kind === 'file' && last.content.attachments[0].id === attachment.id);

  const blob = await downloadFile(agent, attachment.id);
  assert.equal(blob.type, 'image/png');
  assert.deepEqual(Buffer.from(await blob.arrayBuffer()), PNG);
  const thumbnail = await downloadFile(agent, attachment.id, { thumbnail: true });
  assert.equal(thumbnail.type, 'image/png');

  // Refusals throw their problem, as the generated calls do.
  const elf = new Blob([Buffer.from('7f454c46020101000000000000000000', 'hex')]);
  await assert.rejects(uploadFile(customer, entry.conversation.id, elf, { name: 'cat.png' }), (problem: Problem) => {
    assert.equal(problem.code, 'file_type_not_allowed');
    return true;
  });
});
