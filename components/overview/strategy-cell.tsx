import type { AgentSummary } from '@/lib/api/dto';

export function StrategyCell({ agent }: { agent: AgentSummary }) {
  const s = agent.strategy;
  if (s.type === 'OnDelete') return <span>OnDelete</span>;
  return (
    <span className="tabular-nums">
      RollingUpdate {s.raw.maxUnavailable}/{s.raw.maxSurge}
    </span>
  );
}
