/**
 * Section 6 (issue #16): one log search across every node of an agent on the bench fleet
 * (1,000 kwok nodes by default). kwok serves each pod the same generated CRI log (a ClusterLogs
 * on the fleet's namespace); the console searches it on every node at its bounded concurrency.
 * Figures: time to the first and to the last node's answer, the peak of pods/log requests the
 * API server itself counted in flight (its long-running requests gauge, sampled every 50 ms),
 * and the console's RSS before and at its peak during the search.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SCALE_NAMESPACE } from '../../../cluster/scenarios/scale';
import { applyObjects, kubectl } from '../../../test/support/kubectl';
import type { LogSearchEvent } from '../../../lib/api/dto';
import { ndjsonBatches } from '../../../lib/queries/ndjson';
import type { BenchContext } from '../context';
import { parseMetrics, sumBy } from '../prom';
import { rssMB } from '../procfs';

export interface LogsFigures {
  nodes: number;
  linesPerNode: number;
  bytesPerNode: number;
  answered: number;
  matched: number;
  failed: number;
  firstAnswerS: number;
  lastAnswerS: number;
  serverElapsedS: number;
  concurrency: number;
  peakApiInFlight: number;
  rssBeforeMB: number;
  rssPeakMB: number;
}

const LINES = 1000;

/** A believable log: start-up lines, then steady output with an occasional refused connection. */
function logFile(): string {
  const t0 = Date.parse('2026-12-01T09:00:00Z');
  const out: string[] = [];
  for (let i = 0; i < LINES; i += 1) {
    const ts = new Date(t0 + i * 1000).toISOString().replace('Z', '000000Z');
    const text = i % 97 === 0 ? `level=error msg="export failed" err="dial tcp 10.96.0.${i % 250}:4317: connect: connection refused"` : `level=info msg="exported batch" items=${(i * 37) % 512} duration=${(i * 13) % 90}ms`;
    out.push(`${ts} stdout F ${text}`);
  }
  return out.join('\n') + '\n';
}

async function apiLogRequestsInFlight(kubeconfig: string): Promise<number> {
  const metrics = parseMetrics(await kubectl(kubeconfig, ['get', '--raw', '/metrics'], { timeoutMs: 10_000 }));
  const by = sumBy(metrics, 'apiserver_longrunning_requests', 'subresource', { resource: ['pods'] });
  return by.log ?? 0;
}

export async function logsSection(c: BenchContext): Promise<LogsFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'everynode-bench-logs-'));
  const file = join(dir, 'agent.log');
  const content = logFile();
  writeFileSync(file, content);
  const name = 'everynode-bench-logs';
  await applyObjects(c.cluster.kubeconfig, [{ apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'ClusterLogs', metadata: { name }, spec: { selector: { matchNamespaces: [SCALE_NAMESPACE] }, logs: [{ logsFile: file }] } }], 'everynode-bench');
  try {
    const agent = 'agent-00';
    const url = `${c.console.url}/api/clusters/${encodeURIComponent(c.ctx)}/daemonsets/${SCALE_NAMESPACE}/${agent}/logs/search?pattern=${encodeURIComponent('connection refused')}&tailLines=${LINES}`;
    const rssBeforeMB = rssMB(c.console.pid);
    let rssPeakMB = rssBeforeMB;
    let peakApiInFlight = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakApiInFlight = Math.max(peakApiInFlight, await apiLogRequestsInFlight(c.cluster.kubeconfig).catch(() => 0));
        rssPeakMB = Math.max(rssPeakMB, rssMB(c.console.pid));
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const t0 = Date.now();
    let first: number | undefined;
    let last = 0;
    let start: Extract<LogSearchEvent, { type: 'start' }> | undefined;
    let end: Extract<LogSearchEvent, { type: 'end' }> | undefined;
    let answered = 0;
    const res = await fetch(url, { signal: AbortSignal.timeout(10 * 60_000) });
    if (!res.ok || !res.body) throw new Error(`log search answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    for await (const batch of ndjsonBatches<LogSearchEvent>(res.body)) {
      for (const e of batch) {
        if (e.type === 'start') start = e;
        else if (e.type === 'node') {
          answered += 1;
          first ??= Date.now() - t0;
          last = Date.now() - t0;
        } else end = e;
      }
    }
    sampling = false;
    await sampler;
    if (!start || !end) throw new Error('the search stream ended without its start or end line');
    const figures: LogsFigures = {
      nodes: start.nodes.length,
      linesPerNode: LINES,
      bytesPerNode: Buffer.byteLength(content),
      answered,
      matched: end.matched,
      failed: end.failed,
      firstAnswerS: Math.round((first ?? 0) / 100) / 10,
      lastAnswerS: Math.round(last / 100) / 10,
      serverElapsedS: Math.round(end.elapsedMs / 100) / 10,
      concurrency: start.concurrency,
      peakApiInFlight,
      rssBeforeMB,
      rssPeakMB,
    };
    c.log(`log search over ${figures.nodes} nodes: last answer at ${figures.lastAnswerS} s, peak ${peakApiInFlight} pods/log requests in flight at the API server, console RSS ${rssBeforeMB} → ${rssPeakMB} MB`);
    return figures;
  } finally {
    await kubectl(c.cluster.kubeconfig, ['delete', 'clusterlogs.kwok.x-k8s.io', name, '--ignore-not-found']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
