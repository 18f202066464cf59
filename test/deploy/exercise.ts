/**
 * Everything a person does with the console, as a list of steps against a running console:
 * load every page's data, keep watching live, and perform every action. Stops at the first
 * step that fails and says which and why, so a removed RBAC verb can be traced to its symptom.
 */
import type {
  ActionResponse,
  ClustersResponse,
  CoverageResponse,
  DaemonSetDetailResponse,
  NodeDetailResponse,
  PermissionsResponse,
  StagedResponse,
} from '@/lib/api/dto';
import { CSRF_HEADER } from '@/lib/api/dto';
import type { ConsoleUnderTest } from './console';
import { waitDaemonSetReady } from './fixture';
import { kubectl } from '../support/kubectl';
import { GiveUp, until } from '../support/until';

export interface Target {
  ctx: string;
  namespace: string;
  daemonSet: string;
  nodes: string[];
}

export interface Outcome {
  ok: boolean;
  /** Steps that passed, in order. */
  passed: string[];
  /** The failing step and what went wrong. */
  failed?: { step: string; reason: string };
}

class StepFailed extends Error {}
/** A failure that waiting cannot cure (e.g. the API server refused a watch): stops polling. */
class Hopeless extends GiveUp {}

/** Polls `probe` until it returns a value; on timeout the step fails with `lastWords()`. */
async function eventually<T>(timeoutMs: number, probe: () => Promise<T | undefined>, lastWords: () => string): Promise<T> {
  try {
    return await until('a step', probe, { timeoutMs, everyMs: 200 });
  } catch (err) {
    if (err instanceof Hopeless) throw err;
    throw new StepFailed(lastWords());
  }
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new StepFailed(`HTTP ${res.status}, not JSON: ${text.slice(0, 200)}`);
  }
}

/** GET a JSON route; anything but 200 fails the step with the console's own error message. */
async function getOk<T>(c: ConsoleUnderTest, path: string, headers: Record<string, string> = {}): Promise<T> {
  const res = await c.fetch(path, { headers });
  const body = await json<T & { error?: { message?: string } }>(res);
  if (res.status !== 200) throw new StepFailed(`GET ${path} → ${res.status} ${body.error?.message ?? ''}`.trim());
  return body;
}

/** POST an action the way the browser does (same Origin, CSRF header, JSON body). */
export async function postAction(c: ConsoleUnderTest, path: string, body: unknown = {}, headers: Record<string, string> = {}): Promise<Response> {
  return c.fetch(path, {
    method: 'POST',
    headers: { origin: c.origin, [CSRF_HEADER]: '1', 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function actionOk(c: ConsoleUnderTest, path: string, body: unknown = {}): Promise<ActionResponse> {
  const res = await postAction(c, path, body);
  const answer = await json<ActionResponse & { error?: { message?: string } }>(res);
  if (res.status !== 200) throw new StepFailed(`POST ${path} → ${res.status} ${answer.error?.message ?? ''}`.trim());
  if (!answer.changed) throw new StepFailed(`POST ${path} changed nothing: ${answer.message}`);
  return answer;
}

/** Reads the SSE stream until the first `version` event (or gives up). */
async function firstVersionEvent(c: ConsoleUnderTest, path: string, timeoutMs: number): Promise<number> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const res = await c.fetch(path, { signal: abort.signal, headers: { accept: 'text/event-stream' } });
    if (res.status !== 200 || !res.body) throw new StepFailed(`GET ${path} → ${res.status}`);
    const reader = res.body.getReader();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new StepFailed('event stream ended before a version event');
      text += new TextDecoder().decode(value);
      const m = /event: version\ndata: (.*)\n/.exec(text);
      if (m?.[1]) {
        await reader.cancel().catch(() => undefined);
        return (JSON.parse(m[1]) as { version: number }).version;
      }
    }
  } catch (err) {
    if (err instanceof StepFailed) throw err;
    throw new StepFailed(`no version event within ${timeoutMs} ms (${(err as Error).message})`);
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
}

async function auditEventCount(admin: string, t: Target, reason: string): Promise<number> {
  const stdout = await kubectl(admin, ['get', 'events', '-n', t.namespace, '--field-selector', `involvedObject.name=${t.daemonSet},reason=${reason}`, '-o', 'json']);
  return (JSON.parse(stdout) as { items: unknown[] }).items.length;
}

export interface ExerciseOptions {
  /** How long the cache may take to become ready. */
  readyTimeoutMs?: number;
  /** How long a change may take to show up through the watches. */
  liveTimeoutMs?: number;
  /** The console runs with EVERYNODE_READ_ONLY=true: actions must be refused, reads must work. */
  readOnly?: boolean;
}

/**
 * Runs every step against `c`. `admin` is the cluster admin's kubeconfig, used only to observe
 * (audit Events) and to make one out-of-band change (a node label) the console must notice.
 */
export async function exerciseConsole(c: ConsoleUnderTest, t: Target, admin: string, opts: ExerciseOptions = {}): Promise<Outcome> {
  const readyTimeout = opts.readyTimeoutMs ?? 15_000;
  const live = opts.liveTimeoutMs ?? 15_000;
  const ctx = encodeURIComponent(t.ctx);
  const dsPath = `/api/clusters/${ctx}/daemonsets/${t.namespace}/${t.daemonSet}`;
  const node = t.nodes[0]!;
  const passed: string[] = [];
  let lastStatus = '';

  const detail = () => getOk<DaemonSetDetailResponse>(c, dsPath);
  // By name, not by count: the history stops growing at revisionHistoryLimit.
  const revisionNames = async () => new Set((await detail()).revisions.map((r) => r.name));
  const writeSteps: [string, () => Promise<void>][] = [
    [
      'permissions allow every action',
      async () => {
        const body = await getOk<PermissionsResponse>(c, `/api/clusters/${ctx}/permissions?namespace=${t.namespace}`);
        for (const a of ['restart', 'rollback', 'recreate'] as const) {
          if (!body[a].allowed) throw new StepFailed(`${a} not allowed: ${body[a].reason ?? ''}`);
        }
      },
    ],
    [
      'restart works and is audited with an Event',
      async () => {
        const before = await auditEventCount(admin, t, 'EverynodeRestart');
        const known = await revisionNames();
        await actionOk(c, `${dsPath}/restart`);
        await eventually(live, async () => ((await auditEventCount(admin, t, 'EverynodeRestart')) > before ? true : undefined), () => 'no EverynodeRestart Event recorded on the DaemonSet');
        await eventually(live, async () => ([...(await revisionNames())].some((n) => !known.has(n)) ? true : undefined), () => 'the new revision never showed up on the daemonset page');
      },
    ],
    [
      'rollback works',
      async () => {
        await actionOk(c, `${dsPath}/rollback`, {});
        // Let the rollout finish, so the next step finds one settled pod per node.
        await waitDaemonSetReady(admin, t.namespace, t.daemonSet, t.nodes.length, live * 4);
      },
    ],
    [
      'recreate works and the new pod shows up live',
      async () => {
        const podOn = async () => (await detail()).cells.find((cell) => cell.node === node)?.pods.find((p) => !p.deletionTimestamp)?.uid;
        const before = await podOn();
        if (!before) throw new StepFailed(`no pod on ${node} to recreate`);
        await actionOk(c, `/api/clusters/${ctx}/nodes/${node}/daemonsets/${t.namespace}/${t.daemonSet}/recreate`);
        const replacement = await eventually(live, async () => {
          const now = await podOn();
          return now && now !== before ? now : undefined;
        }, () => `the replacement pod on ${node} never showed up`);
        // Its events came after the console started: only the Events watch brings them to the page.
        const name = (await detail()).cells.find((cell) => cell.node === node)?.pods.find((p) => p.uid === replacement)?.name;
        await eventually(live, async () => {
          const body = await getOk<NodeDetailResponse>(c, `/api/clusters/${ctx}/nodes/${node}`);
          return body.events.some((e) => e.object === `Pod/${name}`) ? true : undefined;
        }, () => `no event of the replacement pod ${name ?? ''} reached the node page`);
      },
    ],
    [
      'a staged rollout runs to its end under its Lease',
      async () => {
        const ds = JSON.parse(await kubectl(admin, ['get', 'daemonset', t.daemonSet, '-n', t.namespace, '-o', 'json'])) as { spec: { template: { metadata?: { annotations?: Record<string, string> } } } };
        const template = ds.spec.template;
        template.metadata = { ...template.metadata, annotations: { ...template.metadata?.annotations, 'everynode.dev/deploy-probe': Date.now().toString(36) } };
        // The soak outlasts a Lease renewal (every 5 s; the driver stops after 10 s without one).
        const plan = { canary: { kind: 'count', count: 1 }, waves: { kind: 'percent', percents: [100] }, soakSeconds: 11, maxRestarts: 3, readyTimeoutSeconds: 120, autoAbort: false };
        await actionOk(c, `${dsPath}/staged`, { template, plan });
        let seen = '';
        await eventually(live * 8, async () => {
          const body = await getOk<StagedResponse>(c, `${dsPath}/staged`);
          seen = `${body.staged?.phase ?? 'no plan'}: ${body.staged?.status ?? ''}; lease ${body.lease?.holder ?? 'none'}`;
          return body.staged?.phase === 'completed' ? true : undefined;
        }, () => `the staged rollout never completed (${seen})`);
        const lease = ['get', 'lease', `everynode-rollout-${t.daemonSet}`, '-n', t.namespace, '--ignore-not-found', '-o', 'name'];
        await eventually(live, async () => ((await kubectl(admin, lease)).trim() === '' ? true : undefined), () => 'the finished plan left its Lease behind');
        await waitDaemonSetReady(admin, t.namespace, t.daemonSet, t.nodes.length, live * 4);
      },
    ],
  ];
  const actionPaths = [`${dsPath}/restart`, `${dsPath}/rollback`, `/api/clusters/${ctx}/nodes/${node}/daemonsets/${t.namespace}/${t.daemonSet}/recreate`];
  const readOnlySteps: [string, () => Promise<void>][] = [
    [
      'permissions say read-only',
      async () => {
        const body = await getOk<PermissionsResponse>(c, `/api/clusters/${ctx}/permissions?namespace=${t.namespace}`);
        if (!body.readOnly) throw new StepFailed('readOnly is false');
        for (const a of ['restart', 'rollback', 'recreate'] as const) if (body[a].allowed) throw new StepFailed(`${a} allowed in read-only mode`);
      },
    ],
    [
      'every action is refused and nothing changes',
      async () => {
        const generation = async () => JSON.parse(await kubectl(admin, ['get', 'daemonset', t.daemonSet, '-n', t.namespace, '-o', 'json'])).metadata.generation as number;
        const before = await generation();
        for (const p of actionPaths) {
          const res = await postAction(c, p);
          const body = await json<{ error?: { code?: string; message?: string } }>(res);
          if (res.status !== 403 || !/read-only/.test(body.error?.message ?? '')) throw new StepFailed(`POST ${p} → ${res.status} ${JSON.stringify(body)}`);
        }
        if ((await generation()) !== before) throw new StepFailed('the DaemonSet changed');
      },
    ],
    [
      "an operator's restart (kubectl) shows up live",
      async () => {
        const known = await revisionNames();
        await kubectl(admin, ['rollout', 'restart', `daemonset/${t.daemonSet}`, '-n', t.namespace]);
        await eventually(live, async () => ([...(await revisionNames())].some((n) => !known.has(n)) ? true : undefined), () => 'the new revision never showed up on the daemonset page');
        await waitDaemonSetReady(admin, t.namespace, t.daemonSet, t.nodes.length, live * 4);
      },
    ],
  ];
  const steps: [string, () => Promise<void>][] = [
    [
      'health check reports the cache ready',
      async () => {
        await eventually(
          readyTimeout,
          async () => {
            const res = await c.fetch('/api/healthz');
            const text = await res.text();
            lastStatus = `${res.status} ${text}`;
            // A watch or list the API server refused will not heal by waiting: fail at once.
            if (res.status === 503 && /forbidden/i.test(text)) throw new Hopeless(`healthz → ${lastStatus.slice(0, 300)}`);
            return res.status === 200 ? true : undefined;
          },
          () => `healthz never answered 200 within ${readyTimeout} ms; last: ${lastStatus.slice(0, 300)}`,
        );
      },
    ],
    [
      'clusters list names the context',
      async () => {
        const body = await getOk<ClustersResponse>(c, '/api/clusters');
        if (!body.clusters.some((k) => k.name === t.ctx)) throw new StepFailed(`context ${t.ctx} missing from ${JSON.stringify(body.clusters.map((k) => k.name))}`);
      },
    ],
    [
      'coverage grid shows the agent on every test node',
      async () => {
        const body = await getOk<CoverageResponse>(c, `/api/clusters/${ctx}/coverage`);
        if (body.cache.state !== 'ready') throw new StepFailed(`cache is ${body.cache.state}: ${body.cache.error ?? ''}`);
        const agent = body.agents.find((a) => a.namespace === t.namespace && a.name === t.daemonSet);
        if (!agent) throw new StepFailed(`agent ${t.namespace}/${t.daemonSet} missing`);
        for (const n of t.nodes) {
          const i = body.nodes.names.indexOf(n);
          if (i < 0) throw new StepFailed(`node ${n} missing from the grid`);
          if (agent.grid[i] !== 'R') throw new StepFailed(`cell ${n} is "${agent.grid[i]}", not ready ("R")`);
        }
      },
    ],
    [
      'daemonset page shows cells, rollout and revisions',
      async () => {
        const body = await detail();
        if (body.revisions.length < 1) throw new StepFailed('no revisions listed');
        if (!body.cells.some((cell) => cell.node === node && cell.pods.length === 1)) throw new StepFailed(`no pod shown on ${node}`);
      },
    ],
    [
      'node page shows the agent and its pod events',
      async () => {
        const body = await getOk<NodeDetailResponse>(c, `/api/clusters/${ctx}/nodes/${node}`);
        if (!body.agents.some((a) => a.namespace === t.namespace && a.name === t.daemonSet)) throw new StepFailed('agent missing on the node page');
        if (!body.events.some((e) => e.reason === 'Scheduled')) throw new StepFailed(`the pod's Scheduled event is missing (events: ${JSON.stringify(body.events.map((e) => e.reason))})`);
      },
    ],
    [
      'live stream sends a version event',
      async () => {
        await firstVersionEvent(c, `/api/clusters/${ctx}/events`, 5_000);
      },
    ],
    [
      'metrics are served',
      async () => {
        const res = await c.fetch('/metrics');
        const text = await res.text();
        if (res.status !== 200 || !/^# HELP /m.test(text)) throw new StepFailed(`GET /metrics → ${res.status}`);
      },
    ],
    ...(opts.readOnly ? readOnlySteps : writeSteps),
    [
      'a node change shows up live',
      async () => {
        const value = `v${Date.now().toString(36)}`;
        await kubectl(admin, ['label', 'node', node, `everynode.dev/deploy-probe=${value}`, '--overwrite']);
        await eventually(live, async () => {
          const body = await getOk<CoverageResponse>(c, `/api/clusters/${ctx}/coverage`);
          return body.nodes.labelPairs.includes(`everynode.dev/deploy-probe=${value}`) ? true : undefined;
        }, () => 'the node label never reached the coverage grid');
      },
    ],
    [
      'cache is still ready (no watch was refused)',
      async () => {
        const res = await c.fetch('/api/healthz');
        if (res.status !== 200) throw new StepFailed(`healthz → ${res.status} ${(await res.text()).slice(0, 300)}`);
      },
    ],
  ];

  for (const [name, run] of steps) {
    try {
      await run();
      passed.push(name);
    } catch (err) {
      const reason = err instanceof StepFailed || err instanceof Hopeless ? err.message : `unexpected: ${(err as Error).stack ?? String(err)}`;
      return { ok: false, passed, failed: { step: name, reason } };
    }
  }
  return { ok: true, passed };
}
