/**
 * Which Host names the console answers to: the defence against DNS rebinding (issue 21).
 *
 * Under rebinding a page on `evil.example` has its name re-resolved to 127.0.0.1 (or to the
 * pod), so the browser treats the console as same-origin with the attacker: Origin and Host are
 * both `evil.example`, and the CSRF check, which compares the two, is satisfied. The only part
 * of the request the attacker cannot choose is that it names *their* host; so every request
 * must name a host this console is known by. This is what `kubectl proxy --accept-hosts` does.
 *
 * Matching is exact (case-insensitive, one trailing dot ignored), with an optional port. There
 * are deliberately no wildcards: the console lives under a handful of names known when it is
 * deployed (the loopback names, the Service's names, an Ingress host), and `*.example.com` would
 * admit every name anyone able to add a record (or leave a dangling CNAME) under that domain can
 * point at the console. A `*` in the setting is refused with words rather than ignored.
 *
 * Pure: no I/O, no Next.js; proxy.ts feeds it the environment and the request's headers.
 */

export const ALLOWED_HOSTS_SETTING = 'EVERYNODE_ALLOWED_HOSTS';
export const TRUST_FORWARDED_HOST_SETTING = 'EVERYNODE_TRUST_FORWARDED_HOST';
export const POD_IP_SETTING = 'EVERYNODE_POD_IP';

/** Always allowed: a rebinding attacker cannot make a browser send these for their own page. */
export const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const;

/** Listen addresses that mean "every interface": they name no host, so they add none. */
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '[::]', '::', '']);

/** A host as it appears in a Host header: name (IPv6 in brackets), and the port if given. */
export interface HostName {
  name: string;
  port?: number;
}

export interface HostPolicy {
  /** Entries without a port match any port. */
  allowed: HostName[];
  /** Whether X-Forwarded-Host comes from a proxy we trust (then it is checked too, else ignored). */
  trustForwardedHost: boolean;
}

const DNS_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/** Parses `name`, `name:port`, `[v6]`, `[v6]:port` (and a bare IPv6 address); undefined if malformed. */
export function parseHost(raw: string): HostName | undefined {
  let text = raw.trim().toLowerCase();
  // A bare IPv6 address (e.g. the downward API's status.podIP on an IPv6 cluster) has no port.
  if (!text.startsWith('[') && (text.match(/:/g)?.length ?? 0) > 1) text = `[${text}]`;
  const m = /^(\[[^\]]*\]|[^:[\]]*)(?::(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  let name = m[1]!;
  if (!name.startsWith('[')) name = name.replace(/\.$/, '');
  if (!(IPV6.test(name) || DNS_NAME.test(name))) return undefined;
  if (m[2] === undefined) return { name };
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? { name, port } : undefined;
}

const formatHost = (h: HostName) => (h.port === undefined ? h.name : `${h.name}:${h.port}`);

/** true/false/1/0/yes/no, as lib/config reads booleans; undefined for anything else. */
function parseBool(value: string | undefined): boolean | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '' || v === 'false' || v === '0' || v === 'no') return false;
  if (v === 'true' || v === '1' || v === 'yes') return true;
  return undefined;
}

/** The host part of a listen address or origin (`HOST`, `HOSTNAME`, `http://x:3000`), if it names one. */
function bindHost(value: string | undefined): HostName | undefined {
  if (value === undefined) return undefined;
  let text = value.trim();
  try {
    if (/^[a-z]+:\/\//i.test(text)) text = new URL(text).hostname;
  } catch {
    return undefined;
  }
  if (WILDCARD_ADDRESSES.has(text)) return undefined;
  const host = parseHost(text);
  return host && !WILDCARD_ADDRESSES.has(host.name) ? { name: host.name } : undefined;
}

/**
 * The allow-list from the environment: loopback names, the address the server binds (HOST,
 * HOSTNAME, or the origin Next recorded when it started listening), the pod's IP, and every
 * entry of EVERYNODE_ALLOWED_HOSTS. Throws, naming the setting, on an entry that is not a host.
 */
export function hostPolicy(env: Record<string, string | undefined>): HostPolicy {
  const allowed: HostName[] = LOOPBACK_HOSTS.map((name) => ({ name }));
  // Next's start-server sets __NEXT_PRIVATE_ORIGIN to the address it bound (`next start -H`,
  // standalone server.js alike); HOSTNAME is what the standalone server binds, HOST what the
  // demo passes to `next start -H`. A shell's own HOSTNAME (the machine name) is harmless here.
  for (const source of [env.HOST, env.HOSTNAME, env.__NEXT_PRIVATE_ORIGIN]) {
    const host = bindHost(source);
    if (host) allowed.push(host);
  }
  const podIp = env[POD_IP_SETTING]?.trim();
  if (podIp) {
    const host = parseHost(podIp);
    if (!host || host.port !== undefined) throw new Error(`${POD_IP_SETTING}: "${podIp}" is not an IP address`);
    allowed.push(host);
  }
  for (const entry of (env[ALLOWED_HOSTS_SETTING] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    if (entry.includes('*')) throw new Error(`${ALLOWED_HOSTS_SETTING}: "${entry}": wildcards are not supported, list each name`);
    const host = parseHost(entry);
    if (!host) throw new Error(`${ALLOWED_HOSTS_SETTING}: "${entry}" is not a host name (expected name or name:port, without scheme or path)`);
    allowed.push(host);
  }
  const trust = parseBool(env[TRUST_FORWARDED_HOST_SETTING]);
  if (trust === undefined) throw new Error(`${TRUST_FORWARDED_HOST_SETTING}: must be true or false`);
  return { allowed, trustForwardedHost: trust };
}

/** Whether `host` is in the list. A Host without a port was sent for port 80 or 443. */
export function isAllowedHost(policy: HostPolicy, host: HostName): boolean {
  return policy.allowed.some(
    (a) => a.name === host.name && (a.port === undefined || a.port === host.port || (host.port === undefined && (a.port === 80 || a.port === 443))),
  );
}

export interface HostRefusal {
  status: 400 | 421;
  message: string;
}

/**
 * Why a request must not be served, or undefined. `forwardedHost` is the raw X-Forwarded-Host
 * header; it is looked at only when the policy trusts it, and then every name in it must be
 * allowed (a chain of proxies lists one per hop).
 */
export function hostRefusal(policy: HostPolicy, hostHeader: string | null | undefined, forwardedHost?: string | null): HostRefusal | undefined {
  if (!hostHeader) return { status: 400, message: 'request has no Host header' };
  const checks = [{ header: 'Host', value: hostHeader }];
  if (policy.trustForwardedHost && forwardedHost) {
    for (const value of forwardedHost.split(',')) checks.push({ header: 'X-Forwarded-Host', value });
  }
  for (const { header, value } of checks) {
    const host = parseHost(value);
    if (!host) return { status: 400, message: `malformed ${header} header "${value.trim().slice(0, 100)}"` };
    if (!isAllowedHost(policy, host)) {
      return {
        status: 421,
        message: `${header} "${formatHost(host)}" is not a name this console answers to; add it to ${ALLOWED_HOSTS_SETTING} to serve it under that name`,
      };
    }
  }
  return undefined;
}

/**
 * Why a path cannot be decoded, or undefined. Next's own router answers 500 for bad
 * percent-encoding (e.g. `/nodes/%ff`) when it decodes route parameters; this finds it first.
 */
export function malformedPath(pathname: string): string | undefined {
  try {
    for (const segment of pathname.split('/')) decodeURIComponent(segment);
    return undefined;
  } catch {
    return `malformed URL: the path "${pathname.slice(0, 200)}" has invalid percent-encoding`;
  }
}
