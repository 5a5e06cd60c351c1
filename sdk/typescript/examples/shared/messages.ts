//! How both pages show a message's content: text, articles as cards, animations, jumps,
//! files, the module's notices and the handed-over history.

import type { MessageContent } from 'livechat-sdk';

import { fileSize, h } from './dom.js';
import type { AttachmentViews } from './files.js';

/** A message's content; `files` shows attachments (without it, their names and sizes). */
export function renderContent(content: MessageContent, files?: AttachmentViews): HTMLElement {
  switch (content.kind) {
    case 'text':
      return h('p', { class: 'text' }, content.text);
    case 'file':
      return h('div', { class: 'files' },
        ...content.attachments.map((attachment) => files
          ? files.view(attachment)
          : h('span', { class: 'attachment' }, `${attachment.name} (${fileSize(attachment.size)})`)),
        content.text ? h('p', { class: 'text' }, content.text) : null);
    case 'article':
      return h('a', { class: 'article', href: safeUrl(content.url), target: '_blank', rel: 'noopener noreferrer' },
        content.image_url ? h('img', { src: safeUrl(content.image_url), alt: '' }) : null,
        h('b', {}, content.title),
        content.summary ? h('span', {}, content.summary) : null,
        h('small', {}, hostOf(content.url)));
    case 'animation':
      return h('p', { class: 'animation' }, `Animation: ${content.name}`);
    case 'jump':
      return h('p', { class: 'notice-line' }, `Sent on to ${content.target.kind.replace('_', ' ')} “${content.target.id}”`);
    case 'email_request':
    case 'system':
      return h('p', { class: 'notice-line' }, content.text);
    case 'history':
      return h('p', { class: 'history' }, h('small', {}, `${content.author} (before live chat)`), ' ', content.text);
    default:
      return h('p', { class: 'notice-line' }, `(${(content as { kind: string }).kind})`);
  }
}

/** Only http(s) links become links: a `javascript:` URL must never be clickable. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : '#';
  } catch {
    return '#';
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
