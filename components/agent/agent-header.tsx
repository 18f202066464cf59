import type { ReactNode } from 'react';
import type { AgentSummary } from '@/lib/api/dto';
import { Badge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';

export function AgentHeader({ agent, overviewHref, actions }: { agent: AgentSummary; overviewHref: string; actions: ReactNode }) {
  const selector = Object.entries(agent.nodeSelector);
  return (
    <PageHeader title={agent.name} titleTestId="agent-title" breadcrumb={{ href: overviewHref, label: 'Overview', tail: agent.namespace }} actions={actions}>
      {agent.images.map((img) => (
        <Badge key={img} className="font-mono">
          {img}
        </Badge>
      ))}
      {selector.map(([k, v]) => (
        <Badge key={k} tone="blue" className="font-mono" title="nodeSelector">
          {k}={v}
        </Badge>
      ))}
      <span className="tabular-nums">
        generation {agent.generation}
        {agent.observedGeneration < agent.generation && ` (controller has seen ${agent.observedGeneration})`}
      </span>
    </PageHeader>
  );
}
