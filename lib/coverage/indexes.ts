import { daemonSetOwnerUid, type KControllerRevision, type KPod } from './k8s';
import type { PodsByNode } from './agent-cells';
import { podFacts, type PodFacts } from './pods';

/** Where a pod is filed: its controlling DaemonSet's uid and its target node ('' when none yet). */
export interface PodSlot {
  owner: string;
  node: string;
}

/** Daemon pods by (controller owner uid, target node), each digested once when it arrives. */
export class PodIndex {
  private readonly byOwner = new Map<string, Map<string, PodFacts[]>>();
  private readonly slots = new Map<string, PodSlot>();

  /** File a pod that has no slot (remove the previous version first); undefined when no DaemonSet controls it. */
  add(uid: string, pod: KPod): PodSlot | undefined {
    const owner = daemonSetOwnerUid(pod.metadata);
    if (!owner) return undefined;
    const facts = podFacts(pod);
    const node = facts.node ?? '';
    let byNode = this.byOwner.get(owner);
    if (!byNode) this.byOwner.set(owner, (byNode = new Map()));
    const list = byNode.get(node);
    if (list) list.push(facts);
    else byNode.set(node, [facts]);
    const slot = { owner, node };
    this.slots.set(uid, slot);
    return slot;
  }

  /** Unfile a pod; returns the slot it left. */
  remove(uid: string): PodSlot | undefined {
    const slot = this.slots.get(uid);
    if (!slot) return undefined;
    this.slots.delete(uid);
    const byNode = this.byOwner.get(slot.owner);
    const list = byNode?.get(slot.node);
    if (!byNode || !list) return slot;
    const i = list.findIndex((p) => p.uid === uid);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) byNode.delete(slot.node);
    if (byNode.size === 0) this.byOwner.delete(slot.owner);
    return slot;
  }

  /** One DaemonSet's pods by target node. */
  byNode(owner: string): PodsByNode | undefined {
    return this.byOwner.get(owner);
  }
}

/** ControllerRevisions by owning DaemonSet uid, then name. */
export class RevisionIndex {
  private readonly byOwner = new Map<string, Map<string, KControllerRevision>>();

  /** File a revision; returns its owner's uid, undefined when it has none (ignored). */
  upsert(rev: KControllerRevision): string | undefined {
    const owner = daemonSetOwnerUid(rev.metadata);
    const name = rev.metadata?.name;
    if (!owner || !name) return undefined;
    let m = this.byOwner.get(owner);
    if (!m) this.byOwner.set(owner, (m = new Map()));
    m.set(name, rev);
    return owner;
  }

  /** Unfile a revision; returns its owner's uid, undefined when it was not filed. */
  remove(rev: KControllerRevision): string | undefined {
    const owner = daemonSetOwnerUid(rev.metadata);
    const name = rev.metadata?.name;
    if (!owner || !name) return undefined;
    const m = this.byOwner.get(owner);
    if (!m?.delete(name)) return undefined;
    if (m.size === 0) this.byOwner.delete(owner);
    return owner;
  }

  of(owner: string): KControllerRevision[] {
    return [...(this.byOwner.get(owner)?.values() ?? [])];
  }
}
