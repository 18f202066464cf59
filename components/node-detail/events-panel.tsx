import type { EventDTO } from '@/lib/api/dto';
import { LocalTime } from '@/components/ui/local-time';
import { Panel } from '@/components/ui/panel';

export function EventsPanel({ events }: { events: EventDTO[] }) {
  const sorted = [...events].sort((a, b) => b.lastSeen.localeCompare(a.lastSeen));
  return (
    <Panel title={`Recent events (${events.length})`} bodyClassName="p-0" testId="node-events">
      {sorted.length === 0 ? (
        <p className="px-4 py-3 text-xs text-muted">No recent events.</p>
      ) : (
        <table className="w-full text-xs">
          <thead className="text-[11px] text-muted">
            <tr>
              <th className="py-1.5 pl-4 text-left font-medium">Last seen</th>
              <th className="px-2 py-1.5 text-left font-medium">Type</th>
              <th className="px-2 py-1.5 text-left font-medium">Reason</th>
              <th className="px-2 py-1.5 text-left font-medium">Object</th>
              <th className="py-1.5 pr-4 text-left font-medium">Message</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {sorted.map((e, i) => (
              <tr key={`${e.object}:${e.reason}:${i}`} className="align-top">
                <td className="py-1.5 pl-4 whitespace-nowrap text-muted tabular-nums"><LocalTime iso={e.lastSeen} /></td>
                <td className={`px-2 py-1.5 ${e.type === 'Warning' ? 'font-medium text-amber-700 dark:text-amber-400' : 'text-muted'}`}>{e.type}</td>
                <td className="px-2 py-1.5 font-medium">
                  {e.reason}
                  {e.count > 1 && <span className="ml-1 text-faint">×{e.count}</span>}
                </td>
                <td className="px-2 py-1.5 font-mono text-muted">{e.object}</td>
                <td className="py-1.5 pr-4 text-zinc-700 dark:text-zinc-300">{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
