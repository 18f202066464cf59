import { describe, expect, it } from 'vitest';
import type { KDaemonSet } from './k8s';
import { rolloutStatusText } from './rollout-status';
import { mkDaemonSet } from '@/test/support/engine/synthetic';

const withStatus = (generation: number, status: KDaemonSet['status']) => mkDaemonSet('node-exporter', { generation, status });

describe('rolloutStatusText (kubectl DaemonSetStatusViewer)', () => {
  it.each<[string, KDaemonSet, string, boolean]>([
    ['not all updated', withStatus(2, { observedGeneration: 2, desiredNumberScheduled: 5, updatedNumberScheduled: 3, numberAvailable: 5 }), 'Waiting for daemon set "node-exporter" rollout to finish: 3 out of 5 new pods have been updated...\n', false],
    ['updated, not available', withStatus(2, { observedGeneration: 2, desiredNumberScheduled: 5, updatedNumberScheduled: 5, numberAvailable: 4 }), 'Waiting for daemon set "node-exporter" rollout to finish: 4 of 5 updated pods are available...\n', false],
    ['done', withStatus(2, { observedGeneration: 2, desiredNumberScheduled: 5, updatedNumberScheduled: 5, numberAvailable: 5 }), 'daemon set "node-exporter" successfully rolled out\n', true],
    ['done with nothing desired', withStatus(1, { observedGeneration: 1 }), 'daemon set "node-exporter" successfully rolled out\n', true],
    ['spec not observed yet', withStatus(3, { observedGeneration: 2, desiredNumberScheduled: 5, updatedNumberScheduled: 5, numberAvailable: 5 }), 'Waiting for daemon set spec update to be observed...\n', false],
  ])('%s', (_name, ds, text, done) => {
    expect(rolloutStatusText(ds)).toEqual({ text, done });
  });

  it('OnDelete: the error kubectl prints', () => {
    expect(rolloutStatusText(mkDaemonSet('a', { strategy: { type: 'OnDelete' } }))).toEqual({ text: 'rollout status is only available for RollingUpdate strategy type', done: true, error: true });
  });
});
