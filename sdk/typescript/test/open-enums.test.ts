// A newer server may send enum values this SDK does not know yet: the typed calls pass
// them through as strings (the spec's open enums: `ConversationStatus | string`), and the
// stream yields events of an unknown type instead of failing. The answers come from a
// stub `fetch`, built from the examples in the published spec.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { type Conversation, createLivechatClient, getConversation, type Problem } from 'livechat-sdk';

const spec = JSON.parse(readFileSync(new URL('../../../openapi/openapi.json', import.meta.url), 'utf8'));
const conversationExample: Conversation =
  spec.paths['/v1/conversations/{conversation_id}'].get.responses['200'].content['application/json; charset=utf-8']
    .example;

function answering(status: number, body: unknown, contentType: string): typeof fetch {
  return async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': contentType } });
}

test('an unknown conversation status is kept as a string', async () => {
  assert.equal(conversationExample.status, 'active');
  const client = createLivechatClient({
    baseUrl: 'http://livechat.test',
    agentToken: 'token',
    fetch: answering(200, { ...conversationExample, status: 'archived' }, 'application/json; charset=utf-8'),
  });
  const { data } = await getConversation({ client, path: { conversation_id: conversationExample.id } });
  assert.equal(data.status, 'archived');
});

test('an unknown problem code is kept as a string', async () => {
  const problem = { type: 'about:blank', title: 'Gone fishing', status: 404, detail: 'Back soon.', code: 'gone_fishing' };
  const client = createLivechatClient({
    baseUrl: 'http://livechat.test',
    agentToken: 'token',
    fetch: answering(404, problem, 'application/problem+json'),
  });
  const { error } = await getConversation({
    client,
    path: { conversation_id: conversationExample.id },
    throwOnError: false,
  });
  assert.equal((error as Problem).code, 'gone_fishing');
});
