/**
 * Issue #23 item 11 on the production server: a tab that reconnects after the server restarted
 * gets a first event, and its version is above everything the old process sent, so its
 * Last-Event-ID never matches the new count by coincidence. Before, versions restarted at 0:
 * the new process's version was below the old one (and could equal a tab's Last-Event-ID, which
 * then got no first event and kept stale data).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/until';
import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { createCoreScenario, kubeConfig, kubeconfigPath, type CoreScenario } from './core-scenario';
import { openStream } from './sse-client-net';
import { layoutStandalone, startStandaloneServer, type StandaloneServer } from './standalone';

const ids = (text: string) => [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));

describe('versions across a server restart', () => {
  let layout: { dir: string; remove: () => void };
  let server: StandaloneServer | undefined;
  let s: CoreScenario;
  const kubeconfig = () => kubeconfigPath();

  beforeAll(async () => {
    layout = await layoutStandalone();
    s = await createCoreScenario(kubeConfig());
  });

  afterAll(async () => {
    await server?.stop();
    layout?.remove();
    await s?.cleanup();
  });

  it('a reconnect with the old Last-Event-ID gets a first event with a higher version', async () => {
    server = await startStandaloneServer(layout.dir, kubeconfig());
    const port = server.port;
    const ctx = ((await (await fetch(`${server.origin}/api/clusters`)).json()) as { clusters: { name: string; current: boolean }[] }).clusters.find((c) => c.current)!.name;
    const path = `/api/clusters/${encodeURIComponent(ctx)}/events`;
    const tab = await openStream(server.origin, path, '127.0.0.1');
    expect(tab.status).toBe(200);
    // A few changes, so the old process counts past what a fresh sync reaches.
    for (let i = 0; i < 3; i++) {
      await s.core.patchNode(
        { name: s.nodes.w1, body: { metadata: { labels: { 'everynode.dev/restart-probe': String(i) } } } },
        setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
      );
      await until(`version event ${i + 2}`, () => ids(tab.text()).length >= i + 2, 10_000);
    }
    const lastEventId = Math.max(...ids(tab.text()));
    tab.close();
    await server.stop();

    server = await startStandaloneServer(layout.dir, kubeconfig(), {}, port);
    const resumed = await openStream(server.origin, path, '127.0.0.1', { 'last-event-id': String(lastEventId) });
    expect(resumed.status).toBe(200);
    await until('the first event after the restart', () => ids(resumed.text()).length >= 1, 10_000);
    expect(ids(resumed.text())[0]).toBeGreaterThan(lastEventId);
    resumed.close();
  });
});
