import { describe, expect, it } from 'vitest';
import { ndjsonBatches } from './ndjson';

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(enc.encode(chunk));
      c.close();
    },
  });
}

async function all(chunks: string[]) {
  const out: unknown[][] = [];
  for await (const batch of ndjsonBatches(streamOf(chunks))) out.push(batch);
  return out;
}

describe('ndjsonBatches', () => {
  it('yields the lines each read completes, across chunk boundaries, multi-byte characters included', async () => {
    const text = '{"a":1}\n{"b":"é"}\n\n{"c":3}\n';
    const bytes = new TextEncoder().encode(text);
    const split = [bytes.slice(0, 5), bytes.slice(5, 17), bytes.slice(17)];
    const out: unknown[][] = [];
    const stream = new ReadableStream<Uint8Array>({ start: (c) => (split.forEach((b) => c.enqueue(b)), c.close()) });
    for await (const batch of ndjsonBatches(stream)) out.push(batch);
    expect(out.flat()).toEqual([{ a: 1 }, { b: 'é' }, { c: 3 }]);
    expect(out.length).toBeGreaterThan(1);
  });

  it('parses a last line that has no newline', async () => {
    expect((await all(['{"a":1}\n{"b"', ':2}'])).flat()).toEqual([{ a: 1 }, { b: 2 }]);
  });
});
