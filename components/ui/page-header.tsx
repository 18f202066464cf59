import clsx from 'clsx';
import { ChevronRight } from 'lucide-react';
import Link from 'next/link';
import type { ReactNode } from 'react';

/** The top of every page: breadcrumb, title, a line of facts, and the page's actions on the right. */
export function PageHeader({
  title,
  titleTestId,
  mono,
  breadcrumb,
  children,
  actions,
}: {
  title: ReactNode;
  titleTestId?: string;
  /** Titles that are Kubernetes names (nodes) read better in the mono face. */
  mono?: boolean;
  /** A link up, and optionally a plain tail (e.g. the namespace). */
  breadcrumb?: { href: string; label: string; tail?: string };
  /** The line under the title. */
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0">
        {breadcrumb && (
          <nav aria-label="Breadcrumb" className="flex items-center gap-1 text-xs text-muted">
            <Link href={breadcrumb.href} className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
              {breadcrumb.label}
            </Link>
            <ChevronRight aria-hidden className="size-3" />
            {breadcrumb.tail && <span>{breadcrumb.tail}</span>}
          </nav>
        )}
        <h1 className={clsx('mt-0.5 text-lg font-semibold tracking-tight', mono && 'font-mono')} data-testid={titleTestId}>
          {title}
        </h1>
        {children && <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-muted">{children}</div>}
      </div>
      {actions && <div className="flex items-center gap-3">{actions}</div>}
    </div>
  );
}
