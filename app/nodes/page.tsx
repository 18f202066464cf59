import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NodesView } from '@/components/nodes/nodes-view';
import { Loading } from '@/components/ui/query-status';
import { pageContext, serverQueries, type SearchParams } from '@/lib/server-data/prefetch';
import { WithServerData } from '@/lib/server-data/with-server-data';

export const metadata: Metadata = { title: 'Nodes' };

export default async function NodesPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await pageContext(searchParams);
  return (
    <Suspense fallback={<Loading />}>
      <WithServerData queries={ctx === undefined ? [] : [serverQueries.coverage(ctx)]}>
        <NodesView />
      </WithServerData>
    </Suspense>
  );
}
