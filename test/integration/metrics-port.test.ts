/**
 * Issue #23 item 9: the metrics name the inventory (contexts, namespaces, DaemonSets), and the
 * auth-proxy overlay lets /metrics through without sign-in. With EVERYNODE_METRICS_PORT the
 * production server serves them on that port only, the app port answers 404, and the overlay
 * uses it: no unauthenticated /metrics route through the proxy remains.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { freePort } from '@/scripts/lib/proc';
import { configEnv, KUSTOMIZATIONS, render } from '../deploy/manifests';
import { createCoreScenario, kubeConfig, kubeconfigPath, waitSettled, type CoreScenario } from './core-scenario';
import { layoutStandalone, startStandaloneServer, type StandaloneServer } from './standalone';

interface Container {
  name: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
}

function containers(manifests: string): Container[] {
  for (const doc of parseAllDocuments(manifests)) {
    const obj = doc.toJS() as { kind?: string; spec?: { template?: { spec?: { containers?: Container[] } } } } | null;
    if (obj?.kind === 'Deployment') return obj.spec?.template?.spec?.containers ?? [];
  }
  throw new Error('no Deployment in the manifests');
}

describe('metrics on a separate port', () => {
  let layout: { dir: string; remove: () => void };
  let server: StandaloneServer;
  let metricsPort = 0;
  let s: CoreScenario;

  beforeAll(async () => {
    s = await createCoreScenario(kubeConfig());
    await waitSettled(s);
    layout = await layoutStandalone();
    metricsPort = await freePort();
    server = await startStandaloneServer(layout.dir, kubeconfigPath(), { EVERYNODE_METRICS_PORT: String(metricsPort), EVERYNODE_METRICS_HOST: '127.0.0.1' });
  });

  afterAll(async () => {
    await server?.stop();
    layout?.remove();
    await s?.cleanup();
  });

  it('serves the object metrics on EVERYNODE_METRICS_PORT and nothing on the app port', async () => {
    const clusters = (await (await fetch(`${server.origin}/api/clusters`)).json()) as { clusters: { name: string; current: boolean }[] };
    const ctx = clusters.clusters.find((c) => c.current)!.name;
    expect((await fetch(`${server.origin}/api/clusters/${encodeURIComponent(ctx)}/coverage`)).status).toBe(200);

    const onAppPort = await fetch(`${server.origin}/metrics`);
    expect(onAppPort.status).toBe(404);
    const text = await onAppPort.text();
    expect(text).toContain('metrics are served on a separate port');
    expect(text).not.toContain('everynode_agent_nodes');

    const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scraped.status).toBe(200);
    // The scenario's agents, by name: exactly the inventory the proxy must not pass.
    expect(await scraped.text()).toMatch(new RegExp(`^everynode_agent_nodes\\{context="${ctx}",namespace="${s.ns.monitoring}",name="node-exporter",state="\\w+"\\} \\d+$`, 'm'));
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/healthz`)).status).toBe(404);
  });

  it('the auth-proxy overlay scrapes that port and no longer lets /metrics through the proxy', () => {
    const manifests = render(KUSTOMIZATIONS.authProxy);
    const port = Number(configEnv(manifests).EVERYNODE_METRICS_PORT);
    expect(port).toBeGreaterThan(0);
    const [console_, proxy] = [containers(manifests).find((c) => c.name === 'everynode')!, containers(manifests).find((c) => c.name === 'oauth2-proxy')!];
    expect(console_.ports).toEqual([{ name: 'metrics', containerPort: port }]);
    expect(proxy.args!.filter((a) => a.startsWith('--skip-auth-route'))).toEqual(['--skip-auth-route=GET=^/api/healthz$']);
    expect(proxy.args).toContain('--upstream=http://127.0.0.1:3000/');
    // The base (no proxy) keeps /metrics on the app port, as Prometheus annotations there expect.
    expect(configEnv(render(KUSTOMIZATIONS.base)).EVERYNODE_METRICS_PORT).toBeUndefined();
  });
});
