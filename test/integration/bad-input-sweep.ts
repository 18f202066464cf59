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
  for (const [what, body, names] of bodies.filter(([w]) => !w.startsWith('toRevision'))) {
    const n = names === 'force' ? 'toRevision' : names; // toRevision is itself unknown to restart and recreate
    write(`restart ${what}`, restartRoute.POST as Handler, { ctx, ns, name: ds }, n, body);
    write(`recreate ${what}`, recreateRoute.POST as Handler, { ctx, node, ns, name: ds }, n, body);
  }

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
