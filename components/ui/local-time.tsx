'use client';

import { useSyncExternalStore } from 'react';

const never = () => () => {};

/** False on the server and during hydration, true after: what depends on the viewer's clock, zone or locale renders only then. */
function useInBrowser(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}

function utc(d: Date, date: boolean): string {
  return `${date ? `${d.toISOString().slice(0, 10)} ` : ''}${d.toISOString().slice(11, 19)} UTC`;
}

/**
 * A time in the viewer's time zone and locale (24-hour clock everywhere). Those are known only in
 * the browser, so the server's HTML and the hydration pass show UTC (the two then agree, and
 * React keeps the server's markup); the local form replaces it right after hydration.
 */
export function LocalTime({ iso, date = false }: { iso: string; date?: boolean }) {
  const inBrowser = useInBrowser();
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <>{iso}</>;
  const text = !inBrowser ? utc(d, date) : date ? d.toLocaleString([], { hour12: false }) : d.toLocaleTimeString([], { hour12: false });
  return <time dateTime={iso}>{text}</time>;
}

/** "just now", "5m ago", "3h ago", "2d ago" for a time in the past. */
export function relativeAge(iso: string, now: number): string {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return '';
  const m = Math.floor(ms / 60_000);
  if (m < 1) return 'just now';
  if (m < 60) return `${m}m ago`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h ago` : `${Math.floor(h / 24)}d ago`;
}

const AGE_TICK_MS = 30_000;
const subscribeTick = (onTick: () => void) => {
  const id = setInterval(onTick, AGE_TICK_MS);
  return () => clearInterval(id);
};
// Rounded, so React sees the same snapshot until the next tick.
const tickNow = () => Math.floor(Date.now() / AGE_TICK_MS) * AGE_TICK_MS;

/**
 * How long ago, by the viewer's clock, kept current. The server's HTML and the hydration pass
 * show the UTC date instead, so a browser clock that differs from the server's cannot make them
 * disagree.
 */
export function Age({ iso }: { iso: string }) {
  const now = useSyncExternalStore(subscribeTick, tickNow, () => null);
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return <>{iso}</>;
  return (
    <time dateTime={iso} title={iso}>
      {now === null ? utc(d, true) : relativeAge(iso, now)}
    </time>
  );
}
