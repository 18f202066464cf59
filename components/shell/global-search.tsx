'use client';

import clsx from 'clsx';
import { Boxes, Search, Server } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { routes } from '@/lib/queries/href';
import { coverageQuery } from '@/lib/queries/options';
import { useAppHref, useClusterContext } from '@/lib/queries/use-cluster-context';
import { searchEverything, type SearchResult } from './search-model';

/** Jump to an agent or node by name ("/" focuses it). An ARIA combobox over the coverage data. */
export function GlobalSearch() {
  const { ctx } = useClusterContext();
  // Fetch only once the search is used: pages that do not need coverage load faster without it
  // (pages that do share the cached copy).
  const [used, setUsed] = useState(false);
  const coverage = useQuery({ ...coverageQuery(ctx ?? ''), enabled: !!ctx && used });
  const router = useRouter();
  const href = useAppHref();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();

  const results = useMemo(
    () => (coverage.data ? searchEverything(query, coverage.data.agents, coverage.data.nodes.names) : []),
    [query, coverage.data],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key === '/' && !(target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)))) {
        e.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const go = (r: SearchResult) => {
    router.push(href(r.kind === 'agent' ? routes.agent(r.namespace ?? '', r.name) : routes.node(r.name)));
    setOpen(false);
    setQuery('');
    input.current?.blur();
  };

  const showList = open && query.trim().length > 0;
  return (
    <div className="relative">
      <Search aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 size-3.5 -translate-y-1/2 text-faint" />
      <input
        ref={input}
        type="search"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && results[active] ? `${listId}-${active}` : undefined}
        aria-label="Search agents and nodes"
        data-testid="global-search"
        placeholder="Search agents, nodes…"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => {
          setUsed(true);
          setOpen(true);
        }}
        onBlur={() => setTimeout(() => setOpen(false), 120)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, results.length - 1));
          else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (e.key === 'Enter' && results[active]) go(results[active]);
          else if (e.key === 'Escape') setOpen(false);
          else return;
          e.preventDefault();
        }}
        className="h-8 w-64 rounded-md border border-zinc-200 bg-zinc-50 pr-8 pl-8 text-[13px] outline-none placeholder:text-faint focus:border-indigo-500 focus:bg-white focus:ring-2 focus:ring-indigo-500/40 xl:w-80 dark:border-zinc-800 dark:bg-zinc-900 dark:focus:bg-zinc-900"
      />
      <kbd className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-zinc-200 px-1 font-mono text-[10px] text-faint dark:border-zinc-700">
        /
      </kbd>
      {showList && (
        <ul
          id={listId}
          role="listbox"
          className="absolute top-9 right-0 z-40 w-96 overflow-hidden rounded-lg border border-zinc-200 bg-white py-1 shadow-xl dark:border-zinc-800 dark:bg-zinc-900"
        >
          {results.length === 0 && (
            <li className="px-3 py-2 text-xs text-muted">{coverage.data ? `No agent or node matches “${query}”` : 'Loading names…'}</li>
          )}
          {results.map((r, i) => (
            <li
              key={`${r.kind}:${r.label}`}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                go(r);
              }}
              onMouseEnter={() => setActive(i)}
              className={clsx('flex cursor-pointer items-center gap-2 px-3 py-1.5 text-[13px]', i === active && 'bg-indigo-50 dark:bg-indigo-500/15')}
            >
              {r.kind === 'agent' ? <Boxes aria-hidden className="size-3.5 text-indigo-500" /> : <Server aria-hidden className="size-3.5 text-muted" />}
              <span className="truncate">{r.label}</span>
              <span className="ml-auto text-[11px] text-muted">{r.kind}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
