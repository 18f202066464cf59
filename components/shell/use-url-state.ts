'use client';

import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/**
 * View state lives in the URL so a link reproduces the view. Updates use history.replaceState,
 * which Next's router picks up without a server round trip (filters stay under 100 ms).
 */
export function useUrlState() {
  const params = useSearchParams();
  const update = useCallback((patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    const qs = next.toString();
    window.history.replaceState(null, '', qs ? `${window.location.pathname}?${qs}` : window.location.pathname);
  }, []);
  return { params, update };
}
