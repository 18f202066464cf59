import { stringify } from 'yaml';
import { compileEligibility } from './eligibility';
import type { KDaemonSet, KNode, KToleration } from './k8s';
import { closestTermFailures, nodeSelectorFailures, parseInt64 } from './node-affinity';
import type { Reason } from './types';

function toleration(taint: string): KToleration | undefined {
  const m = /^(.*?)(?:=(.*))?:(NoSchedule|NoExecute|PreferNoSchedule)$/.exec(taint);
  if (!m) return undefined;
  const [, key, value, effect] = m;
  return value ? { key, operator: 'Equal', value, effect } : { key, operator: 'Exists', effect };
}

const doc = (comment: string, body: unknown) => `# ${comment}\n${stringify(body, { lineWidth: 0 })}`;

/**
 * The smallest change that would make the agent eligible on the node, as actions the console can
 * offer: tolerations to add to the DaemonSet (one per untolerated taint), node labels to add,
 * change or remove (null) for the nodeSelector and the closest affinity term, whether the
 * template nodeName must go, and notes for what only an edit of the DaemonSet can fix.
 */
export interface FixActions {
  tolerations: KToleration[];
  labels: Record<string, string | null>;
  dropNodeName: boolean;
  notes: string[];
}

export function fixActions(ds: KDaemonSet, node: KNode, reasons: readonly Reason[]): FixActions | undefined {
  if (reasons.length === 0) return undefined;
  const nodeName = node.metadata?.name ?? '';
  const labels = node.metadata?.labels;
  const tolerations = reasons.filter((r) => r.kind === 'taint' && r.taint).map((r) => toleration(r.taint!)).filter((t): t is KToleration => t !== undefined);
  const labelChanges: Record<string, string | null> = {};
  const notes: string[] = [];
  if (reasons.some((r) => r.kind === 'nodeSelector')) {
    for (const f of nodeSelectorFailures(ds.spec?.template?.spec?.nodeSelector, labels)) labelChanges[f.key] = f.want;
  }
  if (reasons.some((r) => r.kind === 'affinity')) {
    const compiled = compileEligibility(ds).affinity;
    const closest = compiled ? closestTermFailures(compiled, labels, nodeName) : undefined;
    if (!closest) notes.push('node affinity has no valid term; fix the DaemonSet affinity');
    else {
      for (const r of closest.labels) {
        const key = r.key ?? '';
        const values = r.values ?? [];
        switch (r.operator) {
          case 'In':
            labelChanges[key] = values[0] ?? '';
            break;
          case 'Exists':
            labelChanges[key] = labels?.[key] ?? '';
            break;
          case 'NotIn':
          case 'DoesNotExist':
            labelChanges[key] = null;
            break;
          case 'Gt':
          case 'Lt': {
            const bound = parseInt64(values[0] ?? '');
            if (bound !== undefined) labelChanges[key] = String(r.operator === 'Gt' ? bound + 1n : bound - 1n);
            break;
          }
        }
      }
      if (closest.fields.length > 0) notes.push(`node affinity matchFields (${closest.fields.map((f) => `${f.key} ${f.operator} ${(f.values ?? []).join(',')}`).join('; ')}) excludes this node; edit the DaemonSet`);
    }
  }
  const dropNodeName = reasons.some((r) => r.kind === 'nodeName');
  if (tolerations.length === 0 && Object.keys(labelChanges).length === 0 && !dropNodeName && notes.length === 0) return undefined;
  return { tolerations, labels: labelChanges, dropNodeName, notes };
}

/**
 * The same change as YAML snippets: the tolerations to add to the DaemonSet (the whole list,
 * since a patch replaces it), the node labels to add, change or remove (null), or the template
 * nodeName to drop. Undefined when there is nothing to fix.
 */
export function fixHint(ds: KDaemonSet, node: KNode, reasons: readonly Reason[]): string | undefined {
  const fix = fixActions(ds, node, reasons);
  if (!fix) return undefined;
  const dsRef = `${ds.metadata?.namespace ?? ''}/${ds.metadata?.name ?? ''}`;
  const docs: string[] = [];
  const templateSpec: Record<string, unknown> = {};
  if (fix.dropNodeName) templateSpec.nodeName = null;
  if (fix.tolerations.length > 0) templateSpec.tolerations = [...(ds.spec?.template?.spec?.tolerations ?? []), ...fix.tolerations];
  if (Object.keys(templateSpec).length > 0) docs.push(doc(`DaemonSet ${dsRef}`, { spec: { template: { spec: templateSpec } } }));
  if (Object.keys(fix.labels).length > 0) docs.push(doc(`Node ${node.metadata?.name ?? ''} (null removes the label)`, { metadata: { labels: fix.labels } }));
  for (const n of fix.notes) docs.push(`# ${n}\n`);
  return docs.length > 0 ? docs.join('---\n') : undefined;
}
