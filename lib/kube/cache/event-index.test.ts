import { describe, expect, it } from 'vitest';
import { EventIndex, MAX_AGE_MS, PER_OBJECT, slimEvent } from './event-index';
import type { Change } from './reducer';
import type { KubeObject } from './slim';

const T0 = Date.parse('2026-01-01T01:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

function event(name: string, kind: string, obj: string, lastMs: number, type = 'Warning'): KubeObject {
  return slimEvent({
    metadata: { name, namespace: 'ns', resourceVersion: '1', managedFields: [{}] },
    type,
    reason: 'R',
    message: `m ${name}`,
    count: 2,
    involvedObject: { kind, name: obj, namespace: kind === 'Node' ? 'default' : 'ns' },
    lastTimestamp: at(lastMs),
    source: { component: 'x' },
  } as KubeObject);
}
const up = (obj: KubeObject): Change => ({ type: 'upsert', obj });

describe('EventIndex', () => {
  it('answers per object, newest first, with Node events whatever namespace the recorder gave them', () => {
    const idx = new EventIndex();
    idx.apply([up(event('a', 'Pod', 'p', 1000)), up(event('b', 'Pod', 'p', 3000)), up(event('c', 'Node', 'n1', 2000)), up(event('d', 'Pod', 'q', 0))], T0 + 5000);
    expect(idx.of('Pod', 'ns', 'p').map((e) => e.metadata?.name)).toEqual(['b', 'a']);
    expect(idx.of('Node', '', 'n1').map((e) => e.message)).toEqual(['m c']);
    expect(idx.of('DaemonSet', 'ns', 'p')).toEqual([]);
  });

  it('keeps at most PER_OBJECT per object, Warnings over older Normal chatter, and reports what it let go', () => {
    const idx = new EventIndex();
    const warning = event('w', 'DaemonSet', 'ds', 0);
    const normals = Array.from({ length: PER_OBJECT + 3 }, (_, i) => event(`n${i}`, 'DaemonSet', 'ds', 1000 + i, 'Normal'));
    const evicted = idx.apply([up(warning), ...normals.map(up)], T0 + 60_000);
    expect(idx.of('DaemonSet', 'ns', 'ds')).toHaveLength(PER_OBJECT);
    expect(idx.of('DaemonSet', 'ns', 'ds').some((e) => e.metadata?.name === 'w')).toBe(true);
    expect(evicted).toEqual(['ns/n0', 'ns/n1', 'ns/n2', 'ns/n3']);
  });

  it('drops Events past their age on sweep, and forgets removed ones', () => {
    const idx = new EventIndex();
    const old = event('old', 'Pod', 'p', 0);
    const fresh = event('fresh', 'Pod', 'p', MAX_AGE_MS);
    idx.apply([up(old), up(fresh)], T0 + 1000);
    expect(idx.sweep(T0 + MAX_AGE_MS + 1000)).toEqual(['ns/old']);
    idx.apply([{ type: 'remove', obj: fresh }]);
    expect(idx.size).toBe(0);
  });

  it('slims an Event to what is read', () => {
    const e = event('a', 'Pod', 'p', 0);
    expect(Object.keys(e.metadata!)).not.toContain('managedFields');
    expect(e).not.toHaveProperty('source');
    expect(e).toMatchObject({ reason: 'R', count: 2, lastTimestamp: at(0) });
  });
});
