import { describe, expect, it } from 'vitest';
import { FakeVersionSource } from '@/test/support/version-source';
import { formatVersionEvent, parseLastEventId, versionStream } from './sse';

const FakeSource = FakeVersionSource; // shared with the backpressure tests

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, pattern: RegExp, timeoutMs = 1000): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(text)) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`timed out; got ${JSON.stringify(text)}`);
    const chunk = await Promise.race([reader.read(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`timed out; got ${JSON.stringify(text)}`)), left))]);
    if (chunk.done) break;
    text += decoder.decode(chunk.value);
  }
  return text;
}

describe('parseLastEventId', () => {
  it('accepts non-negative integers only', () => {
    expect(parseLastEventId('12')).toBe(12);
    expect(parseLastEventId(null)).toBeUndefined();
    expect(parseLastEventId('-1')).toBeUndefined();
    expect(parseLastEventId('1e9')).toBeUndefined();
    expect(parseLastEventId('99999999999999999999')).toBeUndefined();
  });
});

describe('versionStream', () => {
  it('sends the current version at once, then each published one, with ids', async () => {
    const source = new FakeSource();
    const reader = versionStream(source).getReader();
    const first = await readUntil(reader, /id: 7\n/);
    expect(first).toContain('retry: ');
    expect(first).toContain(formatVersionEvent(source.current()));
    source.publish();
    const next = await readUntil(reader, /id: 8\n/);
    expect(next).toContain('event: version\ndata: {"version":8');
    await reader.cancel();
  });

  it('sends a version the preamble already carried only once (a throttled announcement arriving late)', async () => {
    const source = new FakeSource();
    const reader = versionStream(source).getReader();
    await readUntil(reader, /id: 7\n/);
    source.emit('version', source.current()); // 7 again, announced after the client connected
    source.publish(); // 8
    const text = await readUntil(reader, /id: 8\n/);
    expect(text).not.toContain('id: 7\n');
    await reader.cancel();
  });

  it('skips the initial event when Last-Event-ID equals the current version', async () => {
    const source = new FakeSource();
    const reader = versionStream(source, { lastEventId: 7 }).getReader();
    source.publish();
    const text = await readUntil(reader, /id: 8\n/);
    expect(text).not.toContain('id: 7\n');
  });

  it('resends when the client is behind, or ahead after a server restart', async () => {
    for (const last of [3, 500]) {
      const source = new FakeSource();
      const reader = versionStream(source, { lastEventId: last }).getReader();
      expect(await readUntil(reader, /id: 7\n/)).toContain('id: 7\n');
      await reader.cancel();
    }
  });

  it('sends heartbeats', async () => {
    const source = new FakeSource();
    const reader = versionStream(source, { heartbeatMs: 20 }).getReader();
    expect(await readUntil(reader, /: heartbeat \d+\n\n/)).toMatch(/: heartbeat/);
    await reader.cancel();
  });

  it('unsubscribes when the client aborts, and when the stream is cancelled', async () => {
    const source = new FakeSource();
    const abort = new AbortController();
    let closed = 0;
    const a = versionStream(source, { signal: abort.signal, onClose: () => closed++ }).getReader();
    const b = versionStream(source, { onClose: () => closed++ }).getReader();
    await readUntil(a, /id: 7/);
    await readUntil(b, /id: 7/);
    expect(source.listenerCount('version')).toBe(2);
    abort.abort();
    expect(source.listenerCount('version')).toBe(1);
    await b.cancel();
    expect(source.listenerCount('version')).toBe(0);
    expect(closed).toBe(2);
  });

  it('ends the stream when its source stops for good, so EventSource reconnects to the successor', async () => {
    const source = new FakeSource();
    let closed = 0;
    const reader = versionStream(source, { onClose: () => closed++ }).getReader();
    await readUntil(reader, /id: 7/);
    source.emit('stopped');
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    expect(source.listenerCount('version') + source.listenerCount('stopped')).toBe(0);
    expect(closed).toBe(1);
  });
});
