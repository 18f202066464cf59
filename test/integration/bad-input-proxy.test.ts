/**
 * The bad-input sweep (bad-input-sweep.ts) in auth-proxy mode: every request names a person
 * whose group is bound to an operator Role in the scenario's namespace, so reads are filtered
 * and actions impersonate them. Bad input must still be refused first, with the same 4xx naming
 * the problem, never a 5xx, no credential in any answer, and nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllCaches } from '@/lib/kube/cache/registry';
import { forgetReadAccess } from '@/lib/kube/security/read-access';
import { agentDaemonSet, createActionsScenario, snapshot, useClusterKubeconfig, type ActionsScenario } from './actions-scenario';
import { badInputCases, credentialFragments, sweep } from './bad-input-sweep';

let s: ActionsScenario;
let secrets: string[];
let person: Record<string, string>;

beforeAll(async () => {
  const kc = useClusterKubeconfig();
  s = await createActionsScenario(kc, 'bp', 2, (ns, id) => [agentDaemonSet(ns, 'agent', id)]);
  secrets = credentialFragments(kc);
  expect(secrets.length).toBeGreaterThan(0);
  const group = `${s.id}-operators`;
  const read = ['get', 'list', 'watch'];
  await s.rbac.createNamespacedRole({
    namespace: s.ns,
    body: {
      metadata: { name: 'operator' },
      rules: [
        { apiGroups: ['apps'], resources: ['daemonsets'], verbs: [...read, 'patch'] },
        { apiGroups: ['apps'], resources: ['controllerrevisions'], verbs: read },
        { apiGroups: [''], resources: ['pods'], verbs: [...read, 'delete'] },
        { apiGroups: [''], resources: ['events'], verbs: read },
      ],
    },
  });
  await s.rbac.createNamespacedRoleBinding({
    namespace: s.ns,
    body: {
      metadata: { name: 'operators' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'operator' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
    },
  });
  person = { 'x-forwarded-user': `${s.id}-operator@example.com`, 'x-forwarded-groups': group };
  process.env.EVERYNODE_AUTH_MODE = 'proxy';
  forgetReadAccess();
});

afterAll(async () => {
  delete process.env.EVERYNODE_AUTH_MODE;
  stopAllCaches();
  await s?.cleanup();
});

describe('bad input in proxy mode', () => {
  it('answers every generated case with a 4xx naming the problem, leaking nothing and changing nothing', async () => {
    const all = badInputCases(s, person);
    expect(all.length).toBeGreaterThanOrEqual(100);
    const before = await snapshot(s);
    const { failures, statuses } = await sweep(all, secrets);
    expect(failures).toEqual([]);
    console.log(`bad-input sweep (proxy mode): ${all.length} cases, statuses ${JSON.stringify(statuses)}`);
    expect(await snapshot(s)).toEqual(before);
    const events = await s.core.listNamespacedEvent({ namespace: s.ns });
    expect(events.items.filter((e) => e.reason?.startsWith('Everynode'))).toEqual([]);
  });
});
