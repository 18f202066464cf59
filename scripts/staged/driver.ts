/**
 * The console's staged-rollout driver alone, as a process: what instrumentation.ts starts inside
 * the server, without the web side. The integration tests run it as a child process they can
 * kill mid-wave and start twice (run with `node --conditions=react-server --import tsx`).
 *   KUBECONFIG=… EVERYNODE_CONTEXT=… node --conditions=react-server --import tsx scripts/staged/driver.ts
 */
import { stopAllCaches } from '@/lib/kube/cache/registry';
import { startStagedDrivers } from '@/lib/kube/staged/supervisor';

startStagedDrivers();
process.stdout.write('staged driver started\n');
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    stopAllCaches();
    process.exit(0);
  });
}
