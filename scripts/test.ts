/**
 * `npm test`: unit → integration → e2e, in that order, against the real local cluster.
 * Starts the cluster when it is not running (and stops it again at the end), picks free loopback
 * ports for the e2e servers, prints each layer's time and which layer failed, and closes with one
 * "N passed, N failed" line summed over all layers.
 */
import { existsSync, readFileSync, mkdirSync, rmSync } from 'node:fs';
import { freePort, localKubeconfig, run, seconds } from './lib/proc';

interface Layer {
  name: string;
  run: () => Promise<number>;
  report: string;
  count: (report: unknown) => { passed: number; failed: number };
}

const vitestCount = (r: unknown) => {
  const j = r as { numPassedTests?: number; numFailedTests?: number };
  return { passed: j.numPassedTests ?? 0, failed: j.numFailedTests ?? 0 };
};
/** A flaky test (failed, then passed on retry) is a failure here: it names a race to fix. */
const playwrightCount = (r: unknown) => {
  const s = (r as { stats?: { expected?: number; unexpected?: number; flaky?: number } }).stats ?? {};
  return { passed: s.expected ?? 0, failed: (s.unexpected ?? 0) + (s.flaky ?? 0) };
};

async function main(): Promise<number> {
  mkdirSync('.artifacts', { recursive: true });
  const only = process.argv.slice(2); // e.g. `npm test -- unit e2e`
  const wanted = (name: string) => only.length === 0 || only.includes(name);
  // Tests get a cluster of their own, created fresh for each run: the demo's cluster (and its seed)
  // stays untouched, and no run sees another run's leftovers.
  process.env.EVERYNODE_CLUSTER ||= 'everynode-test';
  const kubeconfig = localKubeconfig();
  let startedCluster = false;
  // Audit lines of refused actions are expected output of the tests, not news: show errors only.
  const env = { LOG_LEVEL: 'error', ...process.env, EVERYNODE_KUBECONFIG: kubeconfig };

  const ensureCluster = async () => {
    if (startedCluster) return 0;
    console.log(`\n▶ creating the test cluster ${process.env.EVERYNODE_CLUSTER} (cluster/up.sh)`);
    startedCluster = true;
    return (await run('bash', ['cluster/down.sh'], env)) || run('bash', ['cluster/up.sh'], env);
  };

  let built = false;
  const buildConsole = async () => {
    if (built) return 0;
    console.log('\n▶ building the console (next build)');
    const code = await run('npx', ['next', 'build'], env);
    built = code === 0;
    return code;
  };

  const layers: Layer[] = [
    {
      name: 'unit',
      report: '.artifacts/unit.json',
      count: vitestCount,
      run: () => run('npx', ['vitest', 'run', '--project', 'unit', '--reporter=default', '--reporter=json', '--outputFile.json=.artifacts/unit.json'], env),
    },
    {
      name: 'integration',
      report: '.artifacts/integration.json',
      count: vitestCount,
      // The build comes first so the deploy test runs the standalone server exactly as the image would.
      run: async () =>
        (await ensureCluster()) ||
        (await buildConsole()) ||
        run('npx', ['vitest', 'run', '--project', 'integration', '--reporter=default', '--reporter=json', '--outputFile.json=.artifacts/integration.json'], env),
    },
    {
      name: 'e2e',
      report: '.artifacts/e2e-report.json',
      count: playwrightCount,
      run: async () => {
        const code = (await ensureCluster()) || (await buildConsole()) || (await run('bash', ['cluster/seed.sh'], env));
        if (code) return code;
        const ports = { E2E_PORT: String(await freePort()), E2E_READONLY_PORT: String(await freePort()), E2E_PROXY_PORT: String(await freePort()) };
        return run('npx', ['playwright', 'test'], { ...env, ...ports });
      },
    },
  ];

  let passed = 0;
  let failed = 0;
  const failedLayers: string[] = [];
  const timings: string[] = [];
  try {
    for (const layer of layers.filter((l) => wanted(l.name))) {
      console.log(`\n━━ ${layer.name} tests ━━`);
      rmSync(layer.report, { force: true }); // never count a previous run's report
      const t0 = Date.now();
      const code = await layer.run();
      timings.push(`${layer.name} ${seconds(Date.now() - t0)}`);
      const counts = existsSync(layer.report) ? layer.count(JSON.parse(readFileSync(layer.report, 'utf8'))) : { passed: 0, failed: 0 };
      passed += counts.passed;
      failed += counts.failed;
      // Playwright exits 0 when a failed test passes on retry; counted as failed above, so the layer fails too.
      if (code !== 0 || counts.failed > 0) {
        failedLayers.push(layer.name);
        if (counts.failed === 0) failed += 1; // the layer broke before reporting a test failure
        console.error(`\n✗ ${layer.name} tests failed (exit ${code})`);
        break; // later layers build on earlier ones
      }
    }
  } finally {
    if (startedCluster) await run('bash', ['cluster/down.sh'], env);
  }
  console.log(`\nLayers: ${timings.join(' · ')}${failedLayers.length ? ` — FAILED: ${failedLayers.join(', ')}` : ''}`);
  console.log(`${passed} passed, ${failed} failed`);
  return failedLayers.length ? 1 : 0;
}

main().then((code) => process.exit(code));
