import { defineConfig } from 'vitest/config';
const alias = { '@': '/work/main/', 'server-only': '/work/main/test/server-only-stub.ts' };
export default defineConfig({
  root: '/work/main',
  resolve: { alias },
  test: { include: ['test/integration/deploy.test.ts'], environment: 'node', testTimeout: 180_000, hookTimeout: 300_000 },
});
