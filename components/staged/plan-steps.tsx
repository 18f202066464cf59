'use client';

import Link from 'next/link';
import { CircleCheck, CircleDot, Circle } from 'lucide-react';
import type { StagedViewDTO } from '@/lib/api/dto';
import { clock } from './staged-text';
import { useNow } from './use-now';

const SHOWN_NODES = 10;

/** The plan as steps (canary, wave 1..n): each step's nodes, how many run the new pod, the gate timer. */
export function PlanSteps({ view, hrefForNode }: { view: StagedViewDTO; hrefForNode: (n: string) => string }) {
  const now = useNow(view.soak !== undefined);
  return (
    <ol className="flex flex-col gap-2" data-testid="staged-steps">
      {view.steps.map((s, i) => {
        const current = s.state === 'current';
        const Icon = s.state === 'done' ? CircleCheck : current ? CircleDot : Circle;
        return (
          <li
            key={s.name}
            data-testid={`staged-step-${i}`}
            data-state={s.state}
            aria-current={current ? 'step' : undefined}
            className={`rounded-md border px-2.5 py-2 text-xs ${current ? 'border-indigo-300 bg-indigo-50/60 dark:border-indigo-700 dark:bg-indigo-950/40' : 'border-zinc-200 dark:border-zinc-800'}`}
          >
            <div className="flex items-center justify-between gap-2">
              <span className="flex items-center gap-1.5 font-medium">
                <Icon aria-hidden className={`size-3.5 ${s.state === 'done' ? 'text-green-600 dark:text-green-500' : current ? 'text-indigo-600 dark:text-indigo-300' : 'text-muted'}`} />
                {s.name}
                {s.value !== undefined && <span className="font-mono text-muted">{s.value || '(no label)'}</span>}
                <span className="sr-only">({s.state})</span>
              </span>
              <span className="tabular-nums text-muted" data-testid={`staged-step-${i}-updated`}>
                {s.updated}/{s.nodes.length} updated
              </span>
            </div>
            {current && view.soak && (
              <p className="mt-1 text-muted" data-testid="staged-gate">
                Gate: soaking, {clock(view.soak.until - now)} left of {clock(view.soak.until - view.soak.since)}
              </p>
            )}
            {s.nodes.length > 0 && (
              <p className="mt-1 flex flex-wrap gap-x-1.5 gap-y-0.5">
                {s.nodes.slice(0, SHOWN_NODES).map((n) => (
                  <Link key={n} href={hrefForNode(n)} className="font-mono text-indigo-700 hover:underline dark:text-indigo-300">
                    {n}
                  </Link>
                ))}
                {s.nodes.length > SHOWN_NODES && <span className="text-muted">+{s.nodes.length - SHOWN_NODES} more</span>}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
