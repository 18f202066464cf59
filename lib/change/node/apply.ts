import type { KNode, KTaint, KTime } from '@/lib/coverage/k8s';
import type { NodeChange, NodeChangeOp } from './model';

/**
 * The node lifecycle controller keeps this taint in step with spec.unschedulable
 * (TaintNodesByCondition); daemon pods tolerate it, so a cordon moves no agent.
 * @see https://github.com/kubernetes/kubernetes/blob/v1.36.3/pkg/controller/nodelifecycle/node_lifecycle_controller.go (doNoScheduleTaintingPass)
 */
export const UNSCHEDULABLE_TAINT: KTaint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** What one op does to one node, in words; `changed` false when the node already is that way. */
export interface OpEffect {
  op: NodeChangeOp;
  changed: boolean;
  /** e.g. "replaces dedicated=cpu:NoExecute", "label zone is already a", "no taint gpu to remove". */
  note?: string;
}

export interface AppliedChange {
  /** The node as it will be: labels, taints and spec.unschedulable changed (nothing else copied deep). */
  node: KNode;
  effects: OpEffect[];
  changed: boolean;
  /** New spec.taints, when an op changed them (the patch sends the whole list: it has no merge key). */
  taints?: KTaint[];
  labels?: Record<string, string | null>;
  unschedulable?: boolean;
}

const sameTaint = (t: KTaint, key: string, effect: string | undefined) => t.key === key && (effect === undefined || t.effect === effect);
const formatTaint = (t: KTaint) => `${t.key ?? ''}${t.value ? `=${t.value}` : ''}:${t.effect ?? ''}`;

/**
 * The node after the change, as kubectl taint/label/cordon would leave it (pure; the input is not
 * touched). A cordon also brings the unschedulable taint the node lifecycle controller adds.
 */
export function applyNodeChange(node: KNode, change: NodeChange): AppliedChange {
  let taints = [...(node.spec?.taints ?? [])];
  const labels: Record<string, string> = { ...(node.metadata?.labels ?? {}) };
  let unschedulable = node.spec?.unschedulable === true;
  const effects: OpEffect[] = [];
  const labelPatch: Record<string, string | null> = {};
  let taintsChanged = false;
  let cordonChanged = false;

  for (const op of change.ops) {
    switch (op.op) {
      case 'addTaint': {
        const existing = taints.find((t) => sameTaint(t, op.key, op.effect));
        if (existing && (existing.value ?? '') === op.value) {
          effects.push({ op, changed: false, note: `already tainted ${formatTaint(existing)}` });
          break;
        }
        const added: KTaint = { key: op.key, effect: op.effect, ...(op.value ? { value: op.value } : {}) };
        taints = existing ? taints.map((t) => (t === existing ? added : t)) : [...taints, added];
        taintsChanged = true;
        effects.push({ op, changed: true, ...(existing ? { note: `replaces ${formatTaint(existing)}` } : {}) });
        break;
      }
      case 'removeTaint': {
        const gone = taints.filter((t) => sameTaint(t, op.key, op.effect));
        if (gone.length === 0) {
          effects.push({ op, changed: false, note: `no taint ${op.key}${op.effect ? `:${op.effect}` : ''} to remove` });
          break;
        }
        taints = taints.filter((t) => !gone.includes(t));
        taintsChanged = true;
        effects.push({ op, changed: true, note: `removes ${gone.map(formatTaint).join(', ')}` });
        break;
      }
      case 'setLabel': {
        const had = Object.prototype.hasOwnProperty.call(labels, op.key) ? labels[op.key] : undefined;
        if (had === op.value) {
          effects.push({ op, changed: false, note: `label ${op.key} is already "${op.value}"` });
          break;
        }
        labels[op.key] = op.value;
        labelPatch[op.key] = op.value;
        effects.push({ op, changed: true, ...(had !== undefined ? { note: `was "${had}"` } : {}) });
        break;
      }
      case 'removeLabel': {
        if (!Object.prototype.hasOwnProperty.call(labels, op.key)) {
          effects.push({ op, changed: false, note: `no label ${op.key} to remove` });
          break;
        }
        const had = labels[op.key];
        delete labels[op.key];
        labelPatch[op.key] = null;
        effects.push({ op, changed: true, note: `was "${had}"` });
        break;
      }
      case 'setUnschedulable': {
        if (unschedulable === op.unschedulable) {
          effects.push({ op, changed: false, note: op.unschedulable ? 'already cordoned' : 'not cordoned' });
          break;
        }
        unschedulable = op.unschedulable;
        cordonChanged = true;
        effects.push({ op, changed: true });
        break;
      }
    }
  }

  // what the node lifecycle controller will do on its own once spec.unschedulable changes
  let hypotheticalTaints = taints;
  if (cordonChanged) {
    hypotheticalTaints = taints.filter((t) => !sameTaint(t, UNSCHEDULABLE_TAINT.key!, UNSCHEDULABLE_TAINT.effect));
    if (unschedulable) hypotheticalTaints = [...hypotheticalTaints, UNSCHEDULABLE_TAINT];
  }
  const labelsChanged = Object.keys(labelPatch).length > 0;
  const hypothetical: KNode = {
    ...node,
    metadata: { ...node.metadata, labels },
    spec: { ...node.spec, taints: hypotheticalTaints, unschedulable },
  };
  return {
    node: hypothetical,
    effects,
    changed: taintsChanged || labelsChanged || cordonChanged,
    ...(taintsChanged ? { taints } : {}),
    ...(labelsChanged ? { labels: labelPatch } : {}),
    ...(cordonChanged ? { unschedulable } : {}),
  };
}

/** A JSON merge patch of the node, as kubectl would send it. */
export interface NodeMergePatch {
  metadata: { resourceVersion: string; labels?: Record<string, string | null> };
  spec?: { taints?: WireTaint[]; unschedulable?: boolean | null };
}

export interface WireTaint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

const wireTime = (t: KTime): string | undefined => (t === null || t === undefined ? undefined : typeof t === 'string' ? t : t.toISOString());

/**
 * The merge patch that makes the change, carrying the resourceVersion the change was computed
 * on: the API server answers 409 when the node moved on since (optimistic concurrency). Taints
 * go whole (spec.taints has no merge key, kubectl also replaces the list); labels go key by
 * key (null removes); uncordon removes spec.unschedulable, as kubectl does.
 * Undefined when the change changes nothing on this node.
 */
export function nodePatch(applied: AppliedChange, resourceVersion: string): NodeMergePatch | undefined {
  if (!applied.changed) return undefined;
  const spec: NonNullable<NodeMergePatch['spec']> = {};
  if (applied.taints) {
    spec.taints = applied.taints.map((t) => {
      const timeAdded = wireTime(t.timeAdded);
      return { key: t.key ?? '', effect: t.effect ?? '', ...(t.value ? { value: t.value } : {}), ...(timeAdded ? { timeAdded } : {}) };
    });
  }
  if (applied.unschedulable !== undefined) spec.unschedulable = applied.unschedulable ? true : null;
  return {
    metadata: { resourceVersion, ...(applied.labels ? { labels: applied.labels } : {}) },
    ...(Object.keys(spec).length > 0 ? { spec } : {}),
  };
}
