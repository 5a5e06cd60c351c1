import assert from 'node:assert/strict';
import { test } from 'node:test';

import { SseParser } from 'livechat-sdk';

test('parses event, id and data, and skips keep-alive comments', () => {
  const parser = new SseParser();
  const messages = parser.feed(': keep-alive\n\nid: 7\nevent: message.created\ndata: {"seq":1}\n\n');
  assert.deepEqual(messages, [{ event: 'message.created', id: '7', data: '{"seq":1}' }]);
});

test('joins repeated data lines with newlines', () => {
  const parser = new SseParser();
  const messages = parser.feed('event: note\ndata: first\ndata:second\ndata:  third\n\n');
  assert.deepEqual(messages, [{ event: 'note', id: undefined, data: 'first\nsecond\n third' }]);
});

test('completes messages split across chunks at any point, with any line ending', () => {
  const text = 'id: 1\r\nevent: a\r\ndata: {"x":1}\r\n\r\n:ping\rid: 2\revent: b\rdata: 2\r\rdata: 3\n\n';
  for (let size = 1; size <= text.length; size++) {
    const parser = new SseParser();
    const messages = [];
    for (let at = 0; at < text.length; at += size) messages.push(...parser.feed(text.slice(at, at + size)));
    assert.deepEqual(
      messages,
      [
        { event: 'a', id: '1', data: '{"x":1}' },
        { event: 'b', id: '2', data: '2' },
        { event: 'message', id: undefined, data: '3' },
      ],
      `chunks of ${size}`,
    );
  }
});

test('ignores messages without data, retry and unknown fields', () => {
  const parser = new SseParser();
  assert.deepEqual(parser.feed('retry: 1500\n\nevent: empty\n\nunknown: field\n\n'), []);
  assert.deepEqual(parser.feed('retry: 10\nevent: a\ndata: 1\n\n'), [{ event: 'a', id: undefined, data: '1' }]);
});
