/**
 * Part of section 2: what an open event stream costs the console, and what its caps do. Opens
 * `n` streams (RSS and fds per stream), then floods past the global cap from several loopback
 * addresses and counts the refusals, checking /api/healthz stays 200 meanwhile.
 */
import type { BenchContext } from '../context';
import { openFiles, rssMB } from '../procfs';
import { SseClient } from '../sse-client';
import { eventsUrl } from './server';

export interface StreamFigures {
  streams: number;
  rssBeforeMB: number;
  rssOpenMB: number;
  kbPerStream: number;
  fdsPerStream: number;
  /** After closing every stream (V8 keeps the heap it grew: the image runs with --no-memory-reducer). */
  rssAfterCloseMB: number;
  cap: { limit: number; attempts: number; admitted: number; refused503: number; refusedOther: number; healthzDuringFlood: number; rssAtCapMB: number };
}

/** One request that stays open (200) or is refused; only the status matters here. */
async function attempt(url: string, from: string): Promise<{ status: number; client?: SseClient }> {
  const client = new SseClient(url, 10, from);
  try {
    await client.connect();
    return { status: 200, client };
  } catch (err) {
    client.close();
    const m = /HTTP (\d+)/.exec(String(err));
    return { status: m ? Number(m[1]) : 0 };
  }
}

/** A distinct loopback source address per attempt (127.0.1.2, 127.0.1.3, …). */
const loopbackAddress = (i: number) => `127.0.${1 + Math.floor(i / 250)}.${2 + (i % 250)}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function streamFigures(c: BenchContext, n: number, cap: number): Promise<StreamFigures> {
  const url = eventsUrl(c);
  const pid = c.console.pid;
  const rssBeforeMB = rssMB(pid);
  const fdsBefore = openFiles(pid).fds;
  const open: SseClient[] = [];
  for (let i = 0; i < n; i += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, n - i) }, () => attempt(url, '127.0.0.1')));
    for (const b of batch) if (b.client) open.push(b.client);
  }
  await sleep(2000); // let the first events and GC settle before reading RSS
  const rssOpenMB = rssMB(pid);
  const fdsOpen = openFiles(pid).fds;

  // Flood: up to the cap from the streams above, then 10 % more from other addresses.
  const counts = { admitted: open.length, refused503: 0, refusedOther: 0 };
  const extra = Math.max(0, cap - open.length) + Math.ceil(cap / 10);
  for (let i = 0; i < extra; i += 25) {
    const batch = await Promise.all(Array.from({ length: Math.min(25, extra - i) }, (_, k) => attempt(url, loopbackAddress(i + k))));
    for (const b of batch) {
      if (b.client) {
        open.push(b.client);
        counts.admitted++;
      } else if (b.status === 503) counts.refused503++;
      else counts.refusedOther++;
    }
  }
  const healthzDuringFlood = (await fetch(`${c.console.url}/api/healthz`)).status;
  const rssAtCapMB = rssMB(pid);
  for (const cl of open) cl.close();
  await sleep(3000);
  return {
    streams: n,
    rssBeforeMB,
    rssOpenMB,
    kbPerStream: Math.round(((rssOpenMB - rssBeforeMB) * 1024) / n),
    fdsPerStream: Math.round(((fdsOpen - fdsBefore) / n) * 100) / 100,
    rssAfterCloseMB: rssMB(pid),
    cap: { limit: cap, attempts: n + extra, ...counts, healthzDuringFlood, rssAtCapMB },
  };
}
