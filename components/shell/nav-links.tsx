'use client';

import clsx from 'clsx';
import { Grid3x3, LayoutDashboard, Server } from 'lucide-react';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { routes } from '@/lib/queries/href';
import { useAppHref } from '@/lib/queries/use-cluster-context';

const LINKS = [
  { href: routes.overview(), label: 'Overview', icon: LayoutDashboard, match: (p: string) => p === '/' || p.startsWith('/agents') },
  { href: routes.matrix(), label: 'Matrix', icon: Grid3x3, match: (p: string) => p.startsWith('/matrix') },
  { href: routes.nodes(), label: 'Nodes', icon: Server, match: (p: string) => p.startsWith('/nodes') },
];

export function NavLinks() {
  const pathname = usePathname();
  const href = useAppHref();
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {LINKS.map(({ href: path, label, icon: Icon, match }) => {
        const active = match(pathname);
        return (
          <Link
            key={path}
            href={href(path)}
            aria-current={active ? 'page' : undefined}
            className={clsx(
              'flex h-8 items-center gap-1.5 rounded-md px-2.5 text-[13px] font-medium transition-colors',
              'focus-visible:outline-2 focus-visible:outline-indigo-500',
              active
                ? 'bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-50'
                : 'text-muted hover:bg-zinc-100 hover:text-zinc-900 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100',
            )}
          >
            <Icon aria-hidden className="size-4" />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
