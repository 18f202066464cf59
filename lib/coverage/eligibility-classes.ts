import { eligibilityClassKey, type CompiledEligibility } from './eligibility';
import type { NodeFacts } from './node';

/**
 * Interned node classes. Agents whose rules read the same label keys (the same class
 * signature) group nodes alike; each node class under a signature gets a small integer, cached
 * on the node, so an agent's eligibility memo is an array and the hot path is two array reads.
 */
export class EligibilityClasses {
  private readonly signatureIds = new Map<string, number>();
  /** Per signature id: node class key → class id. */
  private readonly classIdsBySignature: Map<string, number>[] = [];

  signatureId(signature: string): number {
    let id = this.signatureIds.get(signature);
    if (id === undefined) {
      id = this.classIdsBySignature.length;
      this.signatureIds.set(signature, id);
      this.classIdsBySignature.push(new Map());
    }
    return id;
  }

  /**
   * The node's class id under the rules (stored in node.classIds). Undefined when the table
   * already holds `limit` classes: rules that read node names or per-node labels see a class per
   * node ever seen, so the caller bounds them by calling `reset`.
   */
  classId(signatureId: number, rules: CompiledEligibility, node: NodeFacts, limit: number): number | undefined {
    const ids = this.classIdsBySignature[signatureId]!;
    const key = eligibilityClassKey(rules, node, node.taintKey);
    let id = ids.get(key);
    if (id === undefined) {
      if (ids.size >= limit) return undefined;
      ids.set(key, (id = ids.size));
    }
    node.classIds[signatureId] = id;
    return id;
  }

  /** Drop every class id, in the tables and on the nodes; memos indexed by them must go too. */
  reset(nodes: Iterable<NodeFacts>): void {
    for (const ids of this.classIdsBySignature) ids.clear();
    for (const f of nodes) f.classIds = [];
  }
}
