/**
 * Bad input across every route that takes input, read and write: names that are not DNS-1123,
 * unknown contexts, objects that do not exist, wrong body types, unknown fields, bad JSON, huge
 * bodies. Each must get a 4xx naming the problem (never a 5xx), no response may carry a
 * credential, and afterwards nothing in the scenario has changed. The cases: bad-input-sweep.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopAllCaches } from '@/lib/kube/cache/registry';
import { agentDaemonSet, createActionsScenario, snapshot, useClusterKubeconfig, type ActionsScenario } from './actions-scenario';
import { badInputCases, credentialFragments, sweep } from './bad-input-sweep';

let s: ActionsScenario;
let secrets: string[];

beforeAll(async () => {
  const kc = useClusterKubeconfig();
  s = await createActionsScenario(kc, 'b', 2, (ns, id) => [agentDaemonSet(ns, 'agent', id)]);
  secrets = credentialFragments(kc);
  expect(secrets.length).toBeGreaterThan(0);
});

afterAll(async () => {
  stopAllCaches();
  await s?.cleanup();
});

describe('bad input', () => {
  it('answers every generated case with a 4xx naming the problem, leaking nothing and changing nothing', async () => {
    const all = badInputCases(s);
    expect(all.length).toBeGreaterThanOrEqual(100);
    const before = await snapshot(s);
    const { failures, statuses } = await sweep(all, secrets);
    expect(failures).toEqual([]);
    console.log(`bad-input sweep: ${all.length} cases, statuses ${JSON.stringify(statuses)}`);
    expect(await snapshot(s)).toEqual(before);
    const events = await s.core.listNamespacedEvent({ namespace: s.ns });
    expect(events.items.filter((e) => e.reason?.startsWith('Everynode'))).toEqual([]);
  });
});
