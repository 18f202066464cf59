import { describe, expect, it } from 'vitest';
import { FakeVersionSource } from '@/test/support/version-source';
import { versionStream, type CloseReason } from './sse';

const FakeSource = FakeVersionSource;

const decoder = new TextDecoder();
const ids = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));

/** Reads what is queued now, without waiting for more. */
async function drainQueued(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<string> {
  let text = '';
  for (;;) {
    const next = await Promise.race([reader.read(), new Promise<'empty'>((r) => setTimeout(() => r('empty'), 20))]);
    if (next === 'empty' || next.done) return text;
    text += decoder.decode(next.value);
  }
}

describe('versionStream backpressure', () => {
  it('keeps only the latest version for a client that does not read, then delivers it', async () => {
    const source = new FakeSource();
    const stream = versionStream(source);
    for (let i = 0; i < 1_000; i++) source.publish();
    const reader = stream.getReader();
    const text = await drainQueued(reader);
    // The first event, then the newest one; nothing in between was queued.
    expect(ids(text)).toEqual([7, 1007]);
    await reader.cancel();
  });

  it('drops a client that takes nothing for the stall time, releasing its subscription', async () => {
    const source = new FakeSource();
    const reasons: CloseReason[] = [];
    const stream = versionStream(source, { heartbeatMs: 10, stallMs: 30, onClose: (r) => reasons.push(r) });
    source.publish(); // waits in the pending slot: the queue holds the first event
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (reasons.length > 0) {
          clearInterval(t);
          resolve();
        }
      }, 5);
    });
    expect(reasons).toEqual(['stalled']);
    expect(source.listenerCount('version')).toBe(0);
    await expect(stream.getReader().read()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('ends after its lifetime with a bye event, so the browser reconnects at once', async () => {
    const source = new FakeSource();
    const reasons: CloseReason[] = [];
    const reader = versionStream(source, { lifetimeMs: 30, onClose: (r) => reasons.push(r) }).getReader();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toMatch(/event: bye\ndata: \{"reason":"lifetime"\}\n\n$/);
    expect(reasons).toEqual(['lifetime']);
    expect(source.listenerCount('version')).toBe(0);
  });
});
