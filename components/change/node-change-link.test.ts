import { describe, expect, it } from 'vitest';
import { nodeChangeQuery, withQuery } from './node-change-link';

describe('node change link (the node page contract)', () => {
  it('encodes labels to set and remove, repeatable', () => {
    const q = nodeChangeQuery({ labels: { 'anyrobot-app': 'true', 'node-role.kubernetes.io/edge': null } });
    expect(q).toBe('change=node&label=anyrobot-app%3Dtrue&label=node-role.kubernetes.io%2Fedge-');
    expect(new URLSearchParams(q).getAll('label')).toEqual(['anyrobot-app=true', 'node-role.kubernetes.io/edge-']);
  });

  it('encodes taints to add and remove', () => {
    const q = new URLSearchParams(nodeChangeQuery({ taints: { add: ['dedicated=db:NoExecute'], remove: ['gpu:NoSchedule'] } }));
    expect(q.getAll('taint')).toEqual(['dedicated=db:NoExecute', 'gpu:NoSchedule-']);
  });

  it('keeps a ?ctx= already in the link', () => {
    expect(withQuery('/nodes/w1?ctx=prod', 'change=node')).toBe('/nodes/w1?ctx=prod&change=node');
    expect(withQuery('/nodes/w1', 'change=node')).toBe('/nodes/w1?change=node');
  });
});
