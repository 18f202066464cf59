import { CHANGE_CAUSE_ANNOTATION, type KDaemonSet, type KIntOrString, type KNodeSelectorTerm, type KToleration } from '@/lib/coverage/k8s';
import { templateToYaml } from './template-yaml';

/** Everything the change form shows of a DaemonSet, as it is now. */
export interface AgentSettings {
  /** Init containers first, in template order. */
  containers: { name: string; image: string; init: boolean }[];
  strategy: { type: 'RollingUpdate'; maxUnavailable: KIntOrString; maxSurge: KIntOrString } | { type: 'OnDelete' };
  minReadySeconds: number;
  tolerations: KToleration[];
  nodeSelector: Record<string, string>;
  requiredNodeAffinity: KNodeSelectorTerm[] | null;
  templateYaml: string;
  changeCause?: string;
}

export function currentSettings(ds: KDaemonSet): AgentSettings {
  const spec = ds.spec?.template?.spec;
  const s = ds.spec?.updateStrategy;
  const cause = ds.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION];
  return {
    containers: [
      ...(spec?.initContainers ?? []).map((c) => ({ name: c.name ?? '', image: c.image ?? '', init: true })),
      ...(spec?.containers ?? []).map((c) => ({ name: c.name ?? '', image: c.image ?? '', init: false })),
    ],
    strategy: s?.type === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', maxUnavailable: s?.rollingUpdate?.maxUnavailable ?? 1, maxSurge: s?.rollingUpdate?.maxSurge ?? 0 },
    minReadySeconds: ds.spec?.minReadySeconds ?? 0,
    tolerations: spec?.tolerations ?? [],
    nodeSelector: spec?.nodeSelector ?? {},
    requiredNodeAffinity: spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? null,
    templateYaml: templateToYaml(ds.spec?.template),
    ...(cause !== undefined ? { changeCause: cause } : {}),
  };
}
