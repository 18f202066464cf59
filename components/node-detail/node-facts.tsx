import type { NodeDetailResponse } from '@/lib/api/dto';
import { Badge } from '@/components/ui/badge';
import { Panel } from '@/components/ui/panel';

type Node = NodeDetailResponse['node'];

const EFFECT_TONE = { NoSchedule: 'amber', NoExecute: 'red', PreferNoSchedule: 'neutral' } as const;

export function TaintsPanel({ node }: { node: Node }) {
  return (
    <Panel title={`Taints (${node.taints.length})`} testId="node-taints">
      {node.taints.length === 0 ? (
        <p className="text-xs text-muted">No taints.</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {node.taints.map((t) => (
            <li key={`${t.key}:${t.effect}`} className="flex items-center justify-between gap-2 text-xs">
              <code className="truncate font-mono">
                {t.key}
                {t.value ? `=${t.value}` : ''}
              </code>
              <Badge tone={EFFECT_TONE[t.effect as keyof typeof EFFECT_TONE] ?? 'neutral'}>{t.effect}</Badge>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

export function LabelsPanel({ node }: { node: Node }) {
  const labels = Object.entries(node.labels).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Panel title={`Labels (${labels.length})`} testId="node-labels">
      <ul className="flex flex-wrap gap-1">
        {labels.map(([k, v]) => (
          <li key={k}>
            <Badge className="font-mono font-normal">
              {k}
              {v ? `=${v}` : ''}
            </Badge>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

export function ConditionsPanel({ node }: { node: Node }) {
  return (
    <Panel title="Conditions" bodyClassName="p-0" testId="node-conditions">
      <table className="w-full text-xs">
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {node.conditions.map((c) => {
            const healthy = c.type === 'Ready' ? c.status === 'True' : c.status === 'False';
            return (
              <tr key={c.type} className="align-top">
                <td className="py-1.5 pl-4 font-medium">{c.type}</td>
                <td className={`py-1.5 px-2 ${healthy ? 'text-green-700 dark:text-green-400' : 'font-semibold text-red-700 dark:text-red-400'}`}>{c.status}</td>
                <td className="py-1.5 pr-4 text-muted" title={c.message}>
                  {c.reason}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Panel>
  );
}

export function CapacityPanel({ node }: { node: Node }) {
  const keys = [...new Set([...Object.keys(node.capacity), ...Object.keys(node.allocatable)])].sort();
  return (
    <Panel title="Capacity" bodyClassName="p-0" testId="node-capacity">
      <table className="w-full text-xs">
        <thead>
          <tr className="text-[11px] text-muted">
            <th className="py-1.5 pl-4 text-left font-medium">Resource</th>
            <th className="px-2 py-1.5 text-right font-medium">Capacity</th>
            <th className="py-1.5 pr-4 text-right font-medium">Allocatable</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {keys.map((k) => (
            <tr key={k}>
              <td className="py-1 pl-4 font-mono">{k}</td>
              <td className="px-2 py-1 text-right tabular-nums">{node.capacity[k] ?? '—'}</td>
              <td className="py-1 pr-4 text-right tabular-nums">{node.allocatable[k] ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
