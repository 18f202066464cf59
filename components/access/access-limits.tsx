import { EyeOff } from 'lucide-react';

/**
 * Proxy mode: what the page leaves out because the signed-in person may not list it, and which
 * right is missing (the server's `limits` sentences). Nothing is rendered when nothing is cut.
 */
export function AccessLimits({ limits }: { limits: readonly string[] | undefined }) {
  if (!limits || limits.length === 0) return null;
  return (
    <div
      role="note"
      aria-label="Hidden by your Kubernetes permissions"
      data-testid="access-limits"
      className="flex items-start gap-2 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-xs text-sky-900 dark:border-sky-900 dark:bg-sky-950/40 dark:text-sky-200"
    >
      <EyeOff aria-hidden className="mt-0.5 size-3.5 shrink-0" />
      <ul className="flex flex-col gap-0.5">
        {limits.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </div>
  );
}
