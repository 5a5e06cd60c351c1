//! Files in a chat, for both pages. Sending: an attach button and drops on the chat, each
//! file uploaded with its progress shown, then one message with every file that went up.
//! Showing: a message's images as previews and its other files as downloads. The API
//! wants the bearer header for a file's bytes, so an `<img src>` cannot point at it: the
//! bytes come with the SDK's `downloadFile` and show through `blob:` URLs, revoked when
//! the chat they belong to is no longer shown.

import { type Attachment, type Client, downloadFile, uploadFile } from 'livechat-sdk';

import { describe, fileSize, h } from './dom.js';

/** The raster types the server makes thumbnails of: these show as previews. */
const PREVIEWED = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
/** A thumbnail's longest side, in pixels. */
const THUMBNAIL_SIDE = 320;

// ---------------------------------------------------------------- showing

/** How a page shows attachments: one element per attachment, kept across renders. */
export interface AttachmentViews {
  /** The attachment's element; the same one on every render, so a preview loads once. */
  view(attachment: Attachment): HTMLElement;
  /** Forgets every element and revokes their blob URLs: their chat is no longer shown. */
  clear(): void;
}

interface View {
  element: HTMLElement;
  url?: string;
}

export function attachmentViews(client: () => Client, notify: (text: string) => void): AttachmentViews {
  const views = new Map<string, View>();

  /** A button with the file's name and size that downloads it. */
  function download(attachment: Attachment): HTMLButtonElement {
    const button = h('button', { type: 'button', class: 'attachment download', 'data-attachment': attachment.id, title: `Download ${attachment.name}` },
      h('span', { class: 'name' }, attachment.name),
      h('small', { class: 'size' }, fileSize(attachment.size)));
    button.addEventListener('click', () => void save(client(), attachment, button, notify));
    return button;
  }

  /** The image's thumbnail, which downloads the whole image when clicked; a download button if it has none. */
  function preview(attachment: Attachment, view: View): HTMLElement {
    const [width, height] = thumbnailSize(attachment);
    const image = h('img', { alt: attachment.name, width, height });
    const button = h('button', {
      type: 'button',
      class: 'attachment preview',
      'data-attachment': attachment.id,
      title: `${attachment.name} (${fileSize(attachment.size)}): download`,
    }, image);
    button.addEventListener('click', () => void save(client(), attachment, button, notify));
    // No thumbnail (an image too large to make one of) or bytes that do not decode: offer the file itself.
    const fallBack = () => {
      if (views.get(attachment.id) !== view) return;
      if (view.url) URL.revokeObjectURL(view.url);
      view.url = undefined;
      view.element = download(attachment);
      button.replaceWith(view.element);
    };
    image.addEventListener('error', fallBack, { once: true });
    downloadFile(client(), attachment.id, { thumbnail: true }).then((blob) => {
      if (views.get(attachment.id) !== view) return; // the chat was left meanwhile
      view.url = URL.createObjectURL(blob);
      image.src = view.url;
    }, fallBack);
    return button;
  }

  return {
    view(attachment) {
      let view = views.get(attachment.id);
      if (!view) {
        view = { element: h('span') };
        views.set(attachment.id, view);
        view.element = PREVIEWED.has(attachment.content_type) ? preview(attachment, view) : download(attachment);
      }
      return view.element;
    },
    clear() {
      for (const view of views.values()) if (view.url) URL.revokeObjectURL(view.url);
      views.clear();
    },
  };
}

/** The thumbnail's size from the image's, so the chat does not jump when it arrives. */
function thumbnailSize(attachment: Attachment): [number | undefined, number | undefined] {
  const { width, height } = attachment;
  if (!width || !height) return [undefined, undefined];
  const scale = Math.min(1, THUMBNAIL_SIDE / Math.max(width, height));
  return [Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale))];
}

/** Fetches a file and hands it to the browser as a download under its name. */
async function save(client: Client, attachment: Attachment, button: HTMLButtonElement, notify: (text: string) => void): Promise<void> {
  button.disabled = true;
  try {
    const blob = await downloadFile(client, attachment.id);
    const url = URL.createObjectURL(blob);
    const link = h('a', { href: url, download: attachment.name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    // The browser reads the URL as the download starts; let it go a while after.
    setTimeout(() => URL.revokeObjectURL(url), 30_000);
  } catch (error) {
    notify(`${attachment.name} could not be downloaded: ${describe(error)}`);
  } finally {
    button.disabled = false;
  }
}

// ---------------------------------------------------------------- sending

/** An attach button and its hidden file input: the files picked go to `take`. */
export function pickFiles(button: HTMLElement, input: HTMLInputElement, take: (files: File[]) => void): void {
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', () => {
    const files = [...(input.files ?? [])];
    input.value = ''; // the same file may be picked again
    if (files.length) take(files);
  });
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

let dropsGuarded = false;

/**
 * Files dropped on `zone` go to `take`; the zone has the class `dropping` while files are
 * dragged over it. Elsewhere on the page a dropped file is refused: the browser would
 * otherwise open it in place of the page.
 */
export function acceptDrops(zone: HTMLElement, take: (files: File[]) => void): void {
  zone.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    zone.classList.add('dropping');
  });
  zone.addEventListener('dragleave', (event) => {
    if (!(event.relatedTarget instanceof Node && zone.contains(event.relatedTarget))) zone.classList.remove('dropping');
  });
  zone.addEventListener('drop', (event) => {
    zone.classList.remove('dropping');
    if (!carriesFiles(event)) return;
    event.preventDefault();
    const files = [...(event.dataTransfer?.files ?? [])];
    if (files.length) take(files);
  });
  if (dropsGuarded) return;
  dropsGuarded = true;
  window.addEventListener('dragover', (event) => {
    if (event.defaultPrevented || !carriesFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
  });
  window.addEventListener('drop', (event) => {
    if (carriesFiles(event)) event.preventDefault();
  });
}

export interface Uploads {
  client: Client;
  conversationId: string;
  files: File[];
  /** Where each file shows its name, its progress and, if refused, why. */
  list: HTMLElement;
  /** Sends one message with the files that went up (and the text typed, as the page sees fit). */
  send: (attachments: Attachment[]) => Promise<void>;
}

/** One file's line in the uploads list. */
interface Row {
  file: File;
  element: HTMLElement;
  abort: AbortController;
  cancelled: boolean;
  progress: (sent: number, total: number) => void;
  status: (text: string) => void;
  fail: (reason: string) => void;
}

/**
 * Uploads the files one after the other, each showing its progress, then sends those
 * that went up in one message. A refused file (its type, its size, the quota) stays in
 * the list with the server's reason until dismissed; the others go on. A file's × cancels
 * it while it waits or uploads.
 */
export async function uploadFiles({ client, conversationId, files, list, send }: Uploads): Promise<void> {
  const rows = files.map(uploadRow);
  list.append(...rows.map((row) => row.element));
  const uploaded: Array<{ row: Row; attachment: Attachment }> = [];
  for (const row of rows) {
    if (row.cancelled) continue;
    row.status('0%');
    try {
      const attachment = await uploadFile(client, conversationId, row.file, { onProgress: row.progress, signal: row.abort.signal });
      row.status('uploaded');
      uploaded.push({ row, attachment });
    } catch (error) {
      if (!row.cancelled) row.fail(describe(error));
    }
  }
  const going = uploaded.filter(({ row }) => !row.cancelled);
  if (!going.length) return;
  for (const { row } of going) row.status('sending…');
  try {
    await send(going.map(({ attachment }) => attachment));
    for (const { row } of going) row.element.remove();
  } catch (error) {
    for (const { row } of going) row.fail(describe(error));
  }
}

function uploadRow(file: File): Row {
  const bar = h('progress', { max: Math.max(1, file.size), value: 0 });
  const state = h('small', { class: 'state' }, 'waiting');
  const close = h('button', { type: 'button', class: 'dismiss', title: 'Cancel', 'aria-label': `cancel ${file.name}` }, '×');
  const element = h('li', { class: 'upload', 'data-upload': file.name }, h('span', { class: 'name' }, file.name), bar, state, close);
  const row: Row = {
    file,
    element,
    abort: new AbortController(),
    cancelled: false,
    progress: (sent, total) => {
      bar.max = Math.max(1, total);
      bar.value = sent;
      state.textContent = `${Math.floor((100 * sent) / Math.max(1, total))}%`;
    },
    status: (text) => {
      state.textContent = text;
      close.hidden = text === 'sending…';
    },
    fail: (reason) => {
      element.classList.add('failed');
      bar.remove();
      state.textContent = `not sent: ${reason}`;
      close.hidden = false;
      close.title = 'Dismiss';
      close.setAttribute('aria-label', `dismiss ${file.name}`);
    },
  };
  close.addEventListener('click', () => {
    if (!element.classList.contains('failed')) {
      row.cancelled = true;
      row.abort.abort();
    }
    element.remove();
  });
  return row;
}
