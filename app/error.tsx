'use client';

import { CircleAlert, RotateCw } from 'lucide-react';
import { Button } from '@/components/ui/button';

/** Unexpected page failure, in words, with a retry. */
export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const message = error instanceof Error && error.message ? error.message : 'An unexpected error stopped this page from rendering.';
  const digest = error instanceof Error && 'digest' in error ? String((error as { digest?: unknown }).digest ?? '') : '';
  return (
    <div role="alert" className="mx-auto mt-16 max-w-lg rounded-xl border border-red-200 bg-white p-6 dark:border-red-900/60 dark:bg-zinc-900">
      <div className="flex items-center gap-2 text-red-700 dark:text-red-400">
        <CircleAlert aria-hidden className="size-5" />
        <h1 className="text-base font-semibold">This page failed</h1>
      </div>
      <p className="mt-2 text-sm text-zinc-700 dark:text-zinc-300">{message}</p>
      {digest && <p className="mt-1 font-mono text-xs text-zinc-400">Reference {digest} (in the server log)</p>}
      <Button className="mt-4" onClick={() => retry()}>
        <RotateCw aria-hidden className="size-3.5" /> Try again
      </Button>
    </div>
  );
}
