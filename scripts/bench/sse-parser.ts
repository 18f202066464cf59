/**
 * Incremental Server-Sent Events parser (pure), per the WHATWG event-stream rules the browser's
 * EventSource follows: lines end in LF, CR or CRLF; a blank line dispatches; `:` lines are comments.
 */

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;
  /** The last `id:` seen, which a reconnect sends back as Last-Event-ID. */
  lastEventId: string | undefined;
  retryMs: number | undefined;
  comments = 0;

  /** Feeds a chunk; returns the events it completed. */
  feed(chunk: string): SseEvent[] {
    this.buffer += chunk;
    const events: SseEvent[] = [];
    for (;;) {
      const m = /\r\n|\n|\r/.exec(this.buffer);
      // A lone CR at the end may be the first half of CRLF: wait for more.
      if (!m || (m[0] === '\r' && m.index === this.buffer.length - 1)) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      const e = this.line(line);
      if (e) events.push(e);
    }
    return events;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) {
      this.comments++;
      return undefined;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    else if (field === 'retry' && /^\d+$/.test(value)) this.retryMs = Number(value);
    return undefined;
  }

  private dispatch(): SseEvent | undefined {
    if (this.id !== undefined) this.lastEventId = this.id;
    const hasData = this.data.length > 0;
    const e: SseEvent = { event: this.event || 'message', data: this.data.join('\n'), ...(this.id !== undefined && { id: this.id }) };
    this.data = [];
    this.event = '';
    this.id = undefined;
    return hasData ? e : undefined;
  }
}
