import type { AgentSummary, StrategyDTO } from '@/lib/api/dto';

/** How a rollout will pace itself, in words. */
export function pacing(strategy: StrategyDTO): string {
  if (strategy.type === 'OnDelete') return 'no pod is replaced until you delete it (updateStrategy OnDelete)';
  const parts = [`at most ${strategy.maxUnavailable} unavailable at a time`];
  if (strategy.maxSurge > 0) parts.push(`up to ${strategy.maxSurge} extra ${strategy.maxSurge === 1 ? 'pod' : 'pods'} surging`);
  return parts.join(', ');
}

function pods(n: number) {
  return `${n} ${n === 1 ? 'pod' : 'pods'}`;
}

type AgentFacts = Pick<AgentSummary, 'name' | 'strategy' | 'counts'>;

/** "Restart node-exporter: 37 pods replaced, at most 1 unavailable at a time" */
export function restartSummary(agent: AgentFacts): string {
  if (agent.strategy.type === 'OnDelete')
    return `Restart ${agent.name}: the pod template is stamped with a restart time; ${pacing(agent.strategy)}, so ${pods(agent.counts.current)} stay as they are for now.`;
  return `Restart ${agent.name}: ${pods(agent.counts.current)} replaced, ${pacing(agent.strategy)}.`;
}

export function rollbackSummary(agent: AgentFacts, revision: number): string {
  if (agent.strategy.type === 'OnDelete')
    return `Roll back ${agent.name} to revision ${revision}: its pod template becomes current; ${pacing(agent.strategy)}.`;
  return `Roll back ${agent.name} to revision ${revision}: its pod template becomes current and ${pods(agent.counts.current)} are replaced, ${pacing(agent.strategy)}.`;
}

export function recreateSummary(agentName: string, node: string, podName: string | undefined): string {
  const what = podName ? `pod ${podName}` : `the ${agentName} pod`;
  return `Delete ${what} on ${node}; the DaemonSet controller creates a new ${agentName} pod on ${node}.`;
}
