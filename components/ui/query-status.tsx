import { CircleAlert, LoaderCircle } from 'lucide-react';
import { errorText } from '@/lib/queries/http';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" className="flex items-center gap-2 p-6 text-sm text-muted">
      <LoaderCircle aria-hidden className="size-4 animate-spin" />
      {label}
    </div>
  );
}

/** A failed fetch, in the server's words. It stands in for the whole page, so its title is the page's heading. */
export function ErrorNote({ error, title = 'Could not load this view' }: { error: unknown; title?: string }) {
  return (
    <div role="alert" data-testid="error" className="flex items-start gap-3 rounded-lg border border-red-200 bg-red-50 p-4 text-sm dark:border-red-900/60 dark:bg-red-950/40">
      <CircleAlert aria-hidden className="mt-0.5 size-4 shrink-0 text-red-600 dark:text-red-400" />
      <div>
        <h1 className="font-medium text-red-800 dark:text-red-300">{title}</h1>
        <p className="mt-0.5 text-red-700 dark:text-red-400">{errorText(error)}</p>
      </div>
    </div>
  );
}
