/**
 * `npm run bench`: one report on Everynode at scale and beside the ways operators answer the same
 * question today (issue 8). Engine in process; then a separate kwok cluster (`everynode-bench`,
 * never the tests' shared one) with N nodes × M agents, the production build of the console on a
 * loopback port, the peers on the same cluster, Chromium for the UI, and a soak under churn.
 * Writes bench-results/report.{md,json} and prints the Markdown. `--quick` for development.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runEngineBench } from './bench-engine';
import { applyFleet, deleteBenchCluster, nodeCount, startBenchCluster, waitFleetReady, type BenchCluster } from './bench/cluster';
import { buildConsole, buildIsStale, layoutConsole, removeLayout, startConsole, waitReady, type RunningConsole } from './bench/console';
import type { BenchContext } from './bench/context';
import { scrapeApiserver, total, watchesByResource } from './bench/kube';
import { loadAvg1, machine, versions } from './bench/machine';
import { needsCluster, parseOptions, type BenchOptions } from './bench/options';
import { rssMB } from './bench/procfs';
import { renderMarkdown, type BenchReport } from './bench/report';
import { nodePreviewMarkdown, runNodePreviewBench } from './bench/sections/node-preview';
import { eventsSection } from './bench/sections/events';
import { logsSection } from './bench/sections/logs';
import { peersSection } from './bench/sections/peers';
import { serverSection } from './bench/sections/server';
import { soakSection } from './bench/sections/soak';
import { uiSection } from './bench/sections/ui';
import { previewEngineFigures, previewRouteFigures, PREVIEW_TARGETS } from './bench/sections/preview';
import { stagedSection } from './bench/sections/staged';
import { viewersSection } from './bench/sections/viewers';

const REPO = resolve(__dirname, '..');

function commandsFor(opts: BenchOptions, argv: string[]): string[] {
  const name = opts.clusterName;
  return [
    `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`,
    '# what it runs, step by step:',
    'npx next build   # when sources are newer than .next (or --build)',
    `EVERYNODE_CLUSTER=${name} bash cluster/up.sh   # kwokctl, binary runtime, loopback only`,
    `# fleet: cluster/scenarios/scale.ts scaleScenario(${opts.nodes}, ${opts.agents}) created on that cluster, settled with cluster/lib/settle.ts`,
    `bash deploy/run-standalone.sh layout "$DIR" && RUN_AS_CURRENT_USER=1 HOSTNAME=127.0.0.1 PORT=<free port> KUBECONFIG=~/.cache/everynode/${name}.kubeconfig EVERYNODE_READ_ONLY=true bash deploy/run-standalone.sh run "$DIR"`,
    `kubectl --kubeconfig ~/.cache/everynode/${name}.kubeconfig get nodes -o json; kubectl … get pods -A -o json; kubectl … get daemonset -n agents agent-00 -o json`,
    `kubectl --kubeconfig ~/.cache/everynode/${name}.kubeconfig get --raw /metrics   # watches and request counts`,
    `EVERYNODE_CLUSTER=${name} bash cluster/down.sh   # unless --keep-cluster`,
  ];
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let opts: BenchOptions;
  try {
    opts = parseOptions(argv);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
  const outDir = resolve(REPO, opts.outDir);
  mkdirSync(outDir, { recursive: true });
  const logFile = join(outDir, 'bench.log');
  writeFileSync(logFile, '');
  const t0 = Date.now();
  const log = (line: string) => {
    const stamped = `[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${line}`;
    console.log(stamped);
    appendFileSync(logFile, stamped + '\n');
  };

  const report: BenchReport = {
    date: new Date().toISOString(),
    durationS: 0,
    mode: opts.quick ? 'quick' : argv.length === 0 ? 'full' : 'custom',
    commands: commandsFor(opts, argv),
    machine: machine(),
    versions: versions(REPO),
    build: { rebuilt: false, seconds: null },
    errors: [],
    notes: [],
  };
  const section = async <T>(name: string, fn: () => Promise<T> | T): Promise<T | undefined> => {
    log(`── ${name}`);
    try {
      return await fn();
    } catch (err) {
      const message = err instanceof Error ? err.message.split('\n').slice(0, 6).join(' ') : String(err);
      log(`${name} failed: ${message}`);
      report.errors.push({ section: name, message });
      return undefined;
    }
  };

  let cluster: BenchCluster | undefined;
  let running: RunningConsole | undefined;
  let layoutDir: string | undefined;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await running?.stop().catch(() => undefined);
    if (layoutDir) removeLayout(layoutDir);
    if (cluster && !opts.keepCluster) {
      log(`deleting the bench cluster ${cluster.name}`);
      await deleteBenchCluster(cluster.name).catch((err: unknown) => log(`could not delete ${cluster?.name}: ${String(err)}`));
    }
  };
  // Bounded: a run that hangs still stops its server and deletes its cluster.
  const limitMin = 25 + opts.soakMinutes * 1.5;
  const watchdog = setTimeout(() => {
    log(`watchdog: the run exceeded ${limitMin} min; cleaning up`);
    void cleanup().finally(() => process.exit(3));
  }, limitMin * 60_000);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void cleanup().finally(() => process.exit(130)));

  try {
    if (needsCluster(opts)) {
      const rebuild = opts.build ?? buildIsStale(REPO);
      if (rebuild) {
        log('building the console (npx next build)');
        report.build = { rebuilt: true, seconds: await buildConsole(REPO, join(outDir, 'next-build.log')) };
      }
    }

    if (opts.sections.includes('engine')) {
      // First, while nothing else of the bench runs: the engine's figures need a quiet CPU.
      report.engine = await section('1. engine', () => runEngineBench(opts.engineSizes));
    }
    if (opts.sections.includes('preview')) {
      // in process too, before the cluster loads the CPU
      const sized = opts.engineSizes.at(-1) ?? [5000, 20];
      const engine = await section('6. change preview (engine)', () => previewEngineFigures(sized[0], sized[1], opts.repeats));
      if (engine) report.preview = { engine, targets: PREVIEW_TARGETS };
    }
    if (opts.sections.includes('node-preview')) {
      report.nodePreview = await section('1b. node-change preview', () => {
        const f = runNodePreviewBench(5000, 20, 500, opts.quick ? 5 : 15);
        report.notes.push(nodePreviewMarkdown(f));
        return f;
      });
    }
    if (!needsCluster(opts)) return finish();

    const spec = { nodes: opts.nodes, agents: opts.agents };
    log(`── bench cluster ${opts.clusterName}: ${spec.nodes} nodes × ${spec.agents} agents`);
    let tUp = Date.now();
    cluster = await startBenchCluster(opts.clusterName);
    const existing = await nodeCount(cluster);
    if (existing > spec.nodes) {
      log(`the cluster holds ${existing} bench nodes (more than ${spec.nodes}): recreating it`);
      await deleteBenchCluster(cluster.name);
      tUp = Date.now();
      cluster = await startBenchCluster(opts.clusterName);
    }
    const startS = (Date.now() - tUp) / 1000;
    let fleetReadyS: number | null = null;
    let pods = existing === spec.nodes ? await waitFleetReady(cluster, spec, 10_000, 1000).catch(() => undefined) : undefined;
    if (pods !== undefined) log('the fleet is already in place and settled: reusing it');
    else {
      const applied = await applyFleet(cluster, spec, 15 * 60_000, log);
      fleetReadyS = applied.seconds;
      pods = applied.pods;
    }
    const pid = (c: Parameters<BenchCluster['pid']>[0]) => cluster?.pid(c);
    report.cluster = {
      name: cluster.name,
      nodes: spec.nodes,
      agents: spec.agents,
      pods,
      startS: Math.round(startS * 10) / 10,
      fleetReadyS: fleetReadyS === null ? null : Math.round(fleetReadyS),
      apiserverRssMB: rssMB(pid('kube-apiserver') ?? -1),
      etcdRssMB: rssMB(pid('etcd') ?? -1),
    };
    report.versions = versions(REPO, cluster.kubeconfig);
    log(`fleet: ${pods} agent pods ready; kube-apiserver RSS ${report.cluster.apiserverRssMB} MB`);

    const baselineWatches = watchesByResource(await scrapeApiserver(cluster.kubeconfig));
    layoutDir = await layoutConsole(REPO, join(outDir, 'console.log'));
    running = await startConsole(REPO, layoutDir, cluster.kubeconfig, join(outDir, 'console.log'));
    log(`console pid ${running.pid} at ${running.url}; waiting for the cache`);
    const ready = await waitReady(running, 180_000);
    const startup = { ...ready, rssAtReadyMB: rssMB(running.pid), baselineWatches };
    log(`cache ready ${ready.readyS.toFixed(1)} s after start (listening at ${ready.listeningS.toFixed(1)} s), RSS ${startup.rssAtReadyMB} MB`);

    const ctx: BenchContext = { repo: REPO, opts, cluster, console: running, ctx: cluster.context, kc: cluster.kc, log };
    if (opts.sections.includes('server')) report.server = await section('2. server on the real cluster', () => serverSection(ctx, startup));
    if (opts.sections.includes('peers')) {
      const held = report.server ? report.server.watches.everynodeManyClients : undefined;
      report.peers = await section('3. peers', () => peersSection(ctx, held));
    }
    if (opts.sections.includes('ui')) report.ui = await section('5. UI in Chromium', () => uiSection(ctx));
    if (opts.sections.includes('preview') && report.preview) {
      const route = await section('6. change preview (route)', () => previewRouteFigures(ctx));
      if (route) report.preview.route = route;
    }
    if (opts.sections.includes('soak') && opts.soakMinutes > 0) report.soak = await section('4. soak', () => soakSection(ctx));
    if (opts.sections.includes('events')) report.events = await section('6. Events watch during a rollout', () => eventsSection(ctx));
    if (opts.sections.includes('staged')) report.staged = await section('6. staged rollout', () => stagedSection(ctx));
    if (opts.sections.includes('viewers')) report.viewers = await section('6. viewers during a rollout: deltas vs refetch', () => viewersSection(ctx, opts.viewerCounts, opts.viewerDesigns));
    if (opts.sections.includes('logs')) report.logs = await section('6. log search across the fleet', () => logsSection(ctx));
    if (report.ui && spec.nodes < 5000) {
      report.notes.push(
        `This run measured the UI on ${spec.nodes} nodes. A 5,000-node fleet is ${Math.round(5000 / spec.nodes)}× larger` +
          (fleetReadyS === null ? '' : ` (this fleet settled in ${Math.round(fleetReadyS)} s)`) +
          '; measure it with `npm run bench -- --nodes 5000 --only ui --out bench-results/ui-5000`. The engine section covers 5,000 nodes in process.',
      );
    }
    if (report.server && total(report.server.watches.baseline) === 0) report.notes.push('The API server reported no baseline watches: the watch figures may be unreliable.');
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`bench aborted: ${message}`);
    report.errors.push({ section: 'setup', message: message.split('\n').slice(0, 6).join(' ') });
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
  return finish();

  function finish(): number {
    report.durationS = Math.round((Date.now() - t0) / 1000);
    report.machine.loadAvgEnd = loadAvg1();
    if (report.mode === 'quick') report.notes.push('Quick mode: small sizes and a short soak, for development; the figures to quote come from the full run.');
    writeFileSync(join(outDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
    const md = renderMarkdown(report);
    writeFileSync(join(outDir, 'report.md'), md + '\n');
    console.log('\n' + md);
    console.log(`wrote ${join(outDir, 'report.md')} and report.json (${report.durationS} s)`);
    return report.errors.length > 0 ? 1 : 0;
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
