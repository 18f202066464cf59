import Link from 'next/link';
import { ChevronRight } from 'lucide-react';
import type { ReactNode } from 'react';
import type { AgentSummary } from '@/lib/api/dto';
import { Badge } from '@/components/ui/badge';

export function AgentHeader({ agent, overviewHref, actions }: { agent: AgentSummary; overviewHref: string; actions: ReactNode }) {
  const selector = Object.entries(agent.nodeSelector);
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div className="min-w-0">
        <nav aria-label="Breadcrumb" className="flex items-center gap-1 text-xs text-zinc-500">
          <Link href={overviewHref} className="hover:text-zinc-800 hover:underline dark:hover:text-zinc-200">
            Overview
          </Link>
          <ChevronRight aria-hidden className="size-3" />
          <span>{agent.namespace}</span>
        </nav>
        <h1 className="mt-0.5 text-lg font-semibold tracking-tight" data-testid="agent-title">
          {agent.name}
        </h1>
        <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-zinc-500">
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
        </div>
      </div>
      <div className="flex items-center gap-3">{actions}</div>
    </div>
  );
}
