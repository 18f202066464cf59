import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileEligibility, nodeShouldRunDaemonPod } from './eligibility';
import { fixHint } from './fix-hint';
import type { KDaemonSet, KNode } from './k8s';
import { mkDaemonSet, mkNode, type DaemonSetOptions, type NodeOptions } from '@/test/support/engine/synthetic';

function hint(o: DaemonSetOptions, n: NodeOptions) {
  const ds = mkDaemonSet('agent', o);
  const node = mkNode('n1', n);
  const e = nodeShouldRunDaemonPod(compileEligibility(ds), { name: 'n1', labels: node.metadata!.labels, taints: node.spec!.taints });
  return { ds, node, text: fixHint(ds, node, e.reasons) };
}

/** Apply the hint's patches naively and check the agent becomes eligible. */
function applied(ds: KDaemonSet, node: KNode, text: string) {
  const docs = parseAllDocuments(text).map((d) => d.toJSON() as Record<string, unknown>);
  const d = structuredClone(ds);
  const n = structuredClone(node);
  for (const doc of docs) {
    if (!doc) continue;
    const spec = (doc as { spec?: { template?: { spec?: Record<string, unknown> } } }).spec?.template?.spec;
    if (spec) Object.assign(d.spec!.template!.spec!, spec, spec.nodeName === null ? { nodeName: undefined } : {});
    const labels = (doc as { metadata?: { labels?: Record<string, string | null> } }).metadata?.labels;
    for (const [k, v] of Object.entries(labels ?? {})) {
      if (v === null) delete n.metadata!.labels![k];
      else n.metadata!.labels![k] = v;
    }
  }
  return nodeShouldRunDaemonPod(compileEligibility(d), { name: 'n1', labels: n.metadata!.labels, taints: n.spec!.taints }).shouldRun;
}

describe('fixHint', () => {
  it('is undefined for an eligible node', () => {
    expect(hint({}, {}).text).toBeUndefined();
  });

  it.each<[string, DaemonSetOptions, NodeOptions]>([
    ['taint with value → Equal toleration', { tolerations: [{ key: 'x', operator: 'Exists' }] }, { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] }],
    ['taint without value → Exists toleration', {}, { taints: [{ key: 'dedicated', effect: 'NoExecute' }] }],
    ['nodeSelector → add label', { nodeSelector: { 'anyrobot-app': 'true' } }, {}],
    ['affinity In → set label', { affinityTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }] }, { labels: { zone: 'c' } }],
    ['affinity DoesNotExist → remove label', { affinityTerms: [{ matchExpressions: [{ key: 'node-role.kubernetes.io/edge', operator: 'DoesNotExist' }] }] }, { labels: { 'node-role.kubernetes.io/edge': '' } }],
    ['affinity NotIn → remove label', { affinityTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }] }, { labels: { zone: 'a' } }],
    ['affinity Exists → add label', { affinityTerms: [{ matchExpressions: [{ key: 'gpu', operator: 'Exists' }] }] }, {}],
    ['affinity Gt → value above', { affinityTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }] }, { labels: { cores: '4' } }],
    ['affinity Lt → value below', { affinityTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['8'] }] }] }, { labels: { cores: '9' } }],
    ['closest of two terms', { affinityTerms: [{ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] }, { matchExpressions: [{ key: 'c', operator: 'In', values: ['1'] }] }] }, {}],
    ['nodeName → drop it', { nodeName: 'other' }, {}],
    ['taint and selector together', { nodeSelector: { role: 'log' } }, { taints: [{ key: 'k', value: 'v', effect: 'NoSchedule' }] }],
  ])('%s makes the node eligible', (_name, o, n) => {
    const { ds, node, text } = hint(o, n);
    expect(text).toBeDefined();
    expect(applied(ds, node, text!)).toBe(true);
  });

  it('keeps the existing tolerations in the list it proposes', () => {
    const { text } = hint({ tolerations: [{ key: 'x', operator: 'Exists' }] }, { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] });
    expect(text!.startsWith('# DaemonSet default/agent\n')).toBe(true);
    expect(parse(text!.split('---\n')[0]!)).toEqual({
      spec: { template: { spec: { tolerations: [{ key: 'x', operator: 'Exists' }, { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }] } } },
    });
  });

  it('changes only what the closest term needs', () => {
    const { text } = hint({ affinityTerms: [{ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'Exists' }] }, { matchExpressions: [{ key: 'c', operator: 'In', values: ['1'] }] }] }, {});
    expect(parse(text!)).toEqual({ metadata: { labels: { c: '1' } } });
  });
});
