/** The few direct API calls the bench makes against its cluster: scrape metrics, flip pod readiness, raw LISTs. */
import { request } from 'node:https';
import { CoreV1Api, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { kubectl } from '../../test/support/kubectl';
import { parseMetrics, sumBy, type Sample } from './prom';

export const COVERAGE_RESOURCES = ['nodes', 'pods', 'daemonsets', 'controllerrevisions'] as const;

export async function scrapeApiserver(kubeconfig: string): Promise<Sample[]> {
  return parseMetrics(await kubectl(kubeconfig, ['get', '--raw', '/metrics'], { timeoutMs: 30_000 }));
}

/** WATCH requests the API server is serving now, per resource Everynode caches. */
export function watchesByResource(samples: readonly Sample[]): Record<string, number> {
  const by = sumBy(samples, 'apiserver_longrunning_requests', 'resource', { verb: 'WATCH', resource: COVERAGE_RESOURCES });
  return Object.fromEntries(COVERAGE_RESOURCES.map((r) => [r, by[r] ?? 0]));
}

export const total = (byResource: Record<string, number>) => Object.values(byResource).reduce((a, b) => a + b, 0);

/** Requests so far, by verb, on the resources the coverage question reads (LIST, WATCH, GET of DaemonSets). */
export function readRequests(samples: readonly Sample[]): { list: number; watch: number; getDaemonSet: number } {
  const byVerb = sumBy(samples, 'apiserver_request_total', 'verb', { resource: COVERAGE_RESOURCES });
  const getDs = sumBy(samples, 'apiserver_request_total', 'verb', { resource: 'daemonsets' }).GET ?? 0;
  return { list: byVerb.LIST ?? 0, watch: byVerb.WATCH ?? 0, getDaemonSet: getDs };
}

export function requestDelta(before: ReturnType<typeof readRequests>, after: ReturnType<typeof readRequests>) {
  return { list: after.list - before.list, watch: after.watch - before.watch, getDaemonSet: after.getDaemonSet - before.getDaemonSet };
}

/** Sets a pod's Ready condition (status subresource): kwok leaves Running pods' conditions alone. */
export async function setPodReady(core: CoreV1Api, namespace: string, name: string, ready: boolean): Promise<void> {
  await core.patchNamespacedPodStatus(
    { name, namespace, body: { status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } } },
    setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch),
  );
}

/** The pod (selected by `labelSelector`) on `node`. */
export async function podOn(core: CoreV1Api, namespace: string, labelSelector: string, node: string): Promise<string> {
  const list = await core.listNamespacedPod({ namespace, fieldSelector: `spec.nodeName=${node}`, labelSelector });
  const pod = list.items.find((p) => !p.metadata?.deletionTimestamp);
  if (!pod?.metadata?.name) throw new Error(`no pod ${labelSelector} on ${node}`);
  return pod.metadata.name;
}

/**
 * One GET against the API server as a dashboard backend makes it: HTTPS with the kubeconfig's
 * credentials, the whole body read and parsed. Resolves with the parsed JSON and its byte size.
 */
export async function rawGet<T>(kc: KubeConfig, path: string): Promise<{ body: T; bytes: number }> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('kubeconfig has no current cluster');
  const url = new URL(path, cluster.server);
  const opts: Parameters<typeof request>[1] & { headers: Record<string, string> } = { method: 'GET', headers: { accept: 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = request(url, { ...opts, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        if (res.statusCode !== 200) return reject(new Error(`GET ${path}: HTTP ${res.statusCode}`));
        resolve({ body: JSON.parse(buf.toString('utf8')) as T, bytes: buf.length });
      });
      res.on('error', reject);
    });
    req.setTimeout(120_000, () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
