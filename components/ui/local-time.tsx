'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => {};

/**
 * A time in the viewer's time zone and locale. Those are known only in the browser, so the
 * server's HTML and the hydration pass show UTC (the two then agree, and React keeps the
 * server's markup); the local form replaces it right after hydration.
 */
export function LocalTime({ iso, date = false }: { iso: string; date?: boolean }) {
  const inBrowser = useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <>{iso}</>;
  const text = inBrowser
    ? date
      ? d.toLocaleString()
      : d.toLocaleTimeString([], { hour12: false })
    : `${date ? `${d.toISOString().slice(0, 10)} ` : ''}${d.toISOString().slice(11, 19)} UTC`;
  return <time dateTime={iso}>{text}</time>;
}
