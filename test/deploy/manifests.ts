/** The deploy/ kustomizations, rendered and applied the way an operator would. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { kubectl, kubectlRun } from '../support/kubectl';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const KUSTOMIZATIONS = { base: 'deploy/base', readOnly: 'deploy/overlays/read-only', authProxy: 'deploy/overlays/auth-proxy' } as const;
export type Kustomization = (typeof KUSTOMIZATIONS)[keyof typeof KUSTOMIZATIONS];

/** `kubectl kustomize DIR` (kustomize is built into kubectl; no Helm or kustomize binary needed). */
export function render(dir: Kustomization): string {
  return execFileSync('kubectl', ['kustomize', dir], { cwd: repoRoot, encoding: 'utf8' });
}

/** The settings the pod gets from the generated ConfigMap, i.e. its env. */
export function configEnv(manifests: string): Record<string, string> {
  for (const doc of parseAllDocuments(manifests)) {
    const obj = doc.toJS() as { kind?: string; metadata?: { name?: string }; data?: Record<string, string> } | null;
    if (obj?.kind === 'ConfigMap' && obj.metadata?.name?.startsWith('everynode-config')) return obj.data ?? {};
  }
  throw new Error('no everynode-config ConfigMap in the manifests');
}

const FIELD_MANAGER = '--field-manager=everynode-deploy-test';

/** Server-side apply of a kustomization; resolves with kubectl's stderr (warnings). */
export async function applyKustomization(admin: string, dir: Kustomization, dryRun = false): Promise<string> {
  const args = ['apply', '--server-side', '--force-conflicts', FIELD_MANAGER, '-k', `${repoRoot}${dir}`];
  const { stderr } = await kubectlRun(admin, dryRun ? [...args, '--dry-run=server'] : args);
  return stderr;
}

export async function deleteKustomization(admin: string, dir: Kustomization): Promise<void> {
  await kubectl(admin, ['delete', '-k', `${repoRoot}${dir}`, '--ignore-not-found', '--wait=false']);
}
