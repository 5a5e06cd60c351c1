/**
 * One Server-Sent Events message: its `event:` (default `message`), `id:` and joined
 * `data:` lines. Other fields (`retry:`) are ignored.
 */
export interface SseMessage {
  event: string;
  id: string | undefined;
  data: string;
}

/**
 * An incremental `text/event-stream` parser: feed it decoded text in chunks of any size
 * and it returns the messages completed so far.
 */
export class SseParser {
  private pending = '';
  private event = '';
  private id: string | undefined;
  private data: string[] = [];

  feed(chunk: string): SseMessage[] {
    // A `\r` at the very end may be the first half of `\r\n`: keep it for the next chunk.
    const lines = (this.pending + chunk).split(/\r\n|\r(?!$)|\n/);
    this.pending = lines.pop() ?? '';
    const messages: SseMessage[] = [];
    for (const line of lines) {
      if (line === '') {
        if (this.data.length > 0) messages.push({ event: this.event || 'message', id: this.id, data: this.data.join('\n') });
        [this.event, this.id, this.data] = ['', undefined, []];
      } else if (!line.startsWith(':')) {
        this.field(line); // lines starting with `:` are comments: keep-alives
      }
    }
    return messages;
  }

  private field(line: string): void {
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') this.event = value;
    else if (name === 'data') this.data.push(value);
    else if (name === 'id' && !value.includes('\0')) this.id = value;
  }
}
