import { describe, expect, it } from 'vitest';
import { causeHint } from './cause-hint';

const ctx = { namespace: 'metrics-quota', agent: 'quota-exporter', node: 'worker-10', hostPorts: [5140] };

describe('cause hints', () => {
  it('quotes the quota figures and names the quota to raise', () => {
    const hint = causeHint(
      { category: 'quota', message: 'Error creating: pods "q-x" is forbidden: exceeded quota: agent-quota, requested: requests.cpu=100m, used: requests.cpu=200m, limited: requests.cpu=200m' },
      ctx,
    );
    expect(hint).toContain('raise the quota agent-quota in ns metrics-quota: requests.cpu used 200m/200m, each pod asks 100m');
    expect(hint).toContain('kubectl edit resourcequota agent-quota -n metrics-quota');
  });

  it('reads several quota resources', () => {
    const hint = causeHint(
      { category: 'quota', message: 'exceeded quota: q, requested: pods=1,requests.cpu=100m, used: pods=2,requests.cpu=200m, limited: pods=2,requests.cpu=1' },
      ctx,
    );
    expect(hint).toContain('pods used 2/2, each pod asks 1; requests.cpu used 200m/1, each pod asks 100m');
  });

  it('offers the namespace label or dropping hostPath for Pod Security', () => {
    const hint = causeHint({ category: 'pod-security', message: 'violates PodSecurity "restricted:latest": restricted volume types (volume "h" uses restricted volume type "hostPath")' }, { ...ctx, namespace: 'restricted-agents' });
    expect(hint).toContain('label the namespace pod-security.kubernetes.io/enforce=privileged');
    expect(hint).toContain('kubectl label ns restricted-agents');
    expect(hint).toContain('drop hostPath');
  });

  it('says a toleration is not the fix for what does not fit, and which port to free', () => {
    expect(causeHint({ category: 'cannot-fit:memory', message: '' }, ctx)).toMatch(/lower the agent's memory request.*a toleration is not the fix here/);
    expect(causeHint({ category: 'host-port', message: '' }, ctx)).toMatch(/free port 5140 on node worker-10 .*or change the agent's hostPort — a toleration is not the fix here/);
    expect(causeHint({ category: 'node-refused:OutOfcpu', message: '' }, ctx)).toMatch(/no cpu left/);
  });

  it('has nothing to say about an unknown failure', () => {
    expect(causeHint({ category: 'create-failed', message: 'Timeout' }, ctx)).toBeUndefined();
  });
});
