import { Boxes } from 'lucide-react';
import Link from 'next/link';
import { Suspense } from 'react';
import { ConnectionIndicator } from './connection-indicator';
import { ContextSwitcher } from './context-switcher';
import { GlobalSearch } from './global-search';
import { NavLinks } from './nav-links';

export function AppHeader() {
  return (
    <header className="sticky top-0 z-30 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-12 max-w-[1920px] items-center gap-6 px-5">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
          <Boxes aria-hidden className="size-5 text-indigo-600 dark:text-indigo-400" />
          Everynode
        </Link>
        {/* Everything reading the URL (?ctx=) renders on the client, below this boundary. */}
        <Suspense fallback={<div className="flex-1" />}>
          <NavLinks />
          <div className="ml-auto flex items-center gap-3">
            <GlobalSearch />
            <ContextSwitcher />
            <ConnectionIndicator />
          </div>
        </Suspense>
      </div>
    </header>
  );
}
