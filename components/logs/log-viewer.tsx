'use client';

import clsx from 'clsx';
import { ChevronDown, ChevronUp, Download, X } from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { FIELD } from '@/components/ui/field';
import { Panel } from '@/components/ui/panel';
import { useRowVirtualizer } from '@/components/ui/use-row-virtualizer';
import { apiPaths } from '@/lib/queries/paths';
import { findRegex, highlightPieces, matchingLines } from './log-model';
import { LogRangeFields } from './log-range-fields';
import { useLogStream } from './use-log-stream';

const TAIL_CHOICES = [100, 1000, 10_000, 100_000];
const ROW_HEIGHT = 18;

export interface LogViewerProps {
  ctx: string;
  node: string;
  namespace: string;
  name: string;
  containers: string[];
  /** Restarts of the pod: a restarted container has a previous log worth reading first. */
  restarts?: number;
  /** Opened from a search: find this and scroll to its latest match. */
  initialFind?: string;
  initialRegex?: boolean;
  onClose?: () => void;
}

/**
 * One agent's log on one node, as `kubectl logs` would show it: container, tail, since,
 * previous, timestamps, follow; plus wrap, download and an in-page search that highlights and
 * steps through matches. Virtualised, so 100,000 lines scroll like 100.
 */
export function LogViewer({ ctx, node, namespace, name, containers, restarts = 0, initialFind, initialRegex, onClose }: LogViewerProps) {
  const [container, setContainer] = useState(containers[0] ?? '');
  const [tail, setTail] = useState(1000);
  const [since, setSince] = useState<number | undefined>(undefined);
  const [previous, setPrevious] = useState(false);
  const [timestamps, setTimestamps] = useState(false);
  const [follow, setFollow] = useState(false);
  // Opened at a match: wrap, so the highlighted text is on screen, not past the right edge.
  const [wrap, setWrap] = useState(Boolean(initialFind));
  const [find, setFind] = useState(initialFind ?? '');
  const [regex, setRegex] = useState(initialRegex ?? false);
  // The match stepped to, for the find text it was chosen under; otherwise the latest match.
  const [chosen, setChosen] = useState<{ key: string; index: number } | undefined>(undefined);

  const url = useMemo(() => {
    const q = new URLSearchParams({ container, tailLines: String(tail) });
    if (since) q.set('sinceSeconds', String(since));
    if (previous) q.set('previous', 'true');
    if (timestamps) q.set('timestamps', 'true');
    if (follow && !previous) q.set('follow', 'true');
    return `${apiPaths.nodeLogs(ctx, node, namespace, name)}?${q}`;
  }, [ctx, node, namespace, name, container, tail, since, previous, timestamps, follow]);
  const log = useLogStream(container ? url : undefined);
  const lines = log.buffer.lines;

  const re = useMemo(() => findRegex(find, { regex }), [find, regex]);
  // Recomputed per batch of lines (version), not per render.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const matches = useMemo(() => matchingLines(lines, re), [lines, re, log.version]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useRowVirtualizer(lines.length, scrollRef, ROW_HEIGHT);

  const findKey = `${find}|${regex}|${url}`;
  const current = chosen?.key === findKey ? chosen.index : matches.length - 1;

  // A search opened the viewer, or the find text changed: show the latest match.
  // Lines keep arriving after that (a log streams in over several batches, or follows): until the
  // person steps to another match, the latest one stays in sight while they stay at it.
  const jumped = useRef<{ key: string; line: number } | undefined>(undefined);
  const latest = matches.length > 0 ? matches[matches.length - 1]! : undefined;
  useEffect(() => {
    if (latest === undefined || log.status === 'loading') return;
    const was = jumped.current;
    if (was?.key === findKey) {
      const stillThere = virtualizer.getVirtualItems().some((row) => row.index === was.line);
      if (was.line === latest || chosen?.key === findKey || !stillThere) return;
    }
    jumped.current = { key: findKey, line: latest };
    virtualizer.scrollToIndex(latest, { align: 'center' });
  }, [latest, findKey, log.status, virtualizer, chosen]);

  // Following: stay at the bottom while new lines arrive, unless the person scrolled up.
  const atBottom = useRef(true);
  useEffect(() => {
    if (follow && atBottom.current && lines.length > 0 && !find) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [follow, log.version, lines.length, find, virtualizer]);

  const step = (delta: number) => {
    if (matches.length === 0) return;
    const next = (current + delta + matches.length) % matches.length;
    setChosen({ key: findKey, index: next });
    virtualizer.scrollToIndex(matches[next]!, { align: 'center' });
  };

  const download = () => {
    const blob = new Blob([lines.join('\n') + '\n'], { type: 'text/plain' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${name}-${node}-${container}${previous ? '-previous' : ''}.log`;
    a.click();
    URL.revokeObjectURL(a.href);
  };

  const currentLine = current >= 0 ? matches[current] : undefined;
  const title = (
    <span>
      Logs · <span className="font-mono">{namespace}/{name}</span> on <span className="font-mono">{node}</span>
    </span>
  );

  return (
    <Panel
      title={title}
      testId="log-viewer"
      bodyClassName="flex flex-col gap-2 p-3"
      actions={
        <>
          <Button size="sm" onClick={download} disabled={lines.length === 0} data-testid="log-download">
            <Download aria-hidden className="size-3.5" /> Download
          </Button>
          {onClose && (
            <Button size="sm" variant="ghost" onClick={onClose} aria-label="Close the log" data-testid="log-close">
              <X aria-hidden className="size-3.5" />
            </Button>
          )}
        </>
      }
    >
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2 text-xs" data-testid="log-controls">
        <LogRangeFields containers={containers} container={container} setContainer={setContainer} tails={TAIL_CHOICES} tail={tail} setTail={setTail} since={since} setSince={setSince} testIdPrefix="log" />
        <label className={clsx('flex items-center gap-1', restarts > 0 && !previous && 'font-semibold text-amber-800 dark:text-amber-300')}>
          <input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} data-testid="log-previous" />
          Previous container{restarts > 0 ? ` (${restarts} restart${restarts === 1 ? '' : 's'})` : ''}
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={follow && !previous} disabled={previous} onChange={(e) => setFollow(e.target.checked)} data-testid="log-follow" />
          Follow
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} data-testid="log-timestamps" />
          Timestamps
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} data-testid="log-wrap" />
          Wrap
        </label>
        <span className="ml-auto flex items-center gap-1.5">
          <label>
            <span className="sr-only">Find in this log</span>
            <input
              type="search"
              className={clsx(FIELD, 'w-52')}
              placeholder="Find in this log"
              value={find}
              onChange={(e) => {
                setFind(e.target.value);
              }}
              onKeyDown={(e) => {
                if (e.key === 'Enter') step(e.shiftKey ? -1 : 1);
              }}
              data-testid="log-find"
            />
          </label>
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} data-testid="log-find-regex" />
            .*
            <span className="sr-only">regular expression</span>
          </label>
          <span className="min-w-16 text-muted tabular-nums" aria-live="polite" data-testid="log-find-count">
            {find ? `${matches.length === 0 ? 0 : current + 1}/${matches.length}` : ''}
          </span>
          <Button size="sm" variant="ghost" aria-label="Previous match" onClick={() => step(-1)} disabled={matches.length === 0}>
            <ChevronUp aria-hidden className="size-3.5" />
          </Button>
          <Button size="sm" variant="ghost" aria-label="Next match" onClick={() => step(1)} disabled={matches.length === 0}>
            <ChevronDown aria-hidden className="size-3.5" />
          </Button>
        </span>
      </div>
      <div className="flex items-center gap-2 text-xs text-muted" data-testid="log-status" data-status={log.status}>
        {log.status === 'loading' && 'Loading…'}
        {log.status !== 'loading' && log.status !== 'error' && (
          <span>
            {lines.length.toLocaleString('en-US')} lines{log.buffer.dropped > 0 ? ` (the oldest ${log.buffer.dropped.toLocaleString('en-US')} dropped)` : ''}
            {previous ? ' · previous container' : ''}
            {log.status === 'streaming' && follow ? ' · following' : ''}
          </span>
        )}
      </div>
      {log.status === 'error' ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200" data-testid="log-error">
          {log.error}
        </p>
      ) : (
        <div
          ref={scrollRef}
          role="log"
          aria-label={`Log of ${name} on ${node}`}
          tabIndex={0}
          className="h-[480px] overflow-auto rounded-md bg-zinc-50 font-mono text-[12px] leading-[18px] text-zinc-900 focus-visible:outline-2 focus-visible:outline-indigo-500 dark:bg-black dark:text-zinc-100"
          data-testid="log-lines"
          onScroll={(e) => {
            const el = e.currentTarget;
            atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT * 2;
          }}
        >
          {lines.length === 0 && log.status !== 'loading' && <p className="p-3 font-sans text-muted">No lines.</p>}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative', minWidth: wrap ? undefined : 'max-content' }}>
            {virtualizer.getVirtualItems().map((row) => (
              <div
                key={row.key}
                data-index={row.index}
                ref={wrap ? virtualizer.measureElement : undefined}
                data-testid="log-line"
                data-current={row.index === currentLine ? 'true' : undefined}
                className={clsx(
                  'absolute left-0 flex w-full gap-3 px-2',
                  wrap ? 'break-all whitespace-pre-wrap' : 'whitespace-pre',
                  row.index === currentLine && 'bg-amber-100 dark:bg-amber-900/40',
                )}
                style={{ transform: `translateY(${row.start}px)`, height: wrap ? undefined : ROW_HEIGHT }}
              >
                <span aria-hidden className="w-12 shrink-0 text-right text-zinc-500 select-none dark:text-zinc-400">
                  {row.index + 1 + log.buffer.dropped}
                </span>
                <span>
                  {highlightPieces(lines[row.index] ?? '', re).map((p, i) =>
                    p.hit ? (
                      <mark key={i} className="rounded-sm bg-yellow-300 text-zinc-950 dark:bg-yellow-500">
                        {p.text}
                      </mark>
                    ) : (
                      <span key={i}>{p.text}</span>
                    ),
                  )}
                </span>
              </div>
            ))}
          </div>
        </div>
      )}
    </Panel>
  );
}
