import { describe, expect, it } from 'vitest';
import { recreateSummary, restartSummary, rollbackSummary } from './describe';

const counts = { desired: 37, current: 37, ready: 37, available: 37, updated: 37, misscheduled: 0, unavailable: 0 };
const rolling = { type: 'RollingUpdate' as const, maxUnavailable: 1, maxSurge: 0, raw: { maxUnavailable: '1', maxSurge: '0' } };

describe('confirmation texts', () => {
  it('says exactly what a restart does', () => {
    expect(restartSummary({ name: 'node-exporter', strategy: rolling, counts })).toBe(
      'Restart node-exporter: 37 pods replaced, at most 1 unavailable at a time.',
    );
  });

  it('mentions surge and singular pods', () => {
    const strategy = { ...rolling, maxUnavailable: 0, maxSurge: 1, raw: { maxUnavailable: '0', maxSurge: '1' } };
    expect(restartSummary({ name: 'fluent-bit', strategy, counts: { ...counts, current: 1 } })).toBe(
      'Restart fluent-bit: 1 pod replaced, at most 0 unavailable at a time, up to 1 extra pod surging.',
    );
  });

  it('warns that OnDelete replaces nothing by itself', () => {
    expect(restartSummary({ name: 'legacy', strategy: { type: 'OnDelete' }, counts })).toContain('no pod is replaced until you delete it');
    expect(rollbackSummary({ name: 'legacy', strategy: { type: 'OnDelete' }, counts }, 2)).toContain('revision 2');
  });

  it('names the revision, the pod and the node', () => {
    expect(rollbackSummary({ name: 'node-exporter', strategy: rolling, counts }, 3)).toBe(
      'Roll back node-exporter to revision 3: its pod template becomes current and 37 pods are replaced, at most 1 unavailable at a time.',
    );
    expect(recreateSummary('node-exporter', 'worker-3', 'node-exporter-x1')).toBe(
      'Delete pod node-exporter-x1 on worker-3; the DaemonSet controller creates a new node-exporter pod on worker-3.',
    );
  });
});
