import { describe, expect, it } from 'vitest';
import { eventFor } from './audit';

describe('eventFor', () => {
  const now = new Date('2025-05-06T07:08:09Z');
  const base = { ctx: 'c', actor: 'alice@example.com', result: 'changed' as const, message: 'ok' };

  it('points at the DaemonSet, names the person and the component', () => {
    const ev = eventFor({ ...base, action: 'rollback', target: { namespace: 'ns', name: 'agent', uid: 'u-1' }, detail: { revision: 3 } }, now);
    expect(ev.involvedObject).toEqual({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'ns', name: 'agent', uid: 'u-1' });
    expect(ev.reason).toBe('EverynodeRollback');
    expect(ev.message).toBe('alice@example.com rolled the DaemonSet back to revision 3 via Everynode');
    expect(ev.source?.component).toBe('everynode');
    expect(ev.metadata?.namespace).toBe('ns');
  });

  it('says which pods a recreate deleted and where', () => {
    const ev = eventFor({ ...base, action: 'recreate', target: { namespace: 'ns', name: 'agent', node: 'n7' }, detail: { pods: 'pod "agent-x"' } }, now);
    expect(ev.reason).toBe('EverynodeRecreate');
    expect(ev.message).toBe('alice@example.com deleted pod "agent-x" on node n7 so the controller recreates it via Everynode');
  });
});
