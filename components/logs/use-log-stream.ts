'use client';

import { useEffect, useRef, useState } from 'react';
import { appendText, emptyBuffer, finish, type LineBuffer } from './log-model';

export type LogStreamStatus = 'loading' | 'streaming' | 'done' | 'error';

export interface LogStreamState {
  status: LogStreamStatus;
  /** The server's words when the request failed. */
  error?: string;
  /** Bumped on every batch of new lines (the buffer itself is mutated in place). */
  version: number;
  buffer: LineBuffer;
  container?: string;
}

/**
 * Reads a log route's streamed text body into a line buffer. A new `url` (or unmounting: the
 * tab closed, the viewer closed) aborts the previous request, so the server aborts its request
 * to the API server too. Renders at most once per animation frame however fast lines arrive.
 */
export function useLogStream(url: string | undefined): LogStreamState {
  const [state, setState] = useState<LogStreamState>(() => ({ status: 'loading', version: 0, buffer: emptyBuffer() }));
  const frame = useRef<number | undefined>(undefined);

  useEffect(() => {
    if (!url) return;
    const abort = new AbortController();
    const buffer = emptyBuffer();
    let version = 0;
    let container: string | undefined;
    const publish = (status: LogStreamStatus, error?: string) => {
      if (abort.signal.aborted) return;
      version += 1;
      setState({ status, error, version, buffer, container });
    };
    const schedule = () => {
      if (frame.current !== undefined) return;
      frame.current = requestAnimationFrame(() => {
        frame.current = undefined;
        publish('streaming');
      });
    };
    publish('loading');
    void (async () => {
      try {
        const res = await fetch(url, { signal: abort.signal, headers: { accept: 'text/plain' } });
        container = res.headers.get('x-everynode-container') ?? undefined;
        if (!res.ok || !res.body) {
          let message = `The server answered ${res.status}`;
          try {
            message = ((await res.json()) as { error?: { message?: string } }).error?.message ?? message;
          } catch {
            // not JSON
          }
          publish('error', message);
          return;
        }
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          appendText(buffer, decoder.decode(value, { stream: true }));
          schedule();
        }
        finish(buffer);
        if (frame.current !== undefined) cancelAnimationFrame(frame.current);
        frame.current = undefined;
        publish('done');
      } catch (err) {
        if (!abort.signal.aborted) publish('error', err instanceof Error ? `The log stream broke off: ${err.message}` : 'The log stream broke off');
      }
    })();
    return () => {
      abort.abort();
      if (frame.current !== undefined) cancelAnimationFrame(frame.current);
      frame.current = undefined;
    };
  }, [url]);

  return state;
}
