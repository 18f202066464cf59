import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AgentView } from '@/components/agent/agent-view';
import { Loading } from '@/components/ui/query-status';
import { pageContext, serverQueries, type SearchParams } from '@/lib/server-data/prefetch';
import { WithServerData } from '@/lib/server-data/with-server-data';

type Props = { params: Promise<{ ns: string; name: string }>; searchParams: SearchParams };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { ns, name } = await params;
  return { title: `${decodeURIComponent(name)} (${decodeURIComponent(ns)})` };
}

export default async function AgentPage({ params, searchParams }: Props) {
  const { ns, name } = await params;
  const ctx = await pageContext(searchParams);
  const namespace = decodeURIComponent(ns);
  const agent = decodeURIComponent(name);
  return (
    <Suspense fallback={<Loading />}>
      <WithServerData queries={ctx === undefined ? [] : [serverQueries.daemonSet(ctx, namespace, agent), serverQueries.staged(ctx, namespace, agent)]}>
        <AgentView namespace={namespace} name={agent} />
      </WithServerData>
    </Suspense>
  );
}
