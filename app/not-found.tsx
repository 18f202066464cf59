import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';

export default function NotFound() {
  return (
    <div className="mx-auto mt-16 max-w-lg rounded-xl border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="text-base font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">There is no page at this address. Agents live under /agents/&lt;namespace&gt;/&lt;name&gt;, nodes under /nodes/&lt;name&gt;.</p>
      <Link href="/" className={`${buttonClass('secondary')} mt-4`}>
        Go to the overview
      </Link>
    </div>
  );
}
