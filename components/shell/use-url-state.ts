'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo, useState } from 'react';

/**
 * View state lives in the URL so a link reproduces the view. Updates use history.replaceState,
 * which Next's router picks up without a server round trip; until it does, the new query is
 * held locally so controls (checkboxes, selects) reflect a click at once.
 */
export function useUrlState() {
  const routerSearch = useSearchParams();
  const routerQuery = routerSearch.toString();
  const [pending, setPending] = useState<string | null>(null);
  const [seen, setSeen] = useState(routerQuery);
  // Once the router reports a new query, it is the truth again (adjusted during render).
  if (seen !== routerQuery) {
    setSeen(routerQuery);
    setPending(null);
  }
  const query = pending ?? routerQuery;
  const params = useMemo(() => new URLSearchParams(query), [query]);

  const update = useCallback((patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    const qs = next.toString();
    setPending(qs);
    window.history.replaceState(window.history.state, '', qs ? `${window.location.pathname}?${qs}` : window.location.pathname);
  }, []);
  return { params, update };
}
