import Link from 'next/link';
import { StateIcon } from '@/components/cell-state/state-icon';
import { STATE_META } from '@/components/cell-state/meta';
import { CountsCells } from './counts-cells';
import { CoverageBar } from './coverage-bar';
import { RolloutCell } from './rollout-cell';
import { exclusionsOf, problemsOf, strategyText, type OverviewAgent } from './summarise';
import { StrategyCell } from './strategy-cell';
import { SOURCE_TEXT } from '@/components/cell-state/cause-note';

export function AgentRow({ agent, href }: { agent: OverviewAgent; href: string }) {
  const problems = problemsOf(agent);
  const exclusions = exclusionsOf(agent);
  const excluded = exclusions.reduce((n, e) => n + e.count, 0);
  return (
    <tr data-testid="agent-row" data-agent={`${agent.namespace}/${agent.name}`} className="align-top hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
      <td className="min-w-40 py-2.5 pr-3 pl-4 whitespace-nowrap">
        <Link href={href} className="font-medium text-indigo-700 hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500 dark:text-indigo-300">
          {agent.name}
        </Link>
        <div className="max-w-60 truncate text-xs text-muted" title={agent.namespace}>
          {agent.namespace}
        </div>
      </td>
      <td className="px-3 py-2.5">
        <CoverageBar counts={agent.counts} />
      </td>
      <CountsCells agent={agent} />
      <td className="px-3 py-2.5" data-testid="problems">
        {problems.length === 0 ? (
          <span className="text-xs text-faint">—</span>
        ) : (
          <ul className="flex flex-col gap-0.5">
            {problems.map((p) => (
              <li key={p.state} className="flex items-center gap-1.5 text-xs whitespace-nowrap">
                <StateIcon state={p.state} className="size-3" />
                <span className="tabular-nums font-medium">{p.count}</span>
                <span className="text-muted">{STATE_META[p.state].label.toLowerCase()}</span>
              </li>
            ))}
          </ul>
        )}
        {agent.causes && agent.causes.length > 0 && (
          <ul className="mt-1 flex max-w-72 flex-col gap-0.5" aria-label={`Causes for ${agent.name}`}>
            {agent.causes.slice(0, 3).map((c) => (
              <li
                key={`${c.label}/${c.message}`}
                data-testid="problem-cause"
                data-category={c.category}
                className="truncate text-xs text-amber-800 dark:text-amber-300"
                title={`${SOURCE_TEXT[c.source]}: ${c.message} (${c.object} ×${c.count}${c.lastSeen ? `, last ${c.lastSeen}` : ''})`}
              >
                <span className="tabular-nums font-medium">{c.cells}</span> {c.label}
                <span className="text-muted"> ×{c.count}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
      <td className="max-w-[15rem] px-3 py-2.5 xl:max-w-[20rem] 2xl:max-w-[30rem]" data-testid="excluded">
        {excluded === 0 ? (
          <span className="text-xs text-faint">—</span>
        ) : (
          <ul className="flex flex-col gap-0.5">
            {exclusions.slice(0, 3).map((e) => (
              <li key={e.reason} className="flex gap-1.5 text-xs" title={e.reason}>
                <span className="tabular-nums font-medium">{e.count}</span>
                <span className="truncate text-muted">{e.reason}</span>
              </li>
            ))}
            {exclusions.length > 3 && <li className="text-xs text-faint">+{exclusions.length - 3} more reasons</li>}
          </ul>
        )}
      </td>
      <td className="py-2.5 pr-4 pl-3 whitespace-nowrap">
        <RolloutCell agent={agent} />
        <div className="mt-0.5 text-xs text-muted" title={strategyText(agent)}>
          <StrategyCell agent={agent} />
        </div>
      </td>
    </tr>
  );
}
