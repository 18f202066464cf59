import clsx from 'clsx';
import type { ReactNode } from 'react';

/** A titled box: the unit every page is built from. */
export function Panel({
  title,
  actions,
  children,
  className,
  bodyClassName,
  testId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  bodyClassName?: string;
  testId?: string;
}) {
  return (
    <section
      data-testid={testId}
      className={clsx('rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900/60', className)}
    >
      {(title || actions) && (
        <header className="flex min-h-10 items-center justify-between gap-3 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
          <h2 className="text-[13px] font-semibold tracking-tight text-zinc-900 dark:text-zinc-100">{title}</h2>
          {actions && <div className="flex items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className={bodyClassName ?? 'p-4'}>{children}</div>
    </section>
  );
}
