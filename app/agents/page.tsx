import { redirect } from 'next/navigation';

/** The agent list is the overview; /agents exists so the URL hierarchy is guessable. */
export default async function AgentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = (await searchParams).ctx;
  redirect(typeof ctx === 'string' ? `/?ctx=${encodeURIComponent(ctx)}` : '/');
}
