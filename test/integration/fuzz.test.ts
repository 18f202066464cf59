/**
 * schemathesis (PyPI, a property-based API fuzzer) against the production server (the standalone
 * build, laid out as the image) on the local cluster, driven by the server's own
 * /api/openapi.json. It must find no 5xx, every answer must conform to the document (status code,
 * content type, body schema), invalid input must be refused, and every mutation it sends (it
 * cannot know this server's Origin) must be refused as cross-origin; afterwards nothing in the
 * cluster has changed. A second run sends a foreign Host on every request (DNS rebinding): all
 * refused with the documented status. Plus what a fuzzer that encodes URLs correctly cannot send:
 * malformed percent-encoding, and the endless event stream.
 */
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { maxHeaderSize } from 'node:http';
import { request as httpRequest } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER } from '@/lib/api/dto';
import { FOREIGN_HOST_STATUS, type OpenApiDocument } from '@/lib/api/openapi';
import { ErrorResponseSchema, VersionEventSchema } from '@/lib/api/schemas/responses';
import { assertStandaloneBuild, layoutImage, startStandalone, type ConsoleUnderTest } from '../deploy/console';
import { agentDaemonSet, createActionsScenario, snapshot, until, useClusterKubeconfig, type ActionsScenario } from './actions-scenario';

const repo = path.resolve(__dirname, '../..');
/** Bounded so a run takes a few minutes on 2 shared cores; raise with EVERYNODE_FUZZ_EXAMPLES. EVERYNODE_FUZZ_SEED replays a run. */
const MAX_EXAMPLES = Number(process.env.EVERYNODE_FUZZ_EXAMPLES ?? 25);
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance', 'negative_data_rejection'];
/** The event stream never ends, so a fuzzer would only time out on it; it is checked below instead. */
const STREAM_PATH = '/api/clusters/{ctx}/events';

let s: ActionsScenario;
let server: ConsoleUnderTest;
let work: string;
let schemathesis: string;

interface HarEntry {
  request: { method: string; url: string; headers: { name: string; value: string }[] };
  response: { status: number; content?: { text?: string } };
}
interface RunReport {
  exit_code: number;
  complete: boolean;
  seed: string | null;
  operations: { selected: number; tested: number; errored: number } | null;
  test_cases: { generated: number; with_failures: number; errored: number };
  failures: { type: string; title: string; count: number; operations: string[] }[];
  errors: { title: string; count: number }[];
}

/**
 * What an action could change, for every object in the cluster: a DaemonSet's spec (generation),
 * a Pod's existence (uid, deletion), ControllerRevisions, each node's spec and labels; plus the
 * exact resourceVersion of everything in the scenario's namespace (as the bad-input sweep does).
 * Outside it, resourceVersions alone would move with status updates nobody asked for (the seed's
 * crash-looping pods), so there the generation stands for the spec.
 */
async function clusterState(): Promise<Record<string, string>> {
  const [dss, pods, revs, nodes, namespaces, scenario] = await Promise.all([
    s.apps.listDaemonSetForAllNamespaces(),
    s.core.listPodForAllNamespaces(),
    s.apps.listControllerRevisionForAllNamespaces(),
    s.core.listNode(),
    s.core.listNamespace(),
    snapshot(s),
  ]);
  // Namespaces an earlier test file's cleanup is deleting empty out during the fuzz by themselves.
  const leaving = new Set(namespaces.items.filter((n) => n.metadata?.deletionTimestamp).map((n) => n.metadata?.name));
  const out: Record<string, string> = { ...scenario };
  const key = (kind: string, o: { metadata?: { namespace?: string; name?: string } }) => `${kind}/${o.metadata?.namespace}/${o.metadata?.name}`;
  const staying = <T extends { metadata?: { namespace?: string } }>(items: T[]) => items.filter((o) => !leaving.has(o.metadata?.namespace));
  for (const o of staying(dss.items)) out[key('DaemonSet', o)] = `${o.metadata?.uid} generation ${o.metadata?.generation}`;
  for (const o of staying(pods.items)) out[key('Pod', o)] = `${o.metadata?.uid}${o.metadata?.deletionTimestamp ? ' deleting' : ''}`;
  for (const o of staying(revs.items)) out[key('ControllerRevision', o)] = o.metadata?.resourceVersion ?? '';
  // Node resourceVersions move with kwok's heartbeats; what an action could change is spec and labels.
  for (const n of nodes.items) out[`Node/${n.metadata?.name}`] = JSON.stringify({ spec: n.spec, labels: n.metadata?.labels });
  return out;
}

/** Events the action pipeline records, cluster-wide. */
async function everynodeEvents(): Promise<string[]> {
  const events = await s.core.listEventForAllNamespaces();
  return events.items.filter((e) => e.reason?.startsWith('Everynode')).map((e) => `${e.metadata?.namespace}/${e.metadata?.name}`);
}

/** The served document with the scenario's real names as parameter examples, so schemathesis' examples phase reaches real objects. */
function withScenarioExamples(doc: OpenApiDocument): OpenApiDocument {
  const values: Record<string, string> = { ctx: s.ctx, ns: s.ns, name: 'agent', node: s.nodes[0]!, namespace: s.ns };
  const copy = structuredClone(doc);
  for (const item of Object.values(copy.paths)) {
    for (const op of Object.values(item)) for (const p of op?.parameters ?? []) if (values[p.name] !== undefined) Object.assign(p, { example: values[p.name] });
  }
  return copy;
}

/**
 * A schema-violating request must be refused: schemathesis' own list of refusals, plus those this
 * server documents for every route — 413 (body too large) and 431 (request line too long, Node's
 * 16 KiB limit, answered in words by lib/server/oversized-request-hook.ts).
 */
const REJECTIONS = ['400', '401', '403', '404', '405', '406', '409', '413', '415', '422', '428', '429', '431', '5xx'];
function configFile(): string {
  const file = path.join(work, 'schemathesis.toml');
  if (!existsSync(file)) writeFileSync(file, `[checks.negative_data_rejection]\nexpected-statuses = ${JSON.stringify(REJECTIONS)}\n`);
  return file;
}

/** Runs schemathesis; resolves with its JSON report and the HAR of every request it sent. */
function runSchemathesis(name: string, docFile: string, extra: string[]): Promise<{ report: RunReport; har: HarEntry[]; output: string }> {
  const dir = path.join(work, name);
  const args = [
    '--config-file', // a top-level option: before the command
    configFile(),
    'run',
    docFile,
    '--url',
    server.origin,
    '--checks',
    CHECKS.join(','),
    '--exclude-path',
    STREAM_PATH,
    '--phases',
    'examples,coverage,fuzzing',
    '--workers',
    '1',
    '--request-timeout',
    '20',
    '--generation-database',
    'none',
    '--no-color',
    ...(process.env.EVERYNODE_FUZZ_SEED ? ['--seed', process.env.EVERYNODE_FUZZ_SEED] : []), // to replay a run (it prints its seed)
    '--report',
    'json,har',
    '--report-json-path',
    path.join(dir, 'report.json'),
    '--report-har-path',
    path.join(dir, 'network.har'),
    ...extra,
  ];
  return new Promise((resolve, reject) => {
    // Its working directory takes schemathesis' own scratch files (.schemathesis/).
    const child = spawn(schemathesis, args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', () => {
      const reportFile = path.join(dir, 'report.json');
      const harFile = path.join(dir, 'network.har');
      if (!existsSync(reportFile)) return reject(new Error(`schemathesis wrote no report:\n${output}`));
      const text = readFileSync(reportFile, 'utf8');
      // The seed is a 128-bit integer: keep its digits, which JSON.parse would round.
      const report = { ...(JSON.parse(text) as RunReport), seed: /"seed":\s*(\d+)/.exec(text)?.[1] ?? null };
      const har = existsSync(harFile) ? ((JSON.parse(readFileSync(harFile, 'utf8')) as { log: { entries: HarEntry[] } }).log.entries ?? []) : [];
      resolve({ report, har, output });
    });
  });
}

/** A raw HTTP request: a path sent byte for byte (fetch would normalise it) and any Host header. */
function raw(pathAndQuery: string, opts: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; type: string; text: string }> {
  const url = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: pathAndQuery, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
        // An event stream never ends: its first version event is enough.
        if (/text\/event-stream/.test(res.headers['content-type'] ?? '') && /event: version\ndata: .*\n\n/.test(text)) res.destroy();
      });
      const done = () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', text });
      res.on('end', done);
      res.on('close', done);
    });
    req.on('error', reject);
    req.end();
  });
}

const errorMessage = (text: string) => ErrorResponseSchema.parse(JSON.parse(text)).error.message;

beforeAll(async () => {
  assertStandaloneBuild(); // the fuzz attacks the production server, never a stand-in
  const kc = useClusterKubeconfig();
  work = mkdtempSync(path.join(os.tmpdir(), 'everynode-fuzz-'));
  chmodSync(work, 0o755); // the server runs as uid 10001 when we are root (as in the image)
  // The venv is created on first use (progress on stderr), so a plain `npm test` works without .ci/run.
  const venv = promisify(execFile)('bash', [path.join(repo, 'scripts/schemathesis-venv.sh')], { timeout: 600_000 });
  venv.child.stderr?.pipe(process.stderr);
  const [{ stdout }] = await Promise.all([
    venv,
    (async () => {
      s = await createActionsScenario(kc, 'z', 2, (ns, id) => [agentDaemonSet(ns, 'agent', id)]);
      await layoutImage(path.join(work, 'image'));
      server = await startStandalone(path.join(work, 'image'), { kubeconfig: process.env.KUBECONFIG!, env: { EVERYNODE_READ_ONLY: 'false', LOG_LEVEL: 'info' } });
      await until('the console to report ready', async () => (await server.fetch('/api/healthz')).status === 200);
    })(),
  ]);
  schemathesis = stdout.trim().split('\n').pop()!;
}, 900_000);

afterAll(async () => {
  await server?.close();
  await s?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Audited action attempts so far, from the server's own `everynode_actions_total` counter. */
async function auditedAttempts(): Promise<{ refused: number; acted: number }> {
  const text = await (await server.fetch('/metrics')).text();
  const sum = (results: string[]) =>
    text
      .split('\n')
      .filter((l) => l.startsWith('everynode_actions_total{') && results.some((r) => l.includes(`result="${r}"`)))
      .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
  return { refused: sum(['refused']), acted: sum(['changed', 'unchanged']) };
}

describe('schemathesis against the production server', () => {
  it('finds no 5xx and no answer outside the document, refuses every mutation it sends, and changes nothing', async () => {
    const before = await clusterState();
    const eventsBefore = await everynodeEvents();
    const auditedBefore = await auditedAttempts();
    const doc = (await (await server.fetch('/api/openapi.json')).json()) as OpenApiDocument;
    const docFile = path.join(work, 'openapi.json');
    writeFileSync(docFile, JSON.stringify(withScenarioExamples(doc)));

    const { report, har, output } = await runSchemathesis('allowed-host', docFile, ['--max-examples', String(MAX_EXAMPLES)]);
    const statuses = new Map<string, number>();
    for (const e of har) statuses.set(`${e.request.method} ${e.response.status}`, (statuses.get(`${e.request.method} ${e.response.status}`) ?? 0) + 1);
    console.log(
      `schemathesis: ${report.test_cases.generated} cases generated, ${har.length} requests sent, ${report.operations?.tested}/${report.operations?.selected} operations, seed ${report.seed}; ` +
        `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
    );
    const explain = `${output.slice(-6000)}\n${server.output().slice(-2000)}`;
    expect(report.failures, explain).toEqual([]);
    expect(report.errors, explain).toEqual([]);
    expect(report.complete && report.exit_code, explain).toBe(0);
    expect(report.operations?.tested).toBe(Object.values(doc.paths).flatMap((p) => Object.keys(p)).length - 1); // all but the stream
    expect(report.test_cases.generated).toBeGreaterThan(100);
    // The scenario's real objects were reached, so their 200 bodies were checked against the schemas.
    for (const op of ['coverage', `daemonsets/${s.ns}/agent`, `nodes/${s.nodes[0]}`]) {
      expect(har.some((e) => e.request.method === 'GET' && e.request.url.includes(`/${op}`) && e.response.status === 200), op).toBe(true);
    }

    // schemathesis cannot know this server's origin: every action it sent is refused as cross-site.
    // (POSTs to the read routes are its unsupported-method probes: 405.)
    const posts = har.filter((e) => e.request.method === 'POST' && /\/(restart|rollback|recreate|change|staged(\/(pause|resume|promote|abort))?)(\?|$)/.test(new URL(e.request.url).pathname));
    expect(posts.length).toBeGreaterThan(30);
    for (const e of posts) {
      expect(e.response.status, e.request.url).toBe(403);
      expect(errorMessage(e.response.content?.text ?? ''), e.request.url).toMatch(/cross-origin request refused|missing CSRF header/);
    }
    // Every attempt is audited, refusals too: one "refused" per action POST, nothing that acted.
    const audited = await auditedAttempts();
    expect(audited.refused - auditedBefore.refused).toBe(posts.length);
    expect(audited.acted).toBe(auditedBefore.acted);
    expect(await clusterState()).toEqual(before);
    expect(await everynodeEvents()).toEqual(eventsBefore);
  }, 360_000); // one schemathesis run over every operation (17 with the staged routes): ~3 min on 2 shared cores

  it('refuses every request with a foreign Host header with the documented status', async () => {
    const port = new URL(server.origin).port;
    const before = await clusterState();
    const doc = (await (await server.fetch('/api/openapi.json')).json()) as OpenApiDocument;
    const docFile = path.join(work, 'openapi-foreign.json');
    writeFileSync(docFile, JSON.stringify(withScenarioExamples(doc)));
    // What a page on a rebound name sends: its own name as Host (and as Origin, with the CSRF header).
    const evil = `evil.example:${port}`;
    const { report, har, output } = await runSchemathesis('foreign-host', docFile, [
      '--max-examples',
      '5',
      '--header',
      `Host: ${evil}`,
      '--exclude-checks',
      'negative_data_rejection', // a refusal by Host comes before any validation
    ]);
    console.log(`schemathesis, Host ${evil}: ${report.test_cases.generated} cases, ${har.length} requests`);
    expect(report.failures, output.slice(-6000)).toEqual([]);
    expect(har.length).toBeGreaterThan(30);
    // TRACE is refused (405) by the request hook before any Host check, and a request line over
    // Node's limit (431) by Node's parser before anything; everything else by the Host allow-list.
    // (The HAR's URL carries scheme and host, so near the limit either answer is right.)
    const head = (e: HarEntry) => e.request.url.length + e.request.headers.reduce((n, h) => n + h.name.length + h.value.length + 4, 0);
    const expected = (e: HarEntry) => (e.request.method === 'TRACE' ? [405] : head(e) > maxHeaderSize - 512 ? [431, FOREIGN_HOST_STATUS] : [FOREIGN_HOST_STATUS]);
    expect(har.filter((e) => !expected(e).includes(e.response.status)).map((e) => `${e.request.method} ${e.request.url.slice(0, 200)} → ${e.response.status}`)).toEqual([]);

    // Host variations on each kind of route, the stream included, and a rebound-origin action.
    const ds = `/api/clusters/${encodeURIComponent(s.ctx)}/daemonsets/${s.ns}/agent`;
    const targets = ['/api/healthz', '/metrics', '/', `/api/clusters/${encodeURIComponent(s.ctx)}/events`, `${ds}`];
    for (const host of [evil, 'evil.example', `127.0.0.1.nip.io:${port}`, `localhost.evil.example:${port}`, `[::2]:${port}`]) {
      for (const target of targets) {
        const res = await raw(target, { headers: { host } });
        expect(res.status, `${host} ${target}`).toBe(FOREIGN_HOST_STATUS);
      }
      const res = await raw(`${ds}/restart`, { method: 'POST', headers: { host, origin: `http://${host}`, [CSRF_HEADER]: '1', 'content-length': '0' } });
      expect(res.status, `${host} restart`).toBe(FOREIGN_HOST_STATUS);
    }
    expect(await clusterState()).toEqual(before);
  });
});

describe('what the fuzzer cannot send', () => {
  it('answers malformed percent-encoding with a 400 in words, never the framework\u2019s 500', async () => {
    const ctx = encodeURIComponent(s.ctx);
    const api = [
      '/api/clusters/%ff/coverage',
      `/api/clusters/${ctx}/nodes/%ff`,
      `/api/clusters/${ctx}/daemonsets/%E0%A4%A/agent`,
    ];
    for (const target of api) {
      const res = await raw(target);
      expect(res.status, target).toBe(400);
      expect(errorMessage(res.text), target).toMatch(/percent|encod|malformed/i);
    }
    const query = await raw(`/api/clusters/${ctx}/permissions?namespace=%zz`);
    expect(query.status).toBe(400);
    expect(errorMessage(query.text)).toContain('namespace');
    const action = await raw(`/api/clusters/${ctx}/daemonsets/${s.ns}/%ff/restart`, { method: 'POST', headers: { origin: server.origin, [CSRF_HEADER]: '1', 'content-length': '0' } });
    expect(action.status).toBe(400);
    const page = await raw('/nodes/%ff');
    expect(page.status).toBeGreaterThanOrEqual(400);
    expect(page.status).toBeLessThan(500);
  });

  it('refuses each action without Origin or without the CSRF header, naming which', async () => {
    const before = await clusterState();
    const ctx = encodeURIComponent(s.ctx);
    const actions = [
      `/api/clusters/${ctx}/daemonsets/${s.ns}/agent/restart`,
      `/api/clusters/${ctx}/daemonsets/${s.ns}/agent/rollback`,
      `/api/clusters/${ctx}/nodes/${s.nodes[0]}/daemonsets/${s.ns}/agent/recreate`,
      `/api/clusters/${ctx}/daemonsets/${s.ns}/agent/change`,
    ];
    for (const target of actions) {
      const none = await server.fetch(target, { method: 'POST' });
      expect(none.status, target).toBe(403);
      expect(errorMessage(await none.text())).toContain('no Origin header');
      const noCsrf = await server.fetch(target, { method: 'POST', headers: { origin: server.origin } });
      expect(noCsrf.status, target).toBe(403);
      expect(errorMessage(await noCsrf.text())).toContain(`missing CSRF header (${CSRF_HEADER}: 1)`);
      const foreign = await server.fetch(target, { method: 'POST', headers: { origin: 'http://evil.example', [CSRF_HEADER]: '1' } });
      expect(foreign.status, target).toBe(403);
      expect(errorMessage(await foreign.text())).toContain('cross-origin request refused');
    }
    expect(await clusterState()).toEqual(before);
  });

  it('streams version events whose data conforms to the VersionEvent schema', async () => {
    const res = await raw(`/api/clusters/${encodeURIComponent(s.ctx)}/events`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/event-stream/);
    const data = /^event: version\ndata: (.+)$/m.exec(res.text)?.[1];
    expect(data, res.text).toBeDefined();
    expect(VersionEventSchema.parse(JSON.parse(data!)).cache.state).toBe('ready');
    const unknown = await raw('/api/clusters/no-such-context/events');
    expect(unknown.status).toBe(404);
    expect(errorMessage(unknown.text)).toContain('unknown context');
  });
});
