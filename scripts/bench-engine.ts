/**
 * Benchmark of the coverage engine (lib/coverage): full recompute and one-event incremental cost on
 * synthetic fleets. Run: `npx tsx scripts/bench-engine.ts`. Prints a Markdown table and writes
 * bench-results/engine.json. `runEngineBench()` is exported for a combined benchmark.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CoverageEngine } from '../lib/coverage/engine';
import type { KNode, KPod } from '../lib/coverage/k8s';
import { syntheticCluster } from '../test/support/engine/synthetic';

export interface EngineBenchRow {
  nodes: number;
  agents: number;
  pods: number;
  /** Upserting every object into a new engine (ms, median). */
  ingestMs: number;
  /** First agents(now) right after ingest: every cell computed (ms, median). */
  coldComputeMs: number;
  /** invalidateAll() + agents(now) on a loaded engine: every cell recomputed (ms, median). */
  fullRecomputeMs: number;
  /** The same, in CPU time of this process (unaffected by other load on the machine). */
  fullRecomputeCpuMs: number;
  /** upsert(one pod) + agents(now) (ms, median). */
  podEventMs: number;
  /** upsert(one node) + agents(now) (ms, median). */
  nodeEventMs: number;
  /** Heap growth of one loaded, computed engine (MB). */
  heapMB: number;
}

export interface EngineBenchResult {
  at: string;
  node: string;
  /** 1-minute load average when the run started (2-core machine: above 2 means contention). */
  loadAverage: number;
  rows: EngineBenchRow[];
  targets: { fullRecomputeMs: number; eventMs: number };
}

const NOW = Date.parse('2025-01-01T01:00:00Z');

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function load(c: ReturnType<typeof syntheticCluster>): CoverageEngine {
  const e = new CoverageEngine();
  for (const n of c.nodes) e.upsert('Node', n);
  for (const r of c.revisions) e.upsert('ControllerRevision', r);
  for (const d of c.daemonSets) e.upsert('DaemonSet', d);
  for (const p of c.pods) e.upsert('Pod', p);
  return e;
}

function flipReady(p: KPod, i: number): KPod {
  const ready = i % 2 === 0;
  return {
    ...p,
    status: {
      ...p.status,
      conditions: (p.status?.conditions ?? []).map((c) => (c.type === 'Ready' ? { ...c, status: ready ? 'False' : 'True' } : c)),
    },
  };
}

function toggleTaint(n: KNode, i: number): KNode {
  const taints = i % 2 === 0 ? [...(n.spec?.taints ?? []), { key: 'bench', value: 'x', effect: 'NoSchedule' }] : (n.spec?.taints ?? []).filter((t) => t.key !== 'bench');
  return { ...n, spec: { ...n.spec, taints } };
}

function benchSize(nodes: number, agents: number, runs: number, events: number): EngineBenchRow {
  const cluster = syntheticCluster(nodes, agents);
  const ingest: number[] = [];
  const cold: number[] = [];
  let engine: CoverageEngine | undefined;
  for (let r = 0; r < runs; r++) {
    engine = undefined;
    gc();
    const t0 = performance.now();
    const e = load(cluster);
    const t1 = performance.now();
    e.agents(NOW);
    const t2 = performance.now();
    ingest.push(t1 - t0);
    cold.push(t2 - t1);
    engine = e;
  }
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  engine = undefined;
  gc();
  const heapEmpty = process.memoryUsage().heapUsed;
  engine = load(cluster);
  engine.agents(NOW);
  gc();
  const heapMB = (process.memoryUsage().heapUsed - heapEmpty) / 1e6;
  void heapBefore;

  const full: number[] = [];
  const fullCpu: number[] = [];
  for (let r = 0; r < runs * 2; r++) {
    engine.invalidateAll();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    engine.agents(NOW);
    full.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    fullCpu.push((c.user + c.system) / 1000);
  }

  const e = engine!;
  const podTimes: number[] = [];
  for (let i = 0; i < events; i++) {
    const pod = cluster.pods[(i * 7919) % cluster.pods.length]!;
    const t0 = performance.now();
    e.upsert('Pod', flipReady(pod, i));
    e.agents(NOW);
    podTimes.push(performance.now() - t0);
  }
  const nodeTimes: number[] = [];
  for (let i = 0; i < events; i++) {
    const node = cluster.nodes[(i * 104729) % cluster.nodes.length]!;
    const t0 = performance.now();
    e.upsert('Node', toggleTaint(node, i));
    e.agents(NOW);
    nodeTimes.push(performance.now() - t0);
  }
  return {
    nodes,
    agents,
    pods: cluster.pods.length,
    ingestMs: round(median(ingest)),
    coldComputeMs: round(median(cold)),
    fullRecomputeMs: round(median(full)),
    fullRecomputeCpuMs: round(median(fullCpu)),
    podEventMs: round(median(podTimes)),
    nodeEventMs: round(median(nodeTimes)),
    heapMB: Math.round(heapMB),
  };
}

export function runEngineBench(sizes: [number, number][] = [
  [1000, 20],
  [5000, 20],
]): EngineBenchResult {
  const loadAverage = Math.round(loadavg()[0]! * 10) / 10;
  const rows = sizes.map(([n, a]) => benchSize(n, a, 7, 400));
  return { at: new Date().toISOString(), node: process.version, loadAverage, rows, targets: { fullRecomputeMs: 50, eventMs: 1 } };
}

export function engineBenchMarkdown(r: EngineBenchResult): string {
  const lines = [
    '| nodes × agents | pods | ingest (ms) | first compute after ingest (ms) | full recompute (ms, median) | full recompute (CPU ms, median) | one pod event (ms, median) | one node event (ms, median) | heap (MB) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.rows.map((x) => `| ${x.nodes} × ${x.agents} | ${x.pods} | ${x.ingestMs} | ${x.coldComputeMs} | ${x.fullRecomputeMs} | ${x.fullRecomputeCpuMs} | ${x.podEventMs} | ${x.nodeEventMs} | ${x.heapMB} |`),
  ];
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = runEngineBench();
  console.log(engineBenchMarkdown(result));
  console.log(`\ntargets: full recompute ≤ ${result.targets.fullRecomputeMs} ms at 5000 × 20, one event ≤ ${result.targets.eventMs} ms (Node ${result.node}, load average ${result.loadAverage})`);
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench-results', 'engine.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(`wrote ${out}`);
}
