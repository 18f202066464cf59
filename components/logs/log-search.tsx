'use client';

import clsx from 'clsx';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import type { LogSearchNode, Permission } from '@/lib/api/dto';
import { Button } from '@/components/ui/button';
import { FIELD } from '@/components/ui/field';
import { Panel } from '@/components/ui/panel';
import { apiPaths } from '@/lib/queries/paths';
import { findRegex, highlightPieces } from './log-model';
import { LogRangeFields } from './log-range-fields';
import { useLogSearch } from './use-log-search';

const TAILS = [100, 1000, 10_000];

const TILE: Record<LogSearchNode['status'] | 'waiting', string> = {
  matched: 'bg-amber-400 text-zinc-950 ring-2 ring-amber-600 dark:bg-amber-500',
  clean: 'bg-zinc-200 text-zinc-700 dark:bg-zinc-700 dark:text-zinc-200',
  failed: 'bg-white text-red-800 ring-2 ring-red-600 dark:bg-zinc-900 dark:text-red-300',
  'no-pod': 'bg-white text-zinc-600 ring-1 ring-zinc-300 dark:bg-zinc-900 dark:text-zinc-400 dark:ring-zinc-600',
  skipped: 'bg-white text-zinc-600 ring-1 ring-dashed ring-zinc-400 dark:bg-zinc-900 dark:text-zinc-400',
  waiting: 'bg-zinc-100 text-zinc-500 animate-pulse dark:bg-zinc-800 dark:text-zinc-400',
};

const STATUS_WORDS: Record<LogSearchNode['status'] | 'waiting', string> = {
  matched: 'matched',
  clean: 'no match',
  failed: 'could not read',
  'no-pod': 'no pod',
  skipped: 'skipped',
  waiting: 'waiting',
};

/**
 * "On which nodes does this agent log X right now?": one search across the agent's pods (or
 * the nodes the grid shows), answered node by node as the grid answers, matched nodes
 * highlighted; each links to that node's log, opened at the match.
 */
export function LogSearch({
  ctx,
  namespace,
  name,
  containers,
  gridNodes,
  permission,
  hrefForNodeLog,
}: {
  ctx: string;
  namespace: string;
  name: string;
  containers: string[];
  /** Nodes the grid shows when it is filtered (undefined when it shows every node). */
  gridNodes?: string[];
  permission: Permission | undefined;
  hrefForNodeLog: (node: string, find: string, regex: boolean) => string;
}) {
  const [pattern, setPattern] = useState('');
  const [regex, setRegex] = useState(false);
  const [matchCase, setMatchCase] = useState(false);
  const [container, setContainer] = useState(containers[0] ?? '');
  const [tail, setTail] = useState(1000);
  const [since, setSince] = useState<number | undefined>(undefined);
  const [previous, setPrevious] = useState(false);
  const [onlyGrid, setOnlyGrid] = useState(true);
  const [asked, setAsked] = useState<{ pattern: string; regex: boolean } | undefined>(undefined);
  const { state, run, cancel } = useLogSearch();

  if (permission && !permission.allowed) {
    return (
      <Panel title="Search logs" testId="log-search">
        <p className="text-xs text-muted" data-testid="log-search-denied">
          {permission.reason}
        </p>
      </Panel>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!pattern) return;
    const q = new URLSearchParams({ pattern, tailLines: String(tail) });
    if (regex) q.set('regex', 'true');
    if (matchCase) q.set('matchCase', 'true');
    if (container) q.set('container', container);
    if (since) q.set('sinceSeconds', String(since));
    if (previous) q.set('previous', 'true');
    if (gridNodes && onlyGrid) q.set('nodes', gridNodes.join(','));
    setAsked({ pattern, regex });
    run(`${apiPaths.logSearch(ctx, namespace, name)}?${q}`);
  };

  const nodes = state.start?.nodes ?? [];
  const answered = [...state.results.values()];
  const matched = answered.filter((r) => r.status === 'matched');
  const troubled = answered.filter((r) => r.status === 'failed' || r.status === 'skipped');
  const done = answered.length;

  return (
    <Panel title="Search logs" testId="log-search" bodyClassName="flex flex-col gap-3 p-3">
      <form onSubmit={submit} className="flex flex-wrap items-center gap-x-3 gap-y-2 text-xs" data-testid="log-search-form">
        <label className="flex items-center gap-1.5">
          <span className="sr-only">Text or regular expression to find in every node&apos;s log</span>
          <input
            className={clsx(FIELD, 'w-72')}
            placeholder="e.g. connection refused"
            value={pattern}
            onChange={(e) => setPattern(e.target.value)}
            maxLength={256}
            data-testid="log-search-pattern"
          />
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={regex} onChange={(e) => setRegex(e.target.checked)} data-testid="log-search-regex" /> Regular expression
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={matchCase} onChange={(e) => setMatchCase(e.target.checked)} /> Match case
        </label>
        <LogRangeFields containers={containers} container={container} setContainer={setContainer} tails={TAILS} tail={tail} setTail={setTail} since={since} setSince={setSince} />
        <label className="flex items-center gap-1">
          <input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} /> Previous containers
        </label>
        {gridNodes && (
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={onlyGrid} onChange={(e) => setOnlyGrid(e.target.checked)} /> Only the {gridNodes.length.toLocaleString('en-US')} nodes the grid shows
          </label>
        )}
        {state.running ? (
          <Button size="sm" onClick={cancel} data-testid="log-search-cancel">
            Cancel
          </Button>
        ) : (
          <Button size="sm" type="submit" disabled={!pattern} data-testid="log-search-run">
            {gridNodes && onlyGrid ? `Search the ${gridNodes.length.toLocaleString('en-US')} nodes shown` : 'Search every node it runs on'}
          </Button>
        )}
      </form>

      {state.error && (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/50 dark:text-red-200" data-testid="log-search-error">
          {state.error}
        </p>
      )}

      {state.start && (
        <>
          <p className="text-xs text-zinc-700 dark:text-zinc-300" aria-live="polite" data-testid="log-search-progress" data-done={done} data-total={nodes.length} data-running={state.running}>
            {done.toLocaleString('en-US')} of {nodes.length.toLocaleString('en-US')} nodes answered · <strong>{matched.length.toLocaleString('en-US')} matched</strong>
            {troubled.length > 0 && ` · ${troubled.length.toLocaleString('en-US')} could not be read`}
            {state.end && ` · ${(state.end.elapsedMs / 1000).toFixed(1)} s`}
            {state.end?.stopped && ` · ${state.end.stopped}`}
          </p>
          <ul className="flex flex-wrap gap-1" aria-label="Nodes searched" data-testid="log-search-grid">
            {nodes.map((node) => {
              const r = state.results.get(node);
              const status = r?.status ?? 'waiting';
              const label = `${node}: ${STATUS_WORDS[status]}${r?.matches ? `, ${r.matches} matching lines` : ''}${r?.reason ? ` (${r.reason})` : ''}`;
              const tile = (
                <span className={clsx('flex h-7 min-w-7 items-center justify-center rounded px-1 text-[11px] font-semibold tabular-nums', TILE[status])}>
                  {r?.status === 'matched' ? r.matches : r?.status === 'failed' ? '!' : ''}
                </span>
              );
              return (
                <li key={node} data-testid="log-search-node" data-node={node} data-status={status} title={label}>
                  {r?.status === 'matched' && asked ? (
                    <Link href={hrefForNodeLog(node, asked.pattern, asked.regex)} aria-label={label} className="block rounded focus-visible:outline-2 focus-visible:outline-indigo-500">
                      {tile}
                    </Link>
                  ) : (
                    <span role="img" aria-label={label}>
                      {tile}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
          <p className="flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-muted" aria-hidden>
            {(['matched', 'clean', 'failed', 'no-pod'] as const).map((st) => (
              <span key={st} className="flex items-center gap-1">
                <span className={clsx('inline-block size-3 rounded-sm', TILE[st])} /> {STATUS_WORDS[st]}
              </span>
            ))}
          </p>
        </>
      )}

      {matched.length > 0 && asked && (
        <table className="w-full table-fixed text-left text-xs" data-testid="log-search-matches">
          <caption className="sr-only">Nodes whose log matched, with the latest matching line</caption>
          <thead className="text-muted">
            <tr>
              <th scope="col" className="w-44 py-1 font-medium">Node</th>
              <th scope="col" className="w-20 py-1 font-medium">Lines</th>
              <th scope="col" className="py-1 font-medium">Latest matching line</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {matched
              .sort((a, b) => b.matches - a.matches || a.node.localeCompare(b.node))
              .map((r) => (
                <tr key={r.node} data-testid="log-search-match" data-node={r.node}>
                  <td className="py-1 pr-2 font-mono">
                    <Link href={hrefForNodeLog(r.node, asked.pattern, asked.regex)} className="text-indigo-700 hover:underline dark:text-indigo-300">
                      {r.node}
                    </Link>
                  </td>
                  <td className="py-1 tabular-nums">
                    {r.matches.toLocaleString('en-US')} of {r.lines.toLocaleString('en-US')}
                  </td>
                  <td className="truncate py-1 font-mono" title={r.lastMatch?.text}>
                    {r.lastMatch?.time && <span className="text-muted">{r.lastMatch.time.slice(0, 19).replace('T', ' ')} </span>}
                    {r.lastMatch && <MatchSnippet text={r.lastMatch.text} find={asked} />}
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
      )}

      {troubled.length > 0 && (
        <details data-testid="log-search-failures" open={troubled.length <= 5}>
          <summary className="cursor-pointer text-xs font-medium text-red-800 dark:text-red-300">
            {troubled.length.toLocaleString('en-US')} node{troubled.length === 1 ? '' : 's'} could not be read
          </summary>
          <ul className="mt-1 flex flex-col gap-0.5 text-xs">
            {troubled.map((r) => (
              <li key={r.node} data-testid="log-search-failure" data-node={r.node}>
                <span className="font-mono">{r.node}</span>: {r.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </Panel>
  );
}

/** The latest matching line, starting a little before the match so it is visible, match marked. */
function MatchSnippet({ text, find }: { text: string; find: { pattern: string; regex: boolean } }) {
  const re = findRegex(find.pattern, { regex: find.regex });
  const at = re ? text.search(new RegExp(re.source, re.flags.replace('g', ''))) : -1;
  const from = at > 40 ? at - 40 : 0;
  const shown = (from > 0 ? '…' : '') + text.slice(from);
  return (
    <>
      {highlightPieces(shown, re).map((p, i) =>
        p.hit ? (
          <mark key={i} className="rounded-sm bg-yellow-300 text-zinc-950 dark:bg-yellow-500">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
