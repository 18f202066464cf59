/** @type {import('next').NextConfig} */
const nextConfig = {
  // client-node is ESM with native-ish deps (ws, undici); keep it out of the server bundle.
  serverExternalPackages: ['@kubernetes/client-node', 'pino', 'prom-client'],
  output: 'standalone',
  poweredByHeader: false,
};

module.exports = nextConfig;
