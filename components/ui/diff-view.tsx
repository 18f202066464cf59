import clsx from 'clsx';

/** A unified diff, line-coloured (+ green, - red, @@ muted). */
export function DiffView({ diff, className }: { diff: string; className?: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    // Focusable: it scrolls, and keyboard users must be able to scroll it too.
    <pre
      data-testid="diff"
      tabIndex={0}
      role="region"
      aria-label="Template diff"
      className={clsx('overflow-auto rounded-md border border-zinc-200 bg-zinc-50 py-1.5 font-mono text-[11px] leading-[1.55] dark:border-zinc-800 dark:bg-zinc-950 focus-visible:outline-2 focus-visible:outline-indigo-500', className)}
    >
      {lines.map((line, i) => (
        <div
          key={i}
          className={clsx(
            'px-2.5 whitespace-pre',
            line.startsWith('+') && !line.startsWith('+++') && 'bg-green-50 text-green-800 dark:bg-green-500/10 dark:text-green-300',
            line.startsWith('-') && !line.startsWith('---') && 'bg-red-50 text-red-800 dark:bg-red-500/10 dark:text-red-300',
            (line.startsWith('@@') || line.startsWith('+++') || line.startsWith('---')) && 'text-faint',
          )}
        >
          {line || ' '}
        </div>
      ))}
    </pre>
  );
}
