'use client';

import { LayoutGrid, Rows3, X } from 'lucide-react';
import clsx from 'clsx';
import { memo, useMemo, type ReactNode } from 'react';
import type { CellState, Permission } from '@/lib/api/dto';
import { ChangeNodesButton } from '@/components/node-change/change-node-button';
import { reasonChoices, type ReasonCount } from './grid-model';
import { FIELD } from '@/components/ui/field';
import { SearchField } from '@/components/ui/search-field';
import { LabelFilter } from './label-filter';
import { ROLE_KEY } from '@/lib/nodes/labels';
import { StateChips } from './state-chips';
import { toggleState, type GridView } from './view-state';

/** Reasons listed in the reason filter; a select of thousands is slow to render and to use. */
const REASON_CHOICES = 40;

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex items-center gap-1.5 text-xs text-muted">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** Filters (state, reason, label, name), grouping and density; all reflected in the URL. */
export const GridToolbar = memo(function GridToolbar({
  view,
  onChange,
  counts,
  reasons,
  labelPairsByUse,
  groupKeys,
  shown,
  total,
  changeNodes,
}: {
  view: GridView;
  onChange: (patch: Partial<GridView>) => void;
  counts: Partial<Record<CellState, number>>;
  reasons: ReasonCount[];
  /** Every label pair, those on the most nodes first. */
  labelPairsByUse: readonly string[];
  groupKeys: string[];
  shown: number;
  total: number;
  /** "Change the N nodes shown…": the nodes the filters leave, when the person may patch nodes. */
  changeNodes?: { ctx: string; names: string[]; permission: Permission | undefined; hrefForAgent: (a: { namespace: string; name: string }) => string };
}) {
  const choices = useMemo(() => reasonChoices(reasons, view.reason, REASON_CHOICES), [reasons, view.reason]);
  const filtered = view.states.length > 0 || !!view.reason || !!view.label || !!view.name;
  return (
    <div className="flex flex-col gap-2.5" data-testid="grid-toolbar">
      <StateChips counts={counts} selected={view.states} onToggle={(s) => onChange({ states: toggleState(view.states, s) })} />
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <SearchField label="Filter by node name" testId="name-filter" placeholder="Node name" value={view.name ?? ''} onValueChange={(v) => onChange({ name: v || undefined })} className="w-40" />
        <Field label="Reason">
          <select
            data-testid="reason-filter"
            value={view.reason ?? ''}
            onChange={(e) => onChange({ reason: e.target.value || undefined })}
            className={clsx(FIELD, 'max-w-60')}
          >
            <option value="">Any</option>
            {choices.shown.map((r) => (
              <option key={r.reason} value={r.reason}>
                {r.reason} ({r.count})
              </option>
            ))}
            {choices.hidden > 0 && (
              <option disabled value="#more">
                {choices.hidden} rarer reasons not listed
              </option>
            )}
          </select>
        </Field>
        <Field label="Label">
          <LabelFilter value={view.label ?? ''} pairsByUse={labelPairsByUse} onValueChange={(v) => onChange({ label: v || undefined })} className={FIELD} />
        </Field>
        <Field label="Group by">
          <select data-testid="group-by" value={view.group ?? ''} onChange={(e) => onChange({ group: e.target.value || undefined })} className={clsx(FIELD, 'max-w-48')}>
            <option value="">None</option>
            <option value={ROLE_KEY}>role</option>
            {groupKeys.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </Field>
        <div role="group" aria-label="Density" className="flex overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-700">
          {(
            [
              ['comfortable', Rows3, 'Named tiles'],
              ['compact', LayoutGrid, 'Compact squares'],
            ] as const
          ).map(([d, Icon, title]) => (
            <button
              key={d}
              type="button"
              title={title}
              aria-label={title}
              aria-pressed={view.density === d}
              onClick={() => onChange({ density: view.density === d ? 'auto' : d })}
              className={clsx(
                'flex h-7 w-8 items-center justify-center focus-visible:outline-2 focus-visible:outline-indigo-500',
                view.density === d ? 'bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100' : 'text-muted hover:bg-zinc-50 dark:hover:bg-zinc-800/60',
              )}
            >
              <Icon aria-hidden className="size-3.5" />
            </button>
          ))}
        </div>
        <span className="ml-auto text-xs text-muted tabular-nums" data-testid="grid-count">
          {shown === total ? `${total} nodes` : `${shown} of ${total} nodes`}
        </span>
        {changeNodes && (
          <ChangeNodesButton
            testId="change-nodes-shown"
            label={`Change the ${changeNodes.names.length} node${changeNodes.names.length === 1 ? '' : 's'} shown…`}
            ctx={changeNodes.ctx}
            nodes={changeNodes.names}
            permission={changeNodes.permission}
            hrefForAgent={changeNodes.hrefForAgent}
          />
        )}
        {filtered && (
          <button
            type="button"
            data-testid="clear-filters"
            onClick={() => onChange({ states: [], reason: undefined, label: undefined, name: undefined })}
            className="inline-flex items-center gap-1 text-xs text-indigo-700 hover:underline dark:text-indigo-300"
          >
            <X aria-hidden className="size-3" /> Clear filters
          </button>
        )}
      </div>
    </div>
  );
});
