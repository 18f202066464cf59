import { layoutConsole, startConsole, waitReady, removeLayout } from './scripts/bench/console';
import { rssMB, openFiles } from './scripts/bench/procfs';
import { SseClient } from './scripts/bench/sse-client';
async function main() {
  const repo = process.cwd();
  const dir = await layoutConsole(repo, '/tmp/bench-layout.log');
  const c = await startConsole(repo, dir, '/root/.cache/everynode/everynode-bench.kubeconfig', '/tmp/bench-console.log');
  try {
    console.log('pid', c.pid, c.url);
    console.log(await waitReady(c, 120_000), rssMB(c.pid), openFiles(c.pid));
    const sse = new SseClient(`${c.url}/api/clusters/kwok-everynode-bench/events`);
    await sse.connect();
    await new Promise((r) => setTimeout(r, 45_000));
    console.log('idle versions', sse.arrivals.map((a) => a.version));
    sse.close();
    const t0 = performance.now();
    const res = await fetch(`${c.url}/api/clusters/kwok-everynode-bench/coverage`);
    const b = await res.arrayBuffer();
    console.log('coverage', res.status, b.byteLength, performance.now() - t0, rssMB(c.pid));
  } finally {
    await c.stop();
    removeLayout(dir);
  }
}
main();
