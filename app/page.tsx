import { Suspense } from 'react';
import { OverviewView } from '@/components/overview/overview-view';
import { Loading } from '@/components/ui/query-status';
import { pageContext, serverQueries, type SearchParams } from '@/lib/server-data/prefetch';
import { WithServerData } from '@/lib/server-data/with-server-data';

export default async function OverviewPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await pageContext(searchParams);
  return (
    <Suspense fallback={<Loading />}>
      <WithServerData queries={ctx === undefined ? [] : [serverQueries.coverage(ctx)]}>
        <OverviewView />
      </WithServerData>
    </Suspense>
  );
}
