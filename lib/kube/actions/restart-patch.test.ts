import { describe, expect, it } from 'vitest';
import { recentRestart, restartPatch, rfc3339 } from './restart-patch';

describe('restartPatch', () => {
  it('sets only the restartedAt template annotation, RFC 3339 to the second', () => {
    expect(restartPatch(new Date('2025-03-04T05:06:07.891Z'))).toEqual({
      spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2025-03-04T05:06:07Z' } } } },
    });
    expect(rfc3339(new Date('2025-12-31T23:59:59.999Z'))).toBe('2025-12-31T23:59:59Z');
  });
});

describe('recentRestart', () => {
  const now = new Date('2025-03-04T05:06:10Z');
  it('reports a restart inside the repeat window as a double click', () => {
    expect(recentRestart({ 'kubectl.kubernetes.io/restartedAt': '2025-03-04T05:06:07Z' }, now)).toBe('2025-03-04T05:06:07Z');
    expect(recentRestart({ 'kubectl.kubernetes.io/restartedAt': '2025-03-04T07:06:07+02:00' }, now)).toBe('2025-03-04T07:06:07+02:00');
  });
  it('ignores old, missing or unparsable annotations', () => {
    expect(recentRestart({ 'kubectl.kubernetes.io/restartedAt': '2025-03-04T05:05:00Z' }, now)).toBeUndefined();
    expect(recentRestart({}, now)).toBeUndefined();
    expect(recentRestart(undefined, now)).toBeUndefined();
    expect(recentRestart({ 'kubectl.kubernetes.io/restartedAt': 'yesterday' }, now)).toBeUndefined();
  });
});
