import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NodeView } from '@/components/node-detail/node-view';
import { Loading } from '@/components/ui/query-status';

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function NodePage({ params }: Props) {
  const { name } = await params;
  return (
    <Suspense fallback={<Loading />}>
      <NodeView name={decodeURIComponent(name)} />
    </Suspense>
  );
}
