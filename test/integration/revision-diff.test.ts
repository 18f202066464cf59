/**
 * The revision history's diff (jsdiff) on revisions the real DaemonSet controller wrote: after an
 * image change, the old revision's diff against the current one names exactly that change, in the
 * unified-diff shape the agent page's DiffView reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonSetDetailResponse } from '@/lib/api/dto';
import { GET as getDaemonSet } from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/route';
import { stopAllCaches } from '@/lib/kube/cache/registry';
import { until, type CoreScenario, settledCoreScenario } from './core-scenario';

/** Each hunk's header counts must equal its lines: a reader (or `patch`) relies on them. */
function hunkCountsAgree(diff: string): boolean {
  const lines = diff.replace(/\n$/, '').split('\n').slice(2);
  let i = 0;
  while (i < lines.length) {
    const m = /^@@ -\d+,(\d+) \+\d+,(\d+) @@$/.exec(lines[i]!);
    if (!m) return false;
    let oldLines = 0;
    let newLines = 0;
    for (i++; i < lines.length && !lines[i]!.startsWith('@@'); i++) {
      const kind = lines[i]![0];
      if (kind !== '+') oldLines++;
      if (kind !== '-') newLines++;
    }
    if (oldLines !== Number(m[1]) || newLines !== Number(m[2])) return false;
  }
  return true;
}

describe('revision diff on controller-written revisions', () => {
  let s: CoreScenario;
  let ctx = '';

  beforeAll(async () => {
    ({ s, ctx } = await settledCoreScenario());
  });

  afterAll(async () => {
    stopAllCaches();
    await s?.cleanup();
  });

  it('shows the old revision changing the image, and nothing else', async () => {
    const namespace = s.ns.monitoring;
    const name = 'node-exporter';
    const ds = await s.apps.readNamespacedDaemonSet({ namespace, name });
    ds.spec!.template.spec!.containers[0]!.image = 'prom/node-exporter:v1.4.0';
    await s.apps.replaceNamespacedDaemonSet({ namespace, name, body: ds });

    const detail = await until(
      'a second revision in the agent detail',
      async () => {
        const res = await getDaemonSet(new Request('http://localhost/'), { params: Promise.resolve({ ctx, ns: namespace, name }) });
        const body = (await res.json()) as DaemonSetDetailResponse;
        return body.revisions.length === 2 && body.revisions[1]!.current ? body : undefined;
      },
      60_000,
      250,
    );
    const [old, current] = detail.revisions;
    expect(current).toMatchObject({ revision: 2, current: true, diff: '' });
    expect(old!.revision).toBe(1);
    expect(old!.diff.startsWith('--- revision 1\n+++ revision 2 (current)\n@@ -')).toBe(true);
    const changed = old!.diff.split('\n').filter((l) => /^[-+](?![-+]{2} )/.test(l));
    expect(changed).toEqual(['-    - image: prom/node-exporter:v1.3.1', '+    - image: prom/node-exporter:v1.4.0']);
    expect(hunkCountsAgree(old!.diff)).toBe(true);
  });
});
