import 'server-only';
import { CoreV1Api } from '@kubernetes/client-node';
import { applyNodeChange, nodePatch } from '@/lib/change/node/apply';
import { describeOp, type NodeChange, type NodeChangeOp } from '@/lib/change/node/model';
import { AppError, conflict, fromKubeError, notFound } from '@/lib/errors';
import { apiFor } from '@/lib/kube/contexts';
import type { Actor } from '@/lib/kube/security/identity';
import { mergePatch } from './patch-options';

export interface NodeChangeTarget {
  name: string;
  /** The resourceVersion the preview was computed on. */
  resourceVersion: string;
}

export interface NodeChangeDone {
  node: string;
  changed: boolean;
  uid?: string;
  resourceVersion?: string;
  /** kubectl's words, e.g. "node/worker-1 tainted, labeled". */
  message: string;
}

/** kubectl's past participle per op: `node/NAME tainted`, `untainted`, `labeled`, `unlabeled`, `cordoned`, `uncordoned`. */
function verbOf(op: NodeChangeOp): string {
  switch (op.op) {
    case 'addTaint':
      return 'tainted';
    case 'removeTaint':
      return 'untainted';
    case 'setLabel':
      return 'labeled';
    case 'removeLabel':
      return 'unlabeled';
    case 'setUnschedulable':
      return op.unschedulable ? 'cordoned' : 'uncordoned';
  }
}

const stale = (name: string) => conflict(`node ${name} changed since the preview; preview again`);

/**
 * One node changed as the person, only if it is still the version the preview was computed on:
 * a newer resourceVersion is refused with 409 before anything is sent, and the patch carries
 * the previewed resourceVersion so a change in between is refused by the API server (409) too.
 */
export async function changeNode(ctx: string, target: NodeChangeTarget, change: NodeChange, actor: Actor): Promise<NodeChangeDone> {
  const api = apiFor(ctx, CoreV1Api, actor.identity);
  const { name } = target;
  const node = await api.readNode({ name }).catch((err: unknown) => {
    if (fromKubeError(err).status === 404) throw notFound(`node ${name} not found`);
    throw err;
  });
  if (node.metadata?.resourceVersion !== target.resourceVersion) throw stale(name);
  const applied = applyNodeChange(node, change);
  const patch = nodePatch(applied, target.resourceVersion);
  if (!patch) {
    const why = applied.effects.map((e) => e.note).filter(Boolean).join('; ');
    return { node: name, changed: false, uid: node.metadata?.uid, resourceVersion: target.resourceVersion, message: `node/${name} not changed${why ? ` (${why})` : ''}` };
  }
  try {
    const patched = await api.patchNode({ name, body: patch }, mergePatch());
    const verbs = [...new Set(applied.effects.filter((e) => e.changed).map((e) => verbOf(e.op)))];
    return { node: name, changed: true, uid: node.metadata?.uid, resourceVersion: patched.metadata?.resourceVersion, message: `node/${name} ${verbs.join(', ')}` };
  } catch (err) {
    const app = fromKubeError(err);
    if (app.status === 409) throw stale(name);
    if (app.status === 404) throw notFound(`node ${name} not found`);
    throw err;
  }
}

/** How many node patches are in flight at once for a multi-node change. */
const PARALLEL = 8;

export type NodeChangeResult = { target: NodeChangeTarget; done: NodeChangeDone } | { target: NodeChangeTarget; error: AppError };

/**
 * Every node changed on its own (one patch per node, at most PARALLEL at a time); a failure is
 * that node's result, never retried, and does not stop the others.
 */
export async function changeNodes(ctx: string, targets: readonly NodeChangeTarget[], change: NodeChange, actor: Actor): Promise<NodeChangeResult[]> {
  const results = new Array<NodeChangeResult>(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const target = targets[i]!;
      try {
        results[i] = { target, done: await changeNode(ctx, target, change, actor) };
      } catch (err) {
        results[i] = { target, error: fromKubeError(err) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, targets.length) }, worker));
  return results;
}

/** The change in words for audit records and Events: "taint drain:NoExecute, label pool=gpu". */
export const changeWords = (change: NodeChange) => change.ops.map(describeOp).join(', ');
