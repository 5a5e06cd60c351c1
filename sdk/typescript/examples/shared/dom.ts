//! The few DOM helpers both pages share: element creation and small formatting.

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | EventListener | undefined>;

/** `h('button', { class: 'primary', onclick: send }, 'Send')`: an element with attributes, listeners and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  element.append(...children.filter((child): child is Node | string | number => child !== null && child !== undefined && child !== false).map((child) => (typeof child === 'number' ? String(child) : child)));
  return element;
}

/** Replaces an element's children. */
export function fill(element: Element, ...children: Child[]): void {
  element.replaceChildren(...children.filter((child): child is Node | string => child !== null && child !== undefined && child !== false && typeof child !== 'number'));
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

/** `1:05`, `12:00`, `1:02:03` for a duration in seconds. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const [hours, minutes, rest] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const mm = hours > 0 ? String(minutes).padStart(2, '0') : String(minutes);
  return `${hours > 0 ? `${hours}:` : ''}${mm}:${String(rest).padStart(2, '0')}`;
}

/** `812 B`, `14 KB`, `2.5 MB` for a file's size in bytes. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

export function clock(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** A random id for `client_message_id`; `crypto.randomUUID` exists only on secure origins. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The API's base URL: `?api=…` on the page's URL, else the server's default address. */
export function apiBaseUrl(): string {
  return new URLSearchParams(location.search).get('api') ?? 'http://127.0.0.1:8080';
}

/** A problem's `detail`, or the error's message, for a notice. */
export function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'detail' in error) return String((error as { detail: unknown }).detail);
  if (error instanceof TypeError) return 'the server cannot be reached';
  return error instanceof Error ? error.message : String(error);
}

/** Whether a call failed for want of a network (worth retrying), not because the server refused it. */
export function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError;
}
