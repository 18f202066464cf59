import { describe, expect, it } from 'vitest';
import { rightsFromRules, rulesAllow } from './rbac-rules';

describe('rulesAllow', () => {
  it('matches verb, group and resource exactly or by "*"', () => {
    expect(rulesAllow([{ verbs: ['get', 'list'], apiGroups: ['apps'], resources: ['daemonsets'] }], 'list', 'apps', 'daemonsets')).toBe(true);
    expect(rulesAllow([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], 'list', '', 'pods')).toBe(true);
    expect(rulesAllow([{ verbs: ['get', 'watch'], apiGroups: ['apps'], resources: ['daemonsets'] }], 'list', 'apps', 'daemonsets')).toBe(false);
    expect(rulesAllow([{ verbs: ['list'], apiGroups: ['extensions'], resources: ['daemonsets'] }], 'list', 'apps', 'daemonsets')).toBe(false);
    expect(rulesAllow([{ verbs: ['list'], apiGroups: [''], resources: ['pods/log'] }], 'list', '', 'pods')).toBe(false);
  });

  it('does not count a rule limited to named objects as an unrestricted list', () => {
    expect(rulesAllow([{ verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: ['one'] }], 'list', '', 'pods')).toBe(false);
    expect(rulesAllow([{ verbs: ['list'], apiGroups: [''], resources: ['pods'], resourceNames: [] }], 'list', '', 'pods')).toBe(true);
  });

  it('ignores rules without groups or resources (non-resource rules arrive separately)', () => {
    expect(rulesAllow([{ verbs: ['list'] }], 'list', '', 'pods')).toBe(false);
  });
});

describe('rightsFromRules', () => {
  it('reads each cached kind from the rules a namespace review returns', () => {
    const rules = [
      // What system:basic-user and friends contribute to every review.
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectrulesreviews', 'selfsubjectaccessreviews'] },
      { verbs: ['get', 'list', 'watch'], apiGroups: ['apps'], resources: ['daemonsets'] },
      { verbs: ['list'], apiGroups: [''], resources: ['events'] },
    ];
    expect(rightsFromRules(rules)).toEqual({ daemonsets: true, pods: false, controllerrevisions: false, events: true });
    expect(rightsFromRules([])).toEqual({ daemonsets: false, pods: false, controllerrevisions: false, events: false });
  });
});
