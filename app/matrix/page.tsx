import type { Metadata } from 'next';
import { Suspense } from 'react';
import { MatrixView } from '@/components/matrix/matrix-view';
import { Loading } from '@/components/ui/query-status';

export const metadata: Metadata = { title: 'Matrix' };

export default function MatrixPage() {
  return (
    <Suspense fallback={<Loading />}>
      <MatrixView />
    </Suspense>
  );
}
