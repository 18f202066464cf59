import { describe, expect, it } from 'vitest';
import type { NodeCoverage } from '@/lib/coverage/results';
import { mkNode } from '@/test/support/engine/synthetic';
import { nodeDetailResponse } from './map';

const view: NodeCoverage = { name: 'n1', node: mkNode('n1'), ready: true, cordoned: false, unhealthy: [], pressure: [], agents: [] };
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

describe('node page Events (listed raw by lib/kube, mapped here)', () => {
  it('shows the newest first, whichever timestamp an Event carries', () => {
    const events = nodeDetailResponse('ctx', 1, view, [
      { reason: 'Old', lastTimestamp: at(1), involvedObject: { kind: 'Node', name: 'n1' } },
      { reason: 'Newest', series: { lastObservedTime: at(30) }, eventTime: at(2), regarding: { kind: 'Pod', name: 'p' } },
      { reason: 'Middle', eventTime: at(10) },
    ]).events;
    expect(events.map((e) => e.reason)).toEqual(['Newest', 'Middle', 'Old']);
  });

  it('keeps the 100 newest of more', () => {
    const raw = Array.from({ length: 130 }, (_, i) => ({ reason: `e${i}`, lastTimestamp: at(i) }));
    const events = nodeDetailResponse('ctx', 1, view, raw).events;
    expect(events).toHaveLength(100);
    expect(events[0]!.reason).toBe('e129');
    expect(events.at(-1)!.reason).toBe('e30');
  });
});
