import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/** Sees every request first; returns true when it answered the request itself. */
export type RequestHook = (req: IncomingMessage, res: ServerResponse) => boolean;
/** Sees a request Node's parser refused (no 'request' follows); returns true when it answered on the socket. */
export type ClientErrorHook = (err: NodeJS.ErrnoException, socket: Duplex) => boolean;

const hooks = new Map<string, RequestHook>();
const clientErrorHooks = new Map<string, ClientErrorHook>();

/**
 * Runs `hook` on every HTTP request before Next sees it, in the order hooks were installed.
 * Patches http.Server's prototype once, so it covers the server Next creates whether it exists
 * yet or not (route handlers get no socket, and Next answers some requests before any app code
 * runs). Installing the same name again replaces that hook.
 */
export function installRequestHook(name: string, hook: RequestHook): void {
  hooks.set(name, hook);
  patchServerEmit();
}

/**
 * Runs `hook` when Node's HTTP parser refuses a request on a server that has no 'clientError'
 * listener of its own (Next adds none), before Node's bare default answer. Same patch as above.
 */
export function installClientErrorHook(name: string, hook: ClientErrorHook): void {
  clientErrorHooks.set(name, hook);
  patchServerEmit();
}

function patchServerEmit(): void {
  const proto = http.Server.prototype as http.Server & { __everynodeRequestHooks?: boolean };
  if (proto.__everynodeRequestHooks) return;
  proto.__everynodeRequestHooks = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      for (const h of hooks.values()) if (h(args[0] as IncomingMessage, args[1] as ServerResponse)) return true;
    } else if (event === 'clientError' && this.listenerCount('clientError') === 0) {
      for (const h of clientErrorHooks.values()) if (h(args[0] as NodeJS.ErrnoException, args[1] as Duplex)) return true;
    }
    return emit.apply(this, [event, ...args]);
  } as typeof proto.emit;
}
