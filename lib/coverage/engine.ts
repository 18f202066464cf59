import type { CellState, Counts, RolloutDetail, StrategyDTO } from '@/lib/api/dto';
import { computeCellInto, CONTRIB, type AgentContext, type Cell, type CellOutput } from './cell';
import { compileEligibility, eligibilityClassKey, nodeShouldRunDaemonPod, type CompiledEligibility, type Eligibility } from './eligibility';
import { fixHint } from './fix-hint';
import { daemonSetOwnerUid, TEMPLATE_GENERATION_ANNOTATION, type KControllerRevision, type KDaemonSet, type KindName, type KNode, type KPod } from './k8s';
import { parseInt64 } from './node-affinity';
import { nodeFacts, type NodeFacts } from './node';
import { podFacts, type PodFacts } from './pods';
import { findCurrentRevision, revisionHash, revisionViews, type RevisionView } from './revisions';
import { rolloutStatusText } from './rollout-status';
import { resolveStrategy } from './strategy';
import type { DaemonToleration, TolerationOptions } from './taints';

export type { Cell } from './cell';

export interface AgentRollout extends RolloutDetail {
  /** Nodes counted against maxSurge right now (surge branch of rollingUpdate). */
  surgeInUse: number;
  /** The engine's own view: every desired node updated and available. */
  engineDone: boolean;
  /** Set when maxUnavailable/maxSurge cannot be parsed (the controller cannot roll). */
  invalidStrategy?: string;
}

export interface AgentCoverage {
  namespace: string;
  name: string;
  uid: string;
  generation: number;
  observedGeneration: number;
  /** The DaemonSet as last received. */
  ds: KDaemonSet;
  /** Counts as the controller computes them, from the engine's view of the cluster. */
  counts: Counts;
  /** What the controller last wrote to .status. */
  status: Counts;
  strategy: StrategyDTO;
  rollout: AgentRollout;
  /** One cell per node, aligned with `nodeNames()`. */
  cells: Cell[];
  states: Partial<Record<CellState, number>>;
  /** Ineligible node count per reason message. */
  excludedByReason: Record<string, number>;
  currentHash: string;
  currentRevision: number;
  /** False when no revision's template equals the DaemonSet's (fell back to the highest revision). */
  currentRevisionMatched: boolean;
  revisions: RevisionView[];
  nodeSelector: Record<string, string>;
  images: string[];
  /** Template tolerations plus the controller-added ones (flagged addedByController). */
  tolerations: DaemonToleration[];
  affinity?: unknown;
}

export interface AgentRef {
  namespace: string;
  name: string;
  uid: string;
}

export interface NodeAgentCell extends AgentRef {
  cell: Cell;
  /** Smallest change that would make the agent eligible here (ineligible/misscheduled cells). */
  fixHint?: string;
}

export interface NodeCoverage {
  name: string;
  node: KNode;
  ready: boolean;
  cordoned: boolean;
  /** Why daemon pods here cannot be trusted (NotReady, unreachable...). */
  unhealthy: string[];
  pressure: string[];
  agents: NodeAgentCell[];
}

export interface FleetEntry {
  node: string;
  ready: boolean;
  cordoned: boolean;
  missing: AgentRef[];
  failing: AgentRef[];
  /** Agents per problem state on this node (failing, missing, node-unhealthy, misscheduled, starting, outdated). */
  problems: Partial<Record<CellState, AgentRef[]>>;
}

export type EngineOptions = TolerationOptions;

const ZERO_STATES = (): Record<CellState, number> => ({ failing: 0, missing: 0, 'node-unhealthy': 0, misscheduled: 0, starting: 0, outdated: 0, ready: 0, ineligible: 0 });

/** An agent's running totals over its cells, updated by adding and subtracting cells. */
interface Acc {
  desired: number;
  current: number;
  ready: number;
  available: number;
  updated: number;
  misscheduled: number;
  budgetUnavailable: number;
  surgeInUse: number;
  states: Record<CellState, number>;
  excluded: Map<string, number>;
  blocking: Map<string, Cell>;
  /** Latest minReadySeconds mark already passed by any cell (reading before it needs a recompute). */
  validFrom: number;
  /** Node → the moment its cell changes (a pod turns available); and the earliest of them. */
  until: Map<string, number>;
  validUntil: number;
}

const newAcc = (): Acc => ({
  desired: 0,
  current: 0,
  ready: 0,
  available: 0,
  updated: 0,
  misscheduled: 0,
  budgetUnavailable: 0,
  surgeInUse: 0,
  states: ZERO_STATES(),
  excluded: new Map(),
  blocking: new Map(),
  validFrom: -Infinity,
  until: new Map(),
  validUntil: Infinity,
});

function bump<K>(m: Map<K, number>, k: K, d: number): void {
  const v = (m.get(k) ?? 0) + d;
  if (v === 0) m.delete(k);
  else m.set(k, v);
}

// The bits as module constants: read once per cell eight times, and an imported binding can cost a
// property lookup per read (CommonJS output of tsx/esbuild turns it into a getter call).
const { desired: B_DESIRED, current: B_CURRENT, ready: B_READY, available: B_AVAILABLE, updated: B_UPDATED, misscheduled: B_MISSCHEDULED, budgetUnavailable: B_BUDGET, surgeInUse: B_SURGE } = CONTRIB;

function applyCell(acc: Acc, c: Cell, bits: number, sign: 1 | -1): void {
  if (bits !== 0) {
    if (bits & B_DESIRED) acc.desired += sign;
    if (bits & B_CURRENT) acc.current += sign;
    if (bits & B_READY) acc.ready += sign;
    if (bits & B_AVAILABLE) acc.available += sign;
    if (bits & B_UPDATED) acc.updated += sign;
    if (bits & B_MISSCHEDULED) acc.misscheduled += sign;
    if (bits & B_BUDGET) acc.budgetUnavailable += sign;
    if (bits & B_SURGE) acc.surgeInUse += sign;
  }
  acc.states[c.state] += sign;
  if (c.state === 'ineligible') for (const reason of c.reasons) bump(acc.excluded, reason.message, sign);
  if (c.blocking) {
    if (sign > 0) acc.blocking.set(c.node, c);
    else acc.blocking.delete(c.node);
  }
}

/** Record a freshly computed cell's validity window. */
function applyWindow(acc: Acc, node: string, out: CellOutput): void {
  if (out.validFrom > acc.validFrom) acc.validFrom = out.validFrom;
  if (out.validUntil !== Infinity) {
    acc.until.set(node, out.validUntil);
    if (out.validUntil < acc.validUntil) acc.validUntil = out.validUntil;
  }
}

interface AgentRec {
  uid: string;
  ds: KDaemonSet;
  specKey: string;
  elig: CompiledEligibility;
  ctx: AgentContext;
  currentName: string | undefined;
  currentRevision: number;
  currentMatched: boolean;
  revisions: RevisionView[] | undefined;
  /** The node order the arrays below are aligned with (the engine's sorted names when built). */
  names: string[] | undefined;
  cells: Cell[];
  bits: Uint8Array;
  eligs: Eligibility[];
  /** `cells` was handed out in a result: copy before writing. */
  cellsShared: boolean;
  /** Nodes to recompute; true when the node itself changed (eligibility too). */
  dirty: Map<string, boolean>;
  allDirty: boolean;
  /** The DaemonSet's placement rules changed: no cached eligibility may be reused. */
  eligStale: boolean;
  /** Index of elig.classSignature in the engine's signature table. */
  sigId: number;
  /** Eligibility per node class id (see eligibilityClassKey, eligFor); cleared when the rules change. */
  eligMemo: Eligibility[];
  acc: Acc;
  result: AgentCoverage | undefined;
  resultStale: boolean;
}

function statusCounts(ds: KDaemonSet): Counts {
  const s = ds.status ?? {};
  return {
    desired: s.desiredNumberScheduled ?? 0,
    current: s.currentNumberScheduled ?? 0,
    ready: s.numberReady ?? 0,
    available: s.numberAvailable ?? 0,
    updated: s.updatedNumberScheduled ?? 0,
    misscheduled: s.numberMisscheduled ?? 0,
    unavailable: s.numberUnavailable ?? 0,
  };
}

const keyOf = (namespace: string | undefined, name: string | undefined) => `${namespace ?? ''}/${name ?? ''}`;

/**
 * Incremental, memoised coverage of every DaemonSet on every node. Feed it watch events with
 * `upsert`/`remove`; read with `agents(now)` etc. An event marks dirty only what it touches: a
 * pod its owner's cell on its node, a node that node's cell of every agent, a DaemonSet or
 * revision that agent. Reads recompute dirty cells and cells whose pods crossed their
 * minReadySeconds mark, and return the previous objects when nothing changed.
 */
export class CoverageEngine {
  private readonly nodes = new Map<string, NodeFacts>();
  private sortedNames: string[] | undefined;
  private nameIndex = new Map<string, number>();
  /** Node facts aligned with sortedNames. */
  private sortedFacts: NodeFacts[] = [];
  private readonly agentsByUid = new Map<string, AgentRec>();
  private readonly uidByKey = new Map<string, string>();
  /** owner uid → node → pods. Pods without a target node sit under ''. */
  private readonly podsByOwner = new Map<string, Map<string, PodFacts[]>>();
  private readonly podIndex = new Map<string, { owner: string; node: string }>();
  private readonly revisionsByOwner = new Map<string, Map<string, KControllerRevision>>();
  /** Agent class signature → index into classIdsBySignature. */
  private readonly signatureIds = new Map<string, number>();
  /** Per class signature: node class key → class id (index into an agent's eligMemo). */
  private readonly classIdsBySignature: Map<string, number>[] = [];

  constructor(private readonly options: EngineOptions = {}) {}

  upsert(kind: KindName, obj: unknown): void {
    switch (kind) {
      case 'Node':
        return this.upsertNode(obj as KNode);
      case 'DaemonSet':
        return this.upsertDaemonSet(obj as KDaemonSet);
      case 'Pod':
        return this.upsertPod(obj as KPod);
      case 'ControllerRevision':
        return this.upsertRevision(obj as KControllerRevision);
    }
  }

  remove(kind: KindName, obj: unknown): void {
    switch (kind) {
      case 'Node':
        return this.removeNode(obj as KNode);
      case 'DaemonSet':
        return this.removeDaemonSet(obj as KDaemonSet);
      case 'Pod':
        return this.removePod(obj as KPod);
      case 'ControllerRevision':
        return this.removeRevision(obj as KControllerRevision);
    }
  }

  /** Node names, sorted (code-unit order). */
  nodeNames(): string[] {
    if (!this.sortedNames) {
      this.sortedNames = [...this.nodes.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      this.nameIndex = new Map(this.sortedNames.map((n, i) => [n, i]));
      this.sortedFacts = this.sortedNames.map((n) => this.nodes.get(n)!);
    }
    return this.sortedNames;
  }

  getNode(name: string): KNode | undefined {
    return this.nodes.get(name)?.raw;
  }

  getNodeFacts(name: string): NodeFacts | undefined {
    return this.nodes.get(name);
  }

  /** Every agent, sorted by namespace then name. */
  agents(now: number): AgentCoverage[] {
    const recs = [...this.agentsByUid.values()].sort((a, b) => {
      const ka = keyOf(a.ds.metadata?.namespace, a.ds.metadata?.name);
      const kb = keyOf(b.ds.metadata?.namespace, b.ds.metadata?.name);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    return recs.map((r) => this.ensure(r, now));
  }

  agent(namespace: string, name: string, now: number): AgentCoverage | undefined {
    const uid = this.uidByKey.get(keyOf(namespace, name));
    const rec = uid === undefined ? undefined : this.agentsByUid.get(uid);
    return rec ? this.ensure(rec, now) : undefined;
  }

  /** Every agent's cell on one node, with fix hints for the ones excluded. */
  nodeView(name: string, now: number): NodeCoverage | undefined {
    const facts = this.nodes.get(name);
    if (!facts) return undefined;
    const agents: NodeAgentCell[] = [];
    const index = this.nodeNames().indexOf(name);
    for (const a of this.agents(now)) {
      const cell = a.cells[index]!;
      const entry: NodeAgentCell = { namespace: a.namespace, name: a.name, uid: a.uid, cell };
      if (!cell.shouldRun) {
        const hint = fixHint(a.ds, facts.raw, cell.reasons);
        if (hint) entry.fixHint = hint;
      }
      agents.push(entry);
    }
    return { name, node: facts.raw, ready: facts.ready, cordoned: facts.cordoned, unhealthy: facts.unhealthy, pressure: facts.pressure, agents };
  }

  /** Per node (in nodeNames order): which agents are missing, failing or otherwise unwell there. */
  fleet(now: number): FleetEntry[] {
    const names = this.nodeNames();
    const entries: FleetEntry[] = names.map((n) => {
      const f = this.nodes.get(n)!;
      return { node: n, ready: f.ready, cordoned: f.cordoned, missing: [], failing: [], problems: {} };
    });
    for (const a of this.agents(now)) {
      const ref: AgentRef = { namespace: a.namespace, name: a.name, uid: a.uid };
      a.cells.forEach((cell, i) => {
        const s = cell.state;
        if (s === 'ready' || s === 'ineligible') return;
        const e = entries[i]!;
        (e.problems[s] ??= []).push(ref);
        if (s === 'missing') e.missing.push(ref);
        if (s === 'failing') e.failing.push(ref);
      });
    }
    return entries;
  }

  /** Forget every memoised cell and eligibility (the next read recomputes everything). */
  invalidateAll(): void {
    for (const a of this.agentsByUid.values()) {
      a.allDirty = true;
      a.eligStale = true;
      a.eligMemo = [];
      a.resultStale = true;
    }
  }

  // ---------------------------------------------------------------- events

  private upsertNode(node: KNode): void {
    const facts = nodeFacts(node);
    if (!facts.name) return;
    const isNew = !this.nodes.has(facts.name);
    this.nodes.set(facts.name, facts);
    if (isNew) this.nodesChanged();
    else if (this.sortedNames) this.sortedFacts[this.nameIndex.get(facts.name)!] = facts;
    for (const a of this.agentsByUid.values()) a.dirty.set(facts.name, true);
  }

  private removeNode(node: KNode): void {
    const name = node.metadata?.name ?? '';
    if (!this.nodes.delete(name)) return;
    this.nodesChanged();
    // the cell itself is dropped (and its contribution subtracted) when the agent re-aligns
    for (const a of this.agentsByUid.values()) a.dirty.delete(name);
  }

  private nodesChanged(): void {
    this.sortedNames = undefined;
  }

  private upsertDaemonSet(ds: KDaemonSet): void {
    const uid = ds.metadata?.uid;
    if (!uid) return;
    const key = keyOf(ds.metadata?.namespace, ds.metadata?.name);
    const specKey = JSON.stringify([ds.spec ?? null, ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION] ?? null]);
    const existing = this.agentsByUid.get(uid);
    if (existing) {
      existing.ds = ds;
      existing.resultStale = true;
      if (existing.specKey !== specKey) {
        existing.specKey = specKey;
        this.compileAgent(existing);
        existing.allDirty = true;
        existing.eligStale = true;
      }
      this.uidByKey.set(key, uid);
      return;
    }
    const rec: AgentRec = {
      uid,
      ds,
      specKey,
      elig: undefined as unknown as CompiledEligibility,
      ctx: undefined as unknown as AgentContext,
      currentName: undefined,
      currentRevision: 0,
      currentMatched: false,
      revisions: undefined,
      dirty: new Map(),
      allDirty: true,
      eligStale: true,
      sigId: 0,
      eligMemo: [],
      acc: newAcc(),
      names: undefined,
      cells: [],
      bits: new Uint8Array(0),
      eligs: [],
      cellsShared: false,
      result: undefined,
      resultStale: true,
    };
    this.compileAgent(rec);
    this.agentsByUid.set(uid, rec);
    this.uidByKey.set(key, uid);
  }

  private compileAgent(rec: AgentRec): void {
    const ds = rec.ds;
    rec.elig = compileEligibility(ds, this.options);
    rec.eligMemo = [];
    rec.sigId = this.signatureId(rec.elig.classSignature);
    const rawGeneration = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
    const parsed = rawGeneration === undefined ? undefined : parseInt64(rawGeneration);
    rec.ctx = {
      minReadySeconds: ds.spec?.minReadySeconds ?? 0,
      hash: rec.ctx?.hash ?? '',
      templateGeneration: parsed === undefined ? undefined : parsed.toString(),
      rollingUpdate: (ds.spec?.updateStrategy?.type || 'RollingUpdate') === 'RollingUpdate',
    };
    this.resolveRevision(rec);
  }

  /** Recompute the current revision; a new hash makes every cell of the agent dirty. */
  private resolveRevision(rec: AgentRec): void {
    const revs = [...(this.revisionsByOwner.get(rec.uid)?.values() ?? [])];
    const found = findCurrentRevision(rec.ds, revs);
    const hash = found ? revisionHash(found.revision) : '';
    rec.currentName = found?.revision.metadata?.name;
    rec.currentRevision = found?.revision.revision ?? 0;
    rec.currentMatched = found?.matched ?? false;
    rec.revisions = undefined;
    rec.resultStale = true;
    if (hash !== rec.ctx.hash) {
      rec.ctx = { ...rec.ctx, hash };
      rec.allDirty = true;
    }
  }

  private removeDaemonSet(ds: KDaemonSet): void {
    const uid = ds.metadata?.uid ?? this.uidByKey.get(keyOf(ds.metadata?.namespace, ds.metadata?.name));
    if (!uid) return;
    const rec = this.agentsByUid.get(uid);
    if (!rec) return;
    this.agentsByUid.delete(uid);
    const key = keyOf(rec.ds.metadata?.namespace, rec.ds.metadata?.name);
    if (this.uidByKey.get(key) === uid) this.uidByKey.delete(key);
  }

  private upsertPod(pod: KPod): void {
    const uid = pod.metadata?.uid;
    if (!uid) return;
    this.removePodByUid(uid);
    const owner = daemonSetOwnerUid(pod.metadata);
    if (!owner) return;
    const facts = podFacts(pod);
    const node = facts.node ?? '';
    let byNode = this.podsByOwner.get(owner);
    if (!byNode) this.podsByOwner.set(owner, (byNode = new Map()));
    const list = byNode.get(node);
    if (list) list.push(facts);
    else byNode.set(node, [facts]);
    this.podIndex.set(uid, { owner, node });
    this.markCell(owner, node);
  }

  private removePod(pod: KPod): void {
    const uid = pod.metadata?.uid;
    if (uid) this.removePodByUid(uid);
  }

  private removePodByUid(uid: string): void {
    const at = this.podIndex.get(uid);
    if (!at) return;
    this.podIndex.delete(uid);
    const byNode = this.podsByOwner.get(at.owner);
    const list = byNode?.get(at.node);
    if (!byNode || !list) return;
    const i = list.findIndex((p) => p.uid === uid);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) byNode.delete(at.node);
    if (byNode.size === 0) this.podsByOwner.delete(at.owner);
    this.markCell(at.owner, at.node);
  }

  private markCell(owner: string, node: string): void {
    const rec = this.agentsByUid.get(owner);
    if (rec && node !== '' && !rec.dirty.has(node)) rec.dirty.set(node, false);
  }

  private upsertRevision(rev: KControllerRevision): void {
    const owner = daemonSetOwnerUid(rev.metadata);
    const name = rev.metadata?.name;
    if (!owner || !name) return;
    let m = this.revisionsByOwner.get(owner);
    if (!m) this.revisionsByOwner.set(owner, (m = new Map()));
    m.set(name, rev);
    const rec = this.agentsByUid.get(owner);
    if (rec) this.resolveRevision(rec);
  }

  private removeRevision(rev: KControllerRevision): void {
    const owner = daemonSetOwnerUid(rev.metadata);
    const name = rev.metadata?.name;
    if (!owner || !name) return;
    const m = this.revisionsByOwner.get(owner);
    if (!m?.delete(name)) return;
    if (m.size === 0) this.revisionsByOwner.delete(owner);
    const rec = this.agentsByUid.get(owner);
    if (rec) this.resolveRevision(rec);
  }

  // ---------------------------------------------------------------- recompute

  private readonly out: CellOutput = { bits: 0, validFrom: -Infinity, validUntil: Infinity };

  private ensure(rec: AgentRec, now: number): AgentCoverage {
    const names = this.nodeNames();
    let changed = false;
    if (!rec.allDirty && rec.names !== names) changed = this.realign(rec, names);
    if (!rec.allDirty && now < rec.acc.validFrom) rec.allDirty = true; // read for an earlier moment
    if (rec.allDirty) {
      this.computeAll(rec, names, now);
      changed = true;
    } else {
      if (rec.dirty.size > 0) {
        for (const [n, nodeChanged] of rec.dirty) {
          const i = this.nameIndex.get(n);
          if (i !== undefined) this.recompute(rec, i, nodeChanged, now); // pods may name a node that is gone
        }
        rec.dirty.clear();
        changed = true;
      }
      const acc = rec.acc;
      if (now >= acc.validUntil) {
        // pods crossed their minReadySeconds mark: recompute those cells, then re-derive the earliest mark
        for (const [n, until] of [...acc.until]) if (now >= until) this.recompute(rec, this.nameIndex.get(n)!, false, now);
        acc.validUntil = Infinity;
        for (const until of acc.until.values()) if (until < acc.validUntil) acc.validUntil = until;
        changed = true;
      }
    }
    if (!rec.result || rec.resultStale || changed) {
      rec.result = this.buildResult(rec);
      rec.cellsShared = true;
      rec.resultStale = false;
    }
    return rec.result;
  }

  private signatureId(signature: string): number {
    let id = this.signatureIds.get(signature);
    if (id === undefined) {
      id = this.classIdsBySignature.length;
      this.signatureIds.set(signature, id);
      this.classIdsBySignature.push(new Map());
    }
    return id;
  }

  /**
   * Eligibility of the agent on a node, shared by every node of the same class. Class keys are
   * interned to small integers once per node event, so the hot path is two array reads.
   */
  private eligFor(rec: AgentRec, node: NodeFacts): Eligibility {
    const sig = rec.sigId;
    let id = node.classIds[sig];
    if (id === undefined) {
      const ids = this.classIdsBySignature[sig]!;
      const key = eligibilityClassKey(rec.elig, node, node.taintKey);
      id = ids.get(key);
      if (id === undefined) {
        if (ids.size >= 2 * this.nodes.size + 64) return this.forgetClasses(rec, node); // nodes came and went
        ids.set(key, (id = ids.size));
      }
      node.classIds[sig] = id;
    }
    let e = rec.eligMemo[id];
    if (e === undefined) rec.eligMemo[id] = e = nodeShouldRunDaemonPod(rec.elig, node);
    return e;
  }

  /**
   * Bound the class tables: with rules that read node names or per-node labels, every node ever
   * seen has a class. Drop every class id (cells keep their eligibility) and start over.
   */
  private forgetClasses(rec: AgentRec, node: NodeFacts): Eligibility {
    for (const ids of this.classIdsBySignature) ids.clear();
    for (const f of this.nodes.values()) f.classIds = [];
    node.classIds = [];
    for (const a of this.agentsByUid.values()) a.eligMemo = [];
    return this.eligFor(rec, node);
  }

  /** Every cell of the agent, into fresh arrays aligned with `names`. */
  private computeAll(rec: AgentRec, names: string[], now: number): void {
    const n = names.length;
    const aligned = rec.names === names;
    const reuse = !rec.eligStale && aligned;
    const cells = new Array<Cell>(n);
    const bits = new Uint8Array(n);
    const eligs = new Array<Eligibility>(n);
    const acc = newAcc();
    const out = this.out;
    const facts = this.sortedFacts;
    const byNode = this.podsByOwner.get(rec.uid);
    for (let i = 0; i < n; i++) {
      const name = names[i]!;
      const node = facts[i]!;
      const elig = reuse && rec.dirty.get(name) !== true ? rec.eligs[i]! : this.eligFor(rec, node);
      // the previous cell only serves as a template to share when nothing in it changed
      const cell = computeCellInto(rec.ctx, node, elig, byNode?.get(name), now, out, aligned ? rec.cells[i] : undefined);
      cells[i] = cell;
      bits[i] = out.bits;
      eligs[i] = elig;
      applyCell(acc, cell, out.bits, 1);
      if (out.validFrom !== -Infinity || out.validUntil !== Infinity) applyWindow(acc, name, out);
    }
    rec.names = names;
    rec.cells = cells;
    rec.bits = bits;
    rec.eligs = eligs;
    rec.cellsShared = false;
    rec.acc = acc;
    rec.allDirty = false;
    rec.eligStale = false;
    rec.dirty.clear();
  }

  /** Recompute the cell at index i, reusing its eligibility unless the node changed. */
  private recompute(rec: AgentRec, i: number, nodeChanged: boolean, now: number): void {
    const name = rec.names![i]!;
    const node = this.sortedFacts[i]!;
    const acc = rec.acc;
    applyCell(acc, rec.cells[i]!, rec.bits[i]!, -1);
    acc.until.delete(name);
    const elig = nodeChanged ? this.eligFor(rec, node) : rec.eligs[i]!;
    const out = this.out;
    const cell = computeCellInto(rec.ctx, node, elig, this.podsByOwner.get(rec.uid)?.get(name), now, out, rec.cells[i]);
    if (rec.cellsShared) {
      rec.cells = rec.cells.slice();
      rec.cellsShared = false;
    }
    rec.cells[i] = cell;
    rec.bits[i] = out.bits;
    rec.eligs[i] = elig;
    applyCell(acc, cell, out.bits, 1);
    if (out.validFrom !== -Infinity || out.validUntil !== Infinity) applyWindow(acc, name, out);
  }

  /**
   * Re-align the arrays with a new node order (nodes were added or removed): keep the cells of
   * surviving nodes, drop the others' contributions; new nodes are already marked dirty.
   */
  private realign(rec: AgentRec, names: string[]): boolean {
    const old = rec.names!;
    const oldIndex = new Map(old.map((n, i) => [n, i]));
    const n = names.length;
    const cells = new Array<Cell>(n);
    const bits = new Uint8Array(n);
    const eligs = new Array<Eligibility>(n);
    const kept = new Set<string>();
    for (let i = 0; i < n; i++) {
      const name = names[i]!;
      const j = oldIndex.get(name);
      if (j === undefined) {
        // placeholder until the dirty pass computes it; contributes nothing yet
        cells[i] = { node: name, state: 'ineligible', shouldRun: false, shouldContinueRunning: false, reasons: [], pods: [] };
        bits[i] = 0;
        eligs[i] = this.eligFor(rec, this.sortedFacts[i]!);
        rec.acc.states.ineligible += 1;
        rec.dirty.set(name, true);
      } else {
        cells[i] = rec.cells[j]!;
        bits[i] = rec.bits[j]!;
        eligs[i] = rec.eligs[j]!;
        kept.add(name);
      }
    }
    old.forEach((name, j) => {
      if (kept.has(name)) return;
      applyCell(rec.acc, rec.cells[j]!, rec.bits[j]!, -1);
      rec.acc.until.delete(name);
    });
    rec.names = names;
    rec.cells = cells;
    rec.bits = bits;
    rec.eligs = eligs;
    rec.cellsShared = false;
    return true;
  }

  private buildResult(rec: AgentRec): AgentCoverage {
    const ds = rec.ds;
    const acc = rec.acc;
    const meta = ds.metadata ?? {};
    const counts: Counts = {
      desired: acc.desired,
      current: acc.current,
      ready: acc.ready,
      available: acc.available,
      updated: acc.updated,
      misscheduled: acc.misscheduled,
      unavailable: acc.desired - acc.available,
    };
    const strategy = resolveStrategy(ds, acc.desired);
    const kubectl = rolloutStatusText(ds);
    const engineDone = counts.updated >= counts.desired && counts.available >= counts.desired;
    const badNode: RolloutDetail['blocking']['badNode'] = [];
    const badPod: RolloutDetail['blocking']['badPod'] = [];
    if (!engineDone) {
      const blocking = [...acc.blocking.values()].sort((a, b) => (a.node < b.node ? -1 : 1));
      for (const c of blocking) {
        const reason = c.reasons[0]?.message ?? c.state;
        if (c.blocking === 'bad-node') badNode.push({ node: c.node, reason });
        else badPod.push({ node: c.node, pod: c.pods.find((p) => !p.deletionTimestamp)?.name ?? '', reason });
      }
    }
    const maxUnavailable = strategy.type === 'RollingUpdate' ? strategy.maxUnavailable : 0;
    const maxSurge = strategy.type === 'RollingUpdate' ? strategy.maxSurge : 0;
    const budgetFull = maxSurge === 0 ? acc.budgetUnavailable >= maxUnavailable : acc.surgeInUse >= maxSurge;
    const rollout: AgentRollout = {
      done: kubectl.done,
      percent: counts.desired === 0 ? 100 : Math.floor((counts.updated / counts.desired) * 100),
      stuck: strategy.type === 'RollingUpdate' && !engineDone && (strategy.invalid !== undefined || (badNode.length + badPod.length > 0 && budgetFull)),
      statusText: kubectl.text,
      currentRevision: rec.currentRevision,
      strategy: strategyDTO(strategy),
      desired: counts.desired,
      updated: counts.updated,
      available: counts.available,
      budget: { maxUnavailable, maxSurge, unavailable: acc.budgetUnavailable },
      blocking: { badNode, badPod },
      surgeInUse: acc.surgeInUse,
      engineDone,
    };
    if (strategy.type === 'RollingUpdate' && strategy.invalid) rollout.invalidStrategy = strategy.invalid;
    if (!rec.revisions) rec.revisions = revisionViews([...(this.revisionsByOwner.get(rec.uid)?.values() ?? [])], rec.currentName);
    const spec = ds.spec?.template?.spec;
    const out: AgentCoverage = {
      namespace: meta.namespace ?? '',
      name: meta.name ?? '',
      uid: rec.uid,
      generation: meta.generation ?? 0,
      observedGeneration: ds.status?.observedGeneration ?? 0,
      ds,
      counts,
      status: statusCounts(ds),
      strategy: rollout.strategy,
      rollout,
      cells: rec.cells,
      states: Object.fromEntries(Object.entries(acc.states).filter(([, v]) => v > 0)),
      excludedByReason: Object.fromEntries(acc.excluded),
      currentHash: rec.ctx.hash,
      currentRevision: rec.currentRevision,
      currentRevisionMatched: rec.currentMatched,
      revisions: rec.revisions,
      nodeSelector: spec?.nodeSelector ?? {},
      images: (spec?.containers ?? []).map((c) => c.image ?? ''),
      tolerations: rec.elig.tolerations,
    };
    if (spec?.affinity) out.affinity = spec.affinity;
    return out;
  }
}

function strategyDTO(s: ReturnType<typeof resolveStrategy>): StrategyDTO {
  if (s.type === 'OnDelete') return { type: 'OnDelete' };
  return { type: 'RollingUpdate', maxUnavailable: s.maxUnavailable, maxSurge: s.maxSurge, raw: s.raw };
}
