import { AgentRow } from './agent-row';
import { COUNT_COLUMNS } from './counts-cells';
import type { OverviewAgent } from './summarise';

const TH = 'px-3 py-2 whitespace-nowrap text-left text-[11px] font-medium tracking-wide text-muted uppercase';

export function AgentTable({ agents, hrefFor }: { agents: OverviewAgent[]; hrefFor: (a: OverviewAgent) => string }) {
  return (
    <div className="overflow-x-auto">
      <table data-testid="agent-table" className="w-full min-w-[1100px] border-collapse text-[13px]">
        <thead className="border-b border-zinc-200 dark:border-zinc-800">
          <tr>
            <th className={`${TH} pl-4`}>Agent</th>
            <th className={TH}>Coverage</th>
            {COUNT_COLUMNS.map((c) => (
              <th key={c.key} className={`${TH} px-1.5 text-right tracking-normal`} title=".status as the DaemonSet controller reports it">
                {c.label}
              </th>
            ))}
            <th className={TH}>Problems</th>
            <th className={TH}>Excluded nodes</th>
            <th className={`${TH} pr-4`}>Rollout · strategy</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {agents.map((a) => (
            <AgentRow key={a.uid} agent={a} href={hrefFor(a)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
