import { computeAgentCells, emptyAgentCells, realignAgentCells, recomputeCell, type AgentCells, type NodeList, type PodsByNode } from './agent-cells';
import { agentContext, type AgentContext } from './cell';
import { compileEligibility, nodeShouldRunDaemonPod, type CompiledEligibility, type Eligibility } from './eligibility';
import { EligibilityClasses } from './eligibility-classes';
import { fixActions, fixHint } from './fix-hint';
import { PodIndex, RevisionIndex, type PodSlot } from './indexes';
import { TEMPLATE_GENERATION_ANNOTATION, type KControllerRevision, type KDaemonSet, type KindName, type KNode, type KPod } from './k8s';
import { nodeFacts, type NodeFacts } from './node';
import { agentCoverage, type AgentCoverage, type NodeAgentCell, type NodeCoverage } from './results';
import { isControllerRevisionOf } from './revision-origin';
import { findCurrentRevision, revisionHash, revisionViews, type RevisionView } from './revisions';
import { nodesDue, resetValidUntil } from './totals';
import type { TolerationOptions } from './taints';
import type { Cell } from './types';

export type EngineOptions = TolerationOptions;

/** One agent's live cells on some nodes and its cells on changed versions of them (same order). */
export interface AgentCellsOnNodes {
  agent: AgentCoverage;
  before: Cell[];
  after: Cell[];
}

/** What the engine keeps per DaemonSet. */
interface AgentRec {
  uid: string;
  ds: KDaemonSet;
  specKey: string;
  rules: CompiledEligibility;
  ctx: AgentContext;
  currentName: string | undefined;
  currentRevision: number;
  currentMatched: boolean;
  revisions: RevisionView[] | undefined;
  grid: AgentCells;
  /** Nodes to recompute; true when the node itself changed (eligibility too). */
  dirty: Map<string, boolean>;
  allDirty: boolean;
  /** The DaemonSet's placement rules changed: no cached eligibility may be reused. */
  eligStale: boolean;
  /** Id of rules.classSignature in the engine's EligibilityClasses. */
  sigId: number;
  /** Eligibility per node class id; cleared when the rules change or the classes are reset. */
  eligMemo: Eligibility[];
  result: AgentCoverage | undefined;
  resultStale: boolean;
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
  private nodeTableChanges = 0;
  private nameIndex = new Map<string, number>();
  /** Node facts aligned with sortedNames. */
  private sortedFacts: NodeFacts[] = [];
  private readonly agentsByUid = new Map<string, AgentRec>();
  private readonly uidByKey = new Map<string, string>();
  private readonly pods = new PodIndex();
  private readonly revisions = new RevisionIndex();
  private readonly classes = new EligibilityClasses();

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
        return this.revisionChanged(this.revisions.upsert(obj as KControllerRevision));
    }
  }

  remove(kind: KindName, obj: unknown): void {
    switch (kind) {
      case 'Node':
        return this.removeNode(obj as KNode);
      case 'DaemonSet':
        return this.removeDaemonSet(obj as KDaemonSet);
      case 'Pod': {
        const uid = (obj as KPod).metadata?.uid;
        if (uid) this.markSlot(this.pods.remove(uid));
        return;
      }
      case 'ControllerRevision':
        return this.revisionChanged(this.revisions.remove(obj as KControllerRevision));
    }
  }

  /**
   * Moves when a node is added or removed, or its name-table facts change (ready, cordoned,
   * labels): what is built from those alone (the wire's node table) is kept until it moves.
   * Status updates that change none of them (kwok and kubelets send many) leave it.
   */
  get nodeTableRevision(): number {
    return this.nodeTableChanges;
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

  /**
   * What a what-if computation of one agent needs (lib/coverage/preview.ts): its coverage now,
   * the nodes in grid order and its pods by node. Read-only views of live state: do not edit.
   */
  previewInputs(namespace: string, name: string, now: number): { agent: AgentCoverage; nodes: NodeList; pods: PodsByNode | undefined } | undefined {
    const agent = this.agent(namespace, name, now);
    if (!agent) return undefined;
    return { agent, nodes: { names: this.nodeNames(), facts: this.sortedFacts }, pods: this.pods.byNode(agent.uid) };
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
        const fix = fixActions(a.ds, facts.raw, cell.reasons);
        if (fix && (fix.tolerations.length > 0 || Object.keys(fix.labels).length > 0)) entry.fix = { tolerations: fix.tolerations, labels: fix.labels };
      }
      agents.push(entry);
    }
    return { name, node: facts.raw, ready: facts.ready, cordoned: facts.cordoned, unhealthy: facts.unhealthy, pressure: facts.pressure, agents };
  }

  /**
   * Every agent's cells on hypothetical versions of some known nodes, beside its live cells there,
   * for a node-change preview (node-preview.ts). Nothing here changes: the cells are computed on
   * copies with the agent's rules and its pods on those nodes.
   */
  cellsOnNodes(nodes: readonly KNode[], now: number): AgentCellsOnNodes[] {
    this.nodeNames(); // (re)builds nameIndex
    const facts = nodes.map(nodeFacts);
    const indexes = facts.map((f) => this.nameIndex.get(f.name));
    if (indexes.some((i) => i === undefined)) throw new Error('cellsOnNodes: every node must be known to the engine');
    const list = { names: facts.map((f) => f.name), facts };
    return this.agents(now).map((agent) => {
      const rec = this.agentsByUid.get(agent.uid)!;
      const before = indexes.map((i) => agent.cells[i!]!);
      // the live cells as templates: a cell the change leaves alone keeps its object
      const after = computeAgentCells(rec.ctx, list, this.pods.byNode(rec.uid), (n) => nodeShouldRunDaemonPod(rec.rules, n), now, { cells: before }).cells;
      return { agent, before, after };
    });
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
    const before = this.nodes.get(facts.name);
    const isNew = before === undefined;
    this.nodes.set(facts.name, facts);
    if (isNew || before.ready !== facts.ready || before.cordoned !== facts.cordoned || !sameLabels(before.labels, facts.labels)) this.nodeTableChanges += 1;
    if (isNew) this.sortedNames = undefined;
    else if (this.sortedNames) this.sortedFacts[this.nameIndex.get(facts.name)!] = facts;
    for (const a of this.agentsByUid.values()) a.dirty.set(facts.name, true);
  }

  private removeNode(node: KNode): void {
    const name = node.metadata?.name ?? '';
    if (!this.nodes.delete(name)) return;
    this.nodeTableChanges += 1;
    this.sortedNames = undefined;
    // the cell itself is dropped (and its contribution subtracted) when the agent re-aligns
    for (const a of this.agentsByUid.values()) a.dirty.delete(name);
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
    const rules = compileEligibility(ds, this.options);
    const rec: AgentRec = {
      uid,
      ds,
      specKey,
      rules,
      ctx: agentContext(ds, ''),
      currentName: undefined,
      currentRevision: 0,
      currentMatched: false,
      revisions: undefined,
      grid: emptyAgentCells(),
      dirty: new Map(),
      allDirty: true,
      eligStale: true,
      sigId: this.classes.signatureId(rules.classSignature),
      eligMemo: [],
      result: undefined,
      resultStale: true,
    };
    this.resolveRevision(rec);
    this.agentsByUid.set(uid, rec);
    this.uidByKey.set(key, uid);
  }

  /** The DaemonSet's spec changed: parse its rules again and recompute its context and revision. */
  private compileAgent(rec: AgentRec): void {
    rec.rules = compileEligibility(rec.ds, this.options);
    rec.eligMemo = [];
    rec.sigId = this.classes.signatureId(rec.rules.classSignature);
    rec.ctx = agentContext(rec.ds, rec.ctx.hash);
    this.resolveRevision(rec);
  }

  /** Recompute the current revision; a new hash makes every cell of the agent dirty. */
  private resolveRevision(rec: AgentRec): void {
    const found = findCurrentRevision(rec.ds, this.revisions.of(rec.uid));
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

  private revisionChanged(owner: string | undefined): void {
    const rec = owner === undefined ? undefined : this.agentsByUid.get(owner);
    if (rec) this.resolveRevision(rec);
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
    this.markSlot(this.pods.remove(uid));
    this.markSlot(this.pods.add(uid, pod));
  }

  /** A pod left or entered the slot: its owner's cell on that node needs a recompute. */
  private markSlot(slot: PodSlot | undefined): void {
    if (!slot) return;
    const rec = this.agentsByUid.get(slot.owner);
    if (rec && slot.node !== '' && !rec.dirty.has(slot.node)) rec.dirty.set(slot.node, false);
  }

  // ---------------------------------------------------------------- reads

  private ensure(rec: AgentRec, now: number): AgentCoverage {
    const names = this.nodeNames();
    let changed = false;
    if (!rec.allDirty && rec.grid.names !== names) {
      for (const added of realignAgentCells(rec.grid, { names, facts: this.sortedFacts }, (n) => this.eligFor(rec, n))) rec.dirty.set(added, true);
      changed = true;
    }
    if (!rec.allDirty && now < rec.grid.totals.validFrom) rec.allDirty = true; // read for an earlier moment
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
      const totals = rec.grid.totals;
      if (now >= totals.validUntil) {
        // pods crossed their minReadySeconds mark: recompute those cells, then find the next mark
        for (const n of nodesDue(totals, now)) this.recompute(rec, this.nameIndex.get(n)!, false, now);
        resetValidUntil(totals);
        changed = true;
      }
    }
    if (!rec.result || rec.resultStale || changed) {
      // The history offers only revisions the controller wrote: a hand-made one is never undone to.
      const owner = { name: rec.ds.metadata?.name ?? '', uid: rec.uid };
      rec.revisions ??= revisionViews(this.revisions.of(rec.uid).filter((r) => isControllerRevisionOf(r, owner)), rec.currentName);
      rec.result = agentCoverage({
        uid: rec.uid,
        ds: rec.ds,
        cells: rec.grid,
        currentHash: rec.ctx.hash,
        currentRevision: rec.currentRevision,
        currentRevisionMatched: rec.currentMatched,
        revisions: rec.revisions,
        tolerations: rec.rules.tolerations,
      });
      rec.grid.shared = true;
      rec.resultStale = false;
    }
    return rec.result;
  }

  /**
   * Eligibility of the agent on a node, shared by every node of the same class (see
   * EligibilityClasses): two array reads once the node's class id is known.
   */
  private eligFor(rec: AgentRec, node: NodeFacts): Eligibility {
    const sig = rec.sigId;
    let id = node.classIds[sig];
    if (id === undefined) {
      id = this.classes.classId(sig, rec.rules, node, 2 * this.nodes.size + 64);
      if (id === undefined) return this.forgetClasses(rec, node); // nodes came and went
    }
    let e = rec.eligMemo[id];
    if (e === undefined) rec.eligMemo[id] = e = nodeShouldRunDaemonPod(rec.rules, node);
    return e;
  }

  /** Bound the class tables: drop every class id and memo (cells keep their eligibility) and start over. */
  private forgetClasses(rec: AgentRec, node: NodeFacts): Eligibility {
    this.classes.reset(this.nodes.values());
    node.classIds = [];
    for (const a of this.agentsByUid.values()) a.eligMemo = [];
    return this.eligFor(rec, node);
  }

  /** Every cell of the agent, into fresh arrays aligned with `names`. */
  private computeAll(rec: AgentRec, names: string[], now: number): void {
    const previous = rec.grid;
    const aligned = previous.names === names;
    rec.grid = computeAgentCells(
      rec.ctx,
      { names, facts: this.sortedFacts },
      this.pods.byNode(rec.uid),
      (n) => this.eligFor(rec, n),
      now,
      aligned ? { cells: previous.cells, eligs: rec.eligStale ? undefined : previous.eligs, nodeChanged: rec.dirty } : undefined,
    );
    rec.allDirty = false;
    rec.eligStale = false;
    rec.dirty.clear();
  }

  /** Recompute the cell at index i, reusing its eligibility unless the node changed. */
  private recompute(rec: AgentRec, i: number, nodeChanged: boolean, now: number): void {
    const node = this.sortedFacts[i]!;
    const elig = nodeChanged ? this.eligFor(rec, node) : rec.grid.eligs[i]!;
    recomputeCell(rec.grid, i, rec.ctx, node, this.pods.byNode(rec.uid)?.get(node.name), elig, now);
  }
}

function sameLabels(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  if (a === b) return true;
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  // In order: the table lists a node's labels in their object order.
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a![k] === b![k]);
}
