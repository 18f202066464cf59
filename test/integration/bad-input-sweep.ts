/**
 * The bad-input sweep, shared by the kubeconfig-mode run (bad-input.test.ts) and the proxy-mode
 * run (bad-input-proxy.test.ts): names that are not DNS-1123, unknown contexts, objects that do
 * not exist, wrong body types, unknown fields, bad JSON, huge bodies, across every route.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import * as coverageRoute from '@/app/api/clusters/[ctx]/coverage/route';
import * as daemonSetRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/route';
import * as eventsRoute from '@/app/api/clusters/[ctx]/events/route';
import * as nodeRoute from '@/app/api/clusters/[ctx]/nodes/[node]/route';
import * as permissionsRoute from '@/app/api/clusters/[ctx]/permissions/route';
import * as recreateRoute from '@/app/api/clusters/[ctx]/nodes/[node]/daemonsets/[ns]/[name]/recreate/route';
import * as restartRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/restart/route';
import * as rollbackRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/rollback/route';
import * as changeRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/change/route';
import * as previewRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/preview/route';
import * as nodeChangeRoute from '@/app/api/clusters/[ctx]/nodes/[node]/change/route';
import * as nodePreviewRoute from '@/app/api/clusters/[ctx]/nodes/[node]/preview/route';
import * as nodesChangeRoute from '@/app/api/clusters/[ctx]/nodes/change/route';
import * as nodesPreviewRoute from '@/app/api/clusters/[ctx]/nodes/preview/route';
import * as stagedRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/staged/route';
import * as stagedAbortRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/staged/abort/route';
import * as stagedPauseRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/staged/pause/route';
import * as stagedPromoteRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/staged/promote/route';
import * as stagedResumeRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/staged/resume/route';
import * as nodeLogsRoute from '@/app/api/clusters/[ctx]/nodes/[node]/daemonsets/[ns]/[name]/logs/route';
import * as logSearchRoute from '@/app/api/clusters/[ctx]/daemonsets/[ns]/[name]/logs/search/route';
import { call, get, post, type ActionsScenario, type Call } from './actions-scenario';

type Handler = Parameters<typeof call>[0];

export interface Case {
  what: string;
  handler: Handler;
  request: () => Request;
  params: Record<string, string>;
  /** Words the error message must contain (the parameter or problem it names). */
  names: string;
}

/** Not DNS-1123 subdomains (object and node names). */
const BAD_NAMES = ['', 'UPPER', 'under_score', '-lead', 'trail-', 'has space', 'dot..dot', 'a/b', '../etc', 'ünïcode', 'x'.repeat(254), 'a\u0000b', '<script>', "x';--", '.hidden'];
/** Not DNS-1123 labels (namespaces): the above plus dotted and over-long labels. */
const BAD_NAMESPACES = [...BAD_NAMES, 'with.dot', 'y'.repeat(64)];
const BAD_CONTEXTS = ['no-such-context', 'a\u0001b', 'c'.repeat(300), ''];

const enc = encodeURIComponent;

/** Every generated case against the scenario `s`; `headers` go on every request (proxy mode: who asks). */
export function badInputCases(s: ActionsScenario, headers: Record<string, string> = {}): Case[] {
  const ctx = s.ctx;
  const ns = s.ns;
  const ds = 'agent';
  const node = s.nodes[0]!;
  const out: Case[] = [];
  const read = (what: string, handler: Handler, params: Record<string, string>, names: string, query = '') =>
    out.push({ what, handler, params, names, request: () => get(`/api/x${query}`, headers) });
  const write = (what: string, handler: Handler, params: Record<string, string>, names: string, body?: { json?: unknown; body?: BodyInit; headers?: Record<string, string> }) =>
    out.push({ what, handler, params, names, request: () => post('/api/x', { ...body, headers: { ...headers, ...body?.headers } }) });

  // Every route with a context: unknown or malformed contexts.
  for (const c of BAD_CONTEXTS) {
    const names = c === 'no-such-context' ? 'unknown context' : 'ctx';
    read(`coverage ctx=${c.slice(0, 20)}`, coverageRoute.GET as Handler, { ctx: c }, names);
    read(`events ctx=${c.slice(0, 20)}`, eventsRoute.GET as Handler, { ctx: c }, names);
    read(`permissions ctx=${c.slice(0, 20)}`, permissionsRoute.GET as Handler, { ctx: c }, names, `?namespace=${ns}`);
    read(`daemonset ctx=${c.slice(0, 20)}`, daemonSetRoute.GET as Handler, { ctx: c, ns, name: ds }, names);
    read(`node ctx=${c.slice(0, 20)}`, nodeRoute.GET as Handler, { ctx: c, node }, names);
    write(`restart ctx=${c.slice(0, 20)}`, restartRoute.POST as Handler, { ctx: c, ns, name: ds }, names);
    write(`rollback ctx=${c.slice(0, 20)}`, rollbackRoute.POST as Handler, { ctx: c, ns, name: ds }, names);
    write(`recreate ctx=${c.slice(0, 20)}`, recreateRoute.POST as Handler, { ctx: c, node, ns, name: ds }, names);
  }
  // Live views the event stream cannot follow (lib/server-data/live-views.ts).
  for (const v of ['bogus', 'daemonset:UPPER/x', 'daemonset:ns', 'daemonset:a/b/c', 'coverage@-1', 'coverage@x', `daemonset:${'y'.repeat(64)}/x`, 'daemonset:a/b@12345678901234567']) {
    read(`events view=${v.slice(0, 24)}`, eventsRoute.GET as Handler, { ctx }, 'view', `?view=${enc(v)}`);
  }
  read('events with 5 views', eventsRoute.GET as Handler, { ctx }, 'at most 4 views', `?${['coverage', 'daemonset:a/b', 'daemonset:a/c', 'daemonset:a/d', 'daemonset:a/e'].map((v) => `view=${enc(v)}`).join('&')}`);

  // Malformed namespaces.
  for (const bad of BAD_NAMESPACES) {
    read(`permissions namespace=${bad.slice(0, 20)}`, permissionsRoute.GET as Handler, { ctx }, 'namespace', `?namespace=${enc(bad)}`);
    read(`daemonset ns=${bad.slice(0, 20)}`, daemonSetRoute.GET as Handler, { ctx, ns: bad, name: ds }, 'ns');
    write(`restart ns=${bad.slice(0, 20)}`, restartRoute.POST as Handler, { ctx, ns: bad, name: ds }, 'ns');
    write(`rollback ns=${bad.slice(0, 20)}`, rollbackRoute.POST as Handler, { ctx, ns: bad, name: ds }, 'ns');
    write(`recreate ns=${bad.slice(0, 20)}`, recreateRoute.POST as Handler, { ctx, node, ns: bad, name: ds }, 'ns');
  }
  // Malformed object and node names.
  for (const bad of BAD_NAMES) {
    read(`daemonset name=${bad.slice(0, 20)}`, daemonSetRoute.GET as Handler, { ctx, ns, name: bad }, 'name');
    read(`node node=${bad.slice(0, 20)}`, nodeRoute.GET as Handler, { ctx, node: bad }, 'node');
    write(`restart name=${bad.slice(0, 20)}`, restartRoute.POST as Handler, { ctx, ns, name: bad }, 'name');
    write(`rollback name=${bad.slice(0, 20)}`, rollbackRoute.POST as Handler, { ctx, ns, name: bad }, 'name');
    write(`recreate name=${bad.slice(0, 20)}`, recreateRoute.POST as Handler, { ctx, node, ns, name: bad }, 'name');
    write(`recreate node=${bad.slice(0, 20)}`, recreateRoute.POST as Handler, { ctx, node: bad, ns, name: ds }, 'node');
  }
  // Well-formed names of objects that do not exist.
  read('permissions without namespace', permissionsRoute.GET as Handler, { ctx }, 'namespace');
  read('daemonset missing', daemonSetRoute.GET as Handler, { ctx, ns, name: 'no-such-agent' }, 'no-such-agent');
  read('daemonset in missing namespace', daemonSetRoute.GET as Handler, { ctx, ns: `${s.id}-nowhere`, name: ds }, ds);
  read('node missing', nodeRoute.GET as Handler, { ctx, node: `${s.id}-no-such-node` }, 'no-such-node');
  write('restart missing', restartRoute.POST as Handler, { ctx, ns, name: 'no-such-agent' }, 'no-such-agent');
  write('restart in missing namespace', restartRoute.POST as Handler, { ctx, ns: `${s.id}-nowhere`, name: ds }, ds);
  write('rollback missing', rollbackRoute.POST as Handler, { ctx, ns, name: 'no-such-agent' }, 'no-such-agent');
  write('rollback to a revision that does not exist', rollbackRoute.POST as Handler, { ctx, ns, name: ds }, 'revision 42', { json: { toRevision: 42 } });
  write('rollback with no previous revision', rollbackRoute.POST as Handler, { ctx, ns, name: ds }, 'no last revision');
  write('recreate missing daemonset', recreateRoute.POST as Handler, { ctx, node, ns, name: 'no-such-agent' }, 'no-such-agent');
  write('recreate on a node without its pod', recreateRoute.POST as Handler, { ctx, node: `${s.id}-no-such-node`, ns, name: ds }, 'no pod on node');

  // Bodies: wrong types, unknown fields, bad JSON, huge.
  const huge = JSON.stringify({ toRevision: 1, pad: 'x'.repeat(20 * 1024) });
  const bodies: [string, { json?: unknown; body?: BodyInit; headers?: Record<string, string> }, string][] = [
    ['toRevision as string', { json: { toRevision: '1' } }, 'toRevision'],
    ['toRevision negative', { json: { toRevision: -1 } }, 'toRevision'],
    ['toRevision zero', { json: { toRevision: 0 } }, 'toRevision'],
    ['toRevision fractional', { json: { toRevision: 1.5 } }, 'toRevision'],
    ['toRevision null', { json: { toRevision: null } }, 'toRevision'],
    ['toRevision boolean', { json: { toRevision: true } }, 'toRevision'],
    ['toRevision huge', { json: { toRevision: 1e300 } }, 'toRevision'],
    ['toRevision object', { json: { toRevision: { $gt: 0 } } }, 'toRevision'],
    ['unknown field', { json: { toRevision: 1, force: true } }, 'force'],
    ['array body', { json: [1] }, 'body'],
    ['string body', { json: 'restart' }, 'body'],
    ['null body', { json: null }, 'body'],
    ['bad JSON', { body: '{"toRevision":' }, 'JSON'],
    ['not JSON at all', { body: 'toRevision=1' }, 'JSON'],
    ['huge body', { body: huge }, '16384 bytes'],
    ['huge body with a lying Content-Length', { body: huge, headers: { 'content-length': '10' } }, '16384 bytes'],
  ];
  for (const [what, body, names] of bodies) {
    write(`rollback ${what}`, rollbackRoute.POST as Handler, { ctx, ns, name: ds }, names, body);
  }
  // Agent changes (preview and apply): every rule the schema checks, named; bigger bodies allowed (64 KiB).
  const changes: [string, unknown, string][] = [
    ['invalid image', { images: { agent: 'Not An/Image' } }, 'images.agent'],
    ['image for a container the template lacks', { images: { sidecar: 'nginx:1' } }, 'images.sidecar'],
    ['unknown operator', { requiredNodeAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'Near', values: ['a'] }] }] }, 'operator'],
    ['Gt with a non-integer', { requiredNodeAffinity: [{ matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['x'] }] }] }, 'Gt needs an integer value'],
    ['In without values', { requiredNodeAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] }, 'In needs at least one value'],
    ['Exists with values', { requiredNodeAffinity: [{ matchExpressions: [{ key: 'zone', operator: 'Exists', values: ['a'] }] }] }, 'Exists takes no values'],
    ['illegal toleration key', { tolerations: [{ key: 'bad key!', operator: 'Exists' }] }, 'tolerations.0.key'],
    ['Exists toleration with a value', { tolerations: [{ key: 'k', operator: 'Exists', value: 'v' }] }, 'tolerations.0.value'],
    ['tolerationSeconds without NoExecute', { tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }] }, 'tolerationSeconds'],
    ['illegal nodeSelector key', { nodeSelector: { 'a b': 'c' } }, 'nodeSelector'],
    ['percent over 100', { strategy: { type: 'RollingUpdate', maxUnavailable: '150%' } }, 'strategy.maxUnavailable'],
    ['both budgets 0', { strategy: { type: 'RollingUpdate', maxUnavailable: 0, maxSurge: 0 } }, 'may not be 0'],
    ['unknown strategy', { strategy: { type: 'Recreate' } }, 'strategy.type'],
    ['negative minReadySeconds', { minReadySeconds: -1 }, 'minReadySeconds'],
    ['template YAML that does not parse', { templateYaml: 'spec: [' }, 'templateYaml'],
    ['unknown field', { images: {}, replicas: 3 }, 'replicas'],
    ['array body', [1], 'body'],
  ];
  for (const [what, json, names] of changes) {
    write(`preview ${what}`, previewRoute.POST as Handler, { ctx, ns, name: ds }, names, { json });
    write(`change ${what}`, changeRoute.POST as Handler, { ctx, ns, name: ds }, names === 'body' ? 'body' : names, { json: Array.isArray(json) ? json : { ...(json as object), resourceVersion: '1' } });
  }
  const hugeChange = JSON.stringify({ templateYaml: 'x'.repeat(1024 * 1024) });
  for (const [route, handler] of [['preview', previewRoute.POST], ['change', changeRoute.POST]] as const) {
    write(`${route} 1 MB body`, handler as Handler, { ctx, ns, name: ds }, '65536 bytes', { body: hugeChange });
    write(`${route} 1 MB body with a lying Content-Length`, handler as Handler, { ctx, ns, name: ds }, '65536 bytes', { body: hugeChange, headers: { 'content-length': '10' } });
    write(`${route} bad JSON`, handler as Handler, { ctx, ns, name: ds }, 'JSON', { body: '{"images":' });
    write(`${route} missing`, handler as Handler, { ctx, ns, name: 'no-such-agent' }, 'no-such-agent', { json: route === 'change' ? { minReadySeconds: 1, resourceVersion: '1' } : { minReadySeconds: 1 } });
    for (const c of BAD_CONTEXTS) write(`${route} ctx=${c.slice(0, 20)}`, handler as Handler, { ctx: c, ns, name: ds }, c === 'no-such-context' ? 'unknown context' : 'ctx', { json: {} });
    for (const bad of BAD_NAMESPACES) write(`${route} ns=${bad.slice(0, 20)}`, handler as Handler, { ctx, ns: bad, name: ds }, 'ns', { json: {} });
    for (const bad of BAD_NAMES) write(`${route} name=${bad.slice(0, 20)}`, handler as Handler, { ctx, ns, name: bad }, 'name', { json: {} });
  }
  write('change without the previewed resourceVersion', changeRoute.POST as Handler, { ctx, ns, name: ds }, 'resourceVersion', { json: { minReadySeconds: 1 } });
  write('change with a stale resourceVersion', changeRoute.POST as Handler, { ctx, ns, name: ds }, 'changed since the preview', { json: { minReadySeconds: 1, resourceVersion: '1' } });

  for (const [what, body, names] of bodies.filter(([w]) => !w.startsWith('toRevision'))) {
    const n = names === 'force' ? 'toRevision' : names; // toRevision is itself unknown to restart and recreate
    write(`restart ${what}`, restartRoute.POST as Handler, { ctx, ns, name: ds }, n, body);
    write(`recreate ${what}`, recreateRoute.POST as Handler, { ctx, node, ns, name: ds }, n, body);
  }
  nodeChangeCases(s, write, Object.keys(headers).length > 0);
  stagedCases({ ctx, ns, ds, id: s.id, read, write });

  // Logs: kubectl logs' options and the search pattern are refused before any log is read.
  const nodeLogs = nodeLogsRoute.GET as Handler;
  const logSearch = logSearchRoute.GET as Handler;
  for (const c of BAD_CONTEXTS) {
    const names = c === 'no-such-context' ? 'unknown context' : 'ctx';
    read(`node logs ctx=${c.slice(0, 20)}`, nodeLogs, { ctx: c, node, ns, name: ds }, names);
    read(`log search ctx=${c.slice(0, 20)}`, logSearch, { ctx: c, ns, name: ds }, names, '?pattern=x');
  }
  for (const bad of BAD_NAMESPACES.slice(0, 6)) read(`node logs ns=${bad.slice(0, 20)}`, nodeLogs, { ctx, node, ns: bad, name: ds }, 'ns');
  for (const bad of BAD_NAMES.slice(0, 6)) {
    read(`node logs node=${bad.slice(0, 20)}`, nodeLogs, { ctx, node: bad, ns, name: ds }, 'node');
    read(`log search name=${bad.slice(0, 20)}`, logSearch, { ctx, ns, name: bad }, 'name', '?pattern=x');
  }
  const logQueries: [string, string][] = [
    ['?tailLines=-1', 'tailLines'],
    ['?tailLines=1.5', 'tailLines'],
    ['?tailLines=100001', 'tailLines'],
    ['?sinceSeconds=0', 'sinceSeconds'],
    ['?sinceSeconds=99999999', 'sinceSeconds'],
    ['?sinceSeconds=1h', 'sinceSeconds'],
    ['?previous=yes', 'previous'],
    ['?follow=2', 'follow'],
    ['?timestamps=', 'timestamps'],
    ['?container=UPPER', 'container'],
    ['?container=no-such-container', 'no-such-container'],
    ['?unknown=1', 'unknown'],
  ];
  for (const [query, names] of logQueries) read(`node logs ${query}`, nodeLogs, { ctx, node, ns, name: ds }, names, query);
  read('node logs of a missing daemonset', nodeLogs, { ctx, node, ns, name: 'no-such-agent' }, 'no-such-agent');
  read('node logs on a node without its pod', nodeLogs, { ctx, node: `${s.id}-no-such-node`, ns, name: ds }, 'no-such-node');
  const searchQueries: [string, string][] = [
    ['', 'pattern'],
    ['?pattern=', 'pattern'],
    [`?pattern=${'p'.repeat(257)}`, 'pattern'],
    ['?pattern=(&regex=true', 'regular expression'],
    [`?pattern=${enc('(a+)+$')}&regex=true`, 'exponential'],
    [`?pattern=${enc('(.)\\1')}&regex=true`, 'backreferences'],
    ['?pattern=x&regex=maybe', 'regex'],
    ['?pattern=x&tailLines=-3', 'tailLines'],
    ['?pattern=x&tailLines=10001', 'tailLines'],
    ['?pattern=x&sinceSeconds=-60', 'sinceSeconds'],
    ['?pattern=x&nodes=UPPER', 'nodes'],
    ['?pattern=x&container=no-such-container', 'no-such-container'],
    ['?pattern=x&follow=true', 'follow'],
  ];
  for (const [query, names] of searchQueries) read(`log search ${query.slice(0, 40)}`, logSearch, { ctx, ns, name: ds }, names, query);
  read('log search of a missing daemonset', logSearch, { ctx, ns, name: 'no-such-agent' }, 'no-such-agent', '?pattern=x');
  return out;
}

type Read = (what: string, handler: Handler, params: Record<string, string>, names: string, query?: string) => void;
type Write = (what: string, handler: Handler, params: Record<string, string>, names: string, body?: { json?: unknown; body?: BodyInit; headers?: Record<string, string> }) => void;

/** The node change routes (preview and apply, one node or many): names, contexts, and change syntax. */
/** `proxy`: the person asking may not list nodes, which the preview says before it looks a node up. */
function nodeChangeCases(s: ActionsScenario, write: Write, proxy: boolean): void {
  const ctx = s.ctx;
  const node = s.nodes[0]!;
  const single = [
    ['node preview', nodePreviewRoute.POST as Handler, {}],
    ['node change', nodeChangeRoute.POST as Handler, { resourceVersion: '1' }],
  ] as const;
  const multi = [
    ['nodes preview', nodesPreviewRoute.POST as Handler, { nodes: [node] }],
    ['nodes change', nodesChangeRoute.POST as Handler, { nodes: [{ name: node, resourceVersion: '1' }] }],
  ] as const;
  const good = { taints: ['everynode.test/x=y:NoSchedule'] };
  for (const c of ['no-such-context', 'a\u0001b', '']) {
    const names = c === 'no-such-context' ? 'unknown context' : 'ctx';
    for (const [what, handler, extra] of single) write(`${what} ctx=${c}`, handler, { ctx: c, node }, names, { json: { ...good, ...extra } });
    for (const [what, handler, extra] of multi) write(`${what} ctx=${c}`, handler, { ctx: c }, names, { json: { ...good, ...extra } });
  }
  for (const bad of BAD_NAMES) {
    for (const [what, handler, extra] of single) write(`${what} node=${bad.slice(0, 20)}`, handler, { ctx, node: bad }, 'node', { json: { ...good, ...extra } });
    write(`nodes preview nodes=[${bad.slice(0, 20)}]`, nodesPreviewRoute.POST as Handler, { ctx }, 'nodes.0', { json: { ...good, nodes: [bad] } });
    write(`nodes change nodes=[${bad.slice(0, 20)}]`, nodesChangeRoute.POST as Handler, { ctx }, 'nodes.0.name', { json: { ...good, nodes: [{ name: bad, resourceVersion: '1' }] } });
  }
  const missing = `${s.id}-no-such-node`;
  for (const [what, handler, extra] of single) write(`${what} missing node`, handler, { ctx, node: missing }, missing, { json: { ...good, ...extra } });
  write('nodes preview missing node', nodesPreviewRoute.POST as Handler, { ctx }, proxy ? 'you may not list nodes' : missing, { json: { ...good, nodes: [node, missing] } });

  const megabyte = JSON.stringify({ ...good, pad: 'x'.repeat(1024 * 1024) });
  const bodies: [string, { json?: unknown; body?: BodyInit; headers?: Record<string, string> }, string][] = [
    ['taint key with illegal characters', { json: { taints: ['bad key!=x:NoSchedule'] } }, 'taints.0: taint "bad key!=x:NoSchedule": key "bad key!": name part must consist of'],
    ['taint with an unknown effect', { json: { taints: ['a=b:NoWay'] } }, 'unknown taint effect "NoWay"'],
    ['taint without an effect', { json: { taints: ['a=b'] } }, 'must be key=value:Effect'],
    ['taint value too long', { json: { taints: [`a=${'v'.repeat(64)}:NoExecute`] } }, 'no more than 63 characters'],
    ['label value too long', { json: { labels: [`zone=${'v'.repeat(64)}`] } }, 'labels.0: label'],
    ['label key with a bad prefix', { json: { labels: ['Upper.Case/x=1'] } }, 'prefix part must be a lowercase DNS-1123 subdomain'],
    ['label without a value', { json: { labels: ['zone'] } }, 'must be key=value, or key- to remove'],
    ['the same label twice', { json: { labels: ['zone=a', 'zone-'] } }, 'touches label zone twice'],
    ['an empty change', { json: {} }, 'the change is empty'],
    ['taints not a list', { json: { taints: 'a=b:NoSchedule' } }, 'taints'],
    ['unschedulable as text', { json: { unschedulable: 'yes' } }, 'unschedulable'],
    ['unknown field', { json: { ...good, force: true } }, 'force'],
    ['array body', { json: [1] }, 'body'],
    ['bad JSON', { body: '{"taints":' }, 'JSON'],
    ['1 MB body', { body: megabyte }, 'bytes'],
  ];
  for (const [what, body, names] of bodies) {
    const json = body.json;
    const withExtra = (extra: object) => (json && typeof json === 'object' && !Array.isArray(json) ? { ...body, json: { ...json, ...extra } } : body);
    for (const [route, handler, extra] of single) write(`${route} ${what}`, handler, { ctx, node }, names, withExtra(extra));
    for (const [route, handler, extra] of multi) write(`${route} ${what}`, handler, { ctx }, names, withExtra(extra));
  }
  write('node change without resourceVersion', nodeChangeRoute.POST as Handler, { ctx, node }, 'resourceVersion', { json: good });
  write('nodes change without resourceVersion', nodesChangeRoute.POST as Handler, { ctx }, 'nodes.0.resourceVersion', { json: { ...good, nodes: [{ name: node }] } });
  write('nodes preview with no nodes', nodesPreviewRoute.POST as Handler, { ctx }, 'at least one node', { json: { ...good, nodes: [] } });
  write('nodes preview naming a node twice', nodesPreviewRoute.POST as Handler, { ctx }, 'twice', { json: { ...good, nodes: [node, node] } });
  const tooMany = Array.from({ length: 5001 }, (_, i) => `n${i}`);
  write('nodes preview over the cap', nodesPreviewRoute.POST as Handler, { ctx }, 'at most 5000 nodes', { json: { ...good, nodes: tooMany } });
  write('nodes change over the cap', nodesChangeRoute.POST as Handler, { ctx }, 'at most 5000 nodes', { json: { ...good, nodes: tooMany.map((name) => ({ name, resourceVersion: '1' })) } });
}

/** Staged rollouts: bad names, agents without a plan, and start bodies that name their problem. */
function stagedCases({ ctx, ns, ds, id, read, write }: { ctx: string; ns: string; ds: string; id: string; read: Read; write: Write }): void {
  const controls = { pause: stagedPauseRoute.POST, resume: stagedResumeRoute.POST, promote: stagedPromoteRoute.POST, abort: stagedAbortRoute.POST };
  for (const bad of ['UPPER', '../etc', 'x'.repeat(254)]) {
    read(`staged GET name=${bad.slice(0, 20)}`, stagedRoute.GET as Handler, { ctx, ns, name: bad }, 'name');
    write(`staged start ns=${bad.slice(0, 20)}`, stagedRoute.POST as Handler, { ctx, ns: bad, name: ds }, 'ns');
    for (const [c, h] of Object.entries(controls)) write(`staged ${c} name=${bad.slice(0, 20)}`, h as Handler, { ctx, ns, name: bad }, 'name');
  }
  read('staged GET missing', stagedRoute.GET as Handler, { ctx, ns, name: 'no-such-agent' }, 'no-such-agent');
  read('staged GET unknown context', stagedRoute.GET as Handler, { ctx: 'no-such-context', ns, name: ds }, 'unknown context');
  for (const [c, h] of Object.entries(controls)) write(`staged ${c} without a plan`, h as Handler, { ctx, ns, name: ds }, 'has no staged rollout running or paused');
  const template = { metadata: { labels: { app: ds } }, spec: { containers: [{ name: 'agent', image: 'registry.local/agent:9' }] } };
  const plan = { canary: { kind: 'count', count: 1 }, waves: { kind: 'percent', percents: [50, 100] }, soakSeconds: 10, maxRestarts: 1, readyTimeoutSeconds: 60, autoAbort: false };
  const starts: [string, unknown, string][] = [
    ['empty body', {}, 'template'],
    ['no plan', { template }, 'plan'],
    ['no containers', { template: { spec: { containers: [] } }, plan }, 'template.spec.containers'],
    ['empty image', { template: { spec: { containers: [{ name: 'a', image: '' }] } }, plan }, 'template.spec.containers.0.image'],
    ['canary count zero', { template, plan: { ...plan, canary: { kind: 'count', count: 0 } } }, 'plan.canary.count'],
    ['canary kind unknown', { template, plan: { ...plan, canary: { kind: 'random' } } }, 'plan.canary'],
    ['canary node names not DNS-1123', { template, plan: { ...plan, canary: { kind: 'nodes', nodes: ['Bad_Node'] } } }, 'plan.canary.nodes.0'],
    ['canary selector with a set operator', { template, plan: { ...plan, canary: { kind: 'selector', selector: 'zone in (a,b)' } } }, 'plan.canary.selector'],
    ['waves decreasing', { template, plan: { ...plan, waves: { kind: 'percent', percents: [50, 10, 100] } } }, 'plan.waves.percents'],
    ['waves not ending at 100', { template, plan: { ...plan, waves: { kind: 'percent', percents: [10, 50] } } }, 'must end at 100'],
    ['waves label not a label key', { template, plan: { ...plan, waves: { kind: 'label', label: 'no spaces allowed' } } }, 'plan.waves.label'],
    ['soak negative', { template, plan: { ...plan, soakSeconds: -1 } }, 'plan.soakSeconds'],
    ['maxRestarts fractional', { template, plan: { ...plan, maxRestarts: 1.5 } }, 'plan.maxRestarts'],
    ['autoAbort as string', { template, plan: { ...plan, autoAbort: 'yes' } }, 'plan.autoAbort'],
    ['unknown plan field', { template, plan: { ...plan, partition: 3 } }, 'partition'],
    ['canary selector matching no node', { template, plan: { ...plan, canary: { kind: 'selector', selector: `${id}/nowhere=true` } } }, 'plan.canary: matches no node'],
    ['template unchanged', { template: 'same' }, 'template'],
  ];
  for (const [what, json, names] of starts) write(`staged start ${what}`, stagedRoute.POST as Handler, { ctx, ns, name: ds }, names, { json });
  write('staged start on a missing agent', stagedRoute.POST as Handler, { ctx, ns, name: 'no-such-agent' }, 'no-such-agent', { json: { template, plan } });
}

/** Distinctive middles (not the shared "-----BEGIN" prefix) of each credential, raw and decoded. */
export function credentialFragments(kc: KubeConfig): string[] {
  const user = kc.getCurrentUser();
  const raw = [user?.token, user?.keyData, user?.password].filter((v): v is string => typeof v === 'string' && v.length >= 64);
  return raw.flatMap((v) => [v, Buffer.from(v, 'base64').toString('utf8')]).map((v) => v.slice(40, 72));
}

/** Runs every case; returns what went wrong (empty when every answer is a 4xx naming its problem, leaking nothing) and the status counts. */
export async function sweep(all: Case[], secrets: string[]): Promise<{ failures: string[]; statuses: Record<number, number> }> {
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  for (const c of all) {
    let res: Call;
    try {
      res = await call(c.handler, c.request(), c.params);
    } catch (err) {
      failures.push(`${c.what}: threw ${String(err)}`);
      continue;
    }
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const message = res.body.error?.message ?? '';
    if (res.status < 400 || res.status >= 500) failures.push(`${c.what}: status ${res.status} ${res.text.slice(0, 200)}`);
    else if (!message.includes(c.names)) failures.push(`${c.what}: message "${message}" does not name "${c.names}"`);
    for (const secret of secrets) if (res.text.includes(secret)) failures.push(`${c.what}: response carries a credential`);
  }
  return { failures, statuses: Object.fromEntries(statuses) };
}
