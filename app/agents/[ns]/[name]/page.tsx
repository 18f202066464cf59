import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AgentView } from '@/components/agent/agent-view';
import { Loading } from '@/components/ui/query-status';

type Props = { params: Promise<{ ns: string; name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { ns, name } = await params;
  return { title: `${decodeURIComponent(name)} (${decodeURIComponent(ns)})` };
}

export default async function AgentPage({ params }: Props) {
  const { ns, name } = await params;
  return (
    <Suspense fallback={<Loading />}>
      <AgentView namespace={decodeURIComponent(ns)} name={decodeURIComponent(name)} />
    </Suspense>
  );
}
