'use client';

import Link from 'next/link';
import type { AgentNodePreviewDTO, NodeChangePreviewResponse, NodeChangeResponse } from '@/lib/api/dto';

const EFFECT_WORDS = {
  evicted: { label: 'evicted', hint: 'the controller deletes its pod', tone: 'text-red-700 dark:text-red-300' },
  stops: { label: 'stops scheduling', hint: 'no new pod; the running one stays (misscheduled)', tone: 'text-amber-700 dark:text-amber-300' },
  gains: { label: 'gains', hint: 'the controller creates a pod', tone: 'text-emerald-700 dark:text-emerald-300' },
} as const;

const listed = (nodes: string[], several: boolean) => (several ? '' : ` (${nodes.join(', ')})`);

function AgentRow({ a, several, hrefForAgent }: { a: AgentNodePreviewDTO; several: boolean; hrefForAgent: (a: { namespace: string; name: string }) => string }) {
  const parts = (['evicted', 'stops', 'gains'] as const).filter((e) => a.counts[e] > 0);
  return (
    <tr data-testid={`preview-${a.namespace}-${a.name}`} className="border-t border-zinc-100 align-top dark:border-zinc-800">
      <td className="py-1.5 pr-3">
        <Link className="font-medium text-indigo-700 hover:underline dark:text-indigo-300" href={hrefForAgent(a)}>
          {a.name}
        </Link>
        <div className="text-xs text-muted">{a.namespace}</div>
      </td>
      <td className="py-1.5 pr-3">
        {parts.length === 0 ? (
          <span className="text-muted">unchanged</span>
        ) : (
          <ul className="flex flex-col gap-0.5">
            {parts.map((e) => (
              <li key={e} data-testid={`effect-${e}`} className={EFFECT_WORDS[e].tone}>
                <span className="font-medium">
                  {EFFECT_WORDS[e].label}
                  {several ? ` on ${a.counts[e]} node${a.counts[e] === 1 ? '' : 's'}` : ''}
                </span>
                <span className="text-xs text-muted">
                  {' '}
                  — {EFFECT_WORDS[e].hint}
                  {listed(a.nodes[e], several)}
                </span>
              </li>
            ))}
            {Object.entries(a.reasons).map(([why, n]) => (
              <li key={why} className="text-xs text-muted">
                {why}
                {several ? ` (${n})` : ''}
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="py-1.5 text-right whitespace-nowrap tabular-nums">
        {a.desired.before === a.desired.after ? a.desired.after : `${a.desired.before} → ${a.desired.after}`}
      </td>
    </tr>
  );
}

/** What the change does to every agent, most affected first. */
export function PreviewTable({ preview, hrefForAgent }: { preview: NodeChangePreviewResponse; hrefForAgent: (a: { namespace: string; name: string }) => string }) {
  const several = preview.nodes.length > 1;
  const weight = (a: AgentNodePreviewDTO) => a.counts.evicted * 4 + a.counts.stops * 2 + a.counts.gains;
  const agents = [...preview.agents].sort((x, y) => weight(y) - weight(x) || x.name.localeCompare(y.name));
  const { evicted, stops, gains } = preview.totals;
  const unchangedNodes = preview.nodes.filter((n) => !n.changed).length;
  return (
    <div data-testid="node-change-preview" className="flex flex-col gap-2">
      <p data-testid="preview-summary" className="text-sm text-zinc-800 dark:text-zinc-200">
        {evicted + stops + gains === 0
          ? 'No agent moves.'
          : [evicted && `${evicted} evicted`, stops && `${stops} stop scheduling`, gains && `${gains} gained`].filter(Boolean).join(', ') + (several ? ` (agent × node pairs over ${preview.nodes.length} nodes)` : '.')}
        {unchangedNodes > 0 && ` ${unchangedNodes} node${unchangedNodes === 1 ? ' is' : 's are'} already so.`}
      </p>
      {preview.notes.map((n) => (
        <p key={n} className="rounded-md bg-indigo-50 px-3 py-2 text-xs text-indigo-900 dark:bg-indigo-950/50 dark:text-indigo-200">
          {n}
        </p>
      ))}
      <div className="max-h-72 overflow-auto">
        <table className="w-full text-sm">
          <caption className="sr-only">Effect of the change on each agent</caption>
          <thead>
            <tr className="text-left text-xs text-muted">
              <th scope="col" className="pb-1 font-medium">
                Agent
              </th>
              <th scope="col" className="pb-1 font-medium">
                Effect
              </th>
              <th scope="col" className="pb-1 text-right font-medium">
                Desired
              </th>
            </tr>
          </thead>
          <tbody>
            {agents.map((a) => (
              <AgentRow key={`${a.namespace}/${a.name}`} a={a} several={several} hrefForAgent={hrefForAgent} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Per-node results of an apply; failures first, in the server's words. */
export function ResultList({ result }: { result: NodeChangeResponse }) {
  const rows = [...result.results].sort((a, b) => Number(b.result === 'failed') - Number(a.result === 'failed'));
  return (
    <div data-testid="node-change-results" className="flex flex-col gap-2">
      <p role="status" data-testid="results-summary" className="text-sm text-zinc-800 dark:text-zinc-200">
        {result.message}
      </p>
      <ul className="max-h-48 overflow-auto text-xs">
        {rows.map((r) => (
          <li key={r.node} data-testid={`result-${r.node}`} className={r.result === 'failed' ? 'text-red-700 dark:text-red-300' : 'text-zinc-700 dark:text-zinc-300'}>
            <span className="font-mono">{r.node}</span>: {r.result === 'failed' ? `failed (${r.status}) — ` : ''}
            {r.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
