'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { LogSearchEnd, LogSearchEvent, LogSearchNode, LogSearchStart } from '@/lib/api/dto';
import { ndjsonBatches } from '@/lib/queries/ndjson';

export interface LogSearchState {
  running: boolean;
  start?: LogSearchStart;
  /** Answers so far, by node. */
  results: Map<string, LogSearchNode>;
  end?: LogSearchEnd;
  error?: string;
  version: number;
}

const idle = (): LogSearchState => ({ running: false, results: new Map(), version: 0 });

/**
 * Runs a log search (the NDJSON route) and collects each node's answer as it arrives. A new
 * search, cancel() or unmounting aborts the request; the server then aborts its own requests.
 */
export function useLogSearch() {
  const [state, setState] = useState<LogSearchState>(idle);
  const abortRef = useRef<AbortController | undefined>(undefined);

  const cancel = useCallback(() => {
    abortRef.current?.abort();
    abortRef.current = undefined;
    setState((s) => ({ ...s, running: false }));
  }, []);

  const run = useCallback((url: string) => {
    abortRef.current?.abort();
    const abort = new AbortController();
    abortRef.current = abort;
    const results = new Map<string, LogSearchNode>();
    let start: LogSearchStart | undefined;
    let end: LogSearchEnd | undefined;
    let version = 0;
    let pending = false;
    const publish = (extra: Partial<LogSearchState> = {}) => {
      if (abort.signal.aborted) return;
      version += 1;
      setState({ running: !end, start, results, end, version, ...extra });
    };
    // Coalesce renders: 1,000 node answers arrive in bursts.
    const schedule = () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        publish();
      });
    };
    setState({ ...idle(), running: true });
    void (async () => {
      try {
        const res = await fetch(url, { signal: abort.signal, headers: { accept: 'application/x-ndjson' } });
        if (!res.ok || !res.body) {
          let message = `The server answered ${res.status}`;
          try {
            message = ((await res.json()) as { error?: { message?: string } }).error?.message ?? message;
          } catch {
            // not JSON
          }
          publish({ running: false, error: message });
          return;
        }
        for await (const batch of ndjsonBatches<LogSearchEvent>(res.body)) {
          for (const e of batch) {
            if (e.type === 'start') start = e;
            else if (e.type === 'node') results.set(e.node, e);
            else end = e;
          }
          schedule();
        }
        publish({ running: false, ...(end ? {} : { error: 'The search stream ended early' }) });
      } catch (err) {
        if (!abort.signal.aborted) publish({ running: false, error: err instanceof Error ? `The search broke off: ${err.message}` : 'The search broke off' });
      }
    })();
  }, []);

  useEffect(() => () => abortRef.current?.abort(), []);
  return { state, run, cancel };
}
