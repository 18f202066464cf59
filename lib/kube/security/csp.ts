/**
 * The Content-Security-Policy of every response (built per request: pages carry a fresh nonce).
 *
 * - Scripts: only those carrying this response's nonce, and what they load ('strict-dynamic').
 *   Next reads the nonce from this header on the request and puts it on its own script tags
 *   (framework chunks, the inline RSC payload that carries react-query's dehydrated state); no
 *   'unsafe-inline', so an injected <script> does not run. 'unsafe-eval' only in `next dev`,
 *   where React rebuilds server error stacks with eval.
 * - Styles: stylesheets from 'self' and nonce'd <style> elements; style *attributes* are allowed
 *   ('style-src-attr') because React's `style` props are server-rendered as attributes (bar
 *   widths, grid sizes) and an attribute cannot load or run anything.
 * - Everything else from 'self' only (fetch and the event stream included); no plugins, no
 *   <base>, forms post only here, and no one may frame the console (clickjacking).
 * No `upgrade-insecure-requests`: the console is often served over plain http (loopback,
 * port-forward, an Ingress terminating TLS), where upgrading would break every asset.
 */
export function contentSecurityPolicy(nonce: string, dev = false): string {
  return [
    `default-src 'self'`,
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? ` 'unsafe-eval'` : ''}`,
    // next dev injects <style> elements without a nonce (hot reload).
    `style-src 'self' ${dev ? `'unsafe-inline'` : `'nonce-${nonce}'`}`,
    `style-src-attr 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self'`,
    `connect-src 'self'`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** 128 random bits, base64: unguessable and fresh for every response. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
