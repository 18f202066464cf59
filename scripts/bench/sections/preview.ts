/**
 * Issue 14: what a change preview costs. The engine part in process, on the synthetic fleet the
 * engine bench uses (5,000 nodes × 20 agents): applyPatch + previewAgentChange for a new image
 * (every pod replaced) and for an added toleration (placement changes). The route part on the
 * bench cluster: POST …/preview of a new image on the running console (live read, engine, dry
 * run), `repeats` times in a row. Run alone: `npm run bench -- --only preview [--nodes 5000]`.
 */
import { applyPatch } from '../../../lib/change/agent/apply';
import type { AgentPatch } from '../../../lib/change/agent/schema';
import { CoverageEngine } from '../../../lib/coverage/engine';
import type { KDaemonSet } from '../../../lib/coverage/k8s';
import { previewAgentChange } from '../../../lib/coverage/preview';
import { syntheticCluster } from '../../../test/support/engine/synthetic';
import type { BenchContext } from '../context';
import { everywhereAgent, FLEET_NAMESPACE } from '../fleet';
import { summarize, type Summary } from '../stats';

export const PREVIEW_TARGETS = { engineMs: 50, routeMs: 150 };

export interface PreviewResult {
  engine: { nodes: number; agents: number; imageChangeMs: Summary; tolerationMs: Summary; replaced: number; gained: number };
  route?: { nodes: number; agents: number; agent: string; latencyMs: Summary; replaced: number };
  targets: typeof PREVIEW_TARGETS;
}

const NOW = Date.parse('2025-06-01T00:00:00Z');

function timed<T>(repeats: number, fn: () => T): { samples: number[]; last: T } {
  let last: T | undefined;
  const samples: number[] = [];
  for (let i = 0; i < repeats + 2; i++) {
    const t0 = performance.now();
    last = fn();
    if (i >= 2) samples.push(performance.now() - t0); // two warm-up runs (JIT)
  }
  return { samples, last: last! };
}

/** The engine's share of a preview: the hypothetical DaemonSet and every node's answer. */
export function previewEngineFigures(nodes: number, agents: number, repeats: number): PreviewResult['engine'] {
  const c = syntheticCluster(nodes, agents);
  const e = new CoverageEngine();
  for (const n of c.nodes) e.upsert('Node', n);
  for (const r of c.revisions) e.upsert('ControllerRevision', r);
  for (const d of c.daemonSets) e.upsert('DaemonSet', d);
  for (const p of c.pods) e.upsert('Pod', p);
  e.agents(NOW);
  const ds = c.daemonSets[0]!;
  const container = ds.spec!.template!.spec!.containers![0]!.name!;
  const run = (current: KDaemonSet, patch: AgentPatch) => () => {
    const inputs = e.previewInputs(current.metadata!.namespace!, current.metadata!.name!, NOW)!;
    const change = applyPatch(current, patch);
    return previewAgentChange({ current, hypothetical: change.ds, templateChanged: change.templateChanged, currentHash: inputs.agent.currentHash, nodes: inputs.nodes, pods: inputs.pods, before: inputs.agent.cells, now: NOW });
  };
  const image = timed(repeats, run(ds, { images: { [container]: 'example.com/bench:2' } }));
  const toleration = timed(repeats, run(ds, { tolerations: [...(ds.spec!.template!.spec!.tolerations ?? []).map((t) => ({ ...t }) as never), { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] }));
  return { nodes, agents, imageChangeMs: summarize(image.samples, 2), tolerationMs: summarize(toleration.samples, 2), replaced: image.last.counts.replace, gained: toleration.last.counts.gain };
}

/** The route on the running console (read-only mode still previews: it writes nothing). */
export async function previewRouteFigures(c: BenchContext): Promise<PreviewResult['route']> {
  const agent = everywhereAgent(c.opts.agents);
  const url = `${c.console.url}/api/clusters/${encodeURIComponent(c.ctx)}/daemonsets/${FLEET_NAMESPACE}/${agent}/preview`;
  const body = JSON.stringify({ images: { agent: 'registry.example/agents/bench-preview:2.0.0' } });
  const samples: number[] = [];
  let replaced = 0;
  for (let i = 0; i < c.opts.repeats + 2; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`preview answered ${res.status}: ${text.slice(0, 300)}`);
    replaced = (JSON.parse(text) as { counts: { replace: number } }).counts.replace;
    if (i >= 2) samples.push(ms);
  }
  return { nodes: c.opts.nodes, agents: c.opts.agents, agent, latencyMs: summarize(samples, 1), replaced };
}

export function previewMarkdown(p: PreviewResult): string[] {
  const e = p.engine;
  const out = [
    '## Change preview (issue 14)',
    '',
    `Engine part, in process, ${e.nodes} nodes × ${e.agents} agents (applyPatch + previewAgentChange for one agent): new image ${e.imageChangeMs.median} ms median (p95 ${e.imageChangeMs.p95}, n=${e.imageChangeMs.n}; ${e.replaced} pods replaced), added toleration ${e.tolerationMs.median} ms (p95 ${e.tolerationMs.p95}; ${e.gained} nodes gain). Target ≤ ${p.targets.engineMs} ms.`,
  ];
  if (p.route) {
    out.push(
      `Route POST …/preview on the bench cluster, ${p.route.nodes} nodes × ${p.route.agents} agents (${p.route.agent}, new image; live read + engine + dry run): ${p.route.latencyMs.median} ms median (p95 ${p.route.latencyMs.p95}, n=${p.route.latencyMs.n}; ${p.route.replaced} pods replaced). Target ≤ ${p.targets.routeMs} ms at 5,000 nodes.`,
    );
  }
  out.push('');
  return out;
}
