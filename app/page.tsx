import { Suspense } from 'react';
import { OverviewView } from '@/components/overview/overview-view';
import { Loading } from '@/components/ui/query-status';

export default function OverviewPage() {
  return (
    <Suspense fallback={<Loading />}>
      <OverviewView />
    </Suspense>
  );
}
