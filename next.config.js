/**
 * Browser security headers on every response. The Content-Security-Policy is not here: it
 * carries a nonce made per request, so proxy.ts sets it.
 * - nosniff: JSON and text answers (errors echo what was asked) are never run as script or HTML;
 * - Referrer-Policy same-origin: node and DaemonSet names in our URLs stay out of other sites' logs;
 * - X-Frame-Options DENY: no framing, for browsers that predate CSP frame-ancestors.
 */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node is ESM with native-ish deps (ws, undici); keep it out of the server bundle.
  serverExternalPackages: ['@kubernetes/client-node', 'pino', 'prom-client'],
  output: 'standalone',
  poweredByHeader: false,
  async headers() {
    return [{ source: '/:path*', headers: securityHeaders }];
  },
};

module.exports = nextConfig;
