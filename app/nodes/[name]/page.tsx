import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NodeView } from '@/components/node-detail/node-view';
import { Loading } from '@/components/ui/query-status';
import { pageContext, serverQueries, type SearchParams } from '@/lib/server-data/prefetch';
import { WithServerData } from '@/lib/server-data/with-server-data';

type Props = { params: Promise<{ name: string }>; searchParams: SearchParams };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function NodePage({ params, searchParams }: Props) {
  const name = decodeURIComponent((await params).name);
  const ctx = await pageContext(searchParams);
  return (
    <Suspense fallback={<Loading />}>
      <WithServerData queries={ctx === undefined ? [] : [serverQueries.node(ctx, name)]}>
        <NodeView name={name} />
      </WithServerData>
    </Suspense>
  );
}
