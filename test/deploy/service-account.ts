/**
 * Credentials the way a pod sees them: a ServiceAccount token and the cluster CA, nothing else.
 * The kubeconfig written here mirrors what client-node's loadFromCluster builds inside a pod.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify, parse } from 'yaml';
import { kubectl } from '../support/kubectl';

export interface ClusterEndpoint {
  server: string;
  /** Base64 PEM of the cluster CA. */
  caData: string;
}

/** Same names as client-node's in-cluster configuration. */
export const IN_CLUSTER_CONTEXT = 'inClusterContext';

interface KubeconfigFile {
  'current-context'?: string;
  contexts?: { name: string; context: { cluster: string } }[];
  clusters?: { name: string; cluster: { server: string; 'certificate-authority-data'?: string; 'certificate-authority'?: string } }[];
}

/** API server URL and CA of the admin kubeconfig's current context (no user credentials read). */
export function endpointOf(adminKubeconfig: string): ClusterEndpoint {
  const kc = parse(readFileSync(adminKubeconfig, 'utf8')) as KubeconfigFile;
  const ctx = kc.contexts?.find((c) => c.name === kc['current-context']) ?? kc.contexts?.[0];
  const cluster = kc.clusters?.find((c) => c.name === ctx?.context.cluster)?.cluster;
  if (!cluster) throw new Error('admin kubeconfig has no cluster for its current context');
  const caData = cluster['certificate-authority-data'] ?? (cluster['certificate-authority'] ? readFileSync(cluster['certificate-authority']).toString('base64') : undefined);
  if (!caData) throw new Error('admin kubeconfig has no cluster CA');
  return { server: cluster.server, caData };
}

/** A short-lived token for the ServiceAccount (TokenRequest API, as the kubelet gets one). */
export async function createToken(adminKubeconfig: string, namespace: string, name: string, duration = '1h'): Promise<string> {
  const stdout = await kubectl(adminKubeconfig, ['create', 'token', name, '-n', namespace, `--duration=${duration}`]);
  return stdout.trim();
}

/** Kubeconfig YAML holding only the token and the CA. */
export function serviceAccountKubeconfig(endpoint: ClusterEndpoint, token: string, namespace: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'inCluster', cluster: { server: endpoint.server, 'certificate-authority-data': endpoint.caData } }],
    users: [{ name: 'inClusterUser', user: { token } }],
    contexts: [{ name: IN_CLUSTER_CONTEXT, context: { cluster: 'inCluster', user: 'inClusterUser', namespace } }],
    'current-context': IN_CLUSTER_CONTEXT,
  });
}

/** The files the kubelet mounts at /var/run/secrets/kubernetes.io/serviceaccount. */
export function writeServiceAccountVolume(dir: string, endpoint: ClusterEndpoint, token: string, namespace: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'token'), token, { mode: 0o600 });
  writeFileSync(path.join(dir, 'ca.crt'), Buffer.from(endpoint.caData, 'base64'));
  writeFileSync(path.join(dir, 'namespace'), namespace);
}

/** KUBERNETES_SERVICE_HOST/PORT for an API server URL. */
export function serviceAddress(endpoint: ClusterEndpoint): { host: string; port: string } {
  const url = new URL(endpoint.server);
  return { host: url.hostname, port: url.port || '443' };
}
