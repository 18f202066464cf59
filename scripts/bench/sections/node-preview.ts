/**
 * Node-change preview at scale, in process: a 500-node taint change previewed against a loaded
 * engine of 5,000 nodes × 20 agents. Two figures, median of repeats:
 * - engine: hypothetical nodes (lib/change/node/apply.ts) → engine.cellsOnNodes → previewNodeChanges;
 * - route work: everything POST …/nodes/preview does once its cache is at hand — body parsing and
 *   validation (zod, kubectl syntax), the engine part, the answer's DTO and its JSON text.
 * The HTTP hop and the cache lookup are not in it (the server section measures routes on a real
 * cluster). Run alone: `npx tsx scripts/bench/sections/node-preview.ts [nodes agents changed]`, or `npm run bench -- --only node-preview`.
 */
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { nodesPreviewBody } from '../../../lib/api/node-change-body';
import { applyNodeChange } from '../../../lib/change/node/apply';
import { formatOp, toSpec, type NodeChange } from '../../../lib/change/node/model';
import { changeNotes } from '../../../lib/change/node/notes';
import { CoverageEngine } from '../../../lib/coverage/engine';
import type { KNode } from '../../../lib/coverage/k8s';
import { previewNodeChanges } from '../../../lib/coverage/node-preview';
import { syntheticCluster } from '../../../test/support/engine/synthetic';
import { summarize, type Summary } from '../stats';

export interface NodePreviewFigures {
  nodes: number;
  agents: number;
  changedNodes: number;
  repeats: number;
  loadAverage: number;
  engineMs: Summary;
  routeWorkMs: Summary;
  answerBytes: number;
  /** What the preview said, so a run that measured nothing shows it. */
  evicted: number;
}

const NOW = Date.parse('2025-01-01T01:00:00Z');

function loadedEngine(nodes: number, agents: number): { engine: CoverageEngine; names: string[] } {
  const c = syntheticCluster(nodes, agents);
  const engine = new CoverageEngine();
  for (const n of c.nodes) engine.upsert('Node', n);
  for (const d of c.daemonSets) engine.upsert('DaemonSet', d);
  for (const r of c.revisions) engine.upsert('ControllerRevision', r);
  for (const p of c.pods) engine.upsert('Pod', p);
  engine.agents(NOW);
  return { engine, names: engine.nodeNames() };
}

function enginePart(engine: CoverageEngine, names: readonly string[], change: NodeChange) {
  const hypothetical: KNode[] = names.map((n) => applyNodeChange(engine.getNode(n)!, change).node);
  return previewNodeChanges(engine.cellsOnNodes(hypothetical, NOW));
}

/** The route's own work for one request body (what previewNodeChange does past readyCache). */
function routeWork(engine: CoverageEngine, body: string): string {
  const parsed = nodesPreviewBody.parse(JSON.parse(body));
  const nodes = parsed.nodes.map((name) => {
    const applied = applyNodeChange(engine.getNode(name)!, parsed.change);
    return { applied, dto: { name, resourceVersion: '1', changed: applied.changed, ops: applied.effects.map((e) => ({ change: formatOp(e.op), changed: e.changed, ...(e.note ? { note: e.note } : {}) })) } };
  });
  const preview = previewNodeChanges(engine.cellsOnNodes(nodes.map((n) => n.applied.node), NOW));
  return JSON.stringify({ context: 'bench', version: 1, change: toSpec(parsed.change), nodes: nodes.map((n) => n.dto), agents: preview.agents, totals: preview.totals, notes: changeNotes(parsed.change) });
}

export function runNodePreviewBench(nodes = 5000, agents = 20, changed = 500, repeats = 15): NodePreviewFigures {
  const { engine, names } = loadedEngine(nodes, agents);
  // every 10th node: spread over zones, taints and labels like a grid filter would pick them
  const picked = names.filter((_, i) => i % Math.max(1, Math.floor(nodes / changed)) === 0).slice(0, changed);
  const spec = { taints: ['bench.everynode/drain=now:NoExecute'] };
  const parsed = nodesPreviewBody.parse({ ...spec, nodes: picked });
  const body = JSON.stringify({ ...spec, nodes: picked });
  const engineMs: number[] = [];
  const routeMs: number[] = [];
  let evicted = 0;
  let answerBytes = 0;
  for (let i = 0; i < repeats + 2; i++) {
    let t = performance.now();
    evicted = enginePart(engine, picked, parsed.change).totals.evicted;
    const e = performance.now() - t;
    t = performance.now();
    answerBytes = routeWork(engine, body).length;
    const r = performance.now() - t;
    if (i >= 2) {
      // the first two warm the JIT
      engineMs.push(e);
      routeMs.push(r);
    }
  }
  return { nodes, agents, changedNodes: picked.length, repeats, loadAverage: loadavg()[0]!, engineMs: summarize(engineMs), routeWorkMs: summarize(routeMs), answerBytes, evicted };
}

export function nodePreviewMarkdown(f: NodePreviewFigures): string {
  return [
    `Node-change preview: ${f.changedNodes} nodes tainted NoExecute, fleet ${f.nodes} nodes × ${f.agents} agents (in process, ${f.repeats} repeats, load ${f.loadAverage.toFixed(1)})`,
    '',
    '| part | median ms | p95 ms |',
    '|---|---|---|',
    `| engine (hypothetical nodes → per-agent preview) | ${f.engineMs.median} | ${f.engineMs.p95} |`,
    `| route work (validate body, engine, DTO, JSON ${Math.round(f.answerBytes / 1024)} KiB) | ${f.routeWorkMs.median} | ${f.routeWorkMs.p95} |`,
    '',
    `${f.evicted} (agent, node) pairs evicted in the preview.`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [nodes, agents, changed] = process.argv.slice(2).map(Number);
  console.log(nodePreviewMarkdown(runNodePreviewBench(nodes || 5000, agents || 20, changed || 500)));
}
