import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NodesView } from '@/components/nodes/nodes-view';
import { Loading } from '@/components/ui/query-status';

export const metadata: Metadata = { title: 'Nodes' };

export default function NodesPage() {
  return (
    <Suspense fallback={<Loading />}>
      <NodesView />
    </Suspense>
  );
}
