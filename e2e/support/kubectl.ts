import { kubectlSync } from '../../test/support/kubectl';
import { KUBECONFIG } from '../env';

/** Runs kubectl against the e2e cluster (the seeded local cluster) and returns stdout. */
export function kubectl(...args: string[]): string {
  if (!KUBECONFIG) throw new Error('EVERYNODE_KUBECONFIG is not set');
  return kubectlSync(KUBECONFIG, args);
}

export function kubectlJson<T>(...args: string[]): T {
  return JSON.parse(kubectl(...args, '-o', 'json')) as T;
}

interface Meta {
  name: string;
  namespace?: string;
  uid: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  ownerReferences?: { kind: string; name: string }[];
}

export interface KubeNode {
  metadata: Meta;
  spec: { unschedulable?: boolean; taints?: { key: string; value?: string; effect: string }[] };
  status: { conditions?: { type: string; status: string }[] };
}
export interface KubeDaemonSet {
  metadata: Meta & { generation: number };
  spec: { template: { metadata?: { annotations?: Record<string, string> }; spec: unknown } };
  status: {
    desiredNumberScheduled: number;
    currentNumberScheduled: number;
    numberReady: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    observedGeneration?: number;
  };
}
export interface KubePod {
  metadata: Meta;
  spec: { nodeName?: string };
  status: { phase?: string; containerStatuses?: { state?: { waiting?: { reason?: string } } }[] };
}

export const nodes = () => kubectlJson<{ items: KubeNode[] }>('get', 'nodes').items;
export const daemonSets = () => kubectlJson<{ items: KubeDaemonSet[] }>('get', 'daemonsets', '-A').items;
export const daemonSet = (ns: string, name: string) => kubectlJson<KubeDaemonSet>('get', 'daemonset', '-n', ns, name);
export const pods = (ns: string) => kubectlJson<{ items: KubePod[] }>('get', 'pods', '-n', ns).items;

export const taintText = (t: { key: string; value?: string; effect: string }) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

/** Pods of a DaemonSet (by owner), on a node when given. */
export function podsOf(ns: string, dsName: string, node?: string): KubePod[] {
  return pods(ns).filter(
    (p) => p.metadata.ownerReferences?.some((o) => o.kind === 'DaemonSet' && o.name === dsName) && (!node || p.spec.nodeName === node) && !p.metadata.deletionTimestamp,
  );
}

/** The kubelet waiting reason a stuck container reports (ImagePullBackOff, CrashLoopBackOff, ...). */
export function waitingReason(p: KubePod): string | undefined {
  return p.status.containerStatuses?.map((c) => c.state?.waiting?.reason).find((r) => r && r !== 'ContainerCreating');
}
