import { describe, expect, it } from 'vitest';
import { SseParser } from './sse-parser';

// What the console's events route sends (lib/kube/cache/sse.ts): retry hint, id + event + data, heartbeats.
const STREAM = 'retry: 2000\n\nid: 7\nevent: version\ndata: {"version":7,"cache":{"state":"ready","version":7}}\n\n: heartbeat 1\n\nid: 8\nevent: version\ndata: {"version":8}\n\n';

describe('SseParser', () => {
  it('parses a whole stream: events, retry, comments and the last id', () => {
    const p = new SseParser();
    const events = p.feed(STREAM);
    expect(events).toEqual([
      { event: 'version', id: '7', data: '{"version":7,"cache":{"state":"ready","version":7}}' },
      { event: 'version', id: '8', data: '{"version":8}' },
    ]);
    expect(p.retryMs).toBe(2000);
    expect(p.comments).toBe(1);
    expect(p.lastEventId).toBe('8');
  });

  it('gives the same events however the bytes are split', () => {
    const whole = new SseParser().feed(STREAM);
    for (const size of [1, 2, 3, 7, 16]) {
      const p = new SseParser();
      const got = [];
      for (let i = 0; i < STREAM.length; i += size) got.push(...p.feed(STREAM.slice(i, i + size)));
      expect(got).toEqual(whole);
    }
  });

  it('accepts CRLF and CR line ends, including a CRLF split across chunks', () => {
    const p = new SseParser();
    expect(p.feed('event: version\r')).toEqual([]);
    // A trailing CR may be half of a CRLF, so the last blank line completes only with the next byte.
    expect(p.feed('\ndata: 1\r\n\r\ndata: 2\r\r')).toEqual([{ event: 'version', data: '1' }]);
    expect(p.feed('\n')).toEqual([{ event: 'message', data: '2' }]);
  });

  it('dispatches on CR-only line ends', () => {
    expect(new SseParser().feed('event: version\rdata: 1\r\rdata: 2\r\r:x\n')).toEqual([
      { event: 'version', data: '1' },
      { event: 'message', data: '2' },
    ]);
  });

  it('joins multi-line data and ignores events without data', () => {
    const p = new SseParser();
    expect(p.feed('event: version\n\ndata: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb' }]);
  });
});
