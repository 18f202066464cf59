import { execFileSync } from 'node:child_process';

/**
 * The runner (scripts/test.ts) has started the cluster and seeded it before the web servers came up;
 * here we only check that the seed agents exist, so a manual `npx playwright test` fails with words.
 */
export default function globalSetup(): void {
  const kubeconfig = process.env.EVERYNODE_KUBECONFIG;
  if (!kubeconfig) throw new Error('EVERYNODE_KUBECONFIG is not set: run e2e through `npm test`, or `npm run cluster:up && npm run cluster:seed` and export it');
  execFileSync('kubectl', ['--kubeconfig', kubeconfig, 'get', 'ds', '-n', 'kubesphere-monitoring-system', 'node-exporter'], { stdio: 'pipe' });
}
