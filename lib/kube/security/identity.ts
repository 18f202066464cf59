import 'server-only';
import { config } from '@/lib/config';
import { badRequest, forbidden, unauthorized } from '@/lib/errors';
import { kubeConfigFor, type Identity } from '@/lib/kube/contexts';

/**
 * Who acts on the cluster for a request.
 * - `kubeconfig` mode: the kubeconfig's own user; `identity` is undefined and requests go out
 *   with the kubeconfig credentials.
 * - `proxy` mode: the person an authenticating proxy names in trusted headers; requests
 *   impersonate them so Kubernetes RBAC decides, not the console's service account.
 */
export interface Actor {
  identity?: Identity;
  /** For audit messages and the permissions route; never a credential. */
  name: string;
}

const MAX_NAME = 256;
const PRINTABLE = /^[^\u0000-\u001f\u007f]+$/;

/**
 * The identity the auth proxy asserted, or undefined in kubeconfig mode. In proxy mode a missing
 * or unusable user header is a 401: acting with the console's own credentials instead would
 * hand every visitor the service account's rights. An ambiguous header is a 400.
 */
export function proxyIdentity(request: Request): Identity | undefined {
  const { EVERYNODE_AUTH_MODE, EVERYNODE_TRUSTED_PROXY_HEADERS: headers } = config();
  if (EVERYNODE_AUTH_MODE !== 'proxy') return undefined;
  const user = request.headers.get(headers.user)?.trim();
  if (!user) throw unauthorized(`not signed in: the auth proxy sent no ${headers.user} header`);
  if (user.length > MAX_NAME || !PRINTABLE.test(user)) throw unauthorized(`the ${headers.user} header is not a usable user name`);
  // Node joins repeated header lines with ", ": a comma may mean two lines, i.e. two users.
  if (user.includes(',')) throw badRequest(`the ${headers.user} header is ambiguous: it holds a comma (two header lines, or a name with a comma)`);
  return { user, groups: parseGroups(request.headers.get(headers.groups) ?? '', headers.groups) };
}

/**
 * The groups header: a comma-separated list in which each group name is percent-encoded where
 * it needs to be (a "," inside a name is "%2C"). A route handler cannot tell repeated header
 * lines from one line with commas (Node and fetch's Headers join repeats with ", "), so commas
 * only ever separate, and anything that could be read two ways is refused instead of guessed:
 * backslash escapes (`cn=ops\,system:masters` would otherwise grant system:masters), broken
 * percent escapes, empty entries.
 */
export function parseGroups(value: string, header: string): string[] {
  if (value.trim() === '') return [];
  return value.split(',').map((raw) => {
    const entry = raw.trim();
    if (entry === '') throw badRequest(`the ${header} header is ambiguous: it has an empty entry between commas`);
    if (entry.includes('\\')) {
      throw badRequest(`the ${header} header is ambiguous: backslash escapes are not accepted; send each group percent-encoded (a comma in a name as %2C)`);
    }
    let group: string;
    try {
      group = decodeURIComponent(entry);
    } catch {
      throw badRequest(`the ${header} header holds a malformed percent escape`);
    }
    if (group.length > MAX_NAME || !PRINTABLE.test(group) || group.trim() !== group || group === '') {
      // Not ambiguous, just unusable: like an unusable user name, nobody usable is signed in.
      throw unauthorized(`the ${header} header holds an unusable group name`);
    }
    return group;
  });
}

/** The actor for `ctx`: the proxy's person, else the kubeconfig user of that context. */
export function actorFor(request: Request, ctx: string): Actor {
  const identity = proxyIdentity(request);
  if (identity) return { identity, name: identity.user };
  const kubeUser = kubeConfigFor(ctx).getContextObject(ctx)?.user;
  return { name: kubeUser ? `kubeconfig user ${kubeUser}` : 'the kubeconfig identity' };
}

/** Read-only mode refuses every mutation before anything else is looked at. */
export function assertWritable(): void {
  if (config().EVERYNODE_READ_ONLY) throw forbidden(READ_ONLY_REASON);
}

export const READ_ONLY_REASON = 'read-only mode: this console is configured with EVERYNODE_READ_ONLY=true';
