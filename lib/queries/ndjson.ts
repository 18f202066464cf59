/**
 * Reads a newline-delimited JSON stream (application/x-ndjson) as it arrives: each read yields the
 * complete lines it finished, parsed, so a caller can render once per batch. Blank lines are
 * skipped; a trailing line without its newline is parsed at the end. Browser and Node alike.
 */
export async function* ndjsonBatches<T>(body: ReadableStream<Uint8Array>): AsyncGenerator<T[]> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  const parse = (lines: string[]) => lines.filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as T);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    const cut = buf.lastIndexOf('\n');
    if (cut < 0) continue;
    const lines = buf.slice(0, cut).split('\n');
    buf = buf.slice(cut + 1);
    yield parse(lines);
  }
  const rest = parse([buf + decoder.decode()]);
  if (rest.length > 0) yield rest;
}
