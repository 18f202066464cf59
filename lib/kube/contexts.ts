import 'server-only';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { config } from '@/lib/config';
import { credentialsFailed, notFound, type CredentialSource } from '@/lib/errors';

/** Who a request acts as when the console forwards a person's identity (auth proxy mode). */
export interface Identity {
  user: string;
  groups?: string[];
}

interface Loaded {
  /** KUBECONFIG / in-cluster setting and the files' mtimes and sizes this was read from. */
  key: string;
  stamp: string;
  checkedAt: number;
  base: KubeConfig;
  perContext: Map<string, KubeConfig>;
}

const slot = globalThis as typeof globalThis & { __everynodeKubeconfig?: Loaded };

/** How often the kubeconfig files are stat'ed for changes (a recreated cluster, refreshed credentials). */
const RECHECK_MS = 2000;

/** The files kubectl would read: every existing file in KUBECONFIG, else ~/.kube/config if present. */
function kubeconfigFiles(): string[] {
  const listed = (process.env.KUBECONFIG ?? '').split(path.delimiter).filter((f) => f.length > 0 && fs.existsSync(f));
  if (listed.length > 0) return listed;
  const home = path.join(os.homedir(), '.kube', 'config');
  return fs.existsSync(home) ? [home] : [];
}

function stampOf(files: readonly string[]): string {
  return files
    .map((f) => {
      try {
        const st = fs.statSync(f);
        return `${f}:${st.mtimeMs}:${st.size}`;
      } catch {
        return `${f}:gone`;
      }
    })
    .join('|');
}

/**
 * Reads kubeconfig files the way kubectl does: every file in KUBECONFIG (missing ones skipped),
 * the first file to define a name or the current context wins; else ~/.kube/config; else the
 * in-cluster service account.
 */
function loadBase(files: readonly string[]): KubeConfig {
  const kc = new KubeConfig();
  if (files.length === 0) {
    if (process.env.KUBERNETES_SERVICE_HOST) kc.loadFromCluster();
    return kc;
  }
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const file of files) {
    const one = new KubeConfig();
    one.loadFromFile(file);
    for (const c of one.clusters) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.users) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of one.contexts) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && one.currentContext) currentContext = one.currentContext;
  }
  kc.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return kc;
}

/**
 * The merged kubeconfig, re-read when KUBECONFIG changes (tests switch clusters this way) or when
 * one of its files is rewritten (checked every 2 s): a recreated cluster's new CA, rotated
 * credentials. A file that fails to parse mid-write keeps the last good config until it settles.
 */
function loaded(): Loaded {
  const key = `${process.env.KUBECONFIG ?? ''}|${process.env.KUBERNETES_SERVICE_HOST ?? ''}`;
  const now = Date.now();
  const last = slot.__everynodeKubeconfig;
  if (last && last.key === key && now - last.checkedAt < RECHECK_MS) return last;
  const files = kubeconfigFiles();
  const stamp = stampOf(files);
  if (last && last.key === key && last.stamp === stamp) {
    last.checkedAt = now;
    return last;
  }
  let base: KubeConfig;
  try {
    base = loadBase(files);
  } catch (err) {
    if (!last || last.key !== key) throw err;
    last.checkedAt = now;
    return last;
  }
  slot.__everynodeKubeconfig = { key, stamp, checkedAt: now, base, perContext: new Map() };
  return slot.__everynodeKubeconfig;
}

export function listContexts(): string[] {
  return loaded().base.contexts.map((c) => c.name);
}

/** EVERYNODE_CONTEXT if set, else the kubeconfig's current context, else the first one. */
export function currentContext(): string {
  const names = listContexts();
  const wanted = config().EVERYNODE_CONTEXT ?? loaded().base.currentContext;
  if (wanted && names.includes(wanted)) return wanted;
  const first = names[0];
  if (!first) throw notFound('no Kubernetes context found: set KUBECONFIG or run in a cluster');
  return first;
}

export function contextExists(ctx: string): boolean {
  return listContexts().includes(ctx);
}

/** A KubeConfig whose current context is `ctx`; one instance per context, reused. */
export function kubeConfigFor(ctx: string): KubeConfig {
  const state = loaded();
  const cached = state.perContext.get(ctx);
  if (cached) return cached;
  const context = state.base.getContextObject(ctx);
  if (!context) throw notFound(`unknown context "${ctx}"`);
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: state.base.clusters,
    users: state.base.users,
    contexts: state.base.contexts,
    currentContext: ctx,
  });
  reportCredentialFailures(kc);
  state.perContext.set(ctx, kc);
  return kc;
}

/**
 * Failures while preparing a request's credentials and TLS material (an exec plugin exiting
 * non-zero, whose stderr client-node makes the error message; an unreadable token or CA file)
 * become fixed words naming the source; the raw error stays the cause, for the server log.
 * Both ways requests are prepared are covered: client-node's API clients and the cache's transport.
 */
function reportCredentialFailures(kc: KubeConfig): void {
  const source = (err: unknown): CredentialSource => {
    if ((err as { syscall?: unknown }).syscall === 'open') return 'kubeconfig';
    const user = kc.getCurrentUser();
    return user?.exec ? 'exec' : user?.authProvider ? 'auth-provider' : 'kubeconfig';
  };
  const wrap = <A extends unknown[]>(fn: (...args: A) => Promise<void>) => async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      throw credentialsFailed(source(err), err);
    }
  };
  kc.applyToHTTPSOptions = wrap(kc.applyToHTTPSOptions.bind(kc));
  kc.applySecurityAuthentication = wrap(kc.applySecurityAuthentication.bind(kc));
}

/**
 * Identifies what a context connects with: server, TLS material and credentials. A cache built
 * for one fingerprint is replaced when it changes. Hashed, so no secret is kept as a map key.
 */
export function connectionFingerprint(ctx: string): string {
  const kc = kubeConfigFor(ctx);
  const material = JSON.stringify({ cluster: kc.getCurrentCluster(), user: kc.getCurrentUser() });
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}

/** API server URL of a context, for display (kubeconfig server URLs carry no credentials). */
export function serverOf(ctx: string): string {
  const cluster = kubeConfigFor(ctx).getCurrentCluster();
  if (!cluster) return '';
  try {
    const u = new URL(cluster.server);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '';
  }
}

/** Impersonation headers (Impersonate-Group repeats, one header line per group). */
export function impersonationHeaders(identity: Identity): [string, string][] {
  return [['Impersonate-User', identity.user], ...(identity.groups ?? []).map((g): [string, string] => ['Impersonate-Group', g])];
}

type ApiConstructor<T> = new (config: never) => T;

/**
 * An API client for `ctx`. With an identity, every request carries impersonation headers so
 * Kubernetes RBAC decides for that person, not for the console's own credentials.
 */
export function apiFor<T>(ctx: string, ApiClass: ApiConstructor<T>, identity?: Identity): T {
  const kc = kubeConfigFor(ctx);
  if (!identity) return kc.makeApiClient(ApiClass as never) as T;
  const extra = impersonationHeaders(identity);
  const impersonating = new KubeConfig();
  impersonating.loadFromOptions({ clusters: kc.clusters, users: kc.users, contexts: kc.contexts, currentContext: ctx });
  reportCredentialFailures(impersonating);
  const applyAuth = impersonating.applySecurityAuthentication.bind(impersonating);
  impersonating.applySecurityAuthentication = async (context) => {
    await applyAuth(context);
    // RequestContext keeps headers in a string map, which cannot repeat Impersonate-Group;
    // node-fetch (used by client-node 1.x) accepts an iterable of pairs, which can.
    // Headers are read at send time, so ones set after authentication (a patch's Content-Type) still count.
    const original = context.getHeaders.bind(context);
    (context as unknown as { getHeaders: () => unknown }).getHeaders = () => [
      ...Object.entries(original()).filter(([k]) => !/^impersonate-/i.test(k)),
      ...extra,
    ];
  };
  return impersonating.makeApiClient(ApiClass as never) as T;
}

/** For tests: forget loaded kubeconfig so the next call re-reads KUBECONFIG. */
export function resetKubeConfig(): void {
  slot.__everynodeKubeconfig = undefined;
}
